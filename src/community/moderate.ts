import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { communityMembers, moderationActions } from '../db/schema/index.ts';
import { t } from '../i18n/index.ts';
import { chatDeletion, memberMessage, staffTopicMessage, withOutbox } from './deliveries.ts';
import { COMMUNITY_SEAL, type CommunityDeps } from './deps.ts';
import { localeOf, memberChatId, type Member } from './members.ts';
import { moderate, type ModerationRule } from './moderation/rules.ts';
import { durationText } from './texts.ts';

export type StaffAction = 'warn' | 'mute' | 'ban' | 'unban';
export type ActionRule = ModerationRule | 'other';

/** Telegram treats a restriction shorter than 30 seconds or longer than 366 days as forever. */
const FOREVER_MINUTES = 366 * 24 * 60;

/** A mute: the member may read but not write, until `until`. */
const MUTED = {
  can_send_messages: false,
  can_send_audios: false,
  can_send_documents: false,
  can_send_photos: false,
  can_send_videos: false,
  can_send_video_notes: false,
  can_send_voice_notes: false,
  can_send_polls: false,
  can_send_other_messages: false,
  can_add_web_page_previews: false,
};

/** The organisation's own numbers are never someone's personal data. */
function ownNumbers(d: Pick<CommunityDeps, 'settings'>): string[] {
  const s = d.settings;
  const people = [...s.duty.windows.flatMap((w) => w.staff), ...(s.duty.onCall ? [s.duty.onCall] : [])];
  return [...s.emergencyNumbers, ...people.flatMap((p) => (p.phone ? [p.phone] : [])), ...s.externalOrganisations.flatMap((o) => (o.contacts ? [o.contacts] : []))];
}

export interface Removal {
  rule: ModerationRule;
  action: 'warn' | 'mute';
  untilAt?: Date;
  /** The same update again (a retry): its removal was queued the first time. */
  retried?: boolean;
}

/**
 * A member's message in the chat, read against the rules: one that breaks them is deleted, and
 * the author told privately which rule; the first time is a warning, repeats mute for the ladder's
 * growing periods. Talk about drugs is not a rule. The message's text is never stored.
 */
export async function moderateMessage(
  d: CommunityDeps,
  member: Member,
  m: { messageId: number; text: string; hasLink: boolean; forwarded: boolean },
): Promise<Removal | undefined> {
  const verdict = moderate({ text: m.text, hasLink: m.hasLink, forwardedFromChat: m.forwarded, allowedNumbers: ownNumbers(d) });
  if (!verdict) return undefined;
  const now = d.now();
  const ladder = d.settings.community.muteLadderMinutes;
  let removal: Removal | undefined;
  await withOutbox(d, async (tx, queue) => {
    const [row] = await tx
      .update(communityMembers)
      .set({ strikes: sql`${communityMembers.strikes} + 1` })
      .where(eq(communityMembers.id, member.id))
      .returning();
    const strikes = row!.strikes;
    // A retried update: its deletion is queued already, and so is what followed from it.
    if (!(await queue([chatDeletion(d, m.messageId)]))) throw new Retried();
    await tx.insert(moderationActions).values({ memberId: member.id, action: 'delete', rule: verdict.rule, at: now });
    const locale = localeOf(member);
    const ruleName = t(locale, `community-rule-${verdict.rule}`);
    if (strikes <= 1) {
      await tx.insert(moderationActions).values({ memberId: member.id, action: 'warn', rule: verdict.rule, at: now });
      await queue([memberMessage(member.id, { text: t(locale, 'community-removed-warned', { rule: ruleName }), publicNotice: publicNotice(d, verdict.rule) })]);
      removal = { rule: verdict.rule, action: 'warn' };
    } else {
      const minutes = ladder[Math.min(strikes - 2, ladder.length - 1)]!;
      const untilAt = new Date(now.getTime() + minutes * 60_000);
      await tx.insert(moderationActions).values({ memberId: member.id, action: 'mute', rule: verdict.rule, untilAt, at: now });
      await tx.update(communityMembers).set({ mutedUntil: untilAt }).where(eq(communityMembers.id, member.id));
      await queue([memberMessage(member.id, { text: t(locale, 'community-removed-muted', { rule: ruleName, duration: durationText(locale, minutes) }), publicNotice: publicNotice(d, verdict.rule) })]);
      removal = { rule: verdict.rule, action: 'mute', untilAt };
    }
  }).catch((err: unknown) => {
    if (!(err instanceof Retried)) throw err;
    // Removed the first time round: nothing more to do, and the message is not read further.
    removal = { rule: verdict.rule, action: 'warn', retried: true };
  });
  if (removal?.action === 'mute' && !removal.retried) await restrict(d, member, removal.untilAt!);
  return removal;
}

