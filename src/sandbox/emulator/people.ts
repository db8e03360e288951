import { createHash, randomInt } from 'node:crypto';
import type { CallbackQuery, Chat, ChatMemberUpdated, Message, MessageEntity, User } from 'grammy/types';
import { PREMIUM_CAPTION_LIMIT, TEXT_LIMIT, type Engine } from './engine.ts';
import { E, badRequest } from '../../bot-api/errors.ts';
import { formatText } from '../../bot-api/format.ts';
import { visibleInlineButton } from './keyboards.ts';
import { isLiveLocation, locationValue, validLivePeriod, type Location } from './location.ts';
import { createTopic } from './methods/forum.ts';
import { admit, linkView, setMember } from './methods/chats.ts';
import { GENERAL_TOPIC_ID, TOPIC_COLORS, adminRights, type AdminRights, type ChatRecord, type FileKind } from './state.ts';

/**
 * The "playing people" side of the emulator: what users do in Telegram (write, edit,
 * press buttons, block the bot, ask to join) and the world they do it in (users, groups,
 * forums, channels). Each action stores what Telegram would store and queues the updates
 * the bot would get.
 */

export interface NewUser {
  /** a fixed id (e.g. a distinctive one to search logs for); unique positive ids are assigned otherwise */
  id?: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  is_premium?: boolean;
}

export interface NewGroup {
  title: string;
  members: number[];
  botIsAdmin?: boolean;
  /** user who owns the group (status creator); none by default */
  ownerId?: number;
  /** users who are administrators */
  admins?: number[];
  username?: string;
  /** the bot's administrator rights, over the defaults (all but can_promote_members and stories) */
  botRights?: Partial<AdminRights>;
}

export interface NewChannel {
  title: string;
  botIsAdmin?: boolean;
  username?: string;
  /** the bot's administrator rights, over the defaults (those of a group, plus posting and editing; managing direct messages with them) */
  botRights?: Partial<AdminRights>;
  /** the channel has a direct messages chat (Bot API 9.2), see userWritesToChannel */
  directMessages?: boolean;
}

/** What came of a join through an invite link. */
export type JoinByLinkResult = { status: 'joined'; message?: Message } | { status: 'requested' };

type MediaInput = true | Buffer;

/** What a user sends; exactly one kind of content. */
export interface UserContent {
  text?: string;
  entities?: MessageEntity[];
  photo?: MediaInput;
  voice?: MediaInput;
  video?: MediaInput;
  video_note?: MediaInput;
  document?: MediaInput;
  audio?: MediaInput;
  animation?: MediaInput;
  sticker?: MediaInput;
  caption?: string;
  caption_entities?: MessageEntity[];
  duration?: number;
  file_name?: string;
  mime_type?: string;
  /** with live_period (60–86400 s, or 0x7FFFFFFF for "until I stop"): a live location, moved later with userMovesLiveLocation */
  location?: { latitude: number; longitude: number; live_period?: number; heading?: number; horizontal_accuracy?: number };
  contact?: { phone_number: string; first_name: string; last_name?: string };
  poll?: true | { question: string; options: string[] };
}

export interface UserSendOptions {
  message_thread_id?: number;
  reply_to_message_id?: number;
  forward_from_user_id?: number;
}

const MEDIA_KINDS: FileKind[] = ['photo', 'voice', 'video', 'video_note', 'document', 'audio', 'animation', 'sticker'];

export function createUser(e: Engine, input: NewUser): User {
  if (!input.first_name || input.first_name.length > 64) throw badRequest('first_name must be 1-64 characters');
  if (input.username !== undefined && !/^[A-Za-z][A-Za-z0-9_]{3,31}$/.test(input.username)) throw badRequest('username must be 4-32 characters: letters, digits and _');
  if (input.username && [...e.state.users.values()].some((u) => u.username?.toLowerCase() === input.username?.toLowerCase())) {
    throw badRequest('username is already taken');
  }
  if (input.id !== undefined && (!Number.isSafeInteger(input.id) || input.id <= 0 || e.state.users.has(input.id) || e.state.chats.has(input.id) || input.id === e.botUser.id)) {
    throw badRequest('id must be a positive integer not used by another user or the bot');
  }
  const user: User = { id: input.id ?? e.state.allocUserId(), is_bot: false, first_name: input.first_name };
  if (input.last_name) user.last_name = input.last_name;
  if (input.username) user.username = input.username;
  if (input.language_code) user.language_code = input.language_code;
  if (input.is_premium) user.is_premium = true;
  e.state.users.set(user.id, user);
  const chat: Chat = { id: user.id, type: 'private', first_name: user.first_name };
  if (user.last_name) chat.last_name = user.last_name;
  if (user.username) chat.username = user.username;
  e.state.newChatRecord(chat, 'private');
  return user;
}

