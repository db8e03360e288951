import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { useFreshDatabases } from '../../../test/support/database.ts';
import { upsertStaffMember } from '../../cases/staff-members.ts';
import { accounts, auditLog, oneTimeTokens, sessions, staffMembers } from '../../db/schema/index.ts';
import { createLogger } from '../../log.ts';
import { DEFAULT_SETTINGS } from '../../organisation/settings.ts';
import { createConsoleApp } from '../app.tsx';
import { leavesNoAdmin, referralRolesOf } from '../auth/account-changes.ts';
import { createAccount, findAccountByLogin } from '../auth/accounts.ts';
import { INVITE_TTL_MS } from '../auth/invitations.ts';
import { ROLES, walkPolicy, type Action, type Role } from '../policy.ts';
import { formatTime } from '../frame/chrome.tsx';
import { signedIn, TEST_PASSWORD, testClock, testVault, TestBrowser } from '../testing.ts';

const testDatabase = useFreshDatabases();
const NEW_PASSWORD = 'correct horse battery staple';

/** The console over a fresh database; the organisation's zone is Tokyo (UTC+9, no summer time) so times show converted. */
async function system() {
  const d = await testDatabase();
  const clock = testClock();
  const logs: string[] = [];
  const log = createLogger(new Writable({ write: (c, _e, done) => (logs.push(String(c)), done()) }), 'debug');
  const settings = { ...DEFAULT_SETTINGS, timeZone: 'Asia/Tokyo' };
  const app = new Hono().route('/console', createConsoleApp({ db: d.db, vault: testVault, log, now: clock.now, bot: () => ({ settings }) as never }));
  const as = (login: string, role: Role, opts?: { staffMemberId?: number }) => signedIn(app, d.db, clock, login, role, opts);
  const anonymous = () => new TestBrowser(app);
  const auditOf = async (action: string) => (await d.db.select().from(auditLog).where(eq(auditLog.action, action))).map((r) => ({ accountId: r.accountId, detail: r.detail }));
  return { d, db: d.db, clock, logs, app, as, anonymous, auditOf };
}
type System = Awaited<ReturnType<typeof system>>;

const invitationLink = (html: string) => /id="invitation-link">([^<]+)</.exec(html)?.[1];
const pathOf = (url: string) => new URL(url).pathname;

/** The admin creates an account from /staff; the link shown once. */
async function invite(s: System, admin: TestBrowser, fields: { login: string; displayName: string; role: Role; locale?: string }) {
  await admin.get('/console/staff');
  const res = await admin.post('/console/staff', { locale: 'ru', ...fields });
  expect(res.status, admin.html.slice(0, 3000)).toBe(201);
  const link = invitationLink(admin.html);
  expect(link).toMatch(/^http:\/\/localhost\/console\/invite\/[A-Za-z0-9_-]{43}$/);
  const account = (await findAccountByLogin(s.db, fields.login))!;
  return { link: link!, path: pathOf(link!), account };
}

