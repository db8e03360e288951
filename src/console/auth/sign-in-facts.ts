import { inArray } from 'drizzle-orm';
import type { Db } from '../../db/open.ts';
import { accounts } from '../../db/schema/index.ts';
import type { Vault } from '../../privacy/vault.ts';
import { throttleFacts } from './login-limit.ts';
import { recoveryCodesLeft } from './recovery-codes.ts';

/** What an admin sees about an account's sign-in on the staff pages. */
export interface SignInFacts {
  /** When the second factor was set up (null: none). */
  totpSince: Date | null;
  /** Unused recovery codes. */
  recoveryLeft: number;
  /** Failed sign-ins on the login within the last hour, from anywhere. */
  failures: number;
  /** Until when some address (or the second step) is held back, while it is. */
  blockedUntil: Date | null;
}

export async function signInFacts(db: Db, vault: Vault, ids: readonly number[], now: Date): Promise<Map<number, SignInFacts>> {
  const out = new Map<number, SignInFacts>();
  if (ids.length === 0) return out;
  const rows = await db.select({ id: accounts.id, login: accounts.login, totpEnabledAt: accounts.totpEnabledAt }).from(accounts).where(inArray(accounts.id, [...ids]));
  const [left, throttled] = [await recoveryCodesLeft(db, ids), await throttleFacts(db, vault, rows.map((r) => r.login), now)];
  for (const r of rows) {
    const t = throttled.get(r.login);
    out.set(r.id, { totpSince: r.totpEnabledAt, recoveryLeft: left.get(r.id) ?? 0, failures: t?.failures ?? 0, blockedUntil: t?.blockedUntil ?? null });
  }
  return out;
}
