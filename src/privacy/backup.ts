import type { PGlite } from '@electric-sql/pglite';
import { chmodSync, closeSync, openSync, writeSync } from 'node:fs';
import type { Database } from '../db/open.ts';

/**
 * A consistent copy of the embedded database (PGlite's own dump of its data directory, a gzipped
 * tar), written with mode 0600. The key is not in it: a backup is unreadable without the key, which
 * must be kept separately (and elsewhere). PostgreSQL is backed up with its own tools.
 */
export async function writeBackup(database: Database, out: string): Promise<{ bytes: number }> {
  if (database.kind !== 'pglite') throw new Error(PG_DUMP_ADVICE);
  const client = (database.db as unknown as { $client: PGlite }).$client;
  // Written out first, so the copy needs no replay of the log when restored.
  await client.query('checkpoint');
  const dump = await client.dumpDataDir('gzip');
  const bytes = Buffer.from(await dump.arrayBuffer());
  const fd = openSync(out, 'w', 0o600);
  try {
    writeSync(fd, bytes);
  } finally {
    closeSync(fd);
  }
  chmodSync(out, 0o600);
  return { bytes: bytes.length };
}

export const PG_DUMP_ADVICE =
  'with DATABASE_URL the database is PostgreSQL: back it up with its own tools, e.g. ' +
  'pg_dump --format=custom --file=netreach-$(date +%F).dump "$DATABASE_URL" (restore with pg_restore --clean --dbname="$DATABASE_URL" FILE); ' +
  'keep the file with mode 0600';

/** How a backup of the embedded database is put back. */
export const RESTORE_HINT =
  'to restore: stop the server, move DATA_DIR/db away, mkdir -m 700 DATA_DIR/db, tar -xzf FILE -C DATA_DIR/db, and start the server with the key that was in force when the backup was made';

export const KEY_NOT_INCLUDED =
  'the key is not in the backup: without DATA_DIR/secret.key (or NETREACH_SECRET_KEY) nothing sealed in it can be read. ' +
  'Back the key up separately and keep it elsewhere than the backups.';
