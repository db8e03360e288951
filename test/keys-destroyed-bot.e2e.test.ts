import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { cases, clients, communityMembers, inbox } from '../src/db/schema/index.ts';
import { createInvite } from '../src/community/invites.ts';
import { destroyKeys } from '../src/privacy/keys.ts';
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
    s.emu.userSends(worker, s.staffChatId, { text: 'Здравствуйте, чем помочь?' }, { message_thread_id: thread });
    await s.settle();
    expect(s.botMessagesTo(olga.id).some((m) => m.text?.includes('чем помочь'))).toBe(true);
    const oksana = await joinThroughUnit(s, 'Оксана');
    s.emu.userSends(oksana, s.communityChatId, { text: 'всем привет' });
    await s.settle();
    expect(await s.app.database.db.select().from(communityMembers)).toHaveLength(1);

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

    const rows = await s.app.database.db.select({ status: inbox.status, lastError: inbox.lastError }).from(inbox);
    expect(rows.filter((r) => r.status !== 'done' && r.status !== 'skipped')).toEqual([]);
    expect(s.logs.join('')).not.toContain('"update.error"');
    // Nothing of the people in the log lines about it.
    expect(s.logs.join('')).not.toContain(String(olga.id));
    expect(s.logs.join('')).not.toContain(String(oksana));
  });
});
