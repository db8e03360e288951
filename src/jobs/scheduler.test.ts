import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { useFreshDatabases } from '../../test/support/database.ts';
import { createLogger } from '../log.ts';
import { Vault } from '../privacy/vault.ts';
import { jobsOf, Scheduler } from './scheduler.ts';

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
