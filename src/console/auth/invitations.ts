import { and, eq, gt, isNull } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/open.ts';
import { accounts, oneTimeTokens, sessions } from '../../db/schema/index.ts';
import type { Vault } from '../../privacy/vault.ts';
import { getAccount, type Account } from './accounts.ts';
import { checkPassword, hashPassword, type PasswordProblem } from './password.ts';

/**
 * Invitations: an admin creates an account without a usable password and passes on a one-time
 * link (72 hours) with which its person chooses one. The same link resets a forgotten password.
 * Only a keyed hash of the link's token is stored, as for the first admin's setup link, so a copy
 * of the database opens no account.
 */

export const INVITE_TTL_MS = 72 * 3600_000;
const PURPOSE = 'invite';
const hashInviteToken = (vault: Vault, token: string) => vault.hash('console-invite', token);

/** A password nobody knows: what an invited account has until its person chooses one. */
export const unusablePassword = () => randomBytes(32).toString('base64url');

/** A new link token for the account, replacing any earlier unused one (only the latest link works). */
export async function createInvitation(db: Db, vault: Vault, accountId: number, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + INVITE_TTL_MS);
  await db.transaction(async (tx) => {
    await tx.delete(oneTimeTokens).where(and(eq(oneTimeTokens.purpose, PURPOSE), eq(oneTimeTokens.accountId, accountId), isNull(oneTimeTokens.usedAt)));
    await tx.insert(oneTimeTokens).values({ tokenHash: hashInviteToken(vault, token), purpose: PURPOSE, accountId, createdAt: now, expiresAt });
  });
  return { token, expiresAt };
}

const live = (vault: Vault, token: string, now: Date) =>
  and(eq(oneTimeTokens.tokenHash, hashInviteToken(vault, token)), eq(oneTimeTokens.purpose, PURPOSE), isNull(oneTimeTokens.usedAt), gt(oneTimeTokens.expiresAt, now));

/** The account an unused, unexpired link belongs to; undefined for any other token or a disabled account. */
export async function invitedAccount(db: Db, vault: Vault, token: string, now: Date): Promise<Account | undefined> {
  if (token.length > 200) return undefined;
  const [row] = await db.select({ accountId: oneTimeTokens.accountId }).from(oneTimeTokens).where(live(vault, token, now));
  const account = row?.accountId ? await getAccount(db, row.accountId) : undefined;
  return account && account.disabledAt === null ? account : undefined;
}

export type InvitationResult = { ok: true; account: Account } | { ok: false; problems: Array<PasswordProblem | 'password-mismatch' | 'link-invalid'> };

/**
 * Spends the link and sets the password, in one transaction (of two people racing with one link,
 * one succeeds). Ends the account's sessions and clears its failed sign-ins: it is a new password.
 */
export async function acceptInvitation(db: Db, vault: Vault, token: string, password: string, confirmation: string, now: Date): Promise<InvitationResult> {
  const account = await invitedAccount(db, vault, token, now);
  if (!account) return { ok: false, problems: ['link-invalid'] };
  const problems: Array<PasswordProblem | 'password-mismatch'> = checkPassword(password, account.login);
  if (password !== confirmation) problems.push('password-mismatch');
  if (problems.length > 0) return { ok: false, problems };
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx): Promise<InvitationResult> => {
    const spent = await tx.update(oneTimeTokens).set({ usedAt: now }).where(live(vault, token, now)).returning({ accountId: oneTimeTokens.accountId });
    if (spent[0]?.accountId !== account.id) return { ok: false, problems: ['link-invalid'] };
    const [updated] = await tx
      .update(accounts)
      .set({ passwordHash })
      .where(and(eq(accounts.id, account.id), isNull(accounts.disabledAt)))
      .returning();
    if (!updated) return { ok: false, problems: ['link-invalid'] };
    await tx.delete(sessions).where(eq(sessions.accountId, account.id));
    return { ok: true, account: updated };
  });
}

/** When each account's unused link expires, for the accounts that have one. */
export async function pendingInvitations(db: Db, now: Date): Promise<Map<number, Date>> {
  const rows = await db
    .select({ accountId: oneTimeTokens.accountId, expiresAt: oneTimeTokens.expiresAt })
    .from(oneTimeTokens)
    .where(and(eq(oneTimeTokens.purpose, PURPOSE), isNull(oneTimeTokens.usedAt), gt(oneTimeTokens.expiresAt, now)));
  return new Map(rows.filter((r) => r.accountId !== null).map((r) => [r.accountId!, new Date(r.expiresAt)]));
}
