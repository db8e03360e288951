import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { scheduledJobs } from '../db/schema/index.ts';
import { safeError, type Logger } from '../log.ts';
import type { Vault } from '../privacy/vault.ts';
import { SEAL } from '../cases/deps.ts';

/** Runs a job; a handler that finds its job moot when it falls due (an answer came first) says 'cancelled'. */
export type JobHandler = (payload: Record<string, unknown>, job: { id: number; kind: string }) => Promise<void | 'cancelled'>;

/** A database handle or a transaction of one: a job can be scheduled in the transaction that records why. */
type Writer = Pick<Db, 'insert'>;

export interface JobRow {
  id: number;
  kind: string;
  status: string;
  dueAt: Date;
  doneAt: Date | null;
}

/**
 * Cancels a case's pending jobs (of these kinds, or all); returns the ones cancelled. A job already
 * running is not stopped here: handlers that must not run late check again when they run.
 */
export async function cancelJobs(db: Db, caseId: number, kinds?: readonly string[]): Promise<JobRow[]> {
  return db
    .update(scheduledJobs)
    .set({ status: 'cancelled', doneAt: sql`now()` })
    .where(and(eq(scheduledJobs.caseId, caseId), eq(scheduledJobs.status, 'pending'), kinds ? inArray(scheduledJobs.kind, [...kinds]) : undefined))
    .returning({ id: scheduledJobs.id, kind: scheduledJobs.kind, status: scheduledJobs.status, dueAt: scheduledJobs.dueAt, doneAt: scheduledJobs.doneAt });
}

/** A case's jobs (of these kinds, or all), oldest first. */
export async function jobsOf(db: Db, caseId: number, kinds?: readonly string[]): Promise<JobRow[]> {
  return db
    .select({ id: scheduledJobs.id, kind: scheduledJobs.kind, status: scheduledJobs.status, dueAt: scheduledJobs.dueAt, doneAt: scheduledJobs.doneAt })
    .from(scheduledJobs)
    .where(and(eq(scheduledJobs.caseId, caseId), kinds ? inArray(scheduledJobs.kind, [...kinds]) : undefined))
    .orderBy(asc(scheduledJobs.dueAt), asc(scheduledJobs.id));
}

/**
 * A job still running this long after it was claimed is taken to have lost its runner (a process
 * that died, or was cut off) and runs again. Longer than a handler can take: auto-retry may sleep
 * out a 429 of up to five minutes.
 */
export const LEASE_MS = 10 * 60_000;

/** The most jobs one pass runs before it lets the next tick in. */
const BATCH = 50;

/**
 * Runs stored jobs when they fall due (an overdose follow-up in two minutes, the morning queue).
 * Jobs live in the database so a restart does not drop a promised reminder.
 *
 * Several instances may run schedulers on one database: each job is claimed by one of them in a
 * single statement (`FOR UPDATE SKIP LOCKED`, on PGlite as on PostgreSQL) before it runs, and
 * only kinds this instance has a handler for. While a job runs, `done_at` holds when it was
 * claimed: a claim older than the lease is free again, so a job whose process died runs again
 * (a repeated reminder beats a lost one) on whichever instance is alive, without waiting for a
 * restart, and an instance that starts does not take the jobs others are running.
 */
export class Scheduler {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(
    private readonly d: { db: Db; vault: Vault; log: Logger; now: () => Date },
    private readonly handlers: Record<string, JobHandler>,
    private readonly pollMs = 1000,
    private readonly leaseMs = LEASE_MS,
  ) {}

  /**
   * Stores a job. With `caseId` it belongs to that case, so closing the case or an answer of the
   * client can cancel it; with `tx` it is written in that transaction.
   */
  async schedule(kind: string, dueAt: Date, payload: Record<string, unknown>, opts: { caseId?: number; tx?: Writer } = {}): Promise<void> {
    if (!this.handlers[kind]) throw new Error(`no handler for job kind ${kind}`);
    await (opts.tx ?? this.d.db).insert(scheduledJobs).values({ kind, dueAt, caseId: opts.caseId ?? null, payloadSealed: this.d.vault.sealJson(SEAL.job, payload) });
  }

