import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { parseConfig } from '../../src/config.ts';
import { confirmTotpEnrolment, createAccount, pendingTotpSecret } from '../../src/console/auth/accounts.ts';
import { totp } from '../../src/console/auth/totp.ts';
import { TEST_PASSWORD, TestBrowser } from '../../src/console/testing.ts';
import { createLogger } from '../../src/log.ts';
import { startNetreach, type Netreach } from '../../src/netreach.ts';
import { addDays, localDateOf, zonedDateTime } from '../../src/organisation/mobile-units.ts';
import { DEFAULT_SETTINGS, SETTINGS_FILE } from '../../src/organisation/settings.ts';
import { Vault } from '../../src/privacy/vault.ts';
import { TelegramEmulator } from '../../src/sandbox/emulator/index.ts';
import { percentile } from '../system.ts';
import { createDatabase, dropDatabase, GENERATED_STAFF_CHAT, generateDataset, type DatasetCounts } from './dataset.ts';

/**
 * The console and reports on a large dataset in PostgreSQL: each console page's p95 beside a
 * raw-SQL query reading the same rows, a one-year report's time and peak resident memory (in a
 * process of its own), and a new client's first message at that size against an empty database.
 *
 * BENCH_SCALE_CASES sets the size (20,000 by default; 1000000 for the full figures, about four
 * messages per case); BENCH_SCALE_PG the server (postgres://postgres@127.0.0.1:5432/postgres).
 * The databases are created and dropped here; BENCH_SCALE_KEEP=1 keeps the large one and reuses
 * it next time (for working on the queries: building a million cases takes minutes).
 */

const TOKEN = '7000000001:AAFakeTokenForNetreachBenchmarks_012345';
const SECRET_KEY = 'netreach-scale-bench-key-not-a-secret-0123';
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

interface ScaleSystem {
  app: Netreach;
  emu: TelegramEmulator;
  staffChatId: number;
  browser: TestBrowser;
  stop(): Promise<void>;
}

