import { and, eq, gt, isNull } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/open.ts';
import { oneTimeTokens } from '../../db/schema/index.ts';
import type { Vault } from '../../privacy/vault.ts';
import { checkNewAccount, countAccounts, createAccount, type AccountProblem, type CreateResult } from './accounts.ts';
import { hashPassword } from './password.ts';

/**
 * The first admin. While there are no accounts, each start issues a one-time link (valid 24 hours,
 * replacing any earlier unused one) that the process prints; opening it lets one person create the
 * first admin. `createAdmin` is the command-line way (`netreach admin create`).
 */

export const SETUP_TTL_MS = 24 * 3600_000;
const hashSetupToken = (vault: Vault, token: string) => vault.hash('console-setup', token);

/** A fresh `<baseUrl>/console/setup/<token>` link when there are no accounts yet; otherwise null. */
export async function ensureSetupLink(db: Db, vault: Vault, baseUrl: string, now: Date = new Date()): Promise<string | null> {
  if ((await countAccounts(db)) > 0) return null;
  const token = randomBytes(32).toString('base64url');
  await db.transaction(async (tx) => {
    await tx.delete(oneTimeTokens).where(and(eq(oneTimeTokens.purpose, 'setup'), isNull(oneTimeTokens.usedAt)));
    await tx.insert(oneTimeTokens).values({
      tokenHash: hashSetupToken(vault, token),
      purpose: 'setup',
      createdAt: now,
      expiresAt: new Date(now.getTime() + SETUP_TTL_MS),
    });
  });
  return `${baseUrl.replace(/\/+$/, '')}/console/setup/${token}`;
}

/** Whether `token` is an unused, unexpired setup link while there are still no accounts. */
export async function isSetupTokenValid(db: Db, vault: Vault, token: string, now: Date): Promise<boolean> {
  if (token.length > 200) return false;
  const [row] = await db
    .select({ tokenHash: oneTimeTokens.tokenHash })
    .from(oneTimeTokens)
    .where(and(eq(oneTimeTokens.tokenHash, hashSetupToken(vault, token)), eq(oneTimeTokens.purpose, 'setup'), isNull(oneTimeTokens.usedAt), gt(oneTimeTokens.expiresAt, now)));
  return row !== undefined && (await countAccounts(db)) === 0;
}

export type SetupResult = CreateResult | { ok: false; problems: ['link-invalid'] };

/**
 * Spends the setup link and creates the first admin, in one transaction: of two people racing
 * with the same link, one gets the account and the other an invalid link.
 */
export async function completeSetup(
  db: Db,
  vault: Vault,
  token: string,
  input: { login: string; displayName: string; password: string; locale?: 'ru' | 'en' },
  now: Date,
): Promise<SetupResult> {
  const fields = { ...input, role: 'admin' as const };
  const problems: AccountProblem[] = checkNewAccount(fields);
  if (problems.length > 0) return { ok: false, problems };
  if (!(await isSetupTokenValid(db, vault, token, now))) return { ok: false, problems: ['link-invalid'] };
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      const spent = await tx
        .update(oneTimeTokens)
        .set({ usedAt: now })
        .where(and(eq(oneTimeTokens.tokenHash, hashSetupToken(vault, token)), isNull(oneTimeTokens.usedAt), gt(oneTimeTokens.expiresAt, now)))
        .returning({ tokenHash: oneTimeTokens.tokenHash });
      if (spent.length === 0 || (await countAccounts(tx)) > 0) throw new LinkSpent();
      const result = await createAccount(tx, fields, passwordHash);
      if (!result.ok) throw new LinkSpent();
      return result;
    });
  } catch (err) {
    if (err instanceof LinkSpent) return { ok: false, problems: ['link-invalid'] };
    throw err;
  }
}

class LinkSpent extends Error {}

/** The command-line way to an admin account: works at any time (whoever runs it runs the server). */
export function createAdmin(db: Db, input: { login: string; displayName: string; password: string; locale?: 'ru' | 'en' }): Promise<CreateResult> {
  return createAccount(db, { ...input, role: 'admin' });
}
