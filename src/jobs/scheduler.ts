import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
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
 * Runs stored jobs when they fall due (an overdose follow-up in two minutes, the morning queue).
 * Jobs live in the database so a restart does not drop a promised reminder.
 */
export class Scheduler {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(
    private readonly d: { db: Db; vault: Vault; log: Logger; now: () => Date },
    private readonly handlers: Record<string, JobHandler>,
    private readonly pollMs = 1000,
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
    // A job left 'running' by a process that died mid-way runs again: a repeated reminder beats a lost one.
    await this.d.db.update(scheduledJobs).set({ status: 'pending' }).where(eq(scheduledJobs.status, 'running'));
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

  /** Runs every job due by now; returns how many ran. */
  async runDue(): Promise<number> {
    let ran = 0;
    try {
      const due = await this.d.db
        .select()
        .from(scheduledJobs)
        .where(and(eq(scheduledJobs.status, 'pending'), lte(scheduledJobs.dueAt, this.d.now())))
        .orderBy(asc(scheduledJobs.dueAt))
        .limit(50);
      for (const job of due) {
        // Claim first, so two processes (or a slow tick) never run one job twice.
        const claimed = await this.d.db
          .update(scheduledJobs)
          .set({ status: 'running' })
          .where(and(eq(scheduledJobs.id, job.id), eq(scheduledJobs.status, 'pending')))
          .returning({ id: scheduledJobs.id });
        if (claimed.length === 0) continue;
        let status = 'done';
        try {
          status = (await this.handlers[job.kind]!(this.d.vault.openJson(SEAL.job, job.payloadSealed), { id: job.id, kind: job.kind })) ?? 'done';
        } catch (err) {
          status = 'failed';
          this.d.log.error({ event: 'job.failed', kind: job.kind, job: job.id, err: safeError(err) }, 'job failed');
        }
        await this.d.db.update(scheduledJobs).set({ status, doneAt: sql`now()` }).where(eq(scheduledJobs.id, job.id));
        ran++;
      }
    } catch (err) {
      this.d.log.error({ event: 'scheduler.error', err: safeError(err) }, 'could not read due jobs');
    }
    return ran;
  }
}
