import { useFreshDatabases } from '../../../test/support/database.ts';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { accounts, sessions } from '../../db/schema/index.ts';
import { testClock, testVault } from '../testing.ts';
import { TrustedProxies, trustProxies } from '../../http/client-address.ts';
import { ABSOLUTE_MS, createSession, isSecureRequest, loadSession, purgeExpiredSessions, revokeAllSessions, revokeSession, setSessionCookie, SLIDING_MS } from './sessions.ts';

const testDatabase = useFreshDatabases();

async function setUp() {
  const d = await testDatabase();
  const clock = testClock();
  const deps = { db: d.db, vault: testVault, now: clock.now };
  const [account] = await d.db.insert(accounts).values({ login: 'anna', displayName: 'Anna', role: 'worker', passwordHash: 'x' }).returning();
  return { d, clock, deps, account: account! };
}

describe('sessions', () => {
  it('stores only a hash of the token and loads the session with its account', async () => {
    const { d, deps, account } = await setUp();
    const { token } = await createSession(deps, account.id, { verified: true });
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const rows = await d.db.select().from(sessions);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);
    const s = await loadSession(deps, token);
    expect(s?.account.login).toBe('anna');
    expect(s?.verifiedAt).not.toBeNull();
    expect(await loadSession(deps, token + 'x')).toBeNull();
    expect(await loadSession(deps, undefined)).toBeNull();
  });

  it('slides 12 hours after the last request, and ends 7 days after it began', async () => {
    const { deps, clock, account } = await setUp();
    const { token } = await createSession(deps, account.id, { verified: true });
    clock.advance(SLIDING_MS - 60_000);
    expect(await loadSession(deps, token)).not.toBeNull(); // slides
    clock.advance(SLIDING_MS - 60_000);
    expect(await loadSession(deps, token)).not.toBeNull();
    // Keep it busy for a week: it still ends at the absolute limit.
    const start = clock.now().getTime() - 2 * (SLIDING_MS - 60_000);
    while (clock.now().getTime() + 3600_000 < start + ABSOLUTE_MS) {
      clock.advance(3600_000);
      expect(await loadSession(deps, token)).not.toBeNull();
    }
    clock.advance(3600_000);
    expect(await loadSession(deps, token)).toBeNull();
  });

  it('expires when idle for 12 hours', async () => {
    const { deps, clock, account } = await setUp();
    const { token } = await createSession(deps, account.id, { verified: false });
    clock.advance(SLIDING_MS);
    expect(await loadSession(deps, token)).toBeNull();
    await purgeExpiredSessions(deps);
    expect(await deps.db.select().from(sessions)).toHaveLength(0);
  });

  it('revokes one session, or all of an account', async () => {
    const { deps, account } = await setUp();
    const a = await createSession(deps, account.id, { verified: true });
    const b = await createSession(deps, account.id, { verified: true });
    const c = await createSession(deps, account.id, { verified: true });
    await revokeSession(deps, a.token);
    expect(await loadSession(deps, a.token)).toBeNull();
    expect(await loadSession(deps, b.token)).not.toBeNull();
    await revokeAllSessions(deps.db, account.id);
    expect(await loadSession(deps, b.token)).toBeNull();
    expect(await loadSession(deps, c.token)).toBeNull();
  });

  it('refuses the sessions of a disabled account', async () => {
    const { deps, d, account, clock } = await setUp();
    const { token } = await createSession(deps, account.id, { verified: true });
    await d.db.update(accounts).set({ disabledAt: clock.now() });
    expect(await loadSession(deps, token)).toBeNull();
  });

  it('sets the cookie HttpOnly, SameSite=Strict, Path=/, and Secure only behind HTTPS', async () => {
    const app = new Hono();
    app.get('/', (c) => {
      setSessionCookie(c, 'tok');
      return c.text(String(isSecureRequest(c)));
    });
    const plain = await app.request('http://localhost/');
    expect(plain.headers.get('set-cookie')).toMatch(/^netreach_session=tok; Max-Age=604800; Path=\/; HttpOnly; SameSite=Strict$/);
    const tls = await app.request('https://example.org/');
    expect(tls.headers.get('set-cookie')).toContain('; Secure');
    // X-Forwarded-Proto counts only from a proxy in TRUSTED_PROXIES.
    const fromPeer = (peer: string) => ({ incoming: { socket: { remoteAddress: peer } } });
    const proxied = await app.request('http://localhost/', { headers: { 'x-forwarded-proto': 'https' } }, fromPeer('127.0.0.1'));
    expect(proxied.headers.get('set-cookie')).not.toContain('; Secure');
    expect(await proxied.text()).toBe('false');
    const behindProxy = new Hono();
    behindProxy.use('*', trustProxies(new TrustedProxies([{ address: '127.0.0.1', prefix: 32, family: 4 }])));
    behindProxy.route('/', app);
    const trusted = await behindProxy.request('http://localhost/', { headers: { 'x-forwarded-proto': 'https' } }, fromPeer('127.0.0.1'));
    expect(trusted.headers.get('set-cookie')).toContain('; Secure');
    expect(await trusted.text()).toBe('true');
  });
});
