import { sql } from 'drizzle-orm';
import { bigserial, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { clients } from './clients.ts';

/**
 * The anonymous web chat's page: what the person wrote and what the bot (and, through it, staff)
 * sent them, as their Telegram chat would show it. `bodySealed` holds the message (text,
 * entities, buttons) encrypted. Rows go with the case's text (retention), at once on "end and
 * erase", and one by one when the bot deletes a message.
 */
export const webMessages = pgTable(
  'web_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    clientId: integer('client_id')
      .notNull()
      .references(() => clients.id, { onDelete: 'cascade' }),
    /** client | bot */
    author: text('author').notNull(),
    bodySealed: text('body_sealed').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    editedAt: timestamp('edited_at', { withTimezone: true }),
  },
  (t) => [index('web_messages_client').on(t.clientId, t.id)],
);
