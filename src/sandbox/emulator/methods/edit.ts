import { isDeepStrictEqual } from 'node:util';
import type { InlineKeyboardMarkup, Message, MessageEntity, ReactionType } from 'grammy/types';
import { CAPTION_LIMIT, TEXT_LIMIT, isService, type Engine } from '../engine.ts';
import { E, badRequest } from '../errors.ts';
import type { Params } from '../params.ts';
import type { ChatRecord } from '../state.ts';
import type { HandlerTable } from './types.ts';

/** The bot's own message to edit (inline messages are outside the sandbox). */
function editable(e: Engine, p: Params): { rec: ChatRecord; m: Message } {
  if (p.has('inline_message_id')) throw badRequest('inline messages are not supported by the sandbox emulator');
  if (p.has('business_connection_id')) throw badRequest('business connections are not supported by the sandbox emulator');
  const chatId = p.id('chat_id');
  const messageId = p.int('message_id');
  if (chatId === undefined || chatId === '') throw E.paramEmpty('chat_id');
  if (messageId === undefined) throw E.paramEmpty('message_id');
  const rec = e.chat(chatId);
  e.assertBotInChat(rec);
  const m = rec.messages.get(messageId);
  if (!m) throw E.messageToEditNotFound();
  const own = m.from?.id === e.botUser.id || (rec.kind === 'channel' && e.botRight(rec, 'can_post_messages'));
  if (!own || isService(m)) throw E.messageCantBeEdited();
  return { rec, m };
}

function finishEdit(e: Engine, rec: ChatRecord, m: Message, next: Message): Message {
  const same = (k: keyof Message): boolean => isDeepStrictEqual(m[k] ?? undefined, next[k] ?? undefined);
  if (same('text') && same('entities') && same('caption') && same('caption_entities') && same('reply_markup')) throw E.notModified();
  next.edit_date = e.date();
  rec.messages.set(next.message_id, next);
  e.emit('edit', next);
  return next;
}

function markupParam(e: Engine, rec: ChatRecord, p: Params): InlineKeyboardMarkup | undefined {
  const v = p.json('reply_markup');
  if (v !== undefined && (typeof v !== 'object' || v === null || !('inline_keyboard' in v))) throw E.replyMarkupInvalid();
  return e.markup(rec, v);
}

const ALLOWED_REACTIONS = new Set(
  '👍 👎 ❤ 🔥 🥰 👏 😁 🤔 🤯 😱 🤬 😢 🎉 🤩 🤮 💩 🙏 👌 🕊 🤡 🥱 🥴 😍 🐳 ❤‍🔥 🌚 🌭 💯 🤣 ⚡ 🍌 🏆 💔 🤨 😐 🍓 🍾 💋 🖕 😈 😴 😭 🤓 👻 👨‍💻 👀 🎃 🙈 😇 😨 🤝 ✍ 🤗 🫡 🎅 🎄 ☃ 💅 🤪 🗿 🆒 💘 🙉 🦄 😘 💊 🙊 😎 👾 🤷‍♂ 🤷 🤷‍♀ 😡'.split(' '),
);

