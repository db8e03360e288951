import type { MessageEntity } from 'grammy/types';
import { E } from './errors.ts';

/**
 * Telegram's text formatting: parse_mode HTML / MarkdownV2 / Markdown turned into plain
 * text plus entities (offsets and lengths in UTF-16 code units, as in the Bot API), with
 * the same error wording for broken markup ("can't parse entities: ..."). Offsets in
 * error messages are UTF-8 byte offsets into the input, as Telegram reports them.
 */
export interface FormattedText {
  text: string;
  entities: MessageEntity[];
}

const byteOffset = (s: string, i: number): number => Buffer.byteLength(s.slice(0, i), 'utf8');

type OpenEntity = { type: string; start: number; at: number; tag: string; url?: string; language?: string; emoji?: string };

function toEntity(o: OpenEntity, end: number): MessageEntity | undefined {
  const length = end - o.start;
  if (length <= 0) return undefined;
  const base = { offset: o.start, length };
  switch (o.type) {
    case 'text_link':
      return o.url ? { ...base, type: 'text_link', url: o.url } : undefined;
    case 'pre':
      return o.language ? { ...base, type: 'pre', language: o.language } : { ...base, type: 'pre' };
    case 'custom_emoji':
      return { ...base, type: 'custom_emoji', custom_emoji_id: o.emoji ?? '' };
    default:
      return { ...base, type: o.type as 'bold' };
  }
}

const HTML_TAGS: Record<string, string> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  'tg-spoiler': 'spoiler',
  span: 'spoiler',
  a: 'text_link',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
  'tg-emoji': 'custom_emoji',
};

function decodeHtmlEntity(src: string, i: number): { ch: string; len: number } | undefined {
  const m = /^&(lt|gt|amp|quot|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));/.exec(src.slice(i, i + 12));
  if (!m) return undefined;
  const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };
  const name = m[1] ?? '';
  let ch = named[name];
  if (ch === undefined) {
    const code = m[2] !== undefined ? Number(m[2]) : parseInt(m[3] ?? '0', 16);
    if (code > 0x10ffff) return undefined;
    ch = String.fromCodePoint(code);
  }
  return { ch, len: m[0].length };
}

