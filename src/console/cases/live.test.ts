import { eq, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { freshDatabase, useFreshDatabases } from '../../../test/support/database.ts';
import { openDatabase, type Database, type Db } from '../../db/open.ts';
import { cases, clients } from '../../db/schema/index.ts';
import { announceActivity, LiveFeed, liveEvents, type CaseActivity } from './live.ts';

const openFresh = useFreshDatabases();
const HOUR = 60 * 60_000;

/** Feeds closed after each test, before their databases. */
const feeds: LiveFeed[] = [];
afterEach(async () => {
  for (const f of feeds.splice(0)) await f.close();
});
async function feedOn(db: Db, opts: Parameters<typeof LiveFeed.open>[1] = {}): Promise<LiveFeed> {
  const feed = await LiveFeed.open(db, opts);
  feeds.push(feed);
  return feed;
}

let clientNo = 0;
async function newCase(db: Db): Promise<number> {
  const n = ++clientNo;
  const [client] = await db.insert(clients).values({ tgHash: `h${n}`, chatSealed: 'sealed', pseudonym: `P${n}` }).returning();
  const [kase] = await db.insert(cases).values({ clientId: client!.id }).returning();
  return kase!.id;
}
const touch = (db: Pick<Db, 'update'>, id: number) => db.update(cases).set({ lastActivityAt: sql`now()` }).where(eq(cases.id, id));

/** Resolves with the first `count` changes a subscriber of `feed` hears. */
function heard(feed: LiveFeed, count = 1): Promise<CaseActivity[]> {
  return new Promise((resolve) => {
    const got: CaseActivity[] = [];
    const stop = feed.subscribe((a) => {
      got.push(a);
      if (got.length === count) {
        stop();
        resolve(got);
      }
    });
  });
}

describe('the live feed', () => {
  it('reads on an announcement, delivered when the announcing transaction commits; what was there at opening is no news', async () => {
    const { db } = await openFresh();
    const before = await newCase(db);
    const later = await newCase(db);
    // No clock to speak of: only an announcement makes this feed read.
    const feed = await feedOn(db, { pollMs: HOUR });
    const next = heard(feed);
    await db.transaction(async (tx) => {
      await touch(tx, later);
      await announceActivity(tx);
    });
    const [change] = await next;
    expect(change!.id).toBe(later);
    expect(change!.at).toBeInstanceOf(Date);

    // Many changes, one announcement: each case once, the earlier one included now that it changed.
    const both = heard(feed, 2);
    await touch(db, before);
    await touch(db, later);
    await announceActivity(db);
    expect((await both).map((a) => a.id).sort()).toEqual([before, later].sort());
  });

  it('reads on its own clock when nobody announces', async () => {
    const { db } = await openFresh();
    const id = await newCase(db);
    const feed = await feedOn(db, { pollMs: 20, listen: false });
    const next = heard(feed);
    await touch(db, id);
    expect((await next)[0]!.id).toBe(id);
  });

  it('feeds a server-sent event stream: case number and time only', async () => {
    const { db } = await openFresh();
    const id = await newCase(db);
    const feed = await feedOn(db, { pollMs: HOUR });
    const app = new Hono().get('/events', (c) => liveEvents(c, db, { feed, heartbeatMs: HOUR }));
    const res = await app.request('/events');
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (pattern: RegExp) => {
      while (!pattern.test(text)) {
        const chunk = await reader.read();
        if (chunk.done) throw new Error(`stream ended: ${text}`);
        text += decoder.decode(chunk.value, { stream: true });
      }
    };
    await readUntil(/event: ready/);
    await touch(db, id);
    await announceActivity(db);
    await readUntil(/event: case\ndata: [^\n]+\n/);
    await reader.cancel();
    const data = JSON.parse(/event: case\ndata: ([^\n]+)/.exec(text)![1]!) as Record<string, unknown>;
    expect(Object.keys(data).sort()).toEqual(['at', 'id']);
    expect(data.id).toBe(id);
  });
});

describe.skipIf(!inject('postgres'))('the live feed across instances (PostgreSQL)', () => {
  const opened: Database[] = [];
  let drop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    for (const f of feeds.splice(0)) await f.close();
    for (const d of opened.splice(0)) await d.close();
    await drop?.();
  });
  /** Two instances: one database, a pool each. */
  async function twoInstances(): Promise<[Database, Database, string]> {
    const fresh = await freshDatabase();
    drop = fresh.drop;
    for (let i = 0; i < 2; i++) opened.push(await openDatabase(fresh));
    return [opened[0]!, opened[1]!, fresh.databaseUrl!];
  }

  it('a change announced on one instance reaches the subscribers of another', async () => {
    const [a, b] = await twoInstances();
    const id = await newCase(a.db);
    await feedOn(a.db, { pollMs: HOUR });
    const onB = await feedOn(b.db, { pollMs: HOUR });
    const next = heard(onB);
    await touch(a.db, id);
    await announceActivity(a.db);
    expect((await next)[0]!.id).toBe(id);
  });

  it('listens again after losing its connection, and catches up on what was announced meanwhile', async () => {
    const [a, b, url] = await twoInstances();
    const id = await newCase(a.db);
    const onB = await feedOn(b.db, { pollMs: HOUR });
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const listening = async () =>
        (await admin.query<{ pid: number }>(`select pid from pg_stat_activity where datname = current_database() and query = 'LISTEN netreach_live'`)).rows;
      const [conn] = await listening();
      expect(conn).toBeDefined();
      await admin.query('select pg_terminate_backend($1)', [conn!.pid]);
      // Announced while nobody on B listens: B reads once it listens again.
      const next = heard(onB);
      await touch(a.db, id);
      await announceActivity(a.db);
      expect((await next)[0]!.id).toBe(id);
      expect((await listening()).map((r) => r.pid)).not.toContain(conn!.pid);
    } finally {
      await admin.end();
    }
  });
});
