import type { Settings } from './settings.ts';

/**
 * Mobile-unit timetable: which stop is visited when, with the one-off changes applied, and the
 * time-zone arithmetic the schedule needs. Pure: every function takes the moment it reasons about.
 *
 * A "local date" is a `YYYY-MM-DD` calendar day in the organisation's time zone; "HH:MM" times
 * are wall-clock times there. Conversions go through `Intl.DateTimeFormat` with `timeZone`.
 */

export type Localized = { ru: string; en: string };
export type VisitStatus = 'as-planned' | 'moved' | 'cancelled';

export interface StopVisit {
  unitId: string;
  unitName: Localized;
  stopId: string;
  address: Localized;
  latitude: number;
  longitude: number;
  /** "HH:MM" local time; `to` earlier than `from` would mean the next day. */
  from: string;
  to: string;
  status: VisitStatus;
  note?: Localized;
}

export interface NearestVisit {
  visit: StopVisit;
  /** Great-circle distance from the given point, in metres. */
  distanceMetres: number;
  /** The visit has started and not yet ended. */
  open: boolean;
  /** When the visit starts and ends (absolute instants). */
  start: Date;
  end: Date;
}

export interface DaySchedule {
  date: string;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  visits: StopVisit[];
}

type Zoned = Pick<Settings, 'timeZone'>;

