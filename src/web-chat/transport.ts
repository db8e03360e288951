import type { Transformer } from 'grammy';
import type { InlineKeyboardMarkup, Message, MessageEntity, UserFromGetMe } from 'grammy/types';
import { HASH } from '../cases/deps.ts';
import { MESSAGE_LIMIT } from '../cases/fit.ts';
import { appendWebMessage, deleteWebMessages, replaceWebMessage, webClientOf, webMessageOf, type WebBody } from '../cases/web-transcript.ts';
import type { Db } from '../db/open.ts';
import { isWebChat, WEB_CALLBACK_PREFIX, WEB_FROM_STAFF } from '../domain/web-chat.ts';
import type { Logger } from '../log.ts';
import type { Vault } from '../privacy/vault.ts';
// Telegram's own rules for formatting and its error wording (bot-api/, the emulator's too): the bot
// must meet the same answers from a web conversation as from a Telegram chat.
import { ApiError, E } from '../bot-api/errors.ts';
import { formatText } from '../bot-api/format.ts';

interface Deps {
  db: Db;
  vault: Vault;
  log: Logger;
}

/**
 * The web chat's side of the Bot API. Installed as the outermost transformer of every API client
 * the bot has, it answers each call addressed to a web conversation's chat id (domain/web-chat.ts)
 * by writing the conversation's page, in Telegram's shapes and with Telegram's refusals, and lets
 * every other call through to Telegram untouched. So the client flow, the emergency replies, the
 * staff's replies and the closing messages reach a web page without knowing it is one.
 */
export class WebTransport {
  readonly #listeners = new Map<number, Set<() => void>>();

  constructor(
    private readonly d: Deps,
    private readonly bot: Pick<UserFromGetMe, 'id' | 'first_name' | 'username'>,
  ) {}

