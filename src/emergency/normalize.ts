/**
 * Text normalisation shared by the rule-based detector (`detect.ts`) and the learned model
 * (`model.ts`). Pure, synchronous, no I/O. `detect.ts` re-exports `normalizeForMatching`.
 */

/** Latin letters that look like Cyrillic ones (and are used to dodge filters or by mixed keyboards).
 *  Applied only inside words that already contain Cyrillic, so English stays English. */
const LATIN_LOOKALIKES: Record<string, string> = {
  a: 'а', b: 'в', c: 'с', e: 'е', h: 'н', k: 'к', m: 'м', n: 'п', o: 'о', p: 'р', r: 'г', t: 'т',
  u: 'и', x: 'х', y: 'у',
};
export const CYRILLIC = /[\u0400-\u04ff]/u;

/** Digits written for the letters they look or sound like, in Russian chat and translit: 4 = ч
 *  ("4to", «4то»: четыре), 6 = ш in translit ("di6it": шесть) and б among Cyrillic letters («6ыл»:
 *  its shape), 3 = з ("3adyhaetsya"), 0 = о ("p0m0gite"). */
const DIGIT_LATIN: Record<string, string> = { '0': 'o', '3': 'z', '4': 'ch', '6': 'sh' };
const DIGIT_CYRILLIC: Record<string, string> = { '0': 'о', '3': 'з', '4': 'ч', '6': 'б' };
/** What follows a number glued to it ("10mg", "4pm", "3rd", «5мин», «3й», «2раза»): those digits are a number. */
const NUMBER_SUFFIX = new RegExp('^(?:' + [
  'x|h|hr|hrs|min|mins|mg|mgs|ml|mcg|gr|kg|sec|secs|am|pm|st|nd|rd|th|yo|ii|iy|ij|yi|oi|ei|ya|aya|go|ogo|mu|omu|ih|ix|ye|oe|ie|ju|uyu',
  'raz|raza|sht|shtuk|chas|chasa|chasov|den|dnya|dney|sut|sutki|sutok|let|god|goda|tab|tabl|tabletki|tablet|tabletok|kub|kuba|kubov|mes|pack|pills|bars|tabs|lines|times|ka|ki|ku',
  'мг|мл|мкг|гр|кг|час|часа|часов|мин|сек|дн|дня|дней|сут|сутки|суток|шт|штук|раз|раза|таб|табл|таблетки|таблеток|лет|год|года|кв|куб|куба|кубов|мес|руб|тыс|км|го|ого|му|ому|ий|ый|ой|ая|ую|ое|ые|ых|ми|мя|ти|ка|ки|ку',
].join('|') + ')$');
/** Reads the digits of a word of letters and digits as letters where they stand for letters: a single
 *  digit between letters, or one before two or more letters that are not a unit ("4to", not "4pm");
 *  a 0 before letters is always «о». Numbers ("10mg", «40градусов», "covid19") stay numbers. */
function digitsAsLetters(word: string, cyrillic: boolean): string {
  const map = cyrillic ? DIGIT_CYRILLIC : DIGIT_LATIN;
  return word.replace(/(?<!\d)\d(?!\d)/g, (d, at: number) => {
    const to = map[d];
    if (!to) return d;
    const before = at > 0;
    const rest = word.slice(at + 1);
    if (!rest || /^\d/.test(rest)) return d;
    if (before) return /\p{L}$/u.test(word.slice(0, at)) ? to : d;
    return d === '0' || (/^\p{L}{2,}/u.test(rest) && !NUMBER_SUFFIX.test(rest)) ? to : d;
  });
}

/** Latin letters with no Cyrillic look-alike, and the digraphs of translit: a Latin run inside a
 *  Cyrillic word that has one is Russian typed in Latin letters («дыshит», «dышит», «pomogите»),
 *  not a look-alike («пеpедоз», «нe»). */
const PHONETIC_RUN = /[dfgijlqsvwz]|sh|ch|zh|kh|ya|yu|yo/;
function readMixedWord(word: string): string {
  return word.replace(/[a-z]+/g, (run) => (PHONETIC_RUN.test(run) ? transliterateWord(run, false) : [...run].map((ch) => LATIN_LOOKALIKES[ch] ?? ch).join('')));
}

/**
 * Lower-case; ё→е; digits read as the letters they stand for inside words ("di6it", «4то»); Latin
 * look-alikes to Cyrillic inside Cyrillic words (and Latin translit runs transliterated: «дыshит»);
 * 3+ repeated letters collapsed to one ("помогитеее" → "помогите"); apostrophes dropped so
 * contractions stay one word ("won't" → "wont", "od'ing" → "oding") — except the translit hard
 * sign ("s'el", "pod'ezd" → "sjel", "podjezd"); other punctuation and emoji become spaces;
 * whitespace collapsed and trimmed.
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
    .map((word) => {
      const cyrillic = CYRILLIC.test(word);
      let w = /\d/.test(word) && /\p{L}/u.test(word) ? digitsAsLetters(word, cyrillic) : word;
      if (cyrillic && /[a-z]/.test(w)) w = readMixedWord(w);
      return w;
    })
    .join(' ');
  s = s.replace(/(\p{L})\1{2,}/gu, '$1');
  return s.replace(/\s+/g, ' ').trim();
}

/** Rough Russian-from-Latin transliteration ("ne dyshit" → "не дышит", "peredoznulsya" →
 *  "передознулся"), applied to Latin-only words so the Russian rules can read translit. English
 *  words come out as harmless gibberish that matches no Russian rule. Translit has many spellings:
 *  х as "h", "kh" or "x" ("ploxo"), ш as "sh" or "w" ("dywit"), ж as "zh" or "j" ("lejit", "uje", "nujno"),
 *  -тся as "-tsya", "-tsa", "-tca" ("ne prosypaetsa"), й as "i" or "j" after a vowel ("seryi",
 *  "sejchas", "seichas"; not "svoi", «свои»), ъ as "j"/"y" before е ("sjel", "podyezd": then dropped with ь). */
