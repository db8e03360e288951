import { useFreshDatabases } from '../../test/support/database.ts';
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Db } from '../db/open.ts';
import { accounts, auditLog, recoveryCodes, sessions } from '../db/schema/index.ts';
import { createLogger } from '../log.ts';
import { createConsoleApp, forbiddenPage, type ConsoleEnv } from './app.tsx';
import { confirmTotpEnrolment, createAccount, getAccount, pendingTotpSecret } from './auth/accounts.ts';
import { SignInThrottle, THROTTLE } from './auth/login-limit.ts';
import { issueRecoveryCodes } from './auth/recovery-codes.ts';
import { ensureSetupLink } from './auth/setup.ts';
import { totp } from './auth/totp.ts';
import { ACTIONS, audit, can, requires, ROLES, walkPolicy, type Role } from './policy.ts';
import { TestBrowser, testClock, testVault } from './testing.ts';

const testDatabase = useFreshDatabases();

/** The key on the enrolment page, without the spacing between its groups. */
const secretOf = (html: string) => /id="totp-secret">(.*?)<\/code>/.exec(html)![1]!.replace(/<[^>]+>|\s/g, '');
/** The recovery codes on the page shown after enrolment. */
const codesOf = (html: string) => [...html.matchAll(/<li><code>([a-z0-9-]+)<\/code><\/li>/g)].map((m) => m[1]!);

const PASSWORD = 'a long enough passphrase';

