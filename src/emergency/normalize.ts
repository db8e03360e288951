/**
 * Text normalisation shared by the rule-based detector (`detect.ts`) and the learned model
 * (`model.ts`). Pure, synchronous, no I/O. `detect.ts` re-exports `normalizeForMatching`.
 */

/** Latin letters that look like Cyrillic ones (and are used to dodge filters or by mixed keyboards).
 *  Applied only inside words that already contain Cyrillic, so English stays English. */
const LATIN_LOOKALIKES: Record<string, string> = {
  a: 'а', b: 'в', c: 'с', e: 'е', h: 'н', k: 'к', m: 'м', n: 'п', o: 'о', p: 'р', r: 'г', t: 'т',
  u: 'и', x: 'х', y: 'у', '0': 'о', '3': 'з',
};
export const CYRILLIC = /[\u0400-\u04ff]/u;

/**
 * Lower-case; ё→е; Latin look-alikes to Cyrillic inside Cyrillic words; 3+ repeated letters
 * collapsed to one ("помогитеее" → "помогите"); apostrophes dropped so contractions stay one word
 * ("won't" → "wont", "od'ing" → "oding"); other punctuation and emoji become spaces; whitespace
 * collapsed and trimmed.
 */
export function normalizeForMatching(text: string): string {
  let s = text.normalize('NFKC');
  // "OD'd" / "OD'ed" / "o.d." before apostrophes and dots go: "odd" would be a different word.
  s = s.replace(/\bOD['’`]?d\b/g, 'oded').replace(/\bod['’`](?:e?d)\b/gi, 'oded');
  s = s.replace(/\bo\.\s?d\b\.?/gi, 'od');
  s = s.toLowerCase().replace(/ё/g, 'е');
  s = s.replace(/['’`ʼ]/g, '');
  s = s.replace(/[^\p{L}\p{N}]+/gu, ' ');
  s = s
    .split(' ')
    .map((word) => (CYRILLIC.test(word) && /[a-z03]/.test(word) ? [...word].map((ch) => LATIN_LOOKALIKES[ch] ?? ch).join('') : word))
    .join(' ');
  s = s.replace(/(\p{L})\1{2,}/gu, '$1');
  return s.replace(/\s+/g, ' ').trim();
}

/** Rough Russian-from-Latin transliteration ("ne dyshit" → "не дышит", "peredoznulsya" →
 *  "передознулся"), applied to Latin-only words so the Russian rules can read translit. English
 *  words come out as harmless gibberish that matches no Russian rule. */
const TRANSLIT: [RegExp, string][] = [
  [/shch|sch/g, 'щ'], [/sh/g, 'ш'], [/ch/g, 'ч'], [/zh/g, 'ж'], [/kh/g, 'х'], [/ts|tz/g, 'ц'],
  [/ya|ja|ia(?![a-z])/g, 'я'], [/yu|ju|iu/g, 'ю'], [/yo|jo/g, 'е'], [/ye|je/g, 'е'],
  [/([aeiouаеиоуыэюяй])y/g, '$1й'], [/y/g, 'ы'], [/x/g, 'кс'],
];
const TRANSLIT_1: Record<string, string> = {
  a: 'а', b: 'б', c: 'ц', d: 'д', e: 'е', f: 'ф', g: 'г', h: 'х', i: 'и', j: 'й', k: 'к', l: 'л',
  m: 'м', n: 'н', o: 'о', p: 'п', q: 'к', r: 'р', s: 'с', t: 'т', u: 'у', v: 'в', w: 'в', z: 'з',
};
export function transliterate(normalized: string): string {
  return normalized
    .split(' ')
    .map((word) => {
      if (!/^[a-z]+$/.test(word) || word.length < 2) return word;
      let w = word;
      for (const [re, to] of TRANSLIT) w = w.replace(re, to);
      return [...w].map((ch) => TRANSLIT_1[ch] ?? ch).join('');
    })
    .join(' ');
}
