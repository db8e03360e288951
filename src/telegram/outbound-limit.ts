import type { Transformer } from 'grammy';

/** Methods that Telegram counts against its ~30 messages a second. */
const SENDING = /^(send|copy|forward)/;

/**
 * Paces the bot's ordinary sends below Telegram's overall limit, leaving the rest of it free for
 * the emergency client (which has no such pacing): an overdose reply never waits behind the relay.
 */
export function paceSends(perSecond: number): Transformer {
  const interval = 1000 / perSecond;
  let nextFree = 0;
  return async (prev, method, payload, signal) => {
    if (SENDING.test(method)) {
      const now = Date.now();
      const at = Math.max(now, nextFree);
      nextFree = at + interval;
      if (at > now) await new Promise((r) => setTimeout(r, at - now));
    }
    return prev(method, payload, signal);
  };
}
