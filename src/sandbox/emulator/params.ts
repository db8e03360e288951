import { E, badRequest } from '../../bot-api/errors.ts';
import { boundaryOf, parseMultipart, type Part } from './multipart.ts';
import { PARAM_TABLE } from './param-table.ts';
import type { ParamKind } from './reference.ts';

export interface Upload {
  data: Buffer;
  filename: string;
  mime: string;
}

/** A file parameter: either bytes uploaded with the request or a string (file_id or URL). */
export type FileInput = { upload: Upload } | { ref: string };

export interface RawRequest {
  values: Record<string, unknown>;
  files: Map<string, Upload>;
}

/**
 * Reads a Bot API request the ways Telegram accepts one: query string, JSON body,
 * urlencoded form or multipart form. Values from forms stay strings here; `Params`
 * coerces them by the reference's declared types.
 */
export async function readRequest(req: Request): Promise<RawRequest> {
  const url = new URL(req.url);
  const values: Record<string, unknown> = {};
  const files = new Map<string, Upload>();
  for (const [k, v] of url.searchParams) values[k] = v;
  if (req.method === 'GET' || req.method === 'HEAD') return { values, files };

  const type = (req.headers.get('content-type') ?? '').toLowerCase();
  if (type.startsWith('application/json')) {
    const text = await req.text();
    if (text.trim() === '') return { values, files };
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (e) {
      throw E.badJson(`invalid JSON (${e instanceof Error ? e.message : 'syntax error'})`);
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw E.badJson('the JSON body must be an object of parameters');
    }
    Object.assign(values, body);
  } else if (type.startsWith('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(await req.text())) values[k] = v;
  } else if (type.startsWith('multipart/form-data')) {
    const boundary = boundaryOf(type);
    if (!boundary) throw E.badJson('multipart/form-data without a boundary');
    let parts: Part[];
    try {
      parts = parseMultipart(Buffer.from(await req.arrayBuffer()), boundary);
    } catch (e) {
      throw E.badJson(`malformed multipart/form-data body (${e instanceof Error ? e.message : 'unreadable'})`);
    }
    for (const part of parts) {
      if (part.filename === undefined) values[part.name] = part.data.toString('utf8');
      else files.set(part.name, { data: Buffer.from(part.data), filename: part.filename || part.name, mime: part.contentType ?? 'application/octet-stream' });
    }
  }
  return { values, files };
}

/** Parameter names each method has read, for the conformance check (they must all be documented). */
export const PARAMS_READ = new Map<string, Set<string>>();

/**
 * Typed, documented-only access to one call's parameters. Reading a name the reference
 * does not document for the method is an emulator bug, so it throws (and the router
 * answers 500): the emulator can never quietly accept parameters real Telegram lacks.
 */
export class Params {
  private readonly kinds: Record<string, ParamKind>;

  constructor(
    readonly method: string,
    private readonly raw: RawRequest,
  ) {
    const entry = PARAM_TABLE[method];
    this.kinds = entry ? entry.params : {};
  }

  /** The documented parameters as received (coerced), for `emu.calls`. */
  snapshot(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this.raw.values)) {
      if (v === null || v === undefined) continue;
      const kind = this.kinds[k];
      if (!kind) continue;
      try {
        out[k] = kind === 'file' ? (typeof v === 'string' ? v : '[upload]') : coerce(k, kind, v);
      } catch {
        out[k] = v;
      }
    }
    for (const k of this.raw.files.keys()) if (this.kinds[k] && out[k] === undefined) out[k] = '[upload]';
    return out;
  }

  private kind(name: string): ParamKind {
    const kind = this.kinds[name];
    if (!kind) throw new Error(`emulator bug: ${this.method} reads undocumented parameter ${name}`);
    let read = PARAMS_READ.get(this.method);
    if (!read) PARAMS_READ.set(this.method, (read = new Set()));
    read.add(name);
    return kind;
  }

  private value(name: string): unknown {
    const kind = this.kind(name);
    const v = this.raw.values[name];
    if (v === undefined || v === null) return undefined;
    return coerce(name, kind, v);
  }

  /** Whether the reference documents the parameter for this method (shared helpers check before reading). */
  documents(name: string): boolean {
    return this.kinds[name] !== undefined;
  }

  /** Whether the parameter was sent at all, even as an empty string (copyMessage's caption: "" removes it). */
  provided(name: string): boolean {
    this.kind(name);
    const v = this.raw.values[name];
    return (v !== undefined && v !== null) || this.raw.files.has(name);
  }

  has(name: string): boolean {
    this.kind(name);
    const v = this.raw.values[name];
    return (v !== undefined && v !== null && v !== '') || this.raw.files.has(name);
  }

  int(name: string): number | undefined {
    return this.value(name) as number | undefined;
  }
  float(name: string): number | undefined {
    return this.value(name) as number | undefined;
  }
  bool(name: string): boolean | undefined {
    return this.value(name) as boolean | undefined;
  }
  str(name: string): string | undefined {
    return this.value(name) as string | undefined;
  }
  id(name: string): number | string | undefined {
    return this.value(name) as number | string | undefined;
  }
  /** A JSON-typed parameter; the caller validates its shape. */
  json<T = unknown>(name: string): T | undefined {
    return this.value(name) as T | undefined;
  }

  reqInt(name: string): number {
    const v = this.int(name);
    if (v === undefined) throw E.paramEmpty(name);
    return v;
  }
  reqId(name: string): number | string {
    const v = this.id(name);
    if (v === undefined || v === '') throw E.paramEmpty(name);
    return v;
  }
  reqStr(name: string): string {
    const v = this.str(name);
    if (v === undefined || v === '') throw E.paramEmpty(name);
    return v;
  }

  file(name: string): FileInput | undefined {
    this.kind(name);
    const direct = this.raw.files.get(name);
    if (direct) return { upload: direct };
    const v = this.raw.values[name];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string') throw badRequest(`wrong type of the parameter ${name}`);
    return this.resolveFileRef(v);
  }

  /** Resolves a string that may be `attach://<field>` (also used inside InputMedia objects). */
  resolveFileRef(v: string): FileInput {
    if (v.startsWith('attach://')) {
      const up = this.raw.files.get(v.slice('attach://'.length));
      if (!up) throw E.wrongFileId();
      return { upload: up };
    }
    return { ref: v };
  }
}