/** The whole system on `url` (Telegram mode against an emulator), with an admin signed in to the console. */
async function startScaleSystem(url: string): Promise<ScaleSystem> {
  const emu = new TelegramEmulator({ bot: { token: TOKEN }, limits: false });
  const { url: apiRoot } = await emu.listen(0, '127.0.0.1');
  const worker = emu.createUser({ first_name: 'W' });
  const staff = emu.createForumGroup({ title: 'Staff', members: [worker.id], botIsAdmin: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'netreach-scale-'));
  writeFileSync(join(dataDir, SETTINGS_FILE), JSON.stringify({ ...DEFAULT_SETTINGS, contentReviewer: { name: 'Bench', role: 'doctor' } }));
  const parsed = parseConfig({
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: apiRoot,
    STAFF_CHAT_ID: String(staff.id),
    DATA_DIR: dataDir,
    PORT: '0',
    DATABASE_URL: url,
    NETREACH_SECRET_KEY: SECRET_KEY,
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const app = await startNetreach(parsed.config, createLogger(new Writable({ write: (_c, _e, done) => done() })));

  const db = app.database.db;
  const vault = new Vault(Buffer.from(SECRET_KEY, 'utf8'));
  const login = `bench-admin-${Date.now()}`;
  const created = await createAccount(db, { login, displayName: 'Bench admin', role: 'admin', password: TEST_PASSWORD });
  if (!created.ok) throw new Error(created.problems.join());
  const secret = await pendingTotpSecret(db, vault, created.account);
  if (!(await confirmTotpEnrolment(db, vault, created.account, totp(secret, Date.now() - 30_000), new Date()))) throw new Error('enrolment failed');
  const browser = new TestBrowser({ request: (path, init) => fetch(path.replace('http://localhost', app.url), { ...init, redirect: 'manual' }) });
  await browser.get('/console/login');
  await browser.post('/console/login', { login, password: TEST_PASSWORD });
  await browser.get('/console/login/totp');
  const done = await browser.post('/console/login/totp', { code: totp(secret, Date.now()) });
  if (done.headers.get('location') !== '/console') throw new Error(`sign-in ended at ${done.headers.get('location')}`);
  return {
    app,
    emu,
    staffChatId: staff.id,
    browser,
    stop: async () => {
      await app.stop();
      await emu.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Times `run` over `paths` in turn (after a warm-up), up to `samples` times or `budgetMs`, whichever comes first. */
async function timeEach<T>(items: T[], run: (item: T) => Promise<void>, samples = 40, budgetMs = 30_000): Promise<number[]> {
  for (const item of items.slice(0, 2)) await run(item);
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; times.length < samples && (times.length < 5 || performance.now() - started < budgetMs); i++) {
    const t = performance.now();
    await run(items[i % items.length]!);
    times.push(performance.now() - t);
  }
  return times;
}

async function getPage(browser: TestBrowser, path: string): Promise<void> {
  const res = await browser.get(path);
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
  await res.arrayBuffer();
}

interface PageFigure {
  page: string;
  p95: number;
  baselineP95: number;
  samples: number;
}

async function measurePages(sys: ScaleSystem, pool: pg.Pool, now: Date): Promise<PageFigure[]> {
  const one = async (text: string, params: unknown[] = []) => void (await pool.query(text, params));
  const { rows: ids } = await pool.query<{ id: number; client_id: number }>(
    `(select id, client_id from cases where status <> 'closed' order by id desc limit 20)
     union all (select id, client_id from cases tablesample bernoulli (1) limit 20)`,
  );
  const caseIds = ids.map((r) => r.id);
  const clientIds = ids.map((r) => r.client_id);
  const settings = DEFAULT_SETTINGS;
  // The reports page opens on the last full month; its raw read is that month's and the one before's cases.
  const today = localDateOf(settings, now);
  const monthEnd = zonedDateTime(settings, `${today.slice(0, 7)}-01`, '00:00');
  const monthStart = zonedDateTime(settings, `${addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7)}-01`, '00:00');
  const prevStart = new Date(monthStart.getTime() - (monthEnd.getTime() - monthStart.getTime()));
  const pages: { page: string; paths: string[]; baseline: (i: number) => Promise<void> }[] = [
    {
      page: 'inbox',
      paths: ['/console'],
      baseline: () =>
        one(`select c.id, c.status, c.last_activity_at, c.needs, cl.pseudonym from cases c join clients cl on cl.id = c.client_id
             where c.status <> 'closed' order by c.last_activity_at desc, c.id desc limit 200`),
    },
    {
      page: 'case',
      paths: caseIds.map((id) => `/console/cases/${id}`),
      baseline: async (i) => {
        const id = caseIds[i % caseIds.length];
        await one(`select * from cases where id = $1`, [id]);
        await one(`select * from case_events where case_id = $1 order by at, id`, [id]);
        await one(`select * from messages where case_id = $1 order by id`, [id]);
      },
    },
    {
      page: 'clients',
      paths: Array.from({ length: 10 }, (_, i) => `/console/clients${i ? `?page=${i + 1}` : ''}`),
      baseline: (i) => one(`select id, pseudonym, first_seen_at, last_seen_at from clients order by last_seen_at desc, id desc limit 51 offset $1`, [(i % 10) * 50]),
    },
    {
      page: 'client',
      paths: clientIds.map((id) => `/console/clients/${id}`),
      baseline: (i) => one(`select * from cases where client_id = $1 order by opened_at desc`, [clientIds[i % clientIds.length]]),
    },
    {
      page: 'reports (month)',
      paths: ['/console/reports'],
      baseline: () => one(`select count(*), count(distinct client_id), count(recorded_at) from cases where opened_at >= $1 and opened_at < $2`, [prevStart, monthEnd]),
    },
    {
      page: 'audit',
      paths: ['/console/audit', '/console/audit?page=2', '/console/audit?action=transcript.view'],
      baseline: (i) => one(`select a.*, acc.display_name from audit_log a left join accounts acc on acc.id = a.account_id order by a.at desc, a.id desc limit 101 offset $1`, [(i % 2) * 100]),
    },
  ];
  const figures: PageFigure[] = [];
  for (const p of pages) {
    const times = await timeEach(p.paths, (path) => getPage(sys.browser, path));
    let n = 0;
    const base = await timeEach([0], () => p.baseline(n++));
    figures.push({ page: p.page, p95: percentile(times, 95), baselineP95: percentile(base, 95), samples: times.length });
  }
  return figures;
}

/**
 * New clients measured on each database: each costs the staff group about three of the 20 messages
 * a minute Telegram allows there (the new topic, the case header, the copy), and the outbox holds
 * the seventh back for the next minute: more would time that wait rather than the work done.
 */
const NEW_CLIENTS = 5;

/** A new client's first message, until its copy is in the staff group: one client at a time. */
async function firstMessages(sys: ScaleSystem, count: number): Promise<number[]> {
  const times: number[] = [];
  // Ids of this run only: a kept database already knows the emulator's first users from the last run.
  const firstId = 5_000_000_000 + (Date.now() % 1_000_000_000) * 100;
  for (let i = 0; i < count; i++) {
    const user = sys.emu.createUser({ id: firstId + i, first_name: `New${i}` });
    const text = `first ${user.id}`;
    const started = performance.now();
    let on: (m: { chat: { id: number }; text?: string }) => void = () => {};
    let timer: NodeJS.Timeout | undefined;
    const arrived = new Promise<void>((resolve, reject) => {
      on = (m) => {
        if (m.chat.id === sys.staffChatId && m.text === text) resolve();
      };
      sys.emu.on('message', on);
      timer = setTimeout(() => reject(new Error(`a new client's first message did not reach the staff group within 60 s`)), 60_000);
    });
    sys.emu.userSends(user.id, user.id, { text });
    try {
      await arrived;
    } finally {
      sys.emu.off('message', on);
      clearTimeout(timer);
    }
    times.push(performance.now() - started);
  }
  return times;
}

/** The one-year report, in a child process; peak resident memory is that process's. */
async function yearReport(url: string, now: Date) {
  const settings = DEFAULT_SETTINGS;
  const lastDay = addDays(localDateOf(settings, now), -1);
  const from = zonedDateTime(settings, addDays(lastDay, -364), '00:00');
  const to = zonedDateTime(settings, addDays(lastDay, 1), '00:00');
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(here, 'report-child.ts'), url, from.toISOString(), to.toISOString()], {
    cwd: root,
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as {
    reportMs: number;
    byWorkerMs: number;
    xlsxMs: number;
    rows: number;
    cases: number | null;
    previousCases: number | null;
    baselineMs: number;
    rssBeforeMb: number;
    peakRssMb: number;
  };
}

async function existingSize(adminUrl: string, name: string): Promise<number | undefined> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ c: string | null }>(`select shobj_description(oid, 'pg_database') as c from pg_database where datname = $1`, [name]);
    const m = /^netreach scale (\d+)$/.exec(rows[0]?.c ?? '');
    return m ? Number(m[1]) : undefined;
  } finally {
    await admin.end();
  }
}

const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));

