import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
/** The one database type the rest of the code sees, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  ping(): Promise<void>;
  close(): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));
const migrationsFolder = join(here, 'migrations');

/**
 * PGlite runs PostgreSQL inside this process, so its settings are our memory. Out of the box it keeps
 * 128 MB of shared buffers, all resident from the start; a helpline's working set is far smaller, and
 * a page outside them is one read from the operating system's file cache (PGlite's files are real
 * files). A single-user backend needs no room for a hundred connections' locks and process slots.
 */
const PGLITE_SETTINGS = ['shared_buffers=16MB', 'max_connections=10'];

/** Opens PostgreSQL when a URL is given, otherwise the embedded PGlite in `dataDir`, and migrates it. */
export async function openDatabase(opts: { databaseUrl?: string; dataDir: string }): Promise<Database> {
  const key = databaseKey(opts);
  const early = openedAhead.get(key);
  if (early) {
    openedAhead.delete(key);
    return early;
  }
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(key);
}

const openedAhead = new Map<string, Promise<Database>>();
const databaseKey = (opts: { databaseUrl?: string; dataDir: string }) => opts.databaseUrl ?? join(opts.dataDir, 'db');

/**
 * Starts opening the database now, for the next `openDatabase` with the same options to take (and
 * to report its errors): main.ts calls it before it loads the rest of the code, and the two overlap.
 */
export function prepareDatabase(opts: { databaseUrl?: string; dataDir: string }): void {
  const key = databaseKey(opts);
  if (openedAhead.has(key)) return;
  const opening = opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(key);
  opening.catch(() => {});
  openedAhead.set(key, opening);
}

// Each driver is loaded only in its own mode: loading PGlite alone costs ~40 MB under tsx.
async function openPostgres(url: string): Promise<Database> {
  const [{ default: pg }, { drizzle }, { migrate }] = await Promise.all([import('pg'), import('drizzle-orm/node-postgres'), import('drizzle-orm/node-postgres/migrator')]);
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // A pool error (e.g. the server restarting) must not crash the process; queries will report it.
  pool.on('error', () => {});
  const db = drizzle(pool, { schema });
  await migrate(db, { migrationsFolder });
  return {
    db: db as unknown as Db,
    kind: 'postgres',
    ping: async () => void (await db.execute(sql`select 1`)),
    close: () => pool.end(),
  };
}

async function openPglite(dir: string): Promise<Database> {
  if (!existsSync(join(dir, 'PG_VERSION'))) await createCluster(dir);
  // V8's optimising tier recompiles PostgreSQL's hot functions in the background: ~55 MB more held
  // and CPU taken at start, for queries at most ~10 % faster once warm (the relay's bench showed no
  // difference). Read when the WebAssembly module compiles; JavaScript is not affected.
  setFlagsFromString('--liftoff-only');
  const [{ PGlite }, { drizzle }, { migrate }] = await Promise.all([import('@electric-sql/pglite'), import('drizzle-orm/pglite'), import('drizzle-orm/pglite/migrator')]);
  const client: PGlite = await PGlite.create(dir, { startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS.flatMap((s) => ['-c', s])] });
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder });
  return {
    db: db as unknown as Db,
    kind: 'pglite',
    ping: async () => void (await client.query('select 1')),
    close: () => client.close(),
  };
}

/**
 * A new cluster is made in a child process: PGlite's initdb runs a second PostgreSQL and copies the
 * result over, which left ~900 MB resident in this process for good (the same folder reopened holds
 * a third of it). It is made beside `dir` and renamed into place, so a start interrupted halfway
 * leaves no half-made database to trip over at the next one.
 */
async function createCluster(dir: string): Promise<void> {
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new Error(`${dir} holds files but no database (no PG_VERSION): move it away and start again`);
  mkdirSync(dirname(dir), { recursive: true });
  // What a start stopped halfway left behind.
  for (const old of readdirSync(dirname(dir))) if (old.startsWith(`${basename(dir)}.new-`)) rmSync(join(dirname(dir), old), { recursive: true, force: true });
  const building = `${dir}.new-${process.pid}`;
  // Our settings during initdb too (written into its postgresql.conf): its peak is ~130 MB lower.
  const script = `import { PGlite } from '@electric-sql/pglite';
    const settings = JSON.parse(process.env.PGLITE_SETTINGS);
    const start = { startParams: [...PGlite.defaultStartParams, ...settings.flatMap((s) => ['-c', s])], initDbStartParams: settings.flatMap((s) => ['--set', s]) };
    await (await PGlite.create(process.env.PGLITE_DIR, start)).close();`;
  // Run from the project's folder, so that the script finds the same PGlite as this process.
  const child = spawn(process.execPath, ['--liftoff-only', '--input-type=module', '-e', script], {
    cwd: join(here, '..', '..'),
    env: { PGLITE_DIR: building, PGLITE_SETTINGS: JSON.stringify(PGLITE_SETTINGS) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-1000)));
  const code = await new Promise<number | null>((resolve, reject) => child.once('error', reject).once('exit', resolve));
  if (code !== 0 || !existsSync(join(building, 'PG_VERSION'))) {
    rmSync(building, { recursive: true, force: true });
    throw new Error(`could not create the database in ${dir}: ${stderr.trim().split('\n').at(-1) || `initdb exited with ${code}`}`);
  }
  if (existsSync(dir)) rmdirSync(dir);
  renameSync(building, dir);
}
