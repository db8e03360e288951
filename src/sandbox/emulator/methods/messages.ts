import { randomInt } from 'node:crypto';
import type { Chat, InputMedia, LinkPreviewOptions, Message, MessageEntity, MessageId, ReplyParameters } from 'grammy/types';
import { CAPTION_LIMIT, TEXT_LIMIT, isService, type Engine } from '../engine.ts';
import { E, badRequest } from '../../../bot-api/errors.ts';
import type { Params } from '../params.ts';
import { locationValue, validLivePeriod } from '../location.ts';
import type { ChatRecord, FileKind } from '../state.ts';
import { coordinates } from './edit.ts';
import type { HandlerTable } from './types.ts';

/**
 * The shared path of every send: target chat and the bot's right to write there, forum
 * thread, reply, keyboard, content (built after those checks), rate limit, store.
 */
function send(e: Engine, p: Params, build: (rec: ChatRecord) => Partial<Message>, opts: { markup?: boolean; reply?: boolean } = {}): Message {
  const rec = e.chat(p.reqId('chat_id'));
  e.assertBotCanWrite(rec);
  const dm = directMessages(e, rec, p);
  const thread = e.thread(rec, p.int('message_thread_id'), 'bot');
  const where = opts.reply === false ? { thread } : e.reply(rec, p.json<ReplyParameters>('reply_parameters'), thread);
  const markup = opts.markup === false ? undefined : e.markup(rec, p.json('reply_markup'));
  const content = build(rec);
  e.rateLimit(rec);
  const m = e.newMessage(rec, e.botSender, { ...where, ...dm });
  Object.assign(m, content);
  if (p.bool('protect_content')) m.has_protected_content = true;
  if (markup) m.reply_markup = markup;
  return e.store(rec, m, false);
}

/**
 * In a channel's direct messages chat the bot answers as the channel, in the topic of the user
 * it answers: direct_messages_topic_id is then required and must name a user's topic (TDLib's
 * errors). Elsewhere the parameter is ignored, as the Bot API server ignores it.
 */
function directMessages(e: Engine, rec: ChatRecord, p: Params): { senderChat?: Chat; directTopicId?: number } {
  if (rec.parentId === undefined) return {};
  const topic = p.documents('direct_messages_topic_id') ? p.int('direct_messages_topic_id') : undefined;
  if (!topic) throw E.directMessagesTopicRequired();
  if (!rec.directTopics.has(topic)) throw E.directMessagesTopicInvalid();
  const channel = e.chat(rec.parentId);
  return { senderChat: channel.chat, directTopicId: topic };
}

function caption(e: Engine, p: Params): Partial<Message> {
  const f = e.text(p.str('caption'), p.str('parse_mode'), p.json<MessageEntity[]>('caption_entities'), CAPTION_LIMIT, 'caption');
  const out: Partial<Message> = {};
  if (f) {
    out.caption = f.text;
    if (f.entities.length) out.caption_entities = f.entities;
    if (p.documents('show_caption_above_media') && p.bool('show_caption_above_media')) out.show_caption_above_media = true;
  }
  return out;
}

function mediaSender(kind: FileKind, opts: { caption: boolean; extra?: (p: Params) => Record<string, number | string | undefined> }) {
  return (e: Engine, p: Params): Message =>
    send(e, p, () => {
      const input = p.file(kind);
      if (!input) throw E.noMedia(kind === 'video_note' ? 'video note' : kind);
      const extra = opts.extra?.(p) ?? {};
      const file = e.fileFor(kind, input);
      const content: Partial<Message> = { ...e.media(kind, file, extra), ...(opts.caption ? caption(e, p) : {}) };
      if ((kind === 'photo' || kind === 'video' || kind === 'animation') && p.bool('has_spoiler')) content.has_media_spoiler = true;
      return content;
    });
}

/** The content of a message without sender, ids, thread or reply: what copyMessage carries over. */
const CONTENT_KEYS = [
  'text',
  'entities',
  'link_preview_options',
  'animation',
  'audio',
  'document',
  'photo',
  'sticker',
  'video',
  'video_note',
  'voice',
  'caption',
  'caption_entities',
  'show_caption_above_media',
  'has_media_spoiler',
  'contact',
  'dice',
  'location',
  'venue',
  'poll',
] as const;

function contentOf(src: Message): Partial<Message> {
  const out: Record<string, unknown> = {};
  for (const k of CONTENT_KEYS) if (src[k] !== undefined) out[k] = structuredClone(src[k]);
  if (src.poll) out.poll = { ...structuredClone(src.poll), id: String(randomInt(1, 2 ** 47)) };
  return out as Partial<Message>;
}

