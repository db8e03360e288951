/**
 * The console's knowledge-base workflow: a version of an article is written as a draft, submitted
 * for review, verified by a specialist of the article's kind (or sent back with a comment), and
 * published, which makes it the text in force in `articles` (what the bot reads). The rules of
 * who may take which step are pure functions; the database functions below apply them.
 *
 * What a verification vouches for is the content hash: a verified revision is never edited (a
 * change is a new draft), the verifier confirms the hash of the text they read, and publishing
 * refuses a revision whose text no longer matches its hash.
 */
import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Locale } from '../config.ts';
import { can, KB_KINDS, type KbKind } from '../console/policy.ts';
import type { Db } from '../db/open.ts';
import { accounts, articleRevisions, articles, type ArticleSource } from '../db/schema/index.ts';
import { t } from '../i18n/index.ts';
import { contentHash } from './import.ts';
import { checkBody, EDITOR_TAGS, NEED_CODES, OVERDOSE_FLOW_SLUG, parseSource, type BodyProblem } from './pack.ts';

export const REVISION_STATUSES = ['draft', 'in_review', 'verified', 'published', 'superseded', 'rejected'] as const;
export type RevisionStatus = (typeof REVISION_STATUSES)[number];

/** The steps of the workflow. `return` sends a revision in review back to its author with a comment. */
export const STEPS = ['edit', 'submit', 'verify', 'return', 'publish'] as const;
export type Step = (typeof STEPS)[number];

export interface Actor {
  id: number;
  role: string;
}

export interface RevisionState {
  status: string;
  kind: string;
  createdBy: number | null;
}

/**
 * Why a step is refused: the role may not take it at all; the role verifies another kind of
 * content; the actor wrote the revision (four eyes); only the author edits or submits a draft;
 * the revision is not at that step (any more).
 */
export type Refusal = 'not-allowed' | 'other-kind' | 'own-revision' | 'not-author' | 'wrong-status';

const verifiesSomething = (role: string) => KB_KINDS.some((k) => can(role, `kb.verify:${k}`));

/** Why `actor` may not take `step` on `rev`; undefined when they may. */
export function refusal(actor: Actor, rev: RevisionState, step: Step): Refusal | undefined {
  switch (step) {
    case 'edit':
    case 'submit':
      if (!can(actor.role, 'kb.edit')) return 'not-allowed';
      if (rev.status !== 'draft') return 'wrong-status';
      if (rev.createdBy !== actor.id) return 'not-author';
      return undefined;
    case 'verify':
    case 'return':
      if (!verifiesSomething(actor.role)) return 'not-allowed';
      if (!can(actor.role, `kb.verify:${rev.kind}`)) return 'other-kind';
      if (rev.createdBy === actor.id) return 'own-revision';
      if (rev.status !== 'in_review') return 'wrong-status';
      return undefined;
    case 'publish':
      if (!can(actor.role, 'kb.publish')) return 'not-allowed';
      if (rev.status !== 'verified') return 'wrong-status';
      return undefined;
  }
}

/** The steps `actor` may take on `rev` now. */
export function allowedSteps(actor: Actor, rev: RevisionState): Step[] {
  return STEPS.filter((s) => refusal(actor, rev, s) === undefined);
}

/** Whether a revision's text is still the one its hash (and so its verification) stands for. */
export function hashHolds(rev: RevisionContent & { contentHash: string }): boolean {
  return contentHash(rev) === rev.contentHash;
}

// ---- Checking what the author wrote -------------------------------------------------------------

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_SLUG = 60;
export const MAX_TITLE = 200;
export const MAX_KEYWORDS = 100;

export type Field = 'slug' | 'locale' | 'kind' | 'title' | 'body' | 'needs' | 'keywords' | 'sources';

/** What is wrong with one field: a code for the reader's language, its arguments, the line where it applies. */
export interface FieldProblem {
  field: Field;
  code: string;
  args?: Record<string, string | number>;
}

/** The content of a version: everything the hash covers. */
export interface RevisionContent {
  title: string;
  body: string;
  needs: string[];
  keywords: string[];
  sources: ArticleSource[];
}

/** The form as typed: keywords comma-separated, one source per line ("Title https://…"). */
export interface RevisionForm {
  title: string;
  body: string;
  needs: string[];
  keywords: string;
  sources: string;
}

export const normaliseNewlines = (s: string) => s.replace(/\r\n?/g, '\n');

/** Keywords as typed, one list: trimmed, no empties, no repeats. */
export function parseKeywords(text: string): string[] {
  return [...new Set(text.split(',').map((k) => k.trim()).filter((k) => k !== ''))];
}

