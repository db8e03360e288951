import { TelegramEmulator } from './emulator/index.ts';

/** Where the HTTP server serves the emulator's Bot API (and its control API under `/control`). */
export const SANDBOX_API_PATH = '/sandbox/telegram';

export interface Sandbox {
  emulator: TelegramEmulator;
  token: string;
  staffChatId: number;
  /** The sample staff-group members a person can play in the simulator. */
  workerIds: number[];
  close(): Promise<void>;
}

/**
 * The sandbox: with no Telegram token, the bot talks to the built-in Bot API emulator, which
 * starts with a staff forum group (two sample workers) so the whole flow can be tried at once.
 */
export function createSandbox(): Sandbox {
  const emulator = new TelegramEmulator({ limits: false });
  const workers = [
    emulator.createUser({ first_name: 'Anna', last_name: '(outreach worker)', language_code: 'ru' }),
    emulator.createUser({ first_name: 'Boris', last_name: '(doctor)', language_code: 'ru' }),
  ];
  const staff = emulator.createForumGroup({ title: 'Netreach staff (sandbox)', members: workers.map((w) => w.id), botIsAdmin: true });
  return { emulator, token: emulator.token, staffChatId: staff.id, workerIds: workers.map((w) => w.id), close: () => emulator.close() };
}