const hasMedia = (m: Partial<Message>): boolean =>
  Boolean(m.photo || m.video || m.voice || m.audio || m.document || m.animation);

function source(e: Engine, p: Params, notFound: () => Error): { from: ChatRecord; src: Message } {
  const from = e.chat(p.reqId('from_chat_id'));
  e.assertBotInChat(from);
  const src = from.messages.get(p.reqInt('message_id'));
  if (!src) throw notFound();
  return { from, src };
}

function copyOne(e: Engine, src: Message, overrideCaption: Partial<Message> | undefined, removeCaption: boolean): Partial<Message> {
  if (isService(src) || src.message_id === 0) throw E.messageCantBeCopied();
  if (src.has_protected_content) throw badRequest("message has protected content and can't be forwarded");
  const content = contentOf(src);
  if (hasMedia(content)) {
    if (removeCaption || overrideCaption) {
      delete content.caption;
      delete content.caption_entities;
      delete content.show_caption_above_media;
    }
    if (overrideCaption) Object.assign(content, overrideCaption);
    // A caption a premium user could send (up to 4096) is too long for a bot's copy.
    if ((content.caption?.length ?? 0) > CAPTION_LIMIT) throw E.captionTooLong();
  }
  return content;
}

const VALID_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);

const MEDIA_KINDS: Record<string, FileKind> = { photo: 'photo', video: 'video', document: 'document', audio: 'audio', animation: 'animation' };

