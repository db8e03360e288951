import { and, desc, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import { cases } from '../db/schema/index.ts';
import type { CaseDeps } from './deps.ts';
import { reopenCase } from './reopen.ts';

export type Case = typeof cases.$inferSelect;

/**
 * The client's open case, or a new one. The partial unique index `cases_one_open_per_client`
 * makes this safe even if two first messages race: the loser reads the winner's row.
 */
export async function openCaseFor(d: CaseDeps, clientId: number): Promise<{ kase: Case; created: boolean; reopened?: boolean }> {
  const existing = await currentCase(d, clientId);
  if (existing) return { kase: existing, created: false };
  const reopened = await reopenRecent(d, clientId);
  if (reopened) return { kase: reopened, created: false, reopened: true };
  const [created] = await d.db.insert(cases).values({ clientId }).onConflictDoNothing().returning();
  if (created) return { kase: created, created: true };
  const raced = await currentCase(d, clientId);
  if (!raced) throw new Error('case vanished while opening');
  return { kase: raced, created: false };
}

/** The client's case closed within the reopen window, reopened (see `reopenCase`); the closing record is kept. */
async function reopenRecent(d: CaseDeps, clientId: number): Promise<Case | undefined> {
  // Against the database's clock, which is the one that stamped closed_at.
  const since = sql`now() - (${d.settings.cases.reopenWithinHours} * interval '1 hour')`;
  const [last] = await d.db
    .select({ id: cases.id })
    .from(cases)
    .where(and(eq(cases.clientId, clientId), eq(cases.status, 'closed'), gt(cases.closedAt, since)))
    .orderBy(desc(cases.closedAt))
    .limit(1);
  if (!last) return undefined;
  const reopened = await reopenCase(d, 'client', { caseId: last.id });
  return reopened.ok ? reopened.kase : undefined;
}

export async function currentCase(d: Pick<CaseDeps, 'db'>, clientId: number): Promise<Case | undefined> {
  const [row] = await d.db
    .select()
    .from(cases)
    .where(and(eq(cases.clientId, clientId), ne(cases.status, 'closed')));
  return row;
}

export async function caseByTopic(d: Pick<CaseDeps, 'db'>, staffChatId: number, topicId: number): Promise<Case | undefined> {
  const [row] = await d.db
    .select()
    .from(cases)
    .where(and(eq(cases.staffChatId, staffChatId), eq(cases.topicId, topicId)));
  return row;
}

/**
 * Claims the case's one after-hours auto-reply; true the first time. A case whose first message
 * came after hours is marked so, for the morning queue and the reports.
 */
export async function claimAfterHoursReply(d: Pick<CaseDeps, 'db'>, caseId: number, firstMessage: boolean): Promise<boolean> {
  const rows = await d.db
    .update(cases)
    .set({ afterHoursReplyAt: sql`now()`, ...(firstMessage ? { afterHours: true } : {}) })
    .where(and(eq(cases.id, caseId), isNull(cases.afterHoursReplyAt)))
    .returning({ id: cases.id });
  return rows.length > 0;
}
