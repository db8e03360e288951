import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { startNetreach, type Netreach } from '../src/netreach.ts';
import { freshDatabase } from './support/database.ts';

const running: Netreach[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const app of running.splice(0)) await app.stop();
  for (const c of cleanups.splice(0)) await c();
});

/** The system as `npm start` runs it with no token: the sandbox, on this data directory and database. */
async function startSandbox(db: { dataDir: string; databaseUrl?: string }): Promise<Netreach> {
  const parsed = parseConfig({ DATA_DIR: db.dataDir, PORT: '0', ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}) });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const app = await startNetreach(parsed.config, createLogger(new Writable({ write: (_c, _e, done) => done() })));
  running.push(app);
  return app;
}

async function settle(app: Netreach): Promise<void> {
  const emu = app.sandbox!.emulator;
  await emu.waitFor(() => emu.pendingUpdateCount === 0, 10_000);
  await app.inbox.idle();
  await app.outbox.idle();
}

describe('the sandbox restarted mid-conversation', () => {
  it('keeps relaying: new updates are not taken for old ones, the client and the topic are the same', async () => {
    const db = await freshDatabase();
    cleanups.push(() => db.drop());

    const first = await startSandbox(db);
    const emu1 = first.sandbox!.emulator;
    const client = emu1.createUser({ first_name: 'Sandbox client', language_code: 'ru' });
    emu1.userSends(client.id, client.id, { text: '/start' });
    emu1.userSends(client.id, client.id, { text: 'где взять налоксон' });
    await settle(first);
    const staffChatId = first.sandbox!.staffChatId;
    const [topic] = emu1.topics(staffChatId);
    expect(topic).toBeDefined();
    // The welcome carries the menu.
    expect(emu1.messages(client.id).some((m) => m.from?.is_bot && m.reply_markup)).toBe(true);
    running.splice(running.indexOf(first), 1);
    await first.stop();

    const second = await startSandbox(db);
    const emu2 = second.sandbox!.emulator;
    expect(second.sandbox!.staffChatId).toBe(staffChatId);
    const before = emu2.messages(client.id).length;
    emu2.userSends(client.id, client.id, { text: '/start' });
    emu2.userSends(client.id, client.id, { text: 'и ещё вопрос про тесты' });
    await settle(second);
    // /start is answered again (not dropped as a redelivery), and the message reaches the same topic.
    expect(emu2.messages(client.id).slice(before).some((m) => m.from?.is_bot && m.reply_markup)).toBe(true);
    expect(emu2.topics(staffChatId).map((t) => t.message_thread_id)).toEqual([topic!.message_thread_id]);
    expect(emu2.messages(staffChatId, { threadId: topic!.message_thread_id }).some((m) => m.text === 'и ещё вопрос про тесты')).toBe(true);
  });
});
