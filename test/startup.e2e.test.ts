import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { startNetreach, StartupError } from '../src/netreach.ts';
import { TelegramEmulator } from '../src/sandbox/emulator/index.ts';
import { freshDatabase } from './support/database.ts';
import { TEST_TOKEN } from './support/system.ts';

const emu = new TelegramEmulator({ bot: { token: TEST_TOKEN }, limits: false });
const listening = emu.listen(0);
afterAll(() => emu.close());
const quiet = createLogger(new Writable({ write: (_c, _e, done) => done() }));

async function startWithStaffChat(chatId: number) {
  const { url } = await listening;
  const db = await freshDatabase();
  const parsed = parseConfig({ TELEGRAM_BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: url, STAFF_CHAT_ID: String(chatId), DATA_DIR: db.dataDir, PORT: '0', DATABASE_URL: db.databaseUrl });
  if (!parsed.ok) throw new Error(parsed.errors.join());
  return startNetreach(parsed.config, quiet).finally(() => db.drop());
}

describe('start-up checks of the staff group', () => {
  const worker = emu.createUser({ first_name: 'W' });

  it('refuses a group without topics', async () => {
    const plain = emu.createGroup({ title: 'Plain', members: [worker.id] });
    await expect(startWithStaffChat(plain.id)).rejects.toThrow(new StartupError("STAFF_CHAT_ID must be a forum supergroup: turn on Topics in the group's settings"));
  });

  it('refuses a forum where the bot cannot manage topics', async () => {
    const forum = emu.createForumGroup({ title: 'No rights', members: [worker.id], botIsAdmin: false });
    await expect(startWithStaffChat(forum.id)).rejects.toThrow(/^STAFF_CHAT_ID: the bot cannot manage topics there/);
  });

  it('refuses a chat the bot is not in', async () => {
    await expect(startWithStaffChat(-1009999999999)).rejects.toThrow(/^STAFF_CHAT_ID: Telegram says "Bad Request: chat not found"/);
  });
});
