import { Hono } from 'hono';
import type { Locale, Mode } from '../config.ts';
import { VERSION } from '../version.ts';
import { HomePage } from './home.tsx';
import { registry } from '../metrics/netreach.ts';
import { mountMetrics } from './metrics.ts';

export interface HealthChecks {
  database(): Promise<void>;
  telegram(): Promise<void>;
}

/** The HTTP app: start page, health and metrics. The webhook and the console are mounted onto it. */
export function createHttpApp(opts: { mode: Mode; locale: Locale; health: HealthChecks; metricsToken?: string }): Hono {
  const app = new Hono();
  app.get('/', (c) => {
    const locale = (c.req.query('lang') === 'en' || c.req.query('lang') === 'ru' ? c.req.query('lang') : opts.locale) as Locale;
    return c.html('<!doctype html>' + String(<HomePage mode={opts.mode} locale={locale} />));
  });
  app.get('/healthz', async (c) => {
    const [database, telegram] = await Promise.all([check(opts.health.database), check(opts.health.telegram)]);
    const ok = database === 'ok' && telegram === 'ok';
    return c.json({ status: ok ? 'ok' : 'degraded', mode: opts.mode, version: VERSION, database, telegram }, ok ? 200 : 503);
  });
  mountMetrics(app, { registry, token: opts.metricsToken });
  app.notFound((c) => c.json({ ok: false, error: 'not found' }, 404));
  return app;
}

async function check(fn: () => Promise<void>): Promise<'ok' | 'unreachable'> {
  try {
    await withTimeout(fn(), 3000);
    return 'ok';
  } catch {
    return 'unreachable';
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
}
