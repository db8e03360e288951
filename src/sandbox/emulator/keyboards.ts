import type { InlineKeyboardMarkup, ReplyKeyboardMarkup } from 'grammy/types';
import { ApiError, E, badRequest } from '../../bot-api/errors.ts';

/**
 * reply_markup as Telegram reads it, in three layers, each with its own behaviour:
 *
 * - the Bot API server parses the JSON (tdlib/telegram-bot-api, Client::get_reply_markup):
 *   a button that is not an object, has no text or (inline) no action is an error naming it;
 *   a markup object with none of the known fields is no markup at all;
 * - TDLib (td/telegram/ReplyMarkup.cpp) then silently drops buttons with empty text and keeps
 *   at most 12 buttons per row and 300 in all; a keyboard left with no button is no markup;
 *   request_contact/location/poll buttons exist only in private chats; edits take only
 *   inline keyboards ("Inline keyboard expected");
 * - the Telegram server refuses callback_data over 64 bytes (BUTTON_DATA_INVALID) and a
 *   markup that is too big (REPLY_MARKUP_TOO_LONG, "reply markup is too long"): more than
 *   100 inline buttons, or more than about 10 KB of markup (the limits tginfo/Telegram-Limits
 *   lists; the size is measured here on the JSON, an approximation of Telegram's own).
 *
 * Inline keyboards with more than 8 buttons in a row are accepted, but Telegram apps show
 * only 8 in a row: the emulator's users cannot press the others (see `visibleInlineButton`).
 */

export const MAX_CALLBACK_DATA_BYTES = 64;
export const MAX_INLINE_BUTTONS = 100;
export const MAX_MARKUP_BYTES = 10 * 1024;
export const TDLIB_MAX_ROW = 12;
export const TDLIB_MAX_BUTTONS = 300;
/** Telegram apps lay out at most this many inline buttons in a row. */
export const SHOWN_PER_INLINE_ROW = 8;

export type ParsedMarkup =
  | { kind: 'none' }
  | { kind: 'inline'; markup: InlineKeyboardMarkup }
  | { kind: 'keyboard'; markup: ReplyKeyboardMarkup }
  | { kind: 'remove' }
  | { kind: 'force_reply' };

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The Bot API server's errors come back lower-cased after "Bad Request: ". */
const parseError = (what: string): ApiError => badRequest(what.charAt(0).toLowerCase() + what.slice(1));

function stringField(obj: Json, name: string, required: boolean): string | undefined {
  const v = obj[name];
  if (v === undefined || v === null) {
    if (required) throw new FieldError(`Can't find field "${name}"`);
    return undefined;
  }
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  throw new FieldError(`Field "${name}" must be of type String`);
}

class FieldError extends Error {}

const INLINE_ACTIONS = ['url', 'callback_data', 'callback_game', 'pay', 'switch_inline_query', 'switch_inline_query_chosen_chat', 'switch_inline_query_current_chat', 'login_url', 'web_app', 'copy_text'] as const;

function inlineButton(b: unknown): Json {
  if (!isObject(b)) throw new FieldError('InlineKeyboardButton must be an Object');
  const text = stringField(b, 'text', true) as string;
  const out: Json = { ...b, text };
  const url = stringField(b, 'url', false);
  const data = stringField(b, 'callback_data', false);
  if (url) return out;
  if (data) {
    out.callback_data = data;
    return out;
  }
  // An empty url or callback_data counts as absent; some other action must be there.
  if (INLINE_ACTIONS.some((k) => k !== 'url' && k !== 'callback_data' && b[k] !== undefined)) return out;
  throw new FieldError('Text buttons are unallowed in the inline keyboard');
}

function keyboardButton(b: unknown): Json {
  if (typeof b === 'string') return { text: b };
  if (!isObject(b)) throw new FieldError('KeyboardButton must be a String or an Object');
  return { ...b, text: stringField(b, 'text', true) as string };
}