function requireUser(e: Engine, id: number): User {
  const u = e.state.users.get(id);
  if (!u) throw badRequest(`user ${id} does not exist in the sandbox`);
  return u;
}

function createSupergroup(e: Engine, input: NewGroup, forum: boolean): Chat {
  if (!input.title || input.title.length > 128) throw badRequest('title must be 1-128 characters');
  const chat: Chat = forum
    ? { id: e.state.allocChatId('supergroup'), type: 'supergroup', title: input.title, is_forum: true }
    : { id: e.state.allocChatId('supergroup'), type: 'supergroup', title: input.title };
  if (input.username) chat.username = input.username;
  const rec = e.state.newChatRecord(chat, 'supergroup');
  for (const id of input.members) {
    requireUser(e, id);
    rec.members.set(id, { userId: id, status: 'member' });
  }
  for (const id of input.admins ?? []) {
    requireUser(e, id);
    rec.members.set(id, { userId: id, status: 'administrator', rights: adminRights({ can_promote_members: false }) });
  }
  if (input.ownerId !== undefined) {
    requireUser(e, input.ownerId);
    rec.members.set(input.ownerId, { userId: input.ownerId, status: 'creator' });
  }
  rec.members.set(
    e.botUser.id,
    input.botIsAdmin === false ? { userId: e.botUser.id, status: 'member' } : { userId: e.botUser.id, status: 'administrator', rights: adminRights(input.botRights) },
  );
  if (forum) {
    // The General topic always exists; its thread id is 1 and its messages carry no thread id.
    rec.topics.set(GENERAL_TOPIC_ID, {
      topic: { message_thread_id: GENERAL_TOPIC_ID, name: 'General', icon_color: TOPIC_COLORS[0] },
      closed: false,
      createdMessageId: -1,
      creatorId: input.ownerId ?? 0,
    });
    rec.nextMessageId = 2;
  }
  return chat;
}

export const createForumGroup = (e: Engine, input: NewGroup): Chat => createSupergroup(e, input, true);
export const createGroup = (e: Engine, input: NewGroup): Chat => createSupergroup(e, input, false);

export function createChannel(e: Engine, input: NewChannel): Chat {
  if (!input.title || input.title.length > 128) throw badRequest('title must be 1-128 characters');
  const chat: Chat = { id: e.state.allocChatId('channel'), type: 'channel', title: input.title };
  if (input.username) chat.username = input.username;
  const rec = e.state.newChatRecord(chat, 'channel');
  const rights = adminRights({ can_post_messages: true, can_edit_messages: true, ...(input.directMessages ? { can_manage_direct_messages: true } : {}), ...input.botRights });
  rec.members.set(
    e.botUser.id,
    input.botIsAdmin === false ? { userId: e.botUser.id, status: 'left' } : { userId: e.botUser.id, status: 'administrator', rights },
  );
  if (input.directMessages) {
    // A supergroup of its own, named as the channel; the bot's rights there are its rights in the channel.
    const dm: Chat = { id: e.state.allocChatId('supergroup'), type: 'supergroup', title: input.title, is_direct_messages: true };
    const dmRec = e.state.newChatRecord(dm, 'supergroup');
    dmRec.parentId = chat.id;
    rec.directMessagesId = dm.id;
  }
  return chat;
}

/** Whether the user is in the chat now (a ban or restriction that ran out is lifted first). */
function isIn(e: Engine, rec: ChatRecord, userId: number): boolean {
  const m = e.state.member(rec, userId);
  return m.status === 'creator' || m.status === 'administrator' || m.status === 'member' || (m.status === 'restricted' && m.isMember !== false);
}

/** Telegram refuses a banned user (until the ban ends or is lifted) whatever they try in the chat. */
function assertNotBanned(e: Engine, rec: ChatRecord, userId: number): void {
  const m = e.state.member(rec, userId);
  if (m.status === 'kicked') throw E.userBannedInChannel(m.untilDate ?? 0);
}

