import { describe, expect, it } from 'vitest';
import { dutyStartsBetween, isOnDuty, nextDutyStart, onCall, onDutyNow } from './duty.ts';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from './settings.ts';

type Window = { weekday: number; from: string; to: string; staff?: { name: string; telegram?: string }[] };

function org(timeZone: string, windows: Window[], extra: { holidays?: string[]; onCall?: { name: string; telegram?: string } } = {}): Settings {
  return settingsSchema.parse({ ...DEFAULT_SETTINGS, timeZone, duty: { windows, holidays: extra.holidays ?? [], onCall: extra.onCall }, mobileUnits: [] });
}

const weekdays = (from: string, to: string, days = [1, 2, 3, 4, 5]): Window[] => days.map((weekday) => ({ weekday, from, to }));
const at = (iso: string) => new Date(iso);

// 2026-01-05 is a Monday. Moscow is UTC+3 all year.
describe('duty hours in Europe/Moscow', () => {
  const s = org('Europe/Moscow', weekdays('10:00', '22:00'));

  it('is on duty inside a window, the start inclusive and the end exclusive', () => {
    expect(isOnDuty(s, at('2026-01-05T06:59:59Z'))).toBe(false); // 09:59:59
    expect(isOnDuty(s, at('2026-01-05T07:00:00Z'))).toBe(true); // 10:00
    expect(isOnDuty(s, at('2026-01-05T18:59:00Z'))).toBe(true); // 21:59
    expect(isOnDuty(s, at('2026-01-05T19:00:00Z'))).toBe(false); // 22:00
  });

  it('uses the local weekday, not the UTC one', () => {
    // Sunday 2026-01-04 22:30 UTC is Monday 01:30 in Moscow: still off duty.
    expect(isOnDuty(s, at('2026-01-04T22:30:00Z'))).toBe(false);
    // Saturday 10:00 local: no window on weekends.
    expect(isOnDuty(s, at('2026-01-03T07:00:00Z'))).toBe(false);
  });

  it('finds the next start: later today, tomorrow, or after the weekend', () => {
    expect(nextDutyStart(s, at('2026-01-05T03:00:00Z'))).toEqual(at('2026-01-05T07:00:00Z'));
    expect(nextDutyStart(s, at('2026-01-05T20:00:00Z'))).toEqual(at('2026-01-06T07:00:00Z'));
    expect(nextDutyStart(s, at('2026-01-02T20:00:00Z'))).toEqual(at('2026-01-05T07:00:00Z')); // Fri 23:00 → Mon 10:00
    // On duty: the next opening after now, not the current one.
    expect(nextDutyStart(s, at('2026-01-05T07:00:00Z'))).toEqual(at('2026-01-06T07:00:00Z'));
  });

  it('has no next start without windows or beyond 14 days', () => {
    expect(nextDutyStart(org('Europe/Moscow', []), at('2026-01-05T03:00:00Z'))).toBeUndefined();
    const holidays = Array.from({ length: 20 }, (_, i) => `2026-01-${String(i + 1).padStart(2, '0')}`);
    expect(nextDutyStart(org('Europe/Moscow', weekdays('10:00', '22:00'), { holidays }), at('2026-01-01T03:00:00Z'))).toBeUndefined();
  });

  it('lists window openings in (from, to]', () => {
    const from = at('2026-01-05T07:00:00Z'); // exactly Monday's opening: excluded
    const to = at('2026-01-07T07:00:00Z'); // exactly Wednesday's opening: included
    expect(dutyStartsBetween(s, from, to)).toEqual([at('2026-01-06T07:00:00Z'), at('2026-01-07T07:00:00Z')]);
    expect(dutyStartsBetween(s, to, from)).toEqual([]);
    // Overnight for a morning queue: Friday evening to Monday noon.
    expect(dutyStartsBetween(s, at('2026-01-02T19:00:00Z'), at('2026-01-05T09:00:00Z'))).toEqual([at('2026-01-05T07:00:00Z')]);
  });
});

