import { describe, expect, it } from 'vitest';
import { formatDistance, formatDutyForStaff, formatNearest, formatNextAnswer, formatTodayAndTomorrow, formatWeek } from './format.ts';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from './settings.ts';

const at = (iso: string) => new Date(iso);
const LADOZHSKAYA = { latitude: 59.9325, longitude: 30.4393 };
const VOSSTANIYA = { latitude: 59.9311, longitude: 30.3609 };

/** The default St Petersburg organisation (bus 1: Ladozhskaya Mon/Wed/Fri 11–14, Devyatkino Tue/Thu 16–19; duty Mon–Fri 10–22). 2026-01-05 is a Monday. */
function org(over: Record<string, unknown> = {}, changes: unknown[] = []): Settings {
  const base = DEFAULT_SETTINGS;
  const units = base.mobileUnits.map((u) => ({ ...u, changes }));
  return settingsSchema.parse({ ...base, mobileUnits: units, ...over });
}

describe('formatDistance', () => {
  it('writes metres and kilometres the local way', () => {
    expect(formatDistance(1234, 'ru')).toBe('1,2 км');
    expect(formatDistance(1234, 'en')).toBe('1.2 km');
    expect(formatDistance(347, 'ru')).toBe('350 м');
    expect(formatDistance(347, 'en')).toBe('350 m');
    expect(formatDistance(13_089, 'ru')).toBe('13 км');
    expect(formatDistance(0, 'en')).toBe('10 m');
  });
});

describe('formatTodayAndTomorrow', () => {
  it('shows today and tomorrow with dates and times', () => {
    const now = at('2026-01-05T06:00:00Z'); // Monday 09:00 MSK
    const ru = formatTodayAndTomorrow(org(), now, 'ru');
    expect(ru).toContain('<b>Сегодня, понедельник, 5 января</b>');
    expect(ru).toContain('11:00–14:00 · Автобус 1 · м. Ладожская, выход к ТЦ');
    expect(ru).toContain('<b>Завтра, вторник, 6 января</b>');
    expect(ru).toContain('16:00–19:00 · Автобус 1 · м. Девяткино, у остановки автобусов');
    const en = formatTodayAndTomorrow(org(), now, 'en');
    expect(en).toContain('<b>Today, Monday 5 January</b>');
    expect(en).toContain('11:00–14:00 · Bus 1 · Ladozhskaya metro, mall exit');
    expect(en).toContain('<b>Tomorrow, Tuesday 6 January</b>');
  });

  it('marks cancelled, moved and finished visits, with the note', () => {
    const s = org({}, [
      { date: '2026-01-06', stopId: 'devyatkino', status: 'cancelled', note: { ru: 'Автобус в ремонте', en: 'The bus is being repaired' } },
      { date: '2026-01-09', stopId: 'ladozhskaya', status: 'moved', address: { ru: 'м. Новочеркасская', en: 'Novocherkasskaya metro' }, from: '12:00', to: '15:00' },
    ]);
    const monday = at('2026-01-05T12:00:00Z'); // 15:00 MSK: today's stop is over
    const ru = formatTodayAndTomorrow(s, monday, 'ru');
    expect(ru).toContain('11:00–14:00 · Автобус 1 · м. Ладожская, выход к ТЦ — <i>уже закончилось</i>');
    expect(ru).toContain('16:00–19:00 · Автобус 1 · м. Девяткино, у остановки автобусов — <i>отменено</i>');
    expect(ru).toContain('<i>Автобус в ремонте</i>');
    expect(formatTodayAndTomorrow(s, monday, 'en')).toContain('— <i>cancelled</i>\n<i>The bus is being repaired</i>');
    const thursday = at('2026-01-08T06:00:00Z');
    expect(formatTodayAndTomorrow(s, thursday, 'ru')).toContain('12:00–15:00 · Автобус 1 · м. Новочеркасская — <i>изменено</i>');
    expect(formatTodayAndTomorrow(s, thursday, 'en')).toContain('12:00–15:00 · Bus 1 · Novocherkasskaya metro — <i>changed</i>');
  });

  it('says when there are no visits, and when there is no schedule at all', () => {
    const saturday = at('2026-01-10T09:00:00Z');
    expect(formatTodayAndTomorrow(org(), saturday, 'ru')).toBe('<b>Сегодня, суббота, 10 января</b>\nВыездов нет.\n\n<b>Завтра, воскресенье, 11 января</b>\nВыездов нет.');
    expect(formatTodayAndTomorrow(org(), saturday, 'en')).toContain('No visits.');
    expect(formatTodayAndTomorrow(org({ mobileUnits: [] }), saturday, 'ru')).toBe('Расписания выездов пока нет.');
    expect(formatTodayAndTomorrow(org({ mobileUnits: [] }), saturday, 'en')).toBe('There is no mobile-unit schedule yet.');
  });

  it('escapes HTML from the settings', () => {
    const s = org({}, [{ date: '2026-01-05', stopId: 'ladozhskaya', status: 'moved', address: { ru: 'Двор <за> аркой & садом', en: 'Yard <behind> arch & garden' } }]);
    expect(formatTodayAndTomorrow(s, at('2026-01-05T06:00:00Z'), 'ru')).toContain('Двор &lt;за&gt; аркой &amp; садом');
  });
});

