import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import type { User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseConfig } from '../src/config.ts';
import { announceActivity, LiveFeed, type CaseActivity } from '../src/console/cases/live.ts';
import { cases, inbox, scheduledJobs } from '../src/db/schema/index.ts';
import { JOB_ARRIVED_CHECK } from '../src/emergency/state.ts';
import { createLogger } from '../src/log.ts';
import { startNetreach, type Netreach } from '../src/netreach.ts';
import { NO_LIMITS } from '../src/outbox/limits.ts';
import { DEFAULT_SETTINGS, SETTINGS_FILE, type Settings } from '../src/organisation/settings.ts';
import { TelegramEmulator } from '../src/sandbox/emulator/index.ts';
import { freshDatabase } from './support/database.ts';
import { TEST_TOKEN } from './support/system.ts';

/**
 * Two instances of Netreach in webhook mode on one PostgreSQL database, as docs/deploy.md runs
 * them behind a reverse proxy. They are two systems started by `startNetreach` in this process
 * (each with its own pool, HTTP server, inbox, scheduler and periodic tasks), not two processes:
 * everything they share goes through the database and HTTP, as between processes, and a test
 * can move their clock and look inside. A small proxy here stands for the reverse proxy: it
 * splits the emulator's one webhook stream between them, sends some updates to both at once,
 * and loses some answers so that Telegram (the emulator) delivers those updates again, to the
 * other instance. PGlite is one process, so without TEST_DATABASE_URL there is nothing to test.
 */

const HOUR = 60 * 60_000;
const WEBHOOK_PATH = '/telegram/webhook';

type Name = 'A' | 'B';
interface Instance {
  name: Name;
  app: Netreach;
  logs: string[];
  url: string;
}

const postgres = inject('postgres');

