import { Composer, type Context } from 'grammy';
import type { Message } from 'grammy/types';
import { telegramActor } from '../../cases/actor.ts';
import { chatPost, questionMessageKey, stateValue, staffTopicMessage } from '../../community/deliveries.ts';
import type { CommunityDeps } from '../../community/deps.ts';
import { ACCEPT_START, acceptRules, memberJoined, memberLeft, receiveJoinRequest } from '../../community/joins.ts';
import { peerInvite, type PeerInvite } from '../../community/invites.ts';
import { findMember, localeOf, memberByPseudonym, memberOf, readableMemberChat } from '../../community/members.ts';
import { appeal, moderateMessage, staffModerates, type StaffAction } from '../../community/moderate.ts';
import { answerInChat, ARTICLE_START, continuePrivately, looksLikeQuestion, messageLink, noteQuestion, noteReply, PRIVATE_START, QUESTION_PREFIX, takePrivate } from '../../community/questions.ts';
import { durationText, parseDuration } from '../../community/texts.ts';
import { describesEmergency } from '../../emergency/actions.ts';
import { t } from '../../i18n/index.ts';
import { LANE } from '../../outbox/limits.ts';
import { answerPress } from '../answer-press.ts';
import { isActiveStaff, isDisabledStaff } from '../../cases/staff-access.ts';
import type { BotDeps } from '../deps.ts';

const ADMIN_CACHE_MS = 5 * 60_000;

/**
 * The community chat (COMMUNITY_CHAT_ID): join requests through our links, members joining and
 * leaving, moderation, overdoses described in the chat, and questions nobody answered. In private,
 * a member's /invite and /appeal, and the "continue privately" deep link. The actions live in
 * `community/`; this reads what Telegram sent and calls them.
 */
