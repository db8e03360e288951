import { Api } from 'grammy';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseConfig } from '../src/config.ts';
import { createLogger } from '../src/log.ts';
import { startNetreach } from '../src/netreach.ts';
import { TelegramEmulator } from '../src/sandbox/emulator/index.ts';

const TOKEN = '7000000001:AAFakeTokenForNetreachBenchmarks_012345';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Client message → copy in the staff topic, through the whole system (HTTP long polling, inbox,
 * database, Bot API calls), against the floor: one bare Bot API round trip to the same emulator.
 */
export async function benchRelay(opts: { clients: number; messagesPerClient: number }) {
  const emu = new TelegramEmulator({ bot: { token: TOKEN }, limits: false });
  const { url } = await emu.listen(0);
  const worker = emu.createUser({ first_name: 'W' });
  const staff = emu.createForumGroup({ title: 'Staff', members: [worker.id] });
  const dataDir = mkdtempSync(join(tmpdir(), 'netreach-bench-'));
  const parsed = parseConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: url, STAFF_CHAT_ID: String(staff.id), DATA_DIR: dataDir, PORT: '0', DATABASE_URL: process.env.BENCH_DATABASE_URL });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const app = await startNetreach(parsed.config, createLogger(new Writable({ write: (_c, _e, done) => done() })));

  // Baseline: bare sendMessage round trips over the same HTTP stack.
  const api = new Api(TOKEN, { apiRoot: url });
  const probe = emu.createUser({ first_name: 'P' });
  emu.userSends(probe.id, probe.id, { text: '/start' });
  const baseline: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    await api.sendMessage(staff.id, `ping ${i}`);
    baseline.push(performance.now() - t);
  }

  // Idle latency: one message at a time, each timed from the client's send to its copy in the topic.
  const quiet = emu.createUser({ first_name: 'Q' });
  const idle: number[] = [];
  for (let i = 0; i < 30; i++) {
    const text = `idle ${i}`;
    const arrived = new Promise<void>((resolve) => {
      const on = (m: { chat: { id: number }; text?: string }) => {
        if (m.chat.id === staff.id && m.text === text) {
          emu.off('message', on);
          resolve();
        }
      };
      emu.on('message', on);
    });
    const t = performance.now();
    emu.userSends(quiet.id, quiet.id, { text });
    await arrived;
    idle.push(performance.now() - t);
  }

  // Burst: many clients at once; each message timed from send to copy, queueing included.
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const done = new Promise<void>((resolve) => {
    emu.on('message', (m) => {
      const started = m.text ? sentAt.get(m.text) : undefined;
      if (started !== undefined && m.chat.id === staff.id) {
        latencies.push(performance.now() - started);
        sentAt.delete(m.text!);
        if (latencies.length === opts.clients * opts.messagesPerClient) resolve();
      }
    });
  });
  const clients = Array.from({ length: opts.clients }, (_, i) => emu.createUser({ first_name: `C${i}` }));
  const started = performance.now();
  for (let round = 0; round < opts.messagesPerClient; round++) {
    for (const c of clients) {
      const text = `msg ${c.id} ${round}`;
      sentAt.set(text, performance.now());
      emu.userSends(c.id, c.id, { text });
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  await done;
  const elapsed = performance.now() - started;
  await app.stop();
  await emu.close();
  rmSync(dataDir, { recursive: true, force: true });

  for (const list of [baseline, idle, latencies]) list.sort((a, b) => a - b);
  return {
    database: app.database.kind,
    baselineP50: percentile(baseline, 50),
    idleP50: percentile(idle, 50),
    idleP95: percentile(idle, 95),
    idleRatio: percentile(idle, 50) / percentile(baseline, 50),
    burstMessages: latencies.length,
    burstThroughput: latencies.length / (elapsed / 1000),
    burstP50: percentile(latencies, 50),
    burstP95: percentile(latencies, 95),
  };
}
