import { addDays, isoWeekday, localDateOf, minutesOf, zonedDateTime } from './mobile-units.ts';
import type { Person, Settings } from './settings.ts';

/**
 * Duty hours: when workers answer, who is on shift, who is on call. Pure: every function takes
 * the moment it reasons about.
 *
 * Rules:
 * - A window belongs to the local date it opens on (its weekday). `from` > `to` runs until `to`
 *   the next day; `from` = `to` is a full 24 hours. The end is exclusive.
 * - A holiday (a local date) cancels every window that opens that day. A window that opened the
 *   evening before and runs past midnight into the holiday is kept (the night shift still runs).
 * - Wall-clock times follow the organisation's time zone, including DST changes; a time skipped
 *   by the clocks jumping forward opens at the same distance after the jump (02:30 → 03:30).
 */

export interface DutyShift {
  /** The local date the window opens on. */
  date: string;
  start: Date;
  end: Date;
  staff: Person[];
}

const DAY_MS = 86_400_000;
/** How far `nextDutyStart` looks ahead. */
export const NEXT_DUTY_HORIZON_DAYS = 14;

export function isHoliday(settings: Settings, localDate: string): boolean {
  return settings.duty.holidays.includes(localDate);
}

/** The shifts opening on each local date from `firstDate` to `lastDate` inclusive, by start. */
export function shiftsOpeningOn(settings: Settings, firstDate: string, lastDate: string): DutyShift[] {
  const shifts: DutyShift[] = [];
  for (let date = firstDate; date <= lastDate; date = addDays(date, 1)) {
    if (isHoliday(settings, date)) continue;
    const weekday = isoWeekday(date);
    for (const w of settings.duty.windows) {
      if (w.weekday !== weekday) continue;
      const endDate = minutesOf(w.to) > minutesOf(w.from) ? date : addDays(date, 1);
      shifts.push({ date, start: zonedDateTime(settings, date, w.from), end: zonedDateTime(settings, endDate, w.to), staff: w.staff });
    }
  }
  return shifts.sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** The shifts running at `now` (usually zero or one; overlapping windows give several). */
export function shiftsAt(settings: Settings, now: Date): DutyShift[] {
  const today = localDateOf(settings, now);
  const t = now.getTime();
  return shiftsOpeningOn(settings, addDays(today, -1), today).filter((s) => s.start.getTime() <= t && t < s.end.getTime());
}

/** Whether workers are on duty at `now`. */
export function isOnDuty(settings: Settings, now: Date): boolean {
  return shiftsAt(settings, now).length > 0;
}

/** The next moment (strictly after `now`) a duty window opens, skipping holidays, within 14 days. */
export function nextDutyStart(settings: Settings, now: Date): Date | undefined {
  const t = now.getTime();
  const limit = t + NEXT_DUTY_HORIZON_DAYS * DAY_MS;
  const today = localDateOf(settings, now);
  return shiftsOpeningOn(settings, today, addDays(today, NEXT_DUTY_HORIZON_DAYS + 1))
    .map((s) => s.start)
    .find((start) => start.getTime() > t && start.getTime() <= limit);
}

/** The staff of every shift running at `now`, each person once, in window order. */
export function onDutyNow(settings: Settings, now: Date): Person[] {
  const seen = new Set<string>();
  const people: Person[] = [];
  for (const shift of shiftsAt(settings, now)) {
    for (const p of shift.staff) {
      const key = `${p.name}\u0000${p.telegram ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      people.push(p);
    }
  }
  return people;
}

/** Who is on call for emergencies (at any hour). */
export function onCall(settings: Settings): Person | undefined {
  return settings.duty.onCall;
}

/** Every moment a duty window opens in (from, to], skipping holidays, in order, without repeats. */
export function dutyStartsBetween(settings: Settings, from: Date, to: Date): Date[] {
  if (to.getTime() <= from.getTime()) return [];
  const first = addDays(localDateOf(settings, from), -1);
  const last = addDays(localDateOf(settings, to), 1);
  const times = new Set<number>();
  for (const s of shiftsOpeningOn(settings, first, last)) {
    const ms = s.start.getTime();
    if (ms > from.getTime() && ms <= to.getTime()) times.add(ms);
  }
  return [...times].sort((a, b) => a - b).map((ms) => new Date(ms));
}
