/**
 * Loads a content pack into the `articles` table. The rule it serves: the bot only ever sends
 * verified content. A text first arrives unverified; it is recorded as verified (who, in what
 * role, when) only when the organisation has configured a content reviewer, whose configuring
 * it is taken as their approval of the pack as it is. A changed text is a new version and loses
 * the previous verification; an unchanged one keeps its own. A text published from the console's
 * editor (`origin = 'console'`) is the organisation's own and is never overwritten by the pack.
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { articles, type ArticleSource } from '../db/schema/articles.ts';
import type { PackEntry } from './pack.ts';

export interface Reviewer {
  name: string;
  role: string;
}

export interface ImportResult {
  /** Rows created (first import of a slug and language). */
  added: number;
  /** Rows whose text changed: a new version. */
  updated: number;
  /** Rows whose text is the same as stored. */
  unchanged: number;
  /** Rows left alone because their text in force was published from the console. */
  kept: number;
  /** Rows this import recorded as verified (new rows, new versions, and unchanged rows still awaiting review). */
  verified: number;
}

/** What a verification vouches for: everything the client sees or that decides when it is offered. */
export function contentHash(c: { title: string; body: string; needs: string[]; keywords: string[]; sources: ArticleSource[] }): string {
  const canonical = JSON.stringify([c.title, c.body, c.needs, c.keywords, c.sources.map((s) => [s.title, s.url])]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/**
 * Upserts every entry by (slug, locale), in one transaction. Idempotent: importing the same pack
 * again changes nothing. Rows not in `entries` are left alone.
 */
export async function importPack(db: Db, entries: PackEntry[], reviewer?: Reviewer, now: Date = new Date()): Promise<ImportResult> {
  const result: ImportResult = { added: 0, updated: 0, unchanged: 0, kept: 0, verified: 0 };
  const verification = reviewer
    ? { status: 'verified', verifiedByName: reviewer.name, verifiedByRole: reviewer.role, verifiedAt: now }
    : { status: 'unverified', verifiedByName: null, verifiedByRole: null, verifiedAt: null };
  await db.transaction(async (tx) => {
    for (const e of entries) {
      const hash = contentHash(e);
      const content = { title: e.title, body: e.body, needs: e.needs, keywords: e.keywords, sources: e.sources, contentHash: hash };
      const where = and(eq(articles.slug, e.slug), eq(articles.locale, e.locale));
      const [existing] = await tx
        .select({ id: articles.id, contentHash: articles.contentHash, version: articles.version, status: articles.status, origin: articles.origin, kind: articles.kind })
        .from(articles)
        .where(where);
      if (existing?.origin === 'console') {
        result.kept++;
      } else if (!existing) {
        await tx.insert(articles).values({ slug: e.slug, locale: e.locale, kind: e.kind, ...content, version: 1, ...verification, updatedAt: now });
        result.added++;
        if (reviewer) result.verified++;
      } else if (existing.contentHash !== hash) {
        await tx
          .update(articles)
          .set({ ...content, kind: e.kind, version: existing.version + 1, ...verification, updatedAt: now })
          .where(eq(articles.id, existing.id));
        result.updated++;
        if (reviewer) result.verified++;
      } else {
        result.unchanged++;
        // Who may verify is not part of the text: a corrected kind is taken without a new version.
        if (existing.kind !== e.kind) await tx.update(articles).set({ kind: e.kind }).where(eq(articles.id, existing.id));
        if (reviewer && existing.status !== 'verified') {
          await tx.update(articles).set({ ...verification, updatedAt: now }).where(eq(articles.id, existing.id));
          result.verified++;
        }
      }
    }
  });
  return result;
}