export async function benchScale(opts: { cases?: number } = {}): Promise<void> {
  const cases = opts.cases ?? Number(process.env.BENCH_SCALE_CASES ?? 20_000);
  const adminUrl = process.env.BENCH_SCALE_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const keep = process.env.BENCH_SCALE_KEEP === '1';
  const bigName = `netreach_bench_scale_${cases}`;
  const emptyName = 'netreach_bench_scale_empty';
  const vault = new Vault(Buffer.from(SECRET_KEY, 'utf8'));

  let counts: DatasetCounts | undefined;
  const url = new URL(adminUrl);
  url.pathname = `/${bigName}`;
  const bigUrl = url.toString();
  if (keep && (await existingSize(adminUrl, bigName)) === cases) {
    // The last run's Telegram is gone and the new emulator numbers updates, groups, topics and
    // messages as it did: its updates, queued sends, topics and message pairs (the generated data
    // has none) must not be taken for the new one's.
    const kept = new pg.Client({ connectionString: bigUrl });
    await kept.connect();
    await kept.query(`do $$ begin
      delete from inbox;
      delete from message_pairs;
      if to_regclass('outbox') is not null then delete from outbox; end if;
      if to_regclass('outbox_targets') is not null then delete from outbox_targets; end if;
      update cases set status = 'closed', closed_at = now(), staff_chat_id = null, topic_id = null where staff_chat_id is distinct from ${GENERATED_STAFF_CHAT};
    end $$`);
    await kept.end();
  } else {
    await createDatabase(adminUrl, bigName);
    counts = await generateDataset(bigUrl, vault, { cases });
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`comment on database "${bigName}" is 'netreach scale ${cases}'`);
    await admin.end();
  }
  const pool = new pg.Pool({ connectionString: bigUrl, max: 2 });
  const { rows: sizes } = await pool.query<{ cases: number; messages: number; clients: number }>(
    `select (select count(*)::int from cases) as cases, (select count(*)::int from messages) as messages, (select count(*)::int from clients) as clients`,
  );
  console.log(
    `scale: the console and reports on ${sizes[0]!.cases.toLocaleString('en')} cases, ${sizes[0]!.messages.toLocaleString('en')} messages, ${sizes[0]!.clients.toLocaleString('en')} clients (PostgreSQL)` +
      (counts ? `, generated in ${counts.seconds.toFixed(0)} s` : ', kept from an earlier run'),
  );

  try {
    const now = new Date();
    const big = await startScaleSystem(bigUrl);
    let bigFirst: number[] | Error;
    try {
      const pages = await measurePages(big, pool, now);
      console.log('  console page      p95        raw SQL p95 (same rows)');
      for (const p of pages) console.log(`  ${p.page.padEnd(16)}  ${ms(p.p95).padStart(6)} ms   ${ms(p.baselineP95).padStart(6)} ms → ${(p.p95 / p.baselineP95).toFixed(1)}× (${p.samples} requests)`);
      bigFirst = await firstMessages(big, NEW_CLIENTS).catch((err: Error) => err);
    } finally {
      await big.stop();
    }

    const emptyUrl = await createDatabase(adminUrl, emptyName);
    let emptyFirst: number[] | Error;
    try {
      const empty = await startScaleSystem(emptyUrl);
      try {
        emptyFirst = await firstMessages(empty, NEW_CLIENTS).catch((err: Error) => err);
      } finally {
        await empty.stop();
      }
    } finally {
      await dropDatabase(adminUrl, emptyName);
    }
    if (bigFirst instanceof Error || emptyFirst instanceof Error) {
      console.log(`  new client's first message: not measured (${(bigFirst instanceof Error ? bigFirst : (emptyFirst as Error)).message})`);
    } else {
      const a = percentile(bigFirst, 50);
      const b = percentile(emptyFirst, 50);
      console.log(`  new client's first message → staff topic: ${ms(a)} ms p50 (${ms(Math.max(...bigFirst))} max) at this size, ${ms(b)} ms p50 (${ms(Math.max(...emptyFirst))} max) on an empty database → ${(a / b).toFixed(2)}×`);
    }

    const y = await yearReport(bigUrl, now);
    console.log(
      `  one-year report   ${(y.reportMs / 1000).toFixed(2)} s (${y.cases?.toLocaleString('en')} cases, ${y.previousCases?.toLocaleString('en')} the year before; by worker ${(y.byWorkerMs / 1000).toFixed(2)} s; xlsx ${ms(y.xlsxMs)} ms), ` +
        `peak resident ${y.peakRssMb.toFixed(0)} MB (${y.rssBeforeMb.toFixed(0)} MB before it)`,
    );
    console.log(`  baseline          ${ms(y.baselineMs)} ms: one aggregate query over both years' cases → ${(y.reportMs / y.baselineMs).toFixed(1)}×`);
  } finally {
    await pool.end();
    if (!keep) await dropDatabase(adminUrl, bigName);
  }
}