export function communityFeature(d: BotDeps & CommunityDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const chat = composer.filter((ctx) => ctx.chat?.id === d.communityChatId);
  const priv = composer.chatType('private');
  const answer = (ctx: Context, text?: string) => answerPress(ctx, d.log, text ? { text } : undefined);

  /** Administrators of the community chat and members of the staff group count as staff there. */
  const admins = new Map<number, { staff: boolean; at: number }>();
  const isStaff = async (m: Message): Promise<boolean> => {
    if (m.sender_chat?.id === d.communityChatId) return true; // an anonymous admin
    const user = m.from;
    if (!user || user.is_bot) return false;
    const cached = admins.get(user.id);
    if (cached && Date.now() - cached.at < ADMIN_CACHE_MS) return cached.staff;
    // A member of the staff group whose console account is disabled moderates through the bot no
    // more, even while Telegram keeps them an administrator here (cases/staff-access.ts).
    const disabled = await isDisabledStaff(d, user.id);
    let staff = !disabled && (await isActiveStaff(d, user.id));
    if (!staff && !disabled) {
      const member = await d.api.getChatMember(d.communityChatId, user.id).catch(() => undefined);
      staff = member?.status === 'administrator' || member?.status === 'creator';
    }
    admins.set(user.id, { staff, at: Date.now() });
    return staff;
  };

  composer.on('chat_join_request', async (ctx, next) => {
    const req = ctx.chatJoinRequest;
    if (req.chat.id !== d.communityChatId) return next();
    const outcome = await receiveJoinRequest(d, { user: req.from, inviteLink: req.invite_link?.invite_link, at: d.now() });
    d.log.info({ event: 'community.join_request', outcome }, 'join request');
  });

  composer.on('chat_member', async (ctx, next) => {
    const u = ctx.chatMember;
    if (u.chat.id !== d.communityChatId) return next();
    const isIn = (s: string, member?: boolean) => s === 'member' || s === 'administrator' || s === 'creator' || (s === 'restricted' && member !== false);
    const before = isIn(u.old_chat_member.status, (u.old_chat_member as { is_member?: boolean }).is_member);
    const after = isIn(u.new_chat_member.status, (u.new_chat_member as { is_member?: boolean }).is_member);
    const user = u.new_chat_member.user;
    if (user.is_bot) return;
    if (!before && after) {
      await memberJoined(d, user, u.invite_link?.invite_link, d.now());
      d.log.info({ event: 'community.joined', via_request: u.via_join_request === true }, 'member joined');
    } else if (before && !after) {
      await memberLeft(d, user, u.new_chat_member.status === 'kicked', d.now());
      d.log.info({ event: 'community.left', banned: u.new_chat_member.status === 'kicked' }, 'member left');
    }
  });

  priv.command('invite', async (ctx) => {
    const member = await findMember(d, ctx.from.id);
    const locale = member ? localeOf(member) : d.emergency.localeOf(ctx.from);
    const got: PeerInvite = member ? await peerInvite(d, member) : { ok: false, reason: 'not_member' };
    await ctx.reply(got.ok ? t(locale, 'community-peer-link', { link: got.link, left: got.left }) : t(locale, `community-peer-${got.reason}`, { n: d.settings.community.peerInvitesPerMonth }), {
      link_preview_options: { is_disabled: true },
    });
  });

  priv.command('appeal', async (ctx) => {
    const member = await findMember(d, ctx.from.id);
    const locale = member ? localeOf(member) : d.emergency.localeOf(ctx.from);
    const words = ctx.match.trim();
    if (!words) return void (await ctx.reply(t(locale, 'community-appeal-how')));
    const appealed = member ? await appeal(d, member, words) : undefined;
    await ctx.reply(t(locale, appealed ? 'community-appeal-sent' : 'community-appeal-nothing'));
  });

  // Before the client feature's /start: "I accept the rules" lets an applicant in, and the
  // "continue privately" link opens a case with the question.
  priv.command('start', async (ctx, next) => {
    if (ctx.match.startsWith(ACCEPT_START)) {
      const outcome = await acceptRules(d, ctx.from, Number(ctx.match.slice(ACCEPT_START.length)) || 0);
      return void (await ctx.reply(t(d.emergency.localeOf(ctx.from), `community-accept-${outcome}`)));
    }
    if (ctx.match.startsWith(ARTICLE_START)) {
      const locale = d.emergency.localeOf(ctx.from);
      const article = d.content.render(ctx.match.slice(ARTICLE_START.length), locale);
      return void (await ctx.reply(article ?? t(locale, 'client-article-missing'), { parse_mode: 'HTML', link_preview_options: { is_disabled: true } }));
    }
    if (!ctx.match.startsWith(PRIVATE_START)) return next();
    const got = await continuePrivately(d, ctx.from, ctx.match.slice(PRIVATE_START.length));
    const locale = d.emergency.localeOf(ctx.from);
    await ctx.reply(t(locale, typeof got === 'object' ? 'community-private-opened' : `community-private-${got}`));
  });

  chat.on('message', async (ctx) => {
    const m = ctx.message;
    if (m.from?.is_bot && m.sender_chat?.id !== d.communityChatId) return;
    if (m.new_chat_members || m.left_chat_member || m.pinned_message) return;
    const text = m.text ?? m.caption ?? '';
    const staff = await isStaff(m);

    const command = /^\/(warn|mute|ban|unban)(@\w+)?(?:\s+([\s\S]*))?$/i.exec(text);
    if (command && staff) return void (await staffCommand(m, command[1]!.toLowerCase() as StaffAction, command[3] ?? ''));
    if (!m.from || m.from.is_bot) return;

    const member = await memberOf(d, m.from, 'member');
    if (!staff && text) {
      const removed = await moderateMessage(d, member, {
        messageId: m.message_id,
        text,
        hasLink: (m.entities ?? m.caption_entities ?? []).some((e) => e.type === 'url' || e.type === 'text_link'),
        forwarded: m.forward_origin !== undefined,
      });
      if (removed) {
        d.log.info({ event: 'community.removed', rule: removed.rule, action: removed.action }, 'message removed');
        return;
      }
    }

    if (text && describesEmergency(text)) {
      await overdoseInChat(m, member.pseudonym, localeOf(member));
      return;
    }

    const repliedTo = m.reply_to_message;
    if (repliedTo && repliedTo.from?.id !== m.from.id) await noteReply(d, repliedTo.message_id, staff ? 'staff' : 'member');
    if (!staff && text && looksLikeQuestion(text)) await noteQuestion(d, member, { messageId: m.message_id, text, at: d.now() });
  });

  /** The emergency steps in the chat at once, and an alert in the staff group, both ahead of everything else. */
  const overdoseInChat = async (m: Message, pseudonym: string, locale: 'ru' | 'en') => {
    await d.outbox.send([
      chatPost(d, { text: d.emergency.firstSteps(locale).text, html: true, replyTo: m.message_id, lane: LANE.emergency }, `community.od:${m.message_id}`),
      staffTopicMessage(d, { text: t(d.staffLocale, 'community-staff-overdose', { pseudonym, link: messageLink(d.communityChatId, m.message_id) }), lane: LANE.emergency }, `community.od-alert:${m.message_id}`),
    ]);
    d.log.warn({ event: 'community.overdose' }, 'possible overdose described in the community chat: answered there, staff alerted');
  };

  const staffCommand = async (m: Message, action: StaffAction, rest: string) => {
    const say = (id: string, args?: Record<string, string | number>) =>
      d.outbox.send([chatPost(d, { text: t(d.staffLocale, id, args), replyTo: m.message_id, deleteAfterMinutes: 1 })]);
    let reason = rest.trim();
    // Whom: the author of the message replied to, or a pseudonym first (a banned person's messages are gone).
    const target = m.reply_to_message?.from && !m.reply_to_message.from.is_bot ? await memberOf(d, m.reply_to_message.from, 'member') : undefined;
    const named = target ? undefined : await memberByPseudonym(d, reason.split(/\s+/)[0] ?? '');
    if (named) reason = reason.split(/\s+/).slice(1).join(' ');
    const member = target ?? named;
    if (!member) return void (await say('community-cmd-reply-needed', { command: action }));
    // Named by pseudonym, but recorded under a destroyed key: Telegram cannot be told who they are.
    if (readableMemberChat(d, member) === null) return void (await say('community-cmd-unreachable', { pseudonym: member.pseudonym }));
    let minutes: number | undefined;
    if (action === 'mute') {
      const [first, ...others] = reason.split(/\s+/);
      minutes = first ? parseDuration(first) : undefined;
      if (!minutes) return void (await say('community-cmd-mute-usage'));
      reason = others.join(' ');
    }
    const actor = m.from && !m.from.is_bot ? await telegramActor(d, m.from) : { staffMemberId: null };
    const done = await staffModerates(d, actor, member, action, { minutes, reason, messageId: action === 'unban' || !target ? undefined : m.reply_to_message!.message_id });
    await say(`community-cmd-done-${action}`, { pseudonym: member.pseudonym, duration: done.untilAt ? durationText(d.staffLocale, minutes!) : t(d.staffLocale, 'community-forever') });
    // The command itself does not stay in the chat.
    await d.api.deleteMessage(d.communityChatId, m.message_id).catch(() => {});
  };

  // The staff group: a worker answers a surfaced question by replying to it, or takes it private.
  composer.on('callback_query:data', async (ctx, next) => {
    const data = ctx.callbackQuery.data;
    if (ctx.chat?.id !== d.staffChatId || !data.startsWith(QUESTION_PREFIX.private)) return next();
    const questionId = Number(data.slice(QUESTION_PREFIX.private.length));
    // Bound to its place like the case buttons (telegram/staff/place.ts): only on the message that
    // shows this question, since a modified client can send any data on any message with a keyboard.
    const pressedOn = ctx.callbackQuery.message?.message_id;
    if (pressedOn === undefined || (await stateValue(d, questionMessageKey(pressedOn))) !== String(questionId)) {
      d.log.warn({ event: 'staff.button_out_of_place', family: 'community-question' }, 'a question button pressed outside its message: refused');
      return answer(ctx, t(d.staffLocale, 'staff-button-out-of-place'));
    }
    const actor = await telegramActor(d, ctx.from);
    const outcome = await takePrivate(d, actor, questionId);
    await answer(ctx, t(d.staffLocale, `community-staff-private-${outcome}`));
    if (outcome === 'offered') await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } }).catch(() => {});
  });

  composer.on('message', async (ctx, next) => {
    const m = ctx.message;
    if (ctx.chat.id !== d.staffChatId || !m.reply_to_message || !m.text || m.text.startsWith('/') || !m.from || m.from.is_bot) return next();
    const questionId = await stateValue(d, questionMessageKey(m.reply_to_message.message_id));
    if (!questionId) return next();
    const outcome = await answerInChat(d, await telegramActor(d, m.from), Number(questionId), m.text);
    await ctx.api.setMessageReaction(d.staffChatId, m.message_id, [{ type: 'emoji', emoji: outcome === 'answered' ? '👍' : '🤷' }]).catch(() => {});
  });

  return composer;
}
