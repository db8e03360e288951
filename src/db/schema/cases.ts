import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, serial, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { clients } from './clients.ts';
import { staffMembers } from './staff.ts';

/** One request for help. Its number (`id`) is what staff say aloud: "case 42". */
export const cases = pgTable(
  'cases',
  {
    id: serial('id').primaryKey(),
    clientId: integer('client_id')
      .notNull()
      .references(() => clients.id),
    status: text('status').notNull().default('new'),
    channel: text('channel').notNull().default('bot'),
    staffChatId: bigint('staff_chat_id', { mode: 'number' }),
    topicId: integer('topic_id'),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().default(sql`now()`),
    lastActivityAt: timestamp('last_activity_at', { withTimezone: true }).notNull().default(sql`now()`),
    firstStaffReplyAt: timestamp('first_staff_reply_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: integer('closed_by').references(() => staffMembers.id),
    /** Set when an overdose was detected or asked for; the alert in the topic is pinned. */
    emergencyAt: timestamp('emergency_at', { withTimezone: true }),
    /** The pinned alert in the topic, edited in place as the client answers the flow's questions. */
    emergencyAlertMsgId: integer('emergency_alert_msg_id'),
    /** The case's first message arrived outside duty hours. */
    afterHours: boolean('after_hours').notNull().default(false),
    /** The after-hours auto-reply goes out once per case. */
    afterHoursReplyAt: timestamp('after_hours_reply_at', { withTimezone: true }),
    /** The closing message's comment prompt: a reply to it is the client's feedback comment, not a new case. */
    feedbackPromptMsgId: integer('feedback_prompt_msg_id'),
    feedbackRating: smallint('feedback_rating'),
    feedbackCommentSealed: text('feedback_comment_sealed'),
    feedbackAt: timestamp('feedback_at', { withTimezone: true }),
    claimedBy: integer('claimed_by').references(() => staffMembers.id),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    /** The closing record: codes from the taxonomy version the case was recorded with. */
    taxonomyVersion: integer('taxonomy_version'),
    needs: jsonb('needs').$type<string[]>(),
    services: jsonb('services').$type<string[]>(),
    phoneCall: text('phone_call'), // not_proposed | accepted | refused | client_left
    outcome: text('outcome'),
    /** Derived from needs and services: met fully online, or needed an offline step. */
    metOnline: boolean('met_online'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }),
    /** Why a case was closed without a record (e.g. spam, duplicate), when it was. */
    closeReason: text('close_reason'),
    /** The contact line the worker gave with /close, sent to the client when the record is saved. */
    closeContactLine: text('close_contact_line'),
    reopenCount: integer('reopen_count').notNull().default(0),
    /** When the case's texts were erased, and why: `retention` (closed long enough) or `forget` (the client asked). */
    textErasedAt: timestamp('text_erased_at', { withTimezone: true }),
    textErasedBy: text('text_erased_by'),
    /** The case's topic in the staff group was deleted (or Telegram no longer had it). */
    topicDeletedAt: timestamp('topic_deleted_at', { withTimezone: true }),
  },
  (t) => [
    // The guarantee behind "one topic per case": a client can never have two open cases.
    uniqueIndex('cases_one_open_per_client').on(t.clientId).where(sql`${t.status} <> 'closed'`),
    uniqueIndex('cases_topic').on(t.staffChatId, t.topicId),
    index('cases_status_activity').on(t.status, t.lastActivityAt),
    // Reports read a period's cases; the reopen check, a client's history and "returning client" read one client's.
    index('cases_opened').on(t.openedAt, t.id),
    index('cases_client').on(t.clientId, t.openedAt),
    // The inbox (newest activity first) and the console's live feed (activity since a moment).
    index('cases_activity').on(t.lastActivityAt),
  ],
);
