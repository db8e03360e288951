import { and, eq, gt, isNull } from 'drizzle-orm';
import { randomInt } from 'node:crypto';
import type { Db } from '../../db/open.ts';
import { accounts, cases, oneTimeTokens, staffMembers } from '../../db/schema/index.ts';
import { CONSOLE_MEMBER_PREFIX } from '../../cases/staff-members.ts';
import type { Vault } from '../../privacy/vault.ts';

/**
 * Linking a console account to the member of the staff group it belongs to: the console shows a
 * short one-time code, the person sends `/link CODE` in the staff group, and the bot — which sees
 * who sent it there — connects the two. Claims and replies made in Telegram then count for them.
 */
export const LINK_TTL_MS = 15 * 60_000;
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTWXYZ';

const hashCode = (vault: Vault, code: string) => vault.hash('console.link', code.trim().toUpperCase());

export async function createLinkCode(db: Db, vault: Vault, accountId: number, now: Date): Promise<string> {
  const code = Array.from({ length: 8 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  await db.transaction(async (tx) => {
    await tx.delete(oneTimeTokens).where(and(eq(oneTimeTokens.purpose, 'link_staff'), eq(oneTimeTokens.accountId, accountId), isNull(oneTimeTokens.usedAt)));
    await tx.insert(oneTimeTokens).values({ tokenHash: hashCode(vault, code), purpose: 'link_staff', accountId, expiresAt: new Date(now.getTime() + LINK_TTL_MS) });
  });
  return code;
}

/** Spends a code for the staff member who sent it; the linked account, or undefined for a wrong, used or expired code. */
export async function redeemLinkCode(db: Db, vault: Vault, code: string, staffMemberId: number, now: Date): Promise<{ accountId: number; displayName: string } | undefined> {
  if (!/^[A-Za-z0-9]{8}$/.test(code.trim())) return undefined;
  return db.transaction(async (tx) => {
    const [spent] = await tx
      .update(oneTimeTokens)
      .set({ usedAt: now })
      .where(and(eq(oneTimeTokens.tokenHash, hashCode(vault, code)), eq(oneTimeTokens.purpose, 'link_staff'), isNull(oneTimeTokens.usedAt), gt(oneTimeTokens.expiresAt, now)))
      .returning({ accountId: oneTimeTokens.accountId });
    if (!spent?.accountId) return undefined;
    // One account per staff member: a member linked before is moved to this account.
    await tx.update(accounts).set({ staffMemberId: null }).where(eq(accounts.staffMemberId, staffMemberId));
    // The account's own console member (it held cases before it was linked) hands them over.
    const [before] = await tx.select({ id: staffMembers.id, tgHash: staffMembers.tgHash }).from(accounts).innerJoin(staffMembers, eq(staffMembers.id, accounts.staffMemberId)).where(eq(accounts.id, spent.accountId));
    if (before && before.id !== staffMemberId && before.tgHash.startsWith(CONSOLE_MEMBER_PREFIX)) {
      await tx.update(cases).set({ claimedBy: staffMemberId }).where(eq(cases.claimedBy, before.id));
    }
    const [account] = await tx.update(accounts).set({ staffMemberId }).where(eq(accounts.id, spent.accountId)).returning({ id: accounts.id, displayName: accounts.displayName });
    return account ? { accountId: account.id, displayName: account.displayName } : undefined;
  });
}
