import { eq } from 'drizzle-orm';
import type { Update } from 'grammy/types';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { useFreshDatabases } from '../../test/support/database.ts';
import { inbox as inboxTable } from '../db/schema/index.ts';
import { createLogger } from '../log.ts';
import { Vault } from '../privacy/vault.ts';
import { Inbox, MalformedUpdateError } from './inbox.ts';

const vault = new Vault(Buffer.alloc(32, 3));
const logs: string[] = [];
const log = createLogger(new Writable({ write: (c, _e, done) => (logs.push(String(c)), done()) }), 'debug');
const db = useFreshDatabases();

const msg = (update_id: number, chat: number, text: string) =>
  ({ update_id, message: { message_id: update_id, date: 1, chat: { id: chat, type: 'private' }, from: { id: chat, is_bot: false, first_name: 'x' }, text } }) as Update;

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
    await box.accept([msg(3, 10, 'a2')]); // Telegram redelivers
    await box.idle();
    expect(seen.filter((s) => s.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(seen.filter((s) => s.startsWith('b'))).toEqual(['b1', 'b2']);
    expect(seen).toHaveLength(5);
    expect(maxRunning).toBe(2);
    const rows = await d.db.select().from(inboxTable);
    expect(rows.every((r) => r.status === 'done' && r.payloadSealed === null)).toBe(true);
  });

  it('stores updates sealed, and resumes what a crashed run left', async () => {
    const d = await db();
    const crashed = new Inbox({ db: d.db, vault, log }, () => new Promise(() => {})); // never finishes: the process "dies"
    await crashed.accept([msg(7, 30, 'тайный текст')]);
    const [row] = await d.db.select().from(inboxTable).where(eq(inboxTable.updateId, 7));
    expect(row!.status).toBe('pending');
    expect(row!.payloadSealed).not.toContain('тайный');

    const handled: number[] = [];
    const next = new Inbox({ db: d.db, vault, log }, async (u) => void handled.push(u.update_id));
    expect(await next.resume()).toBe(1);
    await next.idle();
    expect(handled).toEqual([7]);
  });

  it('retries a failing handler, then marks the update failed and keeps it for a later start', async () => {
    const d = await db();
    let calls = 0;
    const box = new Inbox(
      { db: d.db, vault, log },
      async () => {
        calls++;
        throw new Error('database went away');
      },
      [10, 10, 10],
    );
    await box.accept([msg(9, 40, 'x')]);
    await box.idle();
    expect(calls).toBe(4);
    const [row] = await d.db.select().from(inboxTable).where(eq(inboxTable.updateId, 9));
    expect(row).toMatchObject({ status: 'failed', attempts: 4, lastError: 'Error' });
    expect(row!.payloadSealed).not.toBeNull();
  });

  it('skips unknown and malformed updates with a log line, and refuses non-updates', async () => {
    const d = await db();
    const handled: number[] = [];
    const box = new Inbox({ db: d.db, vault, log }, async (u) => void handled.push(u.update_id));
    await box.accept([{ update_id: 11, future_thing: { a: 1 } }, { update_id: 12, message: { text: 'no chat' } }]);
    await box.idle();
    expect(handled).toEqual([]);
    const statuses = (await d.db.select().from(inboxTable)).map((r) => r.status);
    expect(statuses).toEqual(['skipped', 'skipped']);
    expect(logs.join('')).toContain('"reason":"unknown_type"');
    await expect(box.accept([{ hello: 1 }])).rejects.toBeInstanceOf(MalformedUpdateError);
    await expect(box.accept(['nonsense'])).rejects.toBeInstanceOf(MalformedUpdateError);
  });
});
