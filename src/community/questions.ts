import { randomBytes } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Actor } from '../cases/actor.ts';
import { openCaseFor } from '../cases/case-store.ts';
import { findOrCreateClient } from '../cases/clients.ts';
import { topicMessage } from '../cases/deliveries.ts';
import { recordActivity } from '../cases/lifecycle.ts';
import { writeMessage } from '../cases/message-store.ts';
import { communityQuestions } from '../db/schema/index.ts';
import { openOrMark } from '../privacy/unreadable.ts';
import { t } from '../i18n/index.ts';
import { chatPost, staffTopicMessage, withOutbox } from './deliveries.ts';
import { COMMUNITY_JOBS, COMMUNITY_SEAL, type CommunityDeps } from './deps.ts';
import { isMember, localeOf, memberById, type Member } from './members.ts';

export type Question = typeof communityQuestions.$inferSelect;

// JavaScript's \b knows only Latin letters: the word's end is told by what follows it.
const QUESTION_WORDS =
  /^(кто|что|чем|чё|че|где|куда|откуда|когда|как|какой|какая|какие|каким|почему|зачем|сколько|можно ли|можно|нужно ли|надо ли|есть ли|подскажите|подскажи|посоветуйте|посоветуй|кто-нибудь|кто нибудь|who|what|where|when|how|why|which|can|could|does|do|is|are|should|anyone|any)(?=[\s,.!?]|$)/iu;

/**
 * Whether a chat message asks something: a question mark, or a question word first. Short
 * exclamations ("что?", "как так?") are talk, not questions to answer.
 */
export function looksLikeQuestion(text: string): boolean {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length < 3) return false;
  return text.includes('?') || QUESTION_WORDS.test(text.trim());
}

/**
 * A member's question in the chat. A verified article that may answer it is offered in the chat at
 * once (its title, and a button that opens it in the bot's chat, so the chat is not filled with
 * long texts); either way the question is watched, and if nobody answers in time it goes to the
 * staff group.
 */
export async function noteQuestion(d: CommunityDeps, member: Member, m: { messageId: number; text: string; at: Date }): Promise<'offered' | 'watched' | 'seen'> {
  const locale = localeOf(member);
  const [offer] = d.content.offersFor(m.text, locale);
  return withOutbox(d, async (tx, queue) => {
    const [q] = await tx
      .insert(communityQuestions)
      .values({ memberId: member.id, chatMessageId: m.messageId, bodySealed: d.vault.seal(COMMUNITY_SEAL.question, m.text), askedAt: m.at, articleSlug: offer?.slug ?? null })
      .onConflictDoNothing()
      .returning();
    if (!q) return 'seen'; // a retried update
    const due = new Date(d.now().getTime() + d.settings.community.unansweredQuestionMinutes * 60_000);
    await d.scheduler.schedule(COMMUNITY_JOBS.questionDue, due, { questionId: q.id }, { tx });
    if (!offer) return 'watched';
    await queue([
      chatPost(
        d,
        {
          text: t(locale, 'community-article-offer', { title: offer.title }),
          replyTo: m.messageId,
          keyboard: { inline_keyboard: [[{ text: t(locale, 'community-article-open'), url: `https://t.me/${d.botUsername}?start=${ARTICLE_START}${offer.slug}` }]] },
        },
        `community.article:${m.messageId}`,
      ),
    ]);
    return 'offered';
  });
}

/** The /start payload of an article offered in the chat: the bot sends it in private. */
export const ARTICLE_START = 'a_';

/** Someone replied to a question in the chat: a member or staff answered it. */
export async function noteReply(d: Pick<CommunityDeps, 'db' | 'now'>, repliedTo: number, by: 'member' | 'staff'): Promise<boolean> {
  const rows = await d.db
    .update(communityQuestions)
    .set({ status: 'answered', answeredBy: by, answeredAt: d.now() })
    .where(and(eq(communityQuestions.chatMessageId, repliedTo), inArray(communityQuestions.status, ['open', 'surfaced'])))
    .returning({ id: communityQuestions.id });
  return rows.length > 0;
}

/** A link to a message of a private supergroup, for staff who are members of it. */
export function messageLink(chatId: number, messageId: number): string {
  const internal = String(chatId).replace(/^-100/, '');
  return `https://t.me/c/${internal}/${messageId}`;
}

export const QUESTION_PREFIX = { answer: 'cq:a:', private: 'cq:p:' } as const;

