/**
 * Telegram's broadcast limits as documented in the Bot FAQ: about 30 messages per second
 * overall, about one per second per private chat (short bursts tolerated) and 20 per
 * minute per group. Exceeding one gives 429 with retry_after = whole seconds until a slot
 * frees. Only message-sending methods are counted (the router decides which).
 */
export interface RateLimits {
  globalPerSecond: number;
  privatePerSecond: number;
  privateBurst: number;
  groupPerMinute: number;
}

export const DEFAULT_LIMITS: RateLimits = { globalPerSecond: 30, privatePerSecond: 1, privateBurst: 3, groupPerMinute: 20 };

export class RateLimiter {
  private limits: RateLimits | false;
  private readonly global: number[] = [];
  private readonly perChat = new Map<number, number[]>();

  constructor(
    limits: Partial<RateLimits> | false | undefined,
    private readonly now: () => number,
  ) {
    this.limits = limits === false ? false : { ...DEFAULT_LIMITS, ...limits };
  }

  set(limits: Partial<RateLimits> | false): void {
    this.limits = limits === false ? false : { ...DEFAULT_LIMITS, ...limits };
    this.global.length = 0;
    this.perChat.clear();
  }

  get current(): RateLimits | false {
    return this.limits;
  }

  /**
   * Checks whether `count` messages may go to the chat now; if so records them and returns 0,
   * otherwise returns the seconds to wait (nothing is recorded).
   */
  take(chatId: number, isPrivate: boolean, count = 1): number {
    const l = this.limits;
    if (!l) return 0;
    const t = this.now();
    prune(this.global, t - 1000);
    let chat = this.perChat.get(chatId);
    if (!chat) this.perChat.set(chatId, (chat = []));
    // A private chat allows a burst of privateBurst, refilled at privatePerSecond; modelled as
    // a window of privateBurst sends over privateBurst/privatePerSecond seconds.
    const chatWindow = isPrivate ? (l.privateBurst / l.privatePerSecond) * 1000 : 60_000;
    const chatMax = isPrivate ? l.privateBurst : l.groupPerMinute;
    prune(chat, t - chatWindow);

    const waits: number[] = [];
    if (this.global.length + count > l.globalPerSecond) waits.push(waitFor(this.global, l.globalPerSecond, count, 1000, t));
    if (chat.length + count > chatMax) waits.push(waitFor(chat, chatMax, count, chatWindow, t));
    if (waits.length > 0) return Math.max(1, Math.ceil(Math.max(...waits) / 1000));
    for (let i = 0; i < count; i++) {
      this.global.push(t);
      chat.push(t);
    }
    return 0;
  }
}

function prune(times: number[], before: number): void {
  while (times.length > 0 && (times[0] as number) <= before) times.shift();
}

/** Milliseconds until enough of the oldest sends leave the window for `count` new ones. */
function waitFor(times: number[], max: number, count: number, window: number, now: number): number {
  const mustLeave = times.length + count - max;
  if (mustLeave > times.length) return window;
  const t = times[mustLeave - 1] as number;
  return t + window - now;
}
