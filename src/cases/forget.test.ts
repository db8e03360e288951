import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cases, clients, communityMembers, communityQuestions, messagePairs, messages, outbox, scheduledJobs } from '../db/schema/index.ts';
import { clientTarget, groupTarget } from '../outbox/store.ts';
import { HASH, SEAL } from './deps.ts';
import { purgeExpiredText } from '../jobs/retention.ts';
import { FORGET_OPS, forgetClient } from './forget.ts';
import { caseRow, useActionSystems } from './testing.ts';

const system = useActionSystems();
const HOUR = 3600_000;

describe('forgetClient', () => {
  it('erases, closes, cancels, deletes what Telegram still allows and leaves nothing derived from the person', async () => {
    const s = await system();
    const { user, client, kase, topicId } = await s.newCase('Клиентка', 'тайный текст 123');
    // A copy of the client's message in their chat, paired: one old (Telegram refuses it), one fresh.
    const sentOld = await s.api.sendMessage(user.id, 'старый ответ');
    const sentNew = await s.api.sendMessage(user.id, 'новый ответ');
    const [m] = await s.db.select().from(messages).where(eq(messages.caseId, kase.id));
    const [old] = await s.db
      .insert(messages)
      .values({ caseId: kase.id, direction: 'staff', kind: 'text', bodySealed: s.bot.vault.seal(SEAL.messageBody, 'старый ответ'), createdAt: new Date(s.clock.now().getTime() - 50 * HOUR) })
      .returning();
    await s.db.insert(messagePairs).values([
      { messageId: old!.id, clientId: client.id, clientMsgId: sentOld.message_id, staffChatId: s.staff.id, staffMsgId: 900, origin: 'staff' },
      { messageId: m!.id, clientId: client.id, clientMsgId: sentNew.message_id, staffChatId: s.staff.id, staffMsgId: 901, origin: 'client' },
    ]);
    await s.db.insert(scheduledJobs).values({ kind: 'emergency.followup', caseId: kase.id, dueAt: new Date(s.clock.now().getTime() + HOUR), payloadSealed: 'v1.x' });
    // Something still queued for them: it must not go out (nor open a topic again).
    await s.db.insert(outbox).values({ target: clientTarget(client.id), op: 'client.text', caseId: kase.id, payloadSealed: 'v1.y', status: 'parked' });
    // The same person in the community chat, with a question.
    const [member] = await s.db
      .insert(communityMembers)
      .values({ tgHash: s.bot.vault.hash(HASH.telegramUser, user.id), chatSealed: 'v1.c', pseudonym: client.pseudonym, status: 'member' })
      .returning();
    await s.db.insert(communityQuestions).values({ memberId: member!.id, chatMessageId: 5, bodySealed: 'v1.q', askedAt: s.clock.now() });

    const result = await forgetClient(s.bot, client.id, { alsoDelete: [777_777] });
    expect(result).toEqual({ cases: 1, openClosed: 1, messages: 2, topics: 1, chatMessages: 2 });

    expect(await caseRow(s, kase.id)).toMatchObject({ status: 'closed', closeReason: 'forgotten', textErasedBy: 'forget', topicId: null, feedbackCommentSealed: null });
    expect((await s.db.select().from(messages)).map((r) => [r.bodySealed, r.fileSealed])).toEqual([
      [null, null],
      [null, null],
    ]);
    expect(await s.db.select().from(messagePairs)).toEqual([]);
    expect((await s.db.select().from(scheduledJobs)).map((j) => [j.status, j.payloadSealed])).toEqual([['cancelled', '']]);
    const items = await s.db.select().from(outbox).orderBy(outbox.id);
    expect(items[0]).toMatchObject({ status: 'discarded', payloadSealed: null });
    expect(items.slice(1).map((i) => [i.op, i.target, i.status, i.payloadSealed])).toEqual([
      [FORGET_OPS.deleteTopic, groupTarget(s.staff.id), 'done', null],
      [FORGET_OPS.deleteClientMessages, clientTarget(client.id), 'done', null],
      [FORGET_OPS.groupNotice, groupTarget(s.staff.id), 'done', null],
    ]);
    // Telegram: the topic gone; the fresh message deleted, the 50-hour-old one left (the bot may not).
    expect(s.emu.topics(s.staff.id).map((t) => t.message_thread_id)).not.toContain(topicId);
    expect(s.emu.message(user.id, sentNew.message_id)).toBeUndefined();
    expect(s.emu.message(user.id, sentOld.message_id)).toBeDefined();
    expect(s.emu.calls.filter((c) => c.method === 'deleteMessages').map((c) => c.params.message_ids)).toEqual([[sentNew.message_id, 777_777]]);
    expect(s.botTo(s.staff.id).at(-1)!.text).toBe('Клиент попросил его забыть: стёрто обращений — 1, его тема удаляется. Анонимные записи остаются в отчётах.');

    // The row keeps nothing of theirs; the pseudonym is held by a placeholder linked to nothing.
    const rows = await s.db.select().from(clients).orderBy(clients.id);
    expect(rows.map((r) => [r.tgHash.replace(/:.*/, ':…'), r.chatSealed, r.pseudonym === client.pseudonym])).toEqual([
      ['forgotten:…', '', false],
      ['retired:…', '', true],
    ]);
    const members = await s.db.select().from(communityMembers).orderBy(communityMembers.id);
    expect(members.map((r) => [r.tgHash.replace(/:.*/, ':…'), r.chatSealed, r.status])).toEqual([
      ['forgotten:…', '', 'left'],
      ['retired:…', '', 'left'],
    ]);
    expect((await s.db.select().from(communityQuestions))[0]!.bodySealed).toBeNull();

    // The console keeps the case's structure and says plainly what happened to its text.
    const { browser } = await s.as('anna', 'worker');
    const page = await (await browser.get(`/console/cases/${kase.id}`)).text();
    expect(page).toMatch(/Клиент попросил его забыть: текст этого обращения стёрт \d/);
    expect(page).not.toContain('тайный текст 123');
    expect(page).not.toContain('/reopen');

    const { browser: admin } = await s.as('root', 'admin');
    const list = await admin.get('/console/clients');
    expect(list.status).toBe(200);
    expect(await list.text()).not.toContain(client.pseudonym);

    // Once is enough: a second press finds no one to forget.
    expect(await forgetClient(s.bot, client.id)).toBeUndefined();
  });

  it('the console says when retention erased a case\'s text', async () => {
    const s = await system();
    const { kase } = await s.newCase('Client', 'hello');
    await s.db.update(cases).set({ status: 'closed', closedAt: new Date(s.clock.now().getTime() - 40 * 24 * HOUR) }).where(eq(cases.id, kase.id));
    await purgeExpiredText(s.db, 30, s.clock.now());
    const { browser } = await s.as('anna', 'worker', { locale: 'en' });
    const page = await (await browser.get(`/console/cases/${kase.id}`)).text();
    expect(page).toMatch(/The text of this case was erased on [^<]+ under the retention rule/);
  });

  it('counts a topic Telegram no longer has as deleted, and deletes one by one when a batch is refused', async () => {
    const s = await system();
    const { user, client, kase, topicId } = await s.newCase('Client', 'hello');
    await s.api.deleteForumTopic(s.staff.id, topicId);
    const a = await s.api.sendMessage(user.id, 'a');
    // A message the user sent long ago in the emulator's clock: the batch with it is refused.
    s.emu.advanceClock(49 * HOUR);
    const b = await s.api.sendMessage(user.id, 'b');
    const result = await forgetClient(s.bot, client.id, { alsoDelete: [a.message_id, b.message_id] });
    expect(result).toMatchObject({ topics: 1, chatMessages: 2 });
    const row = await caseRow(s, kase.id);
    expect(row.topicId).toBeNull();
    expect(row.topicDeletedAt).not.toBeNull();
    expect(s.emu.message(user.id, b.message_id)).toBeUndefined();
    expect(s.emu.message(user.id, a.message_id)).toBeDefined();
    expect((await s.db.select().from(outbox)).every((i) => i.status === 'done' && i.payloadSealed === null)).toBe(true);
  });
});
