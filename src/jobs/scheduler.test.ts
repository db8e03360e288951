import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { useFreshDatabases } from '../../test/support/database.ts';
import { createLogger } from '../log.ts';
import { Vault } from '../privacy/vault.ts';
import { scheduledJobs } from '../db/schema/index.ts';
import { jobsOf, LEASE_MS, Scheduler } from './scheduler.ts';

const openDatabase = useFreshDatabases();
const vault = new Vault(Buffer.alloc(32, 3));
const log = createLogger(new Writable({ write: (_c, _e, done) => done() }), 'silent');

describe('the scheduler', () => {
  it('runs jobs when they fall due on its clock, keeps a case’s jobs with it, and cancels them', async () => {
    const { db } = await openDatabase();
    let now = new Date('2026-11-25T12:00:00Z');
    const ran: { payload: Record<string, unknown>; job: { id: number; kind: string } }[] = [];
    const scheduler = new Scheduler({ db, vault, log, now: () => now }, {
      remind: async (payload, job) => void ran.push({ payload, job }),
      moot: async () => 'cancelled',
    });
    const at = (s: number) => new Date(now.getTime() + s * 1000);
    await scheduler.schedule('remind', at(150), { caseId: 7, n: 1 }, { caseId: 7 });
    await scheduler.schedule('remind', at(300), { caseId: 7, n: 2 }, { caseId: 7 });
    await scheduler.schedule('remind', at(150), { caseId: 8, n: 3 }, { caseId: 8 });
    await scheduler.schedule('moot', at(10), {}, { caseId: 8 });
    await db.transaction(async (tx) => scheduler.schedule('remind', at(20), { n: 4 }, { tx }));
    await expect(scheduler.schedule('unknown', at(1), {})).rejects.toThrow(/no handler/);

    expect(await scheduler.runDue()).toBe(0);
    now = at(60);
    expect(await scheduler.runDue()).toBe(2);
    expect(ran.map((r) => r.payload.n)).toEqual([4]);
    // A handler that finds its job moot when it runs says so; the job is not counted as sent.
    expect((await jobsOf(db, 8)).map((j) => [j.kind, j.status])).toEqual([
      ['moot', 'cancelled'],
      ['remind', 'pending'],
    ]);

    // Closing case 7 (or an answer) cancels its pending follow-ups, and only its own.
    const cancelled = await scheduler.cancel(7, ['remind']);
    expect(cancelled.map((j) => j.kind)).toEqual(['remind', 'remind']);
    expect(await scheduler.cancel(7)).toEqual([]);
    now = at(600);
    expect(await scheduler.runDue()).toBe(1);
    expect(ran.map((r) => r.payload.n)).toEqual([4, 3]);
    expect(ran[1]!.job.kind).toBe('remind');
    expect((await jobsOf(db, 7)).map((j) => j.status)).toEqual(['cancelled', 'cancelled']);
    expect((await jobsOf(db, 8, ['remind'])).map((j) => j.status)).toEqual(['done']);
  });
});

describe('the scheduler on several instances', () => {
  it('runs each due job once when two instances claim at the same time', async () => {
    const { db } = await openDatabase();
    const now = new Date('2026-11-25T12:00:00Z');
    const ran: string[] = [];
    const handlers = (who: string) => ({
      remind: async (payload: Record<string, unknown>) => {
        // Yield, so the other instance claims while this one runs.
        await new Promise((r) => setImmediate(r));
        ran.push(`${who}:${payload.n}`);
      },
    });
    const a = new Scheduler({ db, vault, log, now: () => now }, handlers('a'));
    const b = new Scheduler({ db, vault, log, now: () => now }, handlers('b'));
    for (let n = 0; n < 30; n++) await a.schedule('remind', new Date(now.getTime() - 1000), { n });
    const [byA, byB] = await Promise.all([a.runDue(), b.runDue()]);
    expect(byA + byB).toBe(30);
    expect(ran.map((r) => Number(r.split(':')[1])).sort((x, y) => x - y)).toEqual([...Array(30).keys()]);
    expect(await a.runDue()).toBe(0);
  });

  it('leaves a running job to its instance, runs it again once that instance’s lease ran out, and takes only kinds it handles', async () => {
    const { db } = await openDatabase();
    let now = new Date('2026-11-25T12:00:00Z');
    let release!: () => void;
    const stuck = new Promise<void>((r) => (release = r));
    const runs: string[] = [];
    const a = new Scheduler({ db, vault, log, now: () => now }, { remind: async () => {
      await stuck;
      runs.push('a');
    } });
    const b = new Scheduler({ db, vault, log, now: () => now }, { remind: async () => void runs.push('b') });
    const onlyOther = new Scheduler({ db, vault, log, now: () => now }, { other: async () => void runs.push('other') });
    await a.schedule('remind', now, {}, { caseId: 1 });

    const running = a.runDue();
    await vi.waitFor(async () => expect((await jobsOf(db, 1)).map((j) => j.status)).toEqual(['running']));
    // An instance that starts now, or polls, does not take it while the claim is fresh.
    const starting = new Scheduler({ db, vault, log, now: () => now }, { remind: async () => void runs.push('starting') });
    await starting.start();
    await starting.stop();
    expect(await b.runDue()).toBe(0);
    expect(await onlyOther.runDue()).toBe(0);

    // Instance A stays silent past the lease: as if it had died mid-job.
    now = new Date(now.getTime() + LEASE_MS + 1000);
    expect(await onlyOther.runDue()).toBe(0);
    expect(await b.runDue()).toBe(1);
    expect(runs).toEqual(['b']);
    expect((await jobsOf(db, 1)).map((j) => j.status)).toEqual(['done']);

    // A comes back: its late finish does not overwrite the later run's record.
    release();
    expect(await running).toBe(1);
    expect((await jobsOf(db, 1)).map((j) => j.status)).toEqual(['done']);
  });

  it('takes over jobs left running by a version whose claims had no time', async () => {
    const { db } = await openDatabase();
    const now = new Date('2026-11-25T12:00:00Z');
    const runs: number[] = [];
    const s = new Scheduler({ db, vault, log, now: () => now }, { remind: async (p) => void runs.push(Number(p.n)) });
    await s.schedule('remind', now, { n: 1 }, { caseId: 3 });
    await db.update(scheduledJobs).set({ status: 'running', doneAt: null }).where(eq(scheduledJobs.caseId, 3));
    expect(await s.runDue()).toBe(1);
    expect(runs).toEqual([1]);
  });
});
