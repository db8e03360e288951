import { desc, eq, sql } from 'drizzle-orm';
import { SEAL } from '../../cases/deps.ts';
import { COMMUNITY_SEAL } from '../../community/deps.ts';
import type { Db } from '../../db/open.ts';
import { accounts, communityMembers, moderationActions, staffMembers } from '../../db/schema/index.ts';
import type { Vault } from '../../privacy/vault.ts';

export const LOG_PAGE_SIZE = 50;

export interface LogEntry {
  id: number;
  at: Date;
  pseudonym: string;
  action: string;
  rule: string;
  /** 'bot', a staff member's name (their console account's, else their Telegram first name), or 'staff' when not known. */
  by: { kind: 'bot' } | { kind: 'staff'; name: string | null };
  untilAt: Date | null;
  /** Staff's own words for a manual action, and the member's appeal: opened from their sealed columns. */
  reason: string | null;
  appeal: string | null;
  appealedAt: Date | null;
}

/**
 * The moderation log, newest first, 50 a page, optionally one rule's: for coordinators
 * (`community.manage`), who read the staff's reasons and the members' appeals here.
 */
export async function moderationLog(db: Db, vault: Vault, opts: { rule?: string; page: number }): Promise<{ entries: LogEntry[]; hasMore: boolean }> {
  const a = moderationActions;
  const rows = await db
    .select({
      action: a,
      pseudonym: communityMembers.pseudonym,
      staffNameSealed: staffMembers.nameSealed,
      accountName: sql<string | null>`(select ${accounts.displayName} from ${accounts} where ${accounts.staffMemberId} = ${a.byStaffMember} order by ${accounts.id} limit 1)`,
    })
    .from(a)
    .leftJoin(communityMembers, eq(communityMembers.id, a.memberId))
    .leftJoin(staffMembers, eq(staffMembers.id, a.byStaffMember))
    .where(opts.rule ? eq(a.rule, opts.rule) : undefined)
    .orderBy(desc(a.at), desc(a.id))
    .limit(LOG_PAGE_SIZE + 1)
    .offset((opts.page - 1) * LOG_PAGE_SIZE);
  const open = (purpose: string, sealed: string | null) => {
    if (!sealed) return null;
    return vault.tryOpen(purpose, sealed);
  };
  const entries = rows.slice(0, LOG_PAGE_SIZE).map((r): LogEntry => {
    const x = r.action;
    // The bot's own actions carry a rule it read; staff's carry 'other' and, when known, who.
    const staff = x.byStaffMember !== null || x.rule === 'other';
    return {
      id: x.id,
      at: x.at,
      pseudonym: r.pseudonym ?? '?',
      action: x.action,
      rule: x.rule,
      by: staff ? { kind: 'staff', name: r.accountName ?? open(SEAL.staffName, r.staffNameSealed) } : { kind: 'bot' },
      untilAt: x.untilAt,
      reason: open(COMMUNITY_SEAL.reason, x.reasonSealed),
      appeal: open(COMMUNITY_SEAL.appeal, x.appealSealed),
      appealedAt: x.appealedAt,
    };
  });
  return { entries, hasMore: rows.length > LOG_PAGE_SIZE };
}

/** The rules the log has entries for, for its filter. */
export async function loggedRules(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ rule: moderationActions.rule }).from(moderationActions);
  return rows.map((r) => r.rule).sort();
}
