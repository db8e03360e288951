import { and, desc, eq, gt, inArray, lt, notInArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/open.ts';
import { knownAddresses, loginThrottle } from '../../db/schema/index.ts';
import type { Vault } from '../../privacy/vault.ts';

/**
 * Sign-in throttling that nobody can turn against an account's owner. Failures are counted in
 * four scopes, each under a keyed hash (no login or address is stored in clear):
 *
 * - **pair** — one login from one address: after a few failures each further attempt waits longer
 *   (5 s, 10 s, 20 s … up to 15 min). It is the attacker's own pair that slows down.
 * - **address** — one address over all logins (guessing many accounts): the same, after more
 *   failures, as an office may share an address.
 * - **login** — one login from anywhere: never a refusal, only a short wait before the password is
 *   checked (up to 3 s), so attacks from many addresses slow down while the owner still gets in.
 * - **code** — an account's second factor (whoever gets there knows the password): refused for a
 *   while after a few wrong codes.
 *
 * An address the account has signed in from before (a keyed hash of account and address, kept in
 * `known_addresses`) passes the address, login and code scopes: only its own pair's delay applies.
 * Counts start over an hour after a scope's last failure, and a full sign-in clears its pair and
 * code counts. Whether a login exists changes nothing here, so the throttle tells nothing about it.
 */

export type Scope = 'pair' | 'address' | 'login' | 'code';

export interface Rule {
  /** Failures allowed before the delay starts. */
  free: number;
  /** The first delay; each further failure doubles it. */
  baseMs: number;
  /** The longest delay. */
  capMs: number;
}

export interface ThrottleRules {
  pair: Rule;
  address: Rule;
  /** A wait before the password is checked, never a refusal. */
  login: Rule;
  code: Rule;
  /** A scope whose last failure is older than this starts counting again. */
  resetMs: number;
}

export const THROTTLE: ThrottleRules = {
  pair: { free: 3, baseMs: 5_000, capMs: 15 * 60_000 },
  address: { free: 10, baseMs: 5_000, capMs: 15 * 60_000 },
  login: { free: 4, baseMs: 250, capMs: 3_000 },
  code: { free: 5, baseMs: 30_000, capMs: 15 * 60_000 },
  resetMs: 60 * 60_000,
};

/** Pure: how long a scope waits after `failures` failures in a row (0 while within the free ones). */
export function delayAfter(failures: number, rule: Rule): number {
  if (failures < rule.free) return 0;
  return Math.min(rule.capMs, rule.baseMs * 2 ** Math.min(failures - rule.free, 30));
}

export function normaliseLogin(login: string): string {
  return login.normalize('NFKC').trim().toLowerCase();
}

/** A keyed hash of a login, the same whether or not an account has it. */
export const loginKeyOf = (vault: Vault, login: string) => vault.hash('console-throttle-login', normaliseLogin(login));

/** Who is signing in: the login typed (or the account's), the client's address, and whether that address is known to the account. */
export interface Attempt {
  login: string;
  address: string;
  /** The account has signed in from this address before. */
  knownAddress: boolean;
  /** The password, or the second factor (a code from the app or a recovery code). */
  step: 'password' | 'code';
}

export interface Verdict {
  /** Set when the attempt is refused without checking anything: which scope, until when, and whether this is the block's first refusal (to audit once). */
  refused: { scope: Scope; until: Date; first: boolean } | null;
  /** How long to wait before checking the password (the login scope's delay). */
  delayMs: number;
}

export class SignInThrottle {
  readonly rules: ThrottleRules;
  #lastPurge = 0;

  constructor(
    private readonly d: { db: Db; vault: Vault; now: () => Date },
    rules: Partial<ThrottleRules> = {},
  ) {
    this.rules = { ...THROTTLE, ...rules };
  }

  #keys(a: Attempt): Array<{ scope: Scope; key: string; loginKey: string | null }> {
    const login = normaliseLogin(a.login);
    const loginKey = loginKeyOf(this.d.vault, login);
    const h = (scope: Scope, value: string) => this.d.vault.hash('console-throttle', `${scope}\n${value}`);
    const keys: Array<{ scope: Scope; key: string; loginKey: string | null }> = [
      { scope: 'pair', key: h('pair', `${login}\n${a.address}`), loginKey },
      { scope: 'address', key: h('address', a.address), loginKey: null },
    ];
    keys.push(a.step === 'password' ? { scope: 'login', key: h('login', login), loginKey } : { scope: 'code', key: h('code', login), loginKey });
    return keys;
  }

  /** Which scopes bind this attempt: the pair always, the others unless the address is known. */
  #binding(a: Attempt): Scope[] {
    return a.knownAddress ? ['pair'] : ['pair', 'address', 'login', 'code'];
  }

  /** Whether the attempt may go ahead, and after how long a wait. */
  async check(a: Attempt): Promise<Verdict> {
    const now = this.d.now().getTime();
    const keys = this.#keys(a).filter((k) => this.#binding(a).includes(k.scope));
    const rows = await this.d.db.select().from(loginThrottle).where(inArray(loginThrottle.key, keys.map((k) => k.key)));
    const live = rows.filter((r) => now - r.lastFailureAt.getTime() < this.rules.resetMs);
    let refused: { scope: Scope; key: string; until: Date } | null = null;
    let delayMs = 0;
    for (const r of live) {
      const scope = r.scope as Scope;
      if (scope === 'login') delayMs = delayAfter(r.failures, this.rules.login);
      else if (r.blockedUntil && r.blockedUntil.getTime() > now && (!refused || r.blockedUntil > refused.until)) refused = { scope, key: r.key, until: r.blockedUntil };
    }
    if (!refused) return { refused: null, delayMs };
    // The first refusal of a block is noted (audited) once, however often the attacker knocks.
    const noted = await this.d.db
      .update(loginThrottle)
      .set({ notedUntil: refused.until })
      .where(and(eq(loginThrottle.key, refused.key), or(sql`${loginThrottle.notedUntil} is null`, lt(loginThrottle.notedUntil, refused.until))))
      .returning({ key: loginThrottle.key });
    return { refused: { scope: refused.scope, until: refused.until, first: noted.length > 0 }, delayMs: 0 };
  }

  /** Counts a failed attempt in each of its scopes; returns when the pair may try again (null: at once). */
  async fail(a: Attempt): Promise<Date | null> {
    const now = this.d.now();
    const cutoff = new Date(now.getTime() - this.rules.resetMs).toISOString();
    let pairUntil: Date | null = null;
    for (const k of this.#keys(a)) {
      const [row] = await this.d.db
        .insert(loginThrottle)
        .values({ key: k.key, scope: k.scope, loginKey: k.loginKey, failures: 1, lastFailureAt: now })
        .onConflictDoUpdate({
          target: loginThrottle.key,
          set: {
            failures: sql`case when ${loginThrottle.lastFailureAt} <= ${cutoff}::timestamptz then 1 else ${loginThrottle.failures} + 1 end`,
            lastFailureAt: now,
          },
        })
        .returning({ failures: loginThrottle.failures });
      if (k.scope === 'login') continue;
      const wait = delayAfter(row!.failures, this.rules[k.scope]);
      const until = wait > 0 ? new Date(now.getTime() + wait) : null;
      await this.d.db.update(loginThrottle).set({ blockedUntil: until }).where(eq(loginThrottle.key, k.key));
      if (k.scope === 'pair') pairUntil = until;
    }
    await this.#purge(now);
    return pairUntil;
  }

  /** A full sign-in: the pair's and the second factor's counts start over (the login's and the address's decay by themselves). */
  async succeed(a: Pick<Attempt, 'login' | 'address'>): Promise<void> {
    const keys = this.#keys({ ...a, knownAddress: true, step: 'code' }).filter((k) => k.scope === 'pair' || k.scope === 'code');
    await this.d.db.delete(loginThrottle).where(inArray(loginThrottle.key, keys.map((k) => k.key)));
  }

  /** Forgets rows past the reset (at most once a minute): they would count from zero anyway. */
  async #purge(now: Date): Promise<void> {
    if (now.getTime() - this.#lastPurge < 60_000) return;
    this.#lastPurge = now.getTime();
    await this.d.db.delete(loginThrottle).where(lt(loginThrottle.lastFailureAt, new Date(now.getTime() - this.rules.resetMs)));
  }
}