  readonly transformer: Transformer = async (prev, method, payload, signal) => {
    const p = (payload ?? {}) as Record<string, unknown>;
    if (method === 'answerCallbackQuery' && String(p.callback_query_id ?? '').startsWith(WEB_CALLBACK_PREFIX)) return { ok: true, result: true as never };
    if (!isWebChat(p.chat_id)) return prev(method, payload, signal);
    try {
      return { ok: true, result: (await this.#call(method, p.chat_id, p)) as never };
    } catch (err) {
      if (err instanceof ApiError) return err.toJSON();
      throw err;
    }
  };

  /** Calls `listener` whenever the page of the conversation behind `chatId` changes (this process). */
  listen(clientId: number, listener: () => void): () => void {
    const set = this.#listeners.get(clientId) ?? new Set();
    set.add(listener);
    this.#listeners.set(clientId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#listeners.delete(clientId);
    };
  }

  changed(clientId: number): void {
    for (const l of this.#listeners.get(clientId) ?? []) l();
  }

  async #call(method: string, chatId: number, p: Record<string, unknown>): Promise<unknown> {
    const clientId = (await webClientOf(this.d, this.d.vault.hashes(HASH.telegramUser, chatId)))?.id;
    // Erased ("end and erase", /forget) or never started: as Telegram says of a chat it does not know.
    if (clientId === undefined) throw E.chatNotFound();
    switch (method) {
      case 'sendMessage': {
        const body = this.#body(p);
        const { id, at } = await appendWebMessage(this.d, clientId, 'bot', body);
        this.changed(clientId);
        return this.messageOf(chatId, { ...body, id, at });
      }
      // A worker's file reached the page as words, so an edit of its caption is an edit of those words.
      case 'editMessageCaption':
        return this.#call('editMessageText', chatId, { ...p, text: p.caption });
      case 'editMessageText':
      case 'editMessageReplyMarkup': {
        const id = Number(p.message_id);
        const before = Number.isSafeInteger(id) ? await webMessageOf(this.d, clientId, id) : undefined;
        if (!before || before.author !== 'bot') throw E.messageToEditNotFound();
        const next: WebBody =
          method === 'editMessageText'
            ? { ...this.#body(p), replyTo: before.replyTo, ...(before.fromStaff ? { fromStaff: true as const } : {}) }
            : { text: before.text, entities: before.entities, replyTo: before.replyTo, fromStaff: before.fromStaff, markup: p.reply_markup as InlineKeyboardMarkup | undefined };
        if (JSON.stringify(next.text) === JSON.stringify(before.text) && JSON.stringify(next.entities ?? []) === JSON.stringify(before.entities ?? []) && JSON.stringify(next.markup ?? null) === JSON.stringify(inlineOnly(before.markup) ?? null)) {
          throw E.notModified();
        }
        // An edit keeps a reply keyboard the message put in place: only inline buttons are edited.
        await replaceWebMessage(this.d, clientId, id, { ...next, markup: next.markup ?? (inlineOnly(before.markup) ? undefined : before.markup) });
        this.changed(clientId);
        return this.messageOf(chatId, { ...next, id, at: before.at });
      }
      case 'deleteMessage':
      case 'deleteMessages': {
        const ids = (method === 'deleteMessage' ? [p.message_id] : ((p.message_ids as unknown[]) ?? [])).map(Number).filter(Number.isSafeInteger);
        const gone = await deleteWebMessages(this.d, clientId, ids);
        if (method === 'deleteMessage' && gone === 0) throw E.messageToDeleteNotFound();
        if (gone > 0) this.changed(clientId);
        return true;
      }
      case 'sendChatAction':
      case 'pinChatMessage':
      case 'unpinChatMessage':
      case 'unpinAllChatMessages':
        return true;
      case 'copyMessage':
      case 'copyMessages':
      case 'forwardMessage':
      case 'forwardMessages':
        // The relay sends a web conversation the stored text instead (cases/copy.ts never gets here).
        throw E.messageCantBeCopied();
      default:
        this.d.log.warn({ event: 'web_chat.unsupported', method }, 'a Bot API method the web chat does not show');
        throw new ApiError(400, `Bad Request: ${method} is not available in a web conversation`);
    }
  }

  #body(p: Record<string, unknown>): WebBody {
    const raw = typeof p.text === 'string' ? p.text : '';
    const f = formatText(raw, typeof p.parse_mode === 'string' ? p.parse_mode : undefined, p.entities as MessageEntity[] | undefined);
    if (f.text.length === 0) throw E.textEmpty();
    if (f.text.length > MESSAGE_LIMIT) throw E.textTooLong();
    const reply = p.reply_parameters as { message_id?: number } | undefined;
    const markup = p.reply_markup as WebBody['markup'];
    return {
      text: f.text,
      ...(f.entities.length ? { entities: f.entities } : {}),
      ...(markup ? { markup } : {}),
      ...(reply?.message_id ? { replyTo: reply.message_id } : {}),
      ...(p[WEB_FROM_STAFF] === true ? { fromStaff: true as const } : {}),
    };
  }

  /** A message of the page as Telegram would return it (or put it in a press's update). */
  messageOf(chatId: number, body: WebBody & { id: number; at: Date }): Message.TextMessage {
    const inline = inlineOnly(body.markup);
    return {
      message_id: body.id,
      date: Math.floor(body.at.getTime() / 1000),
      chat: { id: chatId, type: 'private', first_name: 'Web' },
      from: { id: this.bot.id, is_bot: true, first_name: this.bot.first_name, username: this.bot.username },
      text: body.text,
      ...(body.entities ? { entities: body.entities } : {}),
      ...(inline ? { reply_markup: inline } : {}),
    };
  }
}

/** Telegram returns a message's buttons only when they are inline ones. */
function inlineOnly(markup: WebBody['markup']): InlineKeyboardMarkup | undefined {
  return markup && 'inline_keyboard' in markup ? markup : undefined;
}
