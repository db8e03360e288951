/**
 * Matching free text to knowledge-base articles, with Snowball stemming (Russian for Cyrillic
 * words, English for Latin ones, whatever the article's language, since each language's
 * keywords carry a few of the other's).
 *
 * - `matchArticles` decides whether a client's message is about an article's topic, to offer
 *   that article as a button. It errs towards silence: only keywords count (never title words
 *   alone), a generic word ("помощь", "help") is never enough on its own, and the overdose
 *   articles are never offered here, since overdose has its own emergency flow. A word for heat
 *   said of a limb or an injection site ("рука горячая", "my arm is hot") is inflammation, not
 *   the overheating of a stimulant overdose: it does not count as the heat keyword alone.
 * - `searchArticles` serves a worker's `/kb <search>`: titles and keywords, prefixes allowed,
 *   every article (overdose ones included), best first.
 */
import snowball from 'snowball-stemmers';
import type { Locale } from '../config.ts';
import { normalizeForMatching } from '../emergency/detect.ts';
import { OVERDOSE_FLOW_SLUG } from './pack.ts';

export interface ArticleCandidate {
  slug: string;
  locale: Locale;
  title: string;
  keywords: string[];
  /** When given, an article with the need `overdose` is never offered for free text. */
  needs?: string[];
}

export interface ArticleMatch {
  slug: string;
  locale: Locale;
  title: string;
  score: number;
}

/**
 * Never offered from free text: the flow (it has its own buttons). Overdose articles are offered:
 * a message that describes an emergency never gets here (the emergency flow takes it), so one that
 * does is a prevention or naloxone question, which these articles answer.
 */
export const FREE_TEXT_EXCLUDED: ReadonlySet<string> = new Set([OVERDOSE_FLOW_SLUG]);

/** A message must reach this score for an article to be offered: one specific keyword does. */
export const MATCH_THRESHOLD = 1;

// ---------------------------------------------------------------------------------------------
// Words and stems
// ---------------------------------------------------------------------------------------------

/** Function words: they never count on their own, but are kept inside phrases ("тест на вич"). */
const STOPWORDS = new Set(
  (
    'в во на с со от до по за из к ко у о об обо и а но или не ни нет да что чтобы как где когда куда это этот эта эти то так же ли бы уже еще ' +
    'для при я ты он она оно мы вы они мне меня мой моя мое мои тебе тебя его ее их нас вам вас был была было были есть быть очень там тут вот ' +
    'a an the to of in on at for from with and or but not no yes is are was were be been am i im you he she it its we they my me your his her our their ' +
    'this that these those what how where when do does did dont can cant could will would should have has had so if as by about just there here'
  ).split(' '),
);

/**
 * Generic words: a keyword made of them alone never triggers an offer ("мне нужна помощь" is not
 * a request for the services article). They still count inside a matched phrase. Words with an
 * everyday meaning besides the slang one ("машина" = syringe, "окно" = window period) are here too.
 */
const GENERIC_WORDS = (
  'помощь помощи помочь помогите помоги помогать вопрос вопросы нужно надо нужен нужна нужны хочу хотел хотела можно могу может подскажите скажите ' +
  'пожалуйста спасибо привет здравствуйте добрый день плохо хорошо сейчас сегодня человек друг подруга делать сделать машина окно плюс схема sos ' +
  'help please thanks thank hello hi need want question know tell get go good bad today now people person friend thing'
).split(' ');

const russian = snowball.newStemmer('russian');
const english = snowball.newStemmer('english');
const CYRILLIC = /[\u0400-\u04ff]/u;
const LATIN = /^[a-z]/;

const stemCache = new Map<string, string>();

/** The stem of one normalised word (Russian rules for Cyrillic, English for Latin, digits as they are). */
export function stemWord(word: string): string {
  const cached = stemCache.get(word);
  if (cached !== undefined) return cached;
  let s = word;
  if (CYRILLIC.test(word)) {
    s = russian.stem(word);
    // Snowball reads a final -ив/-ыв (-ав/-яв) as a perfective gerund ("забыв" → "заб"), which in
    // messages is nearly always a noun: "нарыв" → "нар" would miss "нарывы" → "нарыв".
    if ((/[иы]в$/.test(word) && s === word.slice(0, -2)) || (/[ая]в$/.test(word) && s === word.slice(0, -1))) s = word;
  } else if (LATIN.test(word)) {
    s = english.stem(word);
  }
  if (stemCache.size > 20_000) stemCache.clear();
  stemCache.set(word, s);
  return s;
}

interface Token {
  word: string;
  stem: string;
  stop: boolean;
  generic: boolean;
  /** A heat word said of a limb or an injection site (inflammation, not overheating). */
  localHeat?: boolean;
}

