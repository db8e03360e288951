import { describe, expect, it } from 'vitest';
import { localeFromTelegram, messageIds, t } from './index.ts';

describe('i18n', () => {
  it('has the same messages in Russian and English', () => {
    expect(messageIds('en').sort()).toEqual(messageIds('ru').sort());
    expect(messageIds('ru').length).toBeGreaterThan(10);
  });

  it('formats arguments without isolation marks', () => {
    expect(t('ru', 'topic-name', { case: 42, pseudonym: 'K7QF' })).toBe('#42 · Клиент K7QF');
    expect(t('en', 'topic-name', { case: 42, pseudonym: 'K7QF' })).toBe('#42 · Client K7QF');
  });

  it('maps Telegram language codes', () => {
    expect(localeFromTelegram('en-GB', 'ru')).toBe('en');
    expect(localeFromTelegram('ru', 'en')).toBe('ru');
    expect(localeFromTelegram('uk', 'en')).toBe('ru');
    expect(localeFromTelegram('de', 'ru')).toBe('en');
    expect(localeFromTelegram(undefined, 'ru')).toBe('ru');
  });
});
