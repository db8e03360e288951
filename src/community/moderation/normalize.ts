/**
 * Text folding for the community-chat moderation rules (`rules.ts`). Pure, synchronous, no I/O.
 *
 * Why not just `normalizeForMatching` from `src/emergency/normalize.ts`: that one is built for
 * overdose messages written in a hurry, not for words disguised on purpose. It turns every
 * punctuation mark into a space (so «с*ка», «с.у.к.а» and "f*ck" fall apart), reads digits the
 * translit way (4 = ч/"ch", 3 = з/"z", not leetspeak 3 = e, 1 = i), keeps "т у п о й" as five words
 * and collapses only triple letters. What does the same job is reused: `CYRILLIC` (the script test)
 * and `russianReading` (Russian typed in Latin letters, "ty debil" → «ты дебил»), see `views`.
 *
 * The fold, step by step (`fold`):
 *   1. NFKC, lower case, ё → е; links → "url", @handles → "@user" (a handle is an address, see rules).
 *   2. Letters spelled out with separators are joined: «с.у.к.а», "f-u-c-k" (one word with dots,
 *      dashes, underscores between single letters), «т у п о й», "r e t a r d" (4+ single letters
 *      in a row, or 3 when one of them is not a one-letter word of Russian/English).
 *   3. Each word is read in one script: in a word that is mostly Cyrillic, Latin look-alikes become
 *      Cyrillic ("cyкa" → «сука»); in a mostly Latin word, Cyrillic look-alikes become Latin
 *      ("іdіоt" → "idiot").
 *   4. Leetspeak inside words: a digit (or @, $, !, |) next to letters is read as the letter it
 *      looks like: Latin 0→o 1→i 3→e 4→a 5→s 7→t @→a $→s !→i |→l; Cyrillic 0→о 3→з 4→ч 6→б
 *      @→а $→с. A number with a unit glued to it ("150мг", "4pm", "3mmc") stays a number: digits
 *      are read as letters only between letters, or at the start of a word whose other digits were.
 *   5. Masked letters (* # % … inside a word) become one `*` each run, for `unmask` to resolve
 *      against the rules' word list («с*ка» → «сука», "f**k" → "fuck").
 *   6. Repeated letters are collapsed to one («тууупооой» → «тупой», "kill" → "kil"): the rules'
 *      word patterns are written collapsed.
 *   7. Everything else that is not a letter, digit or `*` becomes a space.
 */
import { CYRILLIC, russianReading } from '../../emergency/normalize.ts';

/** Latin letters that look like Cyrillic ones, inside a Cyrillic word. */
export const LATIN_TO_CYRILLIC: Readonly<Record<string, string>> = {
  a: 'а', b: 'в', c: 'с', e: 'е', h: 'н', k: 'к', m: 'м', n: 'п', o: 'о', p: 'р', r: 'г', t: 'т',
  u: 'и', x: 'х', y: 'у', i: 'і',
};
/** Cyrillic letters that look like Latin ones, inside a Latin word. */
export const CYRILLIC_TO_LATIN: Readonly<Record<string, string>> = {
  а: 'a', в: 'b', с: 'c', е: 'e', н: 'h', к: 'k', м: 'm', о: 'o', р: 'p', т: 't', х: 'x', у: 'y',
  і: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', г: 'r', п: 'n', и: 'u',
};
/** Leetspeak: symbols and digits standing for letters. */
export const LEET_LATIN: Readonly<Record<string, string>> = {
  '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i', '|': 'l',
};
export const LEET_CYRILLIC: Readonly<Record<string, string>> = {
  '0': 'о', '3': 'з', '4': 'ч', '6': 'б', '@': 'а', $: 'с',
};
/** One-letter words, which may legitimately stand in a row («а я в шоке», "i am a"). */
const ONE_LETTER_WORDS = new Set(['а', 'в', 'и', 'к', 'о', 'с', 'у', 'я', 'a', 'i', 'u']);

/** Link shapes: a scheme or www, Telegram links, or a domain with a known top-level domain (shorteners
 *  and made-up `.example` scam domains included). */
