import { sql } from 'drizzle-orm';
import { integer, jsonb, pgTable, serial, timestamp } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.ts';

/**
 * The organisation's settings as edited in the console, one row per saved version: the newest row
 * is in force, older ones are the history. Until the first save, DATA_DIR/organisation.json seeds
 * the first row. Holds no secrets and nothing about clients.
 */
export const organisationSettings = pgTable('organisation_settings', {
  id: serial('id').primaryKey(),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull(),
  /** The console account that saved this version; null for the seed from the file. */
  savedBy: integer('saved_by').references(() => accounts.id),
  savedAt: timestamp('saved_at', { withTimezone: true }).notNull().default(sql`now()`),
});
