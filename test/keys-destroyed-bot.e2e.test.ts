import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq, ne } from 'drizzle-orm';
import { cases, clients, communityMembers, inbox, outbox, scheduledJobs } from '../src/db/schema/index.ts';
import { createInvite } from '../src/community/invites.ts';
import { destroyKeys } from '../src/privacy/keys.ts';
import { SECRET_KEY_FILE } from '../src/privacy/secret-key.ts';
import { Vault } from '../src/privacy/vault.ts';
import { DEFAULT_SETTINGS } from '../src/organisation/settings.ts';
import { closeWithRecord, startTestSystem, type TestSystem } from './support/system.ts';

let sys: TestSystem | undefined;
afterEach(async () => {
  await sys?.stop();
  sys = undefined;
});

const community = { ...DEFAULT_SETTINGS.community, peerInvitesPerMonth: 1, joinRequestTimeoutMinutes: 60, welcomeDeleteMinutes: 10, unansweredQuestionMinutes: 30 };

/** `netreach keys destroy` as the server runs it, on the system's own vault. */
const destroy = (s: TestSystem) => destroyKeys({ db: s.app.database.db, dataDir: s.dataDir, vault: s.app.deps.vault, keyFromEnv: false });

async function joinThroughUnit(s: TestSystem, name: string): Promise<number> {
  const { link } = await createInvite(s.app.community!, undefined, { source: 'unit', name: 'Автобус', unitId: 'bus' });
  const user = s.emu.createUser({ first_name: name, language_code: 'ru' });
  expect(s.emu.userJoinsByLink(user.id, link).status).toBe('requested');
  await s.settle();
  const rules = s.botMessagesTo(user.id).find((x) => /Правила чата/.test(x.text ?? ''))!;
  const button = rules.reply_markup!.inline_keyboard.flat()[0] as { url: string };
  s.emu.userSends(user.id, user.id, { text: `/start ${/start=(\S+)$/.exec(button.url)![1]}` });
  await s.settle();
  return user.id;
}

