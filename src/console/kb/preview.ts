/**
 * What the bot will send for a text, shown on a console page: rendered by the bot's own renderer,
 * then converted from Telegram's HTML subset to page HTML. An article body is written by staff
 * and shown to other staff, so the conversion lets through only the formatting Telegram knows and
 * escapes everything else: a `<script>` or an `onclick` in a body appears as text.
 */
import type { Locale } from '../../config.ts';
import { fillFromSettings, fillPlaceholders, renderArticle, telegramLength } from '../../content/articles.ts';
import { flowSteps, OVERDOSE_FLOW_SLUG } from '../../content/pack.ts';
import type { RevisionContent } from '../../content/revisions.ts';
import type { Settings } from '../../organisation/settings.ts';

/** Tags that survive as themselves; `a` only with an http(s) or tg link. */
const KEPT = new Set(['b', 'strong', 'i', 'em', 'u', 's', 'code', 'pre', 'blockquote', 'a']);
const TAG = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)(\s[^<>]*)?>/;
const ENTITY = /^&(?:amp|lt|gt|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});/;

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function decodeAttribute(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#\d{1,7}|#x[0-9a-f]{1,6});/gi, (_, e: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' };
    if (named[e.toLowerCase()]) return named[e.toLowerCase()]!;
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

/** The href of an `<a>` Telegram would make a link of, or undefined (then the tag is shown as text). */
function safeHref(attrs: string): string | undefined {
  const m = /^\s+href\s*=\s*"([^"]*)"\s*$/.exec(attrs) ?? /^\s+href\s*=\s*'([^']*)'\s*$/.exec(attrs);
  if (!m) return undefined;
  const href = decodeAttribute(m[1]!).trim();
  return /^(https?:\/\/|tg:\/\/)[^\s]+$/i.test(href) ? href : undefined;
}

/** Telegram HTML → HTML safe to put in a page; tags left open are closed at the end. */
export function telegramToPageHtml(html: string): string {
  let out = '';
  const open: string[] = [];
  for (let i = 0; i < html.length; i++) {
    const ch = html[i]!;
    if (ch === '<') {
      const m = TAG.exec(html.slice(i));
      const name = m?.[2]!.toLowerCase();
      if (m && name && KEPT.has(name)) {
        const attrs = m[3] ?? '';
        if (m[1]) {
          if (attrs.trim() === '' && open.at(-1) === name) {
            open.pop();
            out += `</${name}>`;
            i += m[0].length - 1;
            continue;
          }
        } else if (name === 'a') {
          const href = safeHref(attrs);
          if (href !== undefined) {
            open.push(name);
            out += `<a href="${escapeText(href)}" rel="noopener noreferrer nofollow">`;
            i += m[0].length - 1;
            continue;
          }
        } else if (attrs.trim() === '') {
          open.push(name);
          out += `<${name}>`;
          i += m[0].length - 1;
          continue;
        }
      }
      out += '&lt;';
    } else if (ch === '&') {
      const entity = ENTITY.exec(html.slice(i));
      if (entity) {
        out += entity[0];
        i += entity[0].length - 1;
      } else out += '&amp;';
    } else if (ch === '>') out += '&gt;';
    else if (ch === '"') out += '&quot;';
    else out += ch;
  }
  while (open.length > 0) out += `</${open.pop()}>`;
  return out;
}

export interface Bubble {
  /** The overdose flow's step this message is, when it is one. */
  step?: string;
  /** Telegram HTML, as the bot sends it. */
  html: string;
  /** The length Telegram counts. */
  length: number;
  /** The language it is written in (the article's), which may not be the console's. */
  locale?: Locale;
}

/**
 * The messages the bot would send for `content` of article `slug` in `locale`: the article as one
 * message with its sources and verification line, or the overdose flow as one message per step,
 * placeholders filled from the organisation's settings.
 */
export function previewBubbles(
  slug: string,
  locale: Locale,
  content: Pick<RevisionContent, 'title' | 'body' | 'sources'>,
  verified: { name: string; role: string; at: Date },
  settings: Settings,
): Bubble[] {
  const fill = fillFromSettings(settings, locale);
  if (slug === OVERDOSE_FLOW_SLUG) {
    return [...flowSteps(content.body)].map(([step, text]) => {
      const html = fillPlaceholders(text, fill);
      return { step, html, length: telegramLength(html), locale };
    });
  }
  // A draft's source line still without its link is not a source yet.
  const sources = content.sources.filter((s) => s.url !== '');
  const html = renderArticle({ locale, title: content.title, body: content.body, sources, verifiedBy: { name: verified.name, role: verified.role }, verifiedAt: verified.at }, locale, fill, {
    timeZone: settings.timeZone,
  });
  return [{ html, length: telegramLength(html), locale }];
}

export type DiffLine = { kind: 'same' | 'added' | 'removed'; text: string };

/** A line diff of two texts (longest common subsequence), for a reviewer to see what a version changes. */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  // Texts are at most a few hundred lines: the quadratic table is small.
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push({ kind: 'removed', text: a[i++]! });
    else out.push({ kind: 'added', text: b[j++]! });
  }
  while (i < a.length) out.push({ kind: 'removed', text: a[i++]! });
  while (j < b.length) out.push({ kind: 'added', text: b[j++]! });
  return out;
}

/** The changed lines with `context` unchanged ones around each change; `gap` where unchanged lines are left out. */
export function diffHunks(diff: DiffLine[], context = 1): Array<DiffLine | 'gap'> {
  const near = (i: number) => diff.slice(Math.max(0, i - context), i + context + 1).some((d) => d.kind !== 'same');
  const out: Array<DiffLine | 'gap'> = [];
  diff.forEach((d, i) => {
    if (d.kind !== 'same' || near(i)) out.push(d);
    else if (out.at(-1) !== 'gap') out.push('gap');
  });
  return out;
}