function rowsOf(obj: Json, field: 'keyboard' | 'inline_keyboard'): unknown[][] | undefined {
  const v = obj[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw parseError(`Field "${field}" must be of type Array`);
  if (v.some((r) => !Array.isArray(r))) {
    throw parseError(field === 'keyboard' ? 'Field "keyboard" must be an Array of Arrays' : 'Field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
  }
  return v as unknown[][];
}

function parseRows(rows: unknown[][], parse: (b: unknown) => Json, prefix: string): Json[][] {
  return rows.map((row) =>
    row.map((b) => {
      try {
        return parse(b);
      } catch (err) {
        if (err instanceof FieldError) throw parseError(`${prefix}: ${err.message}`);
        throw err;
      }
    }),
  );
}

/** TDLib: buttons with empty text are skipped, at most 12 per row and 300 in all are kept. */
function trim(rows: Json[][]): Json[][] {
  const out: Json[][] = [];
  let total = 0;
  for (const row of rows) {
    const kept: Json[] = [];
    for (const b of row) {
      if (b.text === '' && (b.icon_custom_emoji_id === undefined || b.icon_custom_emoji_id === '' || b.icon_custom_emoji_id === 0)) continue;
      kept.push(b);
      total++;
      if (kept.length >= TDLIB_MAX_ROW || total >= TDLIB_MAX_BUTTONS) break;
    }
    if (kept.length) out.push(kept);
    if (total >= TDLIB_MAX_BUTTONS) break;
  }
  return out;
}

function tooLong(markup: unknown): boolean {
  return Buffer.byteLength(JSON.stringify(markup)) > MAX_MARKUP_BYTES;
}

/**
 * Parses and checks reply_markup as Telegram does. `inPrivate`: request buttons are allowed;
 * `inlineOnly`: an edit, which takes only an inline keyboard.
 */
export function parseReplyMarkup(value: unknown, opts: { inPrivate: boolean; inlineOnly?: boolean }): ParsedMarkup {
  if (value === undefined || value === null) return { kind: 'none' };
  if (!isObject(value)) throw parseError('Object expected as reply markup');
  const keyboardRows = rowsOf(value, 'keyboard');
  const keyboard = keyboardRows ? parseRows(keyboardRows, keyboardButton, "Can't parse keyboard button") : [];
  const inlineRows = rowsOf(value, 'inline_keyboard');
  const inline = inlineRows ? parseRows(inlineRows, inlineButton, "Can't parse inline keyboard button") : [];

  let parsed: ParsedMarkup;
  if (keyboard.length > 0) {
    const rows = trim(keyboard);
    parsed = rows.length ? { kind: 'keyboard', markup: { ...value, keyboard: rows } as unknown as ReplyKeyboardMarkup } : { kind: 'none' };
    if (parsed.kind === 'keyboard') delete (parsed.markup as unknown as Json).inline_keyboard;
  } else if (inline.length > 0) {
    const rows = trim(inline);
    parsed = rows.length ? { kind: 'inline', markup: { inline_keyboard: rows } as unknown as InlineKeyboardMarkup } : { kind: 'none' };
  } else if (value.remove_keyboard === true || value.hide_keyboard === true) {
    parsed = { kind: 'remove' };
  } else if (value.force_reply === true || value.force_reply_keyboard === true) {
    parsed = { kind: 'force_reply' };
  } else {
    parsed = { kind: 'none' };
  }

  if (opts.inlineOnly && parsed.kind !== 'none' && parsed.kind !== 'inline') throw badRequest('inline keyboard expected');
  if (parsed.kind === 'keyboard' && !opts.inPrivate) {
    for (const b of parsed.markup.keyboard.flat() as unknown as Json[]) {
      if (b.request_contact === true) throw badRequest('phone number can be requested in private chats only');
      if (b.request_location === true) throw badRequest('location can be requested in private chats only');
      if (b.request_poll !== undefined) throw badRequest('poll can be requested in private chats only');
    }
  }
  if (parsed.kind === 'inline') {
    const buttons = parsed.markup.inline_keyboard.flat() as unknown as Json[];
    for (const b of buttons) {
      if (typeof b.callback_data === 'string' && Buffer.byteLength(b.callback_data) > MAX_CALLBACK_DATA_BYTES) throw E.buttonDataInvalid();
      if (typeof b.url === 'string' && b.url !== '' && !/^(https?|tg):\/\//i.test(b.url)) throw E.buttonUrlInvalid();
    }
    if (buttons.length > MAX_INLINE_BUTTONS || tooLong(parsed.markup)) throw E.replyMarkupTooLong();
  }
  if (parsed.kind === 'keyboard' && tooLong(parsed.markup)) throw E.replyMarkupTooLong();
  return parsed;
}

/**
 * Whether a person can press this inline button: Telegram apps show at most 8 buttons of a
 * row, so a 9th one is in the message's markup but on no screen.
 */
export function visibleInlineButton(markup: InlineKeyboardMarkup | undefined, data: string): 'shown' | 'hidden' | 'absent' {
  let hidden = false;
  for (const row of markup?.inline_keyboard ?? []) {
    for (const [i, b] of row.entries()) {
      if ('callback_data' in b && b.callback_data === data) {
        if (i < SHOWN_PER_INLINE_ROW) return 'shown';
        hidden = true;
      }
    }
  }
  return hidden ? 'hidden' : 'absent';
}
