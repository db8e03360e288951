import { GrammyError, type Api } from 'grammy';
import type { Update } from 'grammy/types';
import type { Inbox } from '../inbox/inbox.ts';
import { ALLOWED_UPDATES, isUpdate } from '../inbox/update-shape.ts';
import { safeError, type Logger } from '../log.ts';

const POLL_TIMEOUT_S = 25;
/** While a batch is not yet stored, how often to look for newer updates (an emergency must not wait for the store). */
const PEEK_EVERY_MS = 200;
/** A failed store is tried again after this, doubling up to the cap: the database may be away for a while. */
const STORE_RETRY = { firstMs: 500, maxMs: 5000 };
// grammY types its signal with the abort-controller polyfill; Node's own is the same at run time.
type GrammySignal = Parameters<Api['getUpdates']>[1];

/**
 * Long polling that acknowledges an update only after the inbox has stored it: the offset of the
 * next getUpdates (which is what confirms updates to Telegram) moves only past stored ones.
 *
 * `onArrival` sees every update the moment it is fetched, before it is stored. While a batch is
 * not stored yet (the store is slow, or the database is away and the store waits to be tried
 * again), the loop keeps asking Telegram with the old offset, which returns the unconfirmed
 * updates again plus any new ones, so a new overdose message is still seen at once. The inbox
 * starts no handler while a store is under way, so the store waits for no backlog.
 * Resolves when `signal` aborts.
 */
export async function pollUpdates(api: Api, inbox: Inbox, log: Logger, signal: AbortSignal, onArrival: (u: Update) => void = () => {}): Promise<void> {
  let offset: number | undefined;
  let backoffMs = 1000;
  const arrived = new Set<number>(); // already handed to onArrival
  let storing: Promise<void> | undefined;
  let unstored = false; // the last fetch returned updates not stored yet
  let storeFailures = 0;
  let storeAgainAt = 0;
  while (!signal.aborted) {
    try {
      const updates = await api.getUpdates({ offset, timeout: unstored ? 0 : POLL_TIMEOUT_S, allowed_updates: [...ALLOWED_UPDATES] }, signal as GrammySignal);
      for (const u of updates) {
        if (arrived.has(u.update_id)) continue;
        arrived.add(u.update_id);
        try {
          onArrival(u);
        } catch (err) {
          log.error({ event: 'update.arrival_failed', update_id: u.update_id, err: safeError(err) }, 'the on-arrival check failed');
        }
      }
      // (A store may have finished meanwhile and moved the offset past these.)
      const ids = updates.filter(isUpdate).map((u) => u.update_id);
      unstored = ids.some((id) => offset === undefined || id >= offset);
      // One store at a time; what arrives meanwhile is stored by a later round, which fetches it again.
      if (!storing && unstored && Date.now() >= storeAgainAt) {
        const next = Math.max(...ids) + 1;
        storing = inbox
          .accept(updates)
          .then(
            () => {
              offset = next;
              unstored = false;
              storeFailures = 0;
              for (const id of arrived) if (id < next) arrived.delete(id);
            },
            (err: unknown) => {
              storeFailures++;
              const retryMs = Math.min(STORE_RETRY.maxMs, STORE_RETRY.firstMs * 2 ** (storeFailures - 1));
              storeAgainAt = Date.now() + retryMs;
              log.error({ event: 'polling.store_failed', err: safeError(err), attempt: storeFailures, retry_ms: retryMs }, 'could not store updates; they will be fetched and stored again');
            },
          )
          .finally(() => (storing = undefined));
      }
      if (storing) await Promise.race([storing, sleep(PEEK_EVERY_MS, signal)]);
      else if (unstored) await sleep(PEEK_EVERY_MS, signal);
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
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
