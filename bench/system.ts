import { Api } from 'grammy';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { startNetreach, type Netreach } from '../src/netreach.ts';
import { DEFAULT_SETTINGS, SETTINGS_FILE } from '../src/organisation/settings.ts';
import { TelegramEmulator } from '../src/sandbox/emulator/index.ts';
import { NO_LIMITS, TELEGRAM_LIMITS } from '../src/outbox/limits.ts';
import { jumpingClock } from '../src/outbox/virtual-clock.ts';

const TOKEN = '7000000001:AAFakeTokenForNetreachBenchmarks_012345';

export interface BenchSystem {
  emu: TelegramEmulator;
  app: Netreach;
  staffChatId: number;
  /** p50 of bare sendMessage round trips to the same emulator: the floor every figure is compared with. */
  baselineP50: number;
  stop(): Promise<void>;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** The whole system in-process (HTTP long polling, inbox, database) against an emulator, as in the tests. */
export async function startBenchSystem(opts: { telegramLimits?: boolean; virtualTelegramTime?: boolean } = {}): Promise<BenchSystem> {
  const clock = opts.virtualTelegramTime ? jumpingClock() : undefined;
  const emu = new TelegramEmulator({ bot: { token: TOKEN }, limits: false, now: clock?.now });
  const { url } = await emu.listen(0);
  const worker = emu.createUser({ first_name: 'W' });
  const staff = emu.createForumGroup({ title: 'Staff', members: [worker.id] });
  // The baseline's pings must not spend the group's budget the system is measured on.
  const pingChat = emu.createForumGroup({ title: 'Ping', members: [worker.id] });
  const dataDir = mkdtempSync(join(tmpdir(), 'netreach-bench-'));
  writeFileSync(join(dataDir, SETTINGS_FILE), JSON.stringify({ ...DEFAULT_SETTINGS, contentReviewer: { name: 'Bench', role: 'doctor' } }));
  const parsed = parseConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: url, STAFF_CHAT_ID: String(staff.id), DATA_DIR: dataDir, PORT: '0', DATABASE_URL: process.env.BENCH_DATABASE_URL });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const app = await startNetreach(parsed.config, createLogger(new Writable({ write: (_c, _e, done) => done() })), {
    telegramLimits: opts.telegramLimits ? TELEGRAM_LIMITS : NO_LIMITS,
    telegramClock: clock,
  });

  const api = new Api(TOKEN, { apiRoot: url });
  const baseline: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    await api.sendMessage(pingChat.id, `ping ${i}`);
    baseline.push(performance.now() - t);
  }
  if (opts.telegramLimits) emu.setLimits({});
  return {
    emu,
    app,
    staffChatId: staff.id,
    baselineP50: percentile(baseline, 50),
    stop: async () => {
      await app.stop();
      await emu.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Resolves with the time from now until a message matching `predicate` is stored by the emulator. */
export function timeUntil(emu: TelegramEmulator, predicate: (m: { chat: { id: number }; text?: string }) => boolean): Promise<number> {
  const started = performance.now();
  return new Promise((resolve) => {
    const on = (m: { chat: { id: number }; text?: string }) => {
      // A text bundled into a block of waiting messages counts as arrived with the block.
      const lines = m.text?.split('\n') ?? [];
      if (!predicate(m) && !lines.some((line) => predicate({ ...m, text: line }))) return;
      emu.off('message', on);
      resolve(performance.now() - started);
    };
    emu.on('message', on);
  });
}
