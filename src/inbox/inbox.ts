import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Update } from 'grammy/types';
import type { Db } from '../db/open.ts';
import { inbox } from '../db/schema/index.ts';
import { safeError, type Logger } from '../log.ts';
import type { Vault } from '../privacy/vault.ts';
import { SEAL } from '../cases/deps.ts';
import { orderingKey, triage, updateKind } from './update-shape.ts';

const RETRY_DELAYS_MS = [500, 2000, 5000];
const MAX_ATTEMPTS_ACROSS_RESTARTS = 10;

export class MalformedUpdateError extends Error {}

/**
 * The store-then-process queue between Telegram and the handlers.
 *
 * `accept` returns once updates are stored (sealed); only then does the caller acknowledge them
 * to Telegram (the next getUpdates offset, or the webhook's 200). Processing runs from the store:
 * in order per chat or topic, concurrently across them, at most once per update_id.
 */
export class Inbox {
  readonly #queues = new Map<string, Promise<void>>();
  readonly #inFlight = new Set<Promise<void>>();
  #stopped = false;

  constructor(
    private readonly d: { db: Db; vault: Vault; log: Logger },
    private readonly handle: (update: Update) => Promise<void>,
    private readonly retryDelaysMs: readonly number[] = RETRY_DELAYS_MS,
  ) {}

  /** Stores updates; throws only if the store failed (then nothing must be acknowledged). */
  async accept(updates: unknown[]): Promise<void> {
    const rows: { updateId: number; kind: string; payloadSealed: string }[] = [];
    for (const u of updates) {
      if (!u || typeof u !== 'object' || !Number.isSafeInteger((u as { update_id?: unknown }).update_id)) {
        throw new MalformedUpdateError('an update must be a JSON object with an integer update_id');
      }
      const update = u as Record<string, unknown> & { update_id: number };
      rows.push({ updateId: update.update_id, kind: updateKind(update).slice(0, 64), payloadSealed: this.d.vault.sealJson(SEAL.update, update) });
    }
    if (rows.length === 0) return;
    const stored = await this.d.db.insert(inbox).values(rows).onConflictDoNothing().returning({ updateId: inbox.updateId });
    const fresh = new Set(stored.map((r) => r.updateId));
    for (const u of updates as (Record<string, unknown> & { update_id: number })[]) {
      if (fresh.has(u.update_id)) this.#schedule(u);
      else this.d.log.info({ event: 'update.duplicate', update_id: u.update_id }, 'update already stored');
    }
  }

  /** Picks up what a previous run stored but did not finish. */
  async resume(): Promise<number> {
    const rows = await this.d.db
      .select()
      .from(inbox)
      .where(and(inArray(inbox.status, ['pending', 'failed']), lt(inbox.attempts, MAX_ATTEMPTS_ACROSS_RESTARTS)))
      .orderBy(asc(inbox.updateId));
    for (const row of rows) {
      if (!row.payloadSealed) continue;
      const update = this.d.vault.tryOpen(SEAL.update, row.payloadSealed);
      // Stored under a destroyed key: it can never be handled; set aside, its payload dropped.
      if (update === null) await this.#finish(row.updateId, 'skipped');
      else this.#schedule(JSON.parse(update) as Record<string, unknown> & { update_id: number });
    }
    return rows.length;
  }

  /** Stops taking new work and waits (up to `timeoutMs`) for what is running. */
  async drain(timeoutMs: number): Promise<boolean> {
    this.#stopped = true;
    const all = Promise.allSettled([...this.#inFlight]).then(() => true);
    return Promise.race([all, new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs).unref())]);
  }

  /**
   * Resolves when what is queued so far in this update's chat (the update itself included, once
   * accepted) has been handled: the web chat answers a message in the response that carried it.
   */
  async settled(update: Record<string, unknown>): Promise<void> {
    await this.#queues.get(orderingKey(update));
  }

  /** Resolves when nothing is queued or running (tests use it to wait for effects). */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  #schedule(update: Record<string, unknown> & { update_id: number }): void {
    const key = orderingKey(update);
    const previous = this.#queues.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.#process(update));
    this.#queues.set(key, next);
    this.#inFlight.add(next);
    void next.finally(() => {
      this.#inFlight.delete(next);
      if (this.#queues.get(key) === next) this.#queues.delete(key);
    });
  }

  async #process(update: Record<string, unknown> & { update_id: number }): Promise<void> {
    const verdict = triage(update);
    if (verdict.verdict === 'skip') {
      this.d.log.warn({ event: 'update.skipped', update_id: update.update_id, kind: verdict.kind, reason: verdict.reason }, 'update skipped');
      await this.#finish(update.update_id, 'skipped');
      return;
    }
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      if (this.#stopped && attempt > 0) return; // left pending: the next start resumes it
      try {
        await this.handle(update as unknown as Update);
        await this.#finish(update.update_id, 'done');
        this.d.log.info({ event: 'update.done', update_id: update.update_id, kind: verdict.kind, ms: Date.now() - started }, 'update handled');
        return;
      } catch (err) {
        const cause = safeError((err as { error?: unknown }).error ?? err);
        await this.d.db
          .update(inbox)
          .set({ attempts: sql`${inbox.attempts} + 1`, lastError: `${cause.name}${cause.code ? ` ${cause.code}` : ''}` })
          .where(eq(inbox.updateId, update.update_id))
          .catch(() => {});
        const delay = this.retryDelaysMs[attempt];
        this.d.log.error({ event: 'update.error', update_id: update.update_id, kind: verdict.kind, attempt: attempt + 1, err: cause }, 'update handling failed');
        if (delay === undefined) {
          await this.#finish(update.update_id, 'failed').catch(() => {});
          return;
        }
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  /** A failed update keeps its sealed payload so a later start can retry it; others drop it. */
  async #finish(updateId: number, status: 'done' | 'skipped' | 'failed'): Promise<void> {
    await this.d.db
      .update(inbox)
      .set({ status, processedAt: sql`now()`, ...(status === 'failed' ? {} : { payloadSealed: null }) })
      .where(eq(inbox.updateId, updateId));
  }
}
