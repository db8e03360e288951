import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/open.ts';
import { accounts } from '../../db/schema/index.ts';

/**
 * Login rate limiting. In memory, per login (whether or not it exists, so a lock-out tells nothing
 * about which logins are real) and per client address (higher, as an office may share one address).
 * The account's own counter is also stored (`failedLogins`, `lockedUntil`) so a lock-out survives a
 * restart.
 */

export interface LoginLimitOptions {
  /** Failures of one login before it is locked (5). */
  maxPerLogin?: number;
  /** Failures from one address before it is locked (20). */
  maxPerAddress?: number;
  /** How long a lock lasts, and how long failures are remembered (15 min). */
  lockMs?: number;
  now?: () => Date;
}

interface Entry {
  failures: number;
  firstAt: number;
  lockedUntil: number;
}

export const LOCK_MS = 15 * 60_000;
export const MAX_FAILURES = 5;
const MAX_ENTRIES = 50_000;

export class LoginLimiter {
  readonly #entries = new Map<string, Entry>();
  readonly #maxPerLogin: number;
  readonly #maxPerAddress: number;
  readonly #lockMs: number;
  readonly #now: () => Date;

  constructor(opts: LoginLimitOptions = {}) {
    this.#maxPerLogin = opts.maxPerLogin ?? MAX_FAILURES;
    this.#maxPerAddress = opts.maxPerAddress ?? 20;
    this.#lockMs = opts.lockMs ?? LOCK_MS;
    this.#now = opts.now ?? (() => new Date());
  }

  /** When the login or the address is locked, the moment the lock ends; otherwise null. */
  lockedUntil(login: string, address: string): Date | null {
    const now = this.#now().getTime();
    const until = Math.max(this.#live(loginKey(login), now)?.lockedUntil ?? 0, this.#live(`a:${address}`, now)?.lockedUntil ?? 0);
    return until > now ? new Date(until) : null;
  }

  /** Counts a failure; returns true when it locked the login or the address. */
  fail(login: string, address: string): boolean {
    const now = this.#now().getTime();
    const a = this.#bump(loginKey(login), this.#maxPerLogin, now);
    const b = this.#bump(`a:${address}`, this.#maxPerAddress, now);
    return a || b;
  }

  /** A correct password and code clear the login's count (not the address's: one good account must not reset it). */
  succeed(login: string): void {
    this.#entries.delete(loginKey(login));
  }

  #live(key: string, now: number): Entry | undefined {
    const e = this.#entries.get(key);
    if (e && e.lockedUntil <= now && now - e.firstAt > this.#lockMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return e;
  }

  #bump(key: string, max: number, now: number): boolean {
    let e = this.#live(key, now);
    if (!e || (e.lockedUntil !== 0 && e.lockedUntil <= now)) {
      e = { failures: 0, firstAt: now, lockedUntil: 0 };
      this.#entries.delete(key);
      this.#entries.set(key, e);
      this.#prune(now);
    }
    e.failures++;
    if (e.failures >= max && e.lockedUntil <= now) {
      e.lockedUntil = now + this.#lockMs;
      return true;
    }
    return false;
  }

  #prune(now: number): void {
    if (this.#entries.size <= MAX_ENTRIES) return;
    for (const key of [...this.#entries.keys()]) this.#live(key, now);
    // Still full (a flood of distinct logins): forget the oldest. Their accounts' stored locks still hold.
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= MAX_ENTRIES) break;
      this.#entries.delete(key);
    }
  }
}

const loginKey = (login: string) => `l:${normaliseLogin(login)}`;

export function normaliseLogin(login: string): string {
  return login.normalize('NFKC').trim().toLowerCase();
}

/** True while the account's stored lock holds. */
export function isLocked(account: { lockedUntil: Date | null }, now: Date): boolean {
  return account.lockedUntil !== null && account.lockedUntil.getTime() > now.getTime();
}

/**
 * Counts a failure on the account itself; the fifth locks it for 15 minutes and starts a new
 * count. Returns the lock's end when this failure locked it.
 */
export async function recordFailure(db: Db, accountId: number, now: Date, opts: { max?: number; lockMs?: number } = {}): Promise<Date | null> {
  const max = opts.max ?? MAX_FAILURES;
  const [row] = await db
    .update(accounts)
    .set({ failedLogins: sql`${accounts.failedLogins} + 1` })
    .where(eq(accounts.id, accountId))
    .returning({ failedLogins: accounts.failedLogins });
  if (!row || row.failedLogins < max) return null;
  const until = new Date(now.getTime() + (opts.lockMs ?? LOCK_MS));
  await db.update(accounts).set({ failedLogins: 0, lockedUntil: until }).where(eq(accounts.id, accountId));
  return until;
}

export async function recordSuccess(db: Db, accountId: number): Promise<void> {
  await db.update(accounts).set({ failedLogins: 0, lockedUntil: null }).where(eq(accounts.id, accountId));
}