describe('formatNearest', () => {
  it('gives the time window, address and distance', () => {
    const tenAm = at('2026-01-05T07:00:00Z'); // before the 11:00 stop
    const ru = formatNearest(org(), tenAm, 'ru', VOSSTANIYA.latitude, VOSSTANIYA.longitude);
    expect(ru).toContain('<b>Ближайшая точка сегодня</b>');
    expect(ru).toContain('Автобус 1 · м. Ладожская, выход к ТЦ');
    expect(ru).toContain('Сегодня с 11:00 до 14:00.');
    expect(ru).toContain('Примерно 4,4 км от вас.');
    const en = formatNearest(org(), tenAm, 'en', VOSSTANIYA.latitude, VOSSTANIYA.longitude);
    expect(en).toContain('Today from 11:00 to 14:00.');
    expect(en).toContain('About 4.4 km from you.');
  });

  it('says a running stop is open now, until when', () => {
    const noon = at('2026-01-05T09:00:00Z');
    expect(formatNearest(org(), noon, 'ru', LADOZHSKAYA.latitude + 0.003, LADOZHSKAYA.longitude)).toContain('Работает сейчас, до 14:00.\nПримерно 330 м от вас.');
    expect(formatNearest(org(), noon, 'en', LADOZHSKAYA.latitude, LADOZHSKAYA.longitude)).toContain('Open now, until 14:00.');
  });

  it('warns when the place or time changed', () => {
    const s = org({}, [{ date: '2026-01-05', stopId: 'ladozhskaya', status: 'moved', from: '12:00', to: '15:00', note: { ru: 'Из-за ярмарки', en: 'Because of a fair' } }]);
    const ru = formatNearest(s, at('2026-01-05T07:00:00Z'), 'ru', VOSSTANIYA.latitude, VOSSTANIYA.longitude);
    expect(ru).toContain('Сегодня с 12:00 до 15:00.');
    expect(ru).toContain('<i>Сегодня место или время изменены.</i>');
    expect(ru).toContain('<i>Из-за ярмарки</i>');
    expect(formatNearest(s, at('2026-01-05T07:00:00Z'), 'en', VOSSTANIYA.latitude, VOSSTANIYA.longitude)).toContain('<i>The place or time has changed today.</i>');
  });

  it('says there are no more stops today and gives tomorrow’s first', () => {
    const evening = at('2026-01-05T15:00:00Z'); // Monday 18:00, the stop ended at 14:00
    const ru = formatNearest(org(), evening, 'ru', VOSSTANIYA.latitude, VOSSTANIYA.longitude);
    expect(ru).toContain('Сегодня выездов больше нет.');
    expect(ru).toContain('Завтра первая точка: 16:00–19:00 · Автобус 1 · м. Девяткино, у остановки автобусов (примерно 14 км от вас).');
    const en = formatNearest(org(), evening, 'en', VOSSTANIYA.latitude, VOSSTANIYA.longitude);
    expect(en).toContain('No more stops today.');
    expect(en).toContain("Tomorrow's first stop: 16:00–19:00 · Bus 1 · Devyatkino metro, by the bus stop (about 14 km from you).");
  });

  it('says when there is nothing tomorrow either', () => {
    const friday = at('2026-01-09T15:00:00Z');
    expect(formatNearest(org(), friday, 'ru', 59.93, 30.36)).toBe('Сегодня выездов больше нет.\nЗавтра выездов тоже нет.');
    expect(formatNearest(org(), friday, 'en', 59.93, 30.36)).toBe('No more stops today.\nNo stops tomorrow either.');
  });
});

