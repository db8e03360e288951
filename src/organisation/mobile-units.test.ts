import { describe, expect, it } from 'vitest';
import { addDays, distanceMetres, isoWeekday, localDateOf, localTimeOf, nearestStopToday, stopsOn, weekSchedule, zonedDateTime } from './mobile-units.ts';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from './settings.ts';

const at = (iso: string) => new Date(iso);

// Points in St Petersburg.
const LADOZHSKAYA = { latitude: 59.9325, longitude: 30.4393 };
const DEVYATKINO = { latitude: 60.0502, longitude: 30.4432 };
const VOSSTANIYA = { latitude: 59.9311, longitude: 30.3609 };

const ru = (s: string) => ({ ru: s, en: s });

/** Two units; 2026-01-05 is a Monday. */
function org(changes: unknown[] = [], timeZone = 'Europe/Moscow'): Settings {
  return settingsSchema.parse({
    ...DEFAULT_SETTINGS,
    timeZone,
    mobileUnits: [
      {
        id: 'bus-1',
        name: { ru: 'Автобус 1', en: 'Bus 1' },
        stops: [
          { id: 'ladozhskaya', address: ru('Ладожская'), ...LADOZHSKAYA, windows: [{ weekday: 1, from: '11:00', to: '14:00' }] },
          { id: 'devyatkino', address: ru('Девяткино'), ...DEVYATKINO, windows: [{ weekday: 1, from: '16:00', to: '19:00' }, { weekday: 2, from: '16:00', to: '19:00' }] },
        ],
        changes,
      },
      {
        id: 'bus-2',
        name: { ru: 'Автобус 2', en: 'Bus 2' },
        stops: [{ id: 'vosstaniya', address: ru('Восстания'), ...VOSSTANIYA, windows: [{ weekday: 1, from: '09:00', to: '12:00' }] }],
      },
    ],
  });
}

/** An independent haversine (mean Earth radius 6 371 008.8 m) to check the module against. */
function haversine(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const r = (d: number) => (d * Math.PI) / 180;
  const x = Math.sin(r(b.latitude - a.latitude) / 2) ** 2 + Math.cos(r(a.latitude)) * Math.cos(r(b.latitude)) * Math.sin(r(b.longitude - a.longitude) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.atan2(Math.sqrt(x), Math.sqrt(1 - x));
}

describe('local dates and times', () => {
  it('reads the date and time in the organisation zone', () => {
    const s = org();
    expect(localDateOf(s, at('2026-01-05T20:59:00Z'))).toBe('2026-01-05'); // 23:59 MSK
    expect(localDateOf(s, at('2026-01-05T21:30:00Z'))).toBe('2026-01-06'); // 00:30 MSK
    expect(localTimeOf(s, at('2026-01-05T21:30:00Z'))).toBe('00:30');
    const berlin = org([], 'Europe/Berlin');
    expect(localTimeOf(berlin, at('2026-03-29T00:59:00Z'))).toBe('01:59'); // CET
    expect(localTimeOf(berlin, at('2026-03-29T01:00:00Z'))).toBe('03:00'); // CEST
    expect(localDateOf(berlin, at('2026-10-24T22:30:00Z'))).toBe('2026-10-25'); // 00:30 CEST
    expect(localDateOf(berlin, at('2026-10-25T22:30:00Z'))).toBe('2026-10-25'); // 23:30 CET
  });

  it('adds days across months, years and leap days', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30'); // over a DST change: still calendar days
  });

  it('gives ISO weekdays', () => {
    expect(isoWeekday('2026-01-05')).toBe(1);
    expect(isoWeekday('2026-01-11')).toBe(7);
  });

  it('converts local wall time to an instant', () => {
    expect(zonedDateTime(org(), '2026-01-05', '10:00')).toEqual(at('2026-01-05T07:00:00Z'));
    const berlin = org([], 'Europe/Berlin');
    expect(zonedDateTime(berlin, '2026-03-28', '10:00')).toEqual(at('2026-03-28T09:00:00Z'));
    expect(zonedDateTime(berlin, '2026-03-29', '10:00')).toEqual(at('2026-03-29T08:00:00Z'));
    expect(zonedDateTime(berlin, '2026-03-29', '02:30')).toEqual(at('2026-03-29T01:30:00Z')); // skipped → 03:30 CEST
    expect(zonedDateTime(berlin, '2026-10-25', '02:30')).toEqual(at('2026-10-25T00:30:00Z')); // twice → the first
  });
});

