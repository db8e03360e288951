import { and, eq, sql } from 'drizzle-orm';
import { apiError } from '../cases/api-errors.ts';
import { communityJoinRequests, communityMembers } from '../db/schema/index.ts';
import { t } from '../i18n/index.ts';
import { chatPost, declineRequest, memberMessage, withOutbox } from './deliveries.ts';
import { COMMUNITY_JOBS, type CommunityDeps } from './deps.ts';
import { inviteById, inviteByLink, inviteRefusal, type Invite } from './invites.ts';
import { localeOf, memberOf, type Member } from './members.ts';
import { rulesText } from './texts.ts';

/**
 * The /start payload of the "I accept the rules" button: a link into the bot's chat rather than a
 * button press, because only a person who started the bot can be written to after the request
 * is decided (warnings, mutes, the answer to an appeal).
 */
export const ACCEPT_START = 'join_';

export type JoinRequestOutcome = 'asked' | 'declined_banned' | 'declined_invite' | 'pending_already';

/**
 * Someone asked to join through one of our links: people banned earlier are declined at once, and
 * so are requests through a link that is used up; everyone else gets the chat's rules in private,
 * with an "I accept" button, and a time-out after which the request is declined.
 */
export async function receiveJoinRequest(
  d: CommunityDeps,
  req: { user: { id: number; language_code?: string }; inviteLink?: string; at: Date },
): Promise<JoinRequestOutcome> {
  const member = await memberOf(d, req.user, 'applicant');
  const invite = await inviteByLink(d, req.inviteLink);
  const locale = localeOf(member);
  if (member.status === 'banned') {
    await withOutbox(d, async (tx, queue) => {
      const [row] = await tx.insert(communityJoinRequests).values({ memberId: member.id, inviteId: invite?.id ?? null, requestedAt: req.at, outcome: 'declined_banned', decidedAt: d.now() }).returning();
      await queue([declineRequest(member.id, row!.id)]);
    });
    return 'declined_banned';
  }
  const refusal = invite ? await inviteRefusal(d, invite) : undefined;
  if (refusal) {
    await withOutbox(d, async (tx, queue) => {
      const [row] = await tx.insert(communityJoinRequests).values({ memberId: member.id, inviteId: invite!.id, requestedAt: req.at, outcome: 'declined_invite', decidedAt: d.now() }).returning();
      await queue([memberMessage(member.id, { text: t(locale, 'community-join-invite-used', { reason: refusal }) }), declineRequest(member.id, row!.id)]);
    });
    return 'declined_invite';
  }
  const [pending] = await d.db
    .select()
    .from(communityJoinRequests)
    .where(and(eq(communityJoinRequests.memberId, member.id), eq(communityJoinRequests.outcome, 'pending')));
  if (pending) return 'pending_already';
  await withOutbox(d, async (tx, queue) => {
    const [row] = await tx.insert(communityJoinRequests).values({ memberId: member.id, inviteId: invite?.id ?? null, requestedAt: req.at }).returning();
    // Who they are (source, chain depth) is settled now: the join that follows may not say.
    await tx
      .update(communityMembers)
      .set({ source: invite?.source ?? 'other', inviteId: invite?.id ?? null, depth: invite?.depth ?? 0 })
      .where(and(eq(communityMembers.id, member.id), sql`${communityMembers.status} <> 'member'`));
    const minutes = d.settings.community.joinRequestTimeoutMinutes;
    await queue(
      [
        memberMessage(
          member.id,
          {
            text: `${t(locale, 'community-join-rules-intro', { org: d.settings.name[locale], hours: Math.round((minutes / 60) * 10) / 10 })}\n\n${rulesText(d.settings, locale)}`,
            keyboard: { inline_keyboard: [[{ text: t(locale, 'community-join-accept'), url: `https://t.me/${d.botUsername}?start=${ACCEPT_START}${row!.id}` }]] },
          },
          `community.rules:${row!.id}`,
        ),
      ],
    );
    await d.scheduler.schedule(COMMUNITY_JOBS.joinTimeout, new Date(d.now().getTime() + minutes * 60_000), { requestId: row!.id }, { tx });
  });
  return 'asked';
}

export type AcceptOutcome = 'approved' | 'gone' | 'not_yours';

