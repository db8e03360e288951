import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.ts';
import { cases } from './cases.ts';
import { messages } from './messages.ts';
import { staffMembers } from './staff.ts';

/**
 * The case as one ordered record: every message (by reference to `messages`), every message the
 * bot sent the client and why, every button the client pressed, every staff action and change of
 * status. `data` holds codes only (never text, names or ids of people); `textSealed` holds what
 * was shown — the bot's text, a button's label, a reason — and is erased by retention with the
 * messages, so the kinds and times stay for reports.
 */
export const caseEvents = pgTable(
  'case_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    at: timestamp('at', { withTimezone: true }).notNull().default(sql`now()`),
    kind: text('kind').notNull(),
    /** Who caused it: client | bot | staff | system. */
    actor: text('actor').notNull(),
    staffMemberId: integer('staff_member_id').references(() => staffMembers.id),
    /** The console account that acted, when it was the console. */
    accountId: integer('account_id').references(() => accounts.id),
    /** Where a staff action was taken: telegram | console. */
    via: text('via'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    textSealed: text('text_sealed'),
    messageId: bigint('message_id', { mode: 'number' }).references(() => messages.id),
  },
  (t) => [
    index('case_events_case').on(t.caseId, t.at, t.id),
    index('case_events_kind_at').on(t.kind, t.at),
    // Retention finds the text still kept without reading every event.
    index('case_events_sealed').on(t.caseId).where(sql`${t.textSealed} is not null`),
  ],
);