/** The permission a kind of content needs, and the MTProto error when it is missing. */
const SEND_PERMISSION: Record<string, [permission: string, error: string, what: string]> = {
  text: ['can_send_messages', 'CHAT_SEND_PLAIN_FORBIDDEN', 'text messages'],
  location: ['can_send_messages', 'CHAT_SEND_PLAIN_FORBIDDEN', 'locations'],
  contact: ['can_send_messages', 'CHAT_SEND_PLAIN_FORBIDDEN', 'contacts'],
  photo: ['can_send_photos', 'CHAT_SEND_PHOTOS_FORBIDDEN', 'photos'],
  video: ['can_send_videos', 'CHAT_SEND_VIDEOS_FORBIDDEN', 'videos'],
  video_note: ['can_send_video_notes', 'CHAT_SEND_ROUNDVIDEOS_FORBIDDEN', 'video notes'],
  voice: ['can_send_voice_notes', 'CHAT_SEND_VOICES_FORBIDDEN', 'voice notes'],
  audio: ['can_send_audios', 'CHAT_SEND_AUDIOS_FORBIDDEN', 'audio files'],
  document: ['can_send_documents', 'CHAT_SEND_DOCS_FORBIDDEN', 'documents'],
  animation: ['can_send_other_messages', 'CHAT_SEND_GIFS_FORBIDDEN', 'animations'],
  sticker: ['can_send_other_messages', 'CHAT_SEND_STICKERS_FORBIDDEN', 'stickers'],
  poll: ['can_send_polls', 'CHAT_SEND_POLL_FORBIDDEN', 'polls'],
};

/**
 * A member may send this content: a restricted member (until the restriction runs out) by
 * their own permissions, an ordinary member by the chat's; administrators always.
 */
function assertMaySend(e: Engine, rec: ChatRecord, userId: number, content: UserContent): void {
  const m = e.state.member(rec, userId);
  const perms = (m.status === 'restricted' ? m.permissions : m.status === 'member' ? rec.permissions : undefined) as Record<string, boolean | undefined> | undefined;
  if (!perms) return;
  const kind = Object.keys(SEND_PERMISSION).find((k) => content[k as keyof UserContent] !== undefined);
  const rule = kind ? SEND_PERMISSION[kind] : undefined;
  if (rule && perms[rule[0]] === false) throw E.sendForbidden(rule[1], rule[2]);
}

function myChatMember(e: Engine, user: User, chat: Chat, from: 'member' | 'kicked', to: 'member' | 'kicked'): ChatMemberUpdated {
  const bot = e.botSender;
  const as = (s: 'member' | 'kicked') => (s === 'member' ? { status: 'member' as const, user: bot } : { status: 'kicked' as const, user: bot, until_date: 0 });
  return { chat, from: user, date: e.date(), old_chat_member: as(from), new_chat_member: as(to) };
}

