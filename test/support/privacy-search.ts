import { sql } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Db } from '../../src/db/open.ts';

/** Every row of every table, as one text: what a person holding the database could read. */
export async function dumpDatabase(db: Db): Promise<string> {
  const rowsOf = async (query: ReturnType<typeof sql.raw>) => ((await db.execute(query)) as unknown as { rows: Array<Record<string, unknown>> }).rows;
  const tables = await rowsOf(sql.raw(`select tablename from pg_tables where schemaname = 'public'`));
  let dump = '';
  for (const { tablename } of tables) dump += JSON.stringify(await rowsOf(sql.raw(`select * from "${String(tablename)}"`)));
  return dump;
}

/** Which of `needles` (ids, names, words) appear in clear in the database or the logs. */
export async function searchEverything(s: { app: { database: { db: Db } }; logs: string[] }, needles: string[]): Promise<string[]> {
  const dump = await dumpDatabase(s.app.database.db);
  const logs = s.logs.join('');
  return needles.flatMap((n) => [...(dump.includes(n) ? [`database: ${n}`] : []), ...(logs.includes(n) ? [`logs: ${n}`] : [])]);
}

/** A backup file's bytes, uncompressed (`netreach backup` writes a gzipped tar). */
export function backupBytes(path: string): Buffer {
  const raw = readFileSync(path);
  return raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
}

/**
 * Which of `needles` appear in a backup file (`netreach backup --out FILE`): as UTF-8 text, and a
 * large number also as the 8-byte little-endian integer PostgreSQL stores in its pages.
 */
export function searchBackup(path: string, needles: string[]): string[] {
  const bytes = backupBytes(path);
  return needles.filter((n) => forms(n).some((f) => bytes.includes(f))).map((n) => `backup: ${n}`);
}

function forms(needle: string): Buffer[] {
  const out = [Buffer.from(needle, 'utf8')];
  // Small numbers' binary forms would match by chance in tens of megabytes; Telegram ids are large.
  if (/^-?\d+$/.test(needle) && (BigInt(needle) >= 2n ** 24n || BigInt(needle) <= -(2n ** 24n))) {
    const b8 = Buffer.alloc(8);
    b8.writeBigInt64LE(BigInt(needle));
    out.push(b8);
  }
  return out;
}
