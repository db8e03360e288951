import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.ts';

describe('RateLimiter', () => {
  it('allows a short burst per private chat, then asks to wait', () => {
    let t = 1_000_000;
    const r = new RateLimiter({}, () => t);
    expect([r.take(1, true), r.take(1, true), r.take(1, true)]).toEqual([0, 0, 0]);
    expect(r.take(1, true)).toBe(3);
    expect(r.take(2, true)).toBe(0); // another chat is unaffected
    t += 3000;
    expect(r.take(1, true)).toBe(0);
  });

  it('allows 20 messages a minute per group', () => {
    let t = 0;
    const r = new RateLimiter({}, () => t);
    for (let i = 0; i < 20; i++) {
      expect(r.take(-100, false)).toBe(0);
      t += 1000;
    }
    expect(r.take(-100, false)).toBe(40);
    t += 40_000;
    expect(r.take(-100, false)).toBe(0);
  });

  it('caps the overall rate and can be switched at run time', () => {
    const t = 5;
    const r = new RateLimiter({ globalPerSecond: 2 }, () => t);
    expect(r.take(1, true)).toBe(0);
    expect(r.take(2, true)).toBe(0);
    expect(r.take(3, true)).toBe(1);
    r.set(false);
    for (let i = 0; i < 100; i++) expect(r.take(3, true)).toBe(0);
  });
});