/** Builds the content fields of a user's message; files get ids as on upload. */
function userContent(e: Engine, user: User, c: UserContent): Partial<Message> {
  const kinds = [
    ...MEDIA_KINDS.filter((k) => c[k] !== undefined),
    ...(c.text !== undefined ? ['text'] : []),
    ...(c.location ? ['location'] : []),
    ...(c.contact ? ['contact'] : []),
    ...(c.poll ? ['poll'] : []),
  ];
  if (kinds.length !== 1) throw badRequest('a message must have exactly one kind of content (text, photo, voice, video, video_note, document, audio, animation, sticker, location, contact or poll)');
  const kind = kinds[0] as string;
  if (kind === 'text') {
    const f = formatText(c.text ?? '', undefined, c.entities);
    if (f.text === '') throw E.textEmpty();
    if (f.text.length > TEXT_LIMIT) throw E.textTooLong();
    return f.entities.length ? { text: f.text, entities: f.entities } : { text: f.text };
  }
  if (kind === 'location') return { location: locationOf(c.location as NonNullable<UserContent['location']>) };
  if (kind === 'contact') {
    const ct = c.contact as NonNullable<UserContent['contact']>;
    return { contact: { phone_number: ct.phone_number, first_name: ct.first_name, ...(ct.last_name ? { last_name: ct.last_name } : {}) } };
  }
  if (kind === 'poll') {
    const spec = c.poll === true ? { question: 'Sandbox poll?', options: ['Yes', 'No'] } : (c.poll as { question: string; options: string[] });
    if (spec.options.length < 2 || spec.options.length > 12) throw badRequest('a poll needs 2-12 options');
    return {
      poll: {
        id: String(randomInt(1, 2 ** 47)),
        question: spec.question,
        options: spec.options.map((text, i) => ({ persistent_id: String(i), text, voter_count: 0 })),
        total_voter_count: 0,
        is_closed: false,
        is_anonymous: true,
        type: 'regular',
        allows_multiple_answers: false,
        allows_revoting: true,
        members_only: false,
      } as Message['poll'],
    };
  }
  const fileKind = kind as FileKind;
  const input = c[fileKind] as MediaInput;
  const data = input === true ? Buffer.from(`sandbox ${fileKind} ${randomInt(1, 2 ** 40)}`) : input;
  const file =
    fileKind === 'photo'
      ? e.state.addPhoto(data)
      : e.state.addFile(fileKind, data, {
          ...(c.file_name ? { file_name: c.file_name } : fileKind === 'document' ? { file_name: 'document.pdf' } : {}),
          mime: c.mime_type ?? defaultMime(fileKind),
          ...(c.duration !== undefined ? { duration: c.duration } : {}),
        });
  const out = e.media(fileKind, file, c.duration !== undefined ? { duration: c.duration } : {});
  if (c.caption !== undefined && fileKind !== 'sticker' && fileKind !== 'video_note') {
    const f = formatText(c.caption, undefined, c.caption_entities);
    // Premium users may send captions up to 4096 characters and a bot's copy must cope with that.
    // The sandbox lets every user do so (real Telegram holds non-premium users to 1024).
    if (f.text.length > PREMIUM_CAPTION_LIMIT) throw E.captionTooLong();
    if (f.text) {
      out.caption = f.text;
      if (f.entities.length) out.caption_entities = f.entities;
    }
  }
  return out;
}

/** A user's location, checked as the app would send it; live while it has a live_period. */
function locationOf(l: NonNullable<UserContent['location']>, livePeriod = l.live_period): Location {
  if (!(Math.abs(l.latitude) <= 90 && Math.abs(l.longitude) <= 180)) throw badRequest('latitude must be -90..90 and longitude -180..180');
  if (livePeriod !== undefined && !validLivePeriod(livePeriod)) throw badRequest('live_period must be 60-86400 seconds, or 2147483647 to share until stopped');
  if (l.heading !== undefined && !(Number.isInteger(l.heading) && l.heading >= 1 && l.heading <= 360)) throw badRequest('heading must be 1-360');
  if (l.horizontal_accuracy !== undefined && !(l.horizontal_accuracy >= 0 && l.horizontal_accuracy <= 1500)) throw badRequest('horizontal_accuracy must be 0-1500');
  return locationValue(l.latitude, l.longitude, livePeriod === undefined ? undefined : { live_period: livePeriod, heading: l.heading }, l.horizontal_accuracy);
}

function defaultMime(kind: FileKind): string {
  return { photo: 'image/jpeg', voice: 'audio/ogg', video: 'video/mp4', video_note: 'video/mp4', document: 'application/pdf', audio: 'audio/mpeg', animation: 'video/mp4', sticker: 'image/webp' }[kind];
}

export function userSends(e: Engine, userId: number, chatId: number, content: UserContent, opts: UserSendOptions = {}): Message {
  const user = requireUser(e, userId);
  const rec = e.state.chats.get(chatId);
  if (!rec) throw E.chatNotFound();
  if (rec.kind === 'private') {
    if (chatId !== userId) throw badRequest('a user writes to the bot in their own private chat: chat_id must equal the user id');
    if (rec.blocked) userUnblocksBot(e, userId);
    rec.started = true;
  } else if (rec.kind === 'channel') {
    throw badRequest('users cannot post in a channel in the sandbox');
  } else if (rec.parentId !== undefined) {
    throw badRequest("a user writes to a channel's direct messages with userWritesToChannel");
  } else {
    assertNotBanned(e, rec, userId);
    if (!isIn(e, rec, userId)) throw badRequest(`user ${userId} is not a member of chat ${chatId}`);
    assertMaySend(e, rec, userId, content);
  }
  const thread = e.thread(rec, opts.message_thread_id, userId);
  const where = e.reply(rec, opts.reply_to_message_id !== undefined ? { message_id: opts.reply_to_message_id } : undefined, thread);
  const fields = userContent(e, user, content);
  const m = e.newMessage(rec, user, where);
  Object.assign(m, fields);
  if (opts.forward_from_user_id !== undefined) {
    const original = requireUser(e, opts.forward_from_user_id);
    m.forward_origin = { type: 'user', date: m.date, sender_user: original };
  }
  return e.store(rec, m, e.botSees(rec, m));
}