async function system() {
  const d = await testDatabase();
  const clock = testClock();
  const logs: string[] = [];
  const log = createLogger(new Writable({ write: (c, _e, done) => (logs.push(String(c)), done()) }), 'debug');
  // Each test browser says where it is with x-test-address; the waits before a password check are noted, not waited.
  const waits: number[] = [];
  const consoleApp = createConsoleApp({
    db: d.db,
    vault: testVault,
    log,
    now: clock.now,
    clientAddress: (c) => c.req.header('x-test-address') ?? '198.51.100.7',
    throttle: new SignInThrottle({ db: d.db, vault: testVault, now: clock.now }),
    sleep: async (ms) => void waits.push(ms),
    trustedProxies: [{ address: '127.0.0.1', prefix: 32, family: 4 }],
  });
  // What a later route will look like: a guarded transcript view, written to the audit log.
  consoleApp.get('/cases/:id/transcript', requires('transcript.view', { onForbidden: forbiddenPage }), async (c) => {
    await audit(d.db, c.get('account')!.id, 'transcript.view');
    return c.text('transcript');
  });
  for (const action of ACTIONS) consoleApp.get(`/probe/${action}`, requires(action), (c) => c.text('ok'));
  const hono = new Hono().route('/console', consoleApp);
  // Requests arrive from a proxy on this machine (listed in trustedProxies above).
  const app = { request: (url: string, init?: RequestInit) => hono.request(url, init, { incoming: { socket: { remoteAddress: '127.0.0.1' } } }) };
  return { d, db: d.db, clock, logs, app, waits, browser: (headers?: Record<string, string>) => new TestBrowser(app, headers) };
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
    const secret = secretOf(b.html);
    expect(b.html).toContain(`otpauth://totp/Netreach:admin?secret=${secret}&amp;issuer=Netreach`);
    // The QR code is drawn into the page (no script, no image request), the key in unbreakable groups of four.
    expect(b.html).toMatch(/<div class="qr" id="totp-qr" role="img" aria-label="QR-код для приложения-аутентификатора" data-otpauth="otpauth:\/\/totp\/Netreach:admin\?secret=[A-Z2-7]+&amp;[^"]*"><svg [^>]*viewBox="0 0 \d+ \d+"/);
    expect(b.html).toMatch(/<code class="secret" id="totp-secret">(<span class="group">[A-Z2-7]{4}<\/span>){8}<\/code>/);
    expect((await b.post('/console/totp/enrol', { code: '000000' })).status).toBe(422);
    const before = b.cookies.get('netreach_session');
    const enrolled = await b.post('/console/totp/enrol', { code: totp(secret, clock.now().getTime()) });
    expect(enrolled.status).toBe(200);
    expect(b.cookies.get('netreach_session')).not.toBe(before); // a new session for the new privilege
    // Ten one-time recovery codes, shown this once; only their hashes are kept.
    const codes = codesOf(b.html);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[2-9a-hjkmnp-z]{4}-[2-9a-hjkmnp-z]{4}$/);
    expect(b.html).toContain('показываются только один раз');
    expect(b.html).toContain('href="/console"');
    const stored = JSON.stringify(await db.select().from(recoveryCodes));
    for (const code of codes) expect(stored).not.toContain(code.replace('-', ''));
    expect(await db.select().from(recoveryCodes)).toHaveLength(10);

    const page = await b.get('/console');
    expect(page.status).toBe(200);
    expect(b.html).toContain('Анна'); // the signed-in header names the account
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
    // Both in the audit log: under the account when there is one, never with the login or the address.
    const failures = await db.select().from(auditLog).where(eq(auditLog.action, 'login.failed'));
    expect(failures.map((f) => [f.accountId, f.detail?.replace(/[\w-]{12}$/, 'REF')])).toEqual([
      [anna.id, 'password'],
      [null, 'password, unknown login REF'],
    ]);
    expect(JSON.stringify(failures)).not.toMatch(/anna-worker|nobody-at-all|198\.51\.100\.7/);
    const logText = logs.join('');
    expect(logText).toContain('console.login_failed');
    expect(logText).not.toContain('anna-worker');
    expect(logText).not.toContain('nobody-at-all');
    expect(logText).not.toContain('wrong password');
  });

  it('wrong passwords hold back the address that sent them, never the owner elsewhere', async () => {
    const { db, browser, clock, waits } = await system();
    const { account: anna } = await account(db, 'anna-worker', 'worker');
    const attackers = [1, 2, 3, 4, 5].map((n) => browser({ 'x-test-address': `203.0.113.${n}` }));
    for (const b of attackers) {
      for (let i = 1; i <= 2; i++) expect((await signIn(b, 'anna-worker', 'wrong password here')).status).toBe(401);
      expect((await signIn(b, 'anna-worker', 'wrong password here')).status).toBe(401);
      expect(b.html).toContain('Следующая попытка — не раньше чем через 5 секунд.');
      // Held back now, the right password too, without being checked.
      expect((await signIn(b, 'anna-worker')).status).toBe(429);
      expect(b.html).toContain('Слишком много неудачных попыток войти под этим логином с вашего адреса. Попробуйте снова через 5 секунд.');
      expect((await signIn(b, 'anna-worker', 'wrong password here')).status).toBe(429);
    }
    // The owner, from a sixth address: in at once, after a wait of a few seconds at most.
    const owner = browser({ 'x-test-address': '192.0.2.44' });
    const ok = await signIn(owner, 'anna-worker');
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/console');
    expect(waits.at(-1)).toBeGreaterThan(0);
    expect(Math.max(...waits)).toBeLessThanOrEqual(THROTTLE.login.capMs);
    // From an address she has signed in from, not even that wait, however long the attack goes on.
    for (const b of attackers) await signIn(b, 'anna-worker', 'wrong password here');
    waits.length = 0;
    const again = browser({ 'x-test-address': '192.0.2.44' });
    expect((await signIn(again, 'anna-worker')).status).toBe(303);
    expect(waits).toEqual([]);

    // Each failure and the first refusal of each hold-back are audited under the account.
    const rows = await db.select().from(auditLog).where(eq(auditLog.accountId, anna.id));
    expect(rows.filter((r) => r.action === 'login.failed')).toHaveLength(15);
    expect(rows.filter((r) => r.action === 'login.throttled').map((r) => r.detail)).toEqual(Array(5).fill('password, pair'));
    expect(JSON.stringify(rows)).not.toMatch(/203\.0\.113|192\.0\.2/);

    // A hold-back ends by itself.
    clock.advance(10_000);
    expect((await signIn(attackers[0]!, 'anna-worker')).status).toBe(303);
  });

  it('an admin with TOTP signs in with password then code; the session cookie is strict', async () => {
    const { db, browser, clock } = await system();
    const { secret } = await account(db, 'boss', 'admin', { totp: clock.now() });
    clock.advance(120_000);
    // HTTPS as the trusted proxy says: the cookie is Secure.
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
    expect(b.html).toContain('<html lang="en"');
    expect(b.html).toContain('Name john');
    // Every input has a label.
    for (const page of ['/console/login', '/console/totp/enrol']) {
      await b.get(page);
      for (const [, id] of b.html.matchAll(/<input id="([^"]+)"/g)) expect(b.html).toContain(`<label for="${id}">`);
    }
  });
});

