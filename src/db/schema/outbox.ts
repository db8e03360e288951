import { sql } from 'drizzle-orm';
import { bigserial, index, integer, pgTable, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Bot API calls with an effect, written in the same transaction as the state change that causes
 * them and delivered by the sender (src/outbox/). `target` names the chat without a Telegram id
 * of a person: `group:<chat id>` for a staff group, `client:<client row id>` for a client's chat.
 * `status` goes pending → attempted → done (or parked, with its error, for an admin to see): an
 * item is marked attempted before its call, so a crash after Telegram accepted it repeats at most
 * that one call; an admin may retry a parked item or discard it. `lane` orders a chat's items: 0
 * overdose alerts, 1 case headers, 2 the rest.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    target: text('target').notNull(),
    lane: smallint('lane').notNull().default(2),
    caseId: integer('case_id'),
    op: text('op').notNull(),
    /** What the call needs (texts, message ids), sealed; erased once done. */
    payloadSealed: text('payload_sealed'),
    /** Makes enqueueing idempotent: a retried update cannot queue the same copy twice. */
    dedupeKey: text('dedupe_key'),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    notBefore: timestamp('not_before', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (t) => [
    index('outbox_waiting').on(t.target, t.lane, t.id).where(sql`status in ('pending', 'attempted')`),
    uniqueIndex('outbox_dedupe').on(t.dedupeKey),
    index('outbox_done').on(t.doneAt).where(sql`status = 'done'`),
  ],
);

/**
 * One row per chat the outbox sends to: a Telegram `retry_after` pauses the whole chat here (for
 * every instance), and a lease lets one instance at a time deliver a chat's items, in order.
 */
export const outboxTargets = pgTable('outbox_targets', {
  target: text('target').primaryKey(),
  pausedUntil: timestamp('paused_until', { withTimezone: true }),
  leaseOwner: text('lease_owner'),
  leaseUntil: timestamp('lease_until', { withTimezone: true }),
});
