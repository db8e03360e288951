import { sql } from 'drizzle-orm';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { useFreshDatabases } from '../../test/support/database.ts';
import { fuzzBot, fuzzUpdates, soundMessage } from '../../test/support/fuzz-updates.ts';
import { inbox as inboxTable } from '../db/schema/index.ts';
import { createLogger } from '../log.ts';
import { Vault } from '../privacy/vault.ts';
import { Inbox } from './inbox.ts';

const db = useFreshDatabases();

describe('inbox under fuzzed updates', () => {
  it('takes 2,000 fuzzed updates without a crash or a stalled chat, and handles every chat’s next message', async () => {
    const d = await db();
    const handledByChat = new Map<number, number[]>();
    const bot = fuzzBot(handledByChat);
    const logs: string[] = [];
    const log = createLogger(new Writable({ write: (c, _e, done) => (logs.push(String(c)), done()) }), 'info');
    const box = new Inbox({ db: d.db, vault: new Vault(Buffer.alloc(32, 9)), log }, (u) => bot.handleUpdate(u), { retry: { firstMs: 1, maxMs: 5 }, parkAfter: 2 });

    const all = [...fuzzUpdates(2000, { seed: 10, chats: 40, firstId: 1 })];
    const accepted = { stored: 0, duplicates: 0, refused: 0 };
    for (let i = 0; i < all.length; i += 100) {
      const r = await box.accept(all.slice(i, i + 100));
      accepted.stored += r.stored;
      accepted.duplicates += r.duplicates;
      accepted.refused += r.refused;
    }
    await box.idle();
    expect(accepted.stored + accepted.duplicates + accepted.refused).toBe(2000);
    expect(accepted.duplicates).toBeGreaterThan(0);

    // No chat is stalled: each one's next sound message is handled.
    const sentinelFrom = 1_000_000;
    await box.accept(Array.from({ length: 40 }, (_, i) => soundMessage(sentinelFrom + i, i + 1)));
    await box.idle();
    for (let chat = 1; chat <= 40; chat++) expect(handledByChat.get(chat)?.at(-1), `chat ${chat}`).toBe(sentinelFrom + chat - 1);

    // Everything was finished one way or another, and in order per chat.
    const statuses = Object.fromEntries(
      (await d.db.select({ status: inboxTable.status, n: sql<number>`count(*)::int` }).from(inboxTable).groupBy(inboxTable.status)).map((r) => [r.status, r.n]),
    );
    expect(statuses.pending).toBeUndefined();
    expect(statuses.done).toBeGreaterThan(500);
    expect(statuses.skipped).toBeGreaterThan(500);
    expect(statuses.failed).toBeGreaterThan(0);
    for (const ids of handledByChat.values()) expect(ids).toEqual([...ids].sort((a, b) => a - b));
    // Logs carry no text: the fuzz's texts contain these words.
    expect(logs.join('')).not.toMatch(/привет|не дышит|breathing|жжж/);
  });
});
