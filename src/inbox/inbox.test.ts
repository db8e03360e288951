import { eq } from 'drizzle-orm';
import type { Update } from 'grammy/types';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { useFreshDatabases } from '../../test/support/database.ts';
import { inbox as inboxTable } from '../db/schema/index.ts';
import { createLogger } from '../log.ts';
import { registry } from '../metrics/netreach.ts';
import { parseExposition } from '../metrics/testing.ts';
import { Vault } from '../privacy/vault.ts';
import { Inbox, type InboxOptions } from './inbox.ts';

const vault = new Vault(Buffer.alloc(32, 3));
const logs: string[] = [];
const log = createLogger(new Writable({ write: (c, _e, done) => (logs.push(String(c)), done()) }), 'debug');
const db = useFreshDatabases();
// Short waits so the tests do not sleep; the policy is the same.
const fast: InboxOptions = { retry: { firstMs: 5, maxMs: 20 } };

const msg = (update_id: number, chat: number, text: string) =>
  ({ update_id, message: { message_id: update_id, date: 1, chat: { id: chat, type: 'private' }, from: { id: chat, is_bot: false, first_name: 'x' }, text } }) as Update;
const connectionLost = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
/** The inbox's counters as /metrics shows them: received, and handled by result. */
const counters = async () => {
  const families = parseExposition(await registry.expose());
  const handled = families.get('netreach_updates_handled_total')?.samples ?? [];
  return {
    received: families.get('netreach_updates_received_total')?.samples[0]?.value ?? 0,
    ...Object.fromEntries(['done', 'skipped', 'failed'].map((r) => [r, handled.find((x) => x.labels.result === r)?.value ?? 0])),
  };
};
const rowOf = async (d: Awaited<ReturnType<typeof db>>, id: number) => (await d.db.select().from(inboxTable).where(eq(inboxTable.updateId, id)))[0]!;