describe('windows crossing midnight', () => {
  const s = org('Europe/Moscow', [
    { weekday: 5, from: '22:00', to: '02:00' },
    { weekday: 7, from: '23:00', to: '01:00' },
  ]);

  it('runs until `to` the next day', () => {
    expect(isOnDuty(s, at('2026-01-02T18:59:00Z'))).toBe(false); // Fri 21:59
    expect(isOnDuty(s, at('2026-01-02T19:00:00Z'))).toBe(true); // Fri 22:00
    expect(isOnDuty(s, at('2026-01-02T22:30:00Z'))).toBe(true); // Sat 01:30
    expect(isOnDuty(s, at('2026-01-02T23:00:00Z'))).toBe(false); // Sat 02:00
  });

  it('wraps from Sunday into Monday', () => {
    expect(isOnDuty(s, at('2026-01-04T21:30:00Z'))).toBe(true); // Mon 00:30
    expect(isOnDuty(s, at('2026-01-04T22:00:00Z'))).toBe(false); // Mon 01:00
    // Saturday 01:00 is inside Friday's window, not a Saturday window.
    expect(nextDutyStart(s, at('2026-01-02T22:00:00Z'))).toEqual(at('2026-01-04T20:00:00Z'));
  });

  it('treats from = to as a full day', () => {
    const allDay = org('Europe/Moscow', [{ weekday: 1, from: '09:00', to: '09:00' }]);
    expect(isOnDuty(allDay, at('2026-01-05T06:00:00Z'))).toBe(true); // Mon 09:00
    expect(isOnDuty(allDay, at('2026-01-06T05:59:00Z'))).toBe(true); // Tue 08:59
    expect(isOnDuty(allDay, at('2026-01-06T06:00:00Z'))).toBe(false); // Tue 09:00
  });
});

describe('holidays', () => {
  // 2026-01-07 (Wednesday) is a holiday.
  const s = org('Europe/Moscow', [...weekdays('10:00', '22:00'), { weekday: 2, from: '22:00', to: '02:00' }], { holidays: ['2026-01-07'] });

  it('cancel every window opening that day', () => {
    expect(isOnDuty(s, at('2026-01-07T09:00:00Z'))).toBe(false); // Wed 12:00
    expect(isOnDuty(s, at('2026-01-08T09:00:00Z'))).toBe(true); // Thu 12:00
  });

  it('keep the night shift that opened the evening before', () => {
    expect(isOnDuty(s, at('2026-01-06T22:00:00Z'))).toBe(true); // Wed 01:00, Tuesday's night window
    expect(isOnDuty(s, at('2026-01-06T23:00:00Z'))).toBe(false); // Wed 02:00
  });

  it('are skipped by the next start and the openings list', () => {
    expect(nextDutyStart(s, at('2026-01-06T23:30:00Z'))).toEqual(at('2026-01-08T07:00:00Z')); // Wed 02:30 → Thu 10:00
    expect(dutyStartsBetween(s, at('2026-01-06T20:00:00Z'), at('2026-01-08T20:00:00Z'))).toEqual([at('2026-01-08T07:00:00Z')]);
  });

  it('use the local date, not the UTC one', () => {
    // Thursday 2026-01-08 00:30 in Moscow is still Wednesday in UTC; Thursday is not a holiday.
    const night = org('Europe/Moscow', [{ weekday: 4, from: '00:00', to: '06:00' }], { holidays: ['2026-01-07'] });
    expect(isOnDuty(night, at('2026-01-07T21:30:00Z'))).toBe(true);
  });
});

