import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../organisation/settings.ts';
import { dueWeekSlot, isoWeekOf, stopChangePost, stopChangePosts, weekPostBody } from './schedule-posts.ts';

const withChanges = (changes: Settings['mobileUnits'][number]['changes'], channel?: Partial<Settings['channel']>): Settings => ({
  ...DEFAULT_SETTINGS,
  channel: { ...DEFAULT_SETTINGS.channel, ...channel },
  mobileUnits: [{ ...DEFAULT_SETTINGS.mobileUnits[0]!, changes }],
});

describe('schedule posts', () => {
  it('names ISO weeks, across a year boundary too', () => {
    expect(isoWeekOf('2026-11-25')).toBe('2026-W48');
    expect(isoWeekOf('2027-01-01')).toBe('2026-W53');
    expect(isoWeekOf('2025-12-29')).toBe('2026-W01');
  });

  it('the week post is due from its weekday and time in the organisation’s zone, for a few hours', () => {
    const s = withChanges([], { weeklySchedule: { enabled: true, weekday: 1, at: '09:00' } });
    // Monday 23 November 2026, 09:00 in Moscow is 06:00 UTC.
    expect(dueWeekSlot(s, new Date('2026-11-23T05:59:00Z'))).toBeUndefined();
    expect(dueWeekSlot(s, new Date('2026-11-23T06:00:00Z'))).toEqual({ key: 'week:2026-W48', date: '2026-11-23', at: new Date('2026-11-23T06:00:00Z') });
    expect(dueWeekSlot(s, new Date('2026-11-23T17:59:00Z'))?.key).toBe('week:2026-W48');
    expect(dueWeekSlot(s, new Date('2026-11-25T12:00:00Z'))).toBeUndefined();
    expect(dueWeekSlot({ ...s, channel: { ...s.channel, weeklySchedule: { enabled: false, weekday: 1, at: '09:00' } } }, new Date('2026-11-23T06:00:00Z'))).toBeUndefined();
  });

  it('lists seven days from the post’s date, changes marked, settings escaped', () => {
    const s = withChanges([{ date: '2026-11-25', stopId: 'ladozhskaya', status: 'cancelled' }]);
    s.mobileUnits[0]!.name = { ru: 'Автобус <1>', en: 'Bus <1>' };
    const ru = weekPostBody(s, '2026-11-23', 'ru');
    expect(ru).toMatch(/^<b>Выезды на неделю<\/b>/);
    expect(ru).toContain('<b>Понедельник, 23 ноября</b>\n11:00–14:00 · Автобус &lt;1&gt; · м. Ладожская, выход к ТЦ');
    expect(ru).toContain('<b>Среда, 25 ноября</b>\n11:00–14:00 · Автобус &lt;1&gt; · м. Ладожская, выход к ТЦ — <i>отменено</i>');
    expect(ru).toContain('<b>Суббота, 28 ноября</b>\nВыездов нет.');
    expect(ru).not.toContain('30 ноября');
    expect(weekPostBody(s, '2026-11-23', 'en')).toContain('<b>Tuesday 24 November</b>\n16:00–19:00 · Bus &lt;1&gt; · Devyatkino metro, by the bus stop');
  });

  it('a cancelled or moved stop has a post keyed by unit, stop and date', () => {
    const s = withChanges([]);
    const cancelled = stopChangePost(s, 'bus-1', { date: '2026-11-25', stopId: 'ladozhskaya', status: 'cancelled', note: { ru: 'Ремонт', en: 'Repairs' } }, 'ru')!;
    expect(cancelled.key).toBe('stop:bus-1:ladozhskaya:2026-11-25');
    expect(cancelled.body).toBe('<b>❌ Выезд отменён</b>\nСреда, 25 ноября: Автобус 1 не приедет на точку «м. Ладожская, выход к ТЦ» (обычно 11:00–14:00).\n<i>Ремонт</i>');
    const moved = stopChangePost(s, 'bus-1', { date: '2026-11-25', stopId: 'ladozhskaya', status: 'moved', address: { ru: 'пл. Восстания', en: 'Vosstaniya sq.' }, from: '12:00', to: '15:00' }, 'en')!;
    expect(moved.key).toBe(cancelled.key);
    expect(moved.body).toContain('That day: Vosstaniya sq., 12:00–15:00.');
    expect(stopChangePost(s, 'bus-1', { date: '2026-11-25', stopId: 'nowhere', status: 'cancelled' }, 'ru')).toBeUndefined();
  });

  it('posts changes from today on, and none when stop-change posts are off', () => {
    const s = withChanges([
      { date: '2026-11-24', stopId: 'devyatkino', status: 'cancelled' },
      { date: '2026-11-25', stopId: 'ladozhskaya', status: 'cancelled' },
    ]);
    expect(stopChangePosts(s, '2026-11-25', 'ru').map((p) => p.key)).toEqual(['stop:bus-1:ladozhskaya:2026-11-25']);
    expect(stopChangePosts({ ...s, channel: { ...s.channel, stopChanges: false } }, '2026-11-25', 'ru')).toEqual([]);
  });
});
