import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Update } from 'grammy/types';
import type { Db } from '../db/open.ts';
import { inbox } from '../db/schema/index.ts';
import { safeError, type Logger } from '../log.ts';
import type { Vault } from '../privacy/vault.ts';
import { SEAL } from '../cases/deps.ts';
import { recordUpdateHandled, recordUpdatesReceived } from '../metrics/netreach.ts';
import { classifyFailure, retryDelay } from './failure.ts';
import { Lanes, type LaneItem, type Turn } from './lanes.ts';
import { isUpdate, orderingKey, triage, updateKind } from './update-shape.ts';

export interface InboxOptions {
  /** Handlers running at once across chats; each chat (or topic) still runs one at a time, in order. */
  concurrency?: number;
  /** Waits between tries: doubling from `firstMs` up to `maxMs`. A transient failure is retried at this pace for as long as it lasts. */
  retry?: { firstMs: number; maxMs: number };
  /** A permanent failure (a bug, a refusal) this many times in a row parks the update and lets its chat go on. */
  parkAfter?: number;
  /**
   * Payload bytes (sealed size) kept in memory for queued updates; beyond it an update waits as
   * its id and is read back from the store when its turn comes, so a backlog costs the database
   * disk, not our memory.
   */
  maxHeldBytes?: number;
  /** Updates that go to the front of the line for a free handler (an overdose message); their chat's order is kept. */
  urgent?: (update: Update) => boolean;
}

export const INBOX_DEFAULTS = {
  // Below node-postgres's pool of 10, so storing new updates always finds a connection; PGlite serialises
  // statements anyway, and a bound keeps the store from queueing behind dozens of handlers.
  concurrency: 8,
  retry: { firstMs: 250, maxMs: 5000 },
  parkAfter: 3,
  maxHeldBytes: 8 * 1024 * 1024,
} as const;

/** What `accept` did with the updates it was given. */
export interface Accepted {
  /** Newly stored (to be handled, or skipped as unknown or malformed). */
  stored: number;
  /** Already stored before: Telegram delivered them again. */
  duplicates: number;
  /** Not updates at all (no integer update_id): nothing stored for them. */
  refused: number;
}

type Payload = Record<string, unknown> & { update_id: number };
type Row = typeof inbox.$inferInsert;

interface Item extends LaneItem {
  kind: string;
  /** The update, while it is held in memory; otherwise it is read back from the store. */
  update?: Payload;
  bytes: number;
  /** What the item's next try does: run the handler, record it done, or record it parked. */
  phase: 'handle' | 'done' | 'park';
  transientFailures: number;
  permanentFailures: number;
  lastError?: string;
  started?: number;
}

/**
 * The store-then-process queue between Telegram and the handlers.
 *
 * `accept` returns once updates are stored (sealed); only then does the caller acknowledge them
 * to Telegram (the next getUpdates offset, or the webhook's 200). Processing runs from the store:
 * in update_id order per chat or topic, at most `concurrency` chats at once, at most once per
 * update_id. Storing goes ahead of handling: while a store is under way no new handler starts.
 *
 * A failing update never stops its chat for good: transient failures (see failure.ts) are retried
 * until they pass, the chat's later updates waiting behind; permanent ones park the update
 * (status `failed`, payload kept sealed, `retryParked` puts it back) and the chat goes on.
 */
export class Inbox {
  readonly #lanes: Lanes<Item>;
  readonly #opts: Required<Omit<InboxOptions, 'urgent'>>;
  #heldBytes = 0;
  #storeQueue: { rows: Row[]; resolve: (fresh: Set<number>) => void; reject: (err: unknown) => void }[] = [];
  #storing = false;
  #doneQueue: { id: number; resolve: () => void; reject: (err: unknown) => void }[] = [];
  #marking = false;

