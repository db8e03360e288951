import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import { cases } from '../db/schema/index.ts';
import type { CaseDeps } from './deps.ts';

export type Case = typeof cases.$inferSelect;

/**
 * The client's open case, or a new one. The partial unique index `cases_one_open_per_client`
 * makes this safe even if two first messages race: the loser reads the winner's row.
 */
export async function openCaseFor(d: Pick<CaseDeps, 'db'>, clientId: number): Promise<{ kase: Case; created: boolean }> {
  const existing = await currentCase(d, clientId);
  if (existing) return { kase: existing, created: false };
  const [created] = await d.db.insert(cases).values({ clientId }).onConflictDoNothing().returning();
  if (created) return { kase: created, created: true };
  const raced = await currentCase(d, clientId);
  if (!raced) throw new Error('case vanished while opening');
  return { kase: raced, created: false };
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

export async function touchCase(d: Pick<CaseDeps, 'db'>, caseId: number, by: 'client' | 'staff'): Promise<void> {
  await d.db
    .update(cases)
    .set(
      by === 'staff'
        ? { lastActivityAt: sql`now()`, firstStaffReplyAt: sql`coalesce(${cases.firstStaffReplyAt}, now())`, status: sql`case when ${cases.status} = 'new' then 'open' else ${cases.status} end` }
        : { lastActivityAt: sql`now()` },
    )
    .where(eq(cases.id, caseId));
}

export async function closeCaseRecord(d: Pick<CaseDeps, 'db'>, caseId: number, staffMemberId: number | null): Promise<boolean> {
  const closed = await d.db
    .update(cases)
    .set({ status: 'closed', closedAt: sql`now()`, closedBy: staffMemberId })
    .where(and(eq(cases.id, caseId), ne(cases.status, 'closed')))
    .returning({ id: cases.id });
  return closed.length > 0;
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
