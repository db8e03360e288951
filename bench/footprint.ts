import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/**
 * Footprint of the process as `npm start` runs it (`tsx src/main.ts`), in sandbox mode (no token):
 * the time from spawning it to the first 200 from /healthz, and its resident memory (VmRSS) then,
 * after a quiet spell, and at its peak (VmHWM); also the same sources prebuilt to plain JavaScript,
 * for what tsx itself costs. Beside each, a bare process measured the same way in the same round:
 * `node -e` opening PGlite (default options) on the same kind of data folder behind a Hono
 * /healthz, or, for PostgreSQL mode, a bare Hono /healthz.
 *
 *   npx tsx bench/footprint.ts [--idle 10] [--rounds 3]
 */

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TSX = import.meta.resolve('tsx');

export interface Footprint {
  label: string;
  /** Spawn → first 200 from /healthz. */
  startMs: number;
  rssStartMb: number;
  rssIdleMb: number;
  peakMb: number;
}

interface Run {
  args: string[];
  env?: Record<string, string>;
  cwd: string;
}

const BARE_PGLITE_SCRIPT = `
import { PGlite } from '@electric-sql/pglite';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
const db = await PGlite.create(process.env.DIR);
const app = new Hono().get('/healthz', async (c) => (await db.query('select 1'), c.json({ status: 'ok' })));
serve({ fetch: app.fetch, hostname: '127.0.0.1', port: Number(process.env.PORT) });`;

const BARE_SERVER_SCRIPT = `
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
const app = new Hono().get('/healthz', (c) => c.json({ status: 'ok' }));
serve({ fetch: app.fetch, hostname: '127.0.0.1', port: Number(process.env.PORT) });`;

function bare(script: string, env: Record<string, string> = {}): Run {
  return { args: ['--input-type=module', '-e', script], env, cwd: ROOT };
}

/** The app as `npm start` runs it; the working folder is empty so that no `.env` is read. */
function app(cwd: string, env: Record<string, string>, main = join(ROOT, 'src/main.ts')): Run {
  return { args: main.endsWith('.ts') ? ['--import', TSX, main] : [main], env, cwd };
}

