import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/open.ts';

let counter = 0;

/**
 * A fresh, migrated database for one test system: a copy of the PGlite template inside a new
 * DATA_DIR, or (when TEST_DATABASE_URL is set) a new PostgreSQL database cloned from the template.
 * `drop` removes both; a directory not dropped goes with the run's own (a PGlite copy is ~40 MB,
 * and a run makes hundreds).
 */
export async function freshDatabase(): Promise<{ dataDir: string; databaseUrl?: string; drop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(inject('testRoot'), 'test-'));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  const postgres = inject('postgres');
  if (!postgres) {
    cpSync(inject('pgliteTemplateDir'), dataDir, { recursive: true });
    return { dataDir, drop: async () => removeDir() };
  }
  const name = `${postgres.prefix}_${process.pid}_${++counter}`;
  const admin = new pg.Client({ connectionString: postgres.adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${name}" template "${postgres.template}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(postgres.adminUrl);
  url.pathname = `/${name}`;
  return {
    dataDir,
    databaseUrl: url.href,
    drop: async () => {
      const a = new pg.Client({ connectionString: postgres.adminUrl });
      await a.connect();
      await a.query(`drop database if exists "${name}" with (force)`).finally(() => a.end());
      removeDir();
    },
  };
}

/**
 * For tests that each need their own migrated database: call once at the top of a file; the
 * returned function opens one, and every database opened is closed and dropped after its test.
 */
export function useFreshDatabases(): () => Promise<Database> {
  const open: { database: Database; drop(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const d of open.splice(0)) {
      await d.database.close();
      await d.drop();
    }
  });
  return async () => {
    const fresh = await freshDatabase();
    const database = await openDatabase(fresh);
    open.push({ database, drop: fresh.drop });
    return database;
  };
}
