import { sql } from 'drizzle-orm';
import { integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export interface ArticleSource {
  title: string;
  url: string;
}

/**
 * Knowledge-base articles, one row per article and language. The bot sends only verified ones;
 * `verifiedBy*` and `verifiedAt` record who vouched for the text now stored (a new text needs a
 * new verification: `contentHash` tells).
 */
export const articles = pgTable(
  'articles',
  {
    id: serial('id').primaryKey(),
    slug: text('slug').notNull(),
    locale: text('locale').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    needs: jsonb('needs').$type<string[]>().notNull().default([]),
    keywords: jsonb('keywords').$type<string[]>().notNull().default([]),
    sources: jsonb('sources').$type<ArticleSource[]>().notNull().default([]),
    contentHash: text('content_hash').notNull(),
    version: integer('version').notNull().default(1),
    status: text('status').notNull().default('unverified'), // unverified | verified
    verifiedByName: text('verified_by_name'),
    verifiedByRole: text('verified_by_role'),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [uniqueIndex('articles_slug_locale').on(t.slug, t.locale)],
);
