import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { confirmTotpEnrolment, createAccount, pendingTotpSecret } from '../src/console/auth/accounts.ts';
import { createLinkCode } from '../src/console/auth/link.ts';
import { totp } from '../src/console/auth/totp.ts';
import { TEST_PASSWORD, TestBrowser } from '../src/console/testing.ts';
import { accounts, auditLog } from '../src/db/schema/index.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

let sys: TestSystem | undefined;
afterEach(async () => {
  await sys?.stop();
  sys = undefined;
});

/** A browser over real HTTP to the running system's console. */
const browserOf = (s: TestSystem) => new TestBrowser({ request: (url, init) => fetch(url.replace('http://localhost', s.app.url), { ...init, redirect: 'manual' }) });

/** An account signed in over HTTP (an admin with the code from the app, enrolled with the previous period's). */
async function signedIn(s: TestSystem, login: string, role: 'admin' | 'worker') {
  const db = s.app.database.db;
  const now = () => s.app.deps.now().getTime();
  const created = await createAccount(db, { login, displayName: login, role, password: TEST_PASSWORD });
  if (!created.ok) throw new Error(created.problems.join());
  let secret: string | undefined;
  if (role === 'admin') {
    secret = await pendingTotpSecret(db, s.app.deps.vault, created.account);
    await confirmTotpEnrolment(db, s.app.deps.vault, created.account, totp(secret, now() - 30_000), new Date(now()));
  }
  const b = browserOf(s);
  await b.get('/console/login');
  await b.post('/console/login', { login, password: TEST_PASSWORD });
  if (secret) {
    await b.get('/console/login/totp');
    await b.post('/console/login/totp', { code: totp(secret, now()) });
  }
  expect((await b.get('/console/clients')).status).toBe(200);
  return { browser: b, account: created.account };
}

