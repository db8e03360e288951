import { and, eq, sql } from 'drizzle-orm';
import { cases } from '../db/schema/index.ts';
import type { Case } from './case-store.ts';
import { SEAL, type CaseDeps } from './deps.ts';

export const FEEDBACK_PREFIX = 'fb:';
export const feedbackData = (caseId: number, up: boolean) => `${FEEDBACK_PREFIX}${up ? 'up' : 'down'}:${caseId}`;

export function parseFeedback(data: string): { caseId: number; rating: 1 | -1 } | undefined {
  const m = /^fb:(up|down):(\d{1,10})$/.exec(data);
  return m ? { caseId: Number(m[2]), rating: m[1] === 'up' ? 1 : -1 } : undefined;
}

/**
 * Stores the client's one-tap rating on their own closed case (a second tap changes it); returns
 * the case and the rating it had before, so the same rating twice is told apart from a change.
 */
export async function rateCase(d: Pick<CaseDeps, 'db'>, clientId: number, caseId: number, rating: 1 | -1): Promise<{ kase: Case; previous: number | null } | undefined> {
  const [before] = await d.db
    .select({ rating: cases.feedbackRating })
    .from(cases)
    .where(and(eq(cases.id, caseId), eq(cases.clientId, clientId), eq(cases.status, 'closed')));
  if (!before) return undefined;
  const [row] = await d.db
    .update(cases)
    .set({ feedbackRating: rating, feedbackAt: sql`now()` })
    .where(and(eq(cases.id, caseId), eq(cases.clientId, clientId), eq(cases.status, 'closed')))
    .returning();
  return row ? { kase: row, previous: before.rating } : undefined;
}

export async function rememberFeedbackPrompt(d: Pick<CaseDeps, 'db'>, caseId: number, messageId: number): Promise<void> {
  await d.db.update(cases).set({ feedbackPromptMsgId: messageId }).where(eq(cases.id, caseId));
}

/** A reply to the feedback prompt is the client's comment: stored sealed, never a new case. */
export async function saveFeedbackComment(d: Pick<CaseDeps, 'db' | 'vault'>, clientId: number, promptMsgId: number, comment: string): Promise<Case | undefined> {
  const [row] = await d.db
    .update(cases)
    .set({ feedbackCommentSealed: d.vault.seal(SEAL.feedback, comment.slice(0, 2000)) })
    .where(and(eq(cases.clientId, clientId), eq(cases.feedbackPromptMsgId, promptMsgId)))
    .returning();
  return row;
}
