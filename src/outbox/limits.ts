import { AsyncLocalStorage } from 'node:async_hooks';
import type { Transformer } from 'grammy';
import { recordTelegram429 } from '../metrics/netreach.ts';

/**
 * Telegram's limits for one bot, applied before a call instead of discovered by a 429: about 30
 * messages a second overall, about one a second in a private chat (short bursts tolerated), 20 a
 * minute in a group, and any `retry_after` Telegram sends applied to the whole chat, however long.
 * Waiters for one chat go in lane order (0 overdose alerts, 1 headers, 2 the rest), then in order
 * of arrival, so nothing in a chat is reordered and an alert is next in its group's budget.
 */
export interface Limits {
  globalPerSecond: number;
  privatePerSecond: number;
  privateBurst: number;
  groupPerMinute: number;
  /** Of the overall budget, what lanes above 0 may use: the rest stays free for emergencies. */
  ordinaryShare: number;
}

export const TELEGRAM_LIMITS: Limits = { globalPerSecond: 30, privatePerSecond: 1, privateBurst: 3, groupPerMinute: 20, ordinaryShare: 0.8 };

/** For a Bot API that sets no limits (tests against an emulator with its limits off). */
export const NO_LIMITS: Limits = { globalPerSecond: 1e9, privatePerSecond: 1e9, privateBurst: 1e9, groupPerMinute: 1e9, ordinaryShare: 1 };

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

export const LANE = { emergency: 0, header: 1, normal: 2 } as const;

interface Waiter {
  lane: number;
  seq: number;
  wake: () => void;
}

interface ChatState {
  sends: number[];
  pausedUntil: number;
  waiters: Waiter[];
}

export class ChatLimits {
  readonly #chats = new Map<number, ChatState>();
  readonly #global: number[] = [];
  #seq = 0;
  /** 429s seen, by kind of chat (for /metrics). */
  readonly throttled = { private: 0, group: 0 };

  constructor(
    readonly limits: Limits = TELEGRAM_LIMITS,
    private readonly clock: Clock = realClock,
  ) {}

  /** The clock the limits are kept by (Telegram's time; virtual in some tests). */
  now(): number {
    return this.clock.now();
  }