/** An admin's unlock: every count kept for the login (its pairs, its second factor, its login-wide delay). */
export async function clearThrottle(db: Db, vault: Vault, login: string): Promise<number> {
  const gone = await db.delete(loginThrottle).where(eq(loginThrottle.loginKey, loginKeyOf(vault, login))).returning({ key: loginThrottle.key });
  return gone.length;
}

export interface ThrottleFacts {
  /** Failed attempts on the login within the last hour, from anywhere. */
  failures: number;
  /** The latest moment some address (or the second factor) is held back until, if still ahead. */
  blockedUntil: Date | null;
}

/** For the staff pages: what the throttle holds about each login (logins with nothing are absent). */
export async function throttleFacts(db: Db, vault: Vault, logins: readonly string[], now: Date, resetMs = THROTTLE.resetMs): Promise<Map<string, ThrottleFacts>> {
  const byKey = new Map(logins.map((l) => [loginKeyOf(vault, l), l]));
  const out = new Map<string, ThrottleFacts>();
  if (byKey.size === 0) return out;
  const rows = await db
    .select({ loginKey: loginThrottle.loginKey, scope: loginThrottle.scope, failures: loginThrottle.failures, blockedUntil: loginThrottle.blockedUntil })
    .from(loginThrottle)
    .where(and(inArray(loginThrottle.loginKey, [...byKey.keys()]), gt(loginThrottle.lastFailureAt, new Date(now.getTime() - resetMs))));
  for (const r of rows) {
    const login = byKey.get(r.loginKey!)!;
    const f = out.get(login) ?? { failures: 0, blockedUntil: null };
    if (r.scope === 'login' || r.scope === 'code') f.failures += r.failures;
    if (r.blockedUntil && r.blockedUntil > now && (!f.blockedUntil || r.blockedUntil > f.blockedUntil)) f.blockedUntil = r.blockedUntil;
    out.set(login, f);
  }
  return out;
}

