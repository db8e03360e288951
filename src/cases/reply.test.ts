import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { messagePairs, messages } from '../db/schema/index.ts';
import { replyToClient } from './reply.ts';
import { caseRow, clientTexts, eventsOf, topicTexts, useActionSystems } from './testing.ts';

const system = useActionSystems();

describe('replyToClient', () => {
  it('sends a console reply to the client, copies it into the topic, and names its author in the timeline', async () => {
    const s = await system();
    const { user, kase, topicId } = await s.newCase('Client', 'привет');
    const result = await replyToClient(s.bot, s.fromConsole(), { caseId: kase.id, text: '  Здравствуйте!\r\n' });
    expect(result.ok).toBe(true);
    expect(clientTexts(s, user.id)).toContain('Здравствуйте!');
    expect(topicTexts(s, topicId).at(-1)).toBe('✍️ из консоли, Anna Console: Здравствуйте!');
    const [event] = await eventsOf(s, kase.id, 'staff_message');
    expect(event).toMatchObject({ actor: 'staff', via: 'console', staffMemberId: s.vera.id });
    expect((await caseRow(s, kase.id)).status).toBe('waiting');
    // The topic copy is paired with the client's message, so replies and edits find their way.
    expect(await s.db.select().from(messagePairs).where(eq(messagePairs.messageId, result.ok ? result.messageId : 0))).toHaveLength(1);
  });

  it('copies a message written in the topic once, however often it is handled', async () => {
    const s = await system();
    const { user, kase, topicId } = await s.newCase('Client', 'привет');
    const staffMessage = s.emu.userSends(s.worker.id, s.staff.id, { text: 'Мы здесь' }, { message_thread_id: topicId });
    const input = { caseId: kase.id, copy: { messageId: staffMessage.message_id, text: 'Мы здесь', kind: 'text' as const, body: 'Мы здесь' } };
    expect((await replyToClient(s.bot, s.inTelegram, input)).ok).toBe(true);
    expect(await replyToClient(s.bot, s.inTelegram, input)).toEqual({ ok: false, problem: 'already-sent' });
    expect(clientTexts(s, user.id).filter((t) => t === 'Мы здесь')).toHaveLength(1);
    expect(await eventsOf(s, kase.id, 'staff_message')).toHaveLength(1);
  });

  it('opens the topic again when staff deleted it, so the console reply keeps its pair', async () => {
    const s = await system();
    const { kase, topicId } = await s.newCase('Client', 'привет');
    await s.api.deleteForumTopic(s.staff.id, topicId);
    const result = await replyToClient(s.bot, s.fromConsole(), { caseId: kase.id, text: 'Ответ' });
    expect(result.ok).toBe(true);
    const row = await caseRow(s, kase.id);
    expect(row.topicId).not.toBe(topicId);
    expect(topicTexts(s, row.topicId!).some((t) => t.endsWith('Ответ'))).toBe(true);
    expect(await s.db.select().from(messagePairs)).toHaveLength(1);
  });

  it('records a reply to a client who blocked the bot as not delivered, and refuses empty, long and closed', async () => {
    const s = await system();
    const { user, kase } = await s.newCase('Client', 'привет');
    expect(await replyToClient(s.bot, s.fromConsole(), { caseId: kase.id, text: '   ' })).toEqual({ ok: false, problem: 'empty' });
    expect(await replyToClient(s.bot, s.fromConsole(), { caseId: kase.id, text: 'x'.repeat(3801) })).toEqual({ ok: false, problem: 'too-long' });
    s.emu.userBlocksBot(user.id);
    expect(await replyToClient(s.bot, s.fromConsole(), { caseId: kase.id, text: 'Ответ' })).toMatchObject({ ok: false, problem: 'blocked' });
    expect((await s.db.select().from(messages).where(eq(messages.direction, 'staff')))[0]!.delivery).toBe('blocked');
    expect(await eventsOf(s, kase.id, 'staff_message')).toMatchObject([{ data: { delivery: 'blocked' } }]);
    expect(await replyToClient(s.bot, s.fromConsole(), { caseId: 999, text: 'x' })).toEqual({ ok: false, problem: 'not-found' });
  });
});