  constructor(
    private readonly d: { db: Db; vault: Vault; log: Logger },
    private readonly handle: (update: Update) => Promise<void>,
    options: InboxOptions = {},
  ) {
    this.#opts = { ...INBOX_DEFAULTS, ...options };
    const urgent = options.urgent;
    this.#lanes = new Lanes((item) => this.#turn(item), {
      concurrency: Math.max(1, this.#opts.concurrency),
      urgent: urgent && ((item) => item.phase === 'handle' && item.update !== undefined && urgent(item.update as unknown as Update)),
      light: (item) => item.phase === 'done',
    });
  }

  /**
   * Stores updates (one INSERT for the batch, and for calls that arrive while one is under way)
   * and queues the new ones. Throws only if the store failed: then nothing may be acknowledged.
   */
  async accept(updates: unknown[]): Promise<Accepted> {
    const rows: Row[] = [];
    const pending: Item[] = [];
    let refused = 0;
    const ids = new Set<number>();
    let repeated = 0;
    for (const u of updates) {
      if (!isUpdate(u)) {
        refused++;
        continue;
      }
      if (ids.has(u.update_id)) {
        repeated++;
        continue;
      }
      ids.add(u.update_id);
      const { row, item } = this.#prepare(u);
      rows.push(row);
      if (item) pending.push(item);
    }
    if (refused > 0) this.d.log.warn({ event: 'update.refused', count: refused }, 'not a Telegram update: nothing stored for it');
    if (rows.length === 0) return { stored: 0, duplicates: repeated, refused };
    const fresh = await this.#store(rows);
    let stored = 0;
    for (const row of rows) {
      if (!fresh.has(row.updateId)) {
        this.d.log.info({ event: 'update.duplicate', update_id: row.updateId }, 'update already stored');
        continue;
      }
      stored++;
      if (row.status === 'skipped') {
        this.d.log.warn({ event: 'update.skipped', update_id: row.updateId, kind: row.kind, reason: row.lastError }, 'update skipped');
        recordUpdateHandled('skipped');
      }
    }
    recordUpdatesReceived(stored);
    for (const item of pending) if (fresh.has(item.id)) this.#queue(item);
    return { stored, duplicates: rows.length - stored + repeated, refused };
  }

  /** Queues what a previous run stored but did not finish (parked updates wait for `retryParked`). */
  async resume(): Promise<number> {
    let after = Number.MIN_SAFE_INTEGER;
    let count = 0;
    for (;;) {
      // A page at a time: a long backlog is read through, not into memory.
      const rows = await this.d.db
        .select({ updateId: inbox.updateId, kind: inbox.kind, payloadSealed: inbox.payloadSealed })
        .from(inbox)
        .where(and(eq(inbox.status, 'pending'), gt(inbox.updateId, after)))
        .orderBy(asc(inbox.updateId))
        .limit(500);
      for (const row of rows) {
        after = row.updateId;
        if (!row.payloadSealed) continue;
        // Queued by id: its turn reads it back and runs it only if still pending, so an update the
        // webhook stored and handled meanwhile is not handled again.
        const item = this.#restored(row.updateId, row.kind, row.payloadSealed);
        item.update = undefined;
        if (this.#queue(item)) count++;
      }
      if (rows.length < 500) return count;
    }
  }

  /** Puts a parked update back in line (an admin's retry); false if it is not parked. */
  async retryParked(updateId: number): Promise<boolean> {
    const [row] = await this.d.db
      .update(inbox)
      .set({ status: 'pending', processedAt: null })
      .where(and(eq(inbox.updateId, updateId), eq(inbox.status, 'failed')))
      .returning({ kind: inbox.kind, payloadSealed: inbox.payloadSealed });
    if (!row?.payloadSealed) return false;
    this.d.log.info({ event: 'update.unparked', update_id: updateId }, 'parked update put back in line');
    this.#queue(this.#restored(updateId, row.kind, row.payloadSealed));
    return true;
  }

  /** Stops taking new work and waits (up to `timeoutMs`) for what is running; the rest stays pending for the next start. */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), timeoutMs)));
    try {
      return await Promise.race([this.#lanes.stop().then(() => true), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves when nothing is queued, waiting or running (tests use it to wait for effects). */
  idle(): Promise<void> {
    return this.#lanes.idle();
  }

  /** Updates queued, waiting or running. */
  get backlog(): number {
    return this.#lanes.size;
  }

  /**
   * The row for an update, and the item to queue if it is to be handled. Whatever the update holds,
   * this does not throw: what cannot be read or sealed is stored as skipped, so one odd update
   * never blocks the batch it came in (and with it the poller).
   */
  #prepare(update: Payload): { row: Row; item?: Item } {
    const updateId = update.update_id;
    let kind = 'unreadable';
    try {
      kind = updateKind(update);
      const verdict = triage(update);
      if (verdict.verdict === 'skip') return { row: { updateId, kind, status: 'skipped', lastError: verdict.reason, processedAt: new Date() } };
      const key = orderingKey(update);
      const payloadSealed = this.d.vault.sealJson(SEAL.update, update);
      return { row: { updateId, kind, payloadSealed }, item: this.#item(updateId, key, kind, update, payloadSealed.length) };
    } catch {
      // E.g. nesting too deep to serialise: it cannot be stored, so it cannot be handled either.
      return { row: { updateId, kind, status: 'skipped', lastError: 'unreadable', processedAt: new Date() } };
    }
  }

  /** An item for a stored update; one whose payload cannot be opened still gets its turn, and is parked. */
  #restored(updateId: number, kind: string, payloadSealed: string): Item {
    try {
      const update = this.d.vault.openJson<Payload>(SEAL.update, payloadSealed);
      return this.#item(updateId, orderingKey(update), kind, update, payloadSealed.length);
    } catch {
      return this.#item(updateId, `update:${updateId}`, kind, undefined, 0);
    }
  }

  #item(id: number, key: string, kind: string, update: Payload | undefined, bytes: number): Item {
    return { id, key, kind, update, bytes, phase: 'handle', transientFailures: 0, permanentFailures: 0 };
  }

  /** Queues an item, holding its payload in memory while the budget allows. */
  #queue(item: Item): boolean {
    if (item.update && this.#heldBytes + item.bytes > this.#opts.maxHeldBytes) item.update = undefined;
    if (!this.#lanes.add(item)) return false;
    if (item.update) this.#heldBytes += item.bytes;
    return true;
  }

  #letGo(item: Item): void {
    if (item.update) this.#heldBytes -= item.bytes;
    item.update = undefined;
  }

  /** One INSERT for every row waiting; while it runs, no new handler starts. */
  #store(rows: Row[]): Promise<Set<number>> {
    return new Promise((resolve, reject) => {
      this.#storeQueue.push({ rows, resolve, reject });
      if (!this.#storing) void this.#storeWaiting();
    });
  }

  async #storeWaiting(): Promise<void> {
    this.#storing = true;
    while (this.#storeQueue.length > 0) {
      const batch = this.#storeQueue.splice(0);
      const release = this.#lanes.hold();
      try {
        const stored = await this.d.db
          .insert(inbox)
          .values(batch.flatMap((b) => b.rows))
          .onConflictDoNothing()
          .returning({ updateId: inbox.updateId });
        // Two calls may bring the same update (a webhook retried while the first is stored): the first one has it.
        const fresh = new Set(stored.map((r) => r.updateId));
        for (const b of batch) b.resolve(new Set(b.rows.filter((r) => fresh.delete(r.updateId)).map((r) => r.updateId)));
      } catch (err) {
        for (const b of batch) b.reject(err);
      } finally {
        // Handlers waiting start now, between this store and the next: storing goes first, handling still goes on.
        release();
      }
    }
    this.#storing = false;
  }

  /** Marks handled updates done, one UPDATE for all that finish while the previous one runs. */
  #markDone(id: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#doneQueue.push({ id, resolve, reject });
      if (!this.#marking) void this.#markWaiting();
    });
  }

  async #markWaiting(): Promise<void> {
    this.#marking = true;
    while (this.#doneQueue.length > 0) {
      const batch = this.#doneQueue.splice(0);
      try {
        await this.d.db
          .update(inbox)
          .set({ status: 'done', processedAt: sql`now()`, payloadSealed: null })
          .where(
            inArray(
              inbox.updateId,
              batch.map((b) => b.id),
            ),
          );
        for (const b of batch) b.resolve();
      } catch (err) {
        for (const b of batch) b.reject(err);
      }
    }
    this.#marking = false;
  }

  /** One try of an item; never throws. */
  async #turn(item: Item): Promise<Turn> {
    for (;;) {
      try {
        if (item.phase === 'handle') {
          const update = item.update ?? (await this.#load(item.id));
          if (!update) {
            // No longer pending (handled by an earlier run, or parked meanwhile): nothing to do.
            this.#letGo(item);
            return { done: true };
          }
          item.started ??= Date.now();
          await this.handle(update as unknown as Update);
          item.phase = 'done';
          this.#letGo(item);
          // Recording it waits without holding a handler's place (the chat still waits for it).
          return { done: false, retryInMs: 0 };
        }
        if (item.phase === 'done') {
          await this.#markDone(item.id);
          this.d.log.info({ event: 'update.done', update_id: item.id, kind: item.kind, ms: Date.now() - (item.started ?? Date.now()) }, 'update handled');
          recordUpdateHandled('done');
        } else {
          await this.d.db
            .update(inbox)
            .set({
              status: 'failed',
              processedAt: sql`now()`,
              attempts: sql`${inbox.attempts} + ${item.transientFailures + item.permanentFailures}`,
              lastError: item.lastError ?? null,
            })
            .where(eq(inbox.updateId, item.id));
          this.#letGo(item);
          recordUpdateHandled('failed');
          this.d.log.error({ event: 'update.parked', update_id: item.id, kind: item.kind, attempts: item.permanentFailures, last_error: item.lastError }, 'update parked after failing the same way repeatedly; its chat goes on');
        }
        return { done: true };
      } catch (err) {
        const next = this.#afterFailure(item, err);
        if (next) return next;
      }
    }
  }

  /** What to do after a failed try: wait and try again, finish, or (undefined) go on at once to park it. */
  #afterFailure(item: Item, err: unknown): Turn | undefined {
    const failure = classifyFailure(err);
    const base = { update_id: item.id, kind: item.kind, err: safeError((err as { error?: unknown } | null | undefined)?.error ?? err) };
    if (failure.transient) {
      item.transientFailures++;
      const retryInMs = Math.max(failure.waitMs, retryDelay(item.transientFailures, this.#opts.retry));
      const event = item.phase === 'handle' ? 'update.retry' : 'inbox.record_retry';
      // Tries 1, 2, 4, 8, …: an outage of minutes says so without a line per chat every few seconds.
      const attempt = item.transientFailures;
      if ((attempt & (attempt - 1)) === 0) this.d.log.warn({ event, ...base, attempt, retry_ms: retryInMs }, 'transient failure: retrying; this chat waits meanwhile');
      return { done: false, retryInMs };
    }
    if (item.phase !== 'handle') {
      // Our own record refused for good: the handler's work stands and the chat goes on; the row stays pending for the next start.
      this.d.log.error({ event: 'inbox.record_failed', ...base }, 'could not record the outcome of an update');
      this.#letGo(item);
      return { done: true };
    }
    item.permanentFailures++;
    item.lastError = failure.label;
    this.d.log.error({ event: 'update.error', ...base, attempt: item.permanentFailures }, 'update handling failed');
    if (item.permanentFailures < this.#opts.parkAfter) return { done: false, retryInMs: retryDelay(item.permanentFailures, this.#opts.retry) };
    item.phase = 'park';
    return undefined;
  }

  /** Reads a queued update back from the store; undefined if it is no longer pending. */
  async #load(updateId: number): Promise<Payload | undefined> {
    const [row] = await this.d.db.select({ status: inbox.status, payloadSealed: inbox.payloadSealed }).from(inbox).where(eq(inbox.updateId, updateId));
    if (!row || row.status !== 'pending' || !row.payloadSealed) return undefined;
    return this.d.vault.openJson<Payload>(SEAL.update, row.payloadSealed);
  }
}