/** The form's values for a text (prefilling an edit); a draft's source line without a link comes back as typed. */
export function formOf(c: RevisionContent): RevisionForm {
  return { title: c.title, body: c.body, needs: [...c.needs], keywords: c.keywords.join(', '), sources: c.sources.map((s) => (s.url ? `${s.title} ${s.url}` : s.title)).join('\n') };
}

const normaliseBody = (body: string) => normaliseNewlines(body).replace(/\s+$/, '').replace(/^\s*\n/, '');

/**
 * The content of a draft as typed, checked or not: a draft keeps whatever the writer has so far
 * (an empty title, no need ticked, a source line without its link, kept as `{ title: line, url: '' }`);
 * `checkRevision` decides whether it may go to review.
 */
export function draftContent(form: RevisionForm): RevisionContent {
  const sources = normaliseNewlines(form.sources)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((line) => {
      const s = parseSource(line);
      return typeof s === 'string' ? { title: line, url: '' } : s;
    });
  return { title: form.title.trim(), body: normaliseBody(form.body), needs: [...new Set(form.needs)], keywords: parseKeywords(form.keywords), sources };
}

/**
 * Checks a version of article `slug` of `kind` as typed, the way the pack's files are checked
 * (length, tags, placeholders, the overdose flow's steps), plus: a title, at least one need of
 * `needCodes`, and at least one source for medical content. Returns the content when fine.
 */
export function checkRevision(slug: string, kind: string, form: RevisionForm, needCodes: readonly string[]): { problems: FieldProblem[]; content?: RevisionContent } {
  const problems: FieldProblem[] = [];
  const title = form.title.trim();
  if (title === '') problems.push({ field: 'title', code: 'title-empty' });
  else if (title.length > MAX_TITLE) problems.push({ field: 'title', code: 'title-too-long', args: { max: MAX_TITLE } });

  const body = normaliseBody(form.body);
  if (body.trim() === '') problems.push({ field: 'body', code: 'body-empty' });
  else problems.push(...checkBody(slug, body, 1, EDITOR_TAGS).map(bodyProblem));

  const needs = [...new Set(form.needs)];
  if (needs.length === 0) problems.push({ field: 'needs', code: 'needs-empty' });
  for (const n of needs) if (!needCodes.includes(n) && !(NEED_CODES as readonly string[]).includes(n)) problems.push({ field: 'needs', code: 'needs-unknown', args: { code: n } });

  const keywords = parseKeywords(form.keywords);
  if (keywords.length > MAX_KEYWORDS) problems.push({ field: 'keywords', code: 'keywords-too-many', args: { max: MAX_KEYWORDS } });

  const sources: ArticleSource[] = [];
  normaliseNewlines(form.sources)
    .split('\n')
    .forEach((raw, i) => {
      const line = raw.trim();
      if (line === '') return;
      const s = parseSource(line);
      if (typeof s === 'string') problems.push({ field: 'sources', code: 'source-invalid', args: { line: i + 1 } });
      else sources.push(s);
    });
  if (kind === 'medical' && sources.length === 0 && !problems.some((p) => p.field === 'sources')) problems.push({ field: 'sources', code: 'sources-needed' });

  if (problems.length > 0) return { problems };
  return { problems, content: { title, body, needs, keywords, sources } };
}

function bodyProblem(p: BodyProblem): FieldProblem {
  return { field: 'body', code: `body-${p.code}`, args: { ...p.args, line: p.line } };
}

/** Checks the address of a new article: its slug, language and kind. */
export function checkNewArticle(input: { slug: string; locale: string; kind: string }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!SLUG_PATTERN.test(input.slug) || input.slug.length > MAX_SLUG) problems.push({ field: 'slug', code: 'slug-invalid', args: { max: MAX_SLUG } });
  if (input.locale !== 'ru' && input.locale !== 'en') problems.push({ field: 'locale', code: 'locale-invalid' });
  if (!(KB_KINDS as readonly string[]).includes(input.kind)) problems.push({ field: 'kind', code: 'kind-invalid' });
  return problems;
}

// ---- Reading ----------------------------------------------------------------------------------------

export type ArticleRow = typeof articles.$inferSelect;
export type RevisionRow = typeof articleRevisions.$inferSelect;
export type Revision = RevisionRow & { authorName: string | null; publisherName: string | null };

const author = alias(accounts, 'author');
const publisher = alias(accounts, 'publisher');