export const URL = /(?:https?:\/\/|www\.)\S+|\b(?:t\.me|telegram\.me|telegram\.dog)\/\S+|\b(?:[a-z0-9-]{1,63}\.){1,4}(?:com|ru|org|net|io|me|info|xyz|top|site|online|shop|su|рф|example|ly|gl|gg|cc|co|uk|us|biz|pro|club|app|link|live|vip|win|bet|fun|icu|store|click|space|website|tk|ml|ga|cf|pw|ws|to|ua|kz|by|de)(?![\p{L}\p{N}])(?:\/\S*)?/giu;
const HANDLE = /(?<![\p{L}\p{N}_])@[a-z0-9_]{3,}/giu;

const LETTER = /\p{L}/u;
const isCyrillic = (ch: string): boolean => CYRILLIC.test(ch);
const isLatin = (ch: string): boolean => /[a-z]/.test(ch);

/** Step 2a: «с.у.к.а», "f-u-c-k" → one word (inside a whitespace-delimited chunk). */
const SEPARATOR = "[.\\-_,·•/|+~'’\\p{Extended_Pictographic}\\u{FE0F}\\u{200D}\\u{1F3FB}-\\u{1F3FF}]+";
const DOTTED = new RegExp(`(?<!\\p{L})\\p{L}(?:${SEPARATOR}\\p{L}(?!\\p{L})){2,}`, 'gu');
const SEPARATORS = new RegExp(SEPARATOR, 'gu');
const HAS_SEPARATOR = new RegExp(SEPARATOR, 'u');
function joinDottedLetters(chunk: string): string {
  if (chunk.length < 5 || !HAS_SEPARATOR.test(chunk)) return chunk;
  return chunk.replace(DOTTED, (m) => m.replace(SEPARATORS, ''));
}

/** Step 2b: «т у п о й», "r e t a r d" → one word. */
function joinSpacedLetters(chunks: string[], onJoin: (word: string) => void = () => {}): string[] {
  const out: string[] = [];
  let run: string[] = [];
  const flush = () => {
    const joinable = run.length >= 4 || (run.length === 3 && run.some((l) => !ONE_LETTER_WORDS.has(l)));
    if (joinable) {
      out.push(run.join(''));
      onJoin(run.join(''));
    }
    else out.push(...run);
    run = [];
  };
  for (const c of chunks) {
    const bare = c.replace(/[.,!?…]+$/u, '');
    if (/^\p{L}$/u.test(bare)) {
      run.push(bare);
      if (bare !== c) flush();
    } else {
      flush();
      out.push(c);
    }
  }
  flush();
  return out;
}

/** Step 3: one script per word. */
function oneScript(word: string): string {
  let cyr = 0;
  let lat = 0;
  for (const ch of word) {
    if (isCyrillic(ch)) cyr++;
    else if (isLatin(ch)) lat++;
  }
  if (cyr === 0 || lat === 0) return word;
  // A letter only one script has decides ("cyкa": к and the rest are all look-alikes → majority;
  // "іdіоt": d has no Cyrillic twin → Latin); otherwise the majority does.
  const oddLatin = [...word].some((ch) => isLatin(ch) && !LATIN_TO_CYRILLIC[ch]);
  const oddCyrillic = [...word].some((ch) => isCyrillic(ch) && !CYRILLIC_TO_LATIN[ch]);
  const toCyrillic = oddCyrillic !== oddLatin ? oddCyrillic : cyr >= lat;
  if (toCyrillic) return [...word].map((ch) => LATIN_TO_CYRILLIC[ch] ?? ch).join('');
  return [...word].map((ch) => CYRILLIC_TO_LATIN[ch] ?? ch).join('');
}

/** Step 4: leetspeak digits and symbols inside a word. */
function readLeet(word: string): string {
  if (!/[\d@$!|]/.test(word) || !LETTER.test(word)) return word;
  const map = CYRILLIC.test(word) ? LEET_CYRILLIC : LEET_LATIN;
  const chars = [...word];
  const isL = (i: number) => i >= 0 && i < chars.length && LETTER.test(chars[i]!);
  let changed = false;
  // Digit/symbol runs (≤ 3) with letters on both sides: "d10t", «д0лб0ёб», "п@дла".
  for (let i = 0; i < chars.length; i++) {
    if (!map[chars[i]!]) continue;
    let j = i;
    while (j < chars.length && map[chars[j]!]) j++;
    if (j - i <= 3 && isL(i - 1) && isL(j)) {
      for (let k = i; k < j; k++) chars[k] = map[chars[k]!]!;
      changed = true;
    }
    i = j - 1;
  }
  // Leading/trailing single digit of a word whose other digits were letters: "1d10t", "sh1t".
  if (changed) {
    if (map[chars[0]!] && isL(1)) chars[0] = map[chars[0]!]!;
    const last = chars.length - 1;
    if (map[chars[last]!] && isL(last - 1)) chars[last] = map[chars[last]!]!;
  }
  return chars.join('');
}

