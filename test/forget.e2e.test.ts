import type { User } from 'grammy/types';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { auditLog, cases, clients } from '../src/db/schema/index.ts';
import { startPeriodic } from '../src/jobs/periodic.ts';
import { DEFAULT_SETTINGS } from '../src/organisation/settings.ts';
import { computeReport, figure } from '../src/reports/compute.ts';
import { join } from 'node:path';
import { writeBackup } from '../src/privacy/backup.ts';
import { dumpDatabase, searchBackup, searchEverything } from './support/privacy-search.ts';
import { closeWithRecord, startTestSystem, type TestSystem } from './support/system.ts';

let sys: TestSystem | undefined;
afterEach(async () => {
  await sys?.stop();
  sys = undefined;
});

const DAY = 24 * 3600_000;
const topicOf = (s: TestSystem, userId: number) => Number(s.emu.calls.filter((c) => c.method === 'copyMessage' && c.params.from_chat_id === userId && c.ok).at(-1)!.params.message_thread_id);
/** Everything the staff group's copy holds as text: messages, captions, topic names. */
const staffGroupText = (s: TestSystem) =>
  JSON.stringify([s.emu.messages(s.staffChatId).map((m) => [m.text, m.caption, m.forum_topic_created?.name, m.forum_topic_edited?.name]), s.emu.topics(s.staffChatId).map((t) => t.name)]);

/** A client writes, a worker answers in the topic; returns the topic. */
async function conversation(s: TestSystem, person: User, clientText: string, reply: string): Promise<number> {
  s.emu.userSends(person.id, person.id, { text: clientText });
  await s.settle();
  const thread = topicOf(s, person.id);
  s.emu.userSends(s.workers[0]!.id, s.staffChatId, { text: reply }, { message_thread_id: thread });
  await s.settle();
  return thread;
}

describe('retention reaches the staff group', () => {
  it("deletes an expired case's topic through the outbox, erases its text, says so in the console and the audit log", async () => {
    const s = (sys = await startTestSystem());
    const person = s.emu.createUser({ id: 7_123_456_101, first_name: 'Ретенциус', username: 'retention_person', language_code: 'ru' });
    const thread = await conversation(s, person, 'у меня абсцесс на бедре, секретное-слово-7731', 'ответ-сотрудника-8812 приходите в пункт');
    await closeWithRecord(s, thread);
    expect(s.emu.topics(s.staffChatId).map((t) => t.message_thread_id)).toContain(thread);
    expect(staffGroupText(s)).toContain('секретное-слово-7731');

    // The system's clock a month and a day after the close.
    const [kase] = await s.app.database.db.select().from(cases);
    s.advanceClock(kase!.closedAt!.getTime() + 31 * DAY - s.app.deps.now().getTime());
    const periodic = startPeriodic(s.app.deps, 1e9);
    await periodic.tick();
    periodic.stop();
    await s.settle();

    expect(s.emu.topics(s.staffChatId).map((t) => t.message_thread_id)).not.toContain(thread);
    const [after] = await s.app.database.db.select().from(cases).where(eq(cases.id, kase!.id));
    expect(after).toMatchObject({ topicId: null, textErasedBy: 'retention', status: 'closed' });
    expect(after!.topicDeletedAt).not.toBeNull();
    expect(await searchEverything(s, ['секретное-слово-7731', 'ответ-сотрудника-8812', 'Ретенциус', 'retention_person', String(person.id)])).toEqual([]);
    expect(staffGroupText(s)).not.toMatch(/секретное-слово-7731|ответ-сотрудника-8812/);
    const audit = await s.app.database.db.select().from(auditLog).where(eq(auditLog.action, 'retention.run'));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toMatch(/^cases=1, messages=\d+, .*topics=1$/);

    // A second run has nothing left to do: no second deletion, no audit line.
    s.advanceClock(2 * 3600_000);
    const again = startPeriodic(s.app.deps, 1e9);
    await again.tick();
    again.stop();
    await s.settle();
    expect(await s.app.database.db.select().from(auditLog).where(eq(auditLog.action, 'retention.run'))).toHaveLength(1);
    expect(s.emu.calls.filter((c) => c.method === 'deleteForumTopic')).toHaveLength(1);
  });
});

