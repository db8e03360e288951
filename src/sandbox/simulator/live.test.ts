import { describe, expect, it } from 'vitest';
import { concerns } from './live.ts';

describe("the simulator's live updates", () => {
  it('tell a page of the changes in what it shows, and only those', () => {
    // The home page follows every chat.
    expect(concerns({}, -100, 5, undefined)).toBe(true);
    // A private chat: its own chat only.
    expect(concerns({ chatId: 42 }, 42, undefined, undefined)).toBe(true);
    expect(concerns({ chatId: 42 }, 43, undefined, undefined)).toBe(false);
    // A forum topic: its thread; a change whose thread is unknown (a deletion) may be in it.
    expect(concerns({ chatId: -100, threadId: 7 }, -100, 7, undefined)).toBe(true);
    expect(concerns({ chatId: -100, threadId: 7 }, -100, 8, undefined)).toBe(false);
    expect(concerns({ chatId: -100, threadId: 7 }, -100, undefined, undefined)).toBe(true);
    // A channel's direct messages: one person's topic.
    expect(concerns({ chatId: -200, topicId: 5 }, -200, undefined, 6)).toBe(false);
    expect(concerns({ chatId: -200, topicId: 5 }, -200, undefined, 5)).toBe(true);
  });
});