const TRANSLIT: [RegExp, string][] = [
  [/^([sdbzv]|pod|ob|iz|raz|ot|nad)[jy](?=e)/g, '$1ъ'],
  [/shch|sch/g, 'щ'], [/sh|w/g, 'ш'], [/ch/g, 'ч'], [/zh/g, 'ж'], [/kh/g, 'х'],
  // ж as "j" where й cannot stand: before и, е after «у»/«а» or before a consonant ("mojet"; not
  // "sinejet", «синеет»), «ежа»/«ужа», «жн»
  [/ji/g, 'жи'], [/(?<=[au])je/g, 'же'], [/(?<=[aouy])je(?=[^aeiouy])/g, 'же'], [/(?<=[eu])ja/g, 'жа'], [/(?<=[aouy])j(?=n)/g, 'ж'],
  // -тся: "-tsya", "-tsia", "-tcya", "-cya" anywhere a word ends; "-tsa", "-tca" after a vowel
  [/(?:ts|tc|c)(?:ya|ja|ia)$/g, 'тся'], [/(?<=[aeiouy])(?:ts|tc)a$/g, 'тся'],
  // ("tz" is a prefix's «тз», as in "otzyvaetsya": not «ц»)
  [/ts/g, 'ц'],
  // й at a word's end after a vowel ("seryi", "sinii", "takoi", "nei") and "ei" before a consonant ("seichas")
  [/yi$|yj$|yy$/g, 'ый'], [/ii$|ij$/g, 'ий'], [/ei$/g, 'ей'], [/(?<=^[a-z]{3,}[aou])i$/g, 'й'], [/ei(?=[^aeiouy])/g, 'ей'],
  [/ya|ja|ia(?![a-z])/g, 'я'], [/yu|ju|iu/g, 'ю'], [/yo|jo/g, 'е'], [/ye|je/g, 'е'],
  [/([aeiouаеиоуыэюяй])y/g, '$1й'], [/y/g, 'ы'], [/x/g, 'х'],
];
const TRANSLIT_1: Record<string, string> = {
  a: 'а', b: 'б', c: 'ц', d: 'д', e: 'е', f: 'ф', g: 'г', h: 'х', i: 'и', j: 'й', k: 'к', l: 'л',
  m: 'м', n: 'н', o: 'о', p: 'п', q: 'к', r: 'р', s: 'с', t: 'т', u: 'у', v: 'в', w: 'ш', z: 'з',
};
/** One-letter words of translit: prepositions and conjunctions ("u menya", "v okno", "i ne", "a on", "n" for «не»),
 *  and "y"/"c" as the look-alikes of «у»/«с». */
const TRANSLIT_SINGLE: Record<string, string> = { a: 'а', i: 'и', u: 'у', v: 'в', k: 'к', s: 'с', o: 'о', y: 'у', c: 'с', z: 'з', n: 'н' };

function transliterateWord(word: string, whole = true): string {
  let w = word;
  for (const [re, to] of TRANSLIT) {
    if (!whole && (re.source.startsWith('^') || re.source.endsWith('$'))) continue;
    w = w.replace(re, to);
  }
  return [...w].map((ch) => TRANSLIT_1[ch] ?? ch).join('');
}

export function transliterate(normalized: string): string {
  return normalized
    .split(' ')
    .map((word) => {
      if (!/^[a-z]+$/.test(word)) return word;
      if (word.length < 2) return TRANSLIT_SINGLE[word] ?? word;
      return transliterateWord(word);
    })
    .join(' ');
}

/** Words that only English uses (in Latin letters): function words, pronouns, contractions and the
 *  words of an emergency. Words that are also common translit ("on" = «он», "my" = «мы», "drug" =
 *  «друг», "no" = «но», "do" = «до») are in neither list. */
const ENGLISH_WORDS = new Set((
  'the an is are was were be been being am im ive id ill he hes him his she shes her hers it its they theyre them their ' +
  'we were weve our you youre your yours me mine this that these those and or but not nor of in at for with from by up out down ' +
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

/** Words both read well: in a mostly English message they stay English ("my friend ne dyshit").
 *  ("to" is also the «то» of "kakoe-to", "chto-to".) */
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

/** Translit has no soft sign ("skolko", "ponyat") and mostly no hard sign ("sel" = съел, "podezd"):
 *  the rules read Russian without them, so that «сколько» and "skolko" → «сколко» meet. */
export function dropSoftSigns(s: string): string {
  return /[ьъ]/.test(s) ? s.replace(/[ьъ]/g, '') : s;
}