describe('/forget', () => {
  it('asks in the client\'s language, then leaves nothing of them in the database, the staff group or the logs; writing again makes a new client; reports still count', async () => {
    // Writing after a close starts a new case at once (two cases, two topics to delete).
    const s = (sys = await startTestSystem({ settings: { cases: { reopenWithinHours: 0 } } }));
    const person = s.emu.createUser({ id: 7_123_456_202, first_name: 'Forgettable', last_name: 'Personov', username: 'forget_me_please', language_code: 'en' });
    const closed = await conversation(s, person, 'first worry: vein-secret-4411', 'staff-answer-5522 come by the unit');
    await closeWithRecord(s, closed);
    const open = await conversation(s, person, 'second worry: rash-secret-6633', 'staff-answer-7744 send a photo');
    expect(open).not.toBe(closed);
    const [before] = await s.app.database.db.select().from(clients);
    const oldPseudonym = before!.pseudonym;

    s.emu.userSends(person.id, person.id, { text: '/forget' });
    await s.settle();
    const ask = s.botMessagesTo(person.id).at(-1)!;
    expect(ask.text).toMatch(/^Erase everything about you\?/);
    const buttons = ask.reply_markup!.inline_keyboard.flat() as { text: string; callback_data: string }[];
    expect(buttons.map((b) => b.text)).toEqual(['No, keep it', 'Yes, erase everything']);

    // "No" erases nothing.
    s.emu.userPressesButton(person.id, person.id, ask.message_id, 'forget:no');
    await s.settle();
    expect(s.emu.message(person.id, ask.message_id)!.text).toBe('Nothing was erased.');
    expect(await s.app.database.db.select().from(clients).where(eq(clients.pseudonym, oldPseudonym))).toHaveLength(1);

    s.emu.userSends(person.id, person.id, { text: '/forget' });
    await s.settle();
    const ask2 = s.botMessagesTo(person.id).at(-1)!;
    s.emu.userPressesButton(person.id, person.id, ask2.message_id, 'forget:yes');
    await s.settle();
    expect(s.emu.message(person.id, ask2.message_id)!.text).toMatch(/^Done: everything about you is erased/);

    // Both topics gone; the staff group has one line, in its general topic, with a count and no name.
    expect(s.emu.topics(s.staffChatId).map((t) => t.message_thread_id)).not.toContain(closed);
    expect(s.emu.topics(s.staffChatId).map((t) => t.message_thread_id)).not.toContain(open);
    const notice = s.emu.messages(s.staffChatId).filter((m) => m.text?.startsWith('Клиент попросил его забыть'));
    expect(notice.map((m) => [m.text, m.message_thread_id])).toEqual([['Клиент попросил его забыть: стёрто обращений — 2, их темы удаляются. Анонимные записи остаются в отчётах.', undefined]]);
    // The private chat: what was relayed either way (under 48 hours) is deleted there too.
    const left = s.emu.messages(person.id).map((m) => m.text ?? '');
    expect(left.filter((t) => /secret|staff-answer/.test(t))).toEqual([]);
    // And what the bot itself said there (its timeline knows the ids), and the confirmed /forget (the declined one is not tracked).
    expect(left.filter((t) => /^Your message has been passed to a worker/.test(t))).toEqual([]);
    expect(left.filter((t) => t === '/forget')).toHaveLength(1);

    const needles = ['vein-secret-4411', 'staff-answer-5522', 'rash-secret-6633', 'staff-answer-7744', 'Forgettable', 'Personov', 'forget_me_please', String(person.id)];
    expect(await searchEverything(s, needles)).toEqual([]);
    expect(needles.filter((n) => staffGroupText(s).includes(n))).toEqual([]);
    expect(s.logs.join('')).not.toContain('forget_compact_failed');
    // A backup written now (the embedded database's files, old row versions included) has nothing of them either.
    if (s.app.database.kind === 'pglite') {
      const out = join(s.dataDir, 'after-forget.tar.gz');
      await writeBackup(s.app.database, out);
      expect(searchBackup(out, [...needles, before!.tgHash])).toEqual([]);
    }
    // Nothing derived from them links the old row any more: not their hash, not their pseudonym.
    const rows = await s.app.database.db.select().from(clients).orderBy(clients.id);
    expect(rows[0]).toMatchObject({ id: before!.id, chatSealed: '', pseudonym: `forgotten-${before!.id}` });
    expect(rows[0]!.forgottenAt).not.toBeNull();
    expect((await dumpDatabase(s.app.database.db)).includes(before!.tgHash)).toBe(false);
    const kases = await s.app.database.db.select().from(cases).orderBy(cases.id);
    expect(kases.map((k) => [k.status, k.textErasedBy])).toEqual([
      ['closed', 'forget'],
      ['closed', 'forget'],
    ]);
    const audit = await s.app.database.db.select().from(auditLog).where(eq(auditLog.action, 'client.forget'));
    expect(audit.map((a) => a.detail)).toEqual([expect.stringMatching(/^cases=2, messages=\d+$/)]);

    // The same person writing again is a new client, with a new pseudonym.
    s.emu.userSends(person.id, person.id, { text: 'hello again' });
    await s.settle();
    const now = await s.app.database.db.select().from(clients).orderBy(clients.id);
    const fresh = now.find((c) => c.forgottenAt === null)!;
    expect(fresh.id).not.toBe(before!.id);
    expect(fresh.pseudonym).not.toBe(oldPseudonym);
    expect(await s.app.database.db.select().from(cases).where(eq(cases.clientId, before!.id))).toHaveLength(2);

    // The reports still count the forgotten cases (three cases this month: two forgotten, one new).
    const report = await computeReport(s.app.database.db, { from: new Date(Date.now() - 40 * DAY), to: new Date(Date.now() + DAY), settings: DEFAULT_SETTINGS });
    expect(figure(report, 'contacts', 'cases')?.current).toBe(3);
  });
});
