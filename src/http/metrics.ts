import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { CONTENT_TYPE, type Registry } from '../metrics/registry.ts';

/**
 * `/metrics` for Prometheus. With METRICS_TOKEN set, a scrape must send `Authorization: Bearer
 * <token>`. Without it, only a scraper on this machine is answered: the socket's peer must be a
 * loopback address and the request must carry no proxy header. A reverse proxy on the same machine
 * also connects from loopback, so a request that came through one (it adds X-Forwarded-For or
 * Forwarded) is refused rather than believed; behind a proxy that adds neither, set the token.
 */
export function mountMetrics(app: Hono, opts: { registry: Registry; token?: string }): void {
  const expected = opts.token === undefined ? undefined : digest(opts.token);
  app.get('/metrics', async (c) => {
    if (expected) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
      if (!m || !timingSafeEqual(digest(m[1]!), expected)) {
        c.header('WWW-Authenticate', 'Bearer realm="metrics"');
        return c.text('unauthorized\n', 401);
      }
    } else if (!fromThisMachine(c)) {
      return c.text('forbidden: set METRICS_TOKEN to scrape from elsewhere\n', 403);
    }
    c.header('Cache-Control', 'no-store');
    return c.body(await opts.registry.expose(), 200, { 'Content-Type': CONTENT_TYPE });
  });
}

/** Hashing both sides gives equal lengths, so the comparison takes the same time whatever was sent. */
const digest = (s: string) => createHash('sha256').update(s).digest();

const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip', 'via'];

function fromThisMachine(c: Context): boolean {
  const peer = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;
  if (!peer || !isLoopback(peer)) return false;
  return PROXY_HEADERS.every((h) => c.req.header(h) === undefined);
}

export function isLoopback(address: string): boolean {
  return address === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/i.test(address);
}
