import { sql } from 'drizzle-orm';
import type { Db } from '../../db/open.ts';
import { cases } from '../../db/schema/index.ts';
import { addDays } from '../../organisation/mobile-units.ts';
import type { Settings } from '../../organisation/settings.ts';

/**
 * Cases opened over a period, by day, week or month (calendar days in the organisation's zone),
 * for the reports page's chart; with the previous period's average per day, week or month as the
 * line to compare against. Counts only: no case is read beyond its opening time.
 */

export type SeriesUnit = 'day' | 'week' | 'month';

export interface SeriesBucket {
  /** The bucket's first and last local days (a week or month cut by the period is shorter). */
  first: string;
  last: string;
  n: number;
}

export interface CaseSeries {
  unit: SeriesUnit;
  buckets: SeriesBucket[];
  total: number;
  /** The previous period's cases per day, week (7 days) or month (30.44 days); null when it had none. */
  previousMean: number | null;
}

/** Days, both included, from `first` to `last` (local `YYYY-MM-DD`). */
export function daysBetween(first: string, last: string): number {
  return Math.round((Date.parse(`${last}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Up to two months by day, up to half a year by week (7 days from the period's first), longer by calendar month. */
export function unitFor(days: number): SeriesUnit {
  return days <= 62 ? 'day' : days <= 182 ? 'week' : 'month';
}

const NOMINAL_DAYS: Record<SeriesUnit, number> = { day: 1, week: 7, month: 30.44 };

/** The buckets of [first, last] with the counts of `perDay` (local day → cases). */
export function bucketsOf(unit: SeriesUnit, first: string, last: string, perDay: ReadonlyMap<string, number>): SeriesBucket[] {
  const out: SeriesBucket[] = [];
  let start = first;
  while (start <= last) {
    let end: string;
    if (unit === 'day') end = start;
    else if (unit === 'week') end = addDays(start, 6);
    else end = addDays(`${addDays(`${start.slice(0, 7)}-01`, 32).slice(0, 7)}-01`, -1);
    if (end > last) end = last;
    let n = 0;
    for (let d = start; d <= end; d = addDays(d, 1)) n += perDay.get(d) ?? 0;
    out.push({ first: start, last: end, n });
    start = addDays(end, 1);
  }
  return out;
}

/**
 * The series of the period `firstDay`..`lastDay` ([start, end) as instants); the previous period
 * is the one of equal length before it, as the report's.
 */
export async function caseSeries(db: Db, p: { settings: Settings; firstDay: string; lastDay: string; start: Date; end: Date }): Promise<CaseSeries> {
  const prevStart = new Date(p.start.getTime() - (p.end.getTime() - p.start.getTime()));
  const result = await db.execute(
    sql`select coalesce(json_agg(t), '[]'::json) as rows from (
      select to_char(c.opened_at at time zone ${p.settings.timeZone}, 'YYYY-MM-DD') as day, c.opened_at >= ${p.start.toISOString()}::timestamptz as cur, count(*) as n
      from ${cases} c where c.opened_at >= ${prevStart.toISOString()}::timestamptz and c.opened_at < ${p.end.toISOString()}::timestamptz
      group by 1, 2
    ) t`,
  );
  const raw = (result as unknown as { rows: { rows: unknown }[] }).rows[0]!.rows;
  const rows = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { day: string; cur: boolean; n: number | string }[];
  const perDay = new Map<string, number>();
  let previousTotal = 0;
  for (const r of rows) {
    if (r.cur) perDay.set(r.day, (perDay.get(r.day) ?? 0) + Number(r.n));
    else previousTotal += Number(r.n);
  }
  const days = daysBetween(p.firstDay, p.lastDay);
  const unit = unitFor(days);
  const buckets = bucketsOf(unit, p.firstDay, p.lastDay, perDay);
  return {
    unit,
    buckets,
    total: buckets.reduce((s, b) => s + b.n, 0),
    previousMean: previousTotal > 0 ? (previousTotal / days) * NOMINAL_DAYS[unit] : null,
  };
}
