import { describe, expect, it } from 'vitest';
import { ChatLimits, LANE, TELEGRAM_LIMITS, type Clock } from './limits.ts';

/** A clock that only moves when every sleeper's time is reached in turn. */
function fakeClock() {
  let now = 0;
  const sleepers: { until: number; wake: () => void }[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: (ms) => new Promise<void>((wake) => sleepers.push({ until: now + ms, wake })),
  };
  /** Runs the clock forward until nothing sleeps before `until`. */
  const runUntil = async (until: number) => {
    for (;;) {
      await new Promise((r) => setImmediate(r));
      sleepers.sort((a, b) => a.until - b.until);
      const next = sleepers[0];
      if (!next || next.until > until) break;
      sleepers.shift();
      now = Math.max(now, next.until);
      next.wake();
    }
    now = Math.max(now, until);
  };
  return { clock, runUntil, get now() { return now; } };
}

const GROUP = -100123;

describe('ChatLimits', () => {
  it('lets 20 sends a minute into a group, then the 21st waits for the first to leave the window', async () => {
    const c = fakeClock();
    const limits = new ChatLimits(TELEGRAM_LIMITS, c.clock);
    const times: number[] = [];
    const all = Array.from({ length: 25 }, () => limits.acquire(GROUP).then(() => times.push(c.now)));
    await c.runUntil(10 * 60_000);
    await Promise.all(all);
    expect(times.slice(0, 20).every((t) => t === 0)).toBe(true);
    expect(times.slice(20)).toEqual([60_000, 60_000, 60_000, 60_000, 60_000]);
  });

  it('puts an alert ahead of every send waiting for the same group, but keeps the others in order', async () => {
    const c = fakeClock();
    const limits = new ChatLimits({ ...TELEGRAM_LIMITS, groupPerMinute: 1 }, c.clock);
    const order: string[] = [];
    const copies = ['a', 'b', 'c'].map((x) => limits.acquire(GROUP).then(() => order.push(x)));
    await new Promise((r) => setImmediate(r));
    const alert = limits.acquire(GROUP, LANE.emergency).then(() => order.push('alert'));
    await c.runUntil(5 * 60_000);
    await Promise.all([...copies, alert]);
    expect(order).toEqual(['a', 'alert', 'b', 'c']);
  });

  it('holds a whole chat for a retry_after of many minutes, and other chats not at all', async () => {
    const c = fakeClock();
    const limits = new ChatLimits(TELEGRAM_LIMITS, c.clock);
    limits.pause(GROUP, 900);
    let grouped = -1;
    let other = -1;
    const g = limits.acquire(GROUP).then(() => (grouped = c.now));
    const o = limits.acquire(42).then(() => (other = c.now));
    const e = limits.untilUnpaused(GROUP);
    await c.runUntil(3600_000);
    await Promise.all([g, o, e]);
    expect(other).toBe(0);
    expect(grouped).toBe(900_000);
    expect(limits.throttled.group).toBe(1);
  });

  it('keeps part of the overall budget for emergencies', async () => {
    const c = fakeClock();
    const limits = new ChatLimits(TELEGRAM_LIMITS, c.clock);
    // 24 ordinary sends to different people fill the ordinary share of a second (80 % of 30).
    for (let i = 1; i <= 24; i++) await limits.acquire(i);
    expect(limits.waitMs(1000)).toBeGreaterThan(0);
    expect(limits.waitMs(1000, LANE.emergency)).toBe(0);
  });

  it('allows a private chat a short burst, then one a second', async () => {
    const c = fakeClock();
    const limits = new ChatLimits(TELEGRAM_LIMITS, c.clock);
    const times: number[] = [];
    const all = Array.from({ length: 5 }, () => limits.acquire(7).then(() => times.push(c.now)));
    await c.runUntil(60_000);
    await Promise.all(all);
    expect(times).toEqual([0, 0, 0, 3000, 3000]);
  });
});