/** The applicant pressed "I accept": the request is approved, if it is still theirs and still open. */
export async function acceptRules(d: CommunityDeps, user: { id: number; language_code?: string }, requestId: number): Promise<AcceptOutcome> {
  const member = await memberOf(d, user, 'applicant');
  const [req] = await d.db.select().from(communityJoinRequests).where(eq(communityJoinRequests.id, requestId));
  if (!req || req.memberId !== member.id) return 'not_yours';
  if (req.outcome !== 'pending') return req.outcome === 'approved' ? 'approved' : 'gone';
  // Claimed first, so a double tap or the time-out racing it approves or declines once.
  const claimed = await d.db
    .update(communityJoinRequests)
    .set({ outcome: 'approved', decidedAt: d.now() })
    .where(and(eq(communityJoinRequests.id, requestId), eq(communityJoinRequests.outcome, 'pending')))
    .returning();
  if (claimed.length === 0) return 'gone';
  try {
    await d.api.approveChatJoinRequest(d.communityChatId, user.id);
  } catch (err) {
    const e = apiError(err);
    if (e && /USER_ALREADY_PARTICIPANT/i.test(e.description)) return 'approved';
    if (e && /HIDE_REQUESTER_MISSING/i.test(e.description)) {
      await d.db.update(communityJoinRequests).set({ outcome: 'withdrawn' }).where(eq(communityJoinRequests.id, requestId));
      return 'gone';
    }
    await d.db.update(communityJoinRequests).set({ outcome: 'pending', decidedAt: null }).where(eq(communityJoinRequests.id, requestId));
    throw err;
  }
  return 'approved';
}

/** The time-out: a request still open is declined, and the applicant told how to ask again. */
export async function declineExpired(d: CommunityDeps, requestId: number): Promise<'declined' | 'cancelled'> {
  const claimed = await d.db
    .update(communityJoinRequests)
    .set({ outcome: 'declined_timeout', decidedAt: d.now() })
    .where(and(eq(communityJoinRequests.id, requestId), eq(communityJoinRequests.outcome, 'pending')))
    .returning();
  if (claimed.length === 0) return 'cancelled';
  const memberId = claimed[0]!.memberId;
  await withOutbox(d, async (tx, queue) => {
    const [member] = await tx.select().from(communityMembers).where(eq(communityMembers.id, memberId));
    await queue([memberMessage(memberId, { text: t(member ? localeOf(member) : d.defaultLocale, 'community-join-timed-out') }), declineRequest(memberId, requestId)]);
  });
  return 'declined';
}

/**
 * Telegram says someone is now in the chat (approved, or through a link without a request): the
 * member is recorded with where they came from, and the chat gets one short welcome that deletes
 * itself after a while.
 */
export async function memberJoined(d: CommunityDeps, user: { id: number; language_code?: string }, inviteLink: string | undefined, at: Date): Promise<Member> {
  const member = await memberOf(d, user, 'applicant');
  const invite: Invite | undefined = (await inviteByLink(d, inviteLink)) ?? (member.inviteId ? await inviteById(d, member.inviteId) : undefined);
  const first = member.joinedAt === null;
  const [joined] = await d.db
    .update(communityMembers)
    .set({
      status: 'member',
      joinedAt: member.joinedAt ?? at,
      leftAt: null,
      ...(first ? { source: invite?.source ?? member.source, inviteId: invite?.id ?? member.inviteId, depth: invite?.depth ?? member.depth } : {}),
    })
    .where(eq(communityMembers.id, member.id))
    .returning();
  if (member.status !== 'member') {
    // One welcome for everyone who joins while the last one is still up: a burst of joins (a
    // mobile unit's evening) makes one message, not twenty.
    const minutes = d.settings.community.welcomeDeleteMinutes;
    const bucket = Math.floor(at.getTime() / (minutes * 60_000));
    const locale = d.defaultLocale;
    await d.outbox.send([
      chatPost(d, { text: t(locale, 'community-welcome', { org: d.settings.name[locale], numbers: d.settings.emergencyNumbers.join(' / ') }), deleteAfterMinutes: minutes }, `community.welcome:${bucket}`),
    ]);
  }
  return joined!;
}

/** Telegram says someone left or was removed. A ban made elsewhere (by an admin by hand) is kept as a ban. */
export async function memberLeft(d: CommunityDeps, user: { id: number; language_code?: string }, banned: boolean, at: Date): Promise<void> {
  const member = await memberOf(d, user, 'left');
  await d.db
    .update(communityMembers)
    .set({ status: banned ? 'banned' : member.status === 'banned' ? 'banned' : 'left', leftAt: at })
    .where(eq(communityMembers.id, member.id));
}
