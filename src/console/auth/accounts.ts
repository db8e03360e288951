import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Locale } from '../../config.ts';
import type { Db } from '../../db/open.ts';
import { accounts } from '../../db/schema/index.ts';
import type { Vault } from '../../privacy/vault.ts';
import { ROLES, totpRequired, type Role } from '../policy.ts';
import { normaliseLogin } from './login-limit.ts';
import { checkPassword, hashPassword, type PasswordProblem } from './password.ts';
import { generateTotpSecret, verifyTotp, type UsedCodes } from './totp.ts';
import type { Account } from './sessions.ts';

export type { Account };

/** Logins: 3–64 letters, digits, dot, dash, underscore; compared in lower case. */
export const LOGIN_PATTERN = /^[a-z0-9._-]{3,64}$/;

export type AccountProblem = 'login-invalid' | 'login-taken' | 'display-name-invalid' | 'role-invalid' | PasswordProblem;

export interface NewAccount {
  login: string;
  displayName: string;
  role: Role;
  password: string;
  locale?: Locale;
}

const newAccountSchema = z.object({
  login: z.string(),
  displayName: z.string(),
  role: z.string(),
  password: z.string(),
  locale: z.enum(['ru', 'en']).optional(),
});

/** The problems with a new account's fields (empty when it can be created), without touching the database. */
export function checkNewAccount(input: NewAccount): AccountProblem[] {
  const problems: AccountProblem[] = [];
  const parsed = newAccountSchema.safeParse(input);
  if (!parsed.success) return ['login-invalid'];
  if (!LOGIN_PATTERN.test(normaliseLogin(input.login))) problems.push('login-invalid');
  const name = input.displayName.trim();
  if (name.length < 1 || name.length > 100) problems.push('display-name-invalid');
  if (!(ROLES as readonly string[]).includes(input.role)) problems.push('role-invalid');
  problems.push(...checkPassword(input.password, input.login));
  return problems;
}

export type CreateResult = { ok: true; account: Account } | { ok: false; problems: AccountProblem[] };

/**
 * Creates an account (an admin's action, the first-admin setup, or `netreach admin create`).
 * Hash the password first with `hashPassword` when calling inside a transaction (it is slow);
 * otherwise pass the password and it is hashed here.
 */
export async function createAccount(db: Db, input: NewAccount, passwordHash?: string): Promise<CreateResult> {
  const problems = checkNewAccount(input);
  if (problems.length > 0) return { ok: false, problems };
  const login = normaliseLogin(input.login);
  const hash = passwordHash ?? (await hashPassword(input.password));
  const [account] = await db
    .insert(accounts)
    .values({ login, displayName: input.displayName.trim(), role: input.role, passwordHash: hash, locale: input.locale ?? 'ru' })
    .onConflictDoNothing({ target: accounts.login })
    .returning();
  if (!account) return { ok: false, problems: ['login-taken'] };
  return { ok: true, account };
}

export async function findAccountByLogin(db: Db, login: string): Promise<Account | undefined> {
  const [account] = await db.select().from(accounts).where(eq(accounts.login, normaliseLogin(login)));
  return account;
}

export async function getAccount(db: Db, id: number): Promise<Account | undefined> {
  const [account] = await db.select().from(accounts).where(eq(accounts.id, id));
  return account;
}

export async function countAccounts(db: Db): Promise<number> {
  const rows = await db.select({ id: accounts.id }).from(accounts).limit(1);
  return rows.length;
}

/**
 * What a new installer needs to hear on the login page: 'setup-link' while there is no account (the
 * server prints a one-time link), 'no-admin' when accounts exist but no active admin (only the
 * command line makes one then), otherwise null.
 */
export async function setupHint(db: Db): Promise<'setup-link' | 'no-admin' | null> {
  const [admin] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.role, 'admin'), isNull(accounts.disabledAt)))
    .limit(1);
  if (admin) return null;
  return (await countAccounts(db)) === 0 ? 'setup-link' : 'no-admin';
}

/** Whether the account must (admin, coordinator) or may still enrol a second factor. */
export function needsTotpEnrolment(account: Pick<Account, 'role' | 'totpEnabledAt'>): boolean {
  return totpRequired(account.role) && account.totpEnabledAt === null;
}

/** Sealed per account, so a secret cannot be moved to another account's row. */
export const totpPurpose = (accountId: number) => `console-totp:${accountId}`;

/**
 * The secret being enrolled: the one already pending (so reloading the page does not invalidate
 * what was typed into the app), or a new one. Refuses when TOTP is already enabled.
 */
export async function pendingTotpSecret(db: Db, vault: Vault, account: Account): Promise<string> {
  if (account.totpEnabledAt) throw new Error('TOTP is already enabled for this account');
  if (account.totpSecretSealed) return vault.open(totpPurpose(account.id), account.totpSecretSealed);
  const secret = generateTotpSecret();
  const sealed = vault.seal(totpPurpose(account.id), secret);
  await db.update(accounts).set({ totpSecretSealed: sealed }).where(eq(accounts.id, account.id));
  account.totpSecretSealed = sealed;
  return secret;
}

/** Enables TOTP when `code` matches the pending secret; returns whether it did. */
export async function confirmTotpEnrolment(db: Db, vault: Vault, account: Account, code: string, now: Date, used?: UsedCodes): Promise<boolean> {
  if (account.totpEnabledAt || !account.totpSecretSealed) return false;
  const step = verifyTotp(vault.open(totpPurpose(account.id), account.totpSecretSealed), code, now.getTime());
  if (step === null || (used && !used.accept(account.id, step))) return false;
  await db.update(accounts).set({ totpEnabledAt: now }).where(eq(accounts.id, account.id));
  account.totpEnabledAt = now;
  return true;
}

/** Checks a sign-in code against the account's enabled secret, refusing a code already used. */
export function checkTotp(vault: Vault, account: Account, code: string, now: Date, used: UsedCodes): boolean {
  if (!account.totpEnabledAt || !account.totpSecretSealed) return false;
  const step = verifyTotp(vault.open(totpPurpose(account.id), account.totpSecretSealed), code, now.getTime());
  return step !== null && used.accept(account.id, step);
}

/** The secret of an account, for tests and the enrolment page. */
export function openTotpSecret(vault: Vault, account: Account): string | null {
  return account.totpSecretSealed ? vault.open(totpPurpose(account.id), account.totpSecretSealed) : null;
}
