import { describe, expect, it } from 'vitest';
import type { Locale } from '../config.ts';
import { readPack } from './pack.ts';
import { matchArticles, searchArticles, stemWord, type ArticleCandidate } from './search.ts';

const pack = readPack();
const candidates: ArticleCandidate[] = pack.map(({ slug, locale, title, keywords }) => ({ slug, locale, title, keywords }));
const top = (text: string, locale: Locale = 'ru') => matchArticles(text, candidates, locale)[0]?.slug;
const slugs = (text: string, locale: Locale = 'ru') => matchArticles(text, candidates, locale).map((m) => m.slug);

describe('matchArticles (free text → an article to offer)', () => {
  it('matches Russian word forms of a keyword', () => {
    for (const text of ['абсцесс', 'у меня абсцессы на руке', 'нет ли у вас мази от абсцесса', 'нарыв', 'вскочили нарывы', 'нарывы на ноге', 'гноится место укола']) {
      expect(top(text), text).toBe('abscess-and-wounds');
    }
    expect(stemWord('нарыв')).toBe(stemWord('нарывы')); // Snowball alone would read "нарыв" as a gerund
  });

  it('matches veins, tests and PrEP', () => {
    expect(top('вена лопнула')).toBe('vein-care');
    expect(top('вены пропали, куда теперь')).toBe('vein-care');
    expect(top('пропали вены совсем')).toBe('vein-care');
    expect(top('сожгла вену вчера')).toBe('vein-care');
    expect(top('где сделать тест на ВИЧ')).toBe('hiv-hcv-testing');
    expect(top('тест на вич')).toBe('hiv-hcv-testing');
    expect(top('хочу сдать анализы на вич')).toBe('hiv-hcv-testing');
    expect(top('prep')).toBe('prep');
    expect(top('где взять преп?')).toBe('prep');
    expect(top('PrEP где достать', 'en')).toBe('prep');
    expect(top('ломает третий день')).toBe('home-detox-risks');
    expect(top('у друга гепатит')).toBe('hiv-hcv-transmission');
  });

  it('matches English plurals and verb forms', () => {
    expect(top('I have abscesses on my arm', 'en')).toBe('abscess-and-wounds');
    expect(top('my veins collapsed', 'en')).toBe('vein-care');
    expect(top('where can I get tested?', 'en')).toBe('hiv-hcv-testing');
    expect(top('the withdrawals are killing me', 'en')).toBe('home-detox-risks');
    expect(top('prep', 'en')).toBe('prep');
    expect(top('what does U=U mean', 'en')).toBe('art-aids-centre');
  });

  it('ranks the more specific article first and returns at most `limit` matches with scores', () => {
    const m = matchArticles('тест на вич', candidates, 'ru');
    expect(m.map((x) => x.slug)).toEqual(['hiv-hcv-testing', 'hiv-hcv-transmission']);
    expect(m[0]!.score).toBeGreaterThan(m[1]!.score);
    expect(m[0]).toMatchObject({ locale: 'ru', title: 'Тесты на ВИЧ и гепатит C: когда сдавать и что значит результат' });
    expect(matchArticles('тест на вич', candidates, 'ru', 1)).toHaveLength(1);
    expect(slugs('needles', 'en').length).toBeLessThanOrEqual(2);
  });

  it('offers only articles in the asked language', () => {
    expect(matchArticles('абсцесс', candidates, 'en').map((m) => m.locale)).toEqual(['en']); // the English article carries "абсцесс"
    expect(matchArticles('абсцесс', candidates.filter((c) => c.locale === 'en'), 'ru')).toEqual([]);
  });

  it('does not match weak or near-miss words', () => {
    for (const [text, locale] of [
      ['мне нужна помощь', 'ru'],
      ['помогите пожалуйста', 'ru'],
      ['привет, как дела', 'ru'],
      ['какой препарат лучше', 'ru'], // not «преп»
      ['тестостерон', 'ru'], // not «тест»
      ['спать на нарах', 'ru'], // not «нарыв»
      ['вечером заеду', 'ru'], // not «вена»
      ['машина сломалась', 'ru'], // «машина» is also slang for a syringe: too common alone
      ['открой окно', 'ru'],
      ['I need help', 'en'],
      ['please help me', 'en'],
      ['meal preparation', 'en'], // not "prep"
      ['', 'ru'],
      ['!!! ???', 'ru'],
    ] as const) {
      expect(matchArticles(text, candidates, locale), text).toEqual([]);
    }
  });

  it('never offers the overdose flow, but does offer overdose articles for prevention questions', () => {
    for (const text of ['передоз', 'он не дышит', 'где взять налоксон']) expect(slugs(text), text).not.toContain('overdose-flow');
    // Emergencies never reach the offer (the emergency flow takes them); what does is a question.
    expect(slugs('где взять налоксон')).toContain('naloxone');
    expect(slugs('как не словить передоз').some((s) => ['overdose-response', 'naloxone', 'stimulant-overdose'].includes(s))).toBe(true);
  });
});

describe('searchArticles (a worker\'s /kb)', () => {
  // What the bot searches: the verified articles (`allVerified`), which leave out the flow.
  const articles = candidates.filter((c) => c.slug !== 'overdose-flow');
  it('finds by title and keyword, best first, overdose articles included', () => {
    expect(searchArticles('вены', articles, 'ru')[0]?.slug).toBe('vein-care');
    expect(searchArticles('абсц', articles, 'ru')[0]?.slug).toBe('abscess-and-wounds'); // a prefix
    expect(searchArticles('налоксон', articles, 'ru')[0]?.slug).toBe('naloxone');
    const od = searchArticles('передозировка', articles, 'ru').map((m) => m.slug);
    expect(od.slice(0, 2).sort()).toEqual(['overdose-response', 'stimulant-overdose']);
    expect(searchArticles('передоз', articles, 'ru').map((m) => m.slug)).toEqual(expect.arrayContaining(['overdose-response', 'stimulant-overdose', 'naloxone']));
    expect(searchArticles('тест вич', articles, 'ru')[0]?.slug).toBe('hiv-hcv-testing');
    expect(searchArticles('prep', articles, 'en')[0]?.slug).toBe('prep');
    expect(searchArticles('hepatitis testing', articles, 'en')[0]?.slug).toBe('hiv-hcv-testing');
    expect(searchArticles('detox', articles, 'en')[0]?.slug).toBe('home-detox-risks');
  });

  it('searches the asked language only, and finds nothing for nonsense', () => {
    expect(searchArticles('вены', articles, 'en').map((m) => m.locale)).toEqual(['en']);
    expect(searchArticles('qwertyuiop', articles, 'ru')).toEqual([]);
    expect(searchArticles('', articles, 'ru')).toEqual([]);
    const scores = searchArticles('вич', articles, 'ru').map((m) => m.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });
});
