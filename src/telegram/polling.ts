import { GrammyError, type Api } from 'grammy';
import type { Inbox } from '../inbox/inbox.ts';
import { ALLOWED_UPDATES } from '../inbox/update-shape.ts';
import { safeError, type Logger } from '../log.ts';

const POLL_TIMEOUT_S = 25;
// grammY types its signal with the abort-controller polyfill; Node's own is the same at run time.
type GrammySignal = Parameters<Api['getUpdates']>[1];

/**
 * Long polling that acknowledges an update only after the inbox has stored it: the offset of the
 * next getUpdates (which is what confirms updates to Telegram) moves only past stored ones.
 * Resolves when `signal` aborts.
 */
export async function pollUpdates(api: Api, inbox: Inbox, log: Logger, signal: AbortSignal): Promise<void> {
  let offset: number | undefined;
  let backoffMs = 1000;
  while (!signal.aborted) {
    try {
      const updates = await api.getUpdates({ offset, timeout: POLL_TIMEOUT_S, allowed_updates: [...ALLOWED_UPDATES] }, signal as GrammySignal);
      await inbox.accept(updates);
      if (updates.length > 0) offset = updates[updates.length - 1]!.update_id + 1;
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
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}
