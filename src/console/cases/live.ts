import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { EventLoop } from '../../http/event-loop.ts';
import type { Client, ClientConfig, Pool } from 'pg';
import type { Db } from '../../db/open.ts';
import { safeError, type Logger } from '../../log.ts';
import { activitySince, latestActivity } from './data.ts';

/** The PostgreSQL channel on which a change of case activity is announced to every instance. */
export const LIVE_CHANNEL = 'netreach_live';

/** What a browser is told: a case changed, and when. Case numbers and times only, never text. */
export interface CaseActivity {
  id: number;
  at: Date;
}

export interface LiveOptions {
  /**
   * The process's feed, shared by every stream. Without one, each stream reads the database on
   * its own every `pollMs`.
   */
  feed?: LiveFeed;
  /** How often a stream without a feed asks the database for new activity (2 s). */
  pollMs?: number;
  /** A stream ends after this long; the browser reconnects (and the session is checked again). */
  maxMs?: number;
  /** A comment line this often keeps proxies from closing a quiet stream. */
  heartbeatMs?: number;
}

export interface LiveFeedOptions {
  /**
   * How often the feed reads the database with no announcement (2 s): what catches changes
   * nobody announced, and any announcement lost while the listening connection was down.
   */
  pollMs?: number;
  /** Listen for announcements (LISTEN/NOTIFY); off, the feed only reads on its clock. */
  listen?: boolean;
  log?: Logger;
}

/**
 * Changes are read back this far behind the last one seen: a transaction that started earlier
 * (its `now()` is older) may commit after a later one, and must not be missed.
 */
const LOOK_BACK_MICROS = 5_000_000n;
const PAGE = 500;
const RECONNECT_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

/**
 * Tells every instance's feed to read the cases' activity now. Inside a transaction the
 * announcement is delivered when it commits, so no feed reads before the change is visible.
 */
export async function announceActivity(db: Pick<Db, 'execute'>): Promise<void> {
  await db.execute(sql`select pg_notify(${LIVE_CHANNEL}, '')`);
}

/**
 * The console's live updates for one process: it reads `cases.last_activity_at` (the one truth,
 * whichever instance or tool wrote it) when an announcement arrives on `LIVE_CHANNEL`, and on a
 * slow clock besides, and tells its subscribers (the server-sent event streams) what changed.
 * With PostgreSQL the announcements come over a connection of its own that LISTENs, so a change
 * made on one instance reaches the browsers of all; with PGlite, which is one process, PGlite's
 * own LISTEN does the same in-process. One reader per process, however many browsers watch.
 */
export class LiveFeed {
  readonly #subscribers = new Set<(a: CaseActivity) => void>();
  /** The last mark read (microseconds), and the mark each case was last reported at. */
  #since: bigint | null = null;
  readonly #seen = new Map<number, bigint>();
  #reading: Promise<void> | undefined;
  #again = false;
  #timer: NodeJS.Timeout | undefined;
  #stopListening: (() => Promise<void>) | undefined;
  #closed = false;

  private constructor(
    private readonly db: Db,
    private readonly log: Logger | undefined,
  ) {}

  static async open(db: Db, opts: LiveFeedOptions = {}): Promise<LiveFeed> {
    const feed = new LiveFeed(db, opts.log);
    await feed.#start();
    feed.#timer = setInterval(() => feed.#wake(), opts.pollMs ?? 2_000);
    feed.#timer.unref();
    if (opts.listen ?? true) feed.#stopListening = await listen(db, () => feed.#wake(), opts.log);
    return feed;
  }

  /** Calls `listener` with each change from now on; returns the unsubscribe. */
  subscribe(listener: (a: CaseActivity) => void): () => void {
    this.#subscribers.add(listener);
    return () => void this.#subscribers.delete(listener);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#stopListening?.();
    await this.#reading;
  }

