import { Bot } from 'grammy';
import { TelegramEmulator } from '../src/sandbox/emulator/index.ts';
import { startBenchSystem } from './system.ts';

const BARE_TOKEN = '7000000002:AAFakeTokenForTheBareCopyBot_0123456789';

/**
 * Full-path relay throughput with Telegram's limits off: `clients` people with open cases each
 * write `each` messages at once, timed until every copy is in the staff group. The baseline, in
 * the same run: a bare grammY bot on its own emulator that copies each private message into a
 * group and does nothing else (no database, no cases, no limits).
 */
export async function benchThroughput(opts: { clients: number; each: number }) {
  const sys = await startBenchSystem();
  const { emu, staffChatId } = sys;
  const people = Array.from({ length: opts.clients }, (_, i) => emu.createUser({ first_name: `T${i}` }));
  // Cases already open: the measured part is the relay, not case creation.
  for (const p of people) emu.userSends(p.id, p.id, { text: `${p.id} opening` });
  await waitCount(() => emu.messages(staffChatId).filter((m) => m.text?.endsWith('opening')).length, opts.clients);
  const full = await burst(emu, people, opts.each, () => emu.messages(staffChatId).filter((m) => m.text?.includes(' burst ')).length);
  await sys.stop();

  const bare = new TelegramEmulator({ bot: { token: BARE_TOKEN }, limits: false });
  const { url } = await bare.listen(0);
  const group = bare.createForumGroup({ title: 'Copies', members: [] });
  const bot = new Bot(BARE_TOKEN, { client: { apiRoot: url } });
  bot.on('message', (ctx) => ctx.copyMessage(group.id));
  void bot.start({ drop_pending_updates: true });
  await new Promise((r) => setTimeout(r, 300));
  const barePeople = Array.from({ length: opts.clients }, (_, i) => bare.createUser({ first_name: `B${i}` }));
  const baseline = await burst(bare, barePeople, opts.each, () => bare.messages(group.id).length);
  await bot.stop();
  await bare.close();
  return { messages: opts.clients * opts.each, perSecond: full, baselinePerSecond: baseline, ratio: full / baseline, database: sys.app.database.kind };
}

async function burst(emu: TelegramEmulator, people: { id: number }[], each: number, copied: () => number): Promise<number> {
  const total = people.length * each;
  const started = performance.now();
  for (let n = 0; n < each; n++) for (const p of people) emu.userSends(p.id, p.id, { text: `${p.id} burst ${n}` });
  await waitCount(copied, total);
  return total / ((performance.now() - started) / 1000);
}

async function waitCount(count: () => number, n: number): Promise<void> {
  const end = Date.now() + 600_000;
  while (count() < n) {
    if (Date.now() > end) throw new Error(`timed out at ${count()} of ${n}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
