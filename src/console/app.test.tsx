import { useFreshDatabases } from '../../test/support/database.ts';
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Db } from '../db/open.ts';
import { accounts, auditLog, sessions } from '../db/schema/index.ts';
import { createLogger } from '../log.ts';
import { createConsoleApp, forbiddenPage, type ConsoleEnv } from './app.tsx';
import { confirmTotpEnrolment, createAccount, getAccount, pendingTotpSecret } from './auth/accounts.ts';
import { LOCK_MS } from './auth/login-limit.ts';
import { ensureSetupLink } from './auth/setup.ts';
import { totp } from './auth/totp.ts';
import { ACTIONS, audit, can, requires, ROLES, walkPolicy, type Role } from './policy.ts';
import { TestBrowser, testClock, testVault } from './testing.ts';

const testDatabase = useFreshDatabases();

const PASSWORD = 'a long enough passphrase';

async function system() {
  const d = await testDatabase();
  const clock = testClock();
  const logs: string[] = [];
  const log = createLogger(new Writable({ write: (c, _e, done) => (logs.push(String(c)), done()) }), 'debug');
  const consoleApp = createConsoleApp({ db: d.db, vault: testVault, log, now: clock.now, clientAddress: () => '198.51.100.7' });
  // What a later route will look like: a guarded transcript view, written to the audit log.
  consoleApp.get('/cases/:id/transcript', requires('transcript.view', { onForbidden: forbiddenPage }), async (c) => {
    await audit(d.db, c.get('account')!.id, 'transcript.view');
    return c.text('transcript');
  });
  for (const action of ACTIONS) consoleApp.get(`/probe/${action}`, requires(action), (c) => c.text('ok'));
  const app = new Hono().route('/console', consoleApp);
  return { d, db: d.db, clock, logs, app, browser: (headers?: Record<string, string>) => new TestBrowser(app, headers) };
}

async function account(db: Db, login: string, role: Role, opts: { totp?: Date; locale?: 'ru' | 'en' } = {}) {
  const created = await createAccount(db, { login, displayName: `Name ${login}`, role, password: PASSWORD, locale: opts.locale });
  if (!created.ok) throw new Error(created.problems.join());
  let secret: string | undefined;
  if (opts.totp) {
    secret = await pendingTotpSecret(db, testVault, created.account);
    await confirmTotpEnrolment(db, testVault, created.account, totp(secret, opts.totp.getTime() - 30_000), opts.totp);
  }
  return { account: created.account, secret };
}

async function signIn(b: TestBrowser, login: string, password = PASSWORD): Promise<Response> {
  await b.get('/console/login');
  return b.post('/console/login', { login, password });
}

describe('console: first-admin setup and TOTP enrolment', () => {
  it('the setup link creates the first admin once, then TOTP is required before anything else', async () => {
    const { db, app, browser, clock } = await system();
    const url = (await ensureSetupLink(db, testVault, 'http://localhost', clock.now()))!;
    const path = new URL(url).pathname;
    const b = browser();
    const other = browser();
    await other.get(path); // a second person with the same link open
    const form = await b.get(path);
    expect(form.status).toBe(200);
    expect(b.html).toContain('Первый администратор');
    const created = await b.post(path, { login: 'Admin', displayName: 'Анна', password: PASSWORD, password2: PASSWORD });
    expect(created.status).toBe(303);
    expect(created.headers.get('location')).toBe('/console/totp/enrol');

    // The link is spent.
    expect((await other.post(path, { login: 'second', displayName: 'X', password: PASSWORD, password2: PASSWORD })).status).toBe(404);
    expect(other.html).toContain('Ссылка не работает');
    expect((await browser().get(path)).status).toBe(404);
    expect(await db.select().from(accounts)).toHaveLength(1);

    // No way around enrolment.
    const home = await b.get('/console');
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toBe('/console/totp/enrol');
    expect((await b.get('/console/probe/settings.edit')).status).toBe(401);

    expect((await b.get('/console/totp/enrol')).status).toBe(200);
    const secret = /id="totp-secret">([^<]+)</.exec(b.html)![1]!.replace(/ /g, '');
    expect(b.html).toContain(`otpauth://totp/Netreach:admin?secret=${secret}&amp;issuer=Netreach`);
    expect((await b.post('/console/totp/enrol', { code: '000000' })).status).toBe(422);
    const before = b.cookies.get('netreach_session');
    const enrolled = await b.post('/console/totp/enrol', { code: totp(secret, clock.now().getTime()) });
    expect(enrolled.status).toBe(303);
    expect(enrolled.headers.get('location')).toBe('/console');
    expect(b.cookies.get('netreach_session')).not.toBe(before); // a new session for the new privilege

    const page = await b.get('/console');
    expect(page.status).toBe(200);
    expect(b.html).toContain('Вы вошли как Анна (admin), роль: администратор.');
    const actions = (await db.select().from(auditLog)).map((r) => r.action);
    expect(actions).toEqual(['account.setup', 'totp.enable']);
    void app;
  });

  it('mismatched passwords and a short password are explained, keeping what was typed', async () => {
    const { db, browser, clock } = await system();
    const path = new URL((await ensureSetupLink(db, testVault, 'http://localhost', clock.now()))!).pathname;
    const b = browser();
    await b.get(`${path}?lang=en`);
    expect(b.html).toContain('<html lang="en"');
    const res = await b.post(`${path}?lang=en`, { login: 'admin', displayName: 'Ann', password: 'short', password2: 'short' });
    expect(res.status).toBe(422);
    expect(b.html).toContain('The password must be at least 12 characters long.');
    expect(b.html).toContain('value="Ann"');
    await b.post(`${path}?lang=en`, { login: 'admin', displayName: 'Ann', password: PASSWORD, password2: PASSWORD + 'x' });
    expect(b.html).toContain('The two passwords differ.');
  });
});

