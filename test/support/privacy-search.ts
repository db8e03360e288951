import { sql } from 'drizzle-orm';
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
