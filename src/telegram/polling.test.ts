import { Api } from 'grammy';
import type { Update } from 'grammy/types';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { useFreshDatabases } from '../../test/support/database.ts';
import { inbox as inboxTable } from '../db/schema/index.ts';
import { Inbox } from '../inbox/inbox.ts';
import { createLogger } from '../log.ts';
import { Vault } from '../privacy/vault.ts';
import { TelegramEmulator } from '../sandbox/emulator/index.ts';
import { pollUpdates } from './polling.ts';

const TOKEN = '7000000001:AAFakeTokenForPollingTests_0123456789ab';
const db = useFreshDatabases();
const emulators: TelegramEmulator[] = [];
afterEach(async () => {
  for (const e of emulators.splice(0)) await e.close();
});

describe('long polling into the inbox', () => {
  it('acknowledges nothing until stored, retries the store with backoff while still seeing new updates, and survives a failing on-arrival check', async () => {
    const emu = new TelegramEmulator({ bot: { token: TOKEN }, limits: false });
    emulators.push(emu);
    const { url } = await emu.listen(0, '127.0.0.1');
    const d = await db();
    const logs: string[] = [];
    const log = createLogger(new Writable({ write: (c, _e, done) => (logs.push(String(c)), done()) }), 'debug');
    const handled: string[] = [];
    const box = new Inbox({ db: d.db, vault: new Vault(Buffer.alloc(32, 4)), log }, async (u) => void handled.push(u.message!.text!));

    // The database refuses every store until `down` is false.
    let down = true;
    const insert = d.db.insert.bind(d.db);
    (d.db as { insert: unknown }).insert = (table: typeof inboxTable) =>
      down ? { values: () => ({ onConflictDoNothing: () => ({ returning: () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })) }) }) } : insert(table);

    const seen: string[] = [];
    const onArrival = (u: Update) => {
      if (u.message?.text === 'first') throw new Error('a bug in the check');
      seen.push(u.message!.text!);
    };
    const stop = new AbortController();
    const polling = pollUpdates(new Api(TOKEN, { apiRoot: url }), box, log, stop.signal, onArrival);
    const client = emu.createUser({ first_name: 'C' });
    emu.userSends(client.id, client.id, { text: 'first' });
    emu.userSends(client.id, client.id, { text: 'second' });
    await emu.waitFor(() => seen.includes('second'));
    // A message sent while the store keeps failing is still seen on arrival.
    emu.userSends(client.id, client.id, { text: 'третье' });
    await emu.waitFor(() => seen.includes('третье'), 10_000);
    await emu.waitFor(() => logs.join('').match(/"event":"polling.store_failed".*"attempt":2/));
    expect(emu.pendingUpdateCount).toBe(3);
    expect(handled).toEqual([]);

    down = false;
    await emu.waitFor(() => emu.pendingUpdateCount === 0, 15_000);
    await box.idle();
    expect(handled).toEqual(['first', 'second', 'третье']);
    expect(seen).toEqual(['second', 'третье']);
    expect(logs.join('')).toMatch(/"event":"update.arrival_failed"/);
    stop.abort();
    await polling;
  });
});
