/**
 * Whether a text parses as Telegram's HTML (parse_mode HTML) and fits in one message: the check
 * the settings are put through before a value of theirs can reach a client in an emergency.
 * Stricter than Telegram where that costs nothing: a named entity other than the four Telegram
 * knows is refused (it means something was not escaped).
 */

/** Telegram's limit for one text message, counted on the text after entities parsing. */
export const TELEGRAM_TEXT_LIMIT = 4096;

/** The tags of Telegram's HTML: https://core.telegram.org/bots/api#html-style */
const TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a', 'tg-emoji', 'code', 'pre', 'blockquote']);
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

export type HtmlCheck = { ok: true; text: string; length: number } | { ok: false; error: string };

export function checkTelegramHtml(html: string): HtmlCheck {
  let text = '';
  const open: string[] = [];
  let i = 0;
  while (i < html.length) {
    const c = html[i]!;
    if (c === '&') {
      const m = /^&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]*);/i.exec(html.slice(i, i + 12));
      if (m) {
        const name = m[1]!;
        if (name.startsWith('#')) {
          const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
          if (!(code > 0 && code <= 0x10ffff)) return { ok: false, error: `invalid character reference "${m[0]}"` };
          text += String.fromCodePoint(code);
        } else {
          const ch = NAMED[name.toLowerCase()];
          if (ch === undefined) return { ok: false, error: `unsupported entity "${m[0]}"` };
          text += ch;
        }
        i += m[0].length;
        continue;
      }
      text += '&';
      i++;
      continue;
    }
    if (c !== '<') {
      text += c;
      i++;
      continue;
    }
    const close = html.indexOf('>', i);
    if (close < 0) return { ok: false, error: 'unclosed start tag' };
    const inner = html.slice(i + 1, close);
    if (inner.startsWith('/')) {
      const name = inner.slice(1).trim().toLowerCase();
      const top = open.pop();
      if (top !== name) return { ok: false, error: top ? `unmatched end tag "</${name}>", expected "</${top}>"` : `unexpected end tag "</${name}>"` };
    } else {
      const m = /^([a-z][a-z0-9-]*)(\s[^]*)?$/i.exec(inner);
      const name = m?.[1]?.toLowerCase() ?? '';
      if (!m || !TAGS.has(name)) return { ok: false, error: `unsupported start tag "${name || inner.slice(0, 20)}"` };
      if (name === 'span' && !/class\s*=\s*["']?tg-spoiler/.test(m[2] ?? '')) return { ok: false, error: 'a "span" needs class "tg-spoiler"' };
      open.push(name);
    }
    i = close + 1;
  }
  if (open.length > 0) return { ok: false, error: `no end tag for "<${open.at(-1)}>"` };
  return { ok: true, text, length: text.trim().length };
}

/** A problem with a message that is to be sent with parse_mode HTML (or as plain text), or undefined. */
export function telegramTextProblem(message: string, parseMode: 'HTML' | 'plain'): { kind: 'html'; error: string } | { kind: 'too-long'; length: number } | { kind: 'empty' } | undefined {
  if (parseMode === 'HTML') {
    const parsed = checkTelegramHtml(message);
    if (!parsed.ok) return { kind: 'html', error: parsed.error };
    if (parsed.length === 0) return { kind: 'empty' };
    if (parsed.length > TELEGRAM_TEXT_LIMIT) return { kind: 'too-long', length: parsed.length };
    return undefined;
  }
  const length = message.trim().length;
  if (length === 0) return { kind: 'empty' };
  return length > TELEGRAM_TEXT_LIMIT ? { kind: 'too-long', length } : undefined;
}