// ---------------------------------------------------------------------------------------------
// Time-zone helpers (also used by duty.ts)

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(timeZone: string, ms: number): WallClock {
  const out: Record<string, number> = {};
  for (const p of partsFormatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return {
    year: out.year ?? 1970,
    month: out.month ?? 1,
    day: out.day ?? 1,
    hour: (out.hour ?? 0) % 24,
    minute: out.minute ?? 0,
    second: out.second ?? 0,
  };
}

/** The zone's offset from UTC at an instant, in milliseconds (Moscow: +3 h). */
function offsetAt(timeZone: string, ms: number): number {
  const w = wallClock(timeZone, ms);
  const whole = ms - (((ms % 1000) + 1000) % 1000);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - whole;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function parseDate(localDate: string): [number, number, number] {
  const [y, m, d] = localDate.split('-').map(Number);
  return [y ?? 1970, m ?? 1, d ?? 1];
}

/** Minutes since midnight of an "HH:MM" time. */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** The calendar day (`YYYY-MM-DD`) it is at `now` in the organisation's time zone. */
export function localDateOf(settings: Zoned, now: Date): string {
  const w = wallClock(settings.timeZone, now.getTime());
  return `${String(w.year).padStart(4, '0')}-${pad2(w.month)}-${pad2(w.day)}`;
}

/** The wall-clock time ("HH:MM") it is at `now` in the organisation's time zone. */
export function localTimeOf(settings: Zoned, now: Date): string {
  const w = wallClock(settings.timeZone, now.getTime());
  return `${pad2(w.hour)}:${pad2(w.minute)}`;
}

/** Calendar arithmetic on a `YYYY-MM-DD` date (no time zone involved). */
export function addDays(localDate: string, n: number): string {
  const [y, m, d] = parseDate(localDate);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** ISO weekday of a `YYYY-MM-DD` date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(localDate: string): number {
  const [y, m, d] = parseDate(localDate);
  const js = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return js === 0 ? 7 : js;
}

/**
 * The instant when the wall clock in the organisation's zone shows `time` on `localDate`.
 * A time skipped by a DST change (02:30 when clocks jump 02:00 → 03:00) moves forward by the
 * gap (03:30); a time that occurs twice (clocks going back) takes the earlier one.
 */
export function zonedDateTime(settings: Zoned, localDate: string, time: string): Date {
  const [y, m, d] = parseDate(localDate);
  const minutes = minutesOf(time);
  const asUtc = Date.UTC(y, m - 1, d, Math.floor(minutes / 60), minutes % 60);
  const day = 86_400_000;
  const before = offsetAt(settings.timeZone, asUtc - day);
  const after = offsetAt(settings.timeZone, asUtc + day);
  const valid = [...new Set([before, after])]
    .map((o) => asUtc - o)
    .filter((ms) => asUtc - offsetAt(settings.timeZone, ms) === ms)
    .sort((a, b) => a - b);
  return new Date(valid[0] ?? asUtc - before);
}

// ---------------------------------------------------------------------------------------------
// The timetable

/**
 * Every stop visit on a local date, with the day's one-off changes applied: cancelled visits are
 * kept (marked), moved ones carry the new address, coordinates and times. A "moved" change on a
 * day the stop has no regular window adds a visit when it gives both times. Sorted by start time.
 */
export function stopsOn(settings: Settings, localDate: string): StopVisit[] {
  const weekday = isoWeekday(localDate);
  const visits: StopVisit[] = [];
  for (const unit of settings.mobileUnits) {
    for (const stop of unit.stops) {
      const change = unit.changes.find((c) => c.date === localDate && c.stopId === stop.id);
      const planned = stop.windows.filter((w) => w.weekday === weekday);
      const base = {
        unitId: unit.id,
        unitName: unit.name,
        stopId: stop.id,
        address: stop.address,
        latitude: stop.latitude,
        longitude: stop.longitude,
      };
      if (planned.length === 0 && change?.status === 'moved' && change.from && change.to) {
        planned.push({ weekday, from: change.from, to: change.to });
      }
      for (const w of planned) {
        const visit: StopVisit = { ...base, from: w.from, to: w.to, status: 'as-planned' };
        if (change?.status === 'cancelled') {
          visit.status = 'cancelled';
        } else if (change?.status === 'moved') {
          visit.status = 'moved';
          if (change.address) visit.address = change.address;
          if (change.latitude !== undefined) visit.latitude = change.latitude;
          if (change.longitude !== undefined) visit.longitude = change.longitude;
          if (change.from) visit.from = change.from;
          if (change.to) visit.to = change.to;
        }
        if (change?.note) visit.note = change.note;
        visits.push(visit);
      }
    }
  }
  return visits.sort(
    (a, b) => minutesOf(a.from) - minutesOf(b.from) || minutesOf(a.to) - minutesOf(b.to) || a.unitId.localeCompare(b.unitId) || a.stopId.localeCompare(b.stopId),
  );
}

/** When a visit on `localDate` starts and ends; an end at or before the start is the next day. */
export function visitInterval(settings: Zoned, localDate: string, visit: Pick<StopVisit, 'from' | 'to'>): { start: Date; end: Date } {
  const start = zonedDateTime(settings, localDate, visit.from);
  const endDate = minutesOf(visit.to) > minutesOf(visit.from) ? localDate : addDays(localDate, 1);
  return { start, end: zonedDateTime(settings, endDate, visit.to) };
}

const EARTH_RADIUS_METRES = 6_371_008.8;

/** Great-circle distance between two points in metres (haversine, mean Earth radius). */
export function distanceMetres(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The nearest visit today (local date) that is not cancelled and has not yet ended at `now`,
 * or undefined when none is left today. Ties go to the earlier visit.
 */
export function nearestStopToday(settings: Settings, now: Date, latitude: number, longitude: number): NearestVisit | undefined {
  const today = localDateOf(settings, now);
  let best: NearestVisit | undefined;
  for (const visit of stopsOn(settings, today)) {
    if (visit.status === 'cancelled') continue;
    const { start, end } = visitInterval(settings, today, visit);
    if (end.getTime() <= now.getTime()) continue;
    const distance = distanceMetres(latitude, longitude, visit.latitude, visit.longitude);
    if (!best || distance < best.distanceMetres) {
      best = { visit, distanceMetres: distance, open: start.getTime() <= now.getTime(), start, end };
    }
  }
  return best;
}

/** Today and the following six local days, each with its visits (possibly none). */
export function weekSchedule(settings: Settings, now: Date): DaySchedule[] {
  const today = localDateOf(settings, now);
  return Array.from({ length: 7 }, (_, i) => {
    const date = addDays(today, i);
    return { date, weekday: isoWeekday(date), visits: stopsOn(settings, date) };
  });
}
