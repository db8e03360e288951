import type { Transformer } from 'grammy';

/** Methods that Telegram counts against its ~30 messages a second. */
const SENDING = /^(send|copy|forward)/;

/**
 * Paces the bot's ordinary sends below Telegram's overall limit (a token bucket: short bursts
 * pass at once, the average stays at `perSecond`), leaving the rest of the limit free for the
 * emergency client, which has no such pacing: an overdose reply never waits behind the relay.
 */
export function paceSends(perSecond: number, burst: number): Transformer {
  let tokens = burst;
  let last = Date.now();
  let queue: Promise<void> = Promise.resolve();
  const take = async () => {
    const now = Date.now();
    tokens = Math.min(burst, tokens + ((now - last) / 1000) * perSecond);
    last = now;
    if (tokens < 1) {
      await new Promise((r) => setTimeout(r, ((1 - tokens) / perSecond) * 1000));
      tokens = 1;
      last = Date.now();
    }
    tokens -= 1;
  };
  return async (prev, method, payload, signal) => {
    if (SENDING.test(method)) {
      // One waiter at a time, so the order of sends is kept.
      const turn = queue.then(take);
      queue = turn.catch(() => {});
      await turn;
    }
    return prev(method, payload, signal);
  };
}