  /** Waits for the chat's turn and a free slot in its budget and the bot's, then counts the send. */
  async acquire(chatId: number, lane: number = LANE.normal): Promise<number> {
    const c = this.#chat(chatId);
    const me: Waiter = { lane, seq: this.#seq++, wake: () => {} };
    const at = c.waiters.findIndex((w) => w.lane > lane);
    c.waiters.splice(at === -1 ? c.waiters.length : at, 0, me);
    try {
      for (;;) {
        if (c.waiters[0] !== me) {
          await new Promise<void>((r) => (me.wake = r));
          continue;
        }
        const wait = this.waitMs(chatId, lane);
        if (wait <= 0) {
          const t = this.clock.now();
          c.sends.push(t);
          this.#global.push(t);
          return t;
        }
        await this.clock.sleep(wait);
      }
    } finally {
      c.waiters.splice(c.waiters.indexOf(me), 1);
      c.waiters[0]?.wake();
    }
  }

  /**
   * Moves a send's time (as `acquire` returned it) to when Telegram answered: its windows count
   * from there, as Telegram's do, so a slow round trip does not free a slot too early.
   */
  answered(chatId: number, at: number): void {
    const t = this.clock.now();
    for (const times of [this.#chats.get(chatId)?.sends, this.#global]) {
      const i = times?.lastIndexOf(at) ?? -1;
      if (times && i >= 0) {
        times.splice(i, 1);
        let j = times.length;
        while (j > 0 && times[j - 1]! > t) j--;
        times.splice(j, 0, t);
      }
    }
  }

  /** Waits until a send in `lane` could go to the chat at once (without taking the slot); true if it had to wait. */
  async untilFree(chatId: number, lane: number = LANE.normal): Promise<boolean> {
    let waited = false;
    for (;;) {
      const wait = this.waitMs(chatId, lane);
      if (wait <= 0) return waited;
      waited = true;
      await this.clock.sleep(wait);
    }
  }

  /** Waits only for the chat's pause (an edit or a pin is not counted, but Telegram's wait holds for it too). */
  async untilUnpaused(chatId: number): Promise<void> {
    for (;;) {
      const wait = (this.#chats.get(chatId)?.pausedUntil ?? 0) - this.clock.now();
      if (wait <= 0) return;
      await this.clock.sleep(wait);
    }
  }

  /** Counts a send made without waiting (the emergency reply's own client), so the others leave room for it. */
  note(chatId: number): void {
    const t = this.clock.now();
    this.#chat(chatId).sends.push(t);
    this.#global.push(t);
  }

  /** Telegram said 429: nothing goes to this chat until `retryAfterS` has passed. */
  pause(chatId: number, retryAfterS: number): void {
    const c = this.#chat(chatId);
    c.pausedUntil = Math.max(c.pausedUntil, this.clock.now() + retryAfterS * 1000);
    this.throttled[chatId > 0 ? 'private' : 'group']++;
    recordTelegram429(chatId > 0 ? 'client' : 'staff_group');
  }

  /** Milliseconds until a send in `lane` may go to the chat (0: now). */
  waitMs(chatId: number, lane: number = LANE.normal): number {
    const l = this.limits;
    const t = this.clock.now();
    const c = this.#chat(chatId);
    const isPrivate = chatId > 0;
    const window = isPrivate ? (l.privateBurst / l.privatePerSecond) * 1000 : 60_000;
    const max = isPrivate ? l.privateBurst : l.groupPerMinute;
    prune(c.sends, t - window);
    prune(this.#global, t - 1000);
    const globalMax = lane === LANE.emergency ? l.globalPerSecond : Math.max(1, Math.floor(l.globalPerSecond * l.ordinaryShare));
    return Math.max(c.pausedUntil - t, waitFor(c.sends, max, window, t), waitFor(this.#global, globalMax, 1000, t), 0);
  }

  /** How many sends are waiting for the chat's budget right now. */
  waiting(chatId: number): number {
    return this.#chats.get(chatId)?.waiters.length ?? 0;
  }

  #chat(chatId: number): ChatState {
    let c = this.#chats.get(chatId);
    if (!c) this.#chats.set(chatId, (c = { sends: [], pausedUntil: 0, waiters: [] }));
    return c;
  }
}

function prune(times: number[], before: number): void {
  while (times.length > 0 && times[0]! <= before) times.shift();
}

/** Milliseconds until one more send fits in a window of `window` ms holding at most `max`. */
function waitFor(times: number[], max: number, window: number, now: number): number {
  if (times.length < max) return 0;
  return times[times.length - max]! + window - now;
}

const laneOfCall = new AsyncLocalStorage<number>();

/** Runs `fn` with its Bot API calls in `lane` (the outbox sender says which lane an item is in). */
export function inLane<T>(lane: number, fn: () => Promise<T>): Promise<T> {
  return laneOfCall.run(lane, fn);
}

/** Methods that send a message, counted against Telegram's limits (as the emulator counts them). */
const SENDING = /^(send|copy|forward)/;

/**
 * Puts every call of a Bot API client through the limits: a send waits for its chat's turn and
 * budget, any call to a chat waits out the chat's pause, and a 429 pauses the chat for its
 * `retry_after` and the call is made again after it, however long that is.
 */
export function limitsTransformer(limits: ChatLimits): Transformer {
  return async (prev, method, payload, signal) => {
    const chatId = (payload as { chat_id?: unknown } | undefined)?.chat_id;
    if (typeof chatId !== 'number') return prev(method, payload, signal);
    const lane = laneOfCall.getStore() ?? LANE.normal;
    for (;;) {
      const sending = SENDING.test(method);
      const at = sending ? await limits.acquire(chatId, lane) : (await limits.untilUnpaused(chatId), 0);
      if (signal?.aborted) return prev(method, payload, signal);
      const res = await prev(method, payload, signal);
      if (sending) limits.answered(chatId, at);
      const wait = !res.ok && res.error_code === 429 ? res.parameters?.retry_after : undefined;
      if (wait === undefined) return res;
      limits.pause(chatId, wait);
    }
  };
}

/** Counts a client's sends without ever making them wait (the emergency reply's own client). */
export function noteSends(limits: ChatLimits): Transformer {
  return async (prev, method, payload, signal) => {
    const chatId = (payload as { chat_id?: unknown } | undefined)?.chat_id;
    if (typeof chatId === 'number' && SENDING.test(method)) limits.note(chatId);
    return prev(method, payload, signal);
  };
}