  /** Marks present when the feed opens (and those within the look-back) are not news. */
  async #start(): Promise<void> {
    this.#since = await latestActivity(this.db);
    if (this.#since === null) return;
    for (const ch of await activitySince(this.db, this.#since - LOOK_BACK_MICROS, PAGE)) this.#seen.set(ch.id, ch.mark);
  }

  #wake(): void {
    if (this.#closed) return;
    if (this.#reading) {
      this.#again = true;
      return;
    }
    this.#reading = this.#read()
      .catch((err: unknown) => this.log?.warn({ event: 'live.read_failed', err: safeError(err) }, 'could not read case activity'))
      .finally(() => {
        this.#reading = undefined;
        if (this.#again) {
          this.#again = false;
          this.#wake();
        }
      });
  }

  async #read(): Promise<void> {
    let from = this.#since === null ? null : this.#since - LOOK_BACK_MICROS;
    for (;;) {
      const changes = await activitySince(this.db, from, PAGE);
      for (const ch of changes) {
        if (this.#seen.get(ch.id) === ch.mark) continue;
        this.#seen.set(ch.id, ch.mark);
        for (const listener of this.#subscribers) listener({ id: ch.id, at: ch.at });
      }
      const last = changes.at(-1);
      if (last && (this.#since === null || last.mark > this.#since)) this.#since = last.mark;
      if (changes.length < PAGE) break;
      from = last!.mark;
    }
    // What lies behind the look-back cannot come up again.
    const floor = (this.#since ?? 0n) - LOOK_BACK_MICROS;
    for (const [id, mark] of this.#seen) if (mark < floor) this.#seen.delete(id);
  }
}

/**
 * Starts listening on `LIVE_CHANNEL` with whichever driver `db` runs on; returns how to stop.
 * PostgreSQL: a connection outside the pool (a pooled one would be handed to queries, and would
 * hold `pool.end()`), reconnected after a loss, and read after each (re)connection for what was
 * announced meanwhile.
 */
async function listen(db: Db, onNotice: () => void, log: Logger | undefined): Promise<() => Promise<void>> {
  const client = (db as unknown as { $client: PGlite | Pool }).$client;
  if ('listen' in client) {
    const unlisten = await client.listen(LIVE_CHANNEL, onNotice);
    return () => unlisten();
  }
  // Loaded here, as the database opener does: PGlite's mode never needs node-postgres.
  const { default: pg } = await import('pg');
  let stopped = false;
  let current: Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let failures = 0;
  const connect = async (): Promise<void> => {
    const c = new pg.Client(client.options as ClientConfig);
    let lost = false;
    const onLost = () => {
      if (lost) return;
      lost = true;
      c.removeAllListeners('notification');
      void c.end().catch(() => {});
      if (current === c) current = undefined;
      if (stopped) return;
      const delay = RECONNECT_MS[Math.min(failures++, RECONNECT_MS.length - 1)]!;
      log?.warn({ event: 'live.listen_lost', retry_ms: delay }, 'live updates: no listening connection; reconnecting');
      retry = setTimeout(() => void connect(), delay);
      retry.unref();
    };
    c.on('error', onLost);
    c.on('end', onLost);
    c.on('notification', onNotice);
    try {
      await c.connect();
      await c.query(`LISTEN ${LIVE_CHANNEL}`);
    } catch {
      return onLost();
    }
    if (stopped) {
      c.removeAllListeners('end');
      return void (await c.end().catch(() => {}));
    }
    current = c;
    failures = 0;
    // Whatever was announced while no connection listened.
    onNotice();
  };
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    const c = current;
    current = undefined;
    if (c) {
      c.removeAllListeners('end');
      await c.end().catch(() => {});
    }
  };
}

/**
 * Server-sent events for the console: `case` events with `{ id, at }` whenever a case's activity
 * changes, from the process's feed (or, without one, a feed of the stream's own that polls).
 */
export function liveEvents(c: Context, db: Db, opts: LiveOptions = {}): Response {
  const maxMs = opts.maxMs ?? 5 * 60_000;
  const heartbeatMs = opts.heartbeatMs ?? 20_000;
  return streamSSE(c, async (stream) => {
    const own = opts.feed ? undefined : await LiveFeed.open(db, { pollMs: opts.pollMs, listen: false });
    const feed = opts.feed ?? own!;
    const waiting: CaseActivity[] = [];
    const loop = new EventLoop();
    const unsubscribe = feed.subscribe((a) => {
      waiting.push(a);
      loop.wake();
    });
    try {
      await loop.run(stream, {
        maxMs,
        heartbeatMs,
        retryMs: 3000,
        pending: () => waiting.length > 0,
        flush: async (s) => {
          for (const a of waiting.splice(0)) await s.writeSSE({ event: 'case', data: JSON.stringify({ id: a.id, at: a.at.toISOString() }) });
        },
      });
    } finally {
      unsubscribe();
      await own?.close();
    }
  });
}
