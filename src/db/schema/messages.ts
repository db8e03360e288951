import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { cases } from './cases.ts';
import { clients } from './clients.ts';
import { staffMembers } from './staff.ts';

/**
 * Every message of a case: from the client, from staff, or an internal note.
 * `bodySealed` holds text or caption encrypted, `fileSealed` the Telegram file_id of its media
 * (Telegram keeps the file); both are purged on schedule after the case closes, while the row
 * (kind, direction, times) stays for the anonymous record.
 */
export const messages = pgTable(
  'messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    direction: text('direction').notNull(), // client | staff | note
    kind: text('kind').notNull(), // text | photo | voice | …
    bodySealed: text('body_sealed'),
    /** Telegram's file_id of a photo, voice message or other file, sealed; erased with the text. */
    fileSealed: text('file_sealed'),
    staffMemberId: integer('staff_member_id').references(() => staffMembers.id),
    delivery: text('delivery').notNull().default('delivered'), // delivered | blocked | failed | not_relayed
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    editedAt: timestamp('edited_at', { withTimezone: true }),
  },
  (t) => [
    index('messages_case').on(t.caseId, t.id),
    // Reports count a period's client messages by kind from the index alone.
    index('messages_client_kind').on(t.caseId, t.kind).where(sql`${t.direction} = 'client'`),
    // Retention finds the text still kept without reading every message.
    index('messages_sealed').on(t.caseId).where(sql`${t.bodySealed} is not null or ${t.fileSealed} is not null`),
  ],
);

/**
 * Which message in the client's private chat corresponds to which message in the staff topic.
 * It carries replies and edits across; `part` is `caption` for a long caption sent on its own.
 */
export const messagePairs = pgTable(
  'message_pairs',
  {
    id: serial('id').primaryKey(),
    messageId: bigint('message_id', { mode: 'number' })
      .notNull()
      .references(() => messages.id),
    clientId: integer('client_id')
      .notNull()
      .references(() => clients.id),
    clientMsgId: integer('client_msg_id').notNull(),
    staffChatId: bigint('staff_chat_id', { mode: 'number' }).notNull(),
    staffMsgId: integer('staff_msg_id').notNull(),
    origin: text('origin').notNull(), // client | staff
    part: text('part').notNull().default('main'), // main | caption
  },
  (t) => [
    index('message_pairs_client_side').on(t.clientId, t.clientMsgId),
    uniqueIndex('message_pairs_staff_side').on(t.staffChatId, t.staffMsgId, t.part),
  ],
);