// ---- Known addresses ------------------------------------------------------------------------------

/** How many addresses an account keeps as known (the most recent). */
export const KNOWN_ADDRESSES = 20;
const addressHash = (vault: Vault, accountId: number, address: string) => vault.hash('console-known-address', `${accountId}\n${address}`);

export async function isKnownAddress(db: Db, vault: Vault, accountId: number, address: string): Promise<boolean> {
  const [row] = await db
    .select({ a: knownAddresses.accountId })
    .from(knownAddresses)
    .where(and(eq(knownAddresses.accountId, accountId), eq(knownAddresses.addressHash, addressHash(vault, accountId, address))));
  return row !== undefined;
}

/** After a full sign-in: the address is known to the account from now on (the oldest beyond 20 are forgotten). */
export async function rememberAddress(db: Db, vault: Vault, accountId: number, address: string, now: Date): Promise<void> {
  await db
    .insert(knownAddresses)
    .values({ accountId, addressHash: addressHash(vault, accountId, address), lastSeenAt: now })
    .onConflictDoUpdate({ target: [knownAddresses.accountId, knownAddresses.addressHash], set: { lastSeenAt: now } });
  const keep = db
    .select({ h: knownAddresses.addressHash })
    .from(knownAddresses)
    .where(eq(knownAddresses.accountId, accountId))
    .orderBy(desc(knownAddresses.lastSeenAt))
    .limit(KNOWN_ADDRESSES);
  await db.delete(knownAddresses).where(and(eq(knownAddresses.accountId, accountId), notInArray(knownAddresses.addressHash, keep)));
}