/** Steps 3–6 for one word. */
const PLAIN_WORD = /^(?:[а-яе]+|[a-z]+)$/u;
const PUNCTUATION_ONLY = /^[.,!?:;()«»"'—–-]+$/u;
const TRAILING_PUNCTUATION = /^([^.,!?:;()«»"'—–-]+)[.,!?:;)»"]+$/u;
/** Words already folded: `foldWord` is pure, and a message folds the same words again and again (the
 *  whole text, then its quoteless text and its clauses; a flood repeats one word hundreds of times).
 *  Bounded: cleared when full. */
const foldedWords = new Map<string, string>();
const MAX_FOLDED_WORDS = 8192;
function foldWord(word: string): string {
  let folded = foldedWords.get(word);
  if (folded === undefined) {
    if (foldedWords.size >= MAX_FOLDED_WORDS) foldedWords.clear();
    foldedWords.set(word, (folded = foldWordUncached(word)));
  }
  return folded;
}
function foldWordUncached(word: string): string {
  // Most words are plain letters of one script: only repeated letters to collapse.
  if (PLAIN_WORD.test(word)) return word.replace(/(\p{L})\1+/gu, '$1');
  if (PUNCTUATION_ONLY.test(word)) return '';
  // A plain word with ordinary punctuation after it: «хорошо,», "thanks!".
  const trailing = TRAILING_PUNCTUATION.exec(word);
  if (trailing && PLAIN_WORD.test(trailing[1]!)) return trailing[1]!.replace(/(\p{L})\1+/gu, '$1');
  let w = word.replace(/^[^\p{L}\p{N}@$*#%]+|[^\p{L}\p{N}*#%$]+$/gu, '');
  w = oneScript(w);
  w = readLeet(w);
  w = oneScript(w);
  // Masks between letters (or after the first letters) → one '*' per run.
  // Apostrophes inside a word go: "you're" → "youre", "don't" → "dont".
  w = w.replace(/(?<=\p{L})['’`ʼ](?=\p{L})/gu, '');
  // An emoji standing for a letter inside a word («с🤬ка») is a mask too.
  w = w.replace(/(?<=\p{L})[\p{Extended_Pictographic}\u{FE0F}\u{200D}]+(?=\p{L})/gu, '*');
  w = w.replace(/(?<=\p{L})[*#%•·×_]+(?=\p{L})|(?<=\p{L}{2})[*#%•·×_]+$|^[*#%•·×_]+(?=\p{L}{2})/gu, '*');
  w = w.replace(/(\p{L})\1+/gu, '$1');
  return w.replace(/[^\p{L}\p{N}*]+/gu, ' ').trim();
}

/** Repeated letters collapsed to one, as `fold` does: word lists and patterns go through it so they
 *  can be written in ordinary spelling ("kill", «сообщение», "passport"). An escaped letter (`\\d`) is
 *  not a letter here. */
export function squeeze(s: string): string {
  return s.replace(/(?<!\\)(\p{L})\1+/gu, '$1');
}

/** Lower case, ё → е, NFKC; links → "url", @handles → "@user". */
export function prepare(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(URL, ' url ')
    .replace(HANDLE, ' @user ');
}

/** The folded text: see the module comment. Words separated by single spaces; `*` marks a hidden letter;
 *  "@user" and "url" stand for handles and links. */
export function fold(text: string): string {
  return foldDetailed(text).text;
}

/** `fold`, and the words that were spelled out letter by letter («т у п о й», «с.у.к.а»): spelling a
 *  word out is done to get it past a filter. */
export function foldDetailed(text: string): { text: string; spelledOut: string[] } {
  const spelledOut: string[] = [];
  const chunks = prepare(text)
    .split(/\s+/)
    .filter(Boolean)
    .map((c) => {
      const joined = joinDottedLetters(c);
      if (joined !== c) spelledOut.push(foldWord(joined));
      return joined;
    });
  const words = joinSpacedLetters(chunks, (w) => spelledOut.push(foldWord(w)));
  const out = words
    .map((c) => (c === '@user' ? c : foldWord(c)))
    .filter(Boolean)
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  return { text: out, spelledOut: spelledOut.filter(Boolean) };
}

/** Masked words resolved per message at most: a message of masks cannot make the search slow. */
const MAX_MASKED_WORDS = 6;
/** Masked words already resolved, per word list: a word costs its search once. Bounded. */
const resolvedMasks = new WeakMap<(word: string) => boolean, Map<string, string>>();
const MAX_CACHED_MASKS = 4096;

/** A search budget shared by several `unmask` calls (the clauses of one message). */
export interface UnmaskBudget {
  left: number;
}
const CYRILLIC_ALPHABET = [...'абвгдежзийклмнопрстуфхцчшщыьэюя'];
const LATIN_ALPHABET = [...'abcdefghijklmnopqrstuvwxyz'];
const pairs = (alphabet: string[]): string[] => [...alphabet, ...alphabet.flatMap((a) => alphabet.map((b) => a + b))];
const CYRILLIC_FILLS = pairs(CYRILLIC_ALPHABET);
const LATIN_FILLS = pairs(LATIN_ALPHABET);

/**
 * Resolves masked letters: each `*` in a word is tried as one or two letters of the word's script,
 * and the first spelling that `isWord` accepts replaces it («с*ка» → «сука» when «сука» is a
 * word of the list). Words no spelling of which is accepted keep their `*`. At most two masks per
 * word; one or two letters for a lone mask, one letter each for two; the first `MAX_MASKED_WORDS`
 * masked words of a message.
 */
export function unmask(folded: string, isWord: (word: string) => boolean, shared?: UnmaskBudget): string {
  if (!folded.includes('*')) return folded;
  const budget = shared ?? { left: MAX_MASKED_WORDS };
  let cache = resolvedMasks.get(isWord);
  if (!cache) resolvedMasks.set(isWord, (cache = new Map()));
  if (cache.size > MAX_CACHED_MASKS) cache.clear();
  return folded
    .split(' ')
    .map((word) => {
      if (!word.includes('*')) return word;
      const known = cache.get(word);
      if (known !== undefined) return known;
      if (budget.left-- <= 0) return word;
      const parts = word.split('*');
      if (parts.length > 3) return word;
      const cyrillic = CYRILLIC.test(word);
      const alphabet = cyrillic ? CYRILLIC_ALPHABET : LATIN_ALPHABET;
      // One mask: one or two letters; two masks: one letter each (keeps the search ≈ 1,100 tries).
      const fills = parts.length === 2 ? (cyrillic ? CYRILLIC_FILLS : LATIN_FILLS) : alphabet;
      const tryFill = (i: number, acc: string): string | undefined => {
        if (i === parts.length - 1) {
          const w = (acc + parts[i]).replace(/(\p{L})\1+/gu, '$1');
          return isWord(w) ? w : undefined;
        }
        for (const f of fills) {
          const found = tryFill(i + 1, acc + parts[i] + f);
          if (found) return found;
        }
        return undefined;
      };
      const resolved = tryFill(0, '') ?? word;
      cache.set(word, resolved);
      return resolved;
    })
    .join(' ');
}

/** A word made only of Latin letters that look like Cyrillic ones is read as Cyrillic ("cyka" → «сука»,
 *  "xyйня" is mixed and already handled by `fold`). Used only by the Russian word patterns. */
export function latinLookalikesAsCyrillic(folded: string): string {
  return folded
    .split(' ')
    .map((w) => (/^[acekmopxyh]{3,}$/.test(w) ? [...w].map((ch) => LATIN_TO_CYRILLIC[ch] ?? ch).join('') : w))
    .join(' ');
}

export interface Views {
  /** `fold(text)` with masks resolved: the base view, and the one the English patterns read. */
  folded: string;
  /** For Russian patterns: all-look-alike Latin words as Cyrillic, then translit read as Russian
   *  ("ty debil" → «ты дебил»), via the overdose detector's `russianReading`. English stays English. */
  ru: string;
  /** Words that were spelled out letter by letter (folded). */
  spelledOut: string[];
}

/** The views the rules read; `isWord` resolves masked letters (see `unmask`). */
export function views(text: string, isWord: (word: string) => boolean = () => false, budget?: UnmaskBudget): Views {
  const { text: f, spelledOut } = foldDetailed(text);
  const folded = unmask(f, isWord, budget);
  const ru = russianReading(latinLookalikesAsCyrillic(folded)).replace(/(\p{L})\1+/gu, '$1');
  return { folded, ru, spelledOut };
}
