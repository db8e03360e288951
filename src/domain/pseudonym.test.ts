import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isPseudonym, PSEUDONYM_ALPHABET, pseudonymFromBytes } from './pseudonym.ts';

describe('pseudonyms', () => {
  it('are four readable characters without look-alikes', () => {
    const p = pseudonymFromBytes(createHash('sha256').update('a').digest());
    expect(p).toHaveLength(4);
    expect(isPseudonym(p)).toBe(true);
    for (const confusing of '01OIL') expect(PSEUDONYM_ALPHABET).not.toContain(confusing);
  });

  it('are stable for the same bytes and spread over the alphabet', () => {
    const bytes = createHash('sha256').update('client').digest();
    expect(pseudonymFromBytes(bytes)).toBe(pseudonymFromBytes(bytes));
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) seen.add(pseudonymFromBytes(createHash('sha256').update(String(i)).digest()));
    expect(seen.size).toBeGreaterThan(1990);
  });

  it('can be longer when asked', () => {
    expect(pseudonymFromBytes(new Uint8Array(8), 5)).toHaveLength(5);
    expect(() => pseudonymFromBytes(new Uint8Array(2))).toThrow();
  });
});
