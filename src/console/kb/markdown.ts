/**
 * What writers type in the knowledge-base editor ↔ the Telegram HTML the bot sends (and the
 * database stores, and a specialist verifies). Pure functions, no DOM.
 *
 * The syntax is a small Markdown, line by line, because a Telegram message is lines: a line break
 * stays a line break and a blank line is a blank line between paragraphs.
 *
 *   **bold**   _italic_   `code`   [text](https://…)   (links: http://, https://, tg:// only)
 *   - item  or  * item     a list line, sent as "• item"
 *   > line                 quoted; consecutive quoted lines are one quote
 *   \*  \_  \`  \[  \\ …   the character itself
 *
 * Everything else is text, escaped for Telegram: "Tom & Jerry", "<3" and "a > b" just work. A web
 * address typed bare is left alone (Telegram makes it a link), underscores inside it included.
 * Nesting follows Telegram: bold and italic hold each other and links, a link's text holds bold
 * and italic, code holds nothing and sits inside nothing (Telegram refuses formatting in code),
 * quotes do not nest. A marker without its pair (a lone `**`, `_`, `` ` ``) is text.
 *
 * Back: `telegramToMarkdown` writes stored HTML in this syntax when converting that back gives
 * the same message (the pack's texts and everything this editor wrote do); otherwise it returns
 * undefined and the editor keeps the text as Telegram HTML (tags spanning lines, a mailto: link,
 * italics inside a word: rare, and nothing is changed behind the writer's back).
 */
import { telegramLength } from '../../content/articles.ts';

export type MarkdownProblemCode = 'link-scheme' | 'too-long';

export interface MarkdownProblem {
  /** 1-based line of the Markdown. */
  line: number;
  code: MarkdownProblemCode;
  args: Record<string, string | number>;
}

/** Characters a backslash makes literal. */
const ESCAPABLE = new Set(['\\', '*', '_', '`', '[', ']', '(', ')', '>', '-', '+']);
const LINK = /^(https?|tg):\/\/\S+$/i;
const BARE_URL = /^(?:https?|tg):\/\/\S+/i;
const BULLET_MD = /^(\s*)[-*] /;
const BULLET_HTML = /^(\s*)• /;
const QUOTE = /^>(?: (.*))?$/;

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (s: string) => escapeText(s).replace(/"/g, '&quot;');
const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);
const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

interface Allowed {
  bold: boolean;
  italic: boolean;
  link: boolean;
  code: boolean;
}
const ALL: Allowed = { bold: true, italic: true, link: true, code: true };

/**
 * Markdown → Telegram HTML. `problems` lists links Telegram would not open as links (they stay
 * text) and, with `maxLength`, a text longer than that in the characters Telegram counts.
 */
export function markdownToTelegram(markdown: string, opts: { maxLength?: number } = {}): { html: string; problems: MarkdownProblem[] } {
  const problems: MarkdownProblem[] = [];
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let quote: string[] | undefined;
  const flushQuote = () => {
    if (quote) out.push(`<blockquote>${quote.join('\n')}</blockquote>`);
    quote = undefined;
  };
  lines.forEach((line, i) => {
    const badLink = (href: string) => problems.push({ line: i + 1, code: 'link-scheme', args: { href } });
    const q = QUOTE.exec(line);
    if (q) {
      (quote ??= []).push(convertLine(q[1] ?? '', badLink));
      return;
    }
    flushQuote();
    out.push(convertLine(line, badLink));
  });
  flushQuote();
  const html = out.join('\n');
  if (opts.maxLength !== undefined) {
    const length = telegramLength(html);
    if (length > opts.maxLength) problems.push({ line: 1, code: 'too-long', args: { length, max: opts.maxLength } });
  }
  return { html, problems };
}

function convertLine(line: string, badLink: (href: string) => void): string {
  const bullet = BULLET_MD.exec(line);
  if (bullet) return `${bullet[1]}• ${inline(line.slice(bullet[0].length), ALL, badLink)}`;
  return inline(line, ALL, badLink);
}

/** Where the `**` closing one opened before `from` is, or -1. */
function closingStars(s: string, from: number): number {
  for (let j = from; j < s.length - 1; j++) {
    if (s[j] === '\\') {
      j++;
      continue;
    }
    if (s[j] === '*' && s[j + 1] === '*' && j > from && !isSpace(s[j - 1])) return j;
  }
  return -1;
}

/** Where the `_` closing one opened before `from` is, or -1. */
function closingUnderscore(s: string, from: number): number {
  for (let j = from; j < s.length; j++) {
    if (s[j] === '\\') {
      j++;
      continue;
    }
    if (s[j] === '_' && j > from && !isSpace(s[j - 1]) && !isWordChar(s[j + 1])) return j;
  }
  return -1;
}

