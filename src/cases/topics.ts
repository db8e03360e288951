import { and, eq, isNull } from 'drizzle-orm';
import { cases } from '../db/schema/index.ts';
import { t } from '../i18n/index.ts';
import type { Case } from './case-store.ts';
import { topicHeader, topicName, type TopicClient } from './lifecycle.ts';
import { apiError } from './api-errors.ts';
import type { CaseDeps } from './deps.ts';

/** Telegram's answer when the topic was deleted by a person in the group. */
export function isThreadGone(err: unknown): boolean {
  const e = apiError(err);
  return e?.code === 400 && /thread not found|TOPIC_DELETED|TOPIC_ID_INVALID/i.test(e.description);
}

/**
 * The case's forum topic, created on first need. Callers run one update per client at a time
 * (see inbox/), so a burst of first messages creates one topic; the conditional update guards
 * against anything else that might race.
 */
export async function ensureTopic(d: CaseDeps, kase: Case, client: TopicClient): Promise<number> {
  if (kase.topicId !== null && kase.staffChatId === d.staffChatId) return kase.topicId;
  const topic = await d.api.createForumTopic(d.staffChatId, topicName(d, kase, client), { icon_custom_emoji_id: d.topicIcons?.get(kase.status) });
  const [updated] = await d.db
    .update(cases)
    .set({ staffChatId: d.staffChatId, topicId: topic.message_thread_id })
    .where(and(eq(cases.id, kase.id), kase.topicId === null ? isNull(cases.topicId) : eq(cases.topicId, kase.topicId)))
    .returning();
  if (!updated) {
    // Someone else attached a topic first: use theirs and remove ours.
    await d.api.deleteForumTopic(d.staffChatId, topic.message_thread_id).catch(() => {});
    const [row] = await d.db.select().from(cases).where(eq(cases.id, kase.id));
    return row!.topicId!;
  }
  kase.staffChatId = d.staffChatId;
  kase.topicId = topic.message_thread_id;
  await d.api.sendMessage(d.staffChatId, topicHeader(d, kase, client), {
    message_thread_id: topic.message_thread_id,
    reply_markup: d.buttons.claim(kase.id),
  });
  return topic.message_thread_id;
}

/**
 * Runs `send` in the case's topic; if staff deleted the topic, opens a new one, says so there,
 * and sends again. Returns what `send` returned.
 */
export async function inCaseTopic<T>(d: CaseDeps, kase: Case, client: TopicClient, send: (threadId: number) => Promise<T>): Promise<T> {
  const threadId = await ensureTopic(d, kase, client);
  try {
    return await send(threadId);
  } catch (err) {
    if (!isThreadGone(err)) throw err;
    await d.db.update(cases).set({ topicId: null }).where(eq(cases.id, kase.id));
    kase.topicId = null;
    const fresh = await ensureTopic(d, kase, client);
    await d.api.sendMessage(d.staffChatId, t(d.staffLocale, 'staff-topic-recreated', { case: kase.id }), { message_thread_id: fresh });
    return send(fresh);
  }
}

/**
 * Posts a notice into the case's topic. Actions taken in the topic always have one; an action from
 * the console on a case whose topic belongs to an earlier staff group still counts without it.
 */
export async function postInTopic(d: CaseDeps, kase: Pick<Case, 'topicId' | 'staffChatId'>, text: string, other: Omit<Parameters<CaseDeps['api']['sendMessage']>[2] & object, 'message_thread_id'> = {}): Promise<{ message_id: number } | undefined> {
  if (kase.topicId === null || kase.staffChatId !== d.staffChatId) return undefined;
  return d.api.sendMessage(d.staffChatId, text, { ...other, message_thread_id: kase.topicId });
}
