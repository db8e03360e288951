import { randomBytes } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { outbox } from '../db/schema/index.ts';
import { safeError, type Logger } from '../log.ts';
import type { Vault } from '../privacy/vault.ts';
import { isConnectionError } from './transient.ts';
import { inLane } from './limits.ts';
import { deliveryErrorKind, recordDeliveryError } from '../metrics/netreach.ts';
import { enqueue, OUTBOX_SEAL, type NewItem } from './store.ts';

export type OutboxItem = Pick<typeof outbox.$inferSelect, 'id' | 'target' | 'lane' | 'caseId' | 'op' | 'attempts'>;

/**
 * What an op's delivery asks of the sender afterwards: record `effects` in the transaction that
 * marks the item done (a copy's message pair, an alert's message id), or take the chat's next
 * item first (`again`: the op queued what must go before it, such as a topic's header).
 */
export type Delivered = { again: true } | { again?: false; effects?: (tx: Db) => Promise<void | NewItem[]> };

/** Delivers one kind of item. It throws what the Bot API threw; `refused` may turn a 4xx into an outcome. */
/** What the sender knows of the chat when it hands over an item. */
export interface Turn {
  /** The chat's budget made this item wait for its turn: more are likely queued behind it. */
  backlog: boolean;
}

export interface Op {
  deliver(item: OutboxItem, payload: Record<string, unknown>, turn: Turn): Promise<Delivered>;
  /** A refusal Telegram will repeat (4xx): say what it means, or return undefined to park the item. */
  refused?(item: OutboxItem, payload: Record<string, unknown>, err: unknown): Promise<Delivered | undefined>;
}

export interface SenderOptions {
  db: Db;
  vault: Vault;
  log: Logger;
  ops: Record<string, Op>;
  /** Look for work queued by another instance or before a restart this often. */
  pollMs?: number;
  /** Client chats delivered at once (a group is always one sender, in order). */
  maxWorkers?: number;
  /** Tests: an enqueue returns only after its chat's items are delivered. */
  deliverBeforeReturning?: boolean;
  /**
   * Resolves when the chat could take a message at once (true if it had to wait for it). The worker
   * waits here before it picks its next item, not while holding one, so an alert queued meanwhile
   * is the one that gets the slot.
   */
  ready?: (target: string) => Promise<boolean>;
  /** Waits after failed attempts, the last repeated (tests shorten them). */
  backoffMs?: readonly number[];
}

const LEASE_S = 30;
const BACKOFF_MS = [500, 1000, 2000, 5000, 10_000, 30_000];
/** A failure that is not the network's or the database's, seen this often, is a poison item. */
const POISON_AFTER = 5;

/**
 * Delivers the outbox: one worker per chat holds the chat's lease and sends its items in lane
 * order, then in the order they were queued. Telegram's limits are applied by the Bot API
 * client's transformer (`limitsTransformer`), which waits out any `retry_after`; network
 * errors, 5xx and a database outage are retried with backoff for as long as they last, holding
 * the chat's later items back; a refusal that would repeat parks its item and the chat goes on.
 */
export class OutboxSender {
  readonly owner = randomBytes(6).toString('hex');
  readonly #workers = new Map<string, Promise<void>>();
  readonly #again = new Set<string>();
  readonly #waiting: string[] = [];
  readonly #timers = new Set<NodeJS.Timeout>();
  #poll?: NodeJS.Timeout;
  #stopped = false;
  /** Delivery failures by kind, for /metrics. */
  readonly errors = new Map<string, number>();

  constructor(private readonly o: SenderOptions) {}

  /** Queues items (sealed) and wakes their chats' workers; their ids, or false if a dedupe key was queued before. */
  async send(items: NewItem[], tx?: Db): Promise<number[] | false> {
    const fresh = await enqueue(tx ?? this.o.db, this.o.vault, items);
    if (!tx) await this.wake(...items.map((i) => i.target));
    return fresh;
  }

  /** Starts the workers of these chats (call after the transaction that queued their items). */
  async wake(...targets: string[]): Promise<void> {
    for (const t of new Set(targets)) this.#start(t);
    if (this.o.deliverBeforeReturning) await this.idle();
  }