describe('a zone with daylight saving time (Europe/Berlin)', () => {
  // 2026: clocks go forward on Sunday 29 March (02:00 CET → 03:00 CEST), back on Sunday 25 October (03:00 CEST → 02:00 CET).
  const daily = org('Europe/Berlin', weekdays('10:00', '18:00', [1, 2, 3, 4, 5, 6, 7]));

  it('opens at 10:00 local on both sides of the spring change', () => {
    expect(dutyStartsBetween(daily, at('2026-03-27T12:00:00Z'), at('2026-03-31T00:00:00Z'))).toEqual([
      at('2026-03-28T09:00:00Z'), // Sat 10:00 CET
      at('2026-03-29T08:00:00Z'), // Sun 10:00 CEST
      at('2026-03-30T08:00:00Z'),
    ]);
    expect(isOnDuty(daily, at('2026-03-29T08:30:00Z'))).toBe(true); // 10:30 CEST
    expect(isOnDuty(daily, at('2026-03-29T15:59:00Z'))).toBe(true); // 17:59 CEST
    expect(isOnDuty(daily, at('2026-03-29T16:00:00Z'))).toBe(false); // 18:00 CEST
  });

  it('opens at 10:00 local on both sides of the autumn change', () => {
    expect(dutyStartsBetween(daily, at('2026-10-24T00:00:00Z'), at('2026-10-26T00:00:00Z'))).toEqual([
      at('2026-10-24T08:00:00Z'), // Sat 10:00 CEST
      at('2026-10-25T09:00:00Z'), // Sun 10:00 CET
    ]);
    expect(nextDutyStart(daily, at('2026-10-24T20:00:00Z'))).toEqual(at('2026-10-25T09:00:00Z'));
  });

  it('keeps a night window right across the change (one hour shorter in spring)', () => {
    const night = org('Europe/Berlin', [{ weekday: 6, from: '22:00', to: '06:00' }]);
    expect(isOnDuty(night, at('2026-03-28T21:00:00Z'))).toBe(true); // Sat 22:00 CET
    expect(isOnDuty(night, at('2026-03-29T03:59:00Z'))).toBe(true); // Sun 05:59 CEST
    expect(isOnDuty(night, at('2026-03-29T04:00:00Z'))).toBe(false); // Sun 06:00 CEST
    expect(isOnDuty(night, at('2026-10-25T04:59:00Z'))).toBe(true); // Sun 05:59 CET
    expect(isOnDuty(night, at('2026-10-25T05:00:00Z'))).toBe(false); // Sun 06:00 CET
  });

  it('moves a time the clocks skip forward by the gap', () => {
    const skipped = org('Europe/Berlin', [{ weekday: 7, from: '02:30', to: '04:00' }]);
    expect(nextDutyStart(skipped, at('2026-03-28T12:00:00Z'))).toEqual(at('2026-03-29T01:30:00Z')); // 03:30 CEST
  });

  it('takes the first of a time that occurs twice', () => {
    const twice = org('Europe/Berlin', [{ weekday: 7, from: '02:30', to: '04:00' }]);
    expect(nextDutyStart(twice, at('2026-10-24T12:00:00Z'))).toEqual(at('2026-10-25T00:30:00Z')); // 02:30 CEST
  });
});

describe('who is on duty', () => {
  const anna = { name: 'Анна', telegram: '@anna_worker' };
  const boris = { name: 'Борис' };
  const vera = { name: 'Вера', telegram: '@vera_oncall' };
  const s = org(
    'Europe/Moscow',
    [
      { weekday: 1, from: '10:00', to: '16:00', staff: [anna] },
      { weekday: 1, from: '14:00', to: '22:00', staff: [boris, anna] },
    ],
    { onCall: vera },
  );

  it('lists everyone on the running shifts, once each', () => {
    expect(onDutyNow(s, at('2026-01-05T08:00:00Z'))).toEqual([anna]); // 11:00
    expect(onDutyNow(s, at('2026-01-05T12:00:00Z'))).toEqual([anna, boris]); // 15:00, overlap
    expect(onDutyNow(s, at('2026-01-05T14:00:00Z'))).toEqual([boris, anna]); // 17:00
    expect(onDutyNow(s, at('2026-01-05T20:00:00Z'))).toEqual([]); // 23:00
  });

  it('reports the on-call person', () => {
    expect(onCall(s)).toEqual(vera);
    expect(onCall(org('Europe/Moscow', []))).toBeUndefined();
  });

  it('gives one opening per moment even when windows share a start', () => {
    const two = org('Europe/Moscow', [
      { weekday: 1, from: '10:00', to: '12:00', staff: [anna] },
      { weekday: 1, from: '10:00', to: '18:00', staff: [boris] },
    ]);
    expect(dutyStartsBetween(two, at('2026-01-04T00:00:00Z'), at('2026-01-06T00:00:00Z'))).toEqual([at('2026-01-05T07:00:00Z')]);
  });
});
