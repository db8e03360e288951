import { and, asc, eq, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { topicDeletion } from '../cases/forget.ts';
import type { Db } from '../db/open.ts';
import type { Outbox } from '../outbox/store.ts';
import { caseEvents, cases, communityQuestions, inbox, messages, moderationActions, outbox, referrals } from '../db/schema/index.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Telegram redelivers an update for at most a day; processed ids are kept a week for safety. */
const INBOX_KEEP_DAYS = 7;
/**
 * Topics deleted per hourly run at most: the first run after an upgrade may find years of closed
 * cases, and a burst of deletions could draw a long retry_after that holds the whole staff group
 * (overdose alerts included); a backlog of thousands clears within a day or two instead.
 */
const TOPICS_PER_RUN = 100;

/**
 * Erases message text and file references (and feedback comments, referral reasons, what timeline events showed) of cases closed more than `days` ago,
 * and the community chat's questions, moderation reasons and appeals older than that. The rows
 * stay, without text: the anonymous record of what the case was about and how it went.
 */
export async function purgeExpiredText(db: Db, days: number, now: Date): Promise<{ messages: number; comments: number; updates: number; events: number; cases: number }> {
  const cutoff = new Date(now.getTime() - days * DAY_MS);
  const expired = db.select({ id: cases.id }).from(cases).where(and(eq(cases.status, 'closed'), lt(cases.closedAt, cutoff)));
  const erased = await db
    .update(messages)
    .set({ bodySealed: null, fileSealed: null })
    .where(and(or(isNotNull(messages.bodySealed), isNotNull(messages.fileSealed)), inArray(messages.caseId, expired)))
    .returning({ id: messages.id });
  const comments = await db
    .update(cases)
    .set({ feedbackCommentSealed: null })
    .where(and(isNotNull(cases.feedbackCommentSealed), eq(cases.status, 'closed'), lt(cases.closedAt, cutoff)))
    .returning({ id: cases.id });
  const reasons = await db
    .update(referrals)
    .set({ reasonSealed: null })
    .where(and(isNotNull(referrals.reasonSealed), inArray(referrals.caseId, expired)))
    .returning({ id: referrals.id });
  // The timeline keeps its events' kinds, codes and times; what they showed goes with the messages.
  const events = await db
    .update(caseEvents)
    .set({ textSealed: null })
    .where(and(isNotNull(caseEvents.textSealed), inArray(caseEvents.caseId, expired)))
    .returning({ id: caseEvents.id });
  // A web conversation's page (the person's own copy, which we hold) up to the expired case's close.
  const web = await db.execute(sql`
    delete from web_messages w using cases c
    where c.client_id = w.client_id and c.status = 'closed' and c.closed_at < ${cutoff.toISOString()} and w.created_at <= c.closed_at
    returning w.id`);
  // The community chat: a question's words once it is this old (a case taken from it keeps its own
  // copy under the case's rules), and staff's reasons and members' appeals.
  const questions = await db
    .update(communityQuestions)
    .set({ bodySealed: null })
    .where(and(isNotNull(communityQuestions.bodySealed), lt(communityQuestions.askedAt, cutoff)))
    .returning({ id: communityQuestions.id });
  const moderation = await db
    .update(moderationActions)
    .set({ reasonSealed: null, appealSealed: null })
    .where(and(or(isNotNull(moderationActions.reasonSealed), isNotNull(moderationActions.appealSealed)), lt(moderationActions.at, cutoff)))
    .returning({ id: moderationActions.id });
  const updates = await db
    .delete(inbox)
    .where(lt(inbox.receivedAt, new Date(now.getTime() - Math.max(days, INBOX_KEEP_DAYS) * DAY_MS)))
    .returning({ id: inbox.updateId });
  // What the console says of such a case: its text was erased on this day under the retention rule.
  const marked = await db
    .update(cases)
    .set({ textErasedAt: now, textErasedBy: 'retention' })
    .where(and(isNull(cases.textErasedAt), eq(cases.status, 'closed'), lt(cases.closedAt, cutoff)))
    .returning({ id: cases.id });
  return { cases: marked.length, messages: erased.length + questions.length + rowCount(web), comments: comments.length + reasons.length + moderation.length, updates: updates.length, events: events.length };
}


/**
 * The staff group's copy goes with ours: the topic of every case closed more than `days` ago that
 * still has one is deleted, through the outbox (the group's budget and any retry_after apply; the
 * delivery records the case's topic gone, and a topic Telegram no longer has counts as deleted).
 * A dedupe key per topic makes a second run, or another instance, queue nothing new. Returns how
 * many deletions were queued.
 */
export async function deleteExpiredTopics(d: { db: Db; outbox: Outbox }, days: number, now: Date, most = TOPICS_PER_RUN): Promise<number> {
  const cutoff = new Date(now.getTime() - days * DAY_MS);
  const rows = await d.db
    .select({ id: cases.id, staffChatId: cases.staffChatId, topicId: cases.topicId })
    .from(cases)
    .where(
      and(
        eq(cases.status, 'closed'),
        lt(cases.closedAt, cutoff),
        isNotNull(cases.topicId),
        isNotNull(cases.staffChatId),
        isNull(cases.topicDeletedAt),
        // Queued once: one waiting or set aside (no rights, say: an admin sees it) takes no place in the next runs.
        sql`not exists (select 1 from ${outbox} where ${outbox.dedupeKey} = 'topic-delete:' || ${cases.staffChatId} || ':' || ${cases.topicId})`,
      ),
    )
    .orderBy(asc(cases.closedAt), asc(cases.id))
    .limit(most);
  let queued = 0;
  for (const r of rows) if ((await d.outbox.send([topicDeletion({ id: r.id, staffChatId: r.staffChatId!, topicId: r.topicId! })])) !== false) queued++;
  return queued;
}

/** Rows a raw statement returned, from either driver (PGlite: { rows }, node-postgres: { rows }). */
function rowCount(result: unknown): number {
  return ((result as { rows?: unknown[] }).rows ?? []).length;
}
