import type { Locale } from '../config.ts';
import { t } from '../i18n/index.ts';
import { isOnDuty, nextDutyStart, onCall, onDutyNow } from './duty.ts';
import {
  addDays,
  isoWeekday,
  localDateOf,
  localTimeOf,
  nearestStopToday,
  distanceMetres,
  stopsOn,
  visitInterval,
  weekSchedule,
  zonedDateTime,
  type StopVisit,
} from './mobile-units.ts';
import type { Person, Settings } from './settings.ts';

/**
 * The schedule and duty texts a client or a worker reads in Telegram (HTML parse mode: only
 * `<b>` and `<i>`). Wording lives in `src/i18n/schedule.{ru,en}.ftl`; dates come from `Intl`
 * in the organisation's time zone. Everything taken from the settings is HTML-escaped.
 */

const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The `Intl` locale: British English for "Monday 5 January" and day-month order. */
function intlLocale(locale: Locale): string {
  return locale === 'en' ? 'en-GB' : 'ru';
}

function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

/** A local date as "понедельник, 5 января" / "Monday 5 January" (`weekday: false`: "5 января"). */
function formatLocalDate(settings: Settings, localDate: string, locale: Locale, weekday = true): string {
  const noon = zonedDateTime(settings, localDate, '12:00');
  return new Intl.DateTimeFormat(intlLocale(locale), {
    timeZone: settings.timeZone,
    ...(weekday ? { weekday: 'long' as const } : {}),
    day: 'numeric',
    month: 'long',
  }).format(noon);
}

/** "350 м", "1,2 км", "13 км" / "350 m", "1.2 km", "13 km". */
export function formatDistance(metres: number, locale: Locale): string {
  if (metres < 995) {
    return t(locale, 'schedule-distance-m', { n: String(Math.max(10, Math.round(metres / 10) * 10)) });
  }
  const km = metres / 1000;
  const n = new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: km < 9.95 ? 1 : 0 }).format(km);
  return t(locale, 'schedule-distance-km', { n });
}

function visitArgs(visit: StopVisit, locale: Locale): Record<string, string> {
  return { from: visit.from, to: visit.to, unit: escapeHtml(visit.unitName[locale]), address: escapeHtml(visit.address[locale]) };
}

function visitLines(settings: Settings, date: string, visit: StopVisit, locale: Locale, now: Date): string[] {
  const ended = visit.status !== 'cancelled' && visitInterval(settings, date, visit).end.getTime() <= now.getTime();
  const id = ended ? 'schedule-visit-ended' : visit.status === 'cancelled' ? 'schedule-visit-cancelled' : visit.status === 'moved' ? 'schedule-visit-moved' : 'schedule-visit';
  const lines = [t(locale, id, visitArgs(visit, locale))];
  if (visit.note && !ended) lines.push(t(locale, 'schedule-visit-note', { note: escapeHtml(visit.note[locale]) }));
  return lines;
}

function dayHeading(settings: Settings, date: string, today: string, locale: Locale): string {
  const formatted = formatLocalDate(settings, date, locale);
  if (date === today) return `<b>${t(locale, 'schedule-today', { date: formatted })}</b>`;
  if (date === addDays(today, 1)) return `<b>${t(locale, 'schedule-tomorrow', { date: formatted })}</b>`;
  return `<b>${t(locale, 'schedule-day', { date: capitalize(formatted) })}</b>`;
}

function dayBlock(settings: Settings, date: string, today: string, visits: StopVisit[], locale: Locale, now: Date): string {
  const lines = [dayHeading(settings, date, today, locale)];
  if (visits.length === 0) lines.push(t(locale, 'schedule-no-visits'));
  for (const v of visits) lines.push(...visitLines(settings, date, v, locale, now));
  return lines.join('\n');
}

/** Today's and tomorrow's visits, with cancellations and changes marked. */
export function formatTodayAndTomorrow(settings: Settings, now: Date, locale: Locale): string {
  if (settings.mobileUnits.length === 0) return t(locale, 'schedule-no-units');
  const today = localDateOf(settings, now);
  const tomorrow = addDays(today, 1);
  return [dayBlock(settings, today, today, stopsOn(settings, today), locale, now), dayBlock(settings, tomorrow, today, stopsOn(settings, tomorrow), locale, now)].join(
    '\n\n',
  );
}

