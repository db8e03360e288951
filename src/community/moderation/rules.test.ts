import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateModeration, parseJsonl } from './evaluate.ts';
import { findPhoneNumbers, moderate, RULES, spelledNumbersToDigits, type ModerationRule } from './rules.ts';

const rule = (text: string, extra: { allowedNumbers?: string[]; forwardedFromChat?: boolean } = {}) => moderate({ text, ...extra })?.rule;

const cases: [ModerationRule | undefined, string][] = [
  // insult
  ['insult', 'ты тупая сука, вали отсюда'],
  ['insult', 'торчи дальше, мусор'],
  ['insult', 'ты овощ конченый'],
  ['insult', 'с*ка ты, а не человек'],
  ['insult', 'ты п@дла последняя'],
  ['insult', 'ты т у п о й или как?'],
  ['insult', 'ты cyкa конченая'],
  ['insult', 'сдохни уже, наркоман'],
  ['insult', 'она шлюха, не верьте ей'],
  ['insult', 'я тебя найду и ноги переломаю'],
  ['insult', 'idi nahui'],
  ['insult', 'you are a 1d10t'],
  ['insult', 'f*ck you and your advice'],
  ['insult', 'just die already, junkie'],
  ['insult', 'u r a r e t a r d'],
  ['insult', '@mike_t you are a moron'],
  // personal data
  ['personal_data', 'его телефон +7 (912) 000-11-22'],
  ['personal_data', 'пишите ему 89120001122'],
  ['personal_data', 'номер 8.912.000.55.66'],
  ['personal_data', 'её номер восемь девятьсот двенадцать 000 11 22'],
  ['personal_data', 'телефон барыги 8912ооо1122'],
  ['personal_data', 'он живёт на Ленина 5 кв 12'],
  ['personal_data', 'вот его паспорт, сливаю'],
  ['personal_data', 'he lives at 14 Oak Street, apt 3'],
  ['personal_data', 'text me at +44 7700 900123'],
  // advertising
  ['advertising', 'Работа курьером-кладменом, высокий доход, пиши в лс'],
  ['advertising', 'Лучшее казино, бонус 200% на первый депозит t.me/casino_bonus_bot'],
  ['advertising', 'Подпишись на мой канал про таро @taro_masha'],
  ['advertising', 'Earn $500 a day from home! DM me for details'],
  // selling
  ['selling', 'Продам меф, качество топ, пиши в лс'],
  ['selling', 'Есть в наличии соль, фен. Закладки в твоём районе @shop_drug_bot'],
  ['selling', 'Меф 1г — 2500, 2г — 4500, писать @mefshop'],
  ['selling', 'selling xanax bars, 5$ each, DM me'],
  // spam
  ['spam', 'аааааааааааааааааааааааааааааааааааааааа'],
  ['spam', 'лол лол лол лол лол лол лол лол лол лол'],
  ['spam', '😂😂😂😂😂😂😂😂😂😂😂😂😂😂😂😂😂😂😂😂'],
  ['spam', 'Перешли это сообщение 10 друзьям, иначе тебя ждёт неудача!'],
  ['spam', 'https://a.example/1 https://b.example/2 https://c.example/3'],
  ['spam', 'FREE MONEY CLICK NOW!!! LIMITED OFFER!!!'],
];

const keep: [string, string][] = [
  ['drug talk and slang', 'кто-нибудь знает, соль сейчас сильно бодяжат? боюсь передоза'],
  ['drug talk and slang', 'вмазался вчера 0.2 мл, кумар отпустил, ширка была грязная'],
  ['swearing as emphasis', 'блин, пиздец как кумарит третий день'],
  ['swearing as emphasis', 'сука, опять ширка с какой-то дрянью попалась'],
  ['swearing as emphasis', 'сука ты не представляешь как меня ломает'],
  ['swearing as emphasis', 'fucking withdrawal is killing me, day 3'],
  ['swearing as emphasis', 'fuck you withdrawal'],
  ['quoted insult, complaint', 'мне в личку написали "ты тупая наркоманка", админы, разберитесь'],
  ['quoted insult, complaint', 'he called me a worthless junkie and I cried'],
  ['friendly teasing', 'ахахах ну ты лох конечно, опять ключи потерял 😂'],
  ['friendly teasing', 'ты чё, дурак, одному колоться? позвони хоть кому-нибудь'],
  ['self-directed', 'я дебил, забыл налоксон дома'],
  ['police slang', 'мусора приняли у закладки'],
  ['idiom', 'кумар жуткий, хоть сдохни'],
  ['single news link', 'https://meduza.io/news/2024/03/15/naloxone вот новость'],
  ['price question', 'сколько сейчас стоит грамм меф в среднем?'],
  ['scammed by a shop', 'магазин на гидре кинул меня на 5к, будьте осторожны'],
  ['free supplies', 'отдам даром упаковку инсулинок 1 мл'],
  ['idiom', 'продам душу за сон, третьи сутки на фене'],
  ['org hotline', 'наша горячая линия 8 800 000-00-00, круглосуточно'],
  ['public address', 'Центр СПИД на Ленина 5, приём с 9 до 17'],
  ['time, dose, date', 'тест на ВИЧ 15.03 с 11 до 14, метадон 150 мг'],
  ['care', 'не будь идиотом, бери налоксон с собой'],
  ['caps warning', 'ОСТОРОЖНО! В ГОРОДЕ СИЛЬНАЯ ПАРТИЯ, УЖЕ ТРОЕ ПЕРЕДОЗОВ'],
  ['card-like digits', 'card 2200 0000 0000 0000'],
];