export function userEdits(e: Engine, userId: number, chatId: number, messageId: number, change: { text?: string; caption?: string; entities?: MessageEntity[] }): Message {
  const user = requireUser(e, userId);
  const rec = e.state.chats.get(chatId);
  if (!rec) throw E.chatNotFound();
  const m = rec.messages.get(messageId);
  if (!m) throw E.messageToEditNotFound();
  if (m.from?.id !== userId) throw E.messageCantBeEdited();
  const next: Message = { ...m };
  if (change.text !== undefined) {
    if (m.text === undefined) throw E.noTextToEdit();
    const f = formatText(change.text, undefined, change.entities);
    if (!f.text) throw E.textEmpty();
    if (f.text.length > TEXT_LIMIT) throw E.textTooLong();
    next.text = f.text;
    if (f.entities.length) next.entities = f.entities;
    else delete next.entities;
  } else if (change.caption !== undefined) {
    if (!(m.photo || m.video || m.document || m.audio || m.voice || m.animation)) throw E.noCaptionToEdit();
    const f = formatText(change.caption, undefined, change.entities);
    if (f.text.length > PREMIUM_CAPTION_LIMIT) throw E.captionTooLong();
    if (f.text) next.caption = f.text;
    else delete next.caption;
    if (f.entities.length) next.caption_entities = f.entities;
    else delete next.caption_entities;
  } else throw badRequest('an edit needs text or caption');
  next.edit_date = e.date();
  rec.messages.set(messageId, next);
  e.emit('edit', next);
  if (e.botSees(rec, next)) e.updates.push(rec.kind === 'channel' ? { edited_channel_post: next } : { edited_message: next });
  return next;
}

/**
 * A press of an inline button. With `forged`, a modified client's: any data on any message with
 * an inline keyboard, which Telegram passes on unchecked (Bot API, CallbackQuery.data: "the
 * message originated the query can contain no callback buttons with this data").
 */
export function userPressesButton(e: Engine, userId: number, chatId: number, messageId: number, data: string, opts: { forged?: boolean } = {}): CallbackQuery {
  const user = requireUser(e, userId);
  const rec = e.state.chats.get(chatId);
  if (!rec) throw E.chatNotFound();
  const m = rec.messages.get(messageId);
  if (!m) throw badRequest('message not found');
  if (opts.forged) {
    if (!m.reply_markup?.inline_keyboard?.length) throw badRequest('the message has no inline keyboard');
    if (Buffer.byteLength(data) > 64) throw E.buttonDataInvalid();
  } else {
    const shown = visibleInlineButton(m.reply_markup, data);
    if (shown === 'absent') throw badRequest('the message has no button with this callback_data');
    if (shown === 'hidden') throw badRequest('the button is not shown: Telegram apps show at most 8 inline buttons in a row');
  }
  if (rec.kind !== 'private' && rec.parentId === undefined && !isIn(e, rec, userId)) throw badRequest(`user ${userId} is not a member of chat ${chatId}`);
  const query: CallbackQuery = {
    id: e.state.newCallbackId(),
    from: user,
    message: m,
    chat_instance: String(-BigInt(`0x${createHash('sha256').update(`${e.botUser.id}:${chatId}`).digest('hex').slice(0, 15)}`)),
    data,
  };
  const now = e.now();
  // Queries long past answering are forgotten, so a long-running sandbox does not keep them all.
  for (const [id, cb] of e.state.callbacks) if (now - cb.at > e.callbackQueryTimeoutMs + 86_400_000) e.state.callbacks.delete(id);
  e.state.callbacks.set(query.id, { query, at: now });
  e.queueUpdate({ callback_query: query });
  return query;
}

/** Where a live location is (moves keep live_period; heading and accuracy are optional). */
export interface LiveLocationMove {
  latitude: number;
  longitude: number;
  heading?: number;
  horizontal_accuracy?: number;
}