export const editMethods: HandlerTable = {
  editMessageText: (e, p) => {
    const { rec, m } = editable(e, p);
    if (m.text === undefined) throw E.noTextToEdit();
    const f = e.text(p.str('text'), p.str('parse_mode'), p.json<MessageEntity[]>('entities'), TEXT_LIMIT, 'text');
    const markup = markupParam(e, rec, p);
    const next: Message = { ...m, text: f?.text ?? '' };
    if (f?.entities.length) next.entities = f.entities;
    else delete next.entities;
    if (markup) next.reply_markup = markup;
    else delete next.reply_markup;
    return finishEdit(e, rec, m, next);
  },

  editMessageCaption: (e, p) => {
    const { rec, m } = editable(e, p);
    if (!(m.photo || m.video || m.audio || m.document || m.animation || m.voice)) throw E.noCaptionToEdit();
    const f = e.text(p.str('caption'), p.str('parse_mode'), p.json<MessageEntity[]>('caption_entities'), CAPTION_LIMIT, 'caption');
    const markup = markupParam(e, rec, p);
    const next: Message = { ...m };
    delete next.caption;
    delete next.caption_entities;
    if (f) {
      next.caption = f.text;
      if (f.entities.length) next.caption_entities = f.entities;
    }
    if (p.has('show_caption_above_media')) next.show_caption_above_media = p.bool('show_caption_above_media') || undefined;
    if (markup) next.reply_markup = markup;
    else delete next.reply_markup;
    return finishEdit(e, rec, m, next);
  },

  editMessageReplyMarkup: (e, p) => {
    const { rec, m } = editable(e, p);
    const markup = markupParam(e, rec, p);
    const next: Message = { ...m };
    if (markup) next.reply_markup = markup;
    else delete next.reply_markup;
    return finishEdit(e, rec, m, next);
  },

  deleteMessage: (e, p) => {
    const rec = e.chat(p.reqId('chat_id'));
    e.assertBotInChat(rec);
    const id = p.reqInt('message_id');
    const m = rec.messages.get(id);
    if (!m) throw E.messageToDeleteNotFound();
    assertDeletable(e, rec, m);
    rec.messages.delete(id);
    e.emit('delete', { chat_id: rec.chat.id, message_id: id });
    return true;
  },

  deleteMessages: (e, p) => {
    const rec = e.chat(p.reqId('chat_id'));
    e.assertBotInChat(rec);
    const ids = p.json<number[]>('message_ids');
    if (!Array.isArray(ids) || ids.length === 0) throw E.paramEmpty('message_ids');
    if (ids.length > 100) throw badRequest('too many messages to delete');
    let deleted = 0;
    for (const id of ids) {
      const m = rec.messages.get(id);
      if (!m) continue;
      try {
        assertDeletable(e, rec, m);
      } catch {
        continue;
      }
      rec.messages.delete(id);
      deleted++;
      e.emit('delete', { chat_id: rec.chat.id, message_id: id });
    }
    if (deleted === 0) throw E.messageToDeleteNotFound();
    return true;
  },

  setMessageReaction: (e, p) => {
    const rec = e.chat(p.reqId('chat_id'));
    e.assertBotInChat(rec);
    const m = rec.messages.get(p.reqInt('message_id'));
    if (!m) throw E.messageToReactNotFound();
    const reaction = p.json<ReactionType[]>('reaction') ?? [];
    if (!Array.isArray(reaction)) throw E.reactionInvalid();
    if (reaction.length > 1) throw badRequest('REACTIONS_TOO_MANY');
    for (const r of reaction) {
      if (!r || typeof r !== 'object') throw E.reactionInvalid();
      if (r.type === 'emoji' && !ALLOWED_REACTIONS.has(r.emoji.replace(/\uFE0F/g, ''))) throw E.reactionInvalid();
      if (r.type !== 'emoji' && r.type !== 'custom_emoji' && r.type !== 'paid') throw E.reactionInvalid();
    }
    p.bool('is_big');
    if (reaction.length === 0) rec.reactions.delete(m.message_id);
    else rec.reactions.set(m.message_id, reaction);
    e.emit('reaction', { chat_id: rec.chat.id, message_id: m.message_id, reaction });
    return true;
  },

  pinChatMessage: (e, p) => {
    const rec = e.chat(p.reqId('chat_id'));
    e.assertBotInChat(rec);
    if (rec.kind !== 'private' && !e.botRight(rec, rec.kind === 'channel' ? 'can_post_messages' : 'can_pin_messages')) {
      throw E.notEnoughRights('manage pinned messages in the chat');
    }
    const m = rec.messages.get(p.reqInt('message_id'));
    if (!m) throw E.messageToPinNotFound();
    const key = m.is_topic_message ? (m.message_thread_id ?? 0) : 0;
    const list = rec.pinned.get(key) ?? [];
    rec.pinned.set(key, [...list.filter((id) => id !== m.message_id), m.message_id]);
    p.bool('disable_notification');
    if (rec.kind !== 'channel') {
      // Pinning posts a service message in the same place, as Telegram does.
      const service = e.newMessage(rec, e.botSender, { thread: m.is_topic_message ? m.message_thread_id : undefined });
      const { reply_to_message: _r, ...pinned } = m;
      service.pinned_message = pinned as Message;
      if (service.is_topic_message) delete service.reply_to_message;
      e.store(rec, service, false);
    }
    return true;
  },

  unpinChatMessage: (e, p) => {
    const rec = e.chat(p.reqId('chat_id'));
    e.assertBotInChat(rec);
    if (rec.kind !== 'private' && !e.botRight(rec, 'can_pin_messages')) throw E.notEnoughRights('manage pinned messages in the chat');
    const id = p.int('message_id');
    if (id === undefined) {
      const latest = latestPinned(rec);
      if (latest === undefined) throw E.messageToUnpinNotFound();
      unpin(rec, latest);
      return true;
    }
    if (![...rec.pinned.values()].some((l) => l.includes(id))) throw E.messageToUnpinNotFound();
    unpin(rec, id);
    return true;
  },

  unpinAllChatMessages: (e, p) => {
    const rec = e.chat(p.reqId('chat_id'));
    e.assertBotInChat(rec);
    if (rec.kind !== 'private' && !e.botRight(rec, 'can_pin_messages')) throw E.notEnoughRights('manage pinned messages in the chat');
    rec.pinned.clear();
    return true;
  },
};

function assertDeletable(e: Engine, rec: ChatRecord, m: Message): void {
  if (m.forum_topic_created) throw E.messageCantBeDeleted();
  const own = m.from?.id === e.botUser.id;
  if (rec.kind === 'private' || own) return;
  if (!e.botRight(rec, 'can_delete_messages')) throw E.messageCantBeDeleted();
}

function latestPinned(rec: ChatRecord): number | undefined {
  let best: number | undefined;
  for (const list of rec.pinned.values()) for (const id of list) if (best === undefined || id > best) best = id;
  return best;
}

function unpin(rec: ChatRecord, id: number): void {
  for (const [k, list] of rec.pinned) rec.pinned.set(k, list.filter((x) => x !== id));
}