/** The nearest stop still to come (or running) today; if none, says so and gives tomorrow's first. */
export function formatNearest(settings: Settings, now: Date, locale: Locale, latitude: number, longitude: number): string {
  if (settings.mobileUnits.length === 0) return t(locale, 'schedule-no-units');
  const nearest = nearestStopToday(settings, now, latitude, longitude);
  if (nearest) {
    const { visit } = nearest;
    const args = visitArgs(visit, locale);
    const lines = [
      t(locale, 'schedule-nearest-title'),
      t(locale, 'schedule-nearest-where', args),
      t(locale, nearest.open ? 'schedule-nearest-open' : 'schedule-nearest-later', args),
      t(locale, 'schedule-nearest-distance', { distance: formatDistance(nearest.distanceMetres, locale) }),
    ];
    if (visit.status === 'moved') lines.push(t(locale, 'schedule-nearest-moved'));
    if (visit.note) lines.push(t(locale, 'schedule-visit-note', { note: escapeHtml(visit.note[locale]) }));
    return lines.join('\n');
  }
  const tomorrow = addDays(localDateOf(settings, now), 1);
  const first = stopsOn(settings, tomorrow).find((v) => v.status !== 'cancelled');
  const lines = [t(locale, 'schedule-nearest-none-today')];
  if (first) {
    const distance = formatDistance(distanceMetres(latitude, longitude, first.latitude, first.longitude), locale);
    lines.push(t(locale, 'schedule-nearest-tomorrow-first', { ...visitArgs(first, locale), distance }));
  } else {
    lines.push(t(locale, 'schedule-nearest-none-tomorrow'));
  }
  return lines.join('\n');
}

/** Today and the next six days, each with its visits or "no visits". */
export function formatWeek(settings: Settings, now: Date, locale: Locale): string {
  if (settings.mobileUnits.length === 0) return t(locale, 'schedule-no-units');
  const today = localDateOf(settings, now);
  const blocks = weekSchedule(settings, now).map((d) => dayBlock(settings, d.date, today, d.visits, locale, now));
  return [t(locale, 'schedule-week-title'), ...blocks].join('\n\n');
}

/**
 * The honest after-hours line: when a person will answer. "…сегодня с 10:00", "…завтра с 10:00",
 * "…в понедельник, 5 января, с 10:00"; on duty now, "…скоро ответят"; no shift within 14 days,
 * "…как только сможем".
 */
export function formatNextAnswer(settings: Settings, now: Date, locale: Locale): string {
  if (isOnDuty(settings, now)) return t(locale, 'schedule-answer-now');
  const start = nextDutyStart(settings, now);
  if (!start) return t(locale, 'schedule-answer-unknown');
  const today = localDateOf(settings, now);
  const day = localDateOf(settings, start);
  const time = localTimeOf(settings, start);
  if (day === today) return t(locale, 'schedule-answer-today', { time });
  if (day === addDays(today, 1)) return t(locale, 'schedule-answer-tomorrow', { time });
  const weekday = WEEKDAY_KEYS[isoWeekday(day) - 1] ?? 'mon';
  return t(locale, 'schedule-answer-later', { weekday, date: formatLocalDate(settings, day, locale, false), time });
}

function personText(p: Person, locale: Locale): string {
  const name = escapeHtml(p.name);
  return p.telegram ? t(locale, 'schedule-person-telegram', { name, telegram: escapeHtml(p.telegram) }) : name;
}

/** For an emergency alert to staff: who is on shift now (or when the next shift opens) and who is on call. */
export function formatDutyForStaff(settings: Settings, now: Date, locale: Locale): string {
  const lines: string[] = [];
  if (isOnDuty(settings, now)) {
    const people = onDutyNow(settings, now);
    lines.push(
      people.length > 0
        ? t(locale, 'schedule-staff-on-duty', { people: people.map((p) => personText(p, locale)).join(', ') })
        : t(locale, 'schedule-staff-on-duty-unnamed'),
    );
  } else {
    lines.push(t(locale, 'schedule-staff-off-duty'));
    const start = nextDutyStart(settings, now);
    if (start) {
      const day = localDateOf(settings, start);
      lines.push(t(locale, 'schedule-staff-next-shift', { date: formatLocalDate(settings, day, locale), time: localTimeOf(settings, start) }));
    }
  }
  const person = onCall(settings);
  lines.push(person ? t(locale, 'schedule-staff-on-call', { person: personText(person, locale) }) : t(locale, 'schedule-staff-no-on-call'));
  return lines.join('\n');
}