describe('moderate', () => {
  it.each(cases)('%s: %s', (expected, text) => {
    expect(rule(text)).toBe(expected);
  });
  it.each(keep)('keeps (%s): %s', (_kind, text) => {
    expect(moderate({ text })).toBeUndefined();
  });
  it('never removes the organisation’s own numbers', () => {
    expect(rule('звоните Оле: 8 912 000 11 22')).toBe('personal_data');
    expect(rule('звоните Оле: 8 912 000 11 22', { allowedNumbers: ['+7 (912) 000-11-22'] })).toBeUndefined();
  });
  it('says why', () => {
    expect(moderate({ text: 'ты мразь' })).toEqual({ rule: 'insult', why: expect.any(String) });
  });
  it('is deterministic and lists its rules', () => {
    expect(RULES).toEqual(['insult', 'personal_data', 'advertising', 'selling', 'spam']);
    expect(moderate({ text: 'ты мразь' })).toEqual(moderate({ text: 'ты мразь' }));
    expect(moderate({ text: '' })).toBeUndefined();
  });
});

describe('phone numbers', () => {
  it('reads number words', () => {
    expect(spelledNumbersToDigits('восемь девятьсот двенадцать 000')).toBe('8 912 000');
  });
  it('tells mobiles from toll-free numbers and skips dates', () => {
    expect(findPhoneNumbers('+7 (912) 000-11-22').map((p) => p.match.kind)).toEqual(['mobile']);
    expect(findPhoneNumbers('8 800 000 00 00').map((p) => p.match.kind)).toEqual(['tollfree']);
    expect(findPhoneNumbers('12.05.2024 14 30 55')).toEqual([]);
  });
});

describe('evaluateModeration on the development set', () => {
  const here = dirname(fileURLToPath(import.meta.url));
  const rows = parseJsonl(readFileSync(join(here, 'labelled', 'dev.jsonl'), 'utf8'), 'dev.jsonl');
  const f = evaluateModeration(rows);
  it('has a development set of at least 200 messages with every label', () => {
    expect(rows.length).toBeGreaterThanOrEqual(200);
    for (const label of ['ok', ...RULES]) expect(rows.some((r) => r.label === label)).toBe(true);
  });
  it('computes consistent figures', () => {
    expect(f.count).toBe(rows.length);
    for (const r of RULES) {
      const x = f.perRule[r];
      const labelled = rows.filter((row) => row.label === r).length;
      expect(x.tp + x.fn).toBe(labelled);
      expect(x.precision).toBeGreaterThanOrEqual(0);
      expect(x.precision).toBeLessThanOrEqual(1);
      expect(x.recall).toBeGreaterThanOrEqual(0);
      expect(x.recall).toBeLessThanOrEqual(1);
    }
    const removals = rows.filter((r) => r.label !== 'ok').length;
    expect(f.removal.tp + f.removal.fn).toBe(removals);
    expect(f.errors.length).toBe(rows.length - Math.round(f.accuracy * rows.length));
  });
  it('counts a wrong rule as a false positive of one and a miss of the other', () => {
    const g = evaluateModeration([{ id: 'x', lang: 'ru', text: 'ты мразь', label: 'spam' }]);
    expect(g.perRule.insult.fp).toBe(1);
    expect(g.perRule.spam.fn).toBe(1);
    expect(g.removal.tp).toBe(1);
    expect(g.errors).toEqual([expect.objectContaining({ id: 'x', expected: 'spam', got: 'insult' })]);
  });
});
