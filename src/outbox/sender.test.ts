import { eq } from 'drizzle-orm';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { useFreshDatabases } from '../../test/support/database.ts';
import type { Db } from '../db/open.ts';
import { outbox } from '../db/schema/index.ts';
import { createLogger } from '../log.ts';
import { Vault } from '../privacy/vault.ts';
import { OutboxSender, type Op } from './sender.ts';
import { outboxDepth } from './store.ts';

const vault = new Vault(Buffer.alloc(32, 3));
const log = createLogger(new Writable({ write: (_c, _e, done) => done() }), 'silent');

/** An op that records what it delivered, and fails as `failures` says for a given payload. */
function recordingOp(failures: Record<string, unknown[]> = {}) {
  const delivered: string[] = [];
  const op: Op = {
    async deliver(_item, payload) {
      const name = String(payload.name);
      const next = failures[name]?.shift();
      if (next) throw next;
      delivered.push(name);
      return {};
    },
  };
  return { op, delivered };
}

const telegramError = (code: number, description: string) => Object.assign(new Error(description), { error_code: code, description });
const networkError = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('OutboxSender', () => {
  const database = useFreshDatabases();
  const start = async (ops: Record<string, Op>, db?: Db) => {
    const d = db ?? (await database()).db;
    const sender = new OutboxSender({ db: d, vault, log, ops, backoffMs: [20, 40], pollMs: 50 });
    return { db: d, sender };
  };
  const item = (target: string, name: string, lane = 2, dedupeKey?: string) => ({ target, op: 'rec', payload: { name }, lane, dedupeKey });

  it('delivers a chat in lane order, then in the order queued, and erases what it sent', async () => {
    const r = recordingOp();
    const { db, sender } = await start({ rec: r.op });
    await db.transaction(async (tx) => {
      await sender.send([item('group:-1', 'copy 1'), item('group:-1', 'copy 2'), item('group:-1', 'alert', 0), item('group:-1', 'header', 1)], tx as unknown as Db);
    });
    await sender.wake('group:-1');
    await sender.idle();
    expect(r.delivered).toEqual(['alert', 'header', 'copy 1', 'copy 2']);
    const rows = await db.select().from(outbox);
    expect(rows.every((x) => x.status === 'done' && x.payloadSealed === null && x.attempts === 1)).toBe(true);
    await sender.stop();
  });

  it('queues an item once per dedupe key', async () => {
    const r = recordingOp();
    const { db, sender } = await start({ rec: r.op });
    expect(await sender.send([item('client:1', 'a', 2, 'copy:1:5')])).toHaveLength(1);
    expect(await sender.send([item('client:1', 'a', 2, 'copy:1:5')])).toBe(false);
    await sender.idle();
    expect(r.delivered).toEqual(['a']);
    expect(await db.select().from(outbox)).toHaveLength(1);
    await sender.stop();
  });

  it('retries a network failure or a 5xx for as long as it lasts, holding the chat’s later items back', async () => {
    const r = recordingOp({ first: [networkError(), telegramError(502, 'Bad Gateway'), networkError(), networkError(), networkError(), networkError(), networkError()] });
    const { sender } = await start({ rec: r.op });
    await sender.send([item('client:2', 'first'), item('client:2', 'second'), item('client:3', 'elsewhere')]);
    sender.start();
    await until(() => r.delivered.length === 3);
    expect(r.delivered.indexOf('first')).toBeLessThan(r.delivered.indexOf('second'));
    // The other chat did not wait for this one.
    expect(r.delivered[0]).toBe('elsewhere');
    expect(sender.errors.get('network')).toBe(6);
    await sender.stop();
  });

  it('parks a refusal Telegram would repeat, with its error for an admin, and the chat goes on', async () => {
    const r = recordingOp({ bad: [telegramError(400, 'Bad Request: message to copy not found')] });
    const { db, sender } = await start({ rec: r.op });
    await sender.send([item('group:-1', 'bad'), item('group:-1', 'good')]);
    await sender.idle();
    expect(r.delivered).toEqual(['good']);
    const [parked] = await db.select().from(outbox).where(eq(outbox.status, 'parked'));
    expect(parked?.lastError).toBe('TelegramError 400 Bad Request: message to copy not found');
    expect((await outboxDepth(db)).find((x) => x.kind === 'group')?.parked).toBe(1);
    await sender.stop();
  });

  it('parks a poison item (the same bug every time) after a few attempts, and the chat goes on', async () => {
    const bug = () => new TypeError('Cannot read properties of undefined');
    const r = recordingOp({ poison: [bug(), bug(), bug(), bug(), bug(), bug()] });
    const { db, sender } = await start({ rec: r.op });
    await sender.send([item('client:9', 'poison'), item('client:9', 'next')]);
    sender.start();
    await until(() => r.delivered.includes('next'));
    const [parked] = await db.select().from(outbox).where(eq(outbox.status, 'parked'));
    expect(parked?.attempts).toBe(5);
    expect(parked?.lastError).toMatch(/^TypeError/);
    await sender.stop();
  });

  it('after a crash, sends again only the item that was in flight', async () => {
    const r = recordingOp();
    const { db, sender } = await start({ rec: r.op });
    await db.insert(outbox).values([
      { target: 'client:4', op: 'rec', payloadSealed: vault.sealJson('outbox.payload', { name: 'done before' }), status: 'done' },
      { target: 'client:4', op: 'rec', payloadSealed: vault.sealJson('outbox.payload', { name: 'in flight' }), status: 'attempted', attempts: 1 },
      { target: 'client:4', op: 'rec', payloadSealed: vault.sealJson('outbox.payload', { name: 'waiting' }) },
    ]);
    sender.start();
    await until(() => r.delivered.length === 2);
    expect(r.delivered).toEqual(['in flight', 'waiting']);
    await sender.stop();
  });

  it('lets one instance at a time deliver a chat: two senders on one database send each item once', async () => {
    const r = recordingOp();
    const { db, sender: a } = await start({ rec: r.op });
    const { sender: b } = await start({ rec: r.op }, db);
    for (let i = 0; i < 30; i++) await a.send([item(`client:${i % 3}`, `m${i}`)]);
    a.start();
    b.start();
    await until(() => r.delivered.length === 30);
    await new Promise((res) => setTimeout(res, 200));
    expect([...r.delivered].sort()).toEqual(Array.from({ length: 30 }, (_, i) => `m${i}`).sort());
    for (const chat of [0, 1, 2]) {
      const mine = r.delivered.filter((x) => Number(x.slice(1)) % 3 === chat).map((x) => Number(x.slice(1)));
      expect(mine).toEqual([...mine].sort((x, y) => x - y));
    }
    await a.stop();
    await b.stop();
  });
});

async function until(cond: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
