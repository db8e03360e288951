import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inbox, messages, outbox } from '../src/db/schema/index.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

/**
 * The staff group's ceiling (about 20 messages a minute from a bot into one group), with the
 * emulator enforcing Telegram's limits on a virtual clock, so minutes of Telegram's time pass in
 * seconds. The full-size run (100 clients) is in `npm run bench`.
 */
let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem({ limits: {}, virtualTelegramTime: true });
});
afterAll(async () => {
  await sys?.stop();
});

const CLIENTS = 24;
const EACH = 3;

describe("the staff group's 20 messages a minute", () => {
  it('carries a burst from many clients complete and in order, bundles waiting texts, and puts an overdose alert first', async () => {
    const people = Array.from({ length: CLIENTS }, (_, i) => sys.emu.createUser({ first_name: `Burst ${i}` }));
    const start = sys.telegramTime();
    for (let n = 1; n <= EACH; n++) for (const p of people) sys.emu.userSends(p.id, p.id, { text: `${p.first_name}: message ${n}` });
    // Half-way through the backlog, someone describes an overdose.
    await sys.emu.waitFor(() => sys.emu.pendingUpdateCount === 0, 10_000);
    const od = sys.emu.createUser({ first_name: 'Overdose' });
    sys.emu.userSends(od.id, od.id, { text: 'помогите друг не дышит посинел' });
    await sys.settle();

    // Every message reached its own topic once, in the order written.
    const topics = new Map(sys.emu.topics(sys.staffChatId).map((t) => [t.name, t.message_thread_id]));
    expect(topics.size).toBe(CLIENTS + 1);
    const groupTexts = sys.emu.messages(sys.staffChatId).map((m) => m.text ?? '');
    for (const p of people) {
      const written = Array.from({ length: EACH }, (_, i) => `${p.first_name}: message ${i + 1}`);
      const positions = written.map((w) => groupTexts.findIndex((t) => t.includes(w)));
      expect(positions.every((x) => x >= 0)).toBe(true);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      expect(written.every((w) => groupTexts.filter((t) => t.includes(w)).length === 1)).toBe(true);
    }
    // Every case has its header with the claim button.
    const headers = sys.emu.messages(sys.staffChatId).filter((m) => m.reply_markup?.inline_keyboard.flat().some((b) => 'callback_data' in b && b.callback_data?.startsWith('case:claim:')));
    expect(headers).toHaveLength(CLIENTS + 1);

    // The waiting texts went as blocks, so the burst cost far fewer sends than messages.
    const sends = sys.emu.calls.filter((c) => c.ok && c.params.chat_id === sys.staffChatId && /^(send|copy)/.test(c.method));
    const blocks = sys.emu.messages(sys.staffChatId).filter((m) => m.text?.startsWith('⏳'));
    expect(blocks.length).toBeGreaterThan(0);
    expect(sends.length).toBeLessThan(CLIENTS * (EACH + 1));

    // The alert took the group's next free slot, ahead of the copies queued before it: after it was
    // queued, at most the one send already under way went first. (Told from the outbox's own
    // records: on the virtual clock, Telegram's time also jumps while the handler works.)
    const db = sys.app.database.db;
    const items = await db.select().from(outbox).where(eq(outbox.target, `group:${sys.staffChatId}`));
    const alertItem = items.find((r) => r.op === 'alert.post')!;
    expect(items.filter((r) => r.id < alertItem.id && r.doneAt! > alertItem.doneAt!).length).toBeGreaterThan(0);
    const before = new Set(items.filter((r) => r.caseId !== alertItem.caseId && r.doneAt! > alertItem.createdAt && r.doneAt! < alertItem.doneAt!).map((r) => r.doneAt!.getTime()));
    expect(before.size).toBeLessThanOrEqual(1);
    const lastCopy = sends.at(-1)!;

    // Within the ideal the limit sets (20 at once, then 20 a minute) × 1.1, and nothing lost on the way.
    const ideal = Math.floor((sends.length - 1) / 20) * 60_000;
    expect(lastCopy.at - start).toBeLessThanOrEqual(ideal * 1.1);
    expect(await db.select().from(outbox).where(eq(outbox.status, 'parked'))).toHaveLength(0);
    expect(await db.select().from(inbox).where(eq(inbox.status, 'failed'))).toHaveLength(0);
    expect(await db.select().from(messages)).toHaveLength(CLIENTS * EACH + 1);

    // /metrics (from loopback) shows the outbox drained and the alert's time to the group.
    const metrics = await (await fetch(`${sys.app.url}/metrics`)).text();
    expect(metrics).toContain('netreach_outbox_depth{chat_kind="staff_group"} 0');
    expect(metrics).toMatch(/netreach_emergency_reply_seconds_count\{reply="staff_alert"\} [1-9]/);
    expect(metrics).toMatch(/netreach_emergency_reply_seconds_count\{reply="client"\} [1-9]/);
  });
});
