import { describe, expect, it } from 'vitest';
import { paceSends } from './outbound-limit.ts';

describe('paceSends', () => {
  it('spaces sends to the given rate and lets other calls through at once', async () => {
    const pace = paceSends(50); // one every 20 ms
    const at: number[] = [];
    const prev = (async (method: string) => {
      at.push(Date.now());
      return { ok: true, result: method } as never;
    }) as never;
    const started = Date.now();
    await Promise.all(Array.from({ length: 6 }, () => pace(prev, 'sendMessage', {} as never)));
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
    const quick = Date.now();
    await pace(prev, 'getMe', {} as never);
    expect(Date.now() - quick).toBeLessThan(15);
  });
});
