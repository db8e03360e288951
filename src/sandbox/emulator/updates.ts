import type { Update } from 'grammy/types';
import { ApiError, E } from '../../bot-api/errors.ts';

/** Update types a bot gets when allowed_updates is unset or empty (Bot API: getUpdates). */
export const DEFAULT_EXCLUDED_UPDATES = ['chat_member', 'message_reaction', 'message_reaction_count'] as const;

interface Waiter {
  limit: number;
  finish: (result: Update[] | ApiError) => void;
}

/**
 * The bot's update queue, shared by getUpdates and webhook delivery. Updates stay queued
 * until confirmed: by a later getUpdates offset, or by a 2xx webhook answer.
 */
export class UpdateQueue {
  private readonly queue: Update[] = [];
  private nextId = 100_000_001;
  private waiter: Waiter | undefined;
  private wakeScheduled = false;
  /** undefined or [] = Telegram's default set */
  allowed: string[] | undefined;
  onQueued: (() => void) | undefined;

  constructor(private readonly emit: (u: Update) => void) {}

  get size(): number {
    return this.queue.length;
  }

  peek(): Update | undefined {
    return this.queue[0];
  }

  /** The id the next update gets; it only ever grows (the bot's inbox relies on that, as on Telegram). */
  get nextUpdateId(): number {
    return this.nextId;
  }

  /** Updates not yet confirmed, oldest first. */
  pending(): Update[] {
    return [...this.queue];
  }

  /** Puts back what a restarted emulator had: the counter and the unconfirmed updates. */
  restore(nextId: number, pending: Update[]): void {
    this.nextId = Math.max(this.nextId, nextId, ...pending.map((u) => u.update_id + 1));
    this.queue.splice(0, this.queue.length, ...pending);
  }

  shift(): void {
    this.queue.shift();
  }

  accepts(type: string): boolean {
    if (!this.allowed || this.allowed.length === 0) return !(DEFAULT_EXCLUDED_UPDATES as readonly string[]).includes(type);
    return this.allowed.includes(type);
  }

  /**
   * Queues an update of the given type unless allowed_updates filters it out (Telegram
   * filters when the update is created). `raw` bypasses the filter and any shape checks.
   */
  push(body: Record<string, unknown>, raw = false): Update | undefined {
    const type = Object.keys(body).find((k) => k !== 'update_id');
    if (!raw && (!type || !this.accepts(type))) return undefined;
    const update = { ...body, update_id: this.nextId++ } as Update;
    this.queue.push(update);
    this.emit(update);
    this.scheduleWake();
    this.onQueued?.();
    return update;
  }

  clear(): void {
    this.queue.length = 0;
  }

  private scheduleWake(): void {
    if (!this.waiter || this.wakeScheduled) return;
    this.wakeScheduled = true;
    // Let updates queued in the same tick (a message and its album siblings) go out together.
    setImmediate(() => {
      this.wakeScheduled = false;
      const w = this.waiter;
      if (w && this.queue.length > 0) w.finish(this.queue.slice(0, w.limit));
    });
  }

  private applyOffset(offset: number): void {
    if (offset > 0) {
      while (this.queue.length > 0 && (this.queue[0] as Update).update_id < offset) this.queue.shift();
    } else if (offset < 0) {
      const keep = -offset;
      if (this.queue.length > keep) this.queue.splice(0, this.queue.length - keep);
    }
  }

  /**
   * getUpdates. A newer call terminates a pending one with 409, which is what Telegram
   * does when two instances poll (and what lets grammY's `bot.stop()` end its long poll).
   */
  poll(offset: number, limit: number, timeoutSec: number, signal?: AbortSignal): Promise<Update[]> {
    this.waiter?.finish(E.conflictPolling());
    this.applyOffset(offset);
    const ready = this.queue.slice(0, limit);
    if (ready.length > 0 || timeoutSec <= 0) return Promise.resolve(ready);
    return new Promise<Update[]>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter: Waiter = {
        limit,
        finish: (result) => {
          if (this.waiter !== waiter) return;
          this.waiter = undefined;
          if (timer) clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          if (result instanceof ApiError) reject(result);
          else resolve(result);
        },
      };
      const onAbort = (): void => waiter.finish([]);
      this.waiter = waiter;
      timer = setTimeout(() => waiter.finish([]), timeoutSec * 1000);
      signal?.addEventListener('abort', onAbort);
    });
  }

  /** Ends a pending long poll with an empty result (close, webhook set). */
  release(): void {
    this.waiter?.finish([]);
  }
}
