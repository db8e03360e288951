import type { ForumTopic, Message, Sticker } from 'grammy/types';
import type { Engine } from '../engine.ts';
import { E } from '../../../bot-api/errors.ts';
import type { Params } from '../params.ts';
import { GENERAL_TOPIC_ID, TOPIC_COLORS, type ChatRecord, type TopicRecord } from '../state.ts';
import { customEmojiIdParam, isTopicIcon } from '../topic-icons.ts';
import type { HandlerTable } from './types.ts';

function forum(e: Engine, p: Params): ChatRecord {
  const rec = e.chat(p.reqId('chat_id'));
  e.assertBotInChat(rec);
  if (rec.chat.type !== 'supergroup' || !rec.chat.is_forum) throw E.notAForum();
  return rec;
}

function topicOf(e: Engine, rec: ChatRecord, p: Params, action: string): TopicRecord {
  const id = p.reqInt('message_thread_id');
  if (id === GENERAL_TOPIC_ID) throw E.topicIdInvalid();
  const t = rec.topics.get(id);
  if (!t) throw E.threadNotFound();
  // Telegram lets the topic's creator manage it without can_manage_topics.
  if (t.creatorId !== e.botUser.id && !e.botRight(rec, 'can_manage_topics')) throw E.notEnoughRights(action);
  return t;
}

function checkName(name: string | undefined): string {
  const n = (name ?? '').trim();
  if (n.length < 1 || n.length > 128) throw E.topicNameInvalid();
  return n;
}

/** Posts a forum service message into the topic (the bot gets no update for its own). */
function service(e: Engine, rec: ChatRecord, t: TopicRecord, fields: Partial<Message>): void {
  const m = e.newMessage(rec, e.botSender, { thread: t.topic.message_thread_id });
  Object.assign(m, fields);
  e.store(rec, m, false);
}

/** Creates a topic the way Telegram does: the service message's id becomes the thread id. */
export function createTopic(e: Engine, rec: ChatRecord, creator: number, name: string, iconColor: number, iconEmoji?: string): TopicRecord {
  const id = rec.nextMessageId;
  const topic: ForumTopic = { message_thread_id: id, name, icon_color: iconColor };
  if (iconEmoji) topic.icon_custom_emoji_id = iconEmoji;
  const sender = creator === e.botUser.id ? e.botSender : e.state.users.get(creator);
  const m = e.newMessage(rec, sender);
  m.message_thread_id = id;
  m.is_topic_message = true;
  m.forum_topic_created = { name, icon_color: iconColor, ...(iconEmoji ? { icon_custom_emoji_id: iconEmoji } : {}) };
  const rec2: TopicRecord = { topic, closed: false, createdMessageId: id, creatorId: creator };
  rec.topics.set(id, rec2);
  e.store(rec, m, creator !== e.botUser.id && e.botSees(rec, m));
  return rec2;
}

/**
 * icon_custom_emoji_id as Telegram takes it from a bot: an id of getForumTopicIconStickers'
 * set, or none (empty or 0); any other custom emoji needs Telegram Premium, which bots lack.
 */
function iconParam(p: Params): string | undefined {
  const id = customEmojiIdParam(p.str('icon_custom_emoji_id'));
  if (id !== undefined && !isTopicIcon(id)) throw E.premiumAccountRequired();
  return id;
}

export const forumMethods: HandlerTable = {
  createForumTopic: (e, p): ForumTopic => {
    const rec = forum(e, p);
    if (!e.botRight(rec, 'can_manage_topics')) throw E.notEnoughRights('create a topic');
    const name = checkName(p.str('name'));
    const color = p.int('icon_color') ?? TOPIC_COLORS[0];
    if (!(TOPIC_COLORS as readonly number[]).includes(color)) throw E.iconColorInvalid();
    const emoji = iconParam(p);
    return { ...createTopic(e, rec, e.botUser.id, name, color, emoji).topic };
  },

  editForumTopic: (e, p) => {
    const rec = forum(e, p);
    const t = topicOf(e, rec, p, 'edit a topic');
    const name = p.has('name') ? checkName(p.str('name')) : undefined;
    // Sent at all, even empty: the icon changes ("" or 0 removes it); not sent: it stays.
    const emoji = p.provided('icon_custom_emoji_id') ? (iconParam(p) ?? '') : undefined;
    // Neither a name nor an icon: TDLib answers success without asking Telegram.
    if (name === undefined && emoji === undefined) return true;
    const changes: { name?: string; icon_custom_emoji_id?: string } = {};
    if (name !== undefined && name !== t.topic.name) changes.name = name;
    if (emoji !== undefined && emoji !== (t.topic.icon_custom_emoji_id ?? '')) changes.icon_custom_emoji_id = emoji;
    if (Object.keys(changes).length === 0) throw E.topicNotModified();
    if (changes.name !== undefined) t.topic.name = changes.name;
    if (changes.icon_custom_emoji_id !== undefined) {
      if (changes.icon_custom_emoji_id) t.topic.icon_custom_emoji_id = changes.icon_custom_emoji_id;
      else delete t.topic.icon_custom_emoji_id;
    }
    service(e, rec, t, { forum_topic_edited: changes });
    return true;
  },

  closeForumTopic: (e, p) => {
    const rec = forum(e, p);
    const t = topicOf(e, rec, p, 'close a topic');
    if (t.closed) throw E.topicNotModified();
    t.closed = true;
    service(e, rec, t, { forum_topic_closed: {} });
    return true;
  },

  reopenForumTopic: (e, p) => {
    const rec = forum(e, p);
    const t = topicOf(e, rec, p, 'reopen a topic');
    if (!t.closed) throw E.topicNotModified();
    t.closed = false;
    service(e, rec, t, { forum_topic_reopened: {} });
    return true;
  },

  deleteForumTopic: (e, p) => {
    const rec = forum(e, p);
    const t = topicOf(e, rec, p, 'delete a topic');
    if (!e.botRight(rec, 'can_delete_messages')) throw E.notEnoughRights('delete a topic');
    const id = t.topic.message_thread_id;
    rec.topics.delete(id);
    for (const [mid, m] of rec.messages) if (m.message_thread_id === id) rec.messages.delete(mid);
    rec.pinned.delete(id);
    e.emit('delete', { chat_id: rec.chat.id, message_thread_id: id });
    return true;
  },

  unpinAllForumTopicMessages: (e, p) => {
    const rec = forum(e, p);
    const t = topicOf(e, rec, p, 'manage pinned messages in the chat');
    if (!e.botRight(rec, 'can_pin_messages')) throw E.notEnoughRights('manage pinned messages in the chat');
    rec.pinned.delete(t.topic.message_thread_id);
    return true;
  },

  getForumTopicIconStickers: (e): Sticker[] => e.topicIcons.map((s) => ({ ...s })),
};