/** Polls `check` until it holds (or fails after `timeoutMs`). */
async function until(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms: ${check.toString()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.skipIf(!postgres)('two instances on one PostgreSQL database, one webhook stream', () => {
  let emu: TelegramEmulator;
  let staffChatId: number;
  let dropDatabase: () => Promise<void>;
  let proxy: Server;
  const instances = {} as Record<Name, Instance>;
  let offset = Date.parse('2026-11-25T12:00:00Z') - Date.now();
  const now = () => new Date(Date.now() + offset);

  /** What the proxy did with each request the emulator made. */
  const deliveries: { updateId: number; to: Name[]; answered: number }[] = [];
  /** Set to send every request to one instance. */
  let only: Name | undefined;
  let turn = 0;

  beforeAll(async () => {
    emu = new TelegramEmulator({ bot: { token: TEST_TOKEN }, limits: false, webhookRetry: { baseMs: 20, maxMs: 200, timeoutMs: 30_000 } });
    const { url: apiRoot } = await emu.listen(0, '127.0.0.1');
    const workers = [emu.createUser({ first_name: 'Worker', last_name: 'One' })];
    staffChatId = emu.createForumGroup({ title: 'Staff', members: workers.map((w) => w.id), botIsAdmin: true }).id;

    proxy = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        const n = turn++;
        // Every fifth update goes to both instances at once; every seventh answer is lost, so the
        // emulator delivers the update again, and that next request goes to the other instance.
        const to: Name[] = only ? [only] : n % 5 === 2 ? ['A', 'B'] : [n % 2 === 0 ? 'A' : 'B'];
        const lose = !only && n % 7 === 3;
        const forward = (name: Name) =>
          fetch(`${instances[name].url}${WEBHOOK_PATH}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': String(req.headers['x-telegram-bot-api-secret-token'] ?? '') },
            body,
          }).then(async (r) => ({ status: r.status, text: await r.text() }));
        void Promise.all(to.map(forward)).then(
          (answers) => {
            const answered = lose ? 502 : answers[0]!.status;
            deliveries.push({ updateId: (JSON.parse(body) as { update_id: number }).update_id, to, answered });
            res.writeHead(answered, { 'content-type': 'application/json' }).end(lose ? '{"ok":false}' : answers[0]!.text);
          },
          () => res.writeHead(502).end(),
        );
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const hook = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}${WEBHOOK_PATH}`;

    const database = await freshDatabase();
    dropDatabase = database.drop;
    const secretKey = randomBytes(32).toString('base64');
    const settings: Settings = { ...DEFAULT_SETTINGS, contentReviewer: { name: 'Anna Test', role: 'doctor' } };
    for (const name of ['A', 'B'] as const) {
      // Each instance has its own DATA_DIR, as on its own machine; the key is the same.
      const dataDir = name === 'A' ? database.dataDir : mkdtempSync(join(inject('testRoot'), 'instance-b-'));
      writeFileSync(join(dataDir, SETTINGS_FILE), JSON.stringify(settings));
      const parsed = parseConfig({
        TELEGRAM_BOT_TOKEN: TEST_TOKEN,
        TELEGRAM_API_ROOT: apiRoot,
        STAFF_CHAT_ID: String(staffChatId),
        DATA_DIR: dataDir,
        DATABASE_URL: database.databaseUrl!,
        NETREACH_SECRET_KEY: secretKey,
        WEBHOOK_URL: hook,
        PORT: '0',
      });
      if (!parsed.ok) throw new Error(parsed.errors.join('; '));
      const logs: string[] = [];
      const sink = new Writable({ write: (chunk, _e, done) => (logs.push(String(chunk)), done()) });
      // The emulator enforces no limits here, so the bot keeps to none (as test/support/system.ts does).
      const app = await startNetreach(parsed.config, createLogger(sink, 'debug'), { now, telegramLimits: NO_LIMITS });
      instances[name] = { name, app, logs, url: app.url };
    }
  });

  afterAll(async () => {
    for (const i of Object.values(instances)) await i.app.stop();
    await emu?.close();
    await new Promise((r) => proxy?.close(r));
    await dropDatabase?.();
  });

  const both = () => [instances.A, instances.B];
  const db = () => instances.A.app.database.db;
  const botId = () => emu.botUser.id;
  /** The bot's messages in the staff group. */
  const staffMessages = () => emu.messages(staffChatId).filter((m) => m.from?.id === botId() && m.text);
  /** Whether a staff message carries a client's text: as a copy, or as a line of a digest of several. */
  const carries = (m: { text?: string }, text: string) => m.text!.split('\n').some((line) => line === text || line.endsWith(` ${text}`));
  /** How many times a client's text reached the staff group. */
  const timesRelayed = (text: string) => staffMessages().filter((m) => carries(m, text)).length;
  /** Waits until Telegram has no update left to deliver and both inboxes are done with theirs. */
  const settle = async () => {
    await emu.waitFor(() => emu.pendingUpdateCount === 0, 30_000);
    for (const i of both()) await i.app.inbox.idle();
  };

  it('handles each update once and opens one topic per case, however the stream is split and redelivered', async () => {
    const clients: User[] = [];
    const texts = new Map<number, string[]>();
    for (let c = 0; c < 12; c++) {
      const user = emu.createUser({ first_name: `Client ${c}`, language_code: 'ru' });
      clients.push(user);
      texts.set(user.id, []);
    }
    // Each client writes three messages in a burst: one after another reach different instances, at once.
    for (const user of clients) {
      for (let m = 0; m < 3; m++) {
        const text = `клиент ${user.id} сообщение ${m}`;
        texts.get(user.id)!.push(text);
        emu.userSends(user.id, user.id, { text });
      }
    }
    await settle();
    const all = [...texts.values()].flat();
    await until(() => all.every((t) => timesRelayed(t) > 0), 60_000);
    for (const i of both()) await i.app.inbox.idle();

    // The stream really was split, doubled and redelivered.
    const to = (name: Name) => deliveries.filter((d) => d.to.includes(name)).length;
    expect(to('A')).toBeGreaterThan(0);
    expect(to('B')).toBeGreaterThan(0);
    expect(deliveries.some((d) => d.to.length === 2)).toBe(true);
    const redelivered = deliveries.filter((d, i) => deliveries.findIndex((e) => e.updateId === d.updateId) !== i);
    expect(redelivered.length).toBeGreaterThan(0);

    // Each update stored once and handled once: one copy of every message, and one "handled" line across both logs.
    expect(all.filter((t) => timesRelayed(t) !== 1)).toEqual([]);
    const updateIds = [...new Set(deliveries.map((d) => d.updateId))];
    const rows = await db().select({ id: inbox.updateId, status: inbox.status }).from(inbox);
    expect(rows.map((r) => r.id).sort()).toEqual(updateIds.sort());
    expect(rows.filter((r) => r.status !== 'done')).toEqual([]);
    const handled = both().flatMap((i) => i.logs.join('').match(/"event":"update.done","update_id":\d+/g) ?? []);
    expect(handled).toHaveLength(updateIds.length);
    expect(new Set(handled).size).toBe(updateIds.length);

    // One case and one topic per client, each client's messages all in it.
    const open = await db().select().from(cases);
    expect(open).toHaveLength(clients.length);
    const topics = emu.topics(staffChatId);
    expect(topics).toHaveLength(clients.length);
    expect(new Set(open.map((c) => c.topicId)).size).toBe(clients.length);
    for (const user of clients) {
      const threads = new Set(staffMessages().filter((m) => texts.get(user.id)!.some((t) => carries(m, t))).map((m) => m.message_thread_id));
      expect(threads.size).toBe(1);
      expect(topics.map((t) => t.message_thread_id)).toContain([...threads][0]);
    }
  });

  it('runs a due follow-up ("has help arrived?") once while both schedulers poll', async () => {
    const user = emu.createUser({ first_name: 'Emergency', language_code: 'ru' });
    // One delivery to one instance: answered on arrival there, and its follow-ups stored.
    only = 'A';
    emu.userSends(user.id, user.id, { text: 'помогите друг не дышит посинел' });
    await settle();
    only = undefined;
    const checks = () => db().select().from(scheduledJobs).where(eq(scheduledJobs.kind, JOB_ARRIVED_CHECK));
    await until(async () => (await checks()).length === 1);
    expect((await checks())[0]!.status).toBe('pending');
    const toClient = () => emu.messages(user.id).filter((m) => m.from?.id === botId());
    // The first reply and its two questions.
    await until(() => toClient().length >= 3);
    const before = toClient().length;

    // The reminder falls due for both at once: both run their due jobs together, besides their own polling.
    offset += 301_000;
    await Promise.all(both().map((i) => i.app.deps.scheduler.runDue()));
    await until(async () => (await checks())[0]!.status === 'done');
    await Promise.all(both().map((i) => i.app.deps.scheduler.runDue()));
    await until(() => toClient().length > before);
    expect(toClient().slice(before)).toHaveLength(1);
    expect((await checks()).map((j) => j.status)).toEqual(['done']);
  });

  it('carries a live console event raised on instance A to a subscriber on instance B', async () => {
    // A feed per instance, as each process has one; B's reads only when told.
    const onA = await LiveFeed.open(instances.A.app.database.db, { pollMs: HOUR });
    const onB = await LiveFeed.open(instances.B.app.database.db, { pollMs: HOUR });
    try {
      const heardOnB: CaseActivity[] = [];
      onB.subscribe((a) => heardOnB.push(a));
      const user = emu.createUser({ first_name: 'Live', language_code: 'ru' });
      only = 'A';
      emu.userSends(user.id, user.id, { text: 'есть кто живой?' });
      await settle();
      only = undefined;
      await until(() => timesRelayed('есть кто живой?') === 1);
      const thread = staffMessages().find((m) => carries(m, 'есть кто живой?'))!.message_thread_id;
      const [kase] = await db().select().from(cases).where(eq(cases.topicId, thread!));
      await announceActivity(instances.A.app.database.db);
      await until(() => heardOnB.some((a) => a.id === kase!.id));
    } finally {
      await onA.close();
      await onB.close();
    }
  });
});
