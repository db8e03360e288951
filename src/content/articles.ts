/**
 * The read side of the knowledge base. Everything here returns verified content only: a row
 * counts as verified when its status says so, the reviewer and date are recorded, and its text
 * still hashes to the `contentHash` that was verified (a text changed behind the importer's back
 * is not sent). Rendering produces the Telegram HTML message the bot sends.
 */
import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { Locale } from '../config.ts';
import type { Db } from '../db/open.ts';
import { articles, type ArticleSource } from '../db/schema/articles.ts';
import { t } from '../i18n/index.ts';
import type { Settings } from '../organisation/settings.ts';
import { contentHash, type Reviewer } from './import.ts';
import { flowSteps, OVERDOSE_FLOW_SLUG } from './pack.ts';

/** Telegram's limit for one text message (counted on the text after HTML parsing). */
export const TELEGRAM_MESSAGE_LIMIT = 4096;
/** Sources kept when the whole list does not fit. */
const SOURCES_WHEN_SHORT = 3;

export interface VerifiedArticle {
  slug: string;
  /** The language of this text. */
  locale: Locale;
  /** The language asked for; differs from `locale` when `fallback`. */
  requestedLocale: Locale;
  /** True when the requested language had no verified text and the other language's is returned. */
  fallback: boolean;
  title: string;
  body: string;
  needs: string[];
  keywords: string[];
  sources: ArticleSource[];
  version: number;
  verifiedBy: Reviewer;
  verifiedAt: Date;
}

const verifiedOnly = and(eq(articles.status, 'verified'), isNotNull(articles.verifiedAt), isNotNull(articles.verifiedByName), isNotNull(articles.verifiedByRole));

type Row = typeof articles.$inferSelect;

function toVerified(row: Row, requested: Locale): VerifiedArticle | undefined {
  if (row.status !== 'verified' || !row.verifiedAt || !row.verifiedByName || !row.verifiedByRole) return undefined;
  if (contentHash(row) !== row.contentHash) return undefined;
  const locale = row.locale as Locale;
  return {
    slug: row.slug,
    locale,
    requestedLocale: requested,
    fallback: locale !== requested,
    title: row.title,
    body: row.body,
    needs: row.needs,
    keywords: row.keywords,
    sources: row.sources,
    version: row.version,
    verifiedBy: { name: row.verifiedByName, role: row.verifiedByRole },
    verifiedAt: row.verifiedAt,
  };
}

const other = (l: Locale): Locale => (l === 'ru' ? 'en' : 'ru');

/**
 * The verified text of `slug` in `locale`; when that language has none, the other language's
 * verified text with `fallback: true`; otherwise undefined.
 */
export async function verifiedArticle(db: Db, slug: string, locale: Locale): Promise<VerifiedArticle | undefined> {
  const rows = await db.select().from(articles).where(and(eq(articles.slug, slug), verifiedOnly));
  for (const l of [locale, other(locale)]) {
    const row = rows.find((r) => r.locale === l);
    const v = row && toVerified(row, locale);
    if (v) return v;
  }
  return undefined;
}

/** Every verified article in `locale`, by slug. The overdose flow is not an article: see `overdoseStep`. */
export async function allVerified(db: Db, locale: Locale): Promise<VerifiedArticle[]> {
  const rows = await db
    .select()
    .from(articles)
    .where(and(eq(articles.locale, locale), verifiedOnly))
    .orderBy(asc(articles.slug));
  return rows.filter((r) => r.slug !== OVERDOSE_FLOW_SLUG).flatMap((r) => toVerified(r, locale) ?? []);
}

/** One step of the verified overdose flow, placeholders filled; undefined when there is none (or it is empty once filled). */
export async function overdoseStep(db: Db, stepId: string, locale: Locale, fill: Record<string, string>): Promise<string | undefined> {
  const flow = await verifiedArticle(db, OVERDOSE_FLOW_SLUG, locale);
  const text = flow && flowSteps(flow.body).get(stepId);
  if (!text) return undefined;
  return fillPlaceholders(text, fill) || undefined;
}

/** The placeholder values an organisation's settings provide; `extra` adds or overrides (e.g. `mobile_units_schedule`). */
export function fillFromSettings(settings: Settings, locale: Locale, extra: Record<string, string> = {}): Record<string, string> {
  const fill: Record<string, string> = {
    org_name: settings.name[locale],
    emergency_numbers: settings.emergencyNumbers.join(` ${t(locale, 'content-or')} `),
  };
  if (settings.doctorContact) fill.doctor_contact = settings.doctorContact[locale];
  return { ...fill, ...extra };
}

export interface RenderOptions {
  /** The time zone the verification date is shown in (the organisation's); UTC by default. */
  timeZone?: string;
}

/**
 * The Telegram HTML message for a verified article: the title in bold, the body with its
 * placeholders filled, the sources as links and who verified it when — in `locale` (the
 * reader's language). Within 4,096 characters: when too long, only the first three sources are
 * listed with "…and N more"; should it still not fit, the body is cut at a line.
 */