describe('stopsOn', () => {
  it('lists the day’s visits from every unit, sorted by start time', () => {
    const visits = stopsOn(org(), '2026-01-05');
    expect(visits.map((v) => [v.unitId, v.stopId, v.from, v.to, v.status])).toEqual([
      ['bus-2', 'vosstaniya', '09:00', '12:00', 'as-planned'],
      ['bus-1', 'ladozhskaya', '11:00', '14:00', 'as-planned'],
      ['bus-1', 'devyatkino', '16:00', '19:00', 'as-planned'],
    ]);
    expect(visits[1]).toMatchObject({ unitName: { ru: 'Автобус 1', en: 'Bus 1' }, address: { ru: 'Ладожская' }, ...LADOZHSKAYA });
    expect(stopsOn(org(), '2026-01-06').map((v) => v.stopId)).toEqual(['devyatkino']);
    expect(stopsOn(org(), '2026-01-11')).toEqual([]); // Sunday
  });

  it('keeps a cancelled visit, marked, with its note', () => {
    const s = org([{ date: '2026-01-05', stopId: 'ladozhskaya', status: 'cancelled', note: { ru: 'Ремонт автобуса', en: 'Bus repairs' } }]);
    const visit = stopsOn(s, '2026-01-05').find((v) => v.stopId === 'ladozhskaya');
    expect(visit).toMatchObject({ status: 'cancelled', from: '11:00', note: { en: 'Bus repairs' } });
    // Only on that date.
    expect(stopsOn(s, '2026-01-12').find((v) => v.stopId === 'ladozhskaya')?.status).toBe('as-planned');
  });

  it('applies a move: new address, coordinates and times, re-sorted', () => {
    const s = org([
      { date: '2026-01-05', stopId: 'ladozhskaya', status: 'moved', address: ru('Новочеркасская'), latitude: 59.9291, longitude: 30.4113, from: '08:00', to: '10:00' },
    ]);
    const visits = stopsOn(s, '2026-01-05');
    expect(visits[0]).toMatchObject({ stopId: 'ladozhskaya', status: 'moved', address: { ru: 'Новочеркасская' }, latitude: 59.9291, longitude: 30.4113, from: '08:00', to: '10:00' });
  });

  it('keeps what a move leaves out', () => {
    const s = org([{ date: '2026-01-05', stopId: 'ladozhskaya', status: 'moved', from: '12:00', to: '15:00' }]);
    expect(stopsOn(s, '2026-01-05').find((v) => v.stopId === 'ladozhskaya')).toMatchObject({ status: 'moved', address: { ru: 'Ладожская' }, ...LADOZHSKAYA, from: '12:00', to: '15:00' });
  });

  it('adds a visit moved to a day without a regular window when the move gives its times', () => {
    const s = org([
      { date: '2026-01-10', stopId: 'ladozhskaya', status: 'moved', from: '12:00', to: '15:00' },
      { date: '2026-01-10', stopId: 'vosstaniya', status: 'moved', address: ru('без времени') },
    ]);
    expect(stopsOn(s, '2026-01-10')).toEqual([expect.objectContaining({ stopId: 'ladozhskaya', status: 'moved', from: '12:00', to: '15:00' })]);
  });
});

