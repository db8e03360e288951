import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Actor } from '../cases/actor.ts';
import { communityInvites, communityMembers } from '../db/schema/index.ts';
import { COMMUNITY_HASH, COMMUNITY_SEAL, type CommunityDeps } from './deps.ts';
import type { Member } from './members.ts';

export type Invite = typeof communityInvites.$inferSelect;
export type InviteSource = 'unit' | 'event' | 'peer' | 'other';
export const PLACE_SOURCES = ['unit', 'event', 'other'] as const;

export interface NewInvite {
  source: (typeof PLACE_SOURCES)[number];
  /** The unit's or event's name, shown to coordinators and as the link's name in Telegram. */
  name: string;
  unitId?: string;
  /** How many people may join through it (the bot declines requests beyond it). */
  memberLimit?: number;
  expiresAt?: Date;
}

/** Telegram's limit on an invite link's name. */
const LINK_NAME_MAX = 32;

/**
 * A link to the community chat for a mobile unit, an event or another place. Join requests are on
 * for every link: the bot shows the rules first, and a member limit is kept by the bot, since
 * Telegram does not combine the two.
 */
export async function createInvite(d: CommunityDeps, actor: Actor | undefined, input: NewInvite): Promise<{ invite: Invite; link: string }> {
  const link = await d.api.createChatInviteLink(d.communityChatId, {
    name: input.name.slice(0, LINK_NAME_MAX),
    creates_join_request: true,
    ...(input.expiresAt ? { expire_date: Math.floor(input.expiresAt.getTime() / 1000) } : {}),
  });
  const [invite] = await d.db
    .insert(communityInvites)
    .values({
      source: input.source,
      name: input.name,
      unitId: input.unitId ?? null,
      linkHash: linkHash(d, link.invite_link),
      linkSealed: d.vault.seal(COMMUNITY_SEAL.inviteLink, link.invite_link),
      memberLimit: input.memberLimit ?? null,
      expiresAt: input.expiresAt ?? null,
      createdByAccount: actor?.accountId ?? null,
    })
    .returning();
  return { invite: invite!, link: link.invite_link };
}

export const linkHash = (d: Pick<CommunityDeps, 'vault'>, link: string) => d.vault.hash(COMMUNITY_HASH.inviteLink, link);

export function inviteLinkOf(d: Pick<CommunityDeps, 'vault'>, invite: Pick<Invite, 'linkSealed'>): string {
  return d.vault.open(COMMUNITY_SEAL.inviteLink, invite.linkSealed);
}

export async function inviteByLink(d: Pick<CommunityDeps, 'db' | 'vault'>, link: string | undefined): Promise<Invite | undefined> {
  if (!link) return undefined;
  return (await d.db.select().from(communityInvites).where(inArray(communityInvites.linkHash, d.vault.hashes(COMMUNITY_HASH.inviteLink, link))))[0];
}

export async function inviteById(d: Pick<CommunityDeps, 'db'>, id: number): Promise<Invite | undefined> {
  return (await d.db.select().from(communityInvites).where(eq(communityInvites.id, id)))[0];
}

/** People who came in through these invites (joined, whether or not they are still there). */
async function joinsThrough(d: Pick<CommunityDeps, 'db' | 'settings'>, inviteIds: number[], sinceMonthOf?: Date): Promise<number> {
  if (inviteIds.length === 0) return 0;
  const month = sinceMonthOf ? monthOf(sinceMonthOf, d.settings.timeZone) : undefined;
  const [row] = await d.db
    .select({ n: sql<number>`count(*)::int` })
    .from(communityMembers)
    .where(
      and(
        inArray(communityMembers.inviteId, inviteIds),
        sql`${communityMembers.joinedAt} is not null`,
        month ? sql`to_char(${communityMembers.joinedAt} at time zone ${d.settings.timeZone}, 'YYYY-MM') = ${month}` : undefined,
      ),
    );
  return Number(row?.n ?? 0);
}

/** The calendar month of an instant in the organisation's time zone, as YYYY-MM. */
export function monthOf(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(at);
  return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
}