function ownLiveLocation(e: Engine, userId: number, chatId: number, messageId: number): { rec: ChatRecord; m: Message } {
  requireUser(e, userId);
  const rec = e.state.chats.get(chatId);
  if (!rec) throw E.chatNotFound();
  const m = rec.messages.get(messageId);
  if (!m) throw E.messageToEditNotFound();
  if (m.from?.id !== userId) throw E.messageCantBeEdited();
  if (m.location?.live_period === undefined) throw badRequest('the message is not a live location being shared');
  if (!isLiveLocation(e, m)) throw badRequest('the live location has ended (its live_period is over)');
  return { rec, m };
}

function editedLocation(e: Engine, rec: ChatRecord, m: Message, location: Location): Message {
  const next: Message = { ...m, location, edit_date: e.date() };
  rec.messages.set(m.message_id, next);
  e.emit('edit', next);
  if (e.botSees(rec, next)) e.updates.push(rec.kind === 'channel' ? { edited_channel_post: next } : { edited_message: next });
  return next;
}

/**
 * The person's app reports a new position of a live location: Telegram edits the message
 * (same message_id, the new location, edit_date set) and the bot gets edited_message.
 */
export function userMovesLiveLocation(e: Engine, userId: number, chatId: number, messageId: number, to: LiveLocationMove): Message {
  const { rec, m } = ownLiveLocation(e, userId, chatId, messageId);
  return editedLocation(e, rec, m, locationOf(to, m.location?.live_period));
}

/** The person stops sharing: a last edit, the location without live_period (no longer live). */
export function userStopsLiveLocation(e: Engine, userId: number, chatId: number, messageId: number): Message {
  const { rec, m } = ownLiveLocation(e, userId, chatId, messageId);
  const { latitude, longitude, horizontal_accuracy } = m.location as Location;
  return editedLocation(e, rec, m, locationValue(latitude, longitude, undefined, horizontal_accuracy));
}

export function userBlocksBot(e: Engine, userId: number): void {
  const user = requireUser(e, userId);
  const rec = e.state.chats.get(userId) as ChatRecord;
  if (rec.blocked) return;
  rec.blocked = true;
  e.queueUpdate({ my_chat_member: myChatMember(e, user, rec.chat, 'member', 'kicked') });
}

export function userUnblocksBot(e: Engine, userId: number): void {
  const user = requireUser(e, userId);
  const rec = e.state.chats.get(userId) as ChatRecord;
  if (!rec.blocked) return;
  rec.blocked = false;
  e.queueUpdate({ my_chat_member: myChatMember(e, user, rec.chat, 'kicked', 'member') });
}

/** A supergroup or channel a user can join (a direct messages chat is not one). */
function joinable(e: Engine, chatId: number): ChatRecord {
  const rec = e.state.chats.get(chatId);
  if (!rec || rec.kind === 'private' || rec.parentId !== undefined) throw E.chatNotFound();
  return rec;
}

/** A user asks to join (a link that creates join requests, or "apply to join"); the admin bot gets chat_join_request. */
export function userRequestsToJoin(e: Engine, userId: number, chatId: number): void {
  requestToJoin(e, requireUser(e, userId), joinable(e, chatId));
}

function requestToJoin(e: Engine, user: User, rec: ChatRecord, link?: string): void {
  assertNotBanned(e, rec, user.id);
  if (isIn(e, rec, user.id)) throw E.userAlreadyParticipant();
  // One pending request per user; asking again changes nothing (MTProto answers INVITE_REQUEST_SENT).
  if (rec.joinRequests.has(user.id)) throw E.inviteRequestSent();
  rec.joinRequests.add(user.id);
  if (link !== undefined) rec.joinRequestLinks.set(user.id, link);
  const l = link !== undefined ? rec.inviteLinks.get(link) : undefined;
  const request = {
    chat: rec.chat as Chat.SupergroupChat | Chat.ChannelChat,
    from: user,
    user_chat_id: user.id,
    date: e.date(),
    ...(l ? { invite_link: linkView(e, rec, l) } : {}),
  };
  e.queueUpdate({ chat_join_request: request });
}

/** A user joins a group (e.g. through an invite link); the bot sees the service message and chat_member. */
export function userJoins(e: Engine, userId: number, chatId: number): Message | undefined {
  const user = requireUser(e, userId);
  const rec = joinable(e, chatId);
  assertNotBanned(e, rec, userId);
  if (isIn(e, rec, userId)) throw E.userAlreadyParticipant();
  return admit(e, rec, user, user);
}

/**
 * A user opens an invite link: refused when the link is unknown, revoked, expired (by the
 * emulator's clock) or used up (member_limit joins through it), or the user is banned; a link
 * that creates join requests sends one (chat_join_request with the link); any other lets the
 * user in (chat_member with the link, and the new_chat_members service message).
 */
