import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { upsertStaffMember } from '../../cases/staff-members.ts';
import { auditLog, sessions } from '../../db/schema/index.ts';
import { useCaseSystems } from '../cases/test-system.ts';
import { TestBrowser } from '../testing.ts';

const system = useCaseSystems();

const auditOf = async (s: Awaited<ReturnType<typeof system>>, actions: string[]) =>
  (await s.db.select().from(auditLog).where(inArray(auditLog.action, actions)).orderBy(auditLog.id)).map((a) => ({ by: a.accountId, action: a.action, detail: a.detail }));

describe('staff access: disabling, ending sessions', () => {
  it('disabling refuses the held session at its very next request and takes the linked person out of the staff group, with the outcome on the page', async () => {
    const s = await system();
    const { browser: admin, account: boss } = await s.as('boss', 'admin');
    const member = await upsertStaffMember(s.bot, { id: s.worker.id, first_name: 'Vera' });
    const { browser: vera, account } = await s.as('vera', 'worker', { staffMemberId: member.id });
    expect((await vera.get('/console/clients')).status).toBe(200);
    // The cookie, held as a thief would hold it.
    const held = new TestBrowser(s.app);
    for (const [k, v] of vera.cookies) held.cookies.set(k, v);
    expect((await held.get('/console/clients')).status).toBe(200);

    await admin.get(`/console/staff/${account.id}`);
    expect(admin.html).toContain('Бот удалит связанного участника из рабочей группы');
    expect((await admin.post(`/console/staff/${account.id}/disable`)).status).toBe(303);

    // The very next request with the held cookie: the sign-in page, nothing of the console.
    const next = await held.get('/console/clients');
    expect(next.status).toBe(303);
    expect(next.headers.get('location')).toBe('/console/login');
    const form = await held.send('/console/cases/1/note', { method: 'POST', body: 'text=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect([303, 403]).toContain(form.status);
    expect(await s.db.select().from(sessions).where(eq(sessions.accountId, account.id))).toHaveLength(0);

    // Out of the staff group (banned, then unbanned: they can be invited again).
    expect((await s.api.getChatMember(s.staff.id, s.worker.id)).status).toBe('left');
    await admin.get(`/console/staff/${account.id}`);
    expect(admin.html).toMatch(/data-where="staff-group" data-state="done"/);
    expect(admin.html).toContain('Удаление из рабочей группы');
    expect(admin.html).toContain('Включение не вернёт человека в рабочую группу: пригласите его в Telegram заново.');
    expect(await auditOf(s, ['account.disable', 'account.telegram_removed'])).toEqual([
      { by: boss.id, action: 'account.disable', detail: 'vera' },
      { by: boss.id, action: 'account.telegram_removed', detail: 'vera' },
    ]);
    // In the audit log's page, in words.
    await admin.get('/console/audit');
    expect(admin.html).toContain('Удалён из рабочей группы в Telegram');

    // Enabling adds nobody back.
    expect((await admin.post(`/console/staff/${account.id}/enable`)).status).toBe(303);
    expect((await s.api.getChatMember(s.staff.id, s.worker.id)).status).toBe('left');
    // The Telegram id is nowhere in what the page or the log show.
    await admin.get(`/console/staff/${account.id}`);
    expect(admin.html).not.toContain(String(s.worker.id));
    expect(s.logs.join('')).not.toContain(String(s.worker.id));
  });

  it('shows a refusal with Telegram’s reason (the group’s owner cannot be removed)', async () => {
    const s = await system();
    const { browser: admin, account: boss } = await s.as('boss', 'admin');
    const owner = s.emu.createUser({ first_name: 'Olga' });
    const group = s.emu.createForumGroup({ title: 'Owned', members: [], ownerId: owner.id, botIsAdmin: true });
    const member = await upsertStaffMember(s.bot, { id: owner.id, first_name: 'Olga' });
    const { account } = await s.as('olga', 'worker', { staffMemberId: member.id });
    const staffChatId = s.bot.staffChatId;
    s.bot.staffChatId = group.id;
    try {
      await admin.get(`/console/staff/${account.id}`);
      await admin.post(`/console/staff/${account.id}/disable`);
    } finally {
      s.bot.staffChatId = staffChatId;
    }
    await admin.get(`/console/staff/${account.id}`);
    expect(admin.html).toMatch(/data-where="staff-group" data-state="failed"/);
    expect(admin.html).toContain('Telegram отказал:');
    expect(admin.html).toContain('can&#39;t remove chat owner');
    expect(await auditOf(s, ['account.telegram_remove_failed'])).toEqual([{ by: boss.id, action: 'account.telegram_remove_failed', detail: "olga: Bad Request: can't remove chat owner" }]);
  });

  it('an admin ends every session of an account: counted, last request shown without addresses, confirmed, audited', async () => {
    const s = await system();
    const { browser: admin, account: boss } = await s.as('boss', 'admin');
    const { browser: phone, account } = await s.as('vera', 'worker');
    const laptop = new TestBrowser(s.app);
    await laptop.get('/console/login');
    await laptop.post('/console/login', { login: 'vera', password: 'a long enough passphrase' });
    s.clock.advance(120_000);
    expect((await laptop.get('/console/clients')).status).toBe(200);

    await admin.get(`/console/staff/${account.id}`);
    expect(admin.html).toMatch(/id="sessions-status" data-sessions="2">Открытых сеансов: 2\./);
    expect(admin.html).toContain(`datetime="${s.clock.now().toISOString()}"`);
    expect(admin.html).not.toMatch(/127\.0\.0\.1|::1|x-forwarded/i);
    // Not confirmed: nothing ends.
    expect((await admin.post(`/console/staff/${account.id}/sessions/end`)).status).toBe(422);
    expect(admin.html).toContain('Отметьте подтверждение');
    expect((await phone.get('/console/clients')).status).toBe(200);

    await admin.get(`/console/staff/${account.id}`);
    const ended = await admin.post(`/console/staff/${account.id}/sessions/end`, { confirm: 'yes' });
    expect(ended.headers.get('location')).toBe(`/console/staff/${account.id}?done=sessions`);
    for (const b of [phone, laptop]) expect((await b.get('/console/clients')).headers.get('location')).toBe('/console/login');
    await admin.get(ended.headers.get('location')!);
    expect(admin.html).toContain('Все сеансы учётной записи завершены.');
    expect(admin.html).toMatch(/data-sessions="0"/);
    expect(await auditOf(s, ['account.sessions_end'])).toEqual([{ by: boss.id, action: 'account.sessions_end', detail: 'vera: 2' }]);

    // The account can sign in again (nothing else changed); an admin ending their own is signed out.
    const again = new TestBrowser(s.app);
    await again.get('/console/login');
    expect((await again.post('/console/login', { login: 'vera', password: 'a long enough passphrase' })).headers.get('location')).toBe('/console');
    await admin.get(`/console/staff/${boss.id}`);
    expect((await admin.post(`/console/staff/${boss.id}/sessions/end`, { confirm: 'yes' })).headers.get('location')).toBe('/console/login');
    expect((await admin.get('/console/staff')).headers.get('location')).toBe('/console/login');
    expect(await s.db.select().from(sessions).where(and(eq(sessions.accountId, boss.id)))).toHaveLength(0);
  });
});
