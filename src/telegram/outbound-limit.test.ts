import { describe, expect, it } from 'vitest';
import { paceSends } from './outbound-limit.ts';

const prev = (async (method: string) => ({ ok: true, result: method }) as never) as never;

describe('paceSends', () => {
  it('lets a short burst through at once, then keeps to the rate', async () => {
    const pace = paceSends(50, 3); // one every 20 ms after a burst of 3
    const started = Date.now();
    await Promise.all(Array.from({ length: 3 }, () => pace(prev, 'sendMessage', {} as never)));
    expect(Date.now() - started).toBeLessThan(15);
    await Promise.all(Array.from({ length: 5 }, () => pace(prev, 'copyMessage', {} as never)));
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('does not hold back calls that send nothing', async () => {
    const pace = paceSends(1, 1);
    await pace(prev, 'sendMessage', {} as never);
    const quick = Date.now();
    await pace(prev, 'getMe', {} as never);
    await pace(prev, 'createForumTopic', {} as never);
    expect(Date.now() - quick).toBeLessThan(15);
  });
});
