/**
 * Pure helpers for reports: percentiles, shares, period-over-period change, ISO weeks and
 * reply-time buckets. No database, no clock.
 */

/**
 * The p-th percentile (0–100) of `values` by linear interpolation between closest ranks
 * (the method of Excel's PERCENTILE.INC and numpy's default), so the 50th is the usual median.
 * Undefined for an empty list.
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within 0–100, got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (b - a) * (rank - lo);
}

export const median = (values: readonly number[]): number | undefined => percentile(values, 50);

/** Rounds to `digits` decimals (half away from zero), leaving undefined alone. */
export function round(value: number, digits?: number): number;
export function round(value: number | undefined, digits?: number): number | undefined;
export function round(value: number | undefined, digits = 1): number | undefined {
  if (value === undefined) return undefined;
  const f = 10 ** digits;
  return (Math.sign(value) * Math.round(Math.abs(value) * f)) / f;
}

/** `part` as a percentage of `whole`, one decimal; undefined when there is no whole. */
export function share(part: number, whole: number): number | undefined {
  if (whole <= 0) return undefined;
  return round((part / whole) * 100, 1);
}

/** A signed figure with the given unit: "+89 %", "-12 %", "±0 %". */
function signed(n: number, unit: string): string {
  if (n === 0) return `±0 ${unit}`;
  return `${n > 0 ? '+' : '-'}${Math.abs(n)} ${unit}`;
}

/**
 * Relative change from `previous` to `current` as a whole percentage: 9 → 17 is "+89 %".
 * "new" when there was nothing before and something now; "" when either side is missing.
 */
export function change(current: number | undefined | null, previous: number | undefined | null): string {
  if (current == null || previous == null) return '';
  if (previous === 0) return current === 0 ? signed(0, '%') : 'new';
  return signed(Math.round(((current - previous) / previous) * 100), '%');
}

/** Difference between two percentages, in percentage points: 16.6 vs 12.0 is "+4.6 pp". */
export function pointChange(current: number | undefined | null, previous: number | undefined | null): string {
  if (current == null || previous == null) return '';
  return signed(round(current - previous, 1), 'pp');
}

/** ISO 8601 week of a `YYYY-MM-DD` calendar date, e.g. "2026-W03" (the week's year may differ from the date's). */
export function isoWeek(localDate: string): string {
  const [y, m, d] = localDate.split('-').map(Number);
  const date = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
  const weekday = date.getUTCDay() === 0 ? 7 : date.getUTCDay();
  // The Thursday of this week decides the year the week belongs to.
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const year = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export const REPLY_BUCKETS = ['<15 min', '<1 h', '<4 h', '<24 h', 'later', 'no reply'] as const;
export type ReplyBucket = (typeof REPLY_BUCKETS)[number];

/** The time to first staff reply, in minutes, as a coarse bucket (undefined = never answered). */
export function replyBucket(minutes: number | undefined): ReplyBucket {
  if (minutes === undefined) return 'no reply';
  if (minutes < 15) return '<15 min';
  if (minutes < 60) return '<1 h';
  if (minutes < 240) return '<4 h';
  if (minutes < 1440) return '<24 h';
  return 'later';
}

/** Counts of each key, in first-seen order. */
export function tally<K>(keys: Iterable<K>): Map<K, number> {
  const m = new Map<K, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}