describe('inbox', () => {
  it('handles each update once, in order per chat, concurrently across chats', async () => {
    const d = await db();
    const seen: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const box = new Inbox({ db: d.db, vault, log }, async (u) => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((r) => setTimeout(r, 20));
      seen.push(u.message!.text!);
      running--;
    });
    await box.accept([msg(1, 10, 'a1'), msg(2, 20, 'b1'), msg(3, 10, 'a2'), msg(4, 20, 'b2'), msg(5, 10, 'a3')]);
    expect(await box.accept([msg(3, 10, 'a2')])).toEqual({ stored: 0, duplicates: 1, refused: 0 }); // Telegram redelivers
    await box.idle();
    expect(seen.filter((s) => s.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(seen.filter((s) => s.startsWith('b'))).toEqual(['b1', 'b2']);
    expect(seen).toHaveLength(5);
    expect(maxRunning).toBe(2);
    const rows = await d.db.select().from(inboxTable);
    expect(rows.every((r) => r.status === 'done' && r.payloadSealed === null)).toBe(true);
  });

  it('runs at most `concurrency` handlers at once, however many chats wait', async () => {
    const d = await db();
    let running = 0;
    let maxRunning = 0;
    const handled: number[] = [];
    const box = new Inbox(
      { db: d.db, vault, log },
      async (u) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((r) => setTimeout(r, 2));
        handled.push(u.update_id);
        running--;
      },
      { concurrency: 3 },
    );
    await box.accept(Array.from({ length: 40 }, (_, i) => msg(i + 1, 100 + (i % 20), `m${i}`)));
    await box.idle();
    expect(maxRunning).toBe(3);
    expect(handled).toHaveLength(40);
    for (let chat = 0; chat < 20; chat++) expect(handled.filter((id) => (id - 1) % 20 === chat)).toEqual([chat + 1, chat + 21]);
  });

  it('stores updates sealed, and resumes what a crashed run left', async () => {
    const d = await db();
    const crashed = new Inbox({ db: d.db, vault, log }, () => new Promise(() => {})); // never finishes: the process "dies"
    await crashed.accept([msg(7, 30, 'тайный текст'), msg(8, 30, 'второй')]);
    const row = await rowOf(d, 7);
    expect(row.status).toBe('pending');
    expect(row.payloadSealed).not.toContain('тайный');

    const handled: number[] = [];
    const next = new Inbox({ db: d.db, vault, log }, async (u) => void handled.push(u.update_id));
    expect(await next.resume()).toBe(2);
    await next.idle();
    expect(handled).toEqual([7, 8]);
  });

  it('retries a transient failure for as long as it lasts: the chat waits in order, other chats go on, nothing is parked', async () => {
    const d = await db();
    let outage = true;
    const handled: number[] = [];
    let failures = 0;
    const box = new Inbox(
      { db: d.db, vault, log },
      async (u) => {
        if (u.message!.chat.id === 50 && outage) {
          failures++;
          throw connectionLost();
        }
        handled.push(u.update_id);
      },
      { ...fast, parkAfter: 2 },
    );
    await box.accept([msg(1, 50, 'a1'), msg(2, 60, 'b1'), msg(3, 50, 'a2'), msg(4, 60, 'b2')]);
    // Far more failures than any give-up count: the chat still waits.
    while (failures < 20) await new Promise((r) => setTimeout(r, 10));
    expect(handled).toEqual([2, 4]);
    expect((await rowOf(d, 1)).status).toBe('pending');
    outage = false;
    await box.idle();
    expect(handled).toEqual([2, 4, 1, 3]);
    expect((await rowOf(d, 1)).status).toBe('done');
    expect(logs.join('')).toMatch(/"event":"update.retry","update_id":1,.*"err":\{"name":"Error","code":"ECONNREFUSED"/);
  });

  it('parks an update that fails the same way repeatedly, keeps it sealed, and lets the chat go on; an admin puts it back', async () => {
    const d = await db();
    const handled: number[] = [];
    let calls = 0;
    let buggy = true;
    const box = new Inbox(
      { db: d.db, vault, log },
      async (u) => {
        if (u.update_id === 9 && buggy) {
          calls++;
          throw new TypeError("Cannot read properties of undefined (reading 'id')");
        }
        handled.push(u.update_id);
      },
      { ...fast, parkAfter: 3 },
    );
    const before = await counters();
    await box.accept([msg(9, 40, 'x'), msg(10, 40, 'y'), { update_id: 11, poll: {} }]);
    await box.accept([msg(10, 40, 'y')]);
    await box.idle();
    const after = await counters();
    expect(Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k as keyof typeof before]]))).toEqual({ received: 3, done: 1, skipped: 1, failed: 1 });
    expect(calls).toBe(3);
    expect(handled).toEqual([10]);
    const row = await rowOf(d, 9);
    expect(row).toMatchObject({ status: 'failed', attempts: 3, lastError: 'TypeError' });
    expect(row.payloadSealed).not.toBeNull();
    expect(logs.join('')).toMatch(/"event":"update.parked","update_id":9/);

    // A restart leaves it parked; an admin's retry (once the bug is fixed) handles it.
    const restarted = new Inbox({ db: d.db, vault, log }, async (u) => void handled.push(u.update_id), fast);
    expect(await restarted.resume()).toBe(0);
    buggy = false;
    expect(await restarted.retryParked(9)).toBe(true);
    expect(await restarted.retryParked(9)).toBe(false);
    await restarted.idle();
    expect(handled).toEqual([10, 9]);
    expect(await rowOf(d, 9)).toMatchObject({ status: 'done', payloadSealed: null });
  });

  it('never lets one odd update stop its chat: throws of anything, and types that look up Object’s own keys', async () => {
    const d = await db();
    const handled: number[] = [];
    const box = new Inbox(
      { db: d.db, vault, log },
      async (u) => {
        if (u.update_id === 22) throw null;
        if (u.update_id === 23) throw 'a string';
        handled.push(u.update_id);
      },
      { ...fast, parkAfter: 1 },
    );
    const chat = { id: 70, type: 'private' };
    await box.accept([
      msg(21, 70, 'before'),
      // Once made triage throw (it found Object's `constructor`), which dropped every later update of the chat.
      { update_id: 24, constructor: { message_id: 1, date: 1, chat } },
      JSON.parse('{"update_id": 25, "__proto__": {"chat": {"id": 70, "type": "private"}}}'),
      { update_id: 27, toString: { message_id: 1, date: 1, chat } },
      msg(22, 70, 'throws null'),
      msg(23, 70, 'throws a string'),
      msg(26, 70, 'after'),
    ]);
    await box.idle();
    expect(handled).toEqual([21, 26]);
    const statuses = Object.fromEntries((await d.db.select().from(inboxTable)).map((r) => [r.updateId, r.status]));
    expect(statuses).toEqual({ 21: 'done', 22: 'failed', 23: 'failed', 24: 'skipped', 25: 'skipped', 26: 'done', 27: 'skipped' });
  });

  it('does not run a handler again when only recording its outcome failed', async () => {
    const d = await db();
    let runs = 0;
    const box = new Inbox({ db: d.db, vault, log }, async () => void runs++, fast);
    // The first UPDATE of the inbox table fails as a lost connection would; the rest go through.
    const realUpdate = d.db.update.bind(d.db);
    let failNext = true;
    (d.db as { update: unknown }).update = (table: unknown) => {
      if (table === inboxTable && failNext) {
        failNext = false;
        return { set: () => ({ where: () => Promise.reject(connectionLost()) }) };
      }
      return realUpdate(table as typeof inboxTable);
    };
    try {
      await box.accept([msg(31, 80, 'x')]);
      await box.idle();
    } finally {
      (d.db as { update: unknown }).update = realUpdate;
    }
    expect(runs).toBe(1);
    expect((await rowOf(d, 31)).status).toBe('done');
    expect(logs.join('')).toMatch(/"event":"inbox.record_retry","update_id":31/);
  });

  it('writes in groups: one INSERT for the calls that arrive while one runs, one UPDATE for the updates that finish meanwhile', async () => {
    const d = await db();
    const statements = { insert: 0, update: 0 };
    const real = { insert: d.db.insert.bind(d.db), update: d.db.update.bind(d.db) };
    (d.db as { insert: unknown }).insert = (table: typeof inboxTable) => (statements.insert++, real.insert(table));
    (d.db as { update: unknown }).update = (table: typeof inboxTable) => (statements.update++, real.update(table));
    const handled: number[] = [];
    const box = new Inbox({ db: d.db, vault, log }, async (u) => void handled.push(u.update_id));
    try {
      // Ten webhook calls at once.
      await Promise.all(Array.from({ length: 10 }, (_, i) => box.accept([msg(100 + i, 200 + i, 'x')])));
      await box.idle();
    } finally {
      Object.assign(d.db, real);
    }
    expect(handled).toHaveLength(10);
    expect(statements.insert).toBe(2);
    expect(statements.update).toBeLessThan(10);
    expect((await d.db.select().from(inboxTable)).every((r) => r.status === 'done')).toBe(true);
  });

  it('keeps a backlog beyond its memory budget in the store, and reads it back in order', async () => {
    const d = await db();
    const handled: number[] = [];
    const box = new Inbox({ db: d.db, vault, log }, async (u) => void handled.push(u.update_id), { maxHeldBytes: 1 });
    await box.accept([msg(41, 90, 'a'), msg(42, 91, 'b'), msg(43, 90, 'c')]);
    await box.idle();
    expect(handled.filter((id) => id !== 42)).toEqual([41, 43]);
    expect(handled).toHaveLength(3);
  });

  it('stores unknown, malformed and unreadable updates as skipped with a log line, and refuses non-updates', async () => {
    const d = await db();
    const handled: number[] = [];
    const box = new Inbox({ db: d.db, vault, log }, async (u) => void handled.push(u.update_id));
    let deep: unknown = { chat: { id: 1, type: 'private' }, message_id: 1, date: 1 };
    for (let i = 0; i < 20_000; i++) deep = { message_id: 1, date: 1, chat: { id: 1, type: 'private' }, reply_to_message: deep };
    const result = await box.accept([
      { update_id: 11, future_thing: { a: 1 } },
      { update_id: 12, message: { text: 'no chat' } },
      { update_id: 13, message: deep }, // too deep to serialise
      { hello: 1 },
      'nonsense',
    ]);
    expect(result).toEqual({ stored: 3, duplicates: 0, refused: 2 });
    await box.idle();
    expect(handled).toEqual([]);
    const rows = await d.db.select().from(inboxTable);
    expect(rows.map((r) => [r.status, r.lastError, r.payloadSealed])).toEqual([
      ['skipped', 'unknown_type', null],
      ['skipped', 'malformed', null],
      ['skipped', 'unreadable', null],
    ]);
    expect(logs.join('')).toContain('"reason":"unknown_type"');
    expect(logs.join('')).toMatch(/"event":"update.refused","count":2/);
  });

  it('gives an urgent update the next free handler', async () => {
    const d = await db();
    const order: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const box = new Inbox(
      { db: d.db, vault, log },
      async (u) => {
        if (u.update_id === 51) await gate;
        order.push(u.update_id);
      },
      { concurrency: 1, urgent: (u) => u.message?.text === 'не дышит' },
    );
    await box.accept([msg(51, 1, 'busy')]);
    await box.accept([msg(52, 2, 'a'), msg(53, 3, 'b'), msg(54, 4, 'не дышит')]);
    release();
    await box.idle();
    expect(order).toEqual([51, 54, 52, 53]);
  });
});