export function renderArticle(article: Pick<VerifiedArticle, 'locale' | 'title' | 'body' | 'sources' | 'verifiedBy' | 'verifiedAt'>, locale: Locale, fill: Record<string, string>, opts: RenderOptions = {}): string {
  const head = [article.locale !== locale ? `<i>${escapeHtml(t(locale, 'content-fallback-note'))}</i>` : '', `<b>${escapeHtml(article.title)}</b>`].filter(Boolean).join('\n\n');
  const body = fillPlaceholders(article.body, fill);
  const verified = `<i>${escapeHtml(
    t(locale, 'content-verified', { role: article.verifiedBy.role, name: article.verifiedBy.name, date: formatDate(article.verifiedAt, locale, opts.timeZone ?? 'UTC') }),
  )}</i>`;
  const sourceList = (shown: number) => {
    if (article.sources.length === 0) return '';
    const lines = article.sources.slice(0, shown).map((s, i) => `${i + 1}. <a href="${escapeAttribute(s.url)}">${escapeHtml(s.title)}</a>`);
    const more = article.sources.length - shown;
    if (more > 0) lines.push(escapeHtml(t(locale, 'content-sources-more', { count: more })));
    return [`<i>${escapeHtml(t(locale, 'content-sources'))}</i>`, ...lines].join('\n');
  };
  const compose = (bodyText: string, shown: number) => [head, bodyText, sourceList(shown), verified].filter(Boolean).join('\n\n');

  for (const shown of [article.sources.length, Math.min(SOURCES_WHEN_SHORT, article.sources.length), 0]) {
    const message = compose(body, shown);
    if (telegramLength(message) <= TELEGRAM_MESSAGE_LIMIT) return message;
  }
  // Still too long (a very long placeholder value): drop whole lines from the end of the body.
  const shown = Math.min(SOURCES_WHEN_SHORT, article.sources.length);
  const marker = `<i>${escapeHtml(t(locale, 'content-truncated'))}</i>`;
  const lines = body.split('\n');
  for (let n = lines.length - 1; n >= 0; n--) {
    const kept = lines.slice(0, n).join('\n').trimEnd();
    if (!tagsBalanced(kept)) continue;
    for (const s of [shown, 0]) {
      const message = compose(kept ? `${kept}\n${marker}` : marker, s);
      if (telegramLength(message) <= TELEGRAM_MESSAGE_LIMIT) return message;
    }
  }
  // Unreachable with a sane title; never send more than Telegram takes.
  return compose(marker, 0);
}

/** The length Telegram counts: the text after HTML parsing (tags removed, entities decoded), in UTF-16 units. */
export function telegramLength(html: string): number {
  return decodeEntities(html.replace(/<[^>]*>/g, '')).length;
}

const PLACEHOLDER = /\{([a-z][a-z0-9_]*)\}/g;
const LIST_MARKER = /^(\s*(?:•|\d+\.|-)\s+)/;

/**
 * Fills `{name}` placeholders with HTML-escaped values. A placeholder without a (non-blank) value
 * never goes out raw: the sentence holding it is dropped (or, when the sentence carries half of a
 * tag pair, just the placeholder), a line left with nothing to say is dropped, and a heading left
 * with nothing under it goes too.
 */
export function fillPlaceholders(text: string, fill: Record<string, string>): string {
  const value = (name: string): string | undefined => {
    const v = Object.hasOwn(fill, name) ? fill[name]?.trim() : undefined;
    return v ? escapeHtml(v) : undefined;
  };
  const missing = (s: string) => [...s.matchAll(PLACEHOLDER)].some((m) => value(m[1]!) === undefined);
  const replace = (s: string) => s.replace(PLACEHOLDER, (_, name: string) => value(name) ?? '');

  const out: string[] = [];
  const droppedAfter = new Set<number>(); // indexes in `out` followed by a dropped line
  for (const line of text.split('\n')) {
    if (!missing(line)) {
      out.push(replace(line));
      continue;
    }
    const marker = LIST_MARKER.exec(line)?.[1] ?? '';
    const sentences = line
      .slice(marker.length)
      .split(/(?<=[.!?…])\s+/)
      .flatMap((s) => {
        if (!missing(s)) return [s];
        if (tagsBalanced(s)) return [];
        return [tidy(s.replace(PLACEHOLDER, (whole, name: string) => (value(name) === undefined ? '' : whole)))];
      });
    const rest = replace(sentences.join(' ')).trim();
    if (/[\p{L}\p{N}]/u.test(rest.replace(/<[^>]*>/g, ''))) out.push(marker + rest);
    else droppedAfter.add(out.length - 1);
  }
  // A heading whose only content went with a dropped line goes too.
  const lines = out.filter((line, i) => {
    if (!droppedAfter.has(i) || !/^<b>[^<]*<\/b>$/.test(line.trim())) return true;
    const next = out[i + 1];
    return next !== undefined && next.trim() !== '';
  });
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

function tidy(s: string): string {
  return s
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/\(\s*\)/g, '')
    .replace(/\s+([,.:;!?)])/g, '$1')
    .replace(/[:,\-—–]\s*$/, '')
    .trim();
}

function tagsBalanced(html: string): boolean {
  const stack: string[] = [];
  for (const m of html.matchAll(/<(\/?)([a-z]+)[^>]*>/gi)) {
    const name = m[2]!.toLowerCase();
    if (!m[1]) stack.push(name);
    else if (stack.pop() !== name) return false;
  }
  return stack.length === 0;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(s: string): string {
  return escapeHtml(s).replace(/"/g, '&quot;');
}

function decodeEntities(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#\d+|#x[0-9a-f]+);/gi, (whole, e: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' };
    const n = named[e.toLowerCase()];
    if (n) return n;
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 12.03.2026 in Russian, 12 Mar 2026 in English, on the calendar of `timeZone`. */
export function formatDate(date: Date, locale: Locale, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(date);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const [y, m, d] = [part('year'), part('month'), part('day')];
  if (locale === 'ru') return `${String(d).padStart(2, '0')}.${String(m).padStart(2, '0')}.${y}`;
  return `${d} ${EN_MONTHS[m - 1] ?? m} ${y}`;
}