class Retried extends Error {}

/** What the chat reads when the author cannot be told privately: the rule, and no one named. */
const publicNotice = (d: CommunityDeps, rule: ModerationRule) => t(d.defaultLocale, 'community-removed-public', { rule: t(d.defaultLocale, `community-rule-${rule}`) });

async function restrict(d: CommunityDeps, member: Member, until: Date | undefined): Promise<void> {
  await d.api.restrictChatMember(d.communityChatId, memberChatId(d, member), MUTED, {
    use_independent_chat_permissions: true,
    ...(until ? { until_date: Math.floor(until.getTime() / 1000) } : {}),
  });
}

/**
 * A staff member's /warn, /mute, /ban or /unban, given by replying to someone's message in the
 * chat. The member is told privately why, for how long, and that they can appeal to the bot.
 */
export async function staffModerates(
  d: CommunityDeps,
  by: { staffMemberId: number | null },
  member: Member,
  action: StaffAction,
  opts: { minutes?: number; reason?: string; messageId?: number } = {},
): Promise<{ untilAt?: Date }> {
  const now = d.now();
  const locale = localeOf(member);
  const reason = opts.reason?.trim() || t(locale, 'community-rule-other');
  const untilAt = action === 'mute' && opts.minutes && opts.minutes < FOREVER_MINUTES ? new Date(now.getTime() + opts.minutes * 60_000) : undefined;
  const chatId = memberChatId(d, member);
  if (action === 'mute') await restrict(d, member, untilAt);
  if (action === 'ban') await d.api.banChatMember(d.communityChatId, chatId);
  if (action === 'unban') {
    await d.api.unbanChatMember(d.communityChatId, chatId, { only_if_banned: true });
    // A muted member who is still in the chat gets their voice back too.
    if (member.status === 'member') await d.api.restrictChatMember(d.communityChatId, chatId, allowed(), { use_independent_chat_permissions: true }).catch(() => {});
  }
  await withOutbox(d, async (tx, queue) => {
    await tx.insert(moderationActions).values({
      memberId: member.id,
      action,
      rule: 'other',
      reasonSealed: opts.reason?.trim() ? d.vault.seal(COMMUNITY_SEAL.reason, opts.reason.trim()) : null,
      byStaffMember: by.staffMemberId,
      untilAt: untilAt ?? null,
      at: now,
    });
    if (action === 'ban') await tx.update(communityMembers).set({ status: 'banned', leftAt: now }).where(eq(communityMembers.id, member.id));
    if (action === 'mute') await tx.update(communityMembers).set({ mutedUntil: untilAt ?? new Date('9999-12-31T00:00:00Z') }).where(eq(communityMembers.id, member.id));
    if (action === 'unban') {
      await tx
        .update(communityMembers)
        .set({ status: member.status === 'banned' ? 'left' : member.status, strikes: 0, mutedUntil: null })
        .where(eq(communityMembers.id, member.id));
    }
    if (opts.messageId && action !== 'unban') await queue([chatDeletion(d, opts.messageId)]);
    const duration = untilAt ? durationText(locale, opts.minutes!) : t(locale, 'community-forever');
    await queue([memberMessage(member.id, { text: t(locale, `community-staff-${action}`, { reason, duration }) })]);
  });
  return { untilAt };
}

function allowed() {
  return Object.fromEntries(Object.keys(MUTED).map((k) => [k, true]));
}

/**
 * A member's appeal, written to the bot: attached to their latest action not appealed yet and
 * shown to staff in the community topic. Nothing to appeal: undefined.
 */
export async function appeal(d: CommunityDeps, member: Member, text: string): Promise<number | undefined> {
  const [latest] = await d.db
    .select()
    .from(moderationActions)
    .where(and(eq(moderationActions.memberId, member.id), isNull(moderationActions.appealedAt), sql`${moderationActions.action} in ('warn', 'mute', 'ban')`))
    .orderBy(desc(moderationActions.at))
    .limit(1);
  if (!latest) return undefined;
  await withOutbox(d, async (tx, queue) => {
    await tx.update(moderationActions).set({ appealSealed: d.vault.seal(COMMUNITY_SEAL.appeal, text), appealedAt: d.now() }).where(eq(moderationActions.id, latest.id));
    await queue(
      [
        staffTopicMessage(d, {
          text: t(d.staffLocale, 'community-staff-appeal', {
            pseudonym: member.pseudonym,
            action: t(d.staffLocale, `community-action-${latest.action}`),
            rule: t(d.staffLocale, `community-rule-${latest.rule}`),
            text: text.slice(0, 3000),
          }),
        }),
      ],
    );
  });
  return latest.id;
}
