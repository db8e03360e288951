import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExposition } from '../metrics/testing.ts';
import {
  deliveryErrorKind,
  observeEmergencyReply,
  recordDeliveryError,
  recordTelegram429,
  recordUpdateHandled,
  recordUpdatesReceived,
  registerOutboxCollector,
} from '../metrics/netreach.ts';
import { createHttpApp } from './app.tsx';
import { isLoopback } from './metrics.ts';

const TOKEN = 'f00dfeedf00dfeedf00dfeed';
const health = { database: async () => {}, telegram: async () => {} };

async function start(metricsToken?: string): Promise<{ url: string; server: ServerType }> {
  const app = createHttpApp({ mode: 'sandbox', locale: 'en', health, metricsToken });
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => resolve({ url: `http://127.0.0.1:${info.port}`, server }));
  });
}

const stop = (s: ServerType) => new Promise<void>((r) => s.close(() => r()));

/** A request as @hono/node-server hands it over from a socket whose peer is `peer`. */
const fromPeer = (peer: string) => ({ incoming: { socket: { remoteAddress: peer } } });

describe('/metrics with METRICS_TOKEN set', () => {
  let s: { url: string; server: ServerType };
  beforeAll(async () => (s = await start(TOKEN)));
  afterAll(() => stop(s.server));

  it('answers 401 without the token or with a wrong one, even from this machine', async () => {
    const tries: Record<string, string>[] = [{}, { authorization: 'Bearer wrong-token-wrong-token' }, { authorization: `Basic ${TOKEN}` }, { authorization: `Bearer ${TOKEN}x` }];
    for (const headers of tries) {
      const res = await fetch(`${s.url}/metrics`, { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await res.text()).not.toContain('netreach_');
    }
  });

  it('answers 200 in the text format with the token, from any peer', async () => {
    const res = await fetch(`${s.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(parseExposition(await res.text()).has('netreach_updates_received_total')).toBe(true);

    const app = createHttpApp({ mode: 'sandbox', locale: 'en', health, metricsToken: TOKEN });
    const remote = await app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } }, fromPeer('203.0.113.7'));
    expect(remote.status).toBe(200);
  });
});

describe('/metrics without a token', () => {
  let s: { url: string; server: ServerType };
  beforeAll(async () => (s = await start()));
  afterAll(() => stop(s.server));

  it('answers a scraper on this machine', async () => {
    const res = await fetch(`${s.url}/metrics`);
    expect(res.status).toBe(200);
    parseExposition(await res.text());
  });

  it('refuses what came through a reverse proxy on this machine, whatever it claims', async () => {
    const proxied: Record<string, string>[] = [{ 'x-forwarded-for': '127.0.0.1' }, { forwarded: 'for=127.0.0.1' }, { 'x-real-ip': '127.0.0.1' }];
    for (const headers of proxied) {
      const res = await fetch(`${s.url}/metrics`, { headers });
      expect(res.status).toBe(403);
      expect(await res.text()).not.toContain('netreach_');
    }
  });

  it('refuses other peers, also when they claim to be local', async () => {
    const app = createHttpApp({ mode: 'sandbox', locale: 'en', health });
    for (const peer of ['203.0.113.7', '10.0.0.2', '::ffff:192.0.2.1']) {
      expect((await app.request('/metrics', {}, fromPeer(peer))).status).toBe(403);
      expect((await app.request('/metrics', { headers: { 'x-forwarded-for': '127.0.0.1' } }, fromPeer(peer))).status).toBe(403);
    }
    // app.request with no socket at all: no peer is known, so nothing is answered.
    expect((await app.request('/metrics')).status).toBe(403);
    expect((await app.request('/metrics', {}, fromPeer('::1'))).status).toBe(200);
  });

  it('keeps /healthz as it was', async () => {
    const res = await fetch(`${s.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', database: 'ok', telegram: 'ok' });
  });
});

describe('the netreach metrics', () => {
  afterAll(() => registerOutboxCollector(undefined));

  it('are all present, parse, and carry no id or text in any label', async () => {
    recordUpdatesReceived(3);
    recordUpdateHandled('done');
    recordUpdateHandled('failed');
    recordTelegram429('staff_group');
    // An error's description (which can quote a message) never reaches the output, only its kind.
    recordDeliveryError(deliveryErrorKind({ name: 'GrammyError', error_code: 400, description: 'Bad Request: message text is empty -1001234567890' }));
    recordDeliveryError(deliveryErrorKind({ name: 'HttpError', error: new Error('ECONNRESET') }));
    observeEmergencyReply('client', 1000, 1042);
    observeEmergencyReply('staff_alert', 1000, 3500);
    let calls = 0;
    registerOutboxCollector(async () => {
      calls++;
      return { byChatKind: [{ chatKind: 'staff_group', depth: 12, oldestSeconds: 95.5 }], staffGroups: [{ group: 1, backlog: 12 }] };
    });

    const s = await start();
    try {
      const text = await (await fetch(`${s.url}/metrics`)).text();
      const families = parseExposition(text);
      expect([...families.keys()].filter((n) => n.startsWith('netreach_')).sort()).toEqual([
        'netreach_delivery_errors_total',
        'netreach_emergency_reply_seconds',
        'netreach_metrics_collect_errors_total',
        'netreach_outbox_depth',
        'netreach_outbox_oldest_seconds',
        'netreach_staff_group_backlog',
        'netreach_telegram_429_total',
        'netreach_updates_handled_total',
        'netreach_updates_received_total',
      ]);
      const value = (name: string, labels: Record<string, string> = {}) =>
        [...families.values()].flatMap((f) => f.samples).find((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v))?.value;
      expect(value('netreach_updates_received_total')).toBeGreaterThanOrEqual(3);
      expect(value('netreach_outbox_depth', { chat_kind: 'staff_group' })).toBe(12);
      expect(value('netreach_outbox_depth', { chat_kind: 'client' })).toBe(0);
      expect(value('netreach_outbox_oldest_seconds', { chat_kind: 'staff_group' })).toBe(95.5);
      expect(value('netreach_staff_group_backlog', { group: '1' })).toBe(12);
      expect(value('netreach_delivery_errors_total', { kind: 'bad_request' })).toBeGreaterThanOrEqual(1);
      expect(value('netreach_delivery_errors_total', { kind: 'network' })).toBeGreaterThanOrEqual(1);
      expect(value('netreach_emergency_reply_seconds_bucket', { reply: 'client', le: '0.05' })).toBeGreaterThanOrEqual(1);
      expect(value('netreach_emergency_reply_seconds_bucket', { reply: 'staff_alert', le: '1' })).toBe(0);
      expect(value('netreach_emergency_reply_seconds_bucket', { reply: 'staff_alert', le: '2.5' })).toBe(1);
      expect(calls).toBe(1);

      expect(text).not.toMatch(/\d{5,}/); // no chat or user id anywhere
      expect(text).not.toMatch(/Bad Request|ECONNRESET/);
      for (const f of families.values()) {
        for (const sample of f.samples) {
          for (const [k, v] of Object.entries(sample.labels)) expect(`${k}=${v}`).toMatch(k === 'le' ? /^le=[0-9.+Inf]+$/ : /^[a-z_]+=([a-z_]+|[1-9][0-9]?)$/);
        }
      }
    } finally {
      await stop(s.server);
    }
  });

  it('classify delivery errors by what Telegram answered', () => {
    expect(deliveryErrorKind({ error_code: 502 })).toBe('server');
    expect(deliveryErrorKind({ error_code: 403 })).toBe('forbidden');
    expect(deliveryErrorKind({ error_code: 404 })).toBe('not_found');
    expect(deliveryErrorKind({ error_code: 409 })).toBe('other');
    expect(deliveryErrorKind(new Error('boom'))).toBe('other');
    expect(deliveryErrorKind(undefined)).toBe('other');
  });

  it('know loopback addresses', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) expect(isLoopback(a)).toBe(true);
    for (const a of ['128.0.0.1', '::2', '::ffff:10.0.0.1', '127.0.0.1.example', '']) expect(isLoopback(a)).toBe(false);
  });
});
