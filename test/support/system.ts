import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Message, User } from 'grammy/types';
import { parseConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { startNetreach, type Netreach } from '../../src/netreach.ts';
import { NO_LIMITS, TELEGRAM_LIMITS } from '../../src/outbox/limits.ts';
import { jumpingClock } from '../../src/outbox/virtual-clock.ts';
import { DEFAULT_SETTINGS, SETTINGS_FILE, type Settings } from '../../src/organisation/settings.ts';
import { TelegramEmulator } from '../../src/sandbox/emulator/index.ts';
import { freshDatabase } from './database.ts';

export const TEST_TOKEN = '7000000001:AAFakeTokenForNetreachTests_0123456789';

export interface TestSystem {
  emu: TelegramEmulator;
  app: Netreach;
  staffChatId: number;
  /** With `community`: the community chat (the workers are its administrators). */
  communityChatId: number;
  workers: User[];
  dataDir: string;
  /** Every log line the system wrote, as text. */
  logs: string[];
  /** Messages in a topic of the staff group that the bot sent (not the topic's service messages). */
  topicMessages(threadId: number): Message[];
  /** Messages the bot sent to a client's private chat. */
  botMessagesTo(userId: number): Message[];
  /** Waits until the inbox has handled everything Telegram has queued so far. */
  settle(): Promise<void>;
  /** With `virtualTelegramTime`: the emulator's clock, in milliseconds (it starts at the real time of the start). */
  telegramTime(): number;
  /** Moves the system's clock (`deps.now`: the scheduler's due jobs, duty hours) forward. */
  advanceClock(ms: number): void;
  /** With `channel`: the channel's id in the emulator (CHANNEL_ID). */
  channelId?: number;
  /** Stops the app and starts it again on the same database, emulator and clock (`app` is the new one). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface TestSystemOptions {
  env?: Record<string, string>;
  /** Organisation settings on top of the defaults (which here include a content reviewer). */
  settings?: Partial<Settings>;
  /** The moment the system's clock starts at (it then runs in real time): a Wednesday afternoon in Moscow, on duty, by default. */
  clockStart?: string;
  /**
   * Telegram's time for the emulator and the bot's limits is virtual: a wait for a slot in a
   * group's budget (or a `retry_after` of minutes) passes at once, and `telegramTime()` tells how
   * much of it went by. For the staff group's limit at full size in a test that takes seconds.
   */
  virtualTelegramTime?: boolean;
  /** A community chat (COMMUNITY_CHAT_ID) with the bot an administrator and the workers its admins. */
  community?: boolean;
  /** Start the app with a real Telegram-mode config against this emulator (default) or not at all. */
  limits?: ConstructorParameters<typeof TelegramEmulator>[0] extends infer O ? (O extends { limits?: infer L } ? L : never) : never;
  /** A channel in the emulator, the bot its administrator, passed as CHANNEL_ID. */
  channel?: boolean;
}

/**
 * The system as `npm start` runs it (startNetreach with a parsed environment) in Telegram mode,
 * pointed by TELEGRAM_API_ROOT at an emulator that the test plays users on.
 */
export async function startTestSystem(opts: TestSystemOptions = {}): Promise<TestSystem> {
  const virtual = opts.virtualTelegramTime ? jumpingClock() : undefined;
  const emu = new TelegramEmulator({ bot: { token: TEST_TOKEN }, limits: opts.limits ?? false, now: virtual?.now });
  const { url } = await emu.listen(0, '127.0.0.1');
  const workers = [emu.createUser({ first_name: 'Worker', last_name: 'One' }), emu.createUser({ first_name: 'Worker', last_name: 'Two' })];
  const staff = emu.createForumGroup({ title: 'Staff', members: workers.map((w) => w.id), botIsAdmin: true });
  const community = opts.community ? emu.createGroup({ title: 'Community', members: [], admins: workers.map((w) => w.id), botIsAdmin: true }) : undefined;
  // With direct messages on: a message written to the channel becomes a case.
  const channel = opts.channel ? emu.createChannel({ title: 'Channel', botIsAdmin: true, directMessages: true }) : undefined;
  const db = await freshDatabase();
  const settings: Settings = { ...DEFAULT_SETTINGS, contentReviewer: { name: 'Anna Test', role: 'doctor' }, ...opts.settings };
  writeFileSync(join(db.dataDir, SETTINGS_FILE), JSON.stringify(settings));
  const parsed = parseConfig({
    TELEGRAM_BOT_TOKEN: TEST_TOKEN,
    TELEGRAM_API_ROOT: url,
    STAFF_CHAT_ID: String(staff.id),
    ...(community ? { COMMUNITY_CHAT_ID: String(community.id) } : {}),
    DATA_DIR: db.dataDir,
    PORT: '0',
    ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
    ...(channel ? { CHANNEL_ID: String(channel.id) } : {}),
    ...opts.env,
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const clockStart = Date.parse(opts.clockStart ?? '2026-11-25T12:00:00Z');
  let offset = clockStart - Date.now();
  // The bot keeps to Telegram's limits when the emulator enforces them; with them off, to none.
  const telegramLimits = opts.limits ? TELEGRAM_LIMITS : NO_LIMITS;
  const start = async () => {
    const started = await startNetreach(parsed.config, createLogger(sink, 'debug'), { now: () => new Date(Date.now() + offset), telegramLimits, telegramClock: virtual });
    return started;
  };
  let app = await start();
  // The clock reads `clockStart` when the system is ready, however long a first start took.
  offset = clockStart - Date.now();
  const botId = emu.botUser.id;

  const settle = async () => {
    // Updates leave the emulator's queue when getUpdates confirms them; then the inbox works them off.
    await emu.waitFor(() => emu.pendingUpdateCount === 0, 10_000);
    await app.inbox.idle();
    await app.outbox.idle();
    await emu.waitFor(() => emu.pendingUpdateCount === 0, 10_000);
    await app.inbox.idle();
    await app.outbox.idle();
  };
  const sys: TestSystem = {
    emu,
    app,
    channelId: channel?.id,
    staffChatId: staff.id,
    communityChatId: community?.id ?? 0,
    workers,
    dataDir: db.dataDir,
    logs,
    topicMessages: (threadId) =>
      emu.messages(staff.id, { threadId }).filter((m) => m.from?.id === botId && !m.forum_topic_created && !m.forum_topic_edited && !m.forum_topic_closed && !m.forum_topic_reopened),
    botMessagesTo: (userId) => emu.messages(userId).filter((m) => m.from?.id === botId),
    settle,
    telegramTime: () => emu.now(),
    advanceClock: (ms) => {
      offset += ms;
    },
    restart: async () => {
      await app.stop();
      app = sys.app = await start();
    },
    stop: async () => {
      await app.stop();
      await emu.close();
      await db.drop();
    },
  };
  return sys;
}

/**
 * A worker closes a case the way the staff group does: `/close [line]`, then on the record form
 * picks a need (unless one is suggested), an outcome, and saves. Returns the form message.
 */
export async function closeWithRecord(sys: TestSystem, threadId: number, opts: { line?: string; worker?: number; outcome?: string } = {}): Promise<Message> {
  const worker = opts.worker ?? sys.workers[0]!.id;
  sys.emu.userSends(worker, sys.staffChatId, { text: `/close${opts.line ? ` ${opts.line}` : ''}` }, { message_thread_id: threadId });
  await sys.settle();
  const form = sys.topicMessages(threadId).filter((m) => m.reply_markup?.inline_keyboard.flat().some((b) => 'callback_data' in b && b.callback_data?.endsWith(':save'))).at(-1);
  if (!form) throw new Error('no closing record form in the topic');
  const press = async (data: string) => {
    sys.emu.userPressesButton(worker, sys.staffChatId, form.message_id, data);
    await sys.settle();
  };
  const current = () => sys.emu.message(sys.staffChatId, form.message_id)!.reply_markup!.inline_keyboard.flat() as { text: string; callback_data?: string }[];
  const caseId = /^rec:(\d+):/.exec(current().find((b) => b.callback_data?.startsWith('rec:'))!.callback_data!)![1];
  if (!current().some((b) => b.callback_data?.includes(':n:') && b.text.startsWith('✅'))) await press(current().find((b) => b.callback_data?.startsWith(`rec:${caseId}:n:1:`))!.callback_data!);
  await press(`rec:${caseId}:o:${opts.outcome ?? '0'}`);
  await press(`rec:${caseId}:save`);
  return form;
}

/** The callback data of the button whose text matches, on a bot message with a keyboard. */
export function buttonData(m: Message, text: RegExp): string {
  const b = (m.reply_markup?.inline_keyboard ?? []).flat().find((x) => text.test(x.text)) as { callback_data?: string } | undefined;
  if (!b?.callback_data) throw new Error(`no button ${text} in ${JSON.stringify(m.reply_markup)}`);
  return b.callback_data;
}