/** A `[text](url)` starting at `i`: its end, text and address; undefined when it is not one. */
function linkAt(s: string, i: number): { end: number; text: string; url: string } | undefined {
  let j = i + 1;
  let depth = 0;
  for (; j < s.length; j++) {
    if (s[j] === '\\') j++;
    else if (s[j] === '[') depth++;
    else if (s[j] === ']') {
      if (depth === 0) break;
      depth--;
    }
  }
  if (j >= s.length || s[j + 1] !== '(') return undefined;
  const text = s.slice(i + 1, j);
  if (text.trim() === '') return undefined;
  let k = j + 2;
  let parens = 0;
  for (; k < s.length; k++) {
    const c = s[k]!;
    if (/\s/.test(c)) return undefined;
    if (c === '(') parens++;
    else if (c === ')') {
      if (parens === 0) break;
      parens--;
    }
  }
  if (k >= s.length || k === j + 2) return undefined;
  return { end: k + 1, text, url: s.slice(j + 2, k) };
}

function inline(s: string, allow: Allowed, badLink: (href: string) => void): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length && ESCAPABLE.has(s[i + 1]!)) {
      out += escapeText(s[i + 1]!);
      i += 2;
      continue;
    }
    if ((c === 'h' || c === 't' || c === 'H' || c === 'T') && !isWordChar(s[i - 1])) {
      const url = BARE_URL.exec(s.slice(i));
      if (url) {
        out += escapeText(url[0]);
        i += url[0].length;
        continue;
      }
    }
    if (c === '`' && allow.code) {
      const end = s.indexOf('`', i + 1);
      if (end > i + 1) {
        out += `<code>${escapeText(s.slice(i + 1, end))}</code>`;
        i = end + 1;
        continue;
      }
    }
    if (c === '*' && s[i + 1] === '*' && allow.bold && !isSpace(s[i + 2])) {
      const end = closingStars(s, i + 2);
      if (end > 0) {
        out += `<b>${inline(s.slice(i + 2, end), { ...allow, bold: false, code: false }, badLink)}</b>`;
        i = end + 2;
        continue;
      }
    }
    if (c === '_' && allow.italic && !isWordChar(s[i - 1]) && !isSpace(s[i + 1])) {
      const end = closingUnderscore(s, i + 1);
      if (end > 0) {
        out += `<i>${inline(s.slice(i + 1, end), { ...allow, italic: false, code: false }, badLink)}</i>`;
        i = end + 1;
        continue;
      }
    }
    if (c === '[' && allow.link) {
      const link = linkAt(s, i);
      if (link) {
        const scheme = /^[a-z]+:/i.exec(link.url)?.[0] ?? '';
        const url = scheme.toLowerCase() + link.url.slice(scheme.length);
        if (LINK.test(url)) out += `<a href="${escapeAttribute(url)}">${inline(link.text, { ...allow, link: false, code: false }, badLink)}</a>`;
        else {
          badLink(link.url);
          out += escapeText(s.slice(i, link.end));
        }
        i = link.end;
        continue;
      }
    }
    out += escapeText(c);
    i++;
  }
  return out;
}

// ---- Back: Telegram HTML → Markdown ----------------------------------------------------------------

type Token = { kind: 'text'; text: string } | { kind: 'open'; tag: Tag; href?: string } | { kind: 'close'; tag: Tag };
type Tag = 'b' | 'i' | 'a' | 'code' | 'blockquote';
const TAGS: Record<string, Tag> = { b: 'b', strong: 'b', i: 'i', em: 'i', a: 'a', code: 'code', blockquote: 'blockquote' };
const ENTITY = /^&(amp|lt|gt|quot|#\d{1,7}|#x[0-9a-f]{1,6});/i;

function decodeEntity(e: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' };
  const n = named[e.toLowerCase()];
  if (n) return n;
  const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
}

/** Telegram HTML as tokens (entities decoded); undefined for a tag this syntax has no way to write. */
function tokens(html: string): Token[] | undefined {
  const out: Token[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ kind: 'text', text });
    text = '';
  };
  for (let i = 0; i < html.length; i++) {
    const c = html[i]!;
    if (c === '<') {
      const m = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s[^<>]*)?)>/.exec(html.slice(i));
      const tag = m && TAGS[m[2]!.toLowerCase()];
      if (!m || !tag) return undefined;
      flush();
      if (m[1]) {
        if (m[3]!.trim() !== '') return undefined;
        out.push({ kind: 'close', tag });
      } else if (tag === 'a') {
        const href = /^\s+href\s*=\s*"([^"]*)"\s*$/.exec(m[3]!);
        if (!href) return undefined;
        out.push({ kind: 'open', tag, href: href[1]!.replace(/&(amp|lt|gt|quot|#\d{1,7}|#x[0-9a-f]{1,6});/gi, (_, e: string) => decodeEntity(e)) });
      } else {
        if (m[3]!.trim() !== '') return undefined;
        out.push({ kind: 'open', tag });
      }
      i += m[0].length - 1;
    } else if (c === '&') {
      const e = ENTITY.exec(html.slice(i));
      if (e) {
        text += decodeEntity(e[1]!);
        i += e[0].length - 1;
      } else text += '&';
    } else text += c;
  }
  flush();
  return out;
}

