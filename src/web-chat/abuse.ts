import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * The web chat's abuse guard: rate limits for messages and a challenge for new conversations when
 * they arrive abnormally fast. It keeps nothing about a person (no address, no identifier): only
 * counters under opaque keys the caller chooses, and the nonces of challenges already used. Every
 * map is pruned as time passes and capped, so a flood of distinct keys cannot grow memory.
 *
 * The challenge works with scripts off (Tor Browser's safest level): an arithmetic question in
 * words. Where scripts run, pow.js answers it instead with a proof of work, which is the part that
 * costs a bot something; the question alone only stops bots that do not read the page.
 */

export interface GuardOptions {
  /** Messages one conversation may send: `messages` within `windowMs` (default 8 per 60_000 ms). */
  perConversation: { messages: number; windowMs: number };
  /** Messages all conversations together may send per second (default 20). */
  globalPerSecond: number;
  /** New conversations in the last 10 minutes above which a new conversation must pass a challenge (default 30). */
  newConversationsPer10Min: number;
  /** Leading zero bits the proof of work needs (default 16) and how long a challenge lives (default 10 minutes). */
  powBits: number;
  challengeTtlMs: number;
}

export type Admission = { ok: true } | { ok: false; reason: 'conversation' | 'global'; retryAfterSec: number };

export interface Challenge {
  token: string;
  question: string;
  powBits: number;
}

export const DEFAULT_GUARD_OPTIONS: GuardOptions = {
  perConversation: { messages: 8, windowMs: 60_000 },
  globalPerSecond: 20,
  newConversationsPer10Min: 30,
  powBits: 16,
  challengeTtlMs: 10 * 60_000,
};

/** At most this many conversations are counted at once; past it the least recently active is forgotten. */
export const MAX_TRACKED_CONVERSATIONS = 100_000;
/** At most this many used challenges are remembered; past it the one used longest ago is forgotten. */
export const MAX_USED_CHALLENGES = 100_000;

const NEW_CONVERSATION_WINDOW_MS = 10 * 60_000;
// New conversations are counted in 10-second buckets, so a flood costs 60 numbers, not one per conversation.
const BUCKET_MS = 10_000;
const BUCKETS = NEW_CONVERSATION_WINDOW_MS / BUCKET_MS;
// Longer inputs are refused before any hashing: no real token or answer comes near these.
const MAX_TOKEN_LENGTH = 512;
const MAX_ANSWER_LENGTH = 64;
const MAX_POW_NONCE_LENGTH = 20;

export class WebChatGuard {
  readonly #opts: GuardOptions;
  readonly #now: () => number;
  readonly #macKey: Buffer;
  readonly #answerKey: Buffer;
  /** Admission times within the window, oldest first, and the sequence number of the latest. */
  readonly #conversations = new Map<string, { times: number[]; seq: number }>();
  /**
   * Every admission in order, for pruning and the cap: an entry whose seq is no longer its
   * conversation's latest is stale and skipped. (Deleting from the front of a Map instead leaves
   * holes that every later walk from the front steps over: quadratic under a flood.)
   */
  readonly #order = new Fifo<{ key: string; seq: number }>();
  #seq = 0;
  readonly #global: { tokens: number; at: number };
  readonly #newConversations: { bucket: number; count: number }[] = [];
  /** Nonces of used challenges, and the same in the order they were used, with their expiry. */
  readonly #used = new Set<string>();
  readonly #usedOrder = new Fifo<{ nonce: string; expiry: number }>();

  constructor(key: Buffer, opts?: Partial<GuardOptions>, now: () => number = Date.now) {
    if (key.length < 16) throw new Error('WebChatGuard: the key must be at least 16 bytes');
    // An option given as undefined (an unset setting passed through) keeps its default.
    const given = Object.fromEntries(Object.entries(opts ?? {}).filter(([, v]) => v !== undefined));
    this.#opts = { ...DEFAULT_GUARD_OPTIONS, ...given };
    checkOptions(this.#opts);
    this.#now = now;
    // Separate keys per purpose, so a MAC made for one use can never pass as the other.
    this.#macKey = createHmac('sha256', key).update('netreach/web-chat/challenge-token/v1').digest();
    this.#answerKey = createHmac('sha256', key).update('netreach/web-chat/challenge-answer/v1').digest();
    this.#global = { tokens: this.#opts.globalPerSecond, at: now() };
  }

  /** How many conversations are being counted now (for tests and metrics; never which ones). */
  get trackedConversations(): number {
    return this.#conversations.size;
  }

  /** How many used challenges are remembered now (for tests and metrics). */
  get usedChallenges(): number {
    return this.#used.size;
  }

  /** Counts a message of the conversation (key: any opaque string) if admitted. */
  admitMessage(conversation: string): Admission {
    const now = this.#now();
    const { messages, windowMs } = this.#opts.perConversation;
    this.#pruneConversations(now);

    const times = (this.#conversations.get(conversation)?.times ?? []).filter((t) => t > now - windowMs);
    if (times.length >= messages) {
      // The next message fits when the oldest one that fills the window leaves it (never later
      // than one window, should the clock have stepped back).
      const leaves = times[times.length - messages]! + windowMs;
      return { ok: false, reason: 'conversation', retryAfterSec: wholeSeconds(Math.min(leaves - now, windowMs)) };
    }

    // A token bucket: a burst of one second's worth, then a steady rate.
    const g = this.#global;
    const rate = this.#opts.globalPerSecond;
    g.tokens = Math.min(rate, g.tokens + (Math.max(0, now - g.at) * rate) / 1000);
    g.at = now;
    if (g.tokens < 1) {
      return { ok: false, reason: 'global', retryAfterSec: wholeSeconds(((1 - g.tokens) * 1000) / rate) };
    }
    g.tokens -= 1;

    times.push(now);
    const seq = ++this.#seq;
    this.#conversations.set(conversation, { times, seq });
    this.#order.push({ key: conversation, seq });
    // Past the cap, the least recently active conversation is forgotten.
    while (this.#conversations.size > MAX_TRACKED_CONVERSATIONS) {
      const oldest = this.#order.shift()!;
      if (this.#isLatest(oldest)) this.#conversations.delete(oldest.key);
    }
    return { ok: true };
  }

  /** A new conversation was created (counts toward the 10-minute window). */
  noteNewConversation(): void {
    const bucket = Math.floor(this.#now() / BUCKET_MS);
    this.#pruneBuckets(bucket);
    const last = this.#newConversations[this.#newConversations.length - 1];
    if (last && last.bucket === bucket) last.count += 1;
    else this.#newConversations.push({ bucket, count: 1 });
  }

  /** True while the rate of new conversations is abnormal (above newConversationsPer10Min in the last 10 minutes). */
  challengeNeeded(): boolean {
    this.#pruneBuckets(Math.floor(this.#now() / BUCKET_MS));
    const total = this.#newConversations.reduce((sum, b) => sum + b.count, 0);
    return total > this.#opts.newConversationsPer10Min;
  }

  /** A fresh challenge: a simple arithmetic question in the locale, answerable without scripts, plus a proof-of-work that pow.js solves where scripts run. */
  issueChallenge(locale: 'ru' | 'en'): Challenge {
    const { question, answer } = arithmeticQuestion(locale);
    const nonce = randomBytes(16).toString('base64url');
    const payload: TokenPayload = {
      n: nonce,
      e: this.#now() + this.#opts.challengeTtlMs,
      // Only a MAC of the answer: reading the token must not give it away.
      a: this.#answerMac(nonce, answer),
    };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return { token: `${body}.${this.#tokenMac(body)}`, question, powBits: this.#opts.powBits };
  }

  /**
   * True once for a valid, unexpired, unused token with either the right answer (digits or the
   * number in words, either language, spaces/case ignored) or a valid proof of work nonce. Used
   * tokens are refused. Any attempt with a genuine token uses it up, right or wrong: otherwise a
   * bot could try all nineteen possible answers on one token.
   */
  verifyChallenge(token: string, answer?: string, powNonce?: string): boolean {
    const now = this.#now();
    const payload = this.#readToken(token);
    if (!payload || payload.e <= now) return false;

    this.#pruneUsed(now);
    if (this.#used.has(payload.n)) return false;
    this.#used.add(payload.n);
    this.#usedOrder.push({ nonce: payload.n, expiry: payload.e });
    // Past the cap, the one used longest ago is forgotten: most likely expired, or nearly.
    while (this.#used.size > MAX_USED_CHALLENGES) this.#used.delete(this.#usedOrder.shift()!.nonce);

    return this.#answerIsRight(payload, answer) || this.#workIsDone(token, powNonce);
  }

  #answerIsRight(payload: TokenPayload, answer: string | undefined): boolean {
    if (answer === undefined || answer.length > MAX_ANSWER_LENGTH) return false;
    const value = parseAnswer(answer);
    if (value === null) return false;
    return safeEqual(this.#answerMac(payload.n, value), payload.a);
  }

  #workIsDone(token: string, powNonce: string | undefined): boolean {
    if (powNonce === undefined || !/^\d+$/.test(powNonce) || powNonce.length > MAX_POW_NONCE_LENGTH) return false;
    const digest = createHash('sha256').update(`${token}:${powNonce}`, 'utf8').digest();
    return leadingZeroBits(digest) >= this.#opts.powBits;
  }

  #readToken(token: string): TokenPayload | null {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return null;
    const parts = token.split('.');
    if (parts.length !== 2) return null;
    const [body, mac] = parts as [string, string];
    if (!safeEqual(this.#tokenMac(body), mac)) return null;
    try {
      const p: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      if (typeof p !== 'object' || p === null) return null;
      const { n, e, a } = p as Record<string, unknown>;
      if (typeof n !== 'string' || typeof e !== 'number' || typeof a !== 'string') return null;
      return { n, e, a };
    } catch {
      return null;
    }
  }

  #tokenMac(body: string): string {
    return createHmac('sha256', this.#macKey).update(body).digest('base64url');
  }

  #answerMac(nonce: string, answer: number): string {
    return createHmac('sha256', this.#answerKey).update(`${nonce}:${answer}`).digest('base64url');
  }

  // Admissions are in time order, so the conversations whose window has passed are all at the front.
  #pruneConversations(now: number): void {
    const windowMs = this.#opts.perConversation.windowMs;
    for (let head = this.#order.peek(); head; head = this.#order.peek()) {
      const entry = this.#conversations.get(head.key);
      if (entry && entry.seq === head.seq) {
        if (entry.times[entry.times.length - 1]! > now - windowMs) break;
        this.#conversations.delete(head.key);
      }
      this.#order.shift();
    }
  }

  #isLatest(a: { key: string; seq: number }): boolean {
    return this.#conversations.get(a.key)?.seq === a.seq;
  }

  #pruneBuckets(current: number): void {
    while (this.#newConversations.length > 0 && this.#newConversations[0]!.bucket <= current - BUCKETS) {
      this.#newConversations.shift();
    }
  }

  // Used order is close to expiry order (one lifetime for all), so stopping at the first live one
  // leaves few expired behind, and those go on a later call.
  #pruneUsed(now: number): void {
    for (let head = this.#usedOrder.peek(); head && head.expiry <= now; head = this.#usedOrder.peek()) {
      this.#used.delete(head.nonce);
      this.#usedOrder.shift();
    }
  }
}

/** A queue with O(1) shift: an array read from a moving head, compacted once half of it is read. */
class Fifo<T> {
  #items: T[] = [];
  #head = 0;

  push(item: T): void {
    this.#items.push(item);
  }

  peek(): T | undefined {
    return this.#items[this.#head];
  }

  shift(): T | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const item = this.#items[this.#head++];
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }
}

interface TokenPayload {
  /** Random nonce, base64url. */
  n: string;
  /** Expiry, ms since the epoch. */
  e: number;
  /** MAC of the nonce and the answer, base64url. */
  a: string;
}

const OPERAND_WORDS = {
  ru: ['', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять'],
  en: ['', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'],
};

const OPERATORS = { ru: { plus: 'плюс', minus: 'минус' }, en: { plus: 'plus', minus: 'minus' } };

const SHAPES: Record<'ru' | 'en', ((expr: string) => string)[]> = {
  ru: [
    (x) => `Сколько будет ${x}? Ответьте цифрами.`,
    (x) => `Чему равно ${x}? Ответьте цифрами.`,
    (x) => `Посчитайте: ${x}. Ответьте цифрами.`,
  ],
  en: [
    (x) => `What is ${x}? Answer with digits.`,
    (x) => `How much is ${x}? Answer with digits.`,
    (x) => `Work out ${x}. Answer with digits.`,
  ],
};

/** Answers in words, either language: 0 to 18 covers every result. */
const ANSWER_WORDS: Record<string, number> = {};
[
  ['ноль', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять', 'десять', 'одиннадцать', 'двенадцать', 'тринадцать', 'четырнадцать', 'пятнадцать', 'шестнадцать', 'семнадцать', 'восемнадцать'],
  ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen'],
].forEach((words) => words.forEach((w, i) => (ANSWER_WORDS[w] = i)));
// Other forms people write for one and two, and a common spelling of zero.
Object.assign(ANSWER_WORDS, { одна: 1, одно: 1, две: 2, нуль: 0 });

function arithmeticQuestion(locale: 'ru' | 'en'): { question: string; answer: number } {
  let a = randomInt(1, 10);
  let b = randomInt(1, 10);
  const plus = randomInt(2) === 0;
  // Results stay 0–18: no negative numbers to write.
  if (!plus && b > a) [a, b] = [b, a];
  const op = OPERATORS[locale][plus ? 'plus' : 'minus'];
  const expr = `${OPERAND_WORDS[locale][a]} ${op} ${OPERAND_WORDS[locale][b]}`;
  const shapes = SHAPES[locale];
  return { question: shapes[randomInt(shapes.length)]!(expr), answer: plus ? a + b : a - b };
}

/** The number an answer means (digits or a word, either language), or null. */
export function parseAnswer(answer: string): number | null {
  const s = answer.toLowerCase().replaceAll('ё', 'е').replace(/[^\p{L}\p{N}]/gu, '');
  if (/^[0-9]{1,3}$/.test(s)) return Number(s);
  return ANSWER_WORDS[s] ?? null;
}

function leadingZeroBits(digest: Buffer): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function wholeSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

function checkOptions(o: GuardOptions): void {
  const positive = (n: number) => Number.isFinite(n) && n > 0;
  const ok =
    Number.isInteger(o.perConversation.messages) &&
    o.perConversation.messages >= 1 &&
    positive(o.perConversation.windowMs) &&
    positive(o.globalPerSecond) &&
    Number.isInteger(o.newConversationsPer10Min) &&
    o.newConversationsPer10Min >= 0 &&
    Number.isInteger(o.powBits) &&
    o.powBits >= 1 &&
    o.powBits <= 32 &&
    positive(o.challengeTtlMs);
  if (!ok) throw new Error('WebChatGuard: invalid options');
}
