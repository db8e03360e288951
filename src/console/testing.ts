import { afterEach } from 'vitest';
import { freshDatabase } from '../../test/support/database.ts';
import { openDatabase, type Database } from '../db/open.ts';
import { Vault } from '../privacy/vault.ts';

/** Test support for the console's tests: a fresh database per test, closed after it. */
export const testVault = new Vault(Buffer.alloc(32, 7));

const open: Database[] = [];

export function closeDatabasesAfterEach(): void {
  afterEach(async () => {
    for (const d of open.splice(0)) await d.close();
  });
}

export async function testDatabase(): Promise<Database> {
  const d = await openDatabase(await freshDatabase());
  open.push(d);
  return d;
}

/** A clock the test moves by hand. */
export function testClock(start = Date.parse('2026-03-02T10:00:00Z')) {
  let at = start;
  return { now: () => new Date(at), advance: (ms: number) => void (at += ms) };
}