describe('a staff account disabled in the console', () => {
  it('loses its session at once and its person is out of the staff group; the community chat administrator a person made stays, and the admin is told why', async () => {
    const s = (sys = await startTestSystem({ community: true }));
    const db = s.app.database.db;
    const [vera, other] = s.workers as [NonNullable<TestSystem['workers'][0]>, NonNullable<TestSystem['workers'][0]>];
    const { browser: admin } = await signedIn(s, 'boss', 'admin');
    const { browser: held, account } = await signedIn(s, 'vera', 'worker');
    // Vera links her account from the staff group.
    const code = await createLinkCode(db, s.app.deps.vault, account.id, new Date());
    s.emu.userSends(vera.id, s.staffChatId, { text: `/link ${code}` });
    await s.settle();
    expect((await db.select().from(accounts).where(eq(accounts.id, account.id)))[0]!.staffMemberId).not.toBeNull();

    await admin.get(`/console/staff/${account.id}`);
    expect((await admin.post(`/console/staff/${account.id}/disable`)).status).toBe(303);
    // Her held session: the sign-in page at its very next request.
    expect((await held.get('/console/clients')).headers.get('location')).toBe('/console/login');

    await s.app.outbox.idle();
    // Out of the staff group, able to be invited again, and unable to write there meanwhile.
    expect((await s.app.deps.api.getChatMember(s.staffChatId, vera.id)).status).toBe('left');
    expect(() => s.emu.userSends(vera.id, s.staffChatId, { text: 'still here?' })).toThrow();
    expect((await s.app.deps.api.getChatMember(s.staffChatId, other.id)).status).toBe('member');
    // The community chat's administrators were made by a person, not the bot: Telegram refuses, and the page says so.
    expect((await s.app.deps.api.getChatMember(s.communityChatId, vera.id)).status).toBe('administrator');
    await admin.get(`/console/staff/${account.id}`);
    expect(admin.html).toMatch(/data-where="staff-group" data-state="done"/);
    expect(admin.html).toMatch(/data-where="community" data-state="failed"/);
    expect(admin.html).toContain('CHAT_ADMIN_REQUIRED');
    const entries = (await db.select().from(auditLog)).map((a) => a.action);
    expect(entries).toEqual(expect.arrayContaining(['account.disable', 'account.telegram_removed', 'account.community_demote_failed']));
    // Nothing of her Telegram id in the logs.
    expect(s.logs.join('')).not.toContain(String(vera.id));
  });

  it('its person, let back into the staff group or left an administrator of the community chat, acts through the bot nowhere until enabled', async () => {
    const s = (sys = await startTestSystem({ community: true }));
    const db = s.app.database.db;
    const [vera, other] = s.workers as [NonNullable<TestSystem['workers'][0]>, NonNullable<TestSystem['workers'][0]>];
    const { browser: admin } = await signedIn(s, 'boss', 'admin');
    const { account } = await signedIn(s, 'vera', 'worker');
    const code = await createLinkCode(db, s.app.deps.vault, account.id, new Date());
    s.emu.userSends(vera.id, s.staffChatId, { text: `/link ${code}` });
    const client = s.emu.createUser({ first_name: 'Client', language_code: 'ru' });
    s.emu.userSends(client.id, client.id, { text: 'нужна консультация' });
    await s.settle();
    const thread = s.emu.topics(s.staffChatId).at(-1)!.message_thread_id;
    const header = s.topicMessages(thread)[0]!;
    await admin.get(`/console/staff/${account.id}`);
    await admin.post(`/console/staff/${account.id}/disable`);
    await s.app.outbox.idle();
    expect((await s.app.deps.api.getChatMember(s.staffChatId, vera.id)).status).toBe('left');

    // Let back in by mistake: her reply reaches no client, her press claims nothing.
    const link = await s.app.deps.api.createChatInviteLink(s.staffChatId);
    s.emu.userJoinsByLink(vera.id, link.invite_link);
    const toClient = s.botMessagesTo(client.id).length;
    s.emu.userSends(vera.id, s.staffChatId, { text: 'ответ от отключённой' }, { message_thread_id: thread });
    s.emu.userPressesButton(vera.id, s.staffChatId, header.message_id, (header.reply_markup!.inline_keyboard[0]![0] as { callback_data: string }).callback_data);
    await s.settle();
    expect(s.botMessagesTo(client.id)).toHaveLength(toClient);
    expect(s.emu.calls.filter((c) => c.method === 'answerCallbackQuery').map((c) => c.params.text)).toEqual(['Ваша учётная запись в консоли отключена: бот не принимает ваши действия.']);
    // Her joining's service message, her reply and her press.
    expect(s.logs.filter((l) => l.includes('staff.disabled_member_ignored')).map((l) => JSON.parse(l).kind).sort()).toEqual(['message', 'message', 'press']);
    // Still an administrator of the community chat (a person made her one): the bot's moderation is not hers.
    const member = s.emu.createUser({ first_name: 'Member' });
    s.emu.userJoinsByLink(member.id, (await s.app.deps.api.createChatInviteLink(s.communityChatId)).invite_link);
    const said = s.emu.userSends(member.id, s.communityChatId, { text: 'всем привет' });
    s.emu.userSends(vera.id, s.communityChatId, { text: '/ban спам' }, { reply_to_message_id: said.message_id });
    await s.settle();
    await s.app.outbox.idle();
    expect((await s.app.deps.api.getChatMember(s.communityChatId, member.id)).status).toBe('member');
    // A colleague whose account is active still can.
    s.emu.userSends(other.id, s.communityChatId, { text: '/ban спам' }, { reply_to_message_id: said.message_id });
    await s.settle();
    await s.app.outbox.idle();
    expect((await s.app.deps.api.getChatMember(s.communityChatId, member.id)).status).toBe('kicked');

    // Enabled again (and invited back, as she was): her press counts again.
    await admin.get(`/console/staff/${account.id}`);
    expect((await admin.post(`/console/staff/${account.id}/enable`)).status).toBe(303);
    s.emu.userPressesButton(vera.id, s.staffChatId, header.message_id, (header.reply_markup!.inline_keyboard[0]![0] as { callback_data: string }).callback_data);
    await s.settle();
    expect(s.topicMessages(thread).filter((m) => /взял\(а\)/.test(m.text ?? ''))).toHaveLength(1);
  });
});
