import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_TRACKED_CONVERSATIONS, parseAnswer, WebChatGuard, type GuardOptions } from './abuse.ts';

const KEY = Buffer.alloc(32, 7);

function setup(opts: Partial<GuardOptions> = {}) {
  const clock = { t: 1_700_000_000_000 };
  const guard = new WebChatGuard(KEY, { powBits: 8, ...opts }, () => clock.t);
  return { guard, clock };
}

/** The answer to a question, worked out the way a person would: from the words in it. */
function answerOf(question: string): number {
  const m = /(\p{L}+) (плюс|минус|plus|minus) (\p{L}+)/u.exec(question);
  if (!m) throw new Error(`no sum in: ${question}`);
  const value = (w: string) => Math.max(RU_WORDS.indexOf(w), EN_WORDS.indexOf(w));
  const [a, b] = [value(m[1]!), value(m[3]!)];
  expect(a).toBeGreaterThanOrEqual(1);
  expect(b).toBeGreaterThanOrEqual(1);
  expect(Math.max(a, b)).toBeLessThanOrEqual(9);
  return m[2] === 'плюс' || m[2] === 'plus' ? a + b : a - b;
}

const RU_WORDS = ['ноль', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять', 'десять', 'одиннадцать', 'двенадцать', 'тринадцать', 'четырнадцать', 'пятнадцать', 'шестнадцать', 'семнадцать', 'восемнадцать'];
const EN_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen'];

function findNonce(token: string, bits: number, valid = true): string {
  for (let n = 0; ; n++) {
    const d = createHash('sha256').update(`${token}:${n}`).digest();
    const zeros = d[0] === 0 ? 8 + Math.clz32(d[1]!) - 24 : Math.clz32(d[0]!) - 24;
    if ((zeros >= bits) === valid) return String(n);
  }
}

describe('messages', () => {
  it('admits a conversation its limit within the window, then says when the next one fits', () => {
    const { guard, clock } = setup();
    for (let i = 0; i < 8; i++) {
      expect(guard.admitMessage('a')).toEqual({ ok: true });
      clock.t += 1000;
    }
    // The first message was 8 s ago: it leaves the 60 s window in 52 s.
    expect(guard.admitMessage('a')).toEqual({ ok: false, reason: 'conversation', retryAfterSec: 52 });
    // Another conversation is not held up by this one.
    expect(guard.admitMessage('b')).toEqual({ ok: true });
    clock.t += 51_500;
    expect(guard.admitMessage('a')).toEqual({ ok: false, reason: 'conversation', retryAfterSec: 1 });
    clock.t += 500;
    expect(guard.admitMessage('a')).toEqual({ ok: true });
    // Only one slot freed: the second message leaves a second later.
    expect(guard.admitMessage('a')).toEqual({ ok: false, reason: 'conversation', retryAfterSec: 1 });
  });

  it('recovers fully once the window has passed', () => {
    const { guard, clock } = setup({ perConversation: { messages: 3, windowMs: 10_000 } });
    for (let i = 0; i < 3; i++) expect(guard.admitMessage('a').ok).toBe(true);
    expect(guard.admitMessage('a')).toEqual({ ok: false, reason: 'conversation', retryAfterSec: 10 });
    clock.t += 10_000;
    for (let i = 0; i < 3; i++) expect(guard.admitMessage('a').ok).toBe(true);
    expect(guard.admitMessage('a').ok).toBe(false);
  });

  it('refuses messages a refused one does not count', () => {
    const { guard, clock } = setup({ perConversation: { messages: 2, windowMs: 10_000 } });
    guard.admitMessage('a');
    guard.admitMessage('a');
    for (let i = 0; i < 5; i++) {
      clock.t += 1000;
      expect(guard.admitMessage('a').ok).toBe(false);
    }
    clock.t += 5000;
    expect(guard.admitMessage('a').ok).toBe(true);
  });

  it('holds all conversations together to the global rate, then lets them on', () => {
    const { guard, clock } = setup();
    for (let i = 0; i < 20; i++) expect(guard.admitMessage(`c${i}`)).toEqual({ ok: true });
    expect(guard.admitMessage('late')).toEqual({ ok: false, reason: 'global', retryAfterSec: 1 });
    clock.t += 500;
    // Half a second refills ten.
    for (let i = 0; i < 10; i++) expect(guard.admitMessage(`d${i}`)).toEqual({ ok: true });
    expect(guard.admitMessage('late').ok).toBe(false);
    clock.t += 1000;
    for (let i = 0; i < 20; i++) expect(guard.admitMessage(`e${i}`)).toEqual({ ok: true });
    expect(guard.admitMessage('late')).toEqual({ ok: false, reason: 'global', retryAfterSec: 1 });
  });

  it('does not count a message the global limit refused against its conversation', () => {
    const { guard, clock } = setup({ globalPerSecond: 1, perConversation: { messages: 1, windowMs: 60_000 } });
    expect(guard.admitMessage('x').ok).toBe(true);
    expect(guard.admitMessage('y')).toEqual({ ok: false, reason: 'global', retryAfterSec: 1 });
    clock.t += 1000;
    expect(guard.admitMessage('y').ok).toBe(true);
  });

  it('keeps memory bounded under a flood of distinct conversation keys', () => {
    const { guard } = setup({ globalPerSecond: 1_000_000 });
    for (let i = 0; i < 200_000; i++) guard.admitMessage(`flood-${i}`);
    expect(guard.trackedConversations).toBe(MAX_TRACKED_CONVERSATIONS);
    // The least recently active went first; the newest is still counted.
    for (let i = 0; i < 7; i++) guard.admitMessage('flood-199999');
    expect(guard.admitMessage('flood-199999').ok).toBe(false);
  });

  it('forgets conversations whose window has passed', () => {
    const { guard, clock } = setup();
    for (let i = 0; i < 1000; i++) {
      guard.admitMessage(`k${i}`);
      if (i % 20 === 19) clock.t += 1000;
    }
    expect(guard.trackedConversations).toBe(1000);
    clock.t += 60_000;
    guard.admitMessage('fresh');
    expect(guard.trackedConversations).toBe(1);
  });
});

describe('new conversations', () => {
  it('asks for a challenge while more than the limit started in the last 10 minutes, and stops after', () => {
    const { guard, clock } = setup({ newConversationsPer10Min: 30 });
    for (let i = 0; i < 30; i++) guard.noteNewConversation();
    expect(guard.challengeNeeded()).toBe(false);
    clock.t += 60_000;
    guard.noteNewConversation();
    expect(guard.challengeNeeded()).toBe(true);
    // The first 30 leave the window after 10 minutes; the last one alone is normal.
    clock.t += 9 * 60_000;
    expect(guard.challengeNeeded()).toBe(false);
    clock.t += 60_000;
    expect(guard.challengeNeeded()).toBe(false);
  });

  it('stays on for the whole 10 minutes of a burst', () => {
    const { guard, clock } = setup({ newConversationsPer10Min: 2 });
    for (let i = 0; i < 3; i++) guard.noteNewConversation();
    clock.t += 9 * 60_000 + 49_000;
    expect(guard.challengeNeeded()).toBe(true);
    clock.t += 11_000;
    expect(guard.challengeNeeded()).toBe(false);
  });
});

describe('challenges', () => {
  it('asks in the locale and takes the answer in digits, with spaces and any case', () => {
    const { guard } = setup();
    const ru = guard.issueChallenge('ru');
    expect(ru.question).toMatch(/^(Сколько будет|Чему равно|Посчитайте:) \p{L}+ (плюс|минус) \p{L}+[?.] Ответьте цифрами\.$/u);
    expect(ru.powBits).toBe(8);
    expect(guard.verifyChallenge(ru.token, ` ${answerOf(ru.question)} `)).toBe(true);

    const en = guard.issueChallenge('en');
    expect(en.question).toMatch(/^(What is|How much is|Work out) \p{L}+ (plus|minus) \p{L}+[?.] Answer with digits\.$/u);
    expect(guard.verifyChallenge(en.token, String(answerOf(en.question)))).toBe(true);
  });

  it('takes the answer in words, in either language', () => {
    const { guard } = setup();
    for (let i = 0; i < 20; i++) {
      const c = guard.issueChallenge(i % 2 ? 'ru' : 'en');
      const n = answerOf(c.question);
      const word = i % 4 < 2 ? RU_WORDS[n]! : EN_WORDS[n]!;
      expect(guard.verifyChallenge(c.token, i % 3 ? word.toUpperCase() : ` ${word} `)).toBe(true);
    }
  });

  it('keeps every result from 0 to 18 and never the answer in the token', () => {
    const { guard } = setup();
    for (let i = 0; i < 300; i++) {
      const c = guard.issueChallenge('ru');
      const n = answerOf(c.question);
      expect(n).toBeGreaterThanOrEqual(0);
      expect(n).toBeLessThanOrEqual(18);
      const payload = Buffer.from(c.token.split('.')[0]!, 'base64url').toString();
      expect(Object.keys(JSON.parse(payload)).sort()).toEqual(['a', 'e', 'n']);
    }
  });

  it('reads answers the way people write them', () => {
    expect(parseAnswer('9')).toBe(9);
    expect(parseAnswer(' 1 8 ')).toBe(18);
    expect(parseAnswer('Девять.')).toBe(9);
    expect(parseAnswer('NINE')).toBe(9);
    expect(parseAnswer('вос емь')).toBe(8);
    expect(parseAnswer('две')).toBe(2);
    expect(parseAnswer('девятнадцать')).toBeNull();
    expect(parseAnswer('')).toBeNull();
  });

  it('refuses a wrong answer, and the token with it: one try per token', () => {
    const { guard } = setup();
    const c = guard.issueChallenge('ru');
    const right = answerOf(c.question);
    expect(guard.verifyChallenge(c.token, String((right + 1) % 19))).toBe(false);
    expect(guard.verifyChallenge(c.token, String(right))).toBe(false);
    const d = guard.issueChallenge('en');
    expect(guard.verifyChallenge(d.token, 'banana')).toBe(false);
    const e = guard.issueChallenge('en');
    expect(guard.verifyChallenge(e.token)).toBe(false);
  });

  it('refuses a token already used', () => {
    const { guard } = setup();
    const c = guard.issueChallenge('en');
    const answer = String(answerOf(c.question));
    expect(guard.verifyChallenge(c.token, answer)).toBe(true);
    expect(guard.verifyChallenge(c.token, answer)).toBe(false);
    expect(guard.verifyChallenge(c.token, undefined, findNonce(c.token, 8))).toBe(false);
  });

  it('forgets used challenges once they have expired', () => {
    const { guard, clock } = setup({ challengeTtlMs: 60_000 });
    for (let i = 0; i < 50; i++) guard.verifyChallenge(guard.issueChallenge('en').token, 'x');
    expect(guard.usedChallenges).toBe(50);
    clock.t += 60_000;
    const c = guard.issueChallenge('en');
    expect(guard.verifyChallenge(c.token, String(answerOf(c.question)))).toBe(true);
    expect(guard.usedChallenges).toBe(1);
  });

  it('refuses a token after it expires', () => {
    const { guard, clock } = setup({ challengeTtlMs: 60_000 });
    const c = guard.issueChallenge('ru');
    const d = guard.issueChallenge('ru');
    clock.t += 59_999;
    expect(guard.verifyChallenge(d.token, String(answerOf(d.question)))).toBe(true);
    clock.t += 1;
    expect(guard.verifyChallenge(c.token, String(answerOf(c.question)))).toBe(false);
  });

  it('refuses a token whose payload or MAC was changed, or signed under another key', () => {
    const { guard } = setup();
    const c = guard.issueChallenge('ru');
    const answer = String(answerOf(c.question));
    const [body, mac] = c.token.split('.') as [string, string];

    // A later expiry written into the payload.
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString());
    payload.e += 3_600_000;
    const forged = Buffer.from(JSON.stringify(payload)).toString('base64url');
    expect(guard.verifyChallenge(`${forged}.${mac}`, answer)).toBe(false);

    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    expect(guard.verifyChallenge(`${body}.${flip(mac)}`, answer)).toBe(false);
    expect(guard.verifyChallenge(`${body}.${mac.slice(0, -2)}`, answer)).toBe(false);
    expect(guard.verifyChallenge(`${body}.${mac}.x`, answer)).toBe(false);
    expect(guard.verifyChallenge('', answer)).toBe(false);

    const other = new WebChatGuard(Buffer.alloc(32, 8), { powBits: 8 });
    expect(other.verifyChallenge(c.token, answer)).toBe(false);
    // None of those used the genuine token up.
    expect(guard.verifyChallenge(c.token, answer)).toBe(true);
  });

  it('takes a proof of work instead of the answer, and refuses a wrong nonce', () => {
    const { guard } = setup();
    const c = guard.issueChallenge('en');
    expect(guard.verifyChallenge(c.token, undefined, findNonce(c.token, 8))).toBe(true);

    const d = guard.issueChallenge('en');
    expect(guard.verifyChallenge(d.token, undefined, findNonce(d.token, 8, false))).toBe(false);
    const e = guard.issueChallenge('en');
    expect(guard.verifyChallenge(e.token, 'not a number', 'abc')).toBe(false);
    // Either one right is enough.
    const f = guard.issueChallenge('ru');
    expect(guard.verifyChallenge(f.token, 'wrong', findNonce(f.token, 8))).toBe(true);
  });

  it('refuses a nonce that is enough for fewer bits than asked', () => {
    const { guard } = setup({ powBits: 12 });
    const c = guard.issueChallenge('en');
    let nonce = findNonce(c.token, 8);
    // Find one with 8 to 11 leading zero bits: enough for 8, not for 12.
    for (let n = Number(nonce); ; n++) {
      const d = createHash('sha256').update(`${c.token}:${n}`).digest();
      if (d[0] === 0 && d[1]! >= 16) {
        nonce = String(n);
        break;
      }
    }
    expect(guard.verifyChallenge(c.token, undefined, nonce)).toBe(false);
  });
});