describe('console: sign-in', () => {
  it('a wrong password gets a generic error, counts, and never logs the login', async () => {
    const { db, browser, logs } = await system();
    const { account: anna } = await account(db, 'anna-worker', 'worker');
    const b = browser();
    const wrong = await signIn(b, 'anna-worker', 'wrong password here');
    expect(wrong.status).toBe(401);
    const wrongHtml = b.html;
    expect(wrongHtml).toContain('Неверный логин или пароль.');
    const unknown = await signIn(b, 'nobody-at-all', 'wrong password here');
    expect(unknown.status).toBe(401);
    const strip = (h: string) => h.replace(/value="[^"]*"/g, '');
    expect(strip(b.html)).toBe(strip(wrongHtml)); // the same page whether the login exists or not
    expect((await getAccount(db, anna.id))!.failedLogins).toBe(1);
    const logText = logs.join('');
    expect(logText).toContain('console.login_failed');
    expect(logText).not.toContain('anna-worker');
    expect(logText).not.toContain('nobody-at-all');
    expect(logText).not.toContain('wrong password');
  });

  it('locks a login out after 5 failures for 15 minutes, existing or not', async () => {
    const { db, browser, clock } = await system();
    const { account: anna } = await account(db, 'anna-worker', 'worker');
    const b = browser();
    for (let i = 1; i <= 4; i++) expect((await signIn(b, 'anna-worker', 'wrong password here')).status).toBe(401);
    expect((await signIn(b, 'anna-worker', 'wrong password here')).status).toBe(429);
    expect(b.html).toContain('Слишком много попыток. Попробуйте снова через 15 мин.');
    expect((await getAccount(db, anna.id))!.lockedUntil).toEqual(new Date(clock.now().getTime() + LOCK_MS));
    expect((await signIn(b, 'anna-worker')).status).toBe(429); // even the right password
    for (let i = 1; i <= 4; i++) await signIn(b, 'ghost-login', 'wrong password here');
    expect((await signIn(b, 'ghost-login', 'wrong password here')).status).toBe(429);

    clock.advance(LOCK_MS);
    const ok = await signIn(b, 'anna-worker');
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/console');
    expect((await getAccount(db, anna.id))!).toMatchObject({ failedLogins: 0, lockedUntil: null });
  });

  it('an admin with TOTP signs in with password then code; the session cookie is strict', async () => {
    const { db, browser, clock } = await system();
    const { secret } = await account(db, 'boss', 'admin', { totp: clock.now() });
    clock.advance(120_000);
    const b = browser({ 'x-forwarded-proto': 'https' });
    const first = await signIn(b, 'boss');
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/console/login/totp');
    const cookie = b.lastSetCookie.find((l) => l.startsWith('netreach_session='))!;
    expect(cookie).toMatch(/; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
    expect((await b.get('/console')).headers.get('location')).toBe('/console/login/totp');
    expect((await b.get('/console/totp/enrol')).headers.get('location')).toBe('/console/login/totp'); // no re-enrolling around the code
    expect((await b.get('/console/probe/inbox.view')).status).toBe(401);

    expect((await b.get('/console/login/totp')).status).toBe(200);
    expect(b.html).toContain('autocomplete="one-time-code"');
    expect((await b.post('/console/login/totp', { code: '123456' })).status).toBe(401);
    const code = totp(secret!, clock.now().getTime());
    const done = await b.post('/console/login/totp', { code: `${code.slice(0, 3)} ${code.slice(3)}` });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/console');
    expect((await b.get('/console')).status).toBe(200);

    // The same code cannot open a second session.
    const thief = browser();
    await signIn(thief, 'boss');
    await thief.get('/console/login/totp');
    expect((await thief.post('/console/login/totp', { code })).status).toBe(401);
  });

  it('rejects forms without a valid CSRF token with a clear page', async () => {
    const { db, browser } = await system();
    await account(db, 'anna-worker', 'worker');
    const b = browser();
    await b.get('/console/login');
    const res = await b.post('/console/login', { login: 'anna-worker', password: PASSWORD, _csrf: 'forged' });
    expect(res.status).toBe(403);
    expect(b.html).toContain('Форма устарела');
    expect(b.cookies.has('netreach_session')).toBe(false);

    // Another person's token does not work for this session either.
    const other = browser();
    await signIn(other, 'anna-worker');
    await other.get('/console');
    expect((await b.post('/console/logout', { _csrf: other.csrf() })).status).toBe(403);
    await signIn(b, 'anna-worker');
    expect((await b.post('/console/logout', { _csrf: other.csrf() })).status).toBe(403);
    expect((await b.get('/console')).status).toBe(200);
  });

  it('logout revokes the session on the server, not just the cookie', async () => {
    const { db, browser } = await system();
    const { account: anna } = await account(db, 'anna-worker', 'worker');
    const b = browser();
    await signIn(b, 'anna-worker');
    await b.get('/console');
    const token = b.cookies.get('netreach_session')!;
    const out = await b.post('/console/logout');
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/console/login');
    expect(b.cookies.has('netreach_session')).toBe(false);
    expect(await db.select().from(sessions).where(eq(sessions.accountId, anna.id))).toHaveLength(0);
    const replay = browser();
    replay.cookies.set('netreach_session', token);
    expect((await replay.get('/console')).headers.get('location')).toBe('/console/login');
  });

  it('speaks English with ?lang=en before sign-in, and in the account\'s language after', async () => {
    const { db, browser } = await system();
    await account(db, 'john', 'worker', { locale: 'en' });
    const b = browser();
    await b.get('/console/login?lang=en');
    expect(b.html).toContain('<html lang="en"');
    expect(b.html).toContain('action="/console/login?lang=en"');
    expect(b.html).toMatch(/<label for="login">Login<\/label><input id="login" name="login" type="text" value="" autocomplete="username"/);
    expect(b.html).toContain('autocomplete="current-password"');
    expect(b.html).toContain('href="?lang=ru"');
    await b.post('/console/login?lang=en', { login: 'john', password: PASSWORD });
    await b.get('/console');
    expect(b.html).toContain('Signed in as Name john (john), role: outreach worker.');
    // Every input has a label.
    for (const page of ['/console/login', '/console/totp/enrol']) {
      await b.get(page);
      for (const [, id] of b.html.matchAll(/<input id="([^"]+)"/g)) expect(b.html).toContain(`<label for="${id}">`);
    }
  });
});

describe('console: authorisation', () => {
  it('a researcher is refused a transcript; an admin gets it, and the view is audited', async () => {
    const { db, browser, clock } = await system();
    await account(db, 'rita', 'researcher');
    const { account: boss, secret } = await account(db, 'boss', 'admin', { totp: clock.now() });
    clock.advance(60_000);
    const r = browser();
    await signIn(r, 'rita');
    const denied = await r.get('/console/cases/1/transcript');
    expect(denied.status).toBe(403);
    expect(r.html).toContain('Нет доступа');
    const a = browser();
    await signIn(a, 'boss');
    await a.get('/console/login/totp');
    await a.post('/console/login/totp', { code: totp(secret!, clock.now().getTime()) });
    expect((await a.get('/console/cases/1/transcript')).status).toBe(200);
    const views = await db.select().from(auditLog).where(eq(auditLog.action, 'transcript.view'));
    expect(views.map((v) => v.accountId)).toEqual([boss.id]);
  });

  it('walks every guarded route with every role and finds the table enforced', async () => {
    const { db, browser, clock } = await system();
    const signedIn = new Map<Role, TestBrowser>();
    for (const role of ROLES) {
      const login = role.replace(/_/g, '-');
      const { secret } = await account(db, login, role, { totp: role === 'admin' || role === 'coordinator' ? clock.now() : undefined });
      clock.advance(30_000);
      const b = browser();
      await signIn(b, login);
      if (secret) {
        await b.get('/console/login/totp');
        await b.post('/console/login/totp', { code: totp(secret, clock.now().getTime()) });
      }
      expect((await b.get('/console')).status).toBe(200);
      signedIn.set(role, b);
    }
    const mismatches = await walkPolicy(async (role, action) => {
      const status = (await signedIn.get(role)!.get(`/console/probe/${action}`)).status;
      expect([200, 403]).toContain(status);
      return status === 200;
    });
    expect(mismatches).toEqual([]);
    expect(can('researcher', 'transcript.view')).toBe(false);
  });
});

void ({} as ConsoleEnv);
