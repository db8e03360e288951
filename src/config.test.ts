import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig, parseProxyList, readDotEnv } from './config.ts';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

function errors(env: Record<string, string>): string[] {
  const r = parseConfig(env);
  return r.ok ? [] : r.errors;
}

describe('config', () => {
  it('defaults to the sandbox with the embedded database', () => {
    const r = parseConfig({});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config).toMatchObject({ mode: 'sandbox', dataDir: './data', host: '127.0.0.1', port: 3000, defaultLocale: 'ru', databaseUrl: undefined, metricsToken: undefined });
    expect(r.config.telegram.apiRoot).toBe('https://api.telegram.org');
    expect(r.config.trustedProxies).toEqual([]); // no proxy believed, loopback included
  });

  it('reads the whole contract', () => {
    const r = parseConfig({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/',
      STAFF_CHAT_ID: '-1001234567890',
      COMMUNITY_CHAT_ID: '-1009876543210',
      CHANNEL_ID: '@netreach_news',
      DATABASE_URL: 'postgres://u:p@db:5432/netreach',
      DATA_DIR: '/var/lib/netreach',
      HOST: '0.0.0.0',
      PORT: '8080',
      WEBHOOK_URL: 'https://example.org/tg/hook',
      DEFAULT_LOCALE: 'en',
      NETREACH_SECRET_KEY: 'x'.repeat(44),
      METRICS_TOKEN: 'f00dfeedf00dfeedf00dfeed',
      TRUSTED_PROXIES: '172.28.0.10, 10.0.0.0/8,::1',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.mode).toBe('telegram');
    expect(r.config.telegram).toMatchObject({ apiRoot: 'http://127.0.0.1:8081', staffChatId: -1001234567890, communityChatId: -1009876543210, channelId: '@netreach_news' });
    expect(r.config.telegram.webhookUrl?.pathname).toBe('/tg/hook');
    expect(r.config.port).toBe(8080);
    expect(r.config.metricsToken).toBe('f00dfeedf00dfeedf00dfeed');
    expect(r.config.trustedProxies).toEqual([
      { address: '172.28.0.10', prefix: 32, family: 4 },
      { address: '10.0.0.0', prefix: 8, family: 4 },
      { address: '::1', prefix: 128, family: 6 },
    ]);
  });

  it('serves the web chat alone only when CHAT_PORT is set (CHAT_HOST defaults to this machine)', () => {
    const off = parseConfig({});
    expect(off.ok && off.config.chat).toBeUndefined();
    const on = parseConfig({ CHAT_PORT: '3001' });
    expect(on.ok && on.config.chat).toEqual({ host: '127.0.0.1', port: 3001 });
    const host = parseConfig({ CHAT_HOST: '0.0.0.0', CHAT_PORT: '3000' });
    expect(host.ok && host.config.chat).toEqual({ host: '0.0.0.0', port: 3000 });
  });

  it('reads TRUSTED_PROXIES as addresses and CIDR ranges, and names what it cannot read', () => {
    expect(parseProxyList(' 127.0.0.1 ,,2001:DB8::/32 ')).toEqual({
      ranges: [
        { address: '127.0.0.1', prefix: 32, family: 4 },
        { address: '2001:db8::', prefix: 32, family: 6 },
      ],
      bad: [],
    });
    expect(parseProxyList('caddy, 10.0.0.0/33, 0.0.0.0/0, ::/0, [::1], fe80::1%eth0, 1.2.3.4/8/1, 127.0.0.1').bad).toEqual([
      'caddy',
      '10.0.0.0/33',
      '0.0.0.0/0',
      '::/0',
      '[::1]',
      'fe80::1%eth0',
      '1.2.3.4/8/1',
    ]);
  });

  it('treats blank values as unset', () => {
    expect(parseConfig({ TELEGRAM_BOT_TOKEN: '  ', PORT: '' }).ok).toBe(true);
  });

  it.each([
    [{ TELEGRAM_BOT_TOKEN: TOKEN }, /^STAFF_CHAT_ID is required when TELEGRAM_BOT_TOKEN is set/],
    [{ TELEGRAM_BOT_TOKEN: 'not-a-token', STAFF_CHAT_ID: '-1001234567890' }, /^TELEGRAM_BOT_TOKEN must look like/],
    [{ DATABASE_URL: 'mysql://localhost/x' }, /^DATABASE_URL must be a PostgreSQL URL/],
    [{ DATABASE_URL: 'postgres:nohost' }, /^DATABASE_URL must be a PostgreSQL URL/],
    [{ PORT: '70000' }, /^PORT must be a whole number from 0 to 65535/],
    [{ PORT: 'eighty' }, /^PORT must be a whole number from 0 to 65535/],
    [{ STAFF_CHAT_ID: '12345', TELEGRAM_BOT_TOKEN: TOKEN }, /^STAFF_CHAT_ID must be the numeric id of a forum supergroup/],
    [{ DEFAULT_LOCALE: 'de' }, /^DEFAULT_LOCALE must be ru or en/],
    [{ NETREACH_SECRET_KEY: 'short' }, /^NETREACH_SECRET_KEY must be at least 32 characters/],
    [{ TELEGRAM_API_ROOT: 'ftp://x' }, /^TELEGRAM_API_ROOT must be an http\(s\) URL/],
    [{ WEBHOOK_URL: 'https://example.org/hook' }, /^WEBHOOK_URL needs TELEGRAM_BOT_TOKEN/],
    [{ METRICS_TOKEN: 'short' }, /^METRICS_TOKEN must be at least 16 visible characters/],
    [{ METRICS_TOKEN: 'has a space in the middle' }, /^METRICS_TOKEN must be at least 16 visible characters/],
    [{ TRUSTED_PROXIES: 'localhost' }, /^TRUSTED_PROXIES must list the reverse proxies' IP addresses or CIDR ranges, separated by commas .*not understood: "localhost"$/],
    [{ TRUSTED_PROXIES: '127.0.0.1; 10.0.0.1' }, /^TRUSTED_PROXIES must list .*not understood: "127.0.0.1; 10.0.0.1"$/],
    [{ TRUSTED_PROXIES: '10.0.0.0/8, 0.0.0.0/0' }, /^TRUSTED_PROXIES must list .*not understood: "0.0.0.0\/0"$/],
    [{ CHAT_PORT: '70000' }, /^CHAT_PORT must be a whole number from 1 to 65535/],
    [{ CHAT_PORT: 'onion' }, /^CHAT_PORT must be a whole number from 1 to 65535/],
    [{ CHAT_HOST: '127.0.0.1' }, /^CHAT_HOST needs CHAT_PORT/],
    [{ CHAT_HOST: 'a b' , CHAT_PORT: '3001' }, /^CHAT_HOST must be a host name or IP address/],
    [{ CHAT_PORT: '3000' }, /^CHAT_PORT must differ from PORT/],
  ])('rejects %o with one clear line', (env, message) => {
    const lines = errors(env as Record<string, string>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(lines[0]).not.toMatch(/\n|\bat \S+ \(\S+:\d+/);
  });

  it('reports every wrong variable, one line each', () => {
    expect(errors({ PORT: '-1', DEFAULT_LOCALE: 'fr' })).toHaveLength(2);
  });

  it('reads a .env file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netreach-env-'));
    const file = join(dir, '.env');
    writeFileSync(file, '# comment\nexport PORT=4000\nDEFAULT_LOCALE="en"\n\n');
    expect(readDotEnv(file)).toEqual({ PORT: '4000', DEFAULT_LOCALE: 'en' });
    expect(readDotEnv(join(dir, 'missing'))).toEqual({});
    writeFileSync(file, 'this is not an assignment\n');
    expect(() => readDotEnv(file)).toThrow(/\.env line 1: expected NAME=value/);
  });
});
