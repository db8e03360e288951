import { sql } from 'drizzle-orm';
import { jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

/** Members of the staff group seen writing there. Their Telegram ids are hashed and sealed too. */
export const staffMembers = pgTable('staff_members', {
  id: serial('id').primaryKey(),
  tgHash: text('tg_hash').notNull().unique(),
  userSealed: text('user_sealed').notNull(),
  /** Keyed hash of the lower-cased @username, to match the people named in duty hours (settings) to members seen here. */
  usernameHash: text('username_hash'),
  nameSealed: text('name_sealed'),
  /** Specialist roles (doctor, psychologist, lawyer, social_worker) and topics (opioids, stimulants, HIV, …). */
  specialisations: jsonb('specialisations').$type<string[]>().notNull().default([]),
  firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().default(sql`now()`),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().default(sql`now()`),
});
