import { describe, expect, it } from 'vitest';
import { reasonCode } from './close-reason.ts';

describe('the code of a reason for closing without a record', () => {
  it('keeps known words, the reason /forget sets, and nothing of free text', () => {
    expect(reasonCode('Спам, реклама')).toBe('spam');
    expect(reasonCode('forgotten')).toBe('forgotten');
    expect(reasonCode('клиент Вася ошибся чатом')).toBe('other');
    expect(reasonCode(null)).toBe('not_recorded');
  });
});
