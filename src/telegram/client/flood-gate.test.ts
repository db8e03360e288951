import { describe, expect, it } from 'vitest';
import { FloodGate } from './flood-gate.ts';

describe('flood gate', () => {
  it('lets a normal client through at once', () => {
    const gate = new FloodGate();
    for (let i = 0; i < 8; i++) expect(gate.admit(1, 1000 + i * 100)).toEqual({ delayMs: 0, notice: false });
  });

  it('slows a flood, with one notice a minute, and only for that client', () => {
    const gate = new FloodGate();
    const results = Array.from({ length: 30 }, (_, i) => gate.admit(1, 1000 + i * 10));
    expect(results.slice(0, 8).every((r) => r.delayMs === 0)).toBe(true);
    expect(results.slice(8).every((r) => r.delayMs === 1000)).toBe(true);
    expect(results.filter((r) => r.notice)).toHaveLength(1);
    expect(gate.admit(2, 1400)).toEqual({ delayMs: 0, notice: false });
    // Quiet again after the window.
    expect(gate.admit(1, 20_000)).toEqual({ delayMs: 0, notice: false });
  });
});
