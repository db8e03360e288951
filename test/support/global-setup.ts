import type { TestProject } from 'vitest/node';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../src/db/open.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PGlite: a migrated data directory that each test copies. */
    pgliteTemplateDir: string;
    /** Where the run's test data directories go: removed with the run, whatever a test left there. */
    testRoot: string;
    /** PostgreSQL (TEST_DATABASE_URL set): admin URL and the migrated template database to clone. */
    postgres: { adminUrl: string; template: string; prefix: string } | null;
  }
}

/**
 * Migrating a fresh database takes seconds, so it happens once per run: tests copy a migrated
 * PGlite directory, or create PostgreSQL databases from a migrated template. Each run has its own
 * prefix, so two runs on one server cannot collide.
 */
export default async function setup(project: TestProject) {
  const base = mkdtempSync(join(tmpdir(), 'netreach-tpl-'));
  const templateDir = join(base, 'data');
  const pglite = await openDatabase({ dataDir: templateDir });
  await pglite.close();
  project.provide('pgliteTemplateDir', templateDir);
  project.provide('testRoot', base);

  const adminUrl = process.env.TEST_DATABASE_URL;
  let cleanupPg = async () => {};
  if (adminUrl) {
    const prefix = `netreach_t${Date.now().toString(36)}${process.pid}`;
    const template = `${prefix}_tpl`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database "${template}"`);
    const url = new URL(adminUrl);
    url.pathname = `/${template}`;
    const migrated = await openDatabase({ databaseUrl: url.href, dataDir: base });
    await migrated.close();
    project.provide('postgres', { adminUrl, template, prefix });
    cleanupPg = async () => {
      const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`${prefix}%`]);
      for (const { datname } of rows) await admin.query(`drop database if exists "${datname}" with (force)`);
      await admin.end();
    };
  } else {
    project.provide('postgres', null);
  }
  return async () => {
    await cleanupPg();
    rmSync(base, { recursive: true, force: true });
  };
}