export const messageMethods: HandlerTable = {
  sendMessage: (e, p) =>
    send(e, p, () => {
      const f = e.text(p.str('text'), p.str('parse_mode'), p.json<MessageEntity[]>('entities'), TEXT_LIMIT, 'text');
      const out: Partial<Message> = { text: f?.text ?? '' };
      if (f?.entities.length) out.entities = f.entities;
      const lpo = p.json<LinkPreviewOptions>('link_preview_options');
      if (lpo && typeof lpo === 'object') out.link_preview_options = lpo;
      return out;
    }),

  sendPhoto: mediaSender('photo', { caption: true }),
  sendDocument: mediaSender('document', { caption: true }),
  sendVoice: mediaSender('voice', { caption: true, extra: (p) => ({ duration: p.int('duration') }) }),
  sendAudio: mediaSender('audio', {
    caption: true,
    extra: (p) => ({ duration: p.int('duration'), title: p.str('title'), performer: p.str('performer') }),
  }),
  sendVideo: mediaSender('video', {
    caption: true,
    extra: (p) => ({ duration: p.int('duration'), width: p.int('width'), height: p.int('height') }),
  }),
  sendAnimation: mediaSender('animation', { caption: true, extra: (p) => ({ duration: p.int('duration') }) }),
  sendVideoNote: mediaSender('video_note', { caption: false, extra: (p) => ({ duration: p.int('duration') }) }),
  sendSticker: mediaSender('sticker', { caption: false }),

  sendLocation: (e, p) =>
    send(e, p, () => {
      const { latitude, longitude, horizontal_accuracy } = coordinates(p);
      const period = p.int('live_period') ?? 0;
      const heading = p.int('heading') ?? 0;
      const radius = p.int('proximity_alert_radius') ?? 0;
      if (period === 0) return { location: locationValue(latitude, longitude, undefined, horizontal_accuracy) };
      // A live location (TDLib process_live_location): 60-86400 s or 0x7FFFFFFF, heading 1-360, radius up to 100 km.
      if (!validLivePeriod(period)) throw E.liveLocationPeriodInvalid();
      if (heading !== 0 && (heading < 1 || heading > 360)) throw E.liveLocationHeadingInvalid();
      if (radius < 0 || radius > 100_000) throw E.liveLocationRadiusInvalid();
      return { location: locationValue(latitude, longitude, { live_period: period, heading, proximity_alert_radius: radius }, horizontal_accuracy) };
    }),

  sendContact: (e, p) =>
    send(e, p, () => {
      const phone_number = p.reqStr('phone_number');
      const first_name = p.reqStr('first_name');
      const last_name = p.str('last_name');
      const vcard = p.str('vcard');
      return { contact: { phone_number, first_name, ...(last_name ? { last_name } : {}), ...(vcard ? { vcard } : {}) } };
    }),

  sendChatAction: (e, p) => {
    const rec = e.chat(p.reqId('chat_id'));
    e.assertBotCanWrite(rec);
    e.thread(rec, p.int('message_thread_id'), 'bot');
    const action = p.str('action');
    if (!action) throw E.paramEmpty('action');
    if (!VALID_ACTIONS.has(action)) throw E.wrongChatAction();
    return true;
  },

  copyMessage: (e, p): MessageId => {
    const { src } = source(e, p, E.messageToCopyNotFound);
    // An explicit empty caption removes the original one, as on Telegram.
    const override = p.provided('caption') || p.has('caption_entities') ? caption(e, p) : undefined;
    const content = copyOne(e, src, override, false);
    const m = send(e, p, () => content);
    return { message_id: m.message_id };
  },

  copyMessages: (e, p): MessageId[] => {
    const from = e.chat(p.reqId('from_chat_id'));
    e.assertBotInChat(from);
    const ids = p.json<number[]>('message_ids');
    if (!Array.isArray(ids) || ids.length === 0) throw E.paramEmpty('message_ids');
    if (ids.length > 100) throw badRequest('too many messages to copy');
    const removeCaption = p.bool('remove_caption') === true;
    const to = e.chat(p.reqId('chat_id'));
    e.assertBotCanWrite(to);
    const dm = directMessages(e, to, p);
    const thread = e.thread(to, p.int('message_thread_id'), 'bot');
    const contents: Partial<Message>[] = [];
    for (const id of [...new Set(ids)].sort((a, b) => a - b)) {
      const src = from.messages.get(id);
      if (!src) continue;
      try {
        contents.push(copyOne(e, src, undefined, removeCaption));
      } catch {
        // copyMessages skips what can't be copied
      }
    }
    if (contents.length === 0) throw E.messageToCopyNotFound();
    e.rateLimit(to, contents.length);
    const protect = p.bool('protect_content');
    return contents.map((c) => {
      const m = e.newMessage(to, e.botSender, { thread, ...dm });
      Object.assign(m, c);
      if (protect) m.has_protected_content = true;
      e.store(to, m, false);
      return { message_id: m.message_id };
    });
  },

  forwardMessage: (e, p): Message => {
    const { src } = source(e, p, E.messageToForwardNotFound);
    if (isService(src)) throw badRequest("message can't be forwarded");
    if (src.has_protected_content) throw badRequest("message has protected content and can't be forwarded");
    const origin = e.originOf(src);
    return send(e, p, () => ({ ...contentOf(src), forward_origin: origin }), { markup: false, reply: false });
  },

  sendMediaGroup: (e, p): Message[] => {
    const rec = e.chat(p.reqId('chat_id'));
    e.assertBotCanWrite(rec);
    const dm = directMessages(e, rec, p);
    const where = e.reply(rec, p.json<ReplyParameters>('reply_parameters'), e.thread(rec, p.int('message_thread_id'), 'bot'));
    const media = p.json<InputMedia[]>('media');
    if (!Array.isArray(media)) throw E.paramEmpty('media');
    if (media.length < 2 || media.length > 10) throw E.mediaGroupSize();
    const kinds = media.map((m) => {
      const kind = m && typeof m === 'object' ? MEDIA_KINDS[m.type] : undefined;
      if (!kind || kind === 'animation') throw badRequest('unsupported media type in the media group');
      return kind;
    });
    const separate = kinds.filter((k) => k === 'document' || k === 'audio');
    if (separate.length > 0 && (separate.length !== kinds.length || new Set(kinds).size > 1)) throw E.mediaGroupMix();
    const contents = media.map((item, i) => {
      const kind = kinds[i] as FileKind;
      if (typeof item.media !== 'string' || item.media === '') throw E.noMedia(kind);
      const file = e.fileFor(kind, p.resolveFileRef(item.media));
      const content: Partial<Message> = e.media(kind, file);
      const f = e.text(item.caption, item.parse_mode, item.caption_entities, CAPTION_LIMIT, 'caption');
      if (f) {
        content.caption = f.text;
        if (f.entities.length) content.caption_entities = f.entities;
      }
      return content;
    });
    e.rateLimit(rec, contents.length);
    const groupId = String(randomInt(1, 2 ** 47)) + String(randomInt(0, 1000)).padStart(3, '0');
    const protect = p.bool('protect_content');
    return contents.map((c, i) => {
      const m = e.newMessage(rec, e.botSender, i === 0 ? { ...where, ...dm } : { thread: where.thread, ...dm });
      Object.assign(m, c, { media_group_id: groupId });
      if (protect) m.has_protected_content = true;
      return e.store(rec, m, false);
    });
  },
};