function revisionsQuery(db: Db) {
  return db
    .select({ revision: articleRevisions, authorName: author.displayName, publisherName: publisher.displayName })
    .from(articleRevisions)
    .leftJoin(author, eq(author.id, articleRevisions.createdBy))
    .leftJoin(publisher, eq(publisher.id, articleRevisions.publishedBy));
}
const flatten = (r: { revision: RevisionRow; authorName: string | null; publisherName: string | null }): Revision => ({ ...r.revision, authorName: r.authorName, publisherName: r.publisherName });

export async function getRevision(db: Db, id: number): Promise<Revision | undefined> {
  const [r] = await revisionsQuery(db).where(eq(articleRevisions.id, id));
  return r && flatten(r);
}

export async function getArticle(db: Db, slug: string, locale: string): Promise<ArticleRow | undefined> {
  const [a] = await db.select().from(articles).where(and(eq(articles.slug, slug), eq(articles.locale, locale)));
  return a;
}

/** The newest draft `actor` is writing of article `slug` in `locale`: a writer has one draft of an article's language at a time. */
export async function draftOf(db: Db, actor: Actor, slug: string, locale: string): Promise<Revision | undefined> {
  const [r] = await revisionsQuery(db)
    .where(and(eq(articleRevisions.slug, slug), eq(articleRevisions.locale, locale), eq(articleRevisions.status, 'draft'), eq(articleRevisions.createdBy, actor.id)))
    .orderBy(desc(articleRevisions.id))
    .limit(1);
  return r && flatten(r);
}

/** An article in one language: the text in force (if any) and every revision, newest first. */
export async function articleHistory(db: Db, slug: string, locale: string): Promise<{ article?: ArticleRow; revisions: Revision[] }> {
  const article = await getArticle(db, slug, locale);
  const rows = await revisionsQuery(db)
    .where(and(eq(articleRevisions.slug, slug), eq(articleRevisions.locale, locale)))
    .orderBy(desc(articleRevisions.id));
  return { article, revisions: rows.map(flatten) };
}

/** Where the text in force stands: verified (the bot sends it), unverified, withdrawn, or none yet. */
export type InForce = 'verified' | 'unverified' | 'withdrawn' | 'none';

export interface LocaleEntry {
  locale: Locale;
  title: string;
  inForce: InForce;
  version?: number;
  /** Revisions in review, waiting for publishing, and drafts. */
  inReview: number;
  toPublish: number;
  drafts: number;
}

export interface ArticleEntry {
  slug: string;
  kind: string;
  locales: Partial<Record<Locale, LocaleEntry>>;
}

export interface WaitingRevision {
  id: number;
  slug: string;
  locale: Locale;
  kind: string;
  title: string;
  status: RevisionStatus;
  createdBy: number | null;
  submittedAt: Date | null;
  verifiedAt: Date | null;
}

const inForceOf = (a: ArticleRow | undefined): InForce => (!a ? 'none' : a.status === 'verified' ? 'verified' : a.status === 'withdrawn' ? 'withdrawn' : 'unverified');

/**
 * Every article (both languages), by slug, with where its text in force stands and what waits;
 * and the revisions waiting for a review or for publishing, oldest first.
 */
export async function knowledgeBase(db: Db): Promise<{ articles: ArticleEntry[]; waiting: WaitingRevision[] }> {
  const rows = await db.select().from(articles).orderBy(asc(articles.slug));
  const revs = await db
    .select({
      id: articleRevisions.id,
      slug: articleRevisions.slug,
      locale: articleRevisions.locale,
      kind: articleRevisions.kind,
      title: articleRevisions.title,
      status: articleRevisions.status,
      createdBy: articleRevisions.createdBy,
      submittedAt: articleRevisions.submittedAt,
      verifiedAt: articleRevisions.verifiedAt,
    })
    .from(articleRevisions)
    .orderBy(asc(articleRevisions.id));
  const bySlug = new Map<string, ArticleEntry>();
  const entry = (slug: string, kind: string) => bySlug.get(slug) ?? bySlug.set(slug, { slug, kind, locales: {} }).get(slug)!;
  const localeEntry = (e: ArticleEntry, locale: Locale, title: string, a?: ArticleRow) =>
    (e.locales[locale] ??= { locale, title, inForce: inForceOf(a), version: a?.version, inReview: 0, toPublish: 0, drafts: 0 });
  for (const a of rows) localeEntry(entry(a.slug, a.kind), a.locale as Locale, a.title, a);
  for (const r of revs) {
    const le = localeEntry(entry(r.slug, r.kind), r.locale as Locale, r.title);
    if (r.status === 'in_review') le.inReview++;
    else if (r.status === 'verified') le.toPublish++;
    else if (r.status === 'draft') le.drafts++;
  }
  const waiting = revs.filter((r) => r.status === 'in_review' || r.status === 'verified').map((r) => ({ ...r, locale: r.locale as Locale, status: r.status as RevisionStatus }));
  return { articles: [...bySlug.values()].sort((a, b) => a.slug.localeCompare(b.slug)), waiting };
}

