import { and, desc, eq, inArray, isNotNull, isNull, like, or } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { accounts, auditLog, outbox, staffMembers } from '../db/schema/index.ts';
import { LANE } from '../outbox/limits.ts';
import type { Op } from '../outbox/sender.ts';
import { enqueue, groupTarget, parseTarget, type NewItem, type Outbox } from '../outbox/store.ts';
import { safeError } from '../log.ts';
import type { Vault } from '../privacy/vault.ts';
import { HASH, SEAL, type CaseDeps } from './deps.ts';
import { CONSOLE_MEMBER_PREFIX } from './staff-members.ts';

/**
 * Taking a disabled account's person out of Telegram: out of the staff group (banned, then
 * unbanned at once, so the ban only removes them and an admin can invite them again later) and
 * without administrator rights in the community chat, where an administrator moderates. The calls
 * go through the outbox, so Telegram's limits and retries hold and a restart does not lose them;
 * each outcome is written to the audit log as the admin who disabled the account, and the account
 * page shows what is waiting, done or refused (with Telegram's reason). Enabling the account again
 * adds nobody back.
 */

export const STAFF_ACCESS_OPS = { removeFromGroup: 'staff.remove_from_group', takeAdminRights: 'staff.take_admin_rights' } as const;

/** What the audit log says happened, by op and outcome. */
export const STAFF_ACCESS_AUDIT = {
  removed: 'account.telegram_removed',
  removeFailed: 'account.telegram_remove_failed',
  demoted: 'account.community_demoted',
  demoteFailed: 'account.community_demote_failed',
} as const;

/** Every administrator right off: promoteChatMember with these demotes an administrator to a member. */
const NO_RIGHTS = {
  is_anonymous: false,
  can_manage_chat: false,
  can_delete_messages: false,
  can_manage_video_chats: false,
  can_restrict_members: false,
  can_promote_members: false,
  can_change_info: false,
  can_invite_users: false,
  can_post_stories: false,
  can_edit_stories: false,
  can_delete_stories: false,
  can_pin_messages: false,
  can_manage_topics: false,
};

/** The dedupe keys of an account's items start so: the account page finds them by it (no Telegram id in it). */
const keyPrefix = (accountId: number) => `staff-access:${accountId}:`;

export interface Removal {
  accountId: number;
  /** For the audit log's detail, as the console writes account changes. */
  login: string;
  staffMemberId: number;
  /** The admin who disabled the account: the audit entries of the outcome are theirs. */
  byAccountId: number;
  at: Date;
}

/** Pure: the items for a removal — the staff group always, the community chat when there is one. */
export function removalItems(chats: { staffChatId: number; communityChatId?: number }, r: Removal): NewItem[] {
  const payload = { memberId: r.staffMemberId, login: r.login, by: r.byAccountId };
  const key = (op: string) => `${keyPrefix(r.accountId)}${op}:${r.at.getTime()}`;
  const items: NewItem[] = [{ target: groupTarget(chats.staffChatId), op: STAFF_ACCESS_OPS.removeFromGroup, lane: LANE.normal, payload, dedupeKey: key(STAFF_ACCESS_OPS.removeFromGroup) }];
  if (chats.communityChatId !== undefined && chats.communityChatId !== chats.staffChatId) {
    items.push({ target: groupTarget(chats.communityChatId), op: STAFF_ACCESS_OPS.takeAdminRights, lane: LANE.normal, payload, dedupeKey: key(STAFF_ACCESS_OPS.takeAdminRights) });
  }
  return items;
}

/**
 * Queues the removal when the account speaks for a Telegram user (a console-only member has
 * nobody to remove). Returns whether anything was queued.
 */
export async function queueRemoval(
  d: { db: Db; vault: Vault; staffChatId: number; communityChatId?: number; outbox?: Pick<Outbox, 'wake'> },
  r: Removal,
): Promise<boolean> {
  const [member] = await d.db.select({ tgHash: staffMembers.tgHash }).from(staffMembers).where(eq(staffMembers.id, r.staffMemberId));
  if (!member || member.tgHash.startsWith(CONSOLE_MEMBER_PREFIX)) return false;
  const items = removalItems(d, r);
  const queued = await enqueue(d.db, d.vault, items);
  if (queued !== false) await d.outbox?.wake(...items.map((i) => i.target));
  return queued !== false;
}

export type RemovalState = 'waiting' | 'done' | 'failed';
export interface RemovalOutcome {
  where: 'staff-group' | 'community';
  state: RemovalState;
  /** Telegram's reason, when it refused. */
  error?: string;
  queuedAt: Date;
}

/** The latest removal's items of an account, as its page shows them. */
export async function removalOutcomes(db: Db, accountId: number): Promise<RemovalOutcome[]> {
  const rows = await db
    .select({ op: outbox.op, status: outbox.status, lastError: outbox.lastError, createdAt: outbox.createdAt, dedupeKey: outbox.dedupeKey })
    .from(outbox)
    .where(like(outbox.dedupeKey, `${keyPrefix(accountId)}%`))
    .orderBy(desc(outbox.id));
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) if (!latest.has(r.op)) latest.set(r.op, r);
  return [...latest.values()].map((r) => ({
    where: r.op === STAFF_ACCESS_OPS.removeFromGroup ? 'staff-group' : 'community',
    state: r.status === 'done' ? 'done' : r.status === 'parked' ? 'failed' : 'waiting',
    ...(r.status === 'parked' && r.lastError ? { error: r.lastError } : {}),
    queuedAt: new Date(r.createdAt),
  }));
}

