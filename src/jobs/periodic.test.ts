import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useCaseSystems } from '../console/cases/test-system.ts';
import { scheduledJobs } from '../db/schema/index.ts';
import { claimStretch, PERIODIC_STATUS, PURGE_TASK, QUEUE_TASK, startPeriodic } from './periodic.ts';

const system = useCaseSystems();
const HOUR = 60 * 60_000;

describe('periodic tasks on several instances', () => {
  it('hands each stretch of time to one claimant: never twice, never with a gap', async () => {
    const { db } = await system();
    const t0 = new Date('2026-03-02T10:00:00Z');
    const at = (ms: number) => new Date(t0.getTime() + ms);
    // Five instances tick at once on a task never claimed before: one row is made, one claims.
    const first = await Promise.all([0, 1, 2, 3, 4].map(() => claimStretch(db, QUEUE_TASK, t0)));
    expect(first.filter(Boolean)).toEqual([new Date(0)]);
    expect(await db.select().from(scheduledJobs).where(and(eq(scheduledJobs.kind, QUEUE_TASK), eq(scheduledJobs.status, PERIODIC_STATUS)))).toHaveLength(1);

    // Ticks at the same moment: one claimant; later ticks pick up exactly where the last ended.
    const same = await Promise.all([claimStretch(db, QUEUE_TASK, at(60_000)), claimStretch(db, QUEUE_TASK, at(60_000))]);
    expect(same.filter(Boolean)).toEqual([t0]);
    expect(await claimStretch(db, QUEUE_TASK, at(60_000))).toBeUndefined();
    expect(await claimStretch(db, QUEUE_TASK, at(90_000))).toEqual(at(60_000));

    // An hourly task: due only once its hour has passed since the last claim.
    expect(await claimStretch(db, PURGE_TASK, t0, HOUR)).toEqual(new Date(0));
    expect(await claimStretch(db, PURGE_TASK, at(HOUR - 1), HOUR)).toBeUndefined();
    const hourly = await Promise.all([claimStretch(db, PURGE_TASK, at(HOUR), HOUR), claimStretch(db, PURGE_TASK, at(HOUR), HOUR)]);
    expect(hourly.filter(Boolean)).toEqual([t0]);
  });

  it('posts the queue once when a shift opens, however many instances tick', async () => {
    const s = await system();
    // Monday 13:00 in Moscow: a case nobody has answered yet.
    await s.newCase('Client One', 'мне нужна помощь с документами');
    const a = startPeriodic(s.bot, 1e9);
    const b = startPeriodic(s.bot, 1e9);
    try {
      await Promise.all([a.tick(), b.tick()]);
      // Tuesday 10:00:30 in Moscow: the shift opened half a minute ago.
      s.clock.advance(21 * HOUR + 30_000);
      await Promise.all([a.tick(), b.tick()]);
      await Promise.all([a.tick(), b.tick()]);
    } finally {
      a.stop();
      b.stop();
    }
    const queues = s.emu.messages(s.staff.id).filter((m) => m.text?.startsWith('Очередь обращений'));
    expect(queues).toHaveLength(1);
    expect(queues[0]!.text).toMatch(/#1 · Клиент/);
    expect(s.logs.join('').match(/"event":"queue.posted"/g)).toHaveLength(1);
  });
});
