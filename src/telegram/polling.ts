import { GrammyError, type Api } from 'grammy';
import type { Update } from 'grammy/types';
import type { Inbox } from '../inbox/inbox.ts';
import { ALLOWED_UPDATES } from '../inbox/update-shape.ts';
import { safeError, type Logger } from '../log.ts';

const POLL_TIMEOUT_S = 25;
/** While a batch is being stored, how often to look for newer updates (an emergency must not wait for the store). */
const PEEK_EVERY_MS = 200;
// grammY types its signal with the abort-controller polyfill; Node's own is the same at run time.
type GrammySignal = Parameters<Api['getUpdates']>[1];

/**
 * Long polling that acknowledges an update only after the inbox has stored it: the offset of the
 * next getUpdates (which is what confirms updates to Telegram) moves only past stored ones.
 *
 * `onArrival` sees every update the moment it is fetched, before it is stored. While a store is
 * slow, the loop keeps asking Telegram with the old offset, which returns the unconfirmed updates
 * again plus any new ones, so a new overdose message is still seen at once.
 * Resolves when `signal` aborts.
 */
export async function pollUpdates(api: Api, inbox: Inbox, log: Logger, signal: AbortSignal, onArrival: (u: Update) => void = () => {}): Promise<void> {
  let offset: number | undefined;
  let backoffMs = 1000;
  const arrived = new Set<number>(); // already handed to onArrival
  let storing: Promise<void> | undefined;
  while (!signal.aborted) {
    try {
      const updates = await api.getUpdates({ offset, timeout: storing ? 0 : POLL_TIMEOUT_S, allowed_updates: [...ALLOWED_UPDATES] }, signal as GrammySignal);
      for (const u of updates) {
        if (arrived.has(u.update_id)) continue;
        arrived.add(u.update_id);
        onArrival(u);
      }
      // One store at a time; what arrives meanwhile is stored by a later round, which fetches it again.
      if (!storing && updates.length > 0) {
        const next = updates[updates.length - 1]!.update_id + 1;
        storing = inbox
          .accept(updates)
          .then(
            () => {
              offset = next;
              for (const id of arrived) if (id < next) arrived.delete(id);
            },
            (err: unknown) => log.error({ event: 'polling.store_failed', err: safeError(err) }, 'could not store updates; they will be fetched again'),
          )
          .finally(() => (storing = undefined));
      }
      if (storing) await Promise.race([storing, sleep(PEEK_EVERY_MS, signal)]);
      backoffMs = 1000;
    } catch (err) {
      if (signal.aborted) break;
      if (err instanceof GrammyError && err.error_code === 401) {
        log.fatal({ event: 'polling.unauthorized' }, 'Telegram rejected the bot token (401)');
        throw err;
      }
      log.warn({ event: 'polling.error', err: safeError(err), retry_ms: backoffMs }, 'getUpdates failed; retrying');
      await sleep(backoffMs, signal);
      backoffMs = Math.min(backoffMs * 2, 30_000);
    }
  }
  await storing;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}
