import { formatQueue, waitingCases } from '../cases/queue.ts';
import { safeError } from '../log.ts';
import { dutyStartsBetween } from '../organisation/duty.ts';
import type { BotDeps } from '../telegram/deps.ts';
import { purgeExpiredText } from './retention.ts';
import { purgeExpiredSessions } from '../console/auth/sessions.ts';

const TICK_MS = 60_000;
const PURGE_EVERY_MS = 60 * 60_000;

/**
 * What runs on the clock: when a duty shift opens, the staff group gets the queue of unanswered
 * cases (after-hours ones first); every hour, expired message text is erased.
 */
export function startPeriodic(d: BotDeps, tickMs = TICK_MS): { tick(): Promise<void>; stop(): void } {
  let last = d.now();
  let lastPurge = 0;
  const tick = async () => {
    const now = d.now();
    try {
      if (dutyStartsBetween(d.settings, last, now).length > 0 && (await waitingCases(d)).length > 0) {
        await d.api.sendMessage(d.staffChatId, await formatQueue(d, d.staffLocale));
        d.log.info({ event: 'queue.posted' }, 'morning queue posted');
      }
      if (now.getTime() - lastPurge >= PURGE_EVERY_MS) {
        lastPurge = now.getTime();
        const purged = await purgeExpiredText(d.db, d.settings.retention.messageTextDays, now);
        await purgeExpiredSessions({ db: d.db, vault: d.vault, now: d.now });
        if (purged.messages + purged.comments + purged.updates + purged.events > 0) d.log.info({ event: 'retention.purged', ...purged }, 'expired text erased');
      }
    } catch (err) {
      d.log.error({ event: 'periodic.failed', err: safeError(err) }, 'periodic task failed');
    }
    last = now;
  };
  const timer = setInterval(() => void tick(), tickMs);
  timer.unref();
  return { tick, stop: () => clearInterval(timer) };
}