/** The kind an article has, in either language, from its text in force or its revisions; undefined for a new slug. */
export async function kindOf(db: Db, slug: string): Promise<KbKind | undefined> {
  const [a] = await db.select({ kind: articles.kind }).from(articles).where(eq(articles.slug, slug)).limit(1);
  if (a) return a.kind as KbKind;
  const [r] = await db.select({ kind: articleRevisions.kind }).from(articleRevisions).where(eq(articleRevisions.slug, slug)).orderBy(asc(articleRevisions.id)).limit(1);
  return r?.kind as KbKind | undefined;
}

// ---- Changing -------------------------------------------------------------------------------------

export type StepResult = { ok: true; revision: RevisionRow } | { ok: false; problem: Refusal | 'not-found' | 'exists' | 'hash-changed' | 'flow-withdraw' };

/**
 * A new draft by `actor`: of an existing article (slug, locale; its kind is the article's) or of
 * a new one. Refuses a new article whose slug and language already exist.
 */
export async function createDraft(
  db: Db,
  actor: Actor,
  target: { slug: string; locale: Locale; kind: KbKind; isNew: boolean },
  content: RevisionContent,
  now: Date,
): Promise<StepResult> {
  if (!can(actor.role, 'kb.edit')) return { ok: false, problem: 'not-allowed' };
  const existing = await getArticle(db, target.slug, target.locale);
  if (target.isNew) {
    const [rev] = await db.select({ id: articleRevisions.id }).from(articleRevisions).where(and(eq(articleRevisions.slug, target.slug), eq(articleRevisions.locale, target.locale))).limit(1);
    if (existing || rev) return { ok: false, problem: 'exists' };
  }
  // The kind is the article's, whatever the form says: relabelling would let another kind of specialist verify it.
  const kind = (existing?.kind as KbKind | undefined) ?? (await kindOf(db, target.slug)) ?? target.kind;
  const [revision] = await db
    .insert(articleRevisions)
    .values({ slug: target.slug, locale: target.locale, kind, ...content, contentHash: contentHash(content), status: 'draft', createdBy: actor.id, createdAt: now, savedAt: now })
    .returning();
  return { ok: true, revision: revision! };
}

/** Changes a draft (its author only, while it is a draft); `now` is when, shown as "saved at". */
export async function saveDraft(db: Db, actor: Actor, id: number, content: RevisionContent, now?: Date): Promise<StepResult> {
  return step(db, actor, id, 'edit', { ...content, contentHash: contentHash(content), ...(now ? { savedAt: now } : {}) });
}

export async function submitRevision(db: Db, actor: Actor, id: number, now: Date): Promise<StepResult> {
  return step(db, actor, id, 'submit', { status: 'in_review', submittedAt: now, reviewComment: null });
}

/**
 * Verifies a revision in review: `seenHash` is the hash of the text the specialist read (the
 * form carries it), so a text changed since is not verified by mistake.
 */
export async function verifyRevision(db: Db, actor: Actor & { displayName: string }, id: number, seenHash: string, now: Date): Promise<StepResult> {
  return step(db, actor, id, 'verify', { status: 'verified', verifiedBy: actor.id, verifiedByName: actor.displayName, verifiedByRole: actor.role, verifiedAt: now }, seenHash);
}

/** Sends a revision in review back to its author with the reviewer's comment. */
export async function returnRevision(db: Db, actor: Actor, id: number, comment: string): Promise<StepResult> {
  return step(db, actor, id, 'return', { status: 'rejected', reviewComment: comment });
}

async function step(db: Db, actor: Actor, id: number, s: Step, set: Partial<RevisionRow>, seenHash?: string): Promise<StepResult> {
  const rev = await getRevision(db, id);
  if (!rev) return { ok: false, problem: 'not-found' };
  const refused = refusal(actor, rev, s);
  if (refused) return { ok: false, problem: refused };
  if (seenHash !== undefined && (seenHash !== rev.contentHash || !hashHolds(rev))) return { ok: false, problem: 'hash-changed' };
  // Conditional on the status read: of two people acting at once, the second finds it moved on.
  const [updated] = await db
    .update(articleRevisions)
    .set(set)
    .where(and(eq(articleRevisions.id, id), eq(articleRevisions.status, rev.status), eq(articleRevisions.contentHash, rev.contentHash)))
    .returning();
  return updated ? { ok: true, revision: updated } : { ok: false, problem: 'wrong-status' };
}

