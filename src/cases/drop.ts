import { eq, sql } from 'drizzle-orm';
import { cases } from '../db/schema/index.ts';
import { reasonCode } from '../domain/close-reason.ts';
import { t } from '../i18n/index.ts';
import { consoleMark, type Actor } from './actor.ts';
import type { CaseDeps } from './deps.ts';
import { renderFitted } from './fit.ts';
import { applyEvent } from './lifecycle.ts';
import { recordMessage } from './message-store.ts';
import { REASON_MAX_LENGTH } from './referral.ts';
import { recordEvent } from './timeline.ts';
import { postInTopic } from './topics.ts';

export type DropResult = 'ok' | 'empty' | 'too-long' | 'closed' | 'not-found';

/**
 * Closes a case without a record, for a stated reason (/drop, or the console). The words go into a
 * sealed note (they may say more than they should); the case keeps a code. The client is not messaged.
 */
export async function dropWithReason(d: CaseDeps, actor: Actor, input: { caseId: number; reason: string }): Promise<DropResult> {
  const reason = input.reason.replace(/\r\n?/g, '\n').trim();
  if (reason === '') return 'empty';
  if (reason.length > REASON_MAX_LENGTH) return 'too-long';
  const [kase] = await d.db.select().from(cases).where(eq(cases.id, input.caseId));
  if (!kase) return 'not-found';
  if (kase.status === 'closed') return 'closed';
  const code = reasonCode(reason);
  const closed = await applyEvent(d, kase, 'close', { closeReason: code, closedAt: sql`now()` as never, closedBy: actor.staffMemberId }, actor);
  if (!closed) return 'closed';
  await recordMessage(d, { caseId: kase.id, direction: 'note', kind: 'text', body: reason, actor });
  await recordEvent(d, kase.id, { kind: 'dropped', actor, data: { from: kase.status, reason: code } });
  // The notice goes before the topic closes; the reason is cut to fit Telegram's limit.
  const notice = (words: string) => t(d.staffLocale, 'staff-dropped', { case: closed.id, reason: words }) + consoleMark(d, actor);
  await postInTopic(d, closed, renderFitted(notice, reason));
  if (closed.topicId !== null && closed.staffChatId === d.staffChatId) await d.api.closeForumTopic(d.staffChatId, closed.topicId).catch(() => {});
  d.log.info({ event: 'case.dropped', case: closed.id }, 'case closed without a record');
  return 'ok';
}