describe('formatWeek', () => {
  it('lists seven days with their visits', () => {
    const s = org({}, [{ date: '2026-01-07', stopId: 'ladozhskaya', status: 'cancelled' }]);
    const ru = formatWeek(s, at('2026-01-04T09:00:00Z'), 'ru'); // Sunday
    expect(ru.startsWith('<b>Выезды на неделю</b>')).toBe(true);
    expect(ru).toContain('<b>Сегодня, воскресенье, 4 января</b>\nВыездов нет.');
    expect(ru).toContain('<b>Завтра, понедельник, 5 января</b>\n11:00–14:00 · Автобус 1 · м. Ладожская, выход к ТЦ');
    expect(ru).toContain('<b>Среда, 7 января</b>\n11:00–14:00 · Автобус 1 · м. Ладожская, выход к ТЦ — <i>отменено</i>');
    expect(ru).toContain('<b>Суббота, 10 января</b>\nВыездов нет.');
    expect(ru).not.toContain('11 января');
    expect(ru.match(/<b>/g)).toHaveLength(8); // title + 7 days
    const en = formatWeek(s, at('2026-01-04T09:00:00Z'), 'en');
    expect(en).toContain('<b>Visits this week</b>');
    expect(en).toContain('<b>Wednesday 7 January</b>\n11:00–14:00 · Bus 1 · Ladozhskaya metro, mall exit — <i>cancelled</i>');
    expect(en).toContain('<b>Thursday 8 January</b>\n16:00–19:00 · Bus 1 · Devyatkino metro, by the bus stop');
  });
});

describe('formatNextAnswer', () => {
  const s = org();

  it('says today, tomorrow or the day and date', () => {
    expect(formatNextAnswer(s, at('2026-01-05T04:00:00Z'), 'ru')).toBe('Сотрудники ответят сегодня с 10:00.');
    expect(formatNextAnswer(s, at('2026-01-05T04:00:00Z'), 'en')).toBe('Workers will answer today from 10:00.');
    expect(formatNextAnswer(s, at('2026-01-05T20:00:00Z'), 'ru')).toBe('Сотрудники ответят завтра с 10:00.');
    expect(formatNextAnswer(s, at('2026-01-05T20:00:00Z'), 'en')).toBe('Workers will answer tomorrow from 10:00.');
    // Friday 23:00 → Monday.
    expect(formatNextAnswer(s, at('2026-01-02T20:00:00Z'), 'ru')).toBe('Сотрудники ответят в понедельник, 5 января, с 10:00.');
    expect(formatNextAnswer(s, at('2026-01-02T20:00:00Z'), 'en')).toBe('Workers will answer on Monday, 5 January, from 10:00.');
  });

  it('uses the right Russian preposition and case for the weekday', () => {
    const tueWedFri = org({ duty: { windows: [2, 3, 5].map((weekday) => ({ weekday, from: '12:00', to: '18:00' })), holidays: [] } });
    expect(formatNextAnswer(tueWedFri, at('2026-01-02T20:00:00Z'), 'ru')).toBe('Сотрудники ответят во вторник, 6 января, с 12:00.');
    expect(formatNextAnswer(tueWedFri, at('2026-01-06T20:00:00Z'), 'ru')).toBe('Сотрудники ответят завтра с 12:00.');
    expect(formatNextAnswer(tueWedFri, at('2026-01-07T20:00:00Z'), 'ru')).toBe('Сотрудники ответят в пятницу, 9 января, с 12:00.');
    const sat = org({ duty: { windows: [{ weekday: 6, from: '10:00', to: '12:00' }], holidays: ['2026-01-03'] } });
    expect(formatNextAnswer(sat, at('2026-01-02T06:00:00Z'), 'ru')).toBe('Сотрудники ответят в субботу, 10 января, с 10:00.');
  });

  it('skips holidays', () => {
    const s2 = org({ duty: { ...DEFAULT_SETTINGS.duty, holidays: ['2026-01-05', '2026-01-06'] } });
    expect(formatNextAnswer(s2, at('2026-01-04T20:00:00Z'), 'ru')).toBe('Сотрудники ответят в среду, 7 января, с 10:00.');
  });

  it('is honest when on duty, and when nobody is scheduled', () => {
    expect(formatNextAnswer(s, at('2026-01-05T09:00:00Z'), 'ru')).toBe('Сотрудники сейчас на смене и скоро ответят.');
    expect(formatNextAnswer(s, at('2026-01-05T09:00:00Z'), 'en')).toBe('Workers are on duty now and will answer soon.');
    const none = org({ duty: { windows: [], holidays: [] } });
    expect(formatNextAnswer(none, at('2026-01-05T09:00:00Z'), 'ru')).toContain('Ответим, как только сможем.');
    expect(formatNextAnswer(none, at('2026-01-05T09:00:00Z'), 'en')).toContain('We will answer as soon as we can.');
  });

  it('follows the organisation time zone across a DST change', () => {
    const berlin = org({ timeZone: 'Europe/Berlin', duty: { windows: [{ weekday: 7, from: '10:00', to: '18:00' }], holidays: [] } });
    // Saturday 28 March 2026, 23:30 CET; Sunday opens at 10:00 CEST (08:00 UTC).
    expect(formatNextAnswer(berlin, at('2026-03-28T22:30:00Z'), 'en')).toBe('Workers will answer tomorrow from 10:00.');
    expect(formatNextAnswer(berlin, at('2026-03-29T05:00:00Z'), 'en')).toBe('Workers will answer today from 10:00.');
  });
});