/**
 * Heat words and the body parts that make them local. "Рука горячая, 38" is an infected arm; "весь
 * горячий" or "too hot" alone is the whole body overheating. Only the heat keyword on its own is
 * affected: a phrase that says more ("red and hot", "температура после укола") still counts.
 */
const HEAT_WORDS = 'горячий горячая горячее горячие горячую горячо горячей горит горят жжет жжёт hot warm';
const BODY_SITE_WORDS =
  'рука руки руке руку рукой ручка нога ноги ноге ногу ногой кисть кисти локоть локте локтя плечо плече предплечье бедро бедре пах паху стопа стопе ' +
  'палец пальцы ягодица место укола вена вены вене вену шишка шишке шишки рана ране ранка ' +
  'arm arms forearm leg legs hand hands foot feet groin thigh elbow wrist finger fingers site spot vein veins lump wound';
const HEAT_STEMS = new Set(HEAT_WORDS.split(' ').map((w) => stemWord(normalizeForMatching(w))));
const BODY_SITE_STEMS = new Set(BODY_SITE_WORDS.split(' ').map((w) => stemWord(normalizeForMatching(w))));
/** How many words apart a heat word and a body part may stand ("рука с утра вся горячая"). */
const LOCAL_HEAT_SPAN = 3;

function markLocalHeat(tokens: Token[]): Token[] {
  tokens.forEach((t, i) => {
    if (!HEAT_STEMS.has(t.stem)) return;
    for (let j = Math.max(0, i - LOCAL_HEAT_SPAN); j <= Math.min(tokens.length - 1, i + LOCAL_HEAT_SPAN); j++) {
      if (j !== i && BODY_SITE_STEMS.has(tokens[j]!.stem)) t.localHeat = true;
    }
  });
  return tokens;
}

const GENERIC_STEMS = new Set(GENERIC_WORDS.map(stemWord));

