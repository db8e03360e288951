import { percentile, startBenchSystem, timeUntil } from './system.ts';

/**
 * The first emergency reply while the system is busy: a burst of ordinary messages from many
 * clients is being relayed, and the staff group is held to Telegram's 20 messages a minute, so the
 * relay queues on 429s. Each emergency is timed from the client's send to the reply in their chat.
 */
export async function benchEmergency(opts: { busyClients: number; emergencies: number }) {
  const sys = await startBenchSystem({ telegramLimits: true });
  const { emu } = sys;
  emu.setLimits({ groupPerMinute: 20, privatePerSecond: 30, globalPerSecond: 30 });
  const busy = Array.from({ length: opts.busyClients }, (_, i) => emu.createUser({ first_name: `B${i}` }));
  for (let round = 0; round < 5; round++) for (const c of busy) emu.userSends(c.id, c.id, { text: `вопрос ${round} про тесты` });
  await new Promise((r) => setTimeout(r, 500));

  const replies: number[] = [];
  for (let i = 0; i < opts.emergencies; i++) {
    const c = emu.createUser({ first_name: `E${i}`, language_code: 'ru' });
    const arrived = timeUntil(emu, (m) => m.chat.id === c.id && !!m.text?.includes('103'));
    emu.userSends(c.id, c.id, { text: 'друг не дышит посинел помогите' });
    replies.push(await arrived);
  }
  const backlog = emu.pendingUpdateCount;
  const throttled = emu.calls.filter((c) => c.error_code === 429).length;
  emu.setLimits(false);
  await sys.stop();
  return {
    baselineP50: sys.baselineP50,
    p50: percentile(replies, 50),
    max: Math.max(...replies),
    ratio: percentile(replies, 50) / sys.baselineP50,
    throttled,
    backlog,
  };
}