export function parseHtml(src: string): FormattedText {
  let text = '';
  const entities: MessageEntity[] = [];
  const stack: OpenEntity[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '&') {
      const d = decodeHtmlEntity(src, i);
      if (d) {
        text += d.ch;
        i += d.len;
      } else {
        text += '&';
        i++;
      }
      continue;
    }
    if (c !== '<') {
      text += c;
      i++;
      continue;
    }
    const close = src.indexOf('>', i);
    if (close < 0) throw E.cantParseEntities(`Unclosed start tag at byte offset ${byteOffset(src, i)}`);
    const inner = src.slice(i + 1, close);
    if (inner.startsWith('/')) {
      const name = inner.slice(1).trim().toLowerCase();
      const top = stack.pop();
      if (!top) throw E.cantParseEntities(`Unexpected end tag at byte offset ${byteOffset(src, i)}`);
      if (name !== top.tag) {
        throw E.cantParseEntities(
          `Unmatched end tag at byte offset ${byteOffset(src, i)}, expected "</${top.tag}>", found "</${name}>"`,
        );
      }
      const e = toEntity(top, text.length);
      // <pre><code class="language-x"> is one pre entity with a language, not two entities.
      if (e && !(top.type === 'code' && stack.at(-1)?.type === 'pre' && stack.at(-1)?.start === top.start)) entities.push(e);
      i = close + 1;
      continue;
    }
    const m = /^([a-zA-Z][a-zA-Z0-9-]*)\s*(.*)$/s.exec(inner);
    const tag = (m?.[1] ?? '').toLowerCase();
    const type = HTML_TAGS[tag];
    if (!m || !type) throw E.cantParseEntities(`Unsupported start tag "${tag || inner}" at byte offset ${byteOffset(src, i)}`);
    const attrs = parseAttributes(m[2] ?? '');
    if (tag === 'span' && attrs.class !== 'tg-spoiler') {
      throw E.cantParseEntities(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(src, i)}`);
    }
    const open: OpenEntity = { type, start: text.length, at: byteOffset(src, i), tag };
    if (tag === 'a') open.url = attrs.href;
    if (tag === 'tg-emoji') open.emoji = attrs['emoji-id'];
    if (tag === 'blockquote' && 'expandable' in attrs) open.type = 'expandable_blockquote';
    if (tag === 'code') {
      const parent = stack.at(-1);
      const lang = /^language-(.+)$/.exec(attrs.class ?? '')?.[1];
      if (parent?.type === 'pre' && parent.start === text.length && lang) parent.language = lang;
    }
    stack.push(open);
    i = close + 1;
  }
  const unclosed = stack.at(-1);
  if (unclosed) throw E.cantParseEntities(`Can't find end tag corresponding to start tag "${unclosed.tag}"`);
  return { text, entities: sortEntities(entities) };
}

function parseAttributes(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;
  for (const m of s.matchAll(re)) {
    const raw = m[2] ?? m[3] ?? m[4] ?? '';
    out[(m[1] ?? '').toLowerCase()] = raw.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  }
  return out;
}

const MDV2_NAMES: Record<string, string> = {
  bold: 'Bold',
  italic: 'Italic',
  underline: 'Underline',
  strikethrough: 'Strikethrough',
  spoiler: 'Spoiler',
  text_link: 'TextUrl',
  code: 'Code',
  pre: 'Pre',
  custom_emoji: 'CustomEmoji',
};

export function parseMarkdownV2(src: string): FormattedText {
  let text = '';
  const entities: MessageEntity[] = [];
  const stack: OpenEntity[] = [];
  let quote: { start: number; at: number } | undefined;
  let i = 0;
  const reserved = '_*[]()~`>#+-=|{}.!';
  const toggle = (type: string, token: string): void => {
    const top = stack.at(-1);
    if (top && top.type === type) {
      stack.pop();
      const e = toEntity(top, text.length);
      if (e) entities.push(e);
    } else if (stack.some((o) => o.type === type)) {
      const inner = stack.at(-1) as OpenEntity;
      throw E.cantParseEntities(`Can't find end of ${MDV2_NAMES[inner.type] ?? inner.type} entity at byte offset ${inner.at}`);
    } else {
      stack.push({ type, start: text.length, at: byteOffset(src, i), tag: token });
    }
    i += token.length;
  };
  const endQuote = (): void => {
    if (!quote) return;
    let end = text.length;
    if (text.endsWith('\n')) end--;
    const e = toEntity({ type: 'blockquote', start: quote.start, at: quote.at, tag: '>' }, end);
    if (e) entities.push(e);
    quote = undefined;
  };
  while (i < src.length) {
    const c = src[i] as string;
    const atLineStart = i === 0 || src[i - 1] === '\n';
    if (atLineStart && c !== '>') endQuote();
    if (c === '\\') {
      const next = src[i + 1];
      if (next !== undefined && next.charCodeAt(0) > 0 && next.charCodeAt(0) < 127 && !/[a-zA-Z0-9]/.test(next)) {
        text += next;
        i += 2;
      } else {
        throw E.cantParseEntities(`Character '\\' is reserved and must be escaped with the preceding '\\'`);
      }
      continue;
    }
    if (c === '`') {
      const isPre = src.startsWith('```', i);
      const token = isPre ? '```' : '`';
      const at = byteOffset(src, i);
      let j = i + token.length;
      let language: string | undefined;
      if (isPre) {
        const nl = src.indexOf('\n', j);
        const firstLine = nl >= 0 ? src.slice(j, nl) : '';
        if (nl >= 0 && /^[^\s`]+$/.test(firstLine)) {
          language = firstLine;
          j = nl + 1;
        } else if (src[j] === '\n') j++;
      }
      const start = text.length;
      let closed = false;
      while (j < src.length) {
        if (src[j] === '\\' && j + 1 < src.length && (src[j + 1] === '`' || src[j + 1] === '\\')) {
          text += src[j + 1];
          j += 2;
          continue;
        }
        if (src.startsWith(token, j)) {
          closed = true;
          break;
        }
        text += src[j];
        j++;
      }
      if (!closed) throw E.cantParseEntities(`Can't find end of ${isPre ? 'Pre' : 'Code'} entity at byte offset ${at}`);
      const e = toEntity({ type: isPre ? 'pre' : 'code', start, at, tag: token, language }, text.length);
      if (e) entities.push(e);
      i = j + token.length;
      continue;
    }
    if (c === '*') {
      toggle('bold', '*');
      continue;
    }
    if (c === '~') {
      toggle('strikethrough', '~');
      continue;
    }
    if (c === '_') {
      if (src[i + 1] === '_' && !(stack.at(-1)?.type === 'italic' && src[i + 2] !== '_' && !stack.some((o) => o.type === 'underline'))) {
        toggle('underline', '__');
      } else toggle('italic', '_');
      continue;
    }
    if (c === '|' && src[i + 1] === '|') {
      toggle('spoiler', '||');
      continue;
    }
    if (c === '[' || (c === '!' && src[i + 1] === '[')) {
      const token = c === '!' ? '![' : '[';
      stack.push({ type: c === '!' ? 'custom_emoji' : 'text_link', start: text.length, at: byteOffset(src, i), tag: token });
      i += token.length;
      continue;
    }
    if (c === ']') {
      const top = stack.at(-1);
      if (!top || (top.type !== 'text_link' && top.type !== 'custom_emoji')) {
        throw E.cantParseEntities(`Character ']' is reserved and must be escaped with the preceding '\\'`);
      }
      stack.pop();
      let url = '';
      if (src[i + 1] === '(') {
        let j = i + 2;
        while (j < src.length && src[j] !== ')') {
          if (src[j] === '\\' && j + 1 < src.length) j++;
          url += src[j];
          j++;
        }
        if (j >= src.length) throw E.cantParseEntities(`Can't find end of a URL at byte offset ${byteOffset(src, i + 1)}`);
        i = j + 1;
      } else i++;
      if (top.type === 'custom_emoji') {
        const id = /^tg:\/\/emoji\?id=(\d+)$/.exec(url)?.[1];
        if (!id) throw E.cantParseEntities(`Custom emoji entity must contain a tg://emoji URL`);
        const e = toEntity({ ...top, emoji: id }, text.length);
        if (e) entities.push(e);
      } else if (url) {
        const e = toEntity({ ...top, url }, text.length);
        if (e) entities.push(e);
      }
      continue;
    }
    if (c === '>' && atLineStart) {
      if (!quote) quote = { start: text.length, at: byteOffset(src, i) };
      i++;
      continue;
    }
    if (reserved.includes(c)) {
      throw E.cantParseEntities(`Character '${c}' is reserved and must be escaped with the preceding '\\'`);
    }
    text += c;
    i++;
  }
  const open = stack.at(-1);
  if (open) throw E.cantParseEntities(`Can't find end of ${MDV2_NAMES[open.type] ?? open.type} entity at byte offset ${open.at}`);
  endQuote();
  return { text, entities: sortEntities(entities) };
}

/** Legacy Markdown: *bold*, _italic_, `code`, ```pre```, [text](url); no nesting. */
export function parseMarkdown(src: string): FormattedText {
  let text = '';
  const entities: MessageEntity[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (c === '\\' && i + 1 < src.length && '_*`['.includes(src[i + 1] as string)) {
      text += src[i + 1];
      i += 2;
      continue;
    }
    const token = c === '`' && src.startsWith('```', i) ? '```' : c;
    const type = { '*': 'bold', _: 'italic', '`': 'code', '```': 'pre', '[': 'text_link' }[token];
    if (!type) {
      text += c;
      i++;
      continue;
    }
    const at = byteOffset(src, i);
    const closeToken = token === '[' ? ']' : token;
    const end = src.indexOf(closeToken, i + token.length);
    if (end < 0) throw E.cantParseEntities(`Can't find end of the entity starting at byte offset ${at}`);
    let inner = src.slice(i + token.length, end);
    let language: string | undefined;
    if (type === 'pre') {
      const nl = inner.indexOf('\n');
      if (nl > 0 && /^[^\s]+$/.test(inner.slice(0, nl))) {
        language = inner.slice(0, nl);
        inner = inner.slice(nl + 1);
      }
    }
    const start = text.length;
    text += inner;
    i = end + closeToken.length;
    if (type === 'text_link') {
      const m = /^\(([^)]*)\)/.exec(src.slice(i));
      if (!m) throw E.cantParseEntities(`Can't find end of the entity starting at byte offset ${at}`);
      i += m[0].length;
      const e = toEntity({ type, start, at, tag: '[', url: m[1] }, text.length);
      if (e) entities.push(e);
      continue;
    }
    const e = toEntity({ type, start, at, tag: token, language }, text.length);
    if (e) entities.push(e);
  }
  return { text, entities: sortEntities(entities) };
}

function sortEntities(list: MessageEntity[]): MessageEntity[] {
  return list.sort((a, b) => a.offset - b.offset || b.length - a.length);
}

/**
 * Entities Telegram adds by itself to plain text: commands, mentions, hashtags, URLs and
 * e-mail addresses. grammY's `bot.command()` relies on the `bot_command` entity.
 */
export function detectEntities(text: string): MessageEntity[] {
  const out: MessageEntity[] = [];
  const taken: Array<[number, number]> = [];
  const add = (type: 'bot_command' | 'mention' | 'hashtag' | 'url' | 'email', offset: number, length: number): void => {
    if (taken.some(([s, e]) => offset < e && offset + length > s)) return;
    taken.push([offset, offset + length]);
    out.push({ type, offset, length });
  };
  const scan = (re: RegExp, type: 'bot_command' | 'mention' | 'hashtag' | 'url' | 'email', group = 0): void => {
    for (const m of text.matchAll(re)) {
      const lead = m[0].length - (m[group] ?? '').length;
      add(type, (m.index ?? 0) + lead, (m[group] ?? '').length);
    }
  };
  scan(/\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]]/gi, 'url');
  scan(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, 'email');
  scan(/(?:^|[\s(])(\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?)(?![A-Za-z0-9_/])/g, 'bot_command', 1);
  scan(/(?:^|[^A-Za-z0-9_@])(@[A-Za-z0-9_]{4,32})(?![A-Za-z0-9_])/g, 'mention', 1);
  scan(/(?:^|[^A-Za-z0-9_&#])(#[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)/gu, 'hashtag', 1);
  return sortEntities(out);
}

/**
 * Applies parse_mode / explicit entities to a text or caption, then trims surrounding
 * whitespace as Telegram does, shifting entities so they keep pointing at the same text.
 */
export function formatText(
  raw: string,
  parseMode: string | undefined,
  explicit: MessageEntity[] | undefined,
): FormattedText {
  let parsed: FormattedText;
  if (explicit && explicit.length > 0) parsed = { text: raw, entities: explicit };
  else if (!parseMode) parsed = { text: raw, entities: [] };
  else {
    const mode = parseMode.toLowerCase();
    if (mode === 'html') parsed = parseHtml(raw);
    else if (mode === 'markdownv2') parsed = parseMarkdownV2(raw);
    else if (mode === 'markdown') parsed = parseMarkdown(raw);
    else throw E.unsupportedParseMode(parseMode);
  }
  return trimFormatted(withDetected(parsed));
}

function withDetected(f: FormattedText): FormattedText {
  const detected = detectEntities(f.text).filter(
    (d) => !f.entities.some((e) => (e.type === 'code' || e.type === 'pre' || e.type === 'text_link') && d.offset < e.offset + e.length && d.offset + d.length > e.offset),
  );
  return detected.length ? { text: f.text, entities: sortEntities([...f.entities, ...detected]) } : f;
}

export function trimFormatted(f: FormattedText): FormattedText {
  const lead = f.text.length - f.text.trimStart().length;
  const text = f.text.trim();
  const entities: MessageEntity[] = [];
  for (const e of f.entities) {
    const start = Math.max(0, e.offset - lead);
    const end = Math.min(text.length, e.offset + e.length - lead);
    if (end > start) entities.push({ ...e, offset: start, length: end - start });
  }
  return { text, entities };
}
