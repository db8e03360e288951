import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { scheduledJobs } from '../db/schema/index.ts';
import { safeError, type Logger } from '../log.ts';
import type { Vault } from '../privacy/vault.ts';
import { SEAL } from '../cases/deps.ts';

export type JobHandler = (payload: Record<string, unknown>) => Promise<void>;

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

  async schedule(kind: string, dueAt: Date, payload: Record<string, unknown>): Promise<void> {
    if (!this.handlers[kind]) throw new Error(`no handler for job kind ${kind}`);
    await this.d.db.insert(scheduledJobs).values({ kind, dueAt, payloadSealed: this.d.vault.sealJson(SEAL.job, payload) });
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
          await this.handlers[job.kind]!(this.d.vault.openJson(SEAL.job, job.payloadSealed));
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
