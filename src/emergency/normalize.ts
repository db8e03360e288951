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

/** Words that only English uses (in Latin letters): function words, pronouns, contractions and the
 *  words of an emergency. Words that are also common translit ("on" = «он», "my" = «мы», "drug" =
 *  «друг», "no" = «но», "do" = «до») are in neither list. */
const ENGLISH_WORDS = new Set((
  'the an is are was were be been being am im ive id ill he hes him his she shes her hers it its they theyre them their ' +
  'we were weve our you youre your yours me mine this that these those and or but not nor to of in at for with from by up out down ' +
  'off over under after before about into onto than then there here what whats how why when where who whos which whom ' +
  'does did dont doesnt didnt cant cannot wont isnt arent wasnt werent havent hasnt hadnt wouldnt shouldnt couldnt aint ' +
  'can will would should could have has had get got gets getting just now still very really too please help pls plz ' +
  'friend friends son daughter mom mum dad mother father brother sister boyfriend girlfriend bf gf wife husband roommate ' +
  'guy girl man woman kid kids baby someone somebody anyone people person buddy homie dude ' +
  'breathing breathe breath wake waking woke awake asleep sleep sleeping blue lips face skin pale cold eyes pulse heart chest ' +
  'took take taking used using use shot smoked snorted pills pill overdose overdosed overdosing oding oded narcan naloxone ' +
  'if because like know think need want wants going gonna wanna right time last night day today tonight yesterday week ' +
  'all any some every nothing something everything again back why yes yeah thanks thank hi hello hey sorry ' +
  'call called calling ambulance hospital police fine good bad sick weird really idk rn asap'
).split(' '));

/** Words both read well: in a mostly English message they stay English ("my friend ne dyshit"). */
const EITHER_WORDS = new Set('on my no do drug so to i a u ok lol net ya'.split(' '));

/** Words of Russian written in Latin letters (translit), and endings no English word has. */
const TRANSLIT_WORDS = new Set((
  'ne ni ona oni ono ya ty vy chto chto cho che kak eto etot eta u menya menia nego nee neyo nih ih ego eyo ee emu ey ej mne ' +
  'tebe nam vam seychas seichas sejchas sechas shas schas pomogite pomogi srochno posle ochen uzhe uje nu da net est byl byla bylo ' +
  'byli kogda gde skolko pochemu zachem mozhno nado nuzhno tak vse vsyo vsio kto bez dlya pri ili iz ot na za po pro pod nad ' +
  'chtoby chtob esli togda potom tut zdes tam vot eshe eshche esche opyat snova sovsem voobshe kazhetsya pohodu vrode blin ' +
  'drugu druga podruga podruge brat brata bratu sestra muzh zhena paren devushka syn doch mama papa chel chuvak ' +
  'dyshit dyshat prosypaetsya reagiruet soznaniya peredoz peredoza peredoze peredozom peredoznulsya peredoznulas ' +
  'ploho horosho normalno norm skoraya skoruyu nalokson naloksona vkolol posinel posinela guby sinie lezhit ' +
  'privet spasibo pozhaluysta pozhalujsta poka zavtra vchera segodnya minut chas chasa let god goda nazad kvartira etazh budu'
).split(' '));
const TRANSLIT_SHAPE = /(?:sya|sia|tsya|tsa|ogo|ego|omu|emu|yy|iy|yi|aya|yaya|oye|iye|ykh|ikh|ovat|ivat|yvat|ayet|aet|yet|yut|iat|yat|nyi|nyy|kh|zh|shch|sch|ch[aeiouy]|yo|yu|ya)$|^(?:zh|kh|shch|ts|pere|vy)|zh|kh|shch|tsy/;

function latinScores(normalized: string): { en: number; ru: number; latin: number } {
  let en = 0;
  let ru = 0;
  let latin = 0;
  for (const word of normalized.split(' ')) {
    if (!/^[a-z]+$/.test(word)) continue;
    latin++;
    if (ENGLISH_WORDS.has(word)) en++;
    else if (TRANSLIT_WORDS.has(word)) ru++;
    else if (word.length >= 4 && TRANSLIT_SHAPE.test(word)) ru += 0.5;
  }
  return { en, ru, latin };
}

/** Which language the Latin-letter words of a normalised message are: English, Russian in
 *  translit, both/unclear, or none (no Latin words). */
export function latinLanguage(normalized: string): 'en' | 'ru' | 'both' | 'none' {
  const { en, ru, latin } = latinScores(normalized);
  if (latin === 0) return 'none';
  if (en > ru) return 'en';
  if (ru > en) return 'ru';
  return 'both';
}

/**
 * The Russian reading of a normalised message's Latin words, for the Russian rules: English is
 * left as it is ("my son is not breathing" must not meet them as «сон»); translit is
 * transliterated ("ne dyshit" → «не дышит»); in English mixed with translit ("my friend ne dyshit
 * please help") only the words that are not English are. Returns the text unchanged when there is
 * nothing to read as Russian.
 */
export function russianReading(normalized: string): string {
  const { en, ru, latin } = latinScores(normalized);
  if (latin === 0 || (en > ru && ru < 1)) return normalized;
  if (en <= ru) return transliterate(normalized);
  return normalized.split(' ').map((w) => (ENGLISH_WORDS.has(w) || EITHER_WORDS.has(w) ? w : transliterate(w))).join(' ');
}

/** Translit has no soft sign ("skolko", "ponyat"): the rules read Russian without it, so that
 *  «сколько» and "skolko" → «сколко» meet. */
export function dropSoftSigns(s: string): string {
  return s.includes('ь') ? s.replace(/ь/g, '') : s;
}
