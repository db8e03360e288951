import { Vault } from '../privacy/vault.ts';

/** Test support for the console's tests (databases: `useFreshDatabases` in test/support/database.ts). */
export const testVault = new Vault(Buffer.alloc(32, 7));


/** A clock the test moves by hand. */
export function testClock(start = Date.parse('2026-03-02T10:00:00Z')) {
  let at = start;
  return { now: () => new Date(at), advance: (ms: number) => void (at += ms) };
}
