import { Hono } from 'hono';
import type { Engine } from './engine.ts';
import { ApiError, E } from '../../bot-api/errors.ts';
import { METHODS } from './methods/index.ts';
import { PARAM_TABLE } from './param-table.ts';
import { Params, readRequest, type RawRequest } from './params.ts';

const CANONICAL = new Map(Object.keys(PARAM_TABLE).map((name) => [name.toLowerCase(), name]));

interface Outcome {
  status: number;
  body: { ok: true; result: unknown } | ReturnType<ApiError['toJSON']>;
}

/** Runs one Bot API call and records it in `calls`; never throws. */
export async function execute(e: Engine, methodName: string, raw: RawRequest | ApiError, signal: AbortSignal): Promise<Outcome> {
  const method = CANONICAL.get(methodName.toLowerCase());
  if (!method) return fail(E.notFound());
  const record = (ok: boolean, params: Record<string, unknown>, code?: number): void => {
    const call = code === undefined ? { method, params, at: e.now(), ok } : { method, params, at: e.now(), ok, error_code: code };
    e.recordCall(call);
  };
  if (raw instanceof ApiError) {
    record(false, {}, raw.code);
    return fail(raw);
  }
  const params = new Params(method, raw);
  const handler = METHODS[method];
  try {
    if (!handler) throw E.unsupported(method);
    const result = await handler(e, params, signal);
    record(true, params.snapshot());
    return { status: 200, body: { ok: true, result } };
  } catch (err) {
    if (err instanceof ApiError) {
      record(false, params.snapshot(), err.code);
      return fail(err);
    }
    record(false, params.snapshot(), 500);
    const why = err instanceof Error ? err.message : 'unknown error';
    return { status: 500, body: { ok: false, error_code: 500, description: `Internal Server Error: sandbox emulator failed: ${why}` } };
  }
}

function fail(err: ApiError): Outcome {
  return { status: err.code, body: err.toJSON() };
}

/** The Bot API and file download routes, as served by api.telegram.org. */
export function botApi(e: Engine): Hono {
  const app = new Hono();

  e.dispatch = async (method, values) => {
    await execute(e, method, { values, files: new Map() }, new AbortController().signal);
  };

  app.get('/file/:bot/:path{.+}', (c) => {
    const seg = c.req.param('bot');
    if (!seg.startsWith('bot') || seg.slice(3) !== e.token) return c.json(E.unauthorized().toJSON(), 401);
    const f = e.state.filesByPath.get(c.req.param('path'));
    if (!f) return c.json(E.notFound().toJSON(), 404);
    return new Response(new Uint8Array(f.data), { headers: { 'content-type': f.mime, 'content-length': String(f.data.length) } });
  });

  app.all('/:bot/:method', async (c) => {
    const seg = c.req.param('bot');
    if (!seg.startsWith('bot')) return c.json(E.notFound().toJSON(), 404);
    if (seg.slice(3) !== e.token) return c.json(E.unauthorized().toJSON(), 401);
    let raw: RawRequest | ApiError;
    try {
      raw = await readRequest(c.req.raw);
    } catch (err) {
      raw = err instanceof ApiError ? err : E.badJson('unreadable request body');
    }
    const out = await execute(e, c.req.param('method'), raw, c.req.raw.signal);
    return c.json(out.body, out.status as 200);
  });

  app.all('*', (c) => c.json(E.notFound().toJSON(), 404));
  return app;
}
