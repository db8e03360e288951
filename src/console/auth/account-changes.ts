import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/open.ts';
import { accounts, oneTimeTokens, recoveryCodes, sessions, staffMembers } from '../../db/schema/index.ts';
import { ROLES as REFERRAL_ROLES } from '../../cases/referral.ts';
import type { Role } from '../policy.ts';
import type { Account } from './accounts.ts';

/**
 * What an admin changes about an account. A change that alters what the account may do ends its
 * sessions, so it applies at the next request rather than when a session happens to expire. The
 * console must always keep an active admin: the last one can be neither demoted nor disabled.
 */

export type ChangeProblem = 'not-found' | 'last-admin';
export type ChangeResult = { ok: true; before: Account; after: Account } | { ok: false; problem: ChangeProblem };

/** Pure: whether changing `target` to `next` would leave no active admin among `activeAdminIds`. */
export function leavesNoAdmin(activeAdminIds: readonly number[], target: number, next: { role: string; disabled: boolean }): boolean {
  if (!activeAdminIds.includes(target)) return false;
  const staysAdmin = next.role === 'admin' && !next.disabled;
  return !staysAdmin && activeAdminIds.length <= 1;
}

/**
 * Applies `set` to the account unless that leaves no active admin. The active admins' rows are
 * locked first, so two admins demoting each other at once cannot both succeed.
 */
async function change(db: Db, id: number, set: Partial<typeof accounts.$inferInsert>, opts: { endSessions: boolean; endInvitations?: boolean; endRecoveryCodes?: boolean }): Promise<ChangeResult> {
  return db.transaction(async (tx): Promise<ChangeResult> => {
    const admins = await tx
      .select({ id: accounts.id })
      .from(accounts)
      .where(and(eq(accounts.role, 'admin'), isNull(accounts.disabledAt)))
      .for('update');
    const [before] = await tx.select().from(accounts).where(eq(accounts.id, id));
    if (!before) return { ok: false, problem: 'not-found' };
    const next = { role: set.role ?? before.role, disabled: set.disabledAt === undefined ? before.disabledAt !== null : set.disabledAt !== null };
    if (leavesNoAdmin(admins.map((a) => a.id), id, next)) return { ok: false, problem: 'last-admin' };
    const [after] = await tx.update(accounts).set(set).where(eq(accounts.id, id)).returning();
    if (opts.endSessions) await tx.delete(sessions).where(eq(sessions.accountId, id));
    if (opts.endInvitations) await tx.delete(oneTimeTokens).where(and(eq(oneTimeTokens.accountId, id), isNull(oneTimeTokens.usedAt)));
    if (opts.endRecoveryCodes) await tx.delete(recoveryCodes).where(eq(recoveryCodes.accountId, id));
    return { ok: true, before, after: after! };
  });
}

/** A new role; a role that requires a second factor sends an account without one to enrol at its next sign-in. */
export function changeRole(db: Db, id: number, role: Role): Promise<ChangeResult> {
  return change(db, id, { role }, { endSessions: true });
}

/** Ends the sessions and any unused link (invitation or /link code), so enabling again does not revive one. */
export function disableAccount(db: Db, id: number, now: Date): Promise<ChangeResult> {
  return change(db, id, { disabledAt: now }, { endSessions: true, endInvitations: true });
}

export function enableAccount(db: Db, id: number): Promise<ChangeResult> {
  return change(db, id, { disabledAt: null }, { endSessions: false });
}

/** Forgets the second factor (a lost phone) and its recovery codes: the person enrols a new one, at once if their role requires it. */
export function resetSecondFactor(db: Db, id: number): Promise<ChangeResult> {
  return change(db, id, { totpSecretSealed: null, totpEnabledAt: null }, { endSessions: true, endRecoveryCodes: true });
}

/** The account no longer speaks for its member of the staff group (a new /link code links it again). */
export function unlinkStaffMember(db: Db, id: number): Promise<ChangeResult> {
  return change(db, id, { staffMemberId: null }, { endSessions: false });
}

export type ReferralRole = (typeof REFERRAL_ROLES)[number];

/** Pure: the referral roles among `asked`, in the canonical order, each once. */
export function referralRolesOf(asked: readonly string[]): ReferralRole[] {
  return REFERRAL_ROLES.filter((r) => asked.includes(r));
}

/**
 * Sets a staff member's referral roles (what `/role` sets in Telegram), keeping the topics they
 * declared (opioids, HIV, …), which share the column. Undefined when there is no such member.
 */
export async function setReferralRoles(db: Db, staffMemberId: number, roles: readonly string[]): Promise<{ before: string[]; after: string[] } | undefined> {
  return db.transaction(async (tx) => {
    const [member] = await tx.select({ specialisations: staffMembers.specialisations }).from(staffMembers).where(eq(staffMembers.id, staffMemberId)).for('update');
    if (!member) return undefined;
    const kept = member.specialisations.filter((s) => !(REFERRAL_ROLES as readonly string[]).includes(s));
    const after = referralRolesOf(roles);
    await tx.update(staffMembers).set({ specialisations: [...after, ...kept] }).where(eq(staffMembers.id, staffMemberId));
    return { before: referralRolesOf(member.specialisations), after };
  });
}