  start(): void {
    const scan = async () => {
      try {
        const rows = await this.o.db.selectDistinct({ target: outbox.target }).from(outbox).where(inArray(outbox.status, ['pending', 'attempted']));
        for (const r of rows) this.#start(r.target);
      } catch (err) {
        this.o.log.warn({ event: 'outbox.scan_failed', err: safeError(err) }, 'could not look for queued messages');
      }
      if (!this.#stopped) this.#poll = setTimeout(scan, this.o.pollMs ?? 2000).unref();
    };
    void scan();
  }

  async stop(timeoutMs = 4000): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#poll);
    for (const t of this.#timers) clearTimeout(t);
    const all = Promise.allSettled([...this.#workers.values()]);
    await Promise.race([all, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
  }

  /** Resolves when no worker runs (tests and the sandbox wait for it). */
  async idle(): Promise<void> {
    while (this.#workers.size > 0) await Promise.allSettled([...this.#workers.values()]);
  }

  #start(target: string): void {
    if (this.#stopped) return;
    if (this.#workers.has(target)) {
      this.#again.add(target);
      return;
    }
    const max = this.o.maxWorkers ?? 32;
    if (this.#workers.size >= max && !target.startsWith('group:')) {
      if (!this.#waiting.includes(target)) this.#waiting.push(target);
      return;
    }
    const run = this.#work(target).finally(() => {
      this.#workers.delete(target);
      if (this.#again.delete(target)) this.#start(target);
      const next = this.#waiting.shift();
      if (next) this.#start(next);
    });
    this.#workers.set(target, run);
  }

  #later(target: string, ms: number): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#start(target);
    }, ms);
    timer.unref();
    this.#timers.add(timer);
  }

  async #work(target: string): Promise<void> {
    const { db, log } = this.o;
    try {
      if (!(await this.#lease(target))) return;
    } catch (err) {
      log.warn({ event: 'outbox.lease_failed', err: safeError(err) }, 'could not take a chat for delivery; retrying');
      this.#later(target, BACKOFF_MS[2]!);
      return;
    }
    let leased = Date.now();
    try {
      for (;;) {
        if (this.#stopped) return;
        if (Date.now() - leased > (LEASE_S / 3) * 1000) {
          if (!(await this.#lease(target))) return;
          leased = Date.now();
        }
        const backlog = (await this.o.ready?.(target)) ?? false;
        const [item] = await db
          .select({ id: outbox.id, target: outbox.target, lane: outbox.lane, caseId: outbox.caseId, op: outbox.op, attempts: outbox.attempts, payloadSealed: outbox.payloadSealed, notBefore: outbox.notBefore })
          .from(outbox)
          .where(and(eq(outbox.target, target), inArray(outbox.status, ['pending', 'attempted'])))
          .orderBy(asc(outbox.lane), asc(outbox.id))
          .limit(1);
        if (!item) return;
        // An item waiting out its backoff holds the chat's later items back: their order is kept.
        const wait = item.notBefore ? item.notBefore.getTime() - Date.now() : 0;
        if (wait > 0) {
          this.#later(target, wait);
          return;
        }
        await this.#deliver(item, { backlog });
      }
    } catch (err) {
      // The database itself failed: the chat is tried again after a pause, from where it stopped.
      this.#count('database');
      log.warn({ event: 'outbox.store_failed', err: safeError(err) }, 'outbox: the database failed; retrying');
      this.#later(target, BACKOFF_MS[3]!);
    } finally {
      await db
        .execute(sql`update outbox_targets set lease_until = null where target = ${target} and lease_owner = ${this.owner}`)
        .catch(() => {});
    }
  }

  async #deliver(item: OutboxItem & { payloadSealed: string | null }, turn: Turn): Promise<void> {
    const { db, log } = this.o;
    const op = this.o.ops[item.op];
    // Marked before the call: after a crash, only this one call can have been made twice.
    await db.update(outbox).set({ status: 'attempted', attempts: sql`${outbox.attempts} + 1` }).where(eq(outbox.id, item.id));
    const opened = item.payloadSealed ? this.o.vault.tryOpen(OUTBOX_SEAL, item.payloadSealed) : '{}';
    if (opened === null) {
      // Queued under a key since destroyed (by another instance before it picked the new key up):
      // it can never be carried out, and must not hold the chat's later items back.
      await db.update(outbox).set({ status: 'discarded', payloadSealed: null, lastError: 'key destroyed', doneAt: sql`now()` }).where(eq(outbox.id, item.id));
      log.warn({ event: 'outbox.unreadable', op: item.op }, 'a queued item no key opens was set aside');
      return;
    }
    const payload = JSON.parse(opened) as Record<string, unknown>;
    let outcome: Delivered | undefined;
    let failure: unknown;
    try {
      if (!op) throw new Error(`unknown outbox op ${item.op}`);
      outcome = await inLane(item.lane, () => op.deliver(item, payload, turn));
    } catch (err) {
      failure = err;
      if (op?.refused && isRefusal(err)) outcome = await op.refused(item, payload, err);
    }
    if (outcome?.again) return;
    if (outcome) {
      await this.#record(item, outcome.effects);
      return;
    }
    const kind = failureKind(failure);
    this.#count(kind);
    recordDeliveryError(deliveryErrorKind(failure));
    const error = describe(failure);
    const attempts = item.attempts + 1;
    if (kind === 'refused' || (kind === 'bug' && attempts >= POISON_AFTER)) {
      await db.update(outbox).set({ status: 'parked', lastError: error }).where(eq(outbox.id, item.id));
      log.error({ event: 'outbox.parked', item: item.id, op: item.op, case: item.caseId ?? undefined, error }, 'a message could not be delivered and was set aside');
      return;
    }
    const backoff = this.o.backoffMs ?? BACKOFF_MS;
    const delay = backoff[Math.min(attempts - 1, backoff.length - 1)]!;
    await db.update(outbox).set({ status: 'pending', lastError: error, notBefore: new Date(Date.now() + delay) }).where(eq(outbox.id, item.id));
    log.warn({ event: 'outbox.retry', item: item.id, op: item.op, kind, attempt: attempts, retry_ms: delay }, 'delivery failed; retrying');
  }

  /**
   * Records a delivery Telegram accepted. If the database fails now, the record is retried, never
   * the call: only a crash before it succeeds can make the call repeat (once, after the restart).
   */
  async #record(item: OutboxItem, effects?: (tx: Db) => Promise<void | NewItem[]>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        const next = await this.o.db.transaction(async (tx) => {
          const more = effects ? await effects(tx as unknown as Db) : undefined;
          if (more && more.length > 0) await enqueue(tx as unknown as Db, this.o.vault, more);
          await tx.update(outbox).set({ status: 'done', payloadSealed: null, lastError: null, doneAt: sql`now()` }).where(eq(outbox.id, item.id));
          return more ?? [];
        });
        for (const n of next) this.#start(n.target);
        return;
      } catch (err) {
        if (this.#stopped) throw err;
        this.#count('database');
        const backoff = this.o.backoffMs ?? BACKOFF_MS;
        this.o.log.warn({ event: 'outbox.record_failed', item: item.id, attempt: attempt + 1, err: safeError(err) }, 'delivered, but could not record it; retrying the record');
        await new Promise((r) => setTimeout(r, backoff[Math.min(attempt, backoff.length - 1)]));
      }
    }
  }

  /**
   * Waits (up to `timeoutMs`) for an item to leave the queue: 'done' or 'parked', or 'waiting' if
   * it is still queued (Telegram's limits or an outage hold it: it will go when they allow).
   */
  async outcome(id: number, timeoutMs: number): Promise<{ status: 'done' | 'parked' | 'waiting'; lastError?: string }> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const [row] = await this.o.db.select({ status: outbox.status, lastError: outbox.lastError }).from(outbox).where(eq(outbox.id, id));
      if (row?.status === 'done' || row?.status === 'parked') return { status: row.status, lastError: row.lastError ?? undefined };
      if (Date.now() >= end) return { status: 'waiting' };
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async #lease(target: string): Promise<boolean> {
    const rows = await this.o.db.execute(sql`
      insert into outbox_targets (target, lease_owner, lease_until) values (${target}, ${this.owner}, now() + make_interval(secs => ${LEASE_S}))
      on conflict (target) do update set lease_owner = excluded.lease_owner, lease_until = excluded.lease_until
        where outbox_targets.lease_owner = ${this.owner} or outbox_targets.lease_until is null or outbox_targets.lease_until < now()
      returning target`);
    const got = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows).length > 0;
    // Another instance delivers this chat now; look again when its lease would have run out.
    if (!got) this.#later(target, LEASE_S * 1000);
    return got;
  }

  #count(kind: string): void {
    this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
  }
}

function apiCode(err: unknown): number | undefined {
  const code = (err as { error_code?: unknown } | undefined)?.error_code;
  return typeof code === 'number' ? code : undefined;
}

/** A 4xx other than 429: Telegram will answer the same again. */
function isRefusal(err: unknown): boolean {
  const code = apiCode(err);
  return code !== undefined && code >= 400 && code < 500 && code !== 429;
}

function failureKind(err: unknown): 'refused' | 'telegram' | 'network' | 'bug' {
  if (isRefusal(err)) return 'refused';
  if (apiCode(err) !== undefined) return 'telegram';
  if ((err as { name?: string } | undefined)?.name === 'HttpError' || isConnectionError(err)) return 'network';
  return 'bug';
}

/** An error as stored for an admin: the Bot API's code and description, or the error's name; never a payload. */
function describe(err: unknown): string {
  const e = safeError(err);
  return [e.name, e.code, e.description].filter((x) => x !== undefined).join(' ').slice(0, 300);
}