describe('the bot after `netreach keys destroy`', () => {
  it('answers in old topics, closes old cases, takes old clients and members as new, and no update fails', async () => {
    const s = (sys = await startTestSystem({ community: true, settings: { community } }));
    const worker = s.workers[0]!.id;
    const olga = s.emu.createUser({ first_name: 'Olga', language_code: 'ru' });
    s.emu.userSends(olga.id, olga.id, { text: 'нужна консультация' });
    await s.settle();
    const thread = s.emu.topics(s.staffChatId)[0]!.message_thread_id;
    const hello = s.emu.userSends(worker, s.staffChatId, { text: 'Здравствуйте, чем помочь?' }, { message_thread_id: thread });
    await s.settle();
    expect(s.botMessagesTo(olga.id).some((m) => m.text?.includes('чем помочь'))).toBe(true);
    const oksana = await joinThroughUnit(s, 'Оксана');
    s.emu.userSends(oksana, s.communityChatId, { text: 'всем привет' });
    await s.settle();
    expect(await s.app.database.db.select().from(communityMembers)).toHaveLength(1);

    const oldVault = new Vault(Buffer.from(readFileSync(join(s.dataDir, SECRET_KEY_FILE), 'utf8').trim(), 'base64'));
    await destroy(s);

    // A worker answers in the old topic: nothing reaches Olga, the worker is told why, once.
    const before = s.botMessagesTo(olga.id).length;
    s.emu.userSends(worker, s.staffChatId, { text: 'Вы тут?' }, { message_thread_id: thread });
    s.emu.userSends(worker, s.staffChatId, { text: 'Алло?' }, { message_thread_id: thread });
    await s.settle();
    expect(s.botMessagesTo(olga.id)).toHaveLength(before);
    const notices = s.topicMessages(thread).filter((m) => /ключ/.test(m.text ?? ''));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text).toMatch(/не может получить|больше нельзя/);

    // An edit of a reply sent before, and an article: nothing reaches her, nothing fails.
    s.emu.userEdits(worker, s.staffChatId, hello.message_id, { text: 'Здравствуйте! Чем помочь?' });
    s.emu.userSends(worker, s.staffChatId, { text: '/kb абсцесс' }, { message_thread_id: thread });
    await s.settle();
    expect(s.botMessagesTo(olga.id)).toHaveLength(before);
    expect(s.topicMessages(thread).filter((m) => /ключ/.test(m.text ?? ''))).toHaveLength(1);
    expect(s.logs.join('')).toContain('"staff.client_unreachable"');

    // The old case closes.
    await closeWithRecord(s, thread);
    const [old] = await s.app.database.db.select().from(cases).where(eq(cases.topicId, thread));
    expect(old!.status).toBe('closed');

    // Olga writing again is a new client with a new case, and is answered.
    s.emu.userSends(olga.id, olga.id, { text: 'это снова я' });
    await s.settle();
    expect(await s.app.database.db.select().from(clients)).toHaveLength(2);
    expect(s.emu.topics(s.staffChatId)).toHaveLength(2);
    expect(s.botMessagesTo(olga.id).length).toBeGreaterThan(before);

    // Oksana, in the community chat and in her private chat with the bot.
    s.emu.userSends(oksana, s.communityChatId, { text: 'как дела у всех?' });
    s.emu.userSends(oksana, oksana, { text: '/invite' });
    await s.settle();

    // A job and a queued item sealed under the old key (another instance, before it picked the new
    // key up): the job is dropped, the item set aside; the chat's later items still go.
    const db = s.app.database.db;
    const [job] = await db.insert(scheduledJobs).values({ kind: 'community.delete_message', dueAt: new Date(s.app.deps.now().getTime() - 1000), payloadSealed: oldVault.sealJson('job.payload', { messageId: 1 }) }).returning();
    await s.app.deps.scheduler.runDue();
    const [dropped] = await db.select().from(scheduledJobs).where(eq(scheduledJobs.id, job!.id));
    expect(dropped!.status).toBe('cancelled');
    expect(s.logs.join('')).toContain('"job.unreadable"');
    const target = `group:${s.staffChatId}`;
    const [stale] = await db.insert(outbox).values({ target, op: 'topic.send', caseId: old!.id, payloadSealed: oldVault.sealJson('outbox.payload', { text: 'x' }) }).returning();
    await s.app.deps.outbox.send([{ target, op: 'topic.send', caseId: old!.id, payload: { text: 'после уничтожения ключа' } }]);
    await s.settle();
    await s.app.outbox.idle();
    const [setAsideItem] = await db.select().from(outbox).where(eq(outbox.id, stale!.id));
    expect(setAsideItem).toMatchObject({ status: 'discarded', lastError: 'key destroyed', payloadSealed: null });
    expect(s.topicMessages(thread).some((m) => m.text === 'после уничтожения ключа')).toBe(true);

    // An update stored under the old key and left unhandled (destroy marks it failed): a restart
    // sets it aside instead of failing to start.
    await s.app.database.db.insert(inbox).values({ updateId: 999_999_999, kind: 'message', status: 'failed', lastError: 'key destroyed', payloadSealed: oldVault.sealJson('inbox.update', { update_id: 999_999_999 }) });
    await s.restart();
    const [setAside] = await s.app.database.db.select().from(inbox).where(eq(inbox.updateId, 999_999_999));
    expect(setAside).toMatchObject({ status: 'skipped', payloadSealed: null });
    s.emu.userSends(olga.id, olga.id, { text: 'и ещё' });
    await s.settle();
    expect(s.topicMessages(s.emu.topics(s.staffChatId)[1]!.message_thread_id).some((m) => m.text?.includes('и ещё'))).toBe(true);

    const rows = await s.app.database.db.select({ status: inbox.status, lastError: inbox.lastError }).from(inbox).where(ne(inbox.updateId, 999_999_999));
    expect(rows.filter((r) => r.status !== 'done' && r.status !== 'skipped')).toEqual([]);
    expect(s.logs.join('')).not.toContain('"update.error"');
    // Nothing of the people in the log lines about it.
    expect(s.logs.join('')).not.toContain(String(olga.id));
    expect(s.logs.join('')).not.toContain(String(oksana));
  });
});
