import { isDeepStrictEqual } from 'node:util';
import type { InlineKeyboardMarkup, Message, MessageEntity, ReactionType } from 'grammy/types';
import { CAPTION_LIMIT, TEXT_LIMIT, isService, type Engine } from '../engine.ts';
import { E, badRequest } from '../../../bot-api/errors.ts';
import type { Params } from '../params.ts';
import { LIVE_FOREVER, isLiveLocation, locationValue } from '../location.ts';
import type { ChatRecord } from '../state.ts';
import type { HandlerTable } from './types.ts';

type EditKind = 'text' | 'caption' | 'live_location' | 'reply_markup';

/** Content TDLib lets a bot edit at any time (is_editable_message_content). */
const EDITABLE = (m: Message): boolean => Boolean(m.text !== undefined || m.photo || m.video || m.audio || m.document || m.animation || m.voice);

/**
 * The bot's own message to edit (inline messages are outside the sandbox), with TDLib's
 * can_edit_message: only the bot's messages (in channels: with the right to post), never a
 * forward, and only content that can be edited — text and media; a live location while it is
 * shared; anything but a service message when only the reply markup changes. So a static
 * location, a sticker or a contact answers "message can't be edited" to editMessageText and
 * editMessageCaption alike, before any check of what the message contains.
 */
function editable(e: Engine, p: Params, kind: EditKind): { rec: ChatRecord; m: Message } {
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
  // TDLib: a channel post takes can_edit_messages, or can_post_messages when the bot posted it.
  const may = rec.kind === 'channel' ? e.botRight(rec, 'can_edit_messages') || (isOwn(e, rec, m) && e.botRight(rec, 'can_post_messages')) : isOwn(e, rec, m);
  if (!may || isService(m) || m.forward_origin) throw E.messageCantBeEdited();
  const contentEditable = EDITABLE(m) || isLiveLocation(e, m) || kind === 'reply_markup';
  if (!contentEditable) throw E.messageCantBeEdited();
  return { rec, m };
}

/** The bot's own message: sent as itself, or on behalf of the chat (channel posts, direct messages answers). */
function isOwn(e: Engine, rec: ChatRecord, m: Message): boolean {
  return (m.from?.id === e.botUser.id && !m.sender_chat) || rec.outgoing.has(m.message_id);
}

/** Pinning takes can_pin_messages; in a channel, can_edit_messages (Bot API: ChatAdministratorRights). */
function pinRight(rec: ChatRecord): 'can_pin_messages' | 'can_edit_messages' {
  return rec.kind === 'channel' ? 'can_edit_messages' : 'can_pin_messages';
}

function finishEdit(e: Engine, rec: ChatRecord, m: Message, next: Message): Message {
  const same = (k: keyof Message): boolean => isDeepStrictEqual(m[k] ?? undefined, next[k] ?? undefined);
  if (same('text') && same('entities') && same('caption') && same('caption_entities') && same('location') && same('reply_markup')) throw E.notModified();
  next.edit_date = e.date();
  rec.messages.set(next.message_id, next);
  e.emit('edit', next);
  return next;
}

/** An edit's reply_markup: only an inline keyboard ("inline keyboard expected" otherwise); none removes it. */
function markupParam(e: Engine, rec: ChatRecord, p: Params): InlineKeyboardMarkup | undefined {
  return e.markup(rec, p.json('reply_markup'), { inlineOnly: true });
}

/** heading and proximity_alert_radius as TDLib checks them for live locations. */
function liveExtras(p: Params): { heading?: number; proximity_alert_radius?: number } {
  const heading = p.int('heading') ?? 0;
  if (heading !== 0 && (heading < 1 || heading > 360)) throw E.liveLocationHeadingInvalid();
  const radius = p.int('proximity_alert_radius') ?? 0;
  if (radius < 0 || radius > 100_000) throw E.liveLocationRadiusInvalid();
  return { ...(heading ? { heading } : {}), ...(radius ? { proximity_alert_radius: radius } : {}) };
}

/** latitude, longitude and horizontal_accuracy of sendLocation and editMessageLiveLocation. */
export function coordinates(p: Params): { latitude: number; longitude: number; horizontal_accuracy?: number } {
  const latitude = p.float('latitude');
  const longitude = p.float('longitude');
  if (latitude === undefined) throw E.paramEmpty('latitude');
  if (longitude === undefined) throw E.paramEmpty('longitude');
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) throw badRequest('wrong latitude or longitude specified');
  // TDLib (Location::fix_accuracy) brings the accuracy into 0-1500 m rather than refusing it.
  const raw = p.float('horizontal_accuracy') ?? 0;
  const accuracy = Number.isFinite(raw) && raw > 0 ? Math.min(raw, 1500) : 0;
  return { latitude, longitude, ...(accuracy ? { horizontal_accuracy: accuracy } : {}) };
}

const ALLOWED_REACTIONS = new Set(
  '👍 👎 ❤ 🔥 🥰 👏 😁 🤔 🤯 😱 🤬 😢 🎉 🤩 🤮 💩 🙏 👌 🕊 🤡 🥱 🥴 😍 🐳 ❤‍🔥 🌚 🌭 💯 🤣 ⚡ 🍌 🏆 💔 🤨 😐 🍓 🍾 💋 🖕 😈 😴 😭 🤓 👻 👨‍💻 👀 🎃 🙈 😇 😨 🤝 ✍ 🤗 🫡 🎅 🎄 ☃ 💅 🤪 🗿 🆒 💘 🙉 🦄 😘 💊 🙊 😎 👾 🤷‍♂ 🤷 🤷‍♀ 😡'.split(' '),
);

