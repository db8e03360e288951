import { sql } from 'drizzle-orm';
import { bigserial, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Things to do later (an overdose follow-up, a morning queue): stored so that a restart does not
 * lose them. The payload is sealed because it names a chat.
 */
export const scheduledJobs = pgTable(
  'scheduled_jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    /** The case a follow-up belongs to, so closing the case or an answer of the client can cancel it. */
    caseId: integer('case_id'),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    payloadSealed: text('payload_sealed').notNull(),
    status: text('status').notNull().default('pending'), // pending | done | cancelled | failed
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (t) => [index('scheduled_jobs_due').on(t.status, t.dueAt), index('scheduled_jobs_case').on(t.caseId, t.status)],
);
