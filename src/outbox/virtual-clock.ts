import type { Clock } from './limits.ts';

/**
 * For tests and benchmarks of Telegram's limits at full size: a clock that real time moves, and
 * that a sleeper moves forward to the end of its sleep at once. Waits for a group's budget (or a
 * `retry_after` of minutes) then cost no real time, and an emulator reading the same clock sees
 * them as having passed.
 */
export function jumpingClock(): Clock {
  let skipped = 0;
  const now = () => Date.now() + skipped;
  return {
    now,
    sleep: async (ms) => {
      const target = now() + ms;
      await new Promise((r) => setImmediate(r));
      skipped += Math.max(0, target - now());
    },
  };
}
