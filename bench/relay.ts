import { percentile, startBenchSystem, timeUntil } from './system.ts';

/** Client message → copy in the staff topic: one at a time, then a burst from many clients. */
export async function benchRelay(opts: { clients: number; messagesPerClient: number }) {
  const sys = await startBenchSystem();
  const { emu, staffChatId } = sys;

  // Several quiet clients in turn, each with an open case already: a steady conversation, not a flood
  // (one client writing 30 messages in a few seconds would be slowed by the flood gate, by design).
  const quiet = Array.from({ length: 6 }, (_, i) => emu.createUser({ first_name: `Q${i}` }));
  for (const q of quiet) {
    const opened = timeUntil(emu, (m) => m.chat.id === staffChatId && m.text === `hello ${q.id}`);
    emu.userSends(q.id, q.id, { text: `hello ${q.id}` });
    await opened;
  }
  const idle: number[] = [];
  for (let i = 0; i < 30; i++) {
    const q = quiet[i % quiet.length]!;
    const text = `idle ${i}`;
    const arrived = timeUntil(emu, (m) => m.chat.id === staffChatId && m.text === text);
    emu.userSends(q.id, q.id, { text });
    idle.push(await arrived);
  }

  const clients = Array.from({ length: opts.clients }, (_, i) => emu.createUser({ first_name: `C${i}` }));
  const pending: Promise<number>[] = [];
  const started = performance.now();
  for (let round = 0; round < opts.messagesPerClient; round++) {
    for (const c of clients) {
      const text = `msg ${c.id} ${round}`;
      pending.push(timeUntil(emu, (m) => m.chat.id === staffChatId && m.text === text));
      emu.userSends(c.id, c.id, { text });
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  const burst = await Promise.all(pending);
  const elapsed = performance.now() - started;
  await sys.stop();
  return {
    database: sys.app.database.kind,
    baselineP50: sys.baselineP50,
    idleP50: percentile(idle, 50),
    idleP95: percentile(idle, 95),
    idleRatio: percentile(idle, 50) / sys.baselineP50,
    burstMessages: burst.length,
    burstThroughput: burst.length / (elapsed / 1000),
    burstP50: percentile(burst, 50),
    burstP95: percentile(burst, 95),
  };
}
