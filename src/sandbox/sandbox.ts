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
}

/**
 * The sandbox: with no Telegram token, the bot talks to the built-in Bot API emulator, which
 * starts with a staff forum group (two sample workers) so the whole flow can be tried at once.
 */
export function createSandbox(opts: SandboxOptions = {}): Sandbox {
  const emulator = new TelegramEmulator({ limits: false, ...(opts.dataDir ? { persistPath: join(opts.dataDir, SANDBOX_STATE_FILE) } : {}) });
  const { staffChatId, workerIds } = reuse(emulator) ?? setUp(emulator);
  return { emulator, token: emulator.token, staffChatId, workerIds, close: () => emulator.close() };
}

/** The staff group and workers of an earlier run, when the kept state still has them. */
function reuse(emulator: TelegramEmulator): SavedSandbox | undefined {
  const saved = emulator.meta.sandbox as Partial<SavedSandbox> | undefined;
  if (!saved || typeof saved.staffChatId !== 'number' || !Array.isArray(saved.workerIds)) return undefined;
  const staff = emulator.chats().find((c) => c.id === saved.staffChatId);
  const users = new Set(emulator.users().map((u) => u.id));
  if (!staff || staff.type !== 'supergroup' || !staff.is_forum || !saved.workerIds.every((id) => typeof id === 'number' && users.has(id))) return undefined;
  return { staffChatId: saved.staffChatId, workerIds: saved.workerIds };
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