describe('pow.js', () => {
  const source = readFileSync(new URL('./static/pow.js', import.meta.url), 'utf8');

  it('parses and stays small', () => {
    expect(() => new Function(source)).not.toThrow();
    expect(Buffer.byteLength(source)).toBeLessThan(2048);
  });

  it('finds a nonce the guard accepts, in a page made of stand-ins', async () => {
    const { guard } = setup();
    const c = guard.issueChallenge('ru');
    const attrs = (a: Record<string, string>) => ({ getAttribute: (n: string) => a[n] ?? null });
    const input = { value: '' };
    const status = { ...attrs({ 'data-working': 'Проверка…', 'data-done': 'Готово' }), textContent: '' };
    const form = {
      ...attrs({ 'data-pow': c.token, 'data-pow-bits': '8' }),
      done: false,
      setAttribute(name: string) {
        if (name === 'data-pow-done') this.done = true;
      },
      querySelector: (sel: string) => (sel === 'input[name="pow"]' ? input : sel === '[data-pow-status]' ? status : null),
    };
    const document = { readyState: 'complete', querySelectorAll: () => [form] };
    new Function('window', 'document', source)({ crypto: globalThis.crypto, TextEncoder }, document);
    expect(status.textContent).toBe('Проверка…');
    await expect.poll(() => form.done, { timeout: 10_000 }).toBe(true);
    expect(status.textContent).toBe('Готово');
    expect(guard.verifyChallenge(c.token, undefined, input.value)).toBe(true);
  });

  it('does nothing where crypto.subtle is missing', () => {
    const document = { readyState: 'complete', querySelectorAll: () => { throw new Error('should not look'); } };
    expect(() => new Function('window', 'document', source)({ crypto: {}, TextEncoder }, document)).not.toThrow();
  });
});
