import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { communityMembers, moderationActions, outbox } from '../src/db/schema/index.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

/**
 * The community chat under Telegram's limits (about 20 messages a minute into one group), with
 * the emulator enforcing them on a virtual clock: a burst of joins and removals is paced, never
 * dropped.
 */
let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem({ community: true, limits: {}, virtualTelegramTime: true });
});
afterAll(() => sys?.stop());

const PEOPLE = 25;

describe('the community chat under the group limit', () => {
  it('welcomes a burst of joins with one message, removes every insult and warns every author, and paces a burst of replies in the chat', async () => {
    const people = Array.from({ length: PEOPLE }, (_, i) => sys.emu.createUser({ first_name: `Member ${i}` }));
    // They started the bot (so it may write to them), then joined at once.
    for (const p of people) sys.emu.userSends(p.id, p.id, { text: '/start' });
    await sys.settle();
    for (const p of people) sys.emu.userJoins(p.id, sys.communityChatId);
    await sys.settle();
    const start = sys.telegramTime();
    const insults = people.map((p) => sys.emu.userSends(p.id, sys.communityChatId, { text: 'ты тупой урод' }));
    await sys.settle();

    const botInChat = sys.emu.calls.filter((c) => c.ok && c.params.chat_id === sys.communityChatId && /^send/.test(c.method));
    expect(botInChat).toHaveLength(1); // one welcome for the burst
    for (const m of insults) expect(sys.emu.message(sys.communityChatId, m.message_id)).toBeUndefined();
    for (const p of people) expect(sys.botMessagesTo(p.id).at(-1)!.text).toMatch(/удалено/);
    const db = sys.app.database.db;
    expect(await db.select().from(moderationActions)).toHaveLength(PEOPLE * 2);
    expect((await db.select().from(communityMembers)).every((m) => m.status === 'member')).toBe(true);
    // Nothing set aside, nothing left: every 429 was waited out.
    expect(await db.select().from(outbox).where(eq(outbox.status, 'parked'))).toHaveLength(0);
    const waiting = (await db.select().from(outbox)).filter((r) => r.status !== 'done');
    expect(waiting).toHaveLength(0);
    // A busy evening: everyone asks something the knowledge base answers; every offer goes out,
    // within the group's 20 a minute (25 take over a minute of Telegram's time).
    const asked = sys.telegramTime();
    const questions = people.map((p, i) => sys.emu.userSends(p.id, sys.communityChatId, { text: `где можно бесплатно сдать тест на ВИЧ и гепатит? (${i})` }));
    await sys.settle();
    const offers = sys.emu.calls.filter((c) => c.ok && c.params.chat_id === sys.communityChatId && /^send/.test(c.method) && c.at >= asked);
    expect(offers).toHaveLength(PEOPLE);
    const replied = new Set(sys.emu.messages(sys.communityChatId).map((m) => m.reply_to_message?.message_id));
    for (const q of questions) expect(replied.has(q.message_id)).toBe(true);
    const at = offers.map((c) => c.at);
    for (let i = 20; i < at.length; i++) expect(at[i]! - at[i - 20]!).toBeGreaterThanOrEqual(60_000 - 1000);
    expect(await db.select().from(outbox).where(eq(outbox.status, 'parked'))).toHaveLength(0);
    expect(start).toBeLessThan(asked);
  });
});