/** Telegram's words for a refusal ("Bad Request: …"), never a payload. */
const reasonOf = (err: unknown) => {
  const e = safeError(err) as { description?: string; name?: string };
  return (e.description ?? e.name ?? 'error').slice(0, 200);
};

export function staffAccessOps(d: Pick<CaseDeps, 'db' | 'vault' | 'api' | 'log'>): Record<string, Op> {
  /** The member's Telegram user id, opened only here, for the calls. */
  const userOf = async (memberId: unknown): Promise<number | undefined> => {
    const [m] = await d.db.select({ userSealed: staffMembers.userSealed }).from(staffMembers).where(eq(staffMembers.id, Number(memberId)));
    // Sealed under a destroyed key: the person cannot be named to Telegram any more.
    const opened = m ? d.vault.tryOpen(SEAL.staffUser, m.userSealed) : null;
    const id = opened === null ? NaN : Number(opened);
    return Number.isSafeInteger(id) ? id : undefined;
  };
  const note = (db: Db, payload: Record<string, unknown>, action: string, detail?: string) =>
    db.insert(auditLog).values({ accountId: Number(payload.by) || null, action, detail: detail ? `${String(payload.login)}: ${detail}` : String(payload.login) });
  const failed = (action: string) => async (item: { op: string }, payload: Record<string, unknown>, err: unknown) => {
    await note(d.db, payload, action, reasonOf(err));
    d.log.warn({ event: 'staff.access_refused', op: item.op, reason: reasonOf(err) }, 'Telegram refused to take a disabled account out');
    return undefined; // parked: the account page and the delivery page show it, with its reason
  };

  return {
    [STAFF_ACCESS_OPS.removeFromGroup]: {
      async deliver(item, payload) {
        const { chatId } = parseTarget(item.target) as { chatId: number };
        const userId = await userOf(payload.memberId);
        if (userId === undefined) return { effects: async (tx) => void (await note(tx, payload, STAFF_ACCESS_AUDIT.removeFailed, 'no such member')) };
        const before = await d.api.getChatMember(chatId, userId);
        // An administrator is demoted first (Telegram refuses to ban one the bot did not promote: the
        // refusal, with its reason, is what the admin then sees). A repeated attempt after the ban
        // finds them banned and only lifts it.
        if (before.status === 'administrator') await d.api.promoteChatMember(chatId, userId, NO_RIGHTS);
        if (before.status !== 'left' && before.status !== 'kicked') await d.api.banChatMember(chatId, userId);
        if (before.status !== 'left') await d.api.unbanChatMember(chatId, userId, { only_if_banned: true });
        d.log.info({ event: 'staff.removed_from_group' }, 'a disabled account’s person is out of the staff group');
        return { effects: async (tx) => void (await note(tx, payload, STAFF_ACCESS_AUDIT.removed, before.status === 'left' ? 'not in the group' : undefined)) };
      },
      refused: failed(STAFF_ACCESS_AUDIT.removeFailed),
    },
    [STAFF_ACCESS_OPS.takeAdminRights]: {
      async deliver(item, payload) {
        const { chatId } = parseTarget(item.target) as { chatId: number };
        const userId = await userOf(payload.memberId);
        if (userId === undefined) return { effects: async (tx) => void (await note(tx, payload, STAFF_ACCESS_AUDIT.demoteFailed, 'no such member')) };
        const before = await d.api.getChatMember(chatId, userId);
        // Only administrators moderate the community chat; a member stays a member (the chat is theirs too).
        if (before.status === 'administrator' || before.status === 'creator') await d.api.promoteChatMember(chatId, userId, NO_RIGHTS);
        return { effects: async (tx) => void (await note(tx, payload, STAFF_ACCESS_AUDIT.demoted, before.status === 'administrator' ? undefined : 'not an administrator')) };
      },
      refused: failed(STAFF_ACCESS_AUDIT.demoteFailed),
    },
  };
}


/**
 * Whether a Telegram user is a member of the staff group whose console account is disabled. Such a
 * person acts through the bot nowhere (not in the staff group, where a removal Telegram refused
 * may have left them, nor as staff in the community chat) until the account is enabled again.
 */
export async function isDisabledStaff(d: Pick<CaseDeps, 'db' | 'vault'>, userId: number): Promise<boolean> {
  const rows = await d.db
    .select({ id: staffMembers.id })
    .from(staffMembers)
    .innerJoin(accounts, eq(accounts.staffMemberId, staffMembers.id))
    .where(and(inArray(staffMembers.tgHash, d.vault.hashes(HASH.telegramUser, userId)), isNotNull(accounts.disabledAt)))
    .limit(1);
  return rows.length > 0;
}

/** Whether a Telegram user is a member of the staff group whose account, if linked, is not disabled. */
export async function isActiveStaff(d: Pick<CaseDeps, 'db' | 'vault'>, userId: number): Promise<boolean> {
  const rows = await d.db
    .select({ id: staffMembers.id })
    .from(staffMembers)
    .leftJoin(accounts, eq(accounts.staffMemberId, staffMembers.id))
    .where(and(inArray(staffMembers.tgHash, d.vault.hashes(HASH.telegramUser, userId)), or(isNull(accounts.id), isNull(accounts.disabledAt))))
    .limit(1);
  return rows.length > 0;
}
