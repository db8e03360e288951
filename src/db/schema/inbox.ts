import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Every Telegram update, stored (encrypted) before it is acknowledged and processed from here.
 * The primary key is what makes handling idempotent by `update_id`; the payload is erased once
 * the update has been handled, the row stays as the record of processed ids.
 */
export const inbox = pgTable(
  'inbox',
  {
    updateId: bigint('update_id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    payloadSealed: text('payload_sealed'),
    status: text('status').notNull().default('pending'), // pending | done | skipped | failed
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().default(sql`now()`),
    processedAt: timestamp('processed_at', { withTimezone: true }),
  },
  (t) => [index('inbox_pending').on(t.status, t.updateId)],
);