function coerce(name: string, kind: ParamKind, v: unknown): unknown {
  switch (kind) {
    case 'int': {
      if (typeof v === 'number' && Number.isInteger(v)) return v;
      if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) return Number(v);
      if (typeof v === 'boolean') return v ? 1 : 0;
      throw badRequest(`invalid parameter ${name}: an Integer is expected`);
    }
    case 'float': {
      if (typeof v === 'number') return v;
      if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
      throw badRequest(`invalid parameter ${name}: a Float is expected`);
    }
    case 'bool': {
      if (typeof v === 'boolean') return v;
      if (typeof v === 'number') return v !== 0;
      if (typeof v === 'string') {
        const s = v.trim().toLowerCase();
        if (s === 'true' || s === '1') return true;
        if (s === 'false' || s === '0' || s === '') return false;
      }
      throw badRequest(`invalid parameter ${name}: a Boolean is expected`);
    }
    case 'str': {
      if (typeof v === 'string') return v;
      if (typeof v === 'number' || typeof v === 'boolean') return String(v);
      throw badRequest(`invalid parameter ${name}: a String is expected`);
    }
    case 'id': {
      if (typeof v === 'number' && Number.isInteger(v)) return v;
      if (typeof v === 'string') return /^\s*-?\d+\s*$/.test(v) ? Number(v) : v.trim();
      throw badRequest(`invalid parameter ${name}: an Integer or String is expected`);
    }
    case 'json': {
      if (typeof v !== 'string') return v;
      try {
        return JSON.parse(v);
      } catch {
        if (name === 'reply_markup') throw E.replyMarkupInvalid();
        throw E.badObject(name);
      }
    }
    case 'file':
      return v;
  }
}