/** The time-out: a question still unanswered goes to the staff group's community topic. */
export async function surfaceQuestion(d: CommunityDeps, questionId: number): Promise<'surfaced' | 'cancelled'> {
  const [q] = await d.db
    .update(communityQuestions)
    .set({ status: 'surfaced', surfacedAt: d.now() })
    .where(and(eq(communityQuestions.id, questionId), eq(communityQuestions.status, 'open')))
    .returning();
  if (!q) return 'cancelled';
  const member = await memberById(d, q.memberId);
  const body = q.bodySealed ? openOrMark(d.vault, COMMUNITY_SEAL.question, q.bodySealed) : '';
  const minutes = Math.round((d.now().getTime() - q.askedAt.getTime()) / 60_000);
  await d.outbox.send([
    staffTopicMessage(
      d,
      {
        text: t(d.staffLocale, 'community-staff-question', { pseudonym: member?.pseudonym ?? '?', minutes, text: body.slice(0, 3000), link: messageLink(d.communityChatId, q.chatMessageId) }),
        keyboard: { inline_keyboard: [[{ text: t(d.staffLocale, 'community-staff-question-private'), callback_data: `${QUESTION_PREFIX.private}${q.id}` }]] },
        questionId: q.id,
      },
      `community.surface:${q.id}`,
    ),
  ]);
  return 'surfaced';
}

export async function questionById(d: Pick<CommunityDeps, 'db'>, id: number): Promise<Question | undefined> {
  return (await d.db.select().from(communityQuestions).where(eq(communityQuestions.id, id)))[0];
}

/** A worker's answer, written in the staff topic: the bot posts it in the chat, under the question, as the organisation. */
export async function answerInChat(d: CommunityDeps, _actor: Actor, questionId: number, text: string): Promise<'answered' | 'unknown'> {
  const q = await questionById(d, questionId);
  if (!q) return 'unknown';
  await withOutbox(d, async (tx, queue) => {
    await tx.update(communityQuestions).set({ status: 'answered', answeredBy: 'worker', answeredAt: d.now() }).where(eq(communityQuestions.id, q.id));
    await queue([chatPost(d, { text, replyTo: q.chatMessageId })]);
  });
  return 'answered';
}

/**
 * A worker takes the question private: the bot answers it in the chat with a "continue privately"
 * button, a deep link that only the person who asked can use. Everyone sees the question was
 * taken up; nobody sees the answer.
 */
export async function takePrivate(d: CommunityDeps, _actor: Actor, questionId: number): Promise<'offered' | 'unknown' | 'already'> {
  const q = await questionById(d, questionId);
  if (!q) return 'unknown';
  if (q.status === 'private') return 'already';
  const token = randomBytes(9).toString('base64url');
  const member = await memberById(d, q.memberId);
  const locale = member ? localeOf(member) : d.defaultLocale;
  await withOutbox(d, async (tx, queue) => {
    await tx.update(communityQuestions).set({ status: 'private', privateToken: token, answeredBy: 'worker', answeredAt: d.now() }).where(eq(communityQuestions.id, q.id));
    await queue(
      [
        chatPost(d, {
          text: t(locale, 'community-continue-privately'),
          replyTo: q.chatMessageId,
          keyboard: { inline_keyboard: [[{ text: t(locale, 'community-continue-privately-button'), url: `https://t.me/${d.botUsername}?start=${PRIVATE_START}${token}` }]] },
        }),
      ],
    );
  });
  return 'offered';
}

/** The /start payload of a "continue privately" link. */
export const PRIVATE_START = 'q_';

/**
 * The member pressed "continue privately": a case opens (or their open one goes on) with the
 * question in it, so the worker sees what was asked. Only the person who asked can use the link.
 */
export async function continuePrivately(d: CommunityDeps, user: { id: number; language_code?: string }, token: string): Promise<{ caseId: number } | 'unknown' | 'not_yours'> {
  const [q] = await d.db.select().from(communityQuestions).where(eq(communityQuestions.privateToken, token));
  if (!q) return 'unknown';
  const member = await memberById(d, q.memberId);
  if (!member || !isMember(d, member, user.id)) return 'not_yours';
  if (q.caseId) return { caseId: q.caseId };
  const client = await findOrCreateClient(d, user, 'community');
  const { kase } = await openCaseFor(d, client.id);
  const body = q.bodySealed ? openOrMark(d.vault, COMMUNITY_SEAL.question, q.bodySealed) : '';
  await withOutbox(d, async (tx, queue) => {
    await writeMessage({ db: tx, vault: d.vault }, { caseId: kase.id, direction: 'client', kind: 'text', body, at: q.askedAt });
    await tx.update(communityQuestions).set({ caseId: kase.id }).where(eq(communityQuestions.id, q.id));
    await queue([topicMessage(d, kase, { text: t(d.staffLocale, 'community-case-from-question', { text: body.slice(0, 3500) }) }, `community.case:${q.id}`)]);
  });
  await recordActivity(d, kase, 'client');
  return { caseId: kase.id };
}