async function measure(label: string, run: Run, idleMs: number): Promise<Footprint> {
  const port = await freePort();
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', HOST: '127.0.0.1', PORT: String(port), ...run.env };
  const started = performance.now();
  const child = spawn(process.execPath, run.args, { cwd: run.cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let done = false;
  void exited.then(() => (done = true));
  let last = 'no answer';
  try {
    for (;;) {
      if (done) throw new Error(`${label}: exited before /healthz answered: ${stderr.trim()}`);
      const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
      if (res?.status === 200) break;
      if (res) last = `${res.status} ${await res.text()}`;
      if (performance.now() - started > 120_000) throw new Error(`${label}: no 200 from /healthz within 120 s (last: ${last}) ${stderr.trim()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const startMs = performance.now() - started;
    const rssStartMb = memory(child.pid!).rss;
    await new Promise((r) => setTimeout(r, idleMs));
    const { rss: rssIdleMb, peak: peakMb } = memory(child.pid!);
    return { label, startMs, rssStartMb, rssIdleMb, peakMb };
  } finally {
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  }
}

function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

/**
 * The same sources as plain JavaScript, run by `node` without tsx: each file transformed by esbuild
 * (tsx's own transformer) in a copy of src/ beside its assets, so relative file reads still work.
 */
async function prebuild(into: string): Promise<string> {
  const { transform } = await import('esbuild');
  cpSync(join(ROOT, 'src'), join(into, 'src'), { recursive: true, filter: (p) => !/\.test\.tsx?$/.test(p) });
  copyFileSync(join(ROOT, 'package.json'), join(into, 'package.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(into, 'node_modules'));
  const tsconfigRaw = { compilerOptions: { verbatimModuleSyntax: true, jsx: 'react-jsx', jsxImportSource: 'hono/jsx' } } as const;
  const walk = async (dir: string): Promise<void> => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (/\.tsx?$/.test(entry.name)) {
        const { code } = await transform(readFileSync(path, 'utf8'), { loader: path.endsWith('x') ? 'tsx' : 'ts', format: 'esm', target: 'node20', tsconfigRaw });
        writeFileSync(path.replace(/\.tsx?$/, '.js'), code.replace(/((?:from|import)\s*\(?\s*)(['"])(\.{1,2}\/[^'"]+?)\.tsx?\2/g, '$1$2$3.js$2'));
        unlinkSync(path);
      }
    }
  };
  await walk(join(into, 'src'));
  return join(into, 'src/main.js');
}

async function withPostgresDatabase<T>(adminUrl: string, suffix: string, fn: (url: string) => Promise<T>): Promise<T> {
  const name = `netreach_footprint_${process.pid}_${suffix}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };
  await admin(`create database "${name}"`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return await fn(url.href);
  } finally {
    await admin(`drop database if exists "${name}" with (force)`);
  }
}

export interface FootprintRow {
  /** Memory from the first round (the one that idles); the start time is the median of the rounds. */
  figure: Footprint;
  baseline: Footprint;
  /** Median over the rounds of the start time over the baseline's in the same round. */
  timeRatio: number;
}

export interface FootprintReport {
  idleMs: number;
  rounds: number;
  rows: FootprintRow[];
  skipped: string[];
}

const LABELS = {
  bareFresh: 'bare PGlite, empty folder',
  bareExisting: 'bare PGlite, existing folder',
  bareServer: 'bare Hono /healthz',
  fresh: 'embedded, empty DATA_DIR',
  existing: 'embedded, existing DATA_DIR',
  existingJs: '  the same, prebuilt (no tsx)',
  pgNew: 'PostgreSQL, new database',
  pgExisting: 'PostgreSQL, existing database',
  pgExistingJs: '  the same, prebuilt (no tsx)',
};
type Id = keyof typeof LABELS;
/** Each figure and the baseline it is compared with. */
const PAIRS: [Id, Id][] = [
  ['fresh', 'bareFresh'],
  ['existing', 'bareExisting'],
  ['existingJs', 'bareExisting'],
  ['pgNew', 'bareServer'],
  ['pgExisting', 'bareServer'],
  ['pgExistingJs', 'bareServer'],
];

/**
 * Runs every figure and baseline once per round, each figure next to its baseline, so that both
 * meet the same load on this shared machine; only the first round waits out the idle spell.
 */
export async function benchFootprint(opts: { idleMs?: number; rounds?: number; postgresAdminUrl?: string } = {}): Promise<FootprintReport> {
  const idleMs = opts.idleMs ?? 10_000;
  const rounds = opts.rounds ?? 3;
  const adminUrl = opts.postgresAdminUrl ?? process.env.BENCH_POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const root = mkdtempSync(join(tmpdir(), 'netreach-footprint-'));
  const samples = new Map<Id, Footprint[]>();
  const skipped: string[] = [];
  try {
    const dir = (name: string) => {
      mkdirSync(join(root, name));
      return join(root, name);
    };
    const cwd = dir('cwd');
    const prebuilt = await prebuild(dir('prebuilt')).catch((err: Error) => void skipped.push(`prebuilt run: ${err.message.split('\n')[0]}`));
    let postgres = true;
    for (let round = 0; round < rounds; round++) {
      const record = async (id: Id, run: Run) => {
        const runs = samples.get(id) ?? [];
        runs[round] = await measure(LABELS[id], run, round === 0 ? idleMs : 0);
        samples.set(id, runs);
      };
      const bareDir = dir(`bare-${round}`);
      const dataDir = dir(`data-${round}`);
      await record('bareFresh', bare(BARE_PGLITE_SCRIPT, { DIR: bareDir }));
      await record('fresh', app(cwd, { DATA_DIR: dataDir }));
      await record('bareExisting', bare(BARE_PGLITE_SCRIPT, { DIR: bareDir }));
      await record('existing', app(cwd, { DATA_DIR: dataDir }));
      if (prebuilt) await record('existingJs', app(cwd, { DATA_DIR: dataDir }, prebuilt));
      await record('bareServer', bare(BARE_SERVER_SCRIPT));
      if (!postgres) continue;
      await withPostgresDatabase(adminUrl, String(round), async (url) => {
        const pgDir = dir(`pg-${round}`);
        await record('pgNew', app(cwd, { DATA_DIR: pgDir, DATABASE_URL: url }));
        await record('pgExisting', app(cwd, { DATA_DIR: pgDir, DATABASE_URL: url }));
        if (prebuilt) await record('pgExistingJs', app(cwd, { DATA_DIR: pgDir, DATABASE_URL: url }, prebuilt));
      }).catch((err: Error) => {
        postgres = false;
        skipped.push(`PostgreSQL mode (${new URL(adminUrl).host}): ${err.message.split('\n')[0]}`);
      });
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const summary = (runs: Footprint[]): Footprint => ({ ...runs[0]!, startMs: median(runs.filter(Boolean).map((r) => r.startMs)) });
  const rows: FootprintRow[] = [];
  for (const [id, baselineId] of PAIRS) {
    const figure = samples.get(id);
    const baseline = samples.get(baselineId)!;
    if (!figure?.[0]) continue;
    const ratios = figure.flatMap((f, i) => (f && baseline[i] ? [f.startMs / baseline[i]!.startMs] : []));
    rows.push({ figure: summary(figure), baseline: summary(baseline), timeRatio: median(ratios) });
  }
  return { idleMs, rounds, rows, skipped };
}

export async function printFootprint(opts: { idleMs?: number; rounds?: number } = {}): Promise<void> {
  const r = await benchFootprint(opts);
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const mb = (v: number) => `${v.toFixed(0)} MB`;
  const line = (f: Footprint) => `${f.label.padEnd(30)} ${s(f.startMs).padStart(6)}  ${mb(f.rssStartMb).padStart(7)} / ${mb(f.rssIdleMb).padStart(7)} / ${mb(f.peakMb).padStart(7)}`;
  console.log(`footprint: the process as \`npm start\` runs it, sandbox mode: spawn → /healthz 200 (median of ${r.rounds} rounds); resident memory then / after ${s(r.idleMs)} idle / peak`);
  let baseline: string | undefined;
  for (const { figure, baseline: b, timeRatio } of r.rows) {
    if (b.label !== baseline) console.log(`  baseline  ${line(b)}`);
    baseline = b.label;
    console.log(`            ${line(figure)}  → ${timeRatio.toFixed(2)}× the time, ${(figure.rssIdleMb / b.rssIdleMb).toFixed(2)}× the idle memory`);
  }
  for (const skip of r.skipped) console.log(`  skipped: ${skip}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name: string) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : undefined);
  await printFootprint({ idleMs: arg('--idle') === undefined ? undefined : arg('--idle')! * 1000, rounds: arg('--rounds') });
}