export const editMethods: HandlerTable = {
  editMessageText: (e, p) => {
    const { rec, m } = editable(e, p, 'text');
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
    const { rec, m } = editable(e, p, 'caption');
    // A text or a live location can be edited, but has no caption to edit (TDLib's can_have_message_content_caption).
    // An empty caption on media without one changes nothing: "message is not modified" (below).
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
    const { rec, m } = editable(e, p, 'reply_markup');
    const markup = markupParam(e, rec, p);
    const next: Message = { ...m };
    if (markup) next.reply_markup = markup;
    else delete next.reply_markup;
    return finishEdit(e, rec, m, next);
  },

  editMessageLiveLocation: (e, p) => {
    const { rec, m } = editable(e, p, 'live_location');
    if (!isLiveLocation(e, m)) throw E.noLiveLocationToEdit();
    const { latitude, longitude, horizontal_accuracy } = coordinates(p);
    const current = m.location as NonNullable<Message['location']>;
    let period = current.live_period as number;
    const asked = p.int('live_period');
    if (asked !== undefined && asked !== 0) {
      // Bot API: 0x7FFFFFFF = forever; otherwise at most a day more than now, and still in the future.
      if (asked !== LIVE_FOREVER && (asked < 0 || (period !== LIVE_FOREVER && asked > period + 86_400) || m.date + asked <= e.date())) throw E.liveLocationPeriodInvalid();
      period = asked;
    }
    const markup = markupParam(e, rec, p);
    const next: Message = { ...m, location: locationValue(latitude, longitude, { live_period: period, ...liveExtras(p) }, horizontal_accuracy) };
    if (markup) next.reply_markup = markup;
    else delete next.reply_markup;
    return finishEdit(e, rec, m, next);
  },

  stopMessageLiveLocation: (e, p) => {
    const { rec, m } = editable(e, p, 'live_location');
    if (!isLiveLocation(e, m)) throw E.noLiveLocationToEdit();
    const { latitude, longitude, horizontal_accuracy } = m.location as NonNullable<Message['location']>;
    const markup = markupParam(e, rec, p);
    // Stopped: no longer live, so the Bot API shows it without live_period.
    const next: Message = { ...m, location: locationValue(latitude, longitude, undefined, horizontal_accuracy) };
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
    rec.outgoing.delete(id);
    e.emit('delete', { chat_id: rec.chat.id, message_id: id });
    return true;
  },

  deleteMessages: (e, p) => {
    const rec = e.chat(p.reqId('chat_id'));
    e.assertBotInChat(rec);
    const ids = p.json<number[]>('message_ids');
    if (!Array.isArray(ids) || ids.length === 0) throw E.paramEmpty('message_ids');
    if (ids.length > 100) throw badRequest('too many messages to delete');
    // As the Bot API server does: ids of messages that do not exist are skipped (none at all is
    // still success); then TDLib deletes all or nothing, failing on the first it may not delete.
    const found = [...new Set(ids)].flatMap((id) => {
      const m = typeof id === 'number' ? rec.messages.get(id) : undefined;
      return m ? [m] : [];
    });
    for (const m of found) assertDeletable(e, rec, m);
    for (const m of found) {
      rec.messages.delete(m.message_id);
      rec.outgoing.delete(m.message_id);
      e.emit('delete', { chat_id: rec.chat.id, message_id: m.message_id });
    }
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
    if (rec.kind !== 'private' && !e.botRight(rec, pinRight(rec))) {
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
    if (rec.kind !== 'private' && !e.botRight(rec, pinRight(rec))) throw E.notEnoughRights('manage pinned messages in the chat');
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
    if (rec.kind !== 'private' && !e.botRight(rec, pinRight(rec))) throw E.notEnoughRights('manage pinned messages in the chat');
    rec.pinned.clear();
    return true;
  },
};

/** Bots may delete a message for everyone for 48 hours after it was sent (Bot API: deleteMessage). */
export const DELETE_WINDOW_SECONDS = 2 * 86_400;

/**
 * TDLib's rules for a bot's deletion (MessagesManager: can_delete_message, can_revoke_message,
 * can_delete_channel_message). A bot always deletes for everyone: in a private chat that is
 * allowed up to 48 hours after sending, else "message can't be deleted for everyone"; in a
 * supergroup or channel no message 48 hours old or older can be deleted, whatever the bot's
 * rights ("message can't be deleted"), nor a topic's creation message; younger ones: the bot's
 * own (a channel post only while the bot may post), or anyone's with can_delete_messages (in a
 * channel's direct messages chat, with can_manage_direct_messages too).
 */
function assertDeletable(e: Engine, rec: ChatRecord, m: Message): void {
  const age = e.date() - m.date;
  if (rec.kind === 'private') {
    if (age > DELETE_WINDOW_SECONDS) throw E.messageCantBeDeletedForEveryone();
    return;
  }
  if (age >= DELETE_WINDOW_SECONDS) throw E.messageCantBeDeleted();
  if (m.forum_topic_created) throw E.messageCantBeDeleted();
  // In a channel's direct messages chat only managing them counts (the channel's other rights do not apply there).
  if (rec.parentId !== undefined ? e.botRight(rec, 'can_manage_direct_messages') : e.botRight(rec, 'can_delete_messages')) return;
  if (!isOwn(e, rec, m)) throw E.messageCantBeDeleted();
  // The bot's own channel posts go only while it may still post.
  if (rec.kind === 'channel' && !e.botRight(rec, 'can_post_messages')) throw E.messageCantBeDeleted();
}

function latestPinned(rec: ChatRecord): number | undefined {
  let best: number | undefined;
  for (const list of rec.pinned.values()) for (const id of list) if (best === undefined || id > best) best = id;
  return best;
}

function unpin(rec: ChatRecord, id: number): void {
  for (const [k, list] of rec.pinned) rec.pinned.set(k, list.filter((x) => x !== id));
}
