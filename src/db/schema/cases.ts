import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, pgTable, serial, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
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
    /** The case's first message arrived outside duty hours. */
    afterHours: boolean('after_hours').notNull().default(false),
    /** The after-hours auto-reply goes out once per case. */
    afterHoursReplyAt: timestamp('after_hours_reply_at', { withTimezone: true }),
    /** The closing message's comment prompt: a reply to it is the client's feedback comment, not a new case. */
    feedbackPromptMsgId: integer('feedback_prompt_msg_id'),
    feedbackRating: smallint('feedback_rating'),
    feedbackCommentSealed: text('feedback_comment_sealed'),
    feedbackAt: timestamp('feedback_at', { withTimezone: true }),
  },
  (t) => [
    // The guarantee behind "one topic per case": a client can never have two open cases.
    uniqueIndex('cases_one_open_per_client').on(t.clientId).where(sql`${t.status} <> 'closed'`),
    uniqueIndex('cases_topic').on(t.staffChatId, t.topicId),
    index('cases_status_activity').on(t.status, t.lastActivityAt),
  ],
);
