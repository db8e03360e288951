import { sql } from 'drizzle-orm';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { freshDatabase } from '../../test/support/database.ts';
import { openDatabase, prepareDatabase } from './open.ts';

describe('openDatabase', () => {
  it('hands over the database that prepareDatabase began opening, once; the next call opens another', async () => {
    const fresh = await freshDatabase();
    try {
      prepareDatabase(fresh);
      const first = await openDatabase(fresh);
      const one = async (query: ReturnType<typeof sql>) => ((await first.db.execute(query)) as unknown as { rows: Record<string, unknown>[] }).rows[0];
      expect(await one(sql`select count(*)::int as n from drizzle.__drizzle_migrations`)).toMatchObject({ n: expect.any(Number) });
      // PGlite runs with our memory settings, not its defaults.
      if (first.kind === 'pglite') expect(await one(sql`select current_setting('shared_buffers') as s`)).toEqual({ s: '16MB' });
      await first.close();
      const second = await openDatabase(fresh);
      await second.ping();
      await second.close();
    } finally {
      await fresh.drop();
    }
  });

  it.skipIf(inject('postgres'))('makes a new embedded database with its settings, clearing what a start stopped halfway left', async () => {
    const dataDir = mkdtempSync(join(inject('testRoot'), 'open-'));
    mkdirSync(join(dataDir, 'db.new-4242'));
    writeFileSync(join(dataDir, 'db.new-4242', 'PG_VERSION'), '17');
    const database = await openDatabase({ dataDir });
    await database.close();
    expect(readdirSync(dataDir)).toEqual(['db']);
    expect(readFileSync(join(dataDir, 'db', 'postgresql.conf'), 'utf8')).toMatch(/^shared_buffers = 16MB/m);
  });

  it('refuses a database folder that holds files but no database, leaves them alone, and says so at openDatabase when opened ahead', async () => {
    const dataDir = mkdtempSync(join(inject('testRoot'), 'open-'));
    mkdirSync(join(dataDir, 'db'));
    writeFileSync(join(dataDir, 'db', 'notes.txt'), 'not a database');
    prepareDatabase({ dataDir });
    await expect(openDatabase({ dataDir })).rejects.toThrow(/db holds files but no database \(no PG_VERSION\): move it away/);
    expect(readdirSync(join(dataDir, 'db'))).toEqual(['notes.txt']);
    expect(readdirSync(dataDir)).toEqual(['db']);
  });
});
