import { and, eq, sql } from 'drizzle-orm';
import { cases, clients } from '../db/schema/index.ts';
import { nextStatus } from '../domain/case-states.ts';
import { t } from '../i18n/index.ts';
import { consoleMark, type Actor } from './actor.ts';
import type { Case } from './case-store.ts';
import type { CaseDeps } from './deps.ts';
import { topicClientColumns, topicName } from './lifecycle.ts';
import { recordEvent } from './timeline.ts';
import { inCaseTopic } from './topics.ts';

export type ReopenResult = { ok: true; kase: Case } | { ok: false; problem: 'not-found' | 'open' | 'other-open' | 'erased' };

/**
 * Opens a closed case again: the client wrote within the reopen window, or a worker reopened it.
 * The closing record stays (the timeline keeps every record made); the topic opens again with its
 * name, and the staff group is told.
 */
export async function reopenCase(d: CaseDeps, who: Actor | 'client', input: { caseId: number }): Promise<ReopenResult> {
  const [kase] = await d.db.select().from(cases).where(eq(cases.id, input.caseId));
  if (!kase) return { ok: false, problem: 'not-found' };
  if (kase.status !== 'closed') return { ok: false, problem: 'open' };
  // Its text erased (retention or /forget) and its topic deleted: there is nothing to go on, and a
  // forgotten client cannot be reached. A client who writes again starts a new case.
  if (kase.textErasedAt !== null) return { ok: false, problem: 'erased' };
  const [row] = await d.db
    .update(cases)
    .set({ status: nextStatus('closed', 'reopen')!, reopenCount: sql`${cases.reopenCount} + 1`, lastActivityAt: sql`now()` })
    .where(and(eq(cases.id, kase.id), eq(cases.status, 'closed')))
    .returning()
    // The client already has another open case: one open case per client.
    .catch(() => []);
  if (!row) return { ok: false, problem: (await d.db.select({ id: cases.id }).from(cases).where(eq(cases.id, kase.id))).length ? 'other-open' : 'not-found' };
  const actor = who === 'client' ? undefined : who;
  await recordEvent(d, row.id, { kind: 'reopened', ...(actor ? { actor } : { by: 'client' as const }), data: { count: row.reopenCount } });
  const [found] = await d.db.select(topicClientColumns).from(clients).where(eq(clients.id, row.clientId));
  const client = found ?? { pseudonym: '', channel: 'telegram' };
  if (row.topicId !== null && row.staffChatId === d.staffChatId) {
    await d.api.reopenForumTopic(d.staffChatId, row.topicId).catch(() => {});
    await d.api.editForumTopic(d.staffChatId, row.topicId, { name: topicName(d, row, client) }).catch(() => {});
  }
  await inCaseTopic(d, row, client, (threadId) =>
    d.api.sendMessage(d.staffChatId, t(d.staffLocale, 'staff-case-reopened', { case: row.id }) + consoleMark(d, actor), { message_thread_id: threadId }),
  );
  d.log.info({ event: 'case.reopened', case: row.id }, 'case reopened');
  return { ok: true, kase: row };
}
