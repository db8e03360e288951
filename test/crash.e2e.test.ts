import { afterEach, describe, expect, it } from 'vitest';
import type { TelegramEmulator } from '../src/sandbox/emulator/index.ts';
import { processFixture, startMain, type RunningProcess } from './support/spawn.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => {});
});

const CLIENTS = 3;
const ROUNDS = 12;
const KILLS = 3;

/**
 * `kill -9` while messages flow both ways, as the process runs under `npm start`: every client
 * message reaches the staff group and every worker reply reaches its client, in order, with at most
 * one repeated message per chat per kill (the call that was in flight to it when the process died). Kept small: the process
 * keeps to Telegram's 20 messages a minute into the staff group, so texts that wait are bundled
 * into blocks, and a block's lines are what is counted.
 */
describe('a process killed mid-flow', () => {
  it('loses nothing and repeats at most one message per chat per kill, in order, with replies both ways', async () => {
    const { emu, worker, staff, env } = await processFixture(cleanups);
    let proc: RunningProcess | undefined;
    const start = async () => {
      proc = startMain(env);
      await proc.waitForOutput(/running in telegram mode/, 60_000);
    };
    cleanups.push(async () => proc?.child.kill('SIGKILL'));
    await start();

    const people = Array.from({ length: CLIENTS }, (_, i) => emu.createUser({ first_name: `Crash ${i}` }));
    const threads = new Map<number, number>();
    const killAt = new Set(Array.from({ length: KILLS }, (_, k) => Math.floor(((k + 1) * ROUNDS) / (KILLS + 1))));
    for (let round = 0; round < ROUNDS; round++) {
      for (const p of people) {
        emu.userSends(p.id, p.id, { text: `${p.id} says ${round}` });
        const thread = threads.get(p.id);
        if (thread) emu.userSends(worker.id, staff.id, { text: `to ${p.id} reply ${round}` }, { message_thread_id: thread });
      }
      if (round === 0) {
        await emu.waitFor(() => people.every((p) => copiesOf(emu, staff.id, `${p.id} says 0`) > 0), 60_000);
        for (const p of people) threads.set(p.id, emu.messages(staff.id).find((m) => m.text === `${p.id} says 0`)!.message_thread_id!);
      }
      if (killAt.has(round)) {
        // Let some of the round be handled, then kill the process with work in flight, and start it again.
        await new Promise((r) => setTimeout(r, 150));
        proc!.child.kill('SIGKILL');
        await proc!.exited;
        await start();
      }
    }

    const everyCopy = () => people.every((p) => copiesOf(emu, staff.id, `${p.id} says ${ROUNDS - 1}`) > 0 && emu.messages(p.id).some((m) => m.text === `to ${p.id} reply ${ROUNDS - 1}`));
    await emu.waitFor(everyCopy, 180_000).catch((err: Error) => {
      const missing = people.flatMap((p) => Array.from({ length: ROUNDS }, (_, n) => `${p.id} says ${n}`).filter((x) => copiesOf(emu, staff.id, x) === 0));
      const missingReplies = people.flatMap((p) => Array.from({ length: ROUNDS - 1 }, (_, n) => `to ${p.id} reply ${n + 1}`).filter((x) => !emu.messages(p.id).some((m) => m.text === x)));
      throw new Error(`${err.message}: missing ${missing.length} copies (${missing.slice(0, 5).join(', ')}) and ${missingReplies.length} replies (${missingReplies.slice(0, 5).join(', ')}); pending updates ${emu.pendingUpdateCount}; the process said:\n${proc!.output().split('\n').filter((l) => /outbox|"level":[45]0/.test(l)).slice(-15).join('\n')}`);
    });
    await new Promise((r) => setTimeout(r, 500));

    // Repeats per chat: each chat's sender has at most one call in flight, so a kill can repeat at
    // most one message in each chat being delivered to at that moment.
    const repeats = new Map<number, number>();
    for (const p of people) {
      const says = Array.from({ length: ROUNDS }, (_, n) => `${p.id} says ${n}`);
      const replies = Array.from({ length: ROUNDS - 1 }, (_, n) => `to ${p.id} reply ${n + 1}`);
      const staffTexts = emu.messages(staff.id).flatMap((m) => m.text?.split('\n') ?? []);
      const clientTexts = emu.messages(p.id).map((m) => m.text);
      for (const [chat, texts, expected] of [
        [staff.id, staffTexts, says],
        [p.id, clientTexts, replies],
      ] as const) {
        const counts = expected.map((x) => texts.filter((t) => t === x).length);
        expect(counts.every((c) => c >= 1)).toBe(true);
        repeats.set(chat, (repeats.get(chat) ?? 0) + counts.reduce((a, c) => a + c - 1, 0));
        const firsts = expected.map((x) => texts.indexOf(x));
        expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
      }
    }
    for (const n of repeats.values()) expect(n).toBeLessThanOrEqual(KILLS);
  }, 300_000);
});

/** How often a text is in a chat, alone or as a line of a block. */
function copiesOf(emu: TelegramEmulator, chatId: number, text: string): number {
  return emu.messages(chatId).filter((m) => m.text?.split('\n').includes(text)).length;
}
