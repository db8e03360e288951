import { describe, expect, it } from 'vitest';
import { readPack } from '../../content/pack.ts';
import { matchArticles, type ArticleCandidate } from '../../content/search.ts';
import { DEFAULT_TAXONOMY } from '../../domain/taxonomy.ts';
import { MIN_PRETICK, PRETICK_AT, RULE_NEEDS, scoreNeeds, suggestNeeds } from './rules.ts';

const pack = readPack();
const needsOf = (slug: string) => [...new Set(pack.filter((e) => e.slug === slug).flatMap((e) => e.needs))];
const candidates: ArticleCandidate[] = pack.filter((e) => e.slug !== 'overdose-flow').map(({ slug, locale, title, keywords, needs }) => ({ slug, locale, title, keywords, needs }));
const suggest = (messages: string[], opts: { emergency?: boolean; articles?: string[] } = {}) =>
  suggestNeeds({ messages, emergency: opts.emergency ?? false, articleNeeds: (opts.articles ?? []).map(needsOf) });
const INJECTION = ['minor_injection_complications', 'severe_injection_complications'];

describe('needs suggestions: the three observed failures', () => {
  it('a long plea about mephedrone does not pre-tick overdose', () => {
    const plea =
      'Пишу потому что больше не к кому. Сижу на мефедроне уже полгода, сначала по выходным, потом каждый день. Денег нет, ' +
      'меф, соль, фен — всё пробовал. Ночами не сплю, сердце колотится, паранойя. Не знаю как остановиться. Помогите, поговорите со мной';
    const s = suggest([plea]);
    expect(s.confident).not.toContain('overdose');
    expect(s.hints).not.toContain('overdose');
    expect(s.confident).toContain('psychological_support');
    // A drug named, alone, is no need at all.
    expect(suggest(['мефедрон это опасно для сердца?']).confident).toEqual([]);
  });

  it('an overdose case pre-ticks overdose, and no injection complication without signs of one', () => {
    const s = suggest(['ПОМОГИТЕ он вмазался в пах и отъехал, не дышит', 'баян рядом валяется', 'вены у него все сожжены, колется в шею'], { emergency: true });
    expect(s.confident).toEqual(['overdose']);
    for (const n of INJECTION) expect(s.confident).not.toContain(n);
    // The flag alone is a fact: overdose, even with no words at all.
    expect(suggest([], { emergency: true }).confident).toEqual(['overdose']);
    // An article on veins sent in an emergency is at most a hint.
    const withArticle = suggest(['он не дышит, шприц в руке'], { emergency: true, articles: ['vein-care'] });
    expect(withArticle.confident).toEqual(['overdose']);
  });

  it('an overdose case with a real abscess may pre-tick the severe complication, never both levels', () => {
    const s = suggest(['он не дышит!!', 'у него ещё абсцесс на руке был огромный, может от этого?'], { emergency: true });
    expect(s.confident).toEqual(expect.arrayContaining(['overdose', 'severe_injection_complications']));
    expect(s.confident).not.toContain('minor_injection_complications');
  });

  it('"рука горячая, 38" is an infection sign: severe complications, not a stimulant overdose', () => {
    const s = suggest(['рука горячая, 38']);
    expect(s.confident).toEqual(['severe_injection_complications']);
    expect(s.hints).not.toContain('overdose');
    expect(suggest(['my arm is red, swollen and hot where I inject, and I have chills']).confident).toEqual(['severe_injection_complications']);
    // The whole body hot after a stimulant is still overheating.
    expect(suggest(['весь горячий после мефа, пот льёт, в груди давит']).confident).toContain('overdose');
  });

  it('"рука горячая, 38" is not offered the stimulant-overdose article (the bot\'s matcher)', () => {
    for (const text of ['рука горячая, 38', 'рука горячая, 38, там где колол', 'нога горячая вся']) {
      expect(matchArticles(text, candidates, 'ru').map((m) => m.slug), text).not.toContain('stimulant-overdose');
    }
    expect(matchArticles('my arm is hot', candidates, 'en').map((m) => m.slug)).not.toContain('stimulant-overdose');
    // Overheating of the whole body still gets it, and an infected arm described more fully gets the wounds article.
    expect(matchArticles('весь горячий после мефа', candidates, 'ru')[0]?.slug).toBe('stimulant-overdose');
    expect(matchArticles('I feel too hot after speed', candidates, 'en')[0]?.slug).toBe('stimulant-overdose');
    expect(matchArticles('my arm is red and hot', candidates, 'en')[0]?.slug).toBe('abscess-and-wounds');
  });
});

describe('needs suggestions: rules', () => {
  it('minor and severe are one problem at two levels; veins lost are a problem of their own', () => {
    expect(suggest(['задул вену, теперь там шишка и болит']).confident).toEqual(['minor_injection_complications']);
    expect(suggest(['шишка после укола горячая, краснота расползается, знобит']).confident).toEqual(['severe_injection_complications']);
    expect(suggest(['вены на руках закончились, перешёл на ноги. на ноге рана не заживает месяц']).confident.sort()).toEqual([...INJECTION].sort());
  });

  it('an overdose told as backstory is a hint at most', () => {
    const s = suggest(['год назад передознулся, откачали. сейчас опять тянет, мне плохо, не с кем поговорить']);
    expect(s.confident).not.toContain('overdose');
    expect(s.confident).toContain('psychological_support');
  });

  it('naloxone to keep is a service; how to use it is overdose', () => {
    expect(suggest(['где взять налоксон? хочу чтобы был']).confident).toEqual(['hr_services']);
    expect(suggest(['как правильно колоть налоксон, в мышцу?']).confident).toEqual(['overdose']);
  });

  it('a one-need article sent is a hint; with the client\'s words it is pre-ticked', () => {
    const alone = suggest(['спасибо'], { articles: ['hiv-hcv-transmission'] });
    expect(alone.confident).toEqual([]);
    expect(alone.hints).toEqual(['hr_hiv_hcv_information']);
    expect(suggest(['можно ли заразиться гепатитом через ложку?'], { articles: ['hiv-hcv-transmission'] }).confident).toEqual(['hr_hiv_hcv_information']);
  });

  it('greetings and thanks suggest nothing', () => {
    for (const text of ['привет', 'спасибо большое, всё понял', 'hi', 'ok thanks, bye']) expect(scoreNeeds({ messages: [text], emergency: false }), text).toEqual([]);
  });

  it('keeps to the taxonomy in force, and never pre-ticks a code it has no threshold for', () => {
    const known = new Set(['overdose']);
    expect(suggestNeeds({ messages: ['рука горячая, 38'], emergency: true }, known)).toMatchObject({ confident: ['overdose'], hints: [] });
    const custom = suggestNeeds({ messages: [], emergency: false, articleNeeds: [['housing']] });
    expect(custom).toMatchObject({ confident: [], hints: ['housing'] });
  });

  it('has a pre-tick threshold, not below the floor, for every need it reads, and reads every default need', () => {
    for (const n of DEFAULT_TAXONOMY.needs.map((x) => x.code)) expect(RULE_NEEDS.has(n), n).toBe(true);
    for (const n of RULE_NEEDS) expect(PRETICK_AT[n], n).toBeGreaterThanOrEqual(MIN_PRETICK);
  });
});
