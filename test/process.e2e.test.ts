import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TelegramEmulator } from '../src/sandbox/emulator/index.ts';
import { freshDatabase } from './support/database.ts';
import { spawn } from 'node:child_process';
import { processFixture, ROOT, startMain } from './support/spawn.ts';
import { TEST_TOKEN } from './support/system.ts';

/** A separate process compiled by tsx on a loaded 2-core machine: a step may take seconds. */
const SLOW_MS = 30_000;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const fn of cleanups) await fn().catch(() => {});
});

describe('the process as npm start runs it', () => {
  it('relays, keeps nothing identifying in DATA_DIR or the logs, and stops cleanly on SIGTERM', async () => {
    const { emu, worker, staff, db, env } = await processFixture(cleanups);

    const proc = startMain(env);
    cleanups.push(async () => proc.child.kill('SIGKILL'));
    const address = (await proc.waitForOutput(/running in telegram mode at (http:\/\/\S+)/))[1]!;
    /** Waits for a step; if it never comes, says which, with the process's log events (names only). */
    const step = async <T,>(name: string, condition: () => T) =>
      emu.waitFor(condition, SLOW_MS).catch((err: unknown) => {
        const events = [...proc.output().matchAll(/"event":"([^"]+)"/g)].map((m) => m[1]).join(' ');
        throw new Error(`${name}: ${String(err)}; events: ${events}`);
      });

    // A client whose every identifier is a distinctive string.
    const client = emu.createUser({ id: 987654321987, first_name: 'Zyxwquartz', last_name: 'Pflombert', username: 'zyx_unique_handle', language_code: 'ru' });
    const secret = 'Квазиуникальный текст 7Q-omega о здоровье';
    emu.userSends(client.id, client.id, { text: secret });
    emu.userSends(client.id, client.id, { photo: true, caption: `${secret} (подпись)` });
    // The case's topic is the one the copies reach. (After duty hours the bot's notice and the
    // outbox may both open a topic at once; the one that loses is deleted.)
    const thread = await step('photo copied', () =>
      emu.topics(staff.id).map((t) => t.message_thread_id).find((id) => emu.messages(staff.id, { threadId: id }).filter((m) => m.photo).length === 1),
    );
    emu.userSends(worker.id, staff.id, { text: 'Ответ сотрудника' }, { message_thread_id: thread });
    await step('reply delivered', () => emu.messages(client.id).some((m) => m.text === 'Ответ сотрудника'));
    // The emergency path and a note carry text too.
    emu.userSends(client.id, client.id, { text: 'Зюзябра не дышит после гера' });
    emu.userSends(worker.id, staff.id, { text: '/note Заметка-Квиркл о клиенте' }, { message_thread_id: thread });
    await step('note saved', () => emu.messages(staff.id, { threadId: thread }).some((m) => m.text?.includes('Заметка сохранена')));
    // Alone, or in a block of waiting texts when the group's budget made it wait (on a loaded machine).
    await step('emergency text copied', () => emu.messages(staff.id, { threadId: thread }).some((m) => m.text?.includes('Зюзябра не дышит после гера')));

    const health = await fetch(`${address}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'ok', telegram: 'ok', mode: 'telegram' });
    const home = await (await fetch(address)).text();
    expect(home).toContain('Telegram');
    expect(home).toMatch(/Версия \d+\.\d+\.\d+/);

    const started = Date.now();
    proc.child.kill('SIGTERM');
    const exit = await proc.exited;
    expect(exit.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(8000);

    // Nothing identifying, in any file under DATA_DIR (database pages, WAL, key) or in the output.
    const needles = [String(client.id), 'Zyxwquartz', 'Pflombert', 'zyx_unique_handle', 'Квазиуникальный', '7Q-omega', 'Зюзябра', 'Квиркл'];
    const files = filesUnder(db.dataDir);
    // On PostgreSQL only the key lives in DATA_DIR; the rows are searched below.
    expect(files.length).toBeGreaterThan(db.databaseUrl ? 0 : 5);
    for (const file of files) {
      if (!statSync(file).isFile()) continue;
      const bytes = readFileSync(file);
      for (const needle of needles) {
        expect(bytes.includes(Buffer.from(needle, 'utf8')), `${needle} found in ${file}`).toBe(false);
      }
    }
    const logs = proc.output();
    expect(logs).toMatch(/"event":"relay.client"/);
    for (const needle of [...needles, String(staff.id), String(worker.id), 'Ответ сотрудника']) expect(logs).not.toContain(needle);

    if (db.databaseUrl) {
      // On PostgreSQL the data lives outside DATA_DIR: dump every row as text and search it.
      const pg = await import('pg');
      const c = new pg.default.Client({ connectionString: db.databaseUrl });
      await c.connect();
      const tables = (await c.query<{ tablename: string }>(`select tablename from pg_tables where schemaname = 'public'`)).rows;
      let dump = '';
      for (const { tablename } of tables) dump += JSON.stringify((await c.query(`select * from "${tablename}"`)).rows);
      await c.end();
      expect(dump.length).toBeGreaterThan(100);
      for (const needle of needles) expect(dump).not.toContain(needle);
    }
  });

  it('stops with one clear line for a configuration mistake', async () => {
    const proc = startMain({ TELEGRAM_BOT_TOKEN: TEST_TOKEN, PORT: '99999', DATA_DIR: '/tmp/netreach-never-created' });
    const exit = await proc.exited;
    expect(exit.code).toBe(78);
    const lines = proc.output().trim().split('\n');
    expect(lines).toEqual([
      'netreach: configuration error: PORT must be a whole number from 0 to 65535',
      expect.stringMatching(/^netreach: configuration error: STAFF_CHAT_ID is required when TELEGRAM_BOT_TOKEN is set/),
    ]);
  });

  it('says so in one line when Telegram rejects the token', async () => {
    const emu = new TelegramEmulator({ limits: false });
    const { url } = await emu.listen(0);
    cleanups.push(() => emu.close());
    const db = await freshDatabase();
    const proc = startMain({ TELEGRAM_BOT_TOKEN: TEST_TOKEN, TELEGRAM_API_ROOT: url, STAFF_CHAT_ID: '-1001234567890', DATA_DIR: db.dataDir, PORT: '0' });
    const exit = await proc.exited;
    expect(exit.code).toBe(78);
    expect(proc.output()).toMatch(/netreach: TELEGRAM_BOT_TOKEN was rejected by Telegram \(401 Unauthorized\)/);
    expect(proc.output()).not.toMatch(/\n\s+at /);
  });

  it('runs the sandbox when no token is set', async () => {
    const db = await freshDatabase();
    const proc = startMain({ DATA_DIR: db.dataDir, PORT: '0' });
    cleanups.push(async () => proc.child.kill('SIGKILL'));
    const address = (await proc.waitForOutput(/running in sandbox mode at (http:\/\/\S+)/))[1]!;
    // A fresh installation prints the one-time link that creates the first console admin.
    const setupLink = (await proc.waitForOutput(/create the first admin at (http:\/\/\S+)/))[1]!;
    const setupPage = await fetch(setupLink);
    expect(setupPage.status).toBe(200);
    expect(await setupPage.text()).toMatch(/<form/);
    const health = await (await fetch(`${address}/healthz`)).json();
    expect(health).toMatchObject({ status: 'ok', mode: 'sandbox' });
    expect(await (await fetch(address)).text()).toMatch(/песочница/);

    // A person plays a client through the emulator's control API on the same server.
    const control = `${address}/sandbox/telegram/control`;
    const postJson = async (path: string, body: unknown) =>
      (await (await fetch(`${control}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as {
        ok: boolean;
        result: { id: number };
      };
    const client = (await postJson('/users', { first_name: 'Sandbox client' })).result;
    expect((await postJson('/messages', { from: client.id, chat_id: client.id, text: 'привет из песочницы' })).ok).toBe(true);
    const chats = (await (await fetch(`${control}/chats`)).json()) as { result: { id: number; is_forum?: boolean }[] };
    const staff = chats.result.find((c) => c.is_forum)!;
    const topics = async () => ((await (await fetch(`${control}/chats/${staff.id}/topics`)).json()) as { result: { name: string }[] }).result;
    for (let i = 0; i < 100 && (await topics()).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await topics())[0]?.name).toMatch(/^🆕 #1 · Клиент /);
    // A page left open holds an event stream; shutting down ends it rather than waiting it out.
    const events = await fetch(`${address}/sandbox/events`);
    const reader = events.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toMatch(/event: ready/);
    proc.child.kill('SIGINT');
    expect((await proc.exited).code).toBe(0);
    expect(proc.output()).not.toMatch(/forced|timed out/i);
  });

  it('creates an admin account from the command line', async () => {
    const db = await freshDatabase();
    const run = (input: string) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, ['bin/netreach.mjs', 'admin', 'create', '--login', 'coordinator1', '--name', 'Coordinator One'], {
          cwd: ROOT,
          env: { PATH: process.env.PATH ?? '', DATA_DIR: db.dataDir, ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}) },
        });
        let out = '';
        child.stdout.on('data', (c) => (out += c));
        child.stderr.on('data', (c) => (out += c));
        child.stdin.end(input);
        child.on('exit', (code) => resolve({ code, out }));
      });
    const created = await run('a long enough passphrase\n');
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/admin account "coordinator1" created/);
    expect(created.out).not.toContain('a long enough passphrase');
    const again = await run('a long enough passphrase\n');
    expect(again.code).toBe(2);
    const weak = await run('short\n');
    expect(weak.code).toBe(2);
    await db.drop();
  });
});