export function userJoinsByLink(e: Engine, userId: number, inviteLink: string): JoinByLinkResult {
  const user = requireUser(e, userId);
  let rec: ChatRecord | undefined;
  for (const r of e.state.chats.values()) if (r.inviteLinks.has(inviteLink)) rec = r;
  const l = rec?.inviteLinks.get(inviteLink);
  if (!rec || !l) throw E.inviteHashInvalid();
  if (l.is_revoked) throw E.inviteHashExpired('the link was revoked');
  if (l.expire_date !== undefined && l.expire_date <= e.date()) throw E.inviteHashExpired('the link has expired');
  const joins = rec.linkJoins.get(inviteLink) ?? 0;
  if (l.member_limit !== undefined && joins >= l.member_limit) throw E.inviteHashExpired(`the link's member limit of ${l.member_limit} is reached`);
  assertNotBanned(e, rec, userId);
  if (isIn(e, rec, userId)) throw E.userAlreadyParticipant();
  if (l.creates_join_request) {
    requestToJoin(e, user, rec, inviteLink);
    return { status: 'requested' };
  }
  rec.linkJoins.set(inviteLink, joins + 1);
  const message = admit(e, rec, user, user, { invite_link: linkView(e, rec, l) });
  return message ? { status: 'joined', message } : { status: 'joined' };
}

/** A user leaves a group or channel: chat_member, and in a supergroup the left_chat_member service message. */
export function userLeaves(e: Engine, userId: number, chatId: number): Message | undefined {
  const user = requireUser(e, userId);
  const rec = joinable(e, chatId);
  const m = e.state.member(rec, userId);
  if (!isIn(e, rec, userId)) throw E.notParticipant(userId, chatId);
  if (m.status === 'creator') throw badRequest("the chat's owner cannot leave it in the sandbox");
  // A restricted user who leaves stays restricted (is_member false), as on Telegram, so coming back does not lift it.
  setMember(e, rec, m.status === 'restricted' ? { ...m, isMember: false } : { userId, status: 'left' }, user);
  if (rec.kind !== 'supergroup') return undefined;
  const service = e.newMessage(rec, user);
  service.left_chat_member = user;
  return e.store(rec, service, e.botSees(rec, service));
}

/**
 * A user writes to a channel's direct messages: the message lands in the user's topic of the
 * channel's direct messages chat (topic_id = the user's id, as Telegram numbers them) and the
 * bot gets it as `message` when it manages the channel's direct messages.
 */
export function userWritesToChannel(e: Engine, userId: number, channelId: number, content: UserContent, opts: { reply_to_message_id?: number } = {}): Message {
  const user = requireUser(e, userId);
  const channel = e.state.chats.get(channelId);
  if (!channel || channel.kind !== 'channel') throw E.chatNotFound();
  const rec = channel.directMessagesId !== undefined ? e.state.chats.get(channel.directMessagesId) : undefined;
  if (!rec) throw badRequest('the channel has no direct messages chat (create it with directMessages: true)');
  assertNotBanned(e, channel, userId);
  let reply: Message | undefined;
  if (opts.reply_to_message_id !== undefined) {
    reply = rec.messages.get(opts.reply_to_message_id);
    if (!reply || reply.direct_messages_topic?.topic_id !== userId) throw E.replyNotFound();
  }
  const fields = userContent(e, user, content);
  rec.directTopics.add(userId);
  const m = e.newMessage(rec, user, { ...(reply ? { reply } : {}), directTopicId: userId });
  Object.assign(m, fields);
  return e.store(rec, m, e.botSees(rec, m));
}

/** A user (an admin) creates a forum topic, e.g. a worker opening a topic by hand. */
export function userCreatesTopic(e: Engine, userId: number, chatId: number, name: string): number {
  requireUser(e, userId);
  const rec = e.state.chats.get(chatId);
  if (!rec || rec.chat.type !== 'supergroup' || !rec.chat.is_forum) throw E.notAForum();
  if (!isIn(e, rec, userId)) throw badRequest(`user ${userId} is not a member of chat ${chatId}`);
  if (name.length < 1 || name.length > 128) throw E.topicNameInvalid();
  return createTopic(e, rec, userId, name, TOPIC_COLORS[0]).topic.message_thread_id;
}
