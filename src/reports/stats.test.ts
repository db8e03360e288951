import { describe, expect, it } from 'vitest';
import { change, isoWeek, median, percentile, pointChange, replyBucket, round, share } from './stats.ts';

describe('report statistics', () => {
  it('median and 90th percentile by linear interpolation', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    // sorted 1,2,3,4,100: rank 0.9·4 = 3.6 → 4 + 0.6·96
    expect(percentile([100, 1, 2, 3, 4], 90)).toBeCloseTo(61.6, 10);
    expect(percentile(Array.from({ length: 11 }, (_, i) => i * 10), 90)).toBe(90);
    expect(percentile([7], 90)).toBe(7);
    expect(median([])).toBeUndefined();
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it('shares in per cent with one decimal, none of nothing', () => {
    expect(share(50, 301)).toBe(16.6);
    expect(share(100, 301)).toBe(33.2);
    expect(share(1, 3)).toBe(33.3);
    expect(share(0, 0)).toBeUndefined();
    expect(round(2.25, 1)).toBe(2.3);
    expect(round(-2.25, 1)).toBe(-2.3);
  });

  it('change in per cent and in percentage points', () => {
    expect(change(17, 9)).toBe('+89 %');
    expect(change(301, 160)).toBe('+88 %');
    expect(change(3, 4)).toBe('-25 %');
    expect(change(5, 5)).toBe('±0 %');
    expect(change(0, 0)).toBe('±0 %');
    expect(change(3, 0)).toBe('new');
    expect(change(null, 3)).toBe('');
    expect(pointChange(16.6, 12)).toBe('+4.6 pp');
    expect(pointChange(10, 12.5)).toBe('-2.5 pp');
    expect(pointChange(null, 1)).toBe('');
  });

  it('ISO weeks, including the ones that straddle a new year', () => {
    expect(isoWeek('2026-01-14')).toBe('2026-W03');
    expect(isoWeek('2026-01-01')).toBe('2026-W01'); // Thursday
    expect(isoWeek('2027-01-01')).toBe('2026-W53'); // Friday of 2026's 53rd week
    expect(isoWeek('2024-12-30')).toBe('2025-W01'); // Monday
    expect(isoWeek('2025-12-28')).toBe('2025-W52'); // Sunday
  });

  it('reply-time buckets', () => {
    expect([0, 14.9, 15, 59, 60, 239, 240, 1439, 1440].map(replyBucket)).toEqual(['<15 min', '<15 min', '<1 h', '<1 h', '<4 h', '<4 h', '<24 h', '<24 h', 'later']);
    expect(replyBucket(undefined)).toBe('no reply');
  });
});
