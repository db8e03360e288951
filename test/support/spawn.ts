import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TelegramEmulator } from '../../src/sandbox/emulator/index.ts';
import { freshDatabase } from './database.ts';
import { TEST_TOKEN } from './system.ts';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface RunningProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the first match of `pattern` in the output. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs src/main.ts exactly as `npm start` does (tsx), with only the given environment. */
export function startMain(env: Record<string, string>): RunningProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    out += chunk.toString();
    for (const l of listeners) l();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    output: () => out,
    exited,
    waitForOutput: (pattern, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const m = out.match(pattern);
          if (m) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(m);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${pattern} in output:\n${out}`));
        }, timeoutMs);
        listeners.add(check);
        void exited.then(() => setTimeout(() => { if (listeners.has(check)) { listeners.delete(check); clearTimeout(timer); reject(new Error(`process exited before ${pattern}; output:\n${out}`)); } }, 50));
        check();
      }),
  };
}

/**
 * What a whole-process test starts with: an emulator with a worker in a staff forum group, a fresh
 * database, and the environment that points `npm start` at them. `cleanups` gets their removal.
 */
export async function processFixture(cleanups: (() => Promise<unknown>)[]) {
  const emu = new TelegramEmulator({ bot: { token: TEST_TOKEN }, limits: false });
  const { url } = await emu.listen(0);
  cleanups.push(() => emu.close());
  const worker = emu.createUser({ first_name: 'Worker' });
  const staff = emu.createForumGroup({ title: 'Staff', members: [worker.id] });
  const db = await freshDatabase();
  cleanups.push(() => db.drop());
  const env: Record<string, string> = { TELEGRAM_BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: url, STAFF_CHAT_ID: String(staff.id), DATA_DIR: db.dataDir, PORT: '0', ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}) };
  return { emu, worker, staff, db, env };
}