  /** Cancels a case's pending jobs (of these kinds, or all); returns the ones cancelled. */
  cancel(caseId: number, kinds?: readonly string[]): Promise<JobRow[]> {
    return cancelJobs(this.d.db, caseId, kinds);
  }

  async start(): Promise<void> {
    const tick = () => {
      if (this.#stopped) return;
      this.#running = this.runDue().then(
        () => {},
        () => {},
      );
      void this.#running.finally(() => {
        if (!this.#stopped) this.#timer = setTimeout(tick, this.pollMs);
      });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  /** Runs jobs due by now, one claim at a time; returns how many this instance ran. */
  async runDue(): Promise<number> {
    let ran = 0;
    try {
      while (ran < BATCH) {
        const job = await this.#claimNext();
        if (!job) break;
        let status = 'done';
        const payload = this.d.vault.tryOpen(SEAL.job, job.payloadSealed);
        try {
          if (payload === null) {
            // Sealed under a destroyed key: what it was to do cannot be known; it is dropped.
            status = 'cancelled';
            this.d.log.warn({ event: 'job.unreadable', kind: job.kind }, 'a scheduled job no key opens was dropped');
          } else status = (await this.handlers[job.kind]!(JSON.parse(payload), { id: job.id, kind: job.kind })) ?? 'done';
        } catch (err) {
          status = 'failed';
          this.d.log.error({ event: 'job.failed', kind: job.kind, job: job.id, err: safeError(err) }, 'job failed');
        }
        // Only while the claim is still ours: past its lease another instance may have run it again.
        const finished = await this.d.db
          .update(scheduledJobs)
          .set({ status, doneAt: sql`now()` })
          .where(and(eq(scheduledJobs.id, job.id), eq(scheduledJobs.status, 'running'), eq(scheduledJobs.doneAt, job.claimedAt)))
          .returning({ id: scheduledJobs.id });
        if (finished.length === 0) this.d.log.warn({ event: 'job.lease_lost', kind: job.kind, job: job.id }, 'job ran past its lease; its status is left to the later run');
        ran++;
      }
    } catch (err) {
      this.d.log.error({ event: 'scheduler.error', err: safeError(err) }, 'could not read due jobs');
    }
    return ran;
  }

  /** Claims the job that fell due first (or whose runner's lease ran out), if any. */
  async #claimNext(): Promise<{ id: number; kind: string; payloadSealed: string; claimedAt: Date } | undefined> {
    const kinds = Object.keys(this.handlers);
    if (kinds.length === 0) return undefined;
    const now = this.d.now();
    const leaseStart = new Date(now.getTime() - this.leaseMs);
    const next = this.d.db
      .select({ id: scheduledJobs.id })
      .from(scheduledJobs)
      .where(
        and(
          inArray(scheduledJobs.kind, kinds),
          or(
            and(eq(scheduledJobs.status, 'pending'), lte(scheduledJobs.dueAt, now)),
            // A job left running with no claim time was claimed before claims had one.
            and(eq(scheduledJobs.status, 'running'), or(isNull(scheduledJobs.doneAt), lte(scheduledJobs.doneAt, leaseStart))),
          ),
        ),
      )
      .orderBy(asc(scheduledJobs.dueAt), asc(scheduledJobs.id))
      .limit(1)
      .for('update', { skipLocked: true });
    const [job] = await this.d.db
      .update(scheduledJobs)
      .set({ status: 'running', doneAt: now })
      .where(inArray(scheduledJobs.id, next))
      .returning({ id: scheduledJobs.id, kind: scheduledJobs.kind, payloadSealed: scheduledJobs.payloadSealed });
    return job && { ...job, claimedAt: now };
  }
}
