import { describe, expect, it } from 'vitest';
import { looksLikeQuestion, messageLink } from './questions.ts';
import { durationText, parseDuration } from './texts.ts';

describe('what staff type and what members read', () => {
  it('reads /mute durations in minutes, hours and days, Latin or Cyrillic, and refuses the rest', () => {
    expect(parseDuration('30m')).toBe(30);
    expect(parseDuration('90')).toBe(90);
    expect(parseDuration('2h')).toBe(120);
    expect(parseDuration('2ч')).toBe(120);
    expect(parseDuration('3d')).toBe(3 * 24 * 60);
    expect(parseDuration('7дн')).toBe(7 * 24 * 60);
    for (const bad of ['', 'forever', '0m', '-5m', '400d', '2 weeks']) expect(parseDuration(bad)).toBeUndefined();
  });

  it('says a length of time the way people say it', () => {
    expect(durationText('ru', 45)).toBe('45 минут');
    expect(durationText('ru', 1)).toBe('1 минуту');
    expect(durationText('ru', 180)).toBe('3 часа');
    expect(durationText('ru', 7 * 24 * 60)).toBe('7 дней');
    expect(durationText('ru', 21 * 24 * 60)).toBe('21 день');
    expect(durationText('en', 24 * 60)).toBe('1 day');
    expect(durationText('en', 90)).toBe('90 minutes');
  });
});

describe('questions in the chat', () => {
  it('takes a question mark or a question word first, with at least three words', () => {
    for (const q of ['где сегодня стоит автобус?', 'кто знает где взять налоксон', 'подскажите как записаться на ПКП', 'is the van out tonight', 'how do I get tested for free']) {
      expect(looksLikeQuestion(q), q).toBe(true);
    }
  });

  it('leaves exclamations, short replies and statements alone', () => {
    for (const s of ['что?', 'как так?!', 'ну да', 'всем привет, я новенький', 'спасибо, всё получилось']) expect(looksLikeQuestion(s), s).toBe(false);
  });

  it("links to a message of a private supergroup by Telegram's t.me/c form", () => {
    expect(messageLink(-1001234567890, 42)).toBe('https://t.me/c/1234567890/42');
  });
});
