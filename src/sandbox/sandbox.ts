import { join } from 'node:path';
import { TelegramEmulator } from './emulator/index.ts';

/** Where the HTTP server serves the emulator's Bot API (and its control API under `/control`). */
export const SANDBOX_API_PATH = '/sandbox/telegram';

/** The emulated Telegram's state in DATA_DIR, kept across restarts of the sandbox. */
export const SANDBOX_STATE_FILE = 'sandbox-telegram.json';

export interface Sandbox {
  emulator: TelegramEmulator;
  token: string;
  staffChatId: number;
  /** The sample community chat (a supergroup where the bot is an administrator). */
  communityChatId: number;
  /** The sample channel (the bot posts there). */
  channelId: number;
  /** The sample staff-group members a person can play in the simulator. */
  workerIds: number[];
  close(): Promise<void>;
}

export interface SandboxOptions {
  /**
   * DATA_DIR: the emulated Telegram is kept in DATA_DIR/sandbox-telegram.json, so a restarted
   * sandbox goes on where it stopped (update ids above the last one, the same staff group,
   * topics, people and messages). Without it the sandbox starts empty every time.
   */
  dataDir?: string;
}

interface SavedSandbox {
  staffChatId: number;
  workerIds: number[];
  communityChatId?: number;
  channelId?: number;
}

/**
 * The sandbox: with no Telegram token, the bot talks to the built-in Bot API emulator, which
 * starts with a staff forum group (two sample workers) so the whole flow can be tried at once.
 */
export function createSandbox(opts: SandboxOptions = {}): Sandbox {
  const emulator = new TelegramEmulator({ limits: false, ...(opts.dataDir ? { persistPath: join(opts.dataDir, SANDBOX_STATE_FILE) } : {}) });
  const saved = withCommunity(emulator, reuse(emulator) ?? setUp(emulator));
  return { emulator, token: emulator.token, staffChatId: saved.staffChatId, communityChatId: saved.communityChatId, channelId: saved.channelId, workerIds: saved.workerIds, close: () => emulator.close() };
}

/** The staff group and workers of an earlier run, when the kept state still has them. */
function reuse(emulator: TelegramEmulator): SavedSandbox | undefined {
  const saved = emulator.meta.sandbox as Partial<SavedSandbox> | undefined;
  if (!saved || typeof saved.staffChatId !== 'number' || !Array.isArray(saved.workerIds)) return undefined;
  const staff = emulator.chats().find((c) => c.id === saved.staffChatId);
  const users = new Set(emulator.users().map((u) => u.id));
  if (!staff || staff.type !== 'supergroup' || !staff.is_forum || !saved.workerIds.every((id) => typeof id === 'number' && users.has(id))) return undefined;
  return { ...saved, staffChatId: saved.staffChatId, workerIds: saved.workerIds } as SavedSandbox;
}

/** The community chat and the channel, added to a sandbox kept from a version without them. */
function withCommunity(emulator: TelegramEmulator, saved: SavedSandbox): Required<SavedSandbox> {
  const exists = (id: number | undefined) => id !== undefined && emulator.chats().some((c) => c.id === id);
  const communityChatId = exists(saved.communityChatId)
    ? saved.communityChatId!
    : emulator.createGroup({ title: 'Community chat (sandbox)', members: [], admins: saved.workerIds, botIsAdmin: true }).id;
  const channelId = exists(saved.channelId) ? saved.channelId! : emulator.createChannel({ title: 'Netreach news (sandbox)', botIsAdmin: true, directMessages: true }).id;
  const next = { ...saved, communityChatId, channelId };
  emulator.setMeta('sandbox', next);
  return next;
}

function setUp(emulator: TelegramEmulator): SavedSandbox {
  const workers = [
    emulator.createUser({ first_name: 'Anna', last_name: '(outreach worker)', language_code: 'ru' }),
    emulator.createUser({ first_name: 'Boris', last_name: '(doctor)', language_code: 'ru' }),
  ];
  const staff = emulator.createForumGroup({ title: 'Netreach staff (sandbox)', members: workers.map((w) => w.id), botIsAdmin: true });
  const saved: SavedSandbox = { staffChatId: staff.id, workerIds: workers.map((w) => w.id) };
  emulator.setMeta('sandbox', saved);
  return saved;
}
