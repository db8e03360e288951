import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.ts';

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
    /** Which specialists may verify it: medical | legal | psychological | social. */
    kind: text('kind').notNull().default('medical'),
    /** Where the text in force came from: the content pack (`pack`) or the console's editor (`console`), which a pack import never overwrites. */
    origin: text('origin').notNull().default('pack'),
    verifiedByName: text('verified_by_name'),
    verifiedByRole: text('verified_by_role'),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [uniqueIndex('articles_slug_locale').on(t.slug, t.locale)],
);

/**
 * Versions of an article written in the console, and their way to the bot: draft → in_review →
 * verified (by a specialist of the article's kind: who and when) → published (copied into
 * `articles`, which is what the bot reads). A later published version supersedes the earlier.
 */
export const articleRevisions = pgTable(
  'article_revisions',
  {
    id: serial('id').primaryKey(),
    slug: text('slug').notNull(),
    locale: text('locale').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    needs: jsonb('needs').$type<string[]>().notNull().default([]),
    keywords: jsonb('keywords').$type<string[]>().notNull().default([]),
    sources: jsonb('sources').$type<ArticleSource[]>().notNull().default([]),
    contentHash: text('content_hash').notNull(),
    status: text('status').notNull().default('draft'), // draft | in_review | verified | published | superseded | rejected
    createdBy: integer('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    /** When a draft was last saved (by hand or as its writer typed); null for rows saved before it was kept. */
    savedAt: timestamp('saved_at', { withTimezone: true }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    verifiedBy: integer('verified_by').references(() => accounts.id),
    verifiedByName: text('verified_by_name'),
    verifiedByRole: text('verified_by_role'),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    publishedBy: integer('published_by').references(() => accounts.id),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** Why a reviewer sent it back (their words, shown to the author). */
    reviewComment: text('review_comment'),
  },
  (t) => [index('article_revisions_slug').on(t.slug, t.locale)],
);