/** How a verifier's role reads to clients under the article ("Проверено: медицинский специалист …"). */
export function verifierRoleLabel(role: string, locale: Locale): string {
  return t(locale, `console-role-${role.replace(/_/g, '-')}`);
}

/**
 * Publishes a verified revision: it becomes the text in force (verified by its verifier, the next
 * version, origin 'console', which the pack import never overwrites), and any revision published
 * before it is superseded. The caller reloads the bot's content library.
 */
export async function publishRevision(db: Db, actor: Actor, id: number, now: Date): Promise<StepResult> {
  const rev = await getRevision(db, id);
  if (!rev) return { ok: false, problem: 'not-found' };
  const refused = refusal(actor, rev, 'publish');
  if (refused) return { ok: false, problem: refused };
  if (!hashHolds(rev) || !rev.verifiedAt || !rev.verifiedByName || !rev.verifiedByRole) return { ok: false, problem: 'hash-changed' };
  return db.transaction(async (tx): Promise<StepResult> => {
    const [published] = await tx
      .update(articleRevisions)
      .set({ status: 'published', publishedBy: actor.id, publishedAt: now })
      .where(and(eq(articleRevisions.id, id), eq(articleRevisions.status, 'verified'), eq(articleRevisions.contentHash, rev.contentHash)))
      .returning();
    if (!published) return { ok: false, problem: 'wrong-status' };
    await tx
      .update(articleRevisions)
      .set({ status: 'superseded' })
      .where(and(eq(articleRevisions.slug, rev.slug), eq(articleRevisions.locale, rev.locale), eq(articleRevisions.status, 'published'), ne(articleRevisions.id, id)));
    const inForce = {
      title: rev.title,
      body: rev.body,
      needs: rev.needs,
      keywords: rev.keywords,
      sources: rev.sources,
      contentHash: rev.contentHash,
      kind: rev.kind,
      status: 'verified',
      origin: 'console',
      verifiedByName: rev.verifiedByName,
      verifiedByRole: verifierRoleLabel(rev.verifiedByRole!, rev.locale as Locale),
      verifiedAt: rev.verifiedAt,
      updatedAt: now,
    };
    await tx
      .insert(articles)
      .values({ slug: rev.slug, locale: rev.locale, version: 1, ...inForce })
      .onConflictDoUpdate({ target: [articles.slug, articles.locale], set: { ...inForce, version: sql`${articles.version} + 1` } });
    return { ok: true, revision: published };
  });
}

/**
 * Withdraws an article in `locales` (both by default): the bot stops sending that text at once
 * (after the library reloads), and the pack import will not bring it back. A client of a language
 * withdrawn gets the other language's verified text, if it still has one, marked as such (as for
 * any article missing in their language); withdrawn in both, nobody gets it. The overdose flow
 * cannot be withdrawn: without it an emergency gets only the minimal line. A withdrawn text
 * returns by publishing a new version.
 */
export async function withdrawArticle(
  db: Db,
  actor: Actor,
  slug: string,
  now: Date,
  locales: readonly Locale[] = ['ru', 'en'],
): Promise<{ ok: true } | { ok: false; problem: 'not-allowed' | 'not-found' | 'flow-withdraw' | 'wrong-status' }> {
  if (!can(actor.role, 'kb.publish')) return { ok: false, problem: 'not-allowed' };
  if (slug === OVERDOSE_FLOW_SLUG) return { ok: false, problem: 'flow-withdraw' };
  if (locales.length === 0) return { ok: false, problem: 'not-found' };
  const rows = await db
    .select({ id: articles.id, locale: articles.locale, status: articles.status })
    .from(articles)
    .where(and(eq(articles.slug, slug), inArray(articles.locale, [...locales])));
  if (rows.length === 0) return { ok: false, problem: 'not-found' };
  const inForce = rows.filter((r) => r.status !== 'withdrawn').map((r) => r.locale as Locale);
  if (inForce.length === 0) return { ok: false, problem: 'wrong-status' };
  await db.transaction(async (tx) => {
    await tx.update(articles).set({ status: 'withdrawn', origin: 'console', updatedAt: now }).where(and(eq(articles.slug, slug), inArray(articles.locale, inForce)));
    await tx
      .update(articleRevisions)
      .set({ status: 'superseded' })
      .where(and(eq(articleRevisions.slug, slug), inArray(articleRevisions.locale, inForce), eq(articleRevisions.status, 'published')));
  });
  return { ok: true };
}
