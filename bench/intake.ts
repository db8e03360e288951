import { gte, sql } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { SEAL } from '../src/cases/deps.ts';
import { openDatabase, type Database } from '../src/db/open.ts';
import { inbox } from '../src/db/schema/index.ts';
import { Inbox } from '../src/inbox/inbox.ts';
import { createLogger } from '../src/log.ts';
import { Vault } from '../src/privacy/vault.ts';
import { fuzzBot, fuzzUpdates, soundMessage } from '../test/support/fuzz-updates.ts';
import { percentile } from './system.ts';

const BATCH = 100; // what one getUpdates gives
const CHATS = 200;
const vault = new Vault(Buffer.alloc(32, 5));
const quiet = createLogger(new Writable({ write: (_c, _e, done) => done() }), 'info');
const mb = (bytes: number) => bytes / 1024 / 1024;

// A full collection before each reading, so what is left is what is held.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Resident memory and the JavaScript heap in use, after a full collection. */
function memory(): { rss: number; heap: number } {
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed };
}

/** The fuzz as Telegram would send it: a batch of JSON texts. Deeper nesting than JSON can carry is left to the suite. */
function* jsonBatches(count: number, firstId: number): Generator<string[]> {
  let batch: string[] = [];
  for (const u of fuzzUpdates(count, { seed: 42, chats: CHATS, firstId, maxDepth: 1000 })) {
    batch.push(JSON.stringify(u));
    if (batch.length === BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * The inbox under 100,000 fuzzed updates (unknown types, huge or malformed fields, missing chats,
 * wrong types, deep nesting, repeated ids), given in batches of 100 as the poller does and handled
 * by the fuzz test's grammY handlers (which throw on what is not what it claims to be, and fail
 * once "flaky" as a dropped connection would), with the inbox's default options. Beside it, the
 * least any intake costs: JSON.parse and seal of the same updates. Then whether storing waits for
 * handling: a new update stored while a backlog is handled, beside the same store when idle.
 */
export async function benchIntake(opts: { updates: number }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'netreach-intake-'));
  const database = await openDatabase({ dataDir, databaseUrl: process.env.BENCH_DATABASE_URL });
  // Ids of their own, so a shared PostgreSQL keeps earlier runs' rows apart; this run's rows are removed after.
  const firstId = Date.now() * 1000;
  const since = new Date(Date.now() - 1000);
  try {
    // Baseline: parse and seal, nothing else.
    let baselineMs = 0;
    for (const batch of jsonBatches(opts.updates, firstId)) {
      const t = performance.now();
      for (const text of batch) vault.sealJson(SEAL.update, JSON.parse(text));
      baselineMs += performance.now() - t;
    }

    const handled = new Map<number, number[]>();
    const bot = fuzzBot(handled);
    const box = new Inbox({ db: database.db, vault, log: quiet }, (u) => bot.handleUpdate(u));
    const before = memory();
    let rssPeak = before.rss;
    let generatingMs = 0;
    const counts = { stored: 0, duplicates: 0, refused: 0 };
    const started = performance.now();
    const batches = jsonBatches(opts.updates, firstId);
    for (;;) {
      const g = performance.now();
      const next = batches.next();
      generatingMs += performance.now() - g;
      if (next.done) break;
      const r = await box.accept(next.value.map((text) => JSON.parse(text) as unknown));
      counts.stored += r.stored;
      counts.duplicates += r.duplicates;
      counts.refused += r.refused;
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }
    await box.idle();
    const intakeMs = performance.now() - started - generatingMs;
    // No chat is stalled: each one's next sound message is handled.
    const sentinel = firstId + opts.updates + 10;
    await box.accept(Array.from({ length: CHATS }, (_, i) => soundMessage(sentinel + i, i + 1)));
    await box.idle();
    const stalled = Array.from({ length: CHATS }, (_, i) => i + 1).filter((chat) => handled.get(chat)?.at(-1) !== sentinel + chat - 1).length;
    handled.clear(); // the bench's own record, not the inbox's
    const after = memory();
    const statuses = Object.fromEntries(
      (await database.db.select({ status: inbox.status, n: sql<number>`count(*)::int` }).from(inbox).where(gte(inbox.receivedAt, since)).groupBy(inbox.status)).map((r) => [r.status, r.n]),
    );
    await box.drain(1000);

    const store = await storeUnderBacklog(database, firstId + opts.updates * 2);
    return {
      database: database.kind,
      updates: opts.updates,
      baselinePerSecond: (opts.updates / baselineMs) * 1000,
      perSecond: (opts.updates / intakeMs) * 1000,
      ...counts,
      statuses: statuses as Partial<Record<'done' | 'skipped' | 'failed' | 'pending', number>>,
      stalled,
      rssBeforeMb: mb(before.rss),
      rssPeakMb: mb(rssPeak),
      rssAfterMb: mb(after.rss),
      heapBeforeMb: mb(before.heap),
      heapAfterMb: mb(after.heap),
      ...store,
    };
  } finally {
    await database.db.delete(inbox).where(gte(inbox.receivedAt, since)).catch(() => {});
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * One update stored (the poller's next batch: say, an overdose message) while 4,000 queued ones
 * are handled, against the same store with nothing queued. The inbox starts no handler while a
 * store waits, so a store waits at most for the statements already running.
 */
async function storeUnderBacklog(database: Database, firstId: number) {
  // A handler as ours are: a few statements and a Bot API call's wait.
  const box = new Inbox({ db: database.db, vault, log: quiet }, async () => {
    for (let i = 0; i < 4; i++) await database.db.execute(sql`select count(*) from inbox where update_id = ${firstId}`);
    await new Promise((r) => setTimeout(r, 5));
  });
  let id = firstId;
  const storeOne = async () => {
    const t = performance.now();
    await box.accept([soundMessage(id++, 1)]);
    return performance.now() - t;
  };
  const idle: number[] = [];
  for (let i = 0; i < 30; i++) {
    idle.push(await storeOne());
    await box.idle();
  }
  const backlog = Array.from({ length: 4000 }, (_, i) => soundMessage(id + i, 10 + (i % CHATS)));
  id += backlog.length;
  for (let i = 0; i < backlog.length; i += BATCH) await box.accept(backlog.slice(i, i + BATCH));
  const busy: number[] = [];
  while (box.backlog > 100 && busy.length < 30) {
    busy.push(await storeOne());
    await new Promise((r) => setTimeout(r, 20));
  }
  await box.idle();
  await box.drain(1000);
  return { storeIdleP50: percentile(idle, 50), storeBusyP50: percentile(busy, 50), storeBusyP95: percentile(busy, 95), storeSamples: busy.length };
}

/** Runs the intake bench and prints it (one line in bench/run.mts). */
export async function printIntake(): Promise<void> {
  const r = await benchIntake({ updates: Number(process.env.BENCH_INTAKE_UPDATES ?? 100_000) });
  const s = r.statuses;
  console.log(`intake: ${r.updates.toLocaleString('en')} fuzzed updates in batches of ${BATCH}, stored then handled by the inbox (database: ${r.database})`);
  console.log(`  baseline          ${r.baselinePerSecond.toFixed(0)} updates/s: JSON.parse and seal of the same updates`);
  console.log(`  inbox             ${r.perSecond.toFixed(0)} updates/s → ${(r.perSecond / r.baselinePerSecond).toFixed(3)} of the baseline (stored, handled or skipped or parked)`);
  console.log(`  outcome           ${r.stored} stored, ${r.duplicates} repeated, ${r.refused} refused; ${s.done ?? 0} done, ${s.skipped ?? 0} skipped, ${s.failed ?? 0} parked, ${s.pending ?? 0} left pending; ${r.stalled} of ${CHATS} chats stalled`);
  const change = (a: number, b: number) => `${b >= a ? '+' : '−'}${Math.abs(b - a).toFixed(0)} MB`;
  console.log(`  memory            ${r.rssBeforeMb.toFixed(0)} MB resident before, ${r.rssPeakMb.toFixed(0)} MB peak, ${r.rssAfterMb.toFixed(0)} MB after (${change(r.rssBeforeMb, r.rssAfterMb)}); JavaScript heap ${r.heapBeforeMb.toFixed(0)} → ${r.heapAfterMb.toFixed(0)} MB (${change(r.heapBeforeMb, r.heapAfterMb)})`);
  console.log(`  store under load  ${r.storeBusyP50.toFixed(1)} ms p50, ${r.storeBusyP95.toFixed(1)} ms p95 for one new update while 4,000 are handled → ${(r.storeBusyP50 / r.storeIdleP50).toFixed(1)}× storing it idle (${r.storeIdleP50.toFixed(1)} ms)`);
}