describe('console: recovery codes, wrong codes, the installer\'s hint, proxies', () => {
  it('a recovery code signs in once in place of the code from the app; its use is audited with the count left', async () => {
    const { db, browser, clock } = await system();
    const { account: boss } = await account(db, 'boss', 'admin', { totp: clock.now() });
    const codes = await issueRecoveryCodes(db, testVault, boss.id, clock.now());
    const b = browser();
    await signIn(b, 'boss');
    expect((await b.get('/console/login/totp')).status).toBe(200);
    expect(b.html).toContain('Нет телефона под рукой? Войти с кодом восстановления');
    expect(b.html).toContain('action="/console/login/recovery"');
    // Typed in capitals with a space: still the code.
    const used = await b.post('/console/login/recovery', { recoveryCode: codes[3]!.toUpperCase().replace('-', ' ') });
    expect(used.status).toBe(200);
    expect(b.html).toContain('Вы вошли с кодом восстановления; больше он не сработает. Осталось кодов: 9.');
    expect((await b.get('/console/probe/inbox.view')).status).toBe(200);
    const audited = await db.select().from(auditLog).where(eq(auditLog.accountId, boss.id));
    expect(audited.filter((r) => r.action.startsWith('login')).map((r) => [r.action, r.detail])).toEqual([
      ['login.recovery_code', 'left: 9'],
      ['login', null],
    ]);

    // The same code again: refused, and audited as a failure.
    const thief = browser({ 'x-test-address': '203.0.113.50' });
    await signIn(thief, 'boss');
    await thief.get('/console/login/totp');
    expect((await thief.post('/console/login/recovery', { recoveryCode: codes[3]! })).status).toBe(401);
    expect(thief.html).toContain('Этот код восстановления не подошёл или уже использован.');
    expect(thief.html).toMatch(/<details id="recovery" open="">/);
    expect((await thief.get('/console/probe/inbox.view')).status).toBe(401);
    const failures = await db.select().from(auditLog).where(eq(auditLog.action, 'login.failed'));
    expect(failures.map((r) => [r.accountId, r.detail])).toEqual([[boss.id, 'recovery-code']]);
    // Another unused code still works.
    expect((await thief.post('/console/login/recovery', { recoveryCode: codes[4]! })).status).toBe(200);
    expect(thief.html).toContain('Осталось кодов: 8.');
  });

  it('wrong codes hold back the second step from new addresses, not from one the account knows', async () => {
    const { db, browser, clock } = await system();
    const { secret } = await account(db, 'boss', 'admin', { totp: clock.now() });
    clock.advance(60_000);
    // The owner signs in once from her office.
    const office = browser({ 'x-test-address': '192.0.2.10' });
    await signIn(office, 'boss');
    await office.get('/console/login/totp');
    expect((await office.post('/console/login/totp', { code: totp(secret!, clock.now().getTime()) })).status).toBe(303);
    // Someone with the password tries codes from five addresses.
    for (let n = 1; n <= THROTTLE.code.free; n++) {
      const b = browser({ 'x-test-address': `203.0.113.${n}` });
      await signIn(b, 'boss');
      await b.get('/console/login/totp');
      expect((await b.post('/console/login/totp', { code: '000000' })).status).toBe(401);
    }
    const next = browser({ 'x-test-address': '203.0.113.99' });
    await signIn(next, 'boss');
    await next.get('/console/login/totp');
    expect((await next.post('/console/login/totp', { code: totp(secret!, clock.now().getTime() + 30_000) })).status).toBe(429);
    expect(next.html).toContain('Слишком много неверных кодов.');
    // From the office, the next code works.
    clock.advance(30_000);
    const again = browser({ 'x-test-address': '192.0.2.10' });
    await signIn(again, 'boss');
    await again.get('/console/login/totp');
    expect((await again.post('/console/login/totp', { code: totp(secret!, clock.now().getTime()) })).status).toBe(303);
  });

  it('an admin sees when a second factor was set, the recovery codes left, and clears a login\'s sign-in delays', async () => {
    const { db, browser, clock } = await system();
    const { account: boss, secret } = await account(db, 'boss', 'admin', { totp: clock.now() });
    await issueRecoveryCodes(db, testVault, boss.id, clock.now());
    const { account: anna } = await account(db, 'anna-worker', 'worker');
    clock.advance(60_000);
    const attacker = browser({ 'x-test-address': '203.0.113.9' });
    for (let i = 0; i < 3; i++) await signIn(attacker, 'anna-worker', 'wrong password here');
    expect((await signIn(attacker, 'anna-worker')).status).toBe(429);

    const admin = browser();
    await signIn(admin, 'boss');
    await admin.get('/console/login/totp');
    await admin.post('/console/login/totp', { code: totp(secret!, clock.now().getTime()) });
    expect((await admin.get('/console/staff')).status).toBe(200);
    expect(admin.html).toContain(`data-totp-since="${boss.totpEnabledAt!.toISOString()}"`);
    expect(admin.html).toMatch(/data-recovery-left="10">кодов восстановления: 10</);
    expect(admin.html).toContain('без второго фактора');
    expect((await admin.get(`/console/staff/${anna.id}`)).status).toBe(200);
    expect(admin.html).toContain('Неудачных попыток входа за последний час: 3.');
    expect(admin.html).toContain('С некоторых адресов вход задержан до');
    expect((await admin.post(`/console/staff/${anna.id}/unlock`)).status).toBe(303);
    await admin.get(`/console/staff/${anna.id}?done=unlock`);
    expect(admin.html).toContain('Задержки входа сняты.');
    expect(admin.html).toContain('Задержек входа нет.');
    const unlocks = await db.select().from(auditLog).where(eq(auditLog.action, 'account.unlock'));
    expect(unlocks.map((r) => [r.accountId, r.detail])).toEqual([[boss.id, 'anna-worker']]);
    expect((await signIn(attacker, 'anna-worker')).status).toBe(303);
  });

  it('the login page tells a new installer where the setup link is, or the command, until there is an admin', async () => {
    const { db, browser } = await system();
    const b = browser();
    await b.get('/console/login');
    expect(b.html).toContain('Учётных записей ещё нет');
    expect(b.html).toContain('<code>netreach: no console account yet: create the first admin at http://…/console/setup/… (valid 24 h, once)</code>');
    expect(b.html).toContain('npm run netreach -- admin create --login логин --name &quot;Имя Фамилия&quot;');
    await b.get('/console/login?lang=en');
    expect(b.html).toContain('No accounts yet');
    await account(db, 'anna-worker', 'worker');
    await b.get('/console/login');
    expect(b.html).not.toContain('Учётных записей ещё нет');
    expect(b.html).toContain('В консоли нет действующего администратора.');
    await account(db, 'boss', 'admin');
    await b.get('/console/login');
    expect(b.html).not.toContain('id="setup-hint"');
  });

  it('counts failures by the address a trusted proxy forwarded, and by the socket\'s own otherwise', async () => {
    const { db, d, clock } = await system();
    await account(db, 'anna-worker', 'worker');
    const consoleApp = createConsoleApp({ db: d.db, vault: testVault, log: createLogger(new Writable({ write: (_c, _e, done) => done() })), now: clock.now, sleep: async () => {}, trustedProxies: [{ address: '10.0.0.0', prefix: 8, family: 4 }] });
    const hono = new Hono().route('/console', consoleApp);
    const from = (peer: string) => new TestBrowser({ request: (url, init) => hono.request(url, init, { incoming: { socket: { remoteAddress: peer } } }) });
    const tryWrong = async (peer: string, forwardedFor: string) => {
      const b = from(peer);
      await b.get('/console/login');
      return (await b.send('/console/login', { method: 'POST', body: new URLSearchParams({ _csrf: b.csrf(), login: 'anna-worker', password: 'wrong password here' }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': forwardedFor } })).status;
    };
    // Through the proxy, each forwarded address is counted on its own.
    for (let n = 1; n <= 5; n++) expect(await tryWrong('10.1.2.3', `198.51.100.${n}`)).toBe(401);
    // Straight from a machine that is not a proxy, its header counts for nothing: held back after three.
    for (let n = 1; n <= 3; n++) expect(await tryWrong('203.0.113.7', `198.51.100.${n + 10}`)).toBe(401);
    expect(await tryWrong('203.0.113.7', '198.51.100.99')).toBe(429);
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