describe('nearestStopToday', () => {
  it('matches a haversine computed independently', () => {
    const d = distanceMetres(LADOZHSKAYA.latitude, LADOZHSKAYA.longitude, DEVYATKINO.latitude, DEVYATKINO.longitude);
    expect(d).toBeCloseTo(haversine(LADOZHSKAYA, DEVYATKINO), 3);
    expect(d).toBeCloseTo(13_089.46, 1); // computed separately (Python, same formula and radius)
    expect(distanceMetres(VOSSTANIYA.latitude, VOSSTANIYA.longitude, LADOZHSKAYA.latitude, LADOZHSKAYA.longitude)).toBeCloseTo(4_370.6, 0);
    expect(distanceMetres(1, 2, 1, 2)).toBe(0);
  });

  it('picks the nearest visit still to come or running', () => {
    const s = org();
    // Monday 10:00 local, standing at Ladozhskaya: Ladozhskaya (not yet started) is nearest.
    const n = nearestStopToday(s, at('2026-01-05T07:00:00Z'), LADOZHSKAYA.latitude, LADOZHSKAYA.longitude);
    expect(n?.visit.stopId).toBe('ladozhskaya');
    expect(n?.distanceMetres).toBe(0);
    expect(n?.open).toBe(false);
    expect(n?.start).toEqual(at('2026-01-05T08:00:00Z'));
    expect(n?.end).toEqual(at('2026-01-05T11:00:00Z'));
    // At Vosstaniya at 10:00 local, its own stop is running.
    const v = nearestStopToday(s, at('2026-01-05T07:00:00Z'), VOSSTANIYA.latitude, VOSSTANIYA.longitude);
    expect(v?.visit.stopId).toBe('vosstaniya');
    expect(v?.open).toBe(true);
  });

  it('skips visits that have ended and cancelled ones', () => {
    const s = org();
    // 12:00 local: Vosstaniya has just ended, so from there Ladozhskaya (4.4 km) is nearest.
    const n = nearestStopToday(s, at('2026-01-05T09:00:00Z'), VOSSTANIYA.latitude, VOSSTANIYA.longitude);
    expect(n?.visit.stopId).toBe('ladozhskaya');
    expect(n?.distanceMetres).toBeCloseTo(haversine(VOSSTANIYA, LADOZHSKAYA), 3);
    const cancelled = org([{ date: '2026-01-05', stopId: 'ladozhskaya', status: 'cancelled' }]);
    const c = nearestStopToday(cancelled, at('2026-01-05T09:00:00Z'), VOSSTANIYA.latitude, VOSSTANIYA.longitude);
    expect(c?.visit.stopId).toBe('devyatkino');
    expect(c?.distanceMetres).toBeCloseTo(haversine(VOSSTANIYA, DEVYATKINO), 3);
    // 19:00 local: everything has ended.
    expect(nearestStopToday(s, at('2026-01-05T16:00:00Z'), VOSSTANIYA.latitude, VOSSTANIYA.longitude)).toBeUndefined();
    // Sunday: nothing at all.
    expect(nearestStopToday(s, at('2026-01-11T09:00:00Z'), VOSSTANIYA.latitude, VOSSTANIYA.longitude)).toBeUndefined();
  });

  it('measures to the place a visit moved to', () => {
    const s = org([{ date: '2026-01-05', stopId: 'devyatkino', status: 'moved', ...VOSSTANIYA }]);
    const n = nearestStopToday(s, at('2026-01-05T13:00:00Z'), VOSSTANIYA.latitude, VOSSTANIYA.longitude); // 16:00 local
    expect(n?.visit).toMatchObject({ stopId: 'devyatkino', status: 'moved' });
    expect(n?.distanceMetres).toBe(0);
    expect(n?.open).toBe(true);
  });
});

describe('weekSchedule', () => {
  it('gives today and the next six local days', () => {
    // Sunday 2026-01-04 22:00 UTC is already Monday in Moscow.
    const week = weekSchedule(org([{ date: '2026-01-06', stopId: 'devyatkino', status: 'cancelled' }]), at('2026-01-04T22:00:00Z'));
    expect(week.map((d) => d.date)).toEqual(['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09', '2026-01-10', '2026-01-11']);
    expect(week.map((d) => d.weekday)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(week[0]?.visits).toHaveLength(3);
    expect(week[1]?.visits.map((v) => v.status)).toEqual(['cancelled']);
    expect(week.slice(2).every((d) => d.visits.length === 0)).toBe(true);
  });
});
