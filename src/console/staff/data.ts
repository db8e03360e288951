import { asc, eq, sql } from 'drizzle-orm';
import { SEAL } from '../../cases/deps.ts';
import type { Db } from '../../db/open.ts';
import { accounts, staffMembers } from '../../db/schema/index.ts';
import type { Vault } from '../../privacy/vault.ts';
import { referralRolesOf, type ReferralRole } from '../auth/account-changes.ts';
import { pendingInvitations } from '../auth/invitations.ts';
import { openOrMark } from '../../privacy/unreadable.ts';

/** What the staff pages read: each account, its second factor, its staff-group member and that member's referral roles. */

export interface AccountRow {
  id: number;
  login: string;
  displayName: string;
  role: string;
  locale: string;
  totp: boolean;
  disabledAt: Date | null;
  createdAt: Date;
  staffMemberId: number | null;
  /** The linked member's name in the staff group (staff, not clients: fine to show colleagues). */
  staffName: string | null;
  referralRoles: ReferralRole[];
  /** When the account's unused invitation link expires, while it has one. */
  invitationExpiresAt: Date | null;
}

const COLUMNS = {
  id: accounts.id,
  login: accounts.login,
  displayName: accounts.displayName,
  role: accounts.role,
  locale: accounts.locale,
  totpEnabledAt: accounts.totpEnabledAt,
  disabledAt: accounts.disabledAt,
  createdAt: accounts.createdAt,
  staffMemberId: accounts.staffMemberId,
  nameSealed: staffMembers.nameSealed,
  specialisations: staffMembers.specialisations,
};

/** Active accounts first, then by name; `id` narrows to one. */
export async function listAccounts(db: Db, vault: Vault, now: Date, id?: number): Promise<AccountRow[]> {
  const rows = await db
    .select(COLUMNS)
    .from(accounts)
    .leftJoin(staffMembers, eq(staffMembers.id, accounts.staffMemberId))
    .where(id === undefined ? undefined : eq(accounts.id, id))
    .orderBy(sql`${accounts.disabledAt} is not null`, asc(sql`lower(${accounts.displayName})`), asc(accounts.id));
  const invitations = await pendingInvitations(db, now);
  return rows.map((r) => ({
    id: r.id,
    login: r.login,
    displayName: r.displayName,
    role: r.role,
    locale: r.locale,
    totp: r.totpEnabledAt !== null,
    disabledAt: r.disabledAt ? new Date(r.disabledAt) : null,
    createdAt: new Date(r.createdAt),
    staffMemberId: r.staffMemberId,
    staffName: r.nameSealed ? openOrMark(vault, SEAL.staffName, r.nameSealed) : null,
    referralRoles: referralRolesOf(r.specialisations ?? []),
    invitationExpiresAt: invitations.get(r.id) ?? null,
  }));
}

export async function accountRow(db: Db, vault: Vault, now: Date, id: number): Promise<AccountRow | undefined> {
  return (await listAccounts(db, vault, now, id))[0];
}
