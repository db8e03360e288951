import { sql } from 'drizzle-orm';
import { index, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * A person who wrote to the bot. Nothing here identifies them: `tgHash` is a keyed hash of the
 * Telegram user id (for look-up), `chatSealed` the encrypted chat id needed to answer.
 * Names, usernames, phone numbers and photos are never stored.
 */
export const clients = pgTable(
  'clients',
  {
    id: serial('id').primaryKey(),
    tgHash: text('tg_hash').notNull().unique(),
    chatSealed: text('chat_sealed').notNull(),
    pseudonym: text('pseudonym').notNull().unique(),
    locale: text('locale').notNull().default('ru'),
    blockedAt: timestamp('blocked_at', { withTimezone: true }),
    /** Where the client first came from (a /start deep-link code such as `unit` or `channel`), never who. */
    firstContact: text('first_contact').notNull().default('direct'),
    /** When the client was told, once, that a text gets a faster answer than a voice message. */
    voiceHintAt: timestamp('voice_hint_at', { withTimezone: true }),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().default(sql`now()`),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().default(sql`now()`),
    /**
     * The client asked to be forgotten (/forget): `tgHash`, `chatSealed` and `pseudonym` were
     * replaced by values derived from the row id alone, so nothing links the row to a person any
     * more and the same person writing again is a new client. The row stays for the reports' counts.
     */
    forgottenAt: timestamp('forgotten_at', { withTimezone: true }),
    /**
     * How the client reaches us: `telegram`, or `web` (the anonymous web chat, where `tgHash` is a
     * keyed hash of a number derived from the conversation's secret link, never the link itself).
     */
    channel: text('channel').notNull().default('telegram'),
  },
  // The clients page: who wrote most recently first.
  (t) => [index('clients_last_seen').on(t.lastSeenAt, t.id)],
);