/** Why a request through this invite cannot be let in now, if it cannot. */
export async function inviteRefusal(d: Pick<CommunityDeps, 'db' | 'settings' | 'now'>, invite: Invite): Promise<'revoked' | 'expired' | 'full' | 'peer_month' | undefined> {
  if (invite.revokedAt) return 'revoked';
  if (invite.expiresAt && invite.expiresAt.getTime() <= d.now().getTime()) return 'expired';
  if (invite.memberLimit !== null && (await joinsThrough(d, [invite.id])) >= invite.memberLimit) return 'full';
  if (invite.source === 'peer' && invite.inviterMemberId !== null) {
    const used = await peerJoinsThisMonth(d, invite.inviterMemberId);
    if (used >= d.settings.community.peerInvitesPerMonth) return 'peer_month';
  }
  return undefined;
}

async function peerJoinsThisMonth(d: Pick<CommunityDeps, 'db' | 'settings' | 'now'>, memberId: number): Promise<number> {
  const own = await d.db.select({ id: communityInvites.id }).from(communityInvites).where(eq(communityInvites.inviterMemberId, memberId));
  return joinsThrough(d, own.map((r) => r.id), d.now());
}

export type PeerInvite = { ok: true; link: string; left: number } | { ok: false; reason: 'not_member' | 'month_used' | 'off' };

/**
 * A member's personal link for a peer: the same link all month, good for the organisation's number
 * of joins a month. Its joins carry the chain's depth, one more than the member's own.
 */
export async function peerInvite(d: CommunityDeps, member: Member): Promise<PeerInvite> {
  const perMonth = d.settings.community.peerInvitesPerMonth;
  if (perMonth === 0) return { ok: false, reason: 'off' };
  if (member.status !== 'member') return { ok: false, reason: 'not_member' };
  const used = await peerJoinsThisMonth(d, member.id);
  if (used >= perMonth) return { ok: false, reason: 'month_used' };
  const [current] = await d.db
    .select()
    .from(communityInvites)
    .where(and(eq(communityInvites.inviterMemberId, member.id), isNull(communityInvites.revokedAt)))
    .orderBy(desc(communityInvites.createdAt))
    .limit(1);
  if (current && (!current.expiresAt || current.expiresAt.getTime() > d.now().getTime())) return { ok: true, link: inviteLinkOf(d, current), left: perMonth - used };
  const link = await d.api.createChatInviteLink(d.communityChatId, { name: 'peer', creates_join_request: true });
  await d.db.insert(communityInvites).values({
    source: 'peer',
    linkHash: linkHash(d, link.invite_link),
    linkSealed: d.vault.seal(COMMUNITY_SEAL.inviteLink, link.invite_link),
    inviterMemberId: member.id,
    depth: member.depth + 1,
  });
  return { ok: true, link: link.invite_link, left: perMonth - used };
}

/** Revokes a place's link in Telegram and here; people already in stay. */
export async function revokeInvite(d: CommunityDeps, id: number): Promise<boolean> {
  const invite = await inviteById(d, id);
  if (!invite || invite.revokedAt) return false;
  await d.api.revokeChatInviteLink(d.communityChatId, inviteLinkOf(d, invite)).catch((err: unknown) => {
    // Already gone in Telegram (revoked by hand): ours is revoked all the same.
    if ((err as { error_code?: number }).error_code !== 400) throw err;
  });
  await d.db.update(communityInvites).set({ revokedAt: d.now() }).where(eq(communityInvites.id, id));
  return true;
}

export interface InviteRow extends Invite {
  joins: number;
}

/** The places' invites with how many joined through each (peer links are counted in the figures, not listed). */
export async function placeInvites(d: Pick<CommunityDeps, 'db'>): Promise<InviteRow[]> {
  const rows = await d.db
    // The invite's id named with its table: a lone table's columns are written unqualified in the select list, where `id` would be the member's.
    .select({ invite: communityInvites, joins: sql<number>`(select count(*)::int from ${communityMembers} m where m.invite_id = ${communityInvites}.id and m.joined_at is not null)` })
    .from(communityInvites)
    .where(inArray(communityInvites.source, [...PLACE_SOURCES]))
    .orderBy(desc(communityInvites.createdAt));
  return rows.map((r) => ({ ...r.invite, joins: Number(r.joins) }));
}
