import { FluentResource } from '@fluent/bundle';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { localeFromTelegram, messageIds, t } from './index.ts';

describe('i18n', () => {
  it('has the same messages in Russian and English', () => {
    expect(messageIds('en').sort()).toEqual(messageIds('ru').sort());
    expect(messageIds('ru').length).toBeGreaterThan(10);
  });

  it('parses every message: a syntax error would drop it silently and show its id instead', () => {
    const here = dirname(fileURLToPath(import.meta.url));
    for (const file of readdirSync(here).filter((f) => f.endsWith('.ftl'))) {
      const text = readFileSync(join(here, file), 'utf8');
      const written = [...text.matchAll(/^([a-z][a-z0-9-]*)\s*=/gm)].map((m) => m[1]);
      const parsed = new FluentResource(text).body.map((m) => m.id);
      expect(written.filter((id) => !parsed.includes(id!)), file).toEqual([]);
    }
  });

  it('makes words agree with numbers', () => {
    const days = (locale: 'ru' | 'en', n: number) => /через (.*?) после|erase it (.*?) after/.exec(t(locale, 'client-start', { org: 'X', pseudonym: 'K', days: n }))!.slice(1).find(Boolean);
    expect([1, 2, 5, 21, 30].map((n) => days('ru', n))).toEqual(['1 день', '2 дня', '5 дней', '21 день', '30 дней']);
    expect([1, 30].map((n) => days('en', n))).toEqual(['1 day', '30 days']);
    expect([1, 3, 5, 0.5].map((n) => t('ru', 'community-hours', { n }))).toEqual(['1 час', '3 часа', '5 часов', '0,5 часа']);
    expect(t('ru', 'community-join-rules-intro', { org: 'X', hours: 24 })).toContain('через 24 часа.');
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
