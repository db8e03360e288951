import { describe, expect, it } from 'vitest';
import { fold, foldDetailed, squeeze, unmask, views } from './normalize.ts';

describe('fold', () => {
  it('lower-cases, ё → е, collapses repeated letters', () => {
    expect(fold('ЁЖИК Тыыы тууупооой')).toBe('ежик ты тупой');
    expect(fold('kill')).toBe('kil');
  });
  it('reads Latin look-alikes inside Cyrillic words and Cyrillic ones inside Latin words', () => {
    expect(views('ты cyкa').ru).toBe('ты сука');
    expect(fold('Прoдaм')).toBe('продам');
    expect(fold('іdіоt')).toBe('idiot');
    expect(fold('ты дeбил')).toBe('ты дебил');
  });
  it('reads leetspeak inside words, not numbers with units', () => {
    expect(fold('you are a 1d10t')).toBe('you are a idiot');
    expect(fold('ты д0лб0ёб')).toBe('ты долбоеб');
    expect(fold('п@дла')).toBe('падла');
    expect(fold('sh!t')).toBe('shit');
    expect(fold('150мг 4pm 0.2 мл')).toBe('150мг 4pm 0 2 мл');
  });
  it('joins letters spelled out with spaces or dots', () => {
    expect(fold('ты т у п о й')).toBe('ты тупой');
    expect(fold('ты с.у.к.а')).toBe('ты сука');
    expect(foldDetailed('u r a r e t a r d').spelledOut).toEqual(['uraretard']);
    // one-letter words of ordinary speech stay words
    expect(fold('а я в шоке')).toBe('а я в шоке');
  });
  it('keeps masked letters as * and replaces links and handles', () => {
    expect(fold('с*ка f**k')).toBe('с*ка f*k');
    expect(fold('@vasya_pupkin смотри https://t.me/x')).toBe('@user смотри url');
  });
});

describe('fold, version 2', () => {
  it('joins letters split by emoji or other punctuation, and reads an emoji inside a word as a mask', () => {
    expect(fold('с😂у😂к😂а')).toBe('сука');
    expect(fold('т/у/п/о/й д|е|б|и|л')).toBe('тупой дебил');
    expect(fold('с🤬ка')).toBe('с*ка');
    expect(fold('в/в, т.е. и т.д.')).toBe('в в т е и т д');
  });
  it('drops apostrophes inside words', () => {
    expect(fold("you're don’t")).toBe('youre dont');
  });
  it('reads shorteners and made-up domains as links', () => {
    expect(fold('bit.ly/a1 gosuslugi-vyplata.example/x tg-help.example')).toBe('url url url');
    expect(fold('0.25 мг, 1.5 мл')).toBe('0 25 мг 1 5 мл');
  });
});

describe('unmask', () => {
  it('resolves a mask to the first word the list accepts', () => {
    const words = new Set(['сука', 'fuck']);
    expect(unmask('с*ка ты', (w) => words.has(w))).toBe('сука ты');
    expect(unmask('f*ck you', (w) => words.has(w))).toBe('fuck you');
    expect(unmask('з*мок', (w) => words.has(w))).toBe('з*мок');
  });
});

describe('views', () => {
  it('reads Russian typed in Latin letters through the overdose normaliser', () => {
    expect(views('ty debil chto li').ru).toBe('ты дебил что ли');
    expect(views('you are not alone').ru).toBe('you are not alone');
  });
  it('squeeze matches the fold of patterns', () => {
    expect(squeeze('сообщение passport')).toBe('собщение pasport');
    expect(squeeze('\\dd')).toBe('\\dd');
  });
});
