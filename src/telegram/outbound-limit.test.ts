import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { paceSends } from './outbound-limit.ts';

const prev = (async (method: string) => ({ ok: true, result: method }) as never) as never;

// The clock is the test's own: what is measured is when each call is let through, not how fast this machine is.
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('paceSends', () => {
  it('lets a short burst through at once, then keeps to the rate', async () => {
    const pace = paceSends(50, 3); // one every 20 ms after a burst of 3
    const done: string[] = [];
    const send = (name: string) => pace(prev, 'sendMessage', {} as never).then(() => void done.push(name));
    const burst = Promise.all(['a', 'b', 'c'].map(send));
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toEqual(['a', 'b', 'c']);
    await burst;
    const rest = Promise.all(['d', 'e', 'f', 'g', 'h'].map(send));
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(20);
    expect(done).toEqual(['a', 'b', 'c', 'd']);
    await vi.advanceTimersByTimeAsync(80);
    expect(done).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    await rest;
  });

  it('does not hold back calls that send nothing', async () => {
    const pace = paceSends(1, 1);
    await pace(prev, 'sendMessage', {} as never);
    const done: string[] = [];
    void pace(prev, 'getMe', {} as never).then(() => done.push('getMe'));
    void pace(prev, 'createForumTopic', {} as never).then(() => done.push('createForumTopic'));
    void pace(prev, 'sendMessage', {} as never).then(() => done.push('sendMessage'));
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toEqual(['getMe', 'createForumTopic']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(done).toEqual(['getMe', 'createForumTopic', 'sendMessage']);
  });
});