describe('console: staff accounts', () => {
  it('lists accounts (role in words, second factor, link, state) and creates one with a one-time invitation link', async () => {
    const s = await system();
    const { browser: admin, account: me } = await s.as('boss', 'admin');
    const [member] = await s.db.insert(staffMembers).values({ tgHash: 'h1', userSealed: 's1' }).returning();
    await s.as('vera', 'worker', { staffMemberId: member!.id });
    const res = await admin.get('/console/staff');
    expect(res.status).toBe(200);
    expect(admin.html).toContain('Name boss');
    expect(admin.html).toMatch(/boss · администратор/);
    expect(admin.html).toMatch(/vera · аутрич-работник/);
    expect(admin.html).toContain('второй фактор включён');
    expect(admin.html).toContain('без второго фактора');
    expect(admin.html).toContain('связана с рабочей группой');
    // Created, in the organisation's zone.
    const created = (await findAccountByLogin(s.db, 'vera'))!.createdAt;
    expect(admin.html).toContain(`<time datetime="${created.toISOString()}">${formatTime({ locale: 'ru', timeZone: 'Asia/Tokyo' }, created)}</time>`);
    for (const [, id] of admin.html.matchAll(/<(?:input|select|textarea) id="([^"]+)"/g)) expect(admin.html).toContain(`for="${id}"`);

    // Bad input: errors above the form, the fields marked, what was typed kept.
    const bad = await admin.post('/console/staff', { login: 'x', displayName: 'Анна Петрова', role: 'worker', locale: 'en' });
    expect(bad.status).toBe(422);
    expect(admin.html).toMatch(/role="alert"[\s\S]*Логин: от 3 до 64[\s\S]*<form/);
    expect(admin.html).toMatch(/id="new-login"[^>]*value="x"[^>]*aria-invalid="true"/);
    expect(admin.html).toContain('value="Анна Петрова"');
    expect(admin.html).toMatch(/<option value="en" selected=""/);
    await admin.post('/console/staff', { login: 'vera', displayName: 'Vera 2', role: 'worker' });
    expect(admin.html).toContain('Этот логин уже занят.');
    await admin.post('/console/staff', { login: 'anna', displayName: 'Anna', role: 'superuser' });
    expect(admin.html).toContain('Неизвестная роль.');
    expect(await findAccountByLogin(s.db, 'anna')).toBeUndefined();

    const { link, account } = await invite(s, admin, { login: 'Anna', displayName: 'Анна', role: 'specialist_medical', locale: 'en' });
    expect(account).toMatchObject({ login: 'anna', displayName: 'Анна', role: 'specialist_medical', locale: 'en', totpEnabledAt: null });
    expect(admin.html).toContain('ждёт выбора пароля');
    // Only a hash of the link is stored, and the link is not in the logs.
    const token = link.split('/').pop()!;
    const stored = await s.db.select().from(oneTimeTokens).where(eq(oneTimeTokens.accountId, account.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.purpose).toBe('invite');
    expect(stored[0]!.tokenHash).not.toContain(token);
    expect(stored[0]!.expiresAt.getTime() - s.clock.now().getTime()).toBe(INVITE_TTL_MS);
    expect(s.logs.join('')).not.toContain(token);
    // Shown once: the account's page afterwards does not have it.
    await admin.get(`/console/staff/${account.id}`);
    expect(invitationLink(admin.html)).toBeUndefined();
    expect(await s.auditOf('account.create')).toEqual([{ accountId: me.id, detail: 'anna: specialist_medical' }]);
    expect(await s.auditOf('account.invite')).toEqual([{ accountId: me.id, detail: 'anna' }]);

    // Without the CSRF token nothing is created.
    expect((await admin.post('/console/staff', { login: 'mallory', displayName: 'M', role: 'admin', _csrf: 'forged' })).status).toBe(403);
    expect(await findAccountByLogin(s.db, 'mallory')).toBeUndefined();
    expect((await admin.get('/console/staff/999999')).status).toBe(404);
  });

  it('an invitation link sets the password once and signs the person in; a used, replaced or expired link is refused', async () => {
    const s = await system();
    const { browser: admin } = await s.as('boss', 'admin');
    const { path, account } = await invite(s, admin, { login: 'nina', displayName: 'Нина', role: 'worker' });

    const nina = s.anonymous();
    expect((await nina.get(path)).status).toBe(200);
    expect(nina.html).toContain('Нина (логин nina), роль: аутрич-работник');
    expect(nina.html).toContain('<label for="password">');
    expect(nina.html).toContain('<label for="password2">');
    // A mismatch and a short password: both said, the fields marked, the link still good.
    const wrong = await nina.post(path, { password: 'short', password2: 'other' });
    expect(wrong.status).toBe(422);
    expect(nina.html).toContain('Пароль должен быть не короче 12 символов.');
    expect(nina.html).toContain('Пароли не совпадают.');
    expect(nina.html).toMatch(/id="password"[^>]*aria-invalid="true"/);
    // The page in English when asked.
    await nina.get(`${path}?lang=en`);
    expect(nina.html).toContain('Choose your password');

    const done = await nina.post(path, { password: NEW_PASSWORD, password2: NEW_PASSWORD });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/console');
    expect((await nina.get('/console')).status).toBe(200);
    expect(nina.html).toMatch(/<a class="who" href="[^"]*\/password"[^>]*>Нина<\/a>/);
    expect(await s.auditOf('account.password')).toEqual([{ accountId: account.id, detail: 'invitation' }]);

    // Used: refused, and it cannot be used to set another password.
    const again = s.anonymous();
    expect((await again.get(path)).status).toBe(404);
    await again.get('/console/login'); // a page with a form, for the CSRF token
    expect((await again.post(path, { password: 'another long password', password2: 'another long password' })).status).toBe(404);
    // The chosen password signs in.
    const later = s.anonymous();
    await later.get('/console/login');
    expect((await later.post('/console/login', { login: 'nina', password: NEW_PASSWORD })).headers.get('location')).toBe('/console');

    // A new link (forgotten password) replaces the previous one; links expire after 72 hours.
    await admin.get(`/console/staff/${account.id}`);
    await admin.post(`/console/staff/${account.id}/invite`);
    const first = pathOf(invitationLink(admin.html)!);
    await admin.post(`/console/staff/${account.id}/invite`);
    const second = pathOf(invitationLink(admin.html)!);
    expect((await s.anonymous().get(first)).status).toBe(404);
    expect((await s.anonymous().get(second)).status).toBe(200);
    s.clock.advance(INVITE_TTL_MS + 1000);
    expect((await s.anonymous().get(second)).status).toBe(404);
    expect((await s.anonymous().get('/console/invite/not-a-real-token')).status).toBe(404);
    expect(await s.auditOf('account.invite')).toHaveLength(3);
  });

  it('resets a forgotten password: the old one stops working and the sessions end; an admin-to-be enrols a second factor', async () => {
    const s = await system();
    const { browser: admin } = await s.as('boss', 'admin');
    const { browser: vera, account } = await s.as('vera', 'worker');
    await admin.get(`/console/staff/${account.id}`);
    await admin.post(`/console/staff/${account.id}/invite`);
    const path = pathOf(invitationLink(admin.html)!);
    const b = s.anonymous();
    await b.get(path);
    await b.post(path, { password: NEW_PASSWORD, password2: NEW_PASSWORD });
    expect((await vera.get('/console')).status).toBe(303); // the old session ended
    const old = s.anonymous();
    await old.get('/console/login');
    expect((await old.post('/console/login', { login: 'vera', password: TEST_PASSWORD })).status).toBe(401);

    // A coordinator's invitation leads to the second factor's enrolment.
    const { path: coordPath } = await invite(s, admin, { login: 'coord', displayName: 'Coordinator', role: 'coordinator' });
    const coord = s.anonymous();
    await coord.get(coordPath);
    await coord.post(coordPath, { password: NEW_PASSWORD, password2: NEW_PASSWORD });
    const next = await coord.get('/console');
    expect(next.headers.get('location')).toBe('/console/totp/enrol');
    expect((await coord.get('/console/totp/enrol')).status).toBe(200);
    expect(coord.html).toContain('id="totp-secret"');
  });

  it('a role change ends the sessions at once; a role that needs a second factor sends them to enrol', async () => {
    const s = await system();
    const { browser: admin, account: me } = await s.as('boss', 'admin');
    const { browser: vera, account } = await s.as('vera', 'worker');
    expect((await vera.get('/console/clients')).status).toBe(200);
    await admin.get(`/console/staff/${account.id}`);
    const res = await admin.post(`/console/staff/${account.id}/role`, { role: 'coordinator' });
    expect(res.status).toBe(303);
    await admin.get(res.headers.get('location')!);
    expect(admin.html).toContain('Роль изменена');
    expect(admin.html).toMatch(/id="account-role">координатор</);
    expect(await s.db.select().from(sessions).where(eq(sessions.accountId, account.id))).toHaveLength(0);
    expect((await vera.get('/console/clients')).headers.get('location')).toBe('/console/login');
    await vera.get('/console/login');
    const signIn = await vera.post('/console/login', { login: 'vera', password: TEST_PASSWORD });
    expect(signIn.headers.get('location')).toBe('/console/totp/enrol');
    expect(await s.auditOf('account.role')).toEqual([{ accountId: me.id, detail: 'vera: worker → coordinator' }]);

    // An unknown role: refused with the form's value kept.
    await admin.get(`/console/staff/${account.id}`);
    expect((await admin.post(`/console/staff/${account.id}/role`, { role: 'root' })).status).toBe(422);
    expect(admin.html).toContain('Неизвестная роль.');
    expect((await s.db.select().from(accounts).where(eq(accounts.id, account.id)))[0]!.role).toBe('coordinator');
  });

  it('never leaves the console without an active admin; disabling ends the sessions and stops sign-in', async () => {
    const s = await system();
    const { browser: admin, account: me } = await s.as('boss', 'admin');
    await admin.get(`/console/staff/${me.id}`);
    for (const [path, fields] of [
      ['role', { role: 'worker' }],
      ['disable', {}],
    ] as const) {
      const res = await admin.post(`/console/staff/${me.id}/${path}`, fields);
      expect(res.status).toBe(422);
      expect(admin.html).toContain('последний действующий администратор');
    }
    expect((await findAccountByLogin(s.db, 'boss'))).toMatchObject({ role: 'admin', disabledAt: null });
    expect(await s.auditOf('account.role')).toEqual([]);

    // A disabled admin does not count.
    const other = await createAccount(s.db, { login: 'old-admin', displayName: 'Old', role: 'admin', password: TEST_PASSWORD });
    await s.db.update(accounts).set({ disabledAt: new Date() }).where(eq(accounts.id, other.ok ? other.account.id : 0));
    expect((await admin.post(`/console/staff/${me.id}/role`, { role: 'worker' })).status).toBe(422);

    // Disabling a worker: sessions end, sign-in refused; enabling lets them in again.
    const { browser: vera, account } = await s.as('vera', 'worker');
    await admin.get(`/console/staff/${account.id}`);
    await admin.post(`/console/staff/${account.id}/invite`);
    const link = pathOf(invitationLink(admin.html)!);
    expect((await admin.post(`/console/staff/${account.id}/disable`)).status).toBe(303);
    expect((await s.anonymous().get(link)).status).toBe(404);
    expect((await vera.get('/console')).status).toBe(303);
    await vera.get('/console/login');
    expect((await vera.post('/console/login', { login: 'vera', password: TEST_PASSWORD })).status).toBe(401);
    await admin.get(`/console/staff/${account.id}`);
    expect(admin.html).toMatch(/badge em">отключена/);
    // A disabled account gets no password link.
    expect((await admin.post(`/console/staff/${account.id}/invite`)).status).toBe(422);
    expect(admin.html).toContain('сначала включите её');
    await admin.get(`/console/staff/${account.id}`);
    expect((await admin.post(`/console/staff/${account.id}/enable`)).status).toBe(303);
    s.clock.advance(60_000);
    await vera.get('/console/login');
    expect((await vera.post('/console/login', { login: 'vera', password: TEST_PASSWORD })).headers.get('location')).toBe('/console');
    expect((await s.anonymous().get(link)).status).toBe(404); // enabling did not revive the link

    // With a second active admin, the first may step down (and is signed out by it).
    const { account: second } = await s.as('deputy', 'admin');
    await admin.get(`/console/staff/${me.id}`);
    expect((await admin.post(`/console/staff/${me.id}/role`, { role: 'coordinator' })).status).toBe(303);
    expect((await admin.get('/console/staff')).status).toBe(303);
    expect(leavesNoAdmin([second.id], second.id, { role: 'admin', disabled: true })).toBe(true);
    expect(await s.auditOf('account.disable')).toEqual([{ accountId: me.id, detail: 'vera' }]);
    expect(await s.auditOf('account.enable')).toEqual([{ accountId: me.id, detail: 'vera' }]);
  });

  it('resets the second factor; shows, edits and unlinks the staff-group member and its referral roles', async () => {
    const s = await system();
    const { browser: admin, account: me } = await s.as('boss', 'admin');
    const member = await upsertStaffMember({ db: s.db, vault: testVault }, { id: 4242, first_name: 'Ксения' });
    await s.db.update(staffMembers).set({ specialisations: ['doctor', 'opioids'] }).where(eq(staffMembers.id, member.id));
    const { browser: coord, account } = await s.as('ksenia', 'coordinator', { staffMemberId: member.id });

    await admin.get(`/console/staff/${account.id}`);
    expect(admin.html).toContain('Связана с участником рабочей группы: Ксения');
    expect(admin.html).toMatch(/id="referral-doctor"[^>]*checked/);
    expect(admin.html).not.toMatch(/id="referral-lawyer"[^>]*checked/);
    expect(admin.html).not.toContain('4242');

    // Several checkboxes of one name; unknown words are dropped; topics are kept.
    const body = new URLSearchParams([['_csrf', admin.csrf()], ['roles', 'lawyer'], ['roles', 'psychologist'], ['roles', 'wizard']]);
    const saved = await admin.send(`/console/staff/${account.id}/referral-roles`, { method: 'POST', body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(saved.status).toBe(303);
    const [after] = await s.db.select().from(staffMembers).where(eq(staffMembers.id, member.id));
    expect(after!.specialisations).toEqual(['psychologist', 'lawyer', 'opioids']);
    expect(await s.auditOf('staff.roles')).toEqual([{ accountId: me.id, detail: 'ksenia: doctor → psychologist, lawyer' }]);
    expect(referralRolesOf(['peer_worker', 'doctor', 'doctor', 'x'])).toEqual(['doctor', 'peer_worker']);

    await admin.get(`/console/staff/${account.id}`);
    expect((await admin.post(`/console/staff/${account.id}/totp-reset`)).status).toBe(303);
    expect(await findAccountByLogin(s.db, 'ksenia')).toMatchObject({ totpEnabledAt: null, totpSecretSealed: null });
    expect((await coord.get('/console')).status).toBe(303);
    await coord.get('/console/login');
    expect((await coord.post('/console/login', { login: 'ksenia', password: TEST_PASSWORD })).headers.get('location')).toBe('/console/totp/enrol');
    expect(await s.auditOf('account.totp_reset')).toEqual([{ accountId: me.id, detail: 'ksenia' }]);

    await admin.get(`/console/staff/${account.id}`);
    expect((await admin.post(`/console/staff/${account.id}/unlink`)).status).toBe(303);
    expect(await findAccountByLogin(s.db, 'ksenia')).toMatchObject({ staffMemberId: null });
    await admin.get(`/console/staff/${account.id}`);
    expect(admin.html).toContain('не связана с участником рабочей группы');
    expect(admin.html).not.toContain('id="referral-doctor"');
    expect((await admin.post(`/console/staff/${account.id}/referral-roles`, { roles: 'doctor' })).status).toBe(422);
    expect(await s.auditOf('account.unlink')).toEqual([{ accountId: me.id, detail: `ksenia: staff_member=${member.id}` }]);
  });
});

describe('console: authorisation of staff and audit routes', () => {
  it('answers 403 to every role without the action, on every route', async () => {
    const s = await system();
    const browsers = new Map<Role, TestBrowser>();
    for (const role of ROLES) browsers.set(role, (await s.as(role.replace(/_/g, '-'), role)).browser);
    // A missing account: allowed roles get 404 (or the form back), nothing changes.
    const post = (path: string, fields: Record<string, string> = {}) => async (b: TestBrowser) => (await b.get('/console'), b.post(path, fields));
    const routes: Array<[Action, (b: TestBrowser) => Promise<Response>]> = [
      ['staff.manage', (b) => b.get('/console/staff')],
      ['staff.manage', post('/console/staff', { login: '', displayName: '', role: 'worker' })],
      ['staff.manage', (b) => b.get('/console/staff/999999')],
      ...['role', 'disable', 'enable', 'totp-reset', 'unlink', 'invite', 'referral-roles', 'sessions/end'].map(
        (p) => ['staff.manage', post(`/console/staff/999999/${p}`, { role: 'worker' })] as [Action, (b: TestBrowser) => Promise<Response>],
      ),
      ['audit.view', (b) => b.get('/console/audit')],
    ];
    for (const [action, route] of routes) {
      const mismatches = await walkPolicy(
        async (role) => {
          const res = await route(browsers.get(role)!);
          expect([200, 403, 404, 422]).toContain(res.status);
          return res.status !== 403;
        },
        [action],
      );
      expect(mismatches).toEqual([]);
    }
    expect(await s.db.select().from(auditLog).where(and(eq(auditLog.action, 'account.create')))).toHaveLength(0);
  });
});