describe('formatDutyForStaff', () => {
  const s = org({
    duty: {
      windows: [{ weekday: 1, from: '10:00', to: '22:00', staff: [{ name: 'Анна', telegram: '@anna_worker' }, { name: 'Борис <Б>' }] }],
      onCall: { name: 'Вера', telegram: '@vera_oncall', phone: '+7 900 000-00-00' },
      holidays: [],
    },
  });

  it('names who is on shift and who is on call', () => {
    const ru = formatDutyForStaff(s, at('2026-01-05T09:00:00Z'), 'ru');
    expect(ru).toBe('<b>На смене:</b> Анна (@anna_worker), Борис &lt;Б&gt;\n<b>Дежурный:</b> Вера (@vera_oncall)');
    const en = formatDutyForStaff(s, at('2026-01-05T09:00:00Z'), 'en');
    expect(en).toBe('<b>On duty:</b> Анна (@anna_worker), Борис &lt;Б&gt;\n<b>On call:</b> Вера (@vera_oncall)');
  });

  it('says when nobody is on shift, when the next shift opens, and when nobody is on call', () => {
    const ru = formatDutyForStaff(s, at('2026-01-05T20:00:00Z'), 'ru');
    expect(ru).toContain('<b>Сейчас смены нет.</b>');
    expect(ru).toContain('Следующая смена: понедельник, 12 января, с 10:00.');
    expect(ru).toContain('<b>Дежурный:</b> Вера (@vera_oncall)');
    const bare = org({ duty: { windows: [{ weekday: 1, from: '10:00', to: '22:00' }], holidays: [] } });
    expect(formatDutyForStaff(bare, at('2026-01-05T09:00:00Z'), 'ru')).toBe('<b>Смена идёт</b>, но сотрудники в расписании не указаны.\n<b>Дежурный не назначен.</b>');
    expect(formatDutyForStaff(bare, at('2026-01-05T09:00:00Z'), 'en')).toBe('<b>A shift is on</b>, but no staff are named for it.\n<b>Nobody is on call.</b>');
    expect(formatDutyForStaff(bare, at('2026-01-05T20:00:00Z'), 'en')).toContain('Next shift: Monday 12 January, from 10:00.');
  });
});