/** The tokens as Telegram HTML written the one way `markdownToTelegram` writes it. */
function canonical(ts: Token[]): string {
  return ts.map((t) => (t.kind === 'text' ? escapeText(t.text) : t.kind === 'close' ? `</${t.tag}>` : t.tag === 'a' ? `<a href="${escapeAttribute(t.href!)}">` : `<${t.tag}>`)).join('');
}

/**
 * Text as Markdown: `full` escapes every marker character (outside bare web addresses); otherwise
 * only a backslash that would escape what follows.
 */
function escapeRun(text: string, full: boolean): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const url = !isWordChar(text[i - 1]) ? BARE_URL.exec(text.slice(i)) : null;
    if (url) {
      out += url[0];
      i += url[0].length;
      continue;
    }
    const c = text[i]!;
    if (c === '\\' ? ESCAPABLE.has(text[i + 1] ?? '') || full : full && '*_`[]'.includes(c)) out += `\\${c}`;
    else out += c;
    i++;
  }
  return out;
}

/** One attempt at writing the tokens as Markdown; undefined where the syntax cannot say it. */
function toMarkdown(ts: Token[], full: boolean): string | undefined {
  const lines: string[] = [''];
  const quoted: boolean[] = [false];
  const open: Tag[] = [];
  let inQuote = false;
  /** A quote just ended: what follows must start a new line. */
  let quoteEnded = false;
  let href = '';
  const inCode = () => open.at(-1) === 'code';
  const write = (s: string) => (lines[lines.length - 1] += s);
  for (const t of ts) {
    if (quoteEnded && !(t.kind === 'text' && t.text.startsWith('\n'))) return undefined;
    quoteEnded = false;
    if (t.kind === 'text') {
      const parts = t.text.split('\n');
      for (let p = 0; p < parts.length; p++) {
        if (p > 0) {
          if (open.length > 0) return undefined; // formatting across a line break
          lines.push('');
          quoted.push(inQuote);
        }
        if (inCode()) {
          if (parts[p]!.includes('`')) return undefined;
          write(parts[p]!);
        } else write(escapeRun(parts[p]!, full));
      }
      continue;
    }
    if (t.tag === 'blockquote') {
      if (open.length > 0) return undefined;
      if (t.kind === 'open') {
        if (inQuote || lines.at(-1) !== '') return undefined;
        inQuote = true;
        quoted[quoted.length - 1] = true;
      } else {
        if (!inQuote) return undefined;
        inQuote = false;
        quoteEnded = true;
      }
      continue;
    }
    if (t.kind === 'open') {
      if (open.includes(t.tag) || inCode() || (t.tag === 'code' && open.length > 0)) return undefined;
      open.push(t.tag);
      if (t.tag === 'a') {
        href = t.href!;
        if (href === '' || /\s/.test(href)) return undefined;
      }
      write({ b: '**', i: '_', a: '[', code: '`' }[t.tag]);
    } else {
      if (open.pop() !== t.tag) return undefined;
      write(t.tag === 'a' ? `](${href})` : { b: '**', i: '_', code: '`' }[t.tag]);
    }
  }
  if (open.length > 0 || inQuote) return undefined;
  return lines.map((line, n) => (quoted[n] ? (line === '' ? '>' : `> ${lineStart(line)}`) : lineStart(line))).join('\n');
}

/** A line's start as Markdown: "• " is a list line; a literal list or quote marker is escaped. */
function lineStart(line: string): string {
  const bullet = BULLET_HTML.exec(line);
  if (bullet) return `${bullet[1]}- ${line.slice(bullet[0].length)}`;
  const marker = BULLET_MD.exec(line);
  if (marker) return `${marker[1]}\\${line.slice(marker[1]!.length)}`;
  if (QUOTE.test(line)) return `\\${line}`;
  return line;
}

/**
 * Stored Telegram HTML as Markdown for the editor, when the Markdown converts back to the same
 * message (tag for tag, character for character); otherwise undefined. Markers that were text are
 * escaped only when they would otherwise be read as formatting.
 */
export function telegramToMarkdown(html: string): string | undefined {
  const ts = tokens(html.replace(/\r\n?/g, '\n'));
  if (!ts) return undefined;
  const target = canonical(ts);
  for (const full of [false, true]) {
    const md = toMarkdown(ts, full);
    if (md === undefined) continue;
    // A link Telegram would not open stays text both ways, and is pointed out again when saved.
    if (markdownToTelegram(md).html === target) return md;
  }
  return undefined;
}
