import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { useFreshDatabases } from '../../../test/support/database.ts';
import { auditLog, sessions } from '../../db/schema/index.ts';
import { createLogger } from '../../log.ts';
import { createConsoleApp } from '../app.tsx';
import { signedIn, TEST_PASSWORD, testClock, testVault, TestBrowser } from '../testing.ts';
import { Writable } from 'node:stream';

const testDatabase = useFreshDatabases();
const NEW_PASSWORD = 'another long passphrase 2026';

async function system() {
  const d = await testDatabase();
  const clock = testClock();
  const log = createLogger(new Writable({ write: (_c, _e, done) => done() }), 'debug');
  const app = new Hono().route('/console', createConsoleApp({ db: d.db, vault: testVault, log, now: clock.now }));
  const signIn = async (login: string, password: string) => {
    const b = new TestBrowser(app);
    await b.get('/console/login');
    return { b, res: await b.post('/console/login', { login, password }) };
  };
  return { db: d.db, clock, app, signIn, as: (login: string) => signedIn(app, d.db, clock, login, 'worker') };
}

describe('a password change ends the other sessions', () => {
  it('by its owner: the current password first; the other sessions end, this one stays; the new one signs in, the old one not', async () => {
    const s = await system();
    const { browser: laptop, account } = await s.as('vera');
    const { b: phone } = await s.signIn('vera', TEST_PASSWORD);
    expect((await phone.get('/console/clients')).status).toBe(200);
    // Not signed in: to the sign-in page.
    expect((await new TestBrowser(s.app).get('/console/password')).headers.get('location')).toBe('/console/login');

    expect((await laptop.get('/console/password')).status).toBe(200);
    expect(laptop.html).toContain('<label for="current-password">Нынешний пароль</label>');
    expect(laptop.html).toContain('<label for="password">');
    // A wrong current password: refused, counted as a failed sign-in, nothing changes.
    expect((await laptop.post('/console/password', { current: 'not my password', password: NEW_PASSWORD, password2: NEW_PASSWORD })).status).toBe(401);
    expect(laptop.html).toContain('Нынешний пароль не подошёл.');
    expect((await s.db.select().from(auditLog).where(eq(auditLog.action, 'login.failed'))).map((a) => a.accountId)).toEqual([account.id]);
    // Two different new ones, or a short one: refused.
    await laptop.get('/console/password');
    expect((await laptop.post('/console/password', { current: TEST_PASSWORD, password: NEW_PASSWORD, password2: 'something else entirely' })).status).toBe(422);
    expect(laptop.html).toContain('Пароли не совпадают.');
    expect((await phone.get('/console/clients')).status).toBe(200);

    await laptop.get('/console/password');
    const done = await laptop.post('/console/password', { current: TEST_PASSWORD, password: NEW_PASSWORD, password2: NEW_PASSWORD });
    expect(done.headers.get('location')).toBe('/console/password?done=1');
    // This session stays; the phone's ended.
    expect((await laptop.get('/console/clients')).status).toBe(200);
    expect((await phone.get('/console/clients')).headers.get('location')).toBe('/console/login');
    expect(await s.db.select().from(sessions).where(eq(sessions.accountId, account.id))).toHaveLength(1);
    await laptop.get('/console/password?done=1');
    expect(laptop.html).toContain('Пароль изменён. Другие сеансы этой учётной записи завершены.');
    expect((await s.db.select().from(auditLog).where(eq(auditLog.action, 'account.password_change'))).map((a) => a.accountId)).toEqual([account.id]);

    s.clock.advance(60_000);
    expect((await s.signIn('vera', TEST_PASSWORD)).res.status).toBe(401);
    expect((await s.signIn('vera', NEW_PASSWORD)).res.headers.get('location')).toBe('/console');
  });

  it('by a reset link: every session before it ends; the one the link opens is the one left', async () => {
    const s = await system();
    const { browser: admin } = await signedIn(s.app, s.db, s.clock, 'boss', 'admin');
    const { browser: old, account } = await s.as('vera');
    await admin.get(`/console/staff/${account.id}`);
    await admin.post(`/console/staff/${account.id}/invite`);
    const link = new URL(/id="invitation-link">([^<]+)</.exec(admin.html)![1]!).pathname;
    const fresh = new TestBrowser(s.app);
    await fresh.get(link);
    expect((await fresh.post(link, { password: NEW_PASSWORD, password2: NEW_PASSWORD })).headers.get('location')).toBe('/console');
    expect((await old.get('/console/clients')).headers.get('location')).toBe('/console/login');
    expect((await fresh.get('/console/clients')).status).toBe(200);
    expect(await s.db.select().from(sessions).where(eq(sessions.accountId, account.id))).toHaveLength(1);
  });
});
