import { and, asc, eq, sql } from 'drizzle-orm';
import { formatQueue, waitingCases } from '../cases/queue.ts';
import type { Db } from '../db/open.ts';
import { scheduledJobs } from '../db/schema/index.ts';
import { safeError } from '../log.ts';
import { dutyStartsBetween } from '../organisation/duty.ts';
import type { BotDeps } from '../telegram/deps.ts';
import { deleteExpiredTopics, purgeExpiredText } from './retention.ts';
import { writeAudit } from '../console/audit/write.ts';
import { purgeExpiredSessions } from '../console/auth/sessions.ts';

const TICK_MS = 60_000;
const PURGE_EVERY_MS = 60 * 60_000;

/** The rows in `scheduled_jobs` that record how far each periodic task has got. */
export const PERIODIC_STATUS = 'periodic';
export const QUEUE_TASK = 'periodic.queue';
export const PURGE_TASK = 'periodic.purge';

type PeriodicDeps = Pick<BotDeps, 'db' | 'vault' | 'log' | 'api' | 'settings' | 'staffChatId' | 'staffLocale' | 'now' | 'outbox'>;

/**
 * What runs on the clock: when a duty shift opens, the staff group gets the queue of unanswered
 * cases (after-hours ones first); every hour, expired message text is erased.
 *
 * Every instance ticks, and each task's time is claimed in the database (`claimStretch`), so
 * with several instances on one database the queue is posted once and the purge runs once an
 * hour, by whichever instance gets there first.
 */
export function startPeriodic(d: PeriodicDeps, tickMs = TICK_MS): { tick(): Promise<void>; stop(): void } {
  // A shift that opened before this instance started is not announced late by it.
  const started = d.now();
  const tick = async () => {
    const now = d.now();
    try {
      const since = await claimStretch(d.db, QUEUE_TASK, now);
      const from = since && since > started ? since : started;
      if (since && dutyStartsBetween(d.settings, from, now).length > 0 && (await waitingCases(d)).length > 0) {
        await d.api.sendMessage(d.staffChatId, await formatQueue(d, d.staffLocale));
        d.log.info({ event: 'queue.posted' }, 'morning queue posted');
      }
      if (await claimStretch(d.db, PURGE_TASK, now, PURGE_EVERY_MS)) {
        const days = d.settings.retention.messageTextDays;
        const purged = await purgeExpiredText(d.db, days, now);
        const topics = await deleteExpiredTopics(d, days, now);
        await purgeExpiredSessions({ db: d.db, vault: d.vault, now: d.now });
        const result = { ...purged, topics };
        if (Object.values(result).some((n) => n > 0)) {
          d.log.info({ event: 'retention.purged', ...result }, 'expired text erased');
          // Counts only, as in the log line: the audit log says retention ran and what it did.
          await writeAudit(d.db, { accountId: null, action: 'retention.run', detail: Object.entries(result).map(([k, n]) => `${k}=${n}`).join(', '), at: now });
        }
      }
    } catch (err) {
      d.log.error({ event: 'periodic.failed', err: safeError(err) }, 'periodic task failed');
    }
  };
  const timer = setInterval(() => void tick(), tickMs);
  timer.unref();
  return { tick, stop: () => clearInterval(timer) };
}

/**
 * Claims, for this instance alone, the stretch of time since the task was last claimed, once it
 * is at least `everyMs` long; returns where the stretch starts, or undefined when there is none
 * for this instance. The task's row keeps the end of the last stretch in `due_at` and moves by a
 * conditional UPDATE (compare and set), so stretches never overlap across instances. A task
 * never claimed starts at 1970: its first tick has everything behind it.
 */
export async function claimStretch(db: Db, task: string, now: Date, everyMs = 0): Promise<Date | undefined> {
  const row = (await taskRow(db, task)) ?? (await createTaskRow(db, task));
  if (now.getTime() - row.dueAt.getTime() < Math.max(everyMs, 1)) return undefined;
  const moved = await db
    .update(scheduledJobs)
    .set({ dueAt: now })
    .where(and(eq(scheduledJobs.id, row.id), eq(scheduledJobs.dueAt, row.dueAt)))
    .returning({ id: scheduledJobs.id });
  return moved.length > 0 ? row.dueAt : undefined;
}

async function taskRow(db: Pick<Db, 'select'>, task: string) {
  const [row] = await db
    .select({ id: scheduledJobs.id, dueAt: scheduledJobs.dueAt })
    .from(scheduledJobs)
    .where(and(eq(scheduledJobs.kind, task), eq(scheduledJobs.status, PERIODIC_STATUS)))
    .orderBy(asc(scheduledJobs.id))
    .limit(1);
  return row;
}

/** The task's row, made once: two instances starting together wait for each other's check. */
async function createTaskRow(db: Db, task: string) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`netreach:${task}`}))`);
    const existing = await taskRow(tx, task);
    if (existing) return existing;
    // Nothing to seal: the row carries no payload.
    const [row] = await tx
      .insert(scheduledJobs)
      .values({ kind: task, status: PERIODIC_STATUS, dueAt: new Date(0), payloadSealed: '' })
      .returning({ id: scheduledJobs.id, dueAt: scheduledJobs.dueAt });
    return row!;
  });
}