function tokenize(text: string): Token[] {
  const normalized = normalizeForMatching(text);
  if (normalized === '') return [];
  return markLocalHeat(
    normalized.split(' ').map((word) => {
      const stem = stemWord(word);
      return { word, stem, stop: STOPWORDS.has(word), generic: GENERIC_STEMS.has(stem) || GENERIC_WORDS.includes(word) };
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Keywords against a message
// ---------------------------------------------------------------------------------------------

interface Keyword {
  tokens: Token[];
  /** Tokens that carry meaning on their own. */
  content: Token[];
  weight: number;
}

function keyword(text: string): Keyword | undefined {
  const tokens = tokenize(text);
  if (tokens.length === 0) return undefined;
  const content = tokens.filter((t) => !t.stop && !t.generic);
  // A whole phrase is specific: it counts at least 1 even when made of common words ("where are you").
  const weight = tokens.length === 1 ? content.length : Math.max(1, content.length + 0.5);
  return { tokens, content, weight };
}

/** Words that only make a heat word stronger ("too hot", "очень горячо"): they add no meaning of their own. */
const INTENSIFIERS = new Set(['too', 'so', 'very', 'really', 'очень', 'слишком', 'так', 'сильно', 'вся', 'весь', 'все']);

/** A keyword that says nothing but heat ("горячий", "too hot"): a local heat word does not match it. */
function heatOnly(kw: Keyword): boolean {
  return kw.content.some((t) => HEAT_STEMS.has(t.stem)) && kw.content.every((t) => HEAT_STEMS.has(t.stem) || INTENSIFIERS.has(t.word));
}

/** Where `kw` occurs in `text`: the span it covers, or undefined. */
function findKeyword(kw: Keyword, text: Token[]): { from: number; to: number; weight: number } | undefined {
  const n = kw.tokens.length;
  const heat = heatOnly(kw);
  for (let i = 0; i + n <= text.length; i++) {
    if (heat && text.slice(i, i + n).some((t) => t.localHeat)) continue;
    if (kw.tokens.every((t, j) => text[i + j]!.stem === t.stem)) return { from: i, to: i + n - 1, weight: kw.weight };
  }
  // A phrase's meaningful words in another order or with a word between ("veins collapsed",
  // "вены совсем пропали") count as the words, without the phrase bonus.
  if (kw.content.length >= 2) {
    const positions = kw.content.map((c) => text.findIndex((t) => t.stem === c.stem));
    if (positions.every((p) => p >= 0)) {
      const from = Math.min(...positions);
      const to = Math.max(...positions);
      if (to - from <= kw.content.length + 2) return { from, to, weight: kw.content.length };
    }
  }
  return undefined;
}

function keywordScore(keywords: Keyword[], text: Token[]): number {
  const hits = keywords.flatMap((kw) => findKeyword(kw, text) ?? []);
  // A hit inside a longer one ("тест" inside "тест на вич") adds nothing; equal spans count once.
  const kept = hits.filter((h, i) => !hits.some((o, j) => j !== i && o.from <= h.from && h.to <= o.to && (o.to - o.from > h.to - h.from || (o.to - o.from === h.to - h.from && (o.weight > h.weight || (o.weight === h.weight && j < i))))));
  return kept.reduce((sum, h) => sum + h.weight, 0);
}

const keywordCache = new Map<string, Keyword[]>();

function keywordsOf(list: string[]): Keyword[] {
  const key = list.join('\u0000');
  let kws = keywordCache.get(key);
  if (!kws) {
    // Keywords with the same stems ("вены, вена, вену") are one keyword.
    const seen = new Set<string>();
    kws = list.flatMap((k) => {
      const kw = keyword(k);
      const id = kw?.tokens.map((t) => t.stem).join(' ');
      if (!kw || seen.has(id!)) return [];
      seen.add(id!);
      return [kw];
    });
    if (keywordCache.size > 1000) keywordCache.clear();
    keywordCache.set(key, kws);
  }
  return kws;
}

function excludedFromFreeText(c: ArticleCandidate): boolean {
  return FREE_TEXT_EXCLUDED.has(c.slug);
}

/**
 * The articles a client's free text is about, best first, at most `limit`; only candidates in
 * `locale`, never the overdose ones. Empty when nothing matches well enough.
 */
export function matchArticles(text: string, candidates: ArticleCandidate[], locale: Locale, limit = 2): ArticleMatch[] {
  const tokens = tokenize(text);
  if (tokens.length === 0) return [];
  const scored = candidates
    .filter((c) => c.locale === locale && !excludedFromFreeText(c))
    .map((c) => {
      const score = keywordScore(keywordsOf(c.keywords), tokens);
      // Title words only break ties between articles that matched by keyword.
      const titleStems = new Set(tokenize(c.title).filter((t) => !t.stop && !t.generic).map((t) => t.stem));
      const tie = tokens.filter((t) => !t.stop && titleStems.has(t.stem)).length * 0.1;
      return { c, score, rank: score + tie };
    })
    .filter((s) => s.score >= MATCH_THRESHOLD)
    .sort((a, b) => b.rank - a.rank || a.c.slug.localeCompare(b.c.slug));
  return scored.slice(0, limit).map((s) => ({ slug: s.c.slug, locale: s.c.locale, title: s.c.title, score: round(s.rank) }));
}

/**
 * A worker's search over titles, keywords and slugs in `locale`: each query word scores by its
 * best hit (same stem in the title 3, in a keyword or the slug 2; a word starting with it 1.5/1;
 * +0.5 when both the title and a keyword have it), plus 1 when the whole query is a phrase of a title or keyword. Best first, at most `limit`.
 */
export function searchArticles(query: string, candidates: ArticleCandidate[], locale: Locale, limit = 10): ArticleMatch[] {
  const all = tokenize(query);
  const words = all.filter((t) => !t.stop);
  const q = words.length > 0 ? words : all;
  if (q.length === 0) return [];
  const scored = candidates
    .filter((c) => c.locale === locale)
    .map((c) => {
      const title = tokenize(c.title);
      const kws = c.keywords.map(tokenize);
      const kwTokens = kws.flat();
      const slug = c.slug.split('-').map((w) => ({ word: w, stem: stemWord(w) }));
      let score = 0;
      for (const t of q) {
        const prefix = (x: { word: string }) => t.word.length >= 3 && x.word.startsWith(t.word);
        const inTitle = title.some((x) => x.stem === t.stem) ? 3 : title.some(prefix) ? 1.5 : 0;
        const inKeywords = kwTokens.some((x) => x.stem === t.stem) || slug.some((x) => x.stem === t.stem || x.word === t.word) ? 2 : kwTokens.some(prefix) || slug.some(prefix) ? 1 : 0;
        score += Math.max(inTitle, inKeywords) + (inTitle > 0 && inKeywords > 0 ? 0.5 : 0);
      }
      if (all.length >= 2 && [title, ...kws].some((seq) => containsSequence(seq, all))) score += 1;
      return { c, score };
    })
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.c.slug.localeCompare(b.c.slug));
  return scored.slice(0, limit).map((s) => ({ slug: s.c.slug, locale: s.c.locale, title: s.c.title, score: round(s.score) }));
}

function containsSequence(hay: Token[], needle: Token[]): boolean {
  for (let i = 0; i + needle.length <= hay.length; i++) if (needle.every((t, j) => hay[i + j]!.stem === t.stem)) return true;
  return false;
}

const round = (n: number) => Math.round(n * 100) / 100;
