import { eq, sql } from 'drizzle-orm';
import { messages, outbox } from '../src/db/schema/index.ts';
import { startBenchSystem } from './system.ts';

/**
 * The staff group's ceiling: `clients` people write `each` messages at once, and one more
 * describes an overdose, with the emulator enforcing Telegram's limits (20 messages a minute into
 * the group). Telegram's time is virtual (waits for the budget pass at once, the emulator sees
 * them pass), so minutes of it take seconds. The baseline is the ideal the limit itself sets for
 * the sends made (20 at once, then 20 a minute), and for one send per message as before.
 */
export async function benchStaffCeiling(opts: { clients: number; each: number }) {
  const sys = await startBenchSystem({ telegramLimits: true, virtualTelegramTime: true });
  const { emu, staffChatId, app } = sys;
  const db = app.database.db;
  const people = Array.from({ length: opts.clients }, (_, i) => emu.createUser({ first_name: `P${i}` }));
  const total = opts.clients * opts.each + 1;
  const start = emu.now();
  const realStart = performance.now();
  for (let n = 1; n <= opts.each; n++) for (const p of people) emu.userSends(p.id, p.id, { text: `${p.id} message ${n}` });
  const od = emu.createUser({ first_name: 'OD' });
  emu.userSends(od.id, od.id, { text: 'помогите друг не дышит посинел' });
  // In the console: every message is there once it is stored, whatever Telegram's backlog.
  let storedMs = 0;
  for (;;) {
    const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(messages).where(eq(messages.direction, 'client'));
    if (Number(row!.n) >= total) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  storedMs = performance.now() - realStart;
  await app.inbox.idle();
  await app.outbox.idle();

  const sends = emu.calls.filter((c) => c.ok && c.params.chat_id === staffChatId && /^(send|copy)/.test(c.method));
  const lastAt = Math.max(...sends.map((c) => c.at));
  const items = await db.select().from(outbox).where(eq(outbox.target, `group:${staffChatId}`));
  const alert = items.find((r) => r.op === 'alert.post')!;
  const before = new Set(items.filter((r) => r.caseId !== alert.caseId && r.doneAt! > alert.createdAt && r.doneAt! < alert.doneAt!).map((r) => r.doneAt!.getTime()));
  const texts = emu.messages(staffChatId).map((m) => m.text ?? '');
  let lost = 0;
  let reordered = 0;
  for (const p of people) {
    const at = Array.from({ length: opts.each }, (_, i) => texts.findIndex((t) => t.split('\n').includes(`${p.id} message ${i + 1}`)));
    lost += at.filter((x) => x < 0).length;
    if (at.some((x, i) => i > 0 && x < at[i - 1]!)) reordered++;
  }
  const headers = emu.messages(staffChatId).filter((m) => m.reply_markup?.inline_keyboard.flat().some((b) => 'callback_data' in b && b.callback_data?.startsWith('case:claim:'))).length;
  const idealFor = (n: number) => Math.floor((n - 1) / 20) * 60_000;
  const result = {
    messages: total,
    groupSends: sends.length,
    blocks: texts.filter((t) => t.startsWith('⏳')).length,
    minutes: (lastAt - start) / 60_000,
    idealMinutes: idealFor(sends.length) / 60_000,
    unbundledIdealMinutes: idealFor(total + opts.clients + 2) / 60_000,
    storedMs,
    headers,
    expectedHeaders: opts.clients + 1,
    alertOvertook: items.filter((r) => r.id < alert.id && r.doneAt! > alert.doneAt!).length,
    sendsBeforeAlert: before.size,
    alertRealMs: alert.doneAt!.getTime() - alert.createdAt.getTime(),
    lost,
    reordered,
    throttled: emu.calls.filter((c) => c.error_code === 429).length,
    parked: items.filter((r) => r.status === 'parked').length,
  };
  await sys.stop();
  return result;
}
