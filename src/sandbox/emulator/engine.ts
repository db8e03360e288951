import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import type {
  Chat,
  ExternalReplyInfo,
  InlineKeyboardMarkup,
  Message,
  MessageEntity,
  MessageOrigin,
  ReplyParameters,
  Sticker,
  Update,
  User,
} from 'grammy/types';
import { E } from '../../bot-api/errors.ts';
import { formatText } from '../../bot-api/format.ts';
import { parseReplyMarkup } from './keyboards.ts';
import type { FileInput } from './params.ts';
import { RateLimiter, type RateLimits } from './rate-limit.ts';
import {
  CHANNEL_BOT,
  EmulatorState,
  GENERAL_TOPIC_ID,
  asReplied,
  unixTime,
  type ChatRecord,
  type FileKind,
  type FileRecord,
  type MemberRecord,
} from './state.ts';
import { topicIconStickers } from './topic-icons.ts';
import { UpdateQueue } from './updates.ts';
import { WebhookDelivery, type WebhookRetry } from './webhook.ts';

/** getMe's answer: a User with the bot-only fields. */
export type BotUser = User & {
  can_join_groups: boolean;
  can_read_all_group_messages: boolean;
  supports_inline_queries: boolean;
  can_connect_to_business: boolean;
  has_main_web_app: boolean;
};

export interface CallRecord {
  method: string;
  params: Record<string, unknown>;
  at: number;
  ok: boolean;
  error_code?: number;
}

export interface EngineOptions {
  bot?: { id?: number; username?: string; first_name?: string; token?: string };
  limits?: Partial<RateLimits> | false;
  now?: () => number;
  webhookRetry?: Partial<WebhookRetry>;
  /** how long after the press answerCallbackQuery still works (default 15 s, see below) */
  callbackQueryTimeoutMs?: number;
  /** how many Bot API calls `calls` keeps, the latest (default 10,000) */
  callsLimit?: number;
}

/**
 * How long a callback query can be answered. Telegram does not document it; measured, the
 * Bot API answers QUERY_ID_INVALID ("query is too old and response timeout expired or query
 * ID is invalid") about 15 seconds after the press (gist d-Rickyy-b/f789c75228bf00f572eec4450ed0d7c9,
 * "After ~15 seconds you get the Telegram error QUERY_ID_INVALID"). Answered twice, or an id
 * Telegram never gave (or gave before the sandbox restarted), fails the same way.
 */
export const CALLBACK_QUERY_TIMEOUT_MS = 15_000;
export const DEFAULT_CALLS_LIMIT = 10_000;

export const TEXT_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;
export const PREMIUM_CAPTION_LIMIT = 4096;

/**
 * The emulated Telegram server for one bot: state, update queue, webhook delivery, rate
 * limits, and the rules every method shares (who may write where, threads, replies,
 * files, formatting). Method handlers and the "playing people" API both go through here.
 */
export class Engine extends EventEmitter {
  readonly state = new EmulatorState();
  /** The emulator's clock (ms): the given one plus however far `advanceClock` moved it. */
  readonly now = (): number => this.baseNow() + this.clockOffsetMs;
  private readonly baseNow: () => number;
  private clockOffsetMs = 0;
  readonly callbackQueryTimeoutMs: number;
  private readonly callsLimit: number;
  /** getForumTopicIconStickers: the same stickers for the engine's life. */
  readonly topicIcons: Sticker[];
  readonly token: string;
  readonly botUser: BotUser;
  readonly limiter: RateLimiter;
  readonly updates: UpdateQueue;
  readonly webhook: WebhookDelivery;
  readonly calls: CallRecord[] = [];
  /** set by the router so webhook answers can carry a Bot API call */
  dispatch: ((method: string, values: Record<string, unknown>) => Promise<void>) | undefined;

  constructor(opts: EngineOptions = {}) {
    super();
    this.baseNow = opts.now ?? Date.now;
    this.callbackQueryTimeoutMs = opts.callbackQueryTimeoutMs ?? CALLBACK_QUERY_TIMEOUT_MS;
    this.callsLimit = Math.max(1, opts.callsLimit ?? DEFAULT_CALLS_LIMIT);
    this.state.clock = () => this.date();
    const icons = topicIconStickers();
    for (const f of icons.files) this.state.putFile(f);
    this.topicIcons = icons.stickers;
    // A token names its bot: "<bot id>:<secret>".
    const tokenId = Number(/^(\d+):/.exec(opts.bot?.token ?? '')?.[1] ?? NaN);
    const id = opts.bot?.id ?? (Number.isSafeInteger(tokenId) && tokenId > 0 ? tokenId : 7_000_000_001);
    this.token = opts.bot?.token ?? `${id}:SANDBOX-${randomBytes(18).toString('base64url')}`;
    this.botUser = {
      id,
      is_bot: true,
      first_name: opts.bot?.first_name ?? 'Netreach',
      username: opts.bot?.username ?? 'netreach_bot',
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
    };
    this.limiter = new RateLimiter(opts.limits, this.now);
    this.updates = new UpdateQueue((u) => this.emit('update', u));
    this.webhook = new WebhookDelivery(
      this.updates,
      this.now,
      { baseMs: 500, maxMs: 30_000, timeoutMs: 30_000, ...opts.webhookRetry },
      async (body) => {
        const { method, ...values } = body;
        if (typeof method === 'string') await this.dispatch?.(method, values);
      },
    );
    this.updates.onQueued = () => this.webhook.kick();
  }

  /** The bot as it appears in messages' `from` (getMe has more fields). */
  get botSender(): User {
    const { id, is_bot, first_name, username } = this.botUser;
    return username ? { id, is_bot, first_name, username } : { id, is_bot, first_name };
  }

  date(): number {
    return unixTime(this.now());
  }

  /** Moves the clock forward (tests: 48 hours pass without sleeping). */
  advanceClock(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward');
    this.clockOffsetMs += ms;
  }

  /** Records a Bot API call in `calls`, keeping only the latest `callsLimit` of them. */
  recordCall(call: CallRecord): void {
    this.calls.push(call);
    // Trimmed in batches so a long-running sandbox neither grows without bound nor shifts on every call.
    if (this.calls.length > this.callsLimit + Math.ceil(this.callsLimit / 10)) this.calls.splice(0, this.calls.length - this.callsLimit);
    this.emit('call', call);
  }

  // ---- chats and access -------------------------------------------------------------

  chat(ref: number | string): ChatRecord {
    const rec = this.state.findChat(ref);
    if (!rec) throw E.chatNotFound();
    return rec;
  }

  /**
   * The bot's membership that governs the chat: its own, or for a channel's direct messages
   * chat the one in the channel (Telegram derives the bot's rights there from the channel's).
   */
  botMember(rec: ChatRecord): MemberRecord {
    const owner = rec.parentId !== undefined ? (this.state.chats.get(rec.parentId) ?? rec) : rec;
    return this.state.member(owner, this.botUser.id);
  }

  botIsAdmin(rec: ChatRecord): boolean {
    const s = this.botMember(rec).status;
    return s === 'administrator' || s === 'creator';
  }

  botRight(
    rec: ChatRecord,
    right:
      | 'can_manage_topics'
      | 'can_pin_messages'
      | 'can_delete_messages'
      | 'can_restrict_members'
      | 'can_invite_users'
      | 'can_post_messages'
      | 'can_edit_messages'
      | 'can_change_info'
      | 'can_manage_direct_messages',
  ): boolean {
    const m = this.botMember(rec);
    if (m.status === 'creator') return true;
    if (m.status !== 'administrator') return false;
    if (right === 'can_post_messages') return rec.kind !== 'channel' || m.rights?.can_post_messages === true;
    return m.rights?.[right] === true;
  }

  /** Throws the error Telegram gives when the bot may not act in / read the chat. */
  assertBotInChat(rec: ChatRecord): void {
    if (rec.kind === 'private') return;
    const s = this.botMember(rec).status;
    const kind = rec.kind;
    if (s === 'kicked') throw E.kicked(kind);
    if (s === 'left') throw E.notMember(kind);
  }

  /** Throws the error Telegram gives when the bot may not write to the chat. */
  assertBotCanWrite(rec: ChatRecord): void {
    if (rec.kind === 'private') {
      if (rec.blocked) throw E.blocked();
      // Telegram lets a bot write to someone with a pending join request before they start it.
      if (!rec.started && !this.hasPendingJoinRequest(rec.chat.id)) throw E.cantInitiate();
      return;
    }
    this.assertBotInChat(rec);
    const m = this.botMember(rec);
    if (rec.parentId !== undefined) {
      // TDLib: only an administrator with can_manage_direct_messages answers in the chat (as the channel).
      if (!this.botRight(rec, 'can_manage_direct_messages')) throw E.notAdministeredDirectMessages();
      return;
    }
    if (rec.kind === 'channel' && !this.botRight(rec, 'can_post_messages')) throw E.needAdminChannel();
    if (m.status === 'restricted' && m.permissions?.can_send_messages === false) throw E.notEnoughRightsToSend();
  }

  hasPendingJoinRequest(userId: number): boolean {
    for (const rec of this.state.chats.values()) if (rec.joinRequests.has(userId)) return true;
    return false;
  }

  rateLimit(rec: ChatRecord, count = 1): void {
    const wait = this.limiter.take(rec.chat.id, rec.kind === 'private', count);
    if (wait > 0) throw E.tooManyRequests(wait);
  }

  /** The forum thread a message goes to (undefined = no thread / General). */
  thread(rec: ChatRecord, threadId: number | undefined, sender: 'bot' | number): number | undefined {
    if (threadId === undefined || threadId === 0) return undefined;
    if (rec.kind !== 'supergroup' || rec.chat.type !== 'supergroup' || !rec.chat.is_forum) {
      // outside forums a thread id names a reply thread: the id of its first message
      if (rec.kind === 'supergroup' && rec.messages.has(threadId)) return undefined;
      throw E.threadNotFound();
    }
    const topic = rec.topics.get(threadId);
    if (!topic) throw E.threadNotFound();
    if (topic.closed) {
      const may = sender === 'bot' ? this.botRight(rec, 'can_manage_topics') : this.userIsAdmin(rec, sender);
      if (!may) throw E.topicClosed();
    }
    return threadId === GENERAL_TOPIC_ID ? undefined : threadId;
  }

  userIsAdmin(rec: ChatRecord, userId: number): boolean {
    const s = this.state.member(rec, userId).status;
    return s === 'creator' || s === 'administrator';
  }

  /** Resolves reply_parameters; the replied message also decides the thread when none is given. */
  reply(
    rec: ChatRecord,
    rp: ReplyParameters | undefined,
    threadId: number | undefined,
  ): { reply?: Message; external?: ExternalReplyInfo; thread: number | undefined } {
    if (!rp) return { thread: threadId };
    if (typeof rp !== 'object' || typeof rp.message_id !== 'number') throw E.badObject('reply_parameters');
    const from = rp.chat_id !== undefined ? this.chat(rp.chat_id) : rec;
    const target = from.messages.get(rp.message_id);
    if (!target) {
      if (rp.allow_sending_without_reply) return { thread: threadId };
      throw E.replyNotFound();
    }
    if (from !== rec) {
      const external: ExternalReplyInfo = { origin: this.originOf(target), chat: from.chat, message_id: target.message_id };
      return { external, thread: threadId };
    }
    const thread = threadId ?? (target.is_topic_message ? target.message_thread_id : undefined);
    return { reply: target, thread };
  }

  originOf(m: Message): MessageOrigin {
    if (m.forward_origin) return m.forward_origin;
    if (m.chat.type === 'channel') return { type: 'channel', date: m.date, chat: m.chat, message_id: m.message_id };
    if (m.sender_chat) return { type: 'chat', date: m.date, sender_chat: m.sender_chat };
    return { type: 'user', date: m.date, sender_user: m.from as User };
  }

  // ---- messages ---------------------------------------------------------------------

  /** A new message skeleton with id, date, sender and the thread/reply fields. */
  newMessage(
    rec: ChatRecord,
    sender: User | undefined,
    where: { thread?: number; reply?: Message; external?: ExternalReplyInfo; senderChat?: Chat; directTopicId?: number } = {},
  ): Message {
    const message_id = rec.nextMessageId++;
    // Built in Telegram's field order so stored JSON reads like the real thing.
    const m = { message_id } as Message;
    if (where.thread !== undefined) m.message_thread_id = where.thread;
    if (rec.kind === 'channel') m.sender_chat = rec.chat;
    else if (where.senderChat) {
      // Sent on behalf of a chat outside a channel: `from` is Telegram's stand-in user.
      m.from = CHANNEL_BOT;
      m.sender_chat = where.senderChat;
    } else if (sender) m.from = sender;
    if (sender?.id === this.botUser.id && (rec.kind === 'channel' || where.senderChat)) rec.outgoing.add(message_id);
    m.chat = rec.chat;
    m.date = this.date();
    if (where.thread !== undefined) m.is_topic_message = true;
    if (where.reply) m.reply_to_message = asReplied(where.reply);
    else if (where.thread !== undefined) {
      // Telegram marks a topic message (not an explicit reply) as a reply to the topic's creation.
      const created = rec.messages.get(rec.topics.get(where.thread)?.createdMessageId ?? -1);
      if (created) m.reply_to_message = asReplied(created);
    }
    if (where.external) m.external_reply = where.external;
    if (where.directTopicId !== undefined) {
      // A topic is its user's (topic_id = user id); the Bot API always names the user.
      const user = this.state.users.get(where.directTopicId) as User;
      m.direct_messages_topic = { topic_id: where.directTopicId, user };
    }
    return m;
  }

  /** Stores a message and, when `notify`, queues the update the bot gets for it. */
  store(rec: ChatRecord, m: Message, notify: boolean): Message {
    rec.messages.set(m.message_id, m);
    this.emit('message', m);
    if (notify) this.updates.push(rec.kind === 'channel' ? { channel_post: m } : { message: m });
    return m;
  }

  /** Text or caption through parse_mode/entities, with Telegram's limits and errors. */
  text(raw: string | undefined, parseMode: string | undefined, entities: MessageEntity[] | undefined, limit: number, kind: 'text' | 'caption'): { text: string; entities: MessageEntity[] } | undefined {
    if (raw === undefined || raw === '') {
      if (kind === 'text') throw E.textEmpty();
      return undefined;
    }
    if (entities !== undefined && !Array.isArray(entities)) throw E.badObject(kind === 'text' ? 'entities' : 'caption_entities');
    const f = formatText(raw, parseMode, entities);
    if (f.text.length === 0) {
      if (kind === 'text') throw E.textEmpty();
      return undefined;
    }
    if (f.text.length > limit) throw kind === 'text' ? E.textTooLong() : E.captionTooLong();
    return f;
  }

  /**
   * Validates reply_markup as Telegram does (see keyboards.ts); returns the inline keyboard to
   * attach (the only kind a Message carries) and remembers the chat's reply keyboard.
   */
  markup(rec: ChatRecord, value: unknown, opts: { inlineOnly?: boolean } = {}): InlineKeyboardMarkup | undefined {
    const parsed = parseReplyMarkup(value, { inPrivate: rec.kind === 'private', inlineOnly: opts.inlineOnly });
    switch (parsed.kind) {
      case 'inline':
        return parsed.markup;
      case 'keyboard':
        rec.keyboard = parsed.markup;
        return undefined;
      case 'remove':
        rec.keyboard = undefined;
        return undefined;
      default:
        return undefined;
    }
  }

  // ---- files ------------------------------------------------------------------------

  /** A file for a bot send: fresh upload, existing file_id or URL (stored as a placeholder). */
  fileFor(kind: FileKind, input: FileInput, extra: Partial<FileRecord> = {}): FileRecord {
    if ('upload' in input) {
      const { data, filename, mime } = input.upload;
      if (kind === 'photo') return this.state.addPhoto(data);
      return this.state.addFile(kind, data, { file_name: filename, mime, ...defaults(kind), ...extra });
    }
    const ref = input.ref;
    const known = this.state.files.get(ref);
    if (known) {
      if (known.kind === kind || (kind === 'document' && known.kind !== 'photo')) return known;
      throw E.wrongFileType(typeName(known.kind), typeName(kind));
    }
    if (/^https?:\/\//i.test(ref)) {
      // Telegram would download the URL; the sandbox has no network, so it stores a stand-in.
      const name = decodeURIComponent(new URL(ref).pathname.split('/').pop() || kind);
      const data = Buffer.from(`sandbox ${kind} downloaded from a URL`);
      if (kind === 'photo') return this.state.addPhoto(data);
      return this.state.addFile(kind, data, { file_name: name, ...defaults(kind), ...extra });
    }
    throw E.wrongFileId();
  }

  /** Message fields describing a stored file, shaped as the Bot API object for its kind. */
  media(kind: FileKind, f: FileRecord, extra: { duration?: number; width?: number; height?: number; title?: string; performer?: string } = {}): Partial<Message> {
    const base = { file_id: f.file_id, file_unique_id: f.file_unique_id };
    const size = { file_size: f.data.length };
    const duration = extra.duration ?? f.duration ?? 1;
    switch (kind) {
      case 'photo': {
        const ids = f.sizes ?? [f.file_id];
        return {
          photo: ids.map((id) => {
            const s = this.state.files.get(id) as FileRecord;
            return { file_id: s.file_id, file_unique_id: s.file_unique_id, width: s.width ?? 1, height: s.height ?? 1, file_size: s.data.length };
          }),
        };
      }
      case 'voice':
        return { voice: { ...base, duration, mime_type: f.mime, ...size } };
      case 'video':
        return {
          video: { ...base, width: extra.width ?? f.width ?? 1280, height: extra.height ?? f.height ?? 720, duration, ...(f.file_name ? { file_name: f.file_name } : {}), mime_type: f.mime, ...size },
        };
      case 'video_note':
        return { video_note: { ...base, length: f.width ?? 384, duration, ...size } };
      case 'audio':
        return {
          audio: {
            ...base,
            duration,
            ...(extra.performer ? { performer: extra.performer } : {}),
            ...(extra.title ? { title: extra.title } : {}),
            ...(f.file_name ? { file_name: f.file_name } : {}),
            mime_type: f.mime,
            ...size,
          },
        };
      case 'animation': {
        const animation = { ...base, width: f.width ?? 320, height: f.height ?? 240, duration, ...(f.file_name ? { file_name: f.file_name } : {}), mime_type: f.mime, ...size };
        // Bot API: when animation is set, document is set too, for backward compatibility.
        return { animation, document: { ...base, ...(f.file_name ? { file_name: f.file_name } : {}), mime_type: f.mime, ...size } };
      }
      case 'sticker':
        return { sticker: { ...base, type: 'regular', width: 512, height: 512, is_animated: false, is_video: false, emoji: '🙂', ...size } };
      case 'document':
        return { document: { ...base, file_name: f.file_name ?? 'file', mime_type: f.mime, ...size } };
    }
  }

  // ---- updates ----------------------------------------------------------------------

  queueUpdate(body: Omit<Update, 'update_id'>): Update | undefined {
    return this.updates.push(body as Record<string, unknown>);
  }

  /** Whether the bot gets a user's group message: admins see all, others only what privacy mode lets through. */
  botSees(rec: ChatRecord, m: Message): boolean {
    if (rec.kind === 'private') return true;
    // A channel's direct messages reach only administrators who manage them.
    if (rec.parentId !== undefined) return this.botRight(rec, 'can_manage_direct_messages');
    const s = this.state.member(rec, this.botUser.id).status;
    if (s === 'administrator' || s === 'creator') return true;
    if (s !== 'member' && s !== 'restricted') return false;
    if (this.botUser.can_read_all_group_messages) return true;
    const text = m.text ?? m.caption ?? '';
    const entities = m.entities ?? m.caption_entities ?? [];
    const mentionsBot = entities.some((e) => e.type === 'mention' && text.slice(e.offset + 1, e.offset + e.length).toLowerCase() === this.botUser.username?.toLowerCase());
    const isCommand = entities.some((e) => e.type === 'bot_command' && e.offset === 0);
    const repliesToBot = m.reply_to_message?.from?.id === this.botUser.id && !(m.is_topic_message && m.reply_to_message.forum_topic_created);
    return isCommand || mentionsBot || repliesToBot || isService(m);
  }
}

export function isService(m: Message): boolean {
  return Boolean(
    m.new_chat_members ||
      m.left_chat_member ||
      m.new_chat_title ||
      m.pinned_message ||
      m.forum_topic_created ||
      m.forum_topic_closed ||
      m.forum_topic_reopened ||
      m.forum_topic_edited ||
      m.group_chat_created ||
      m.supergroup_chat_created ||
      m.migrate_to_chat_id ||
      m.migrate_from_chat_id,
  );
}

function defaults(kind: FileKind): Partial<FileRecord> {
  switch (kind) {
    case 'voice':
      return { mime: 'audio/ogg' };
    case 'video':
    case 'video_note':
    case 'animation':
      return { mime: 'video/mp4' };
    case 'audio':
      return { mime: 'audio/mpeg' };
    case 'sticker':
      return { mime: 'image/webp' };
    default:
      return {};
  }
}

function typeName(kind: FileKind): string {
  const names: Record<FileKind, string> = {
    photo: 'Photo',
    voice: 'VoiceNote',
    video: 'Video',
    video_note: 'VideoNote',
    document: 'Document',
    audio: 'Audio',
    animation: 'Animation',
    sticker: 'Sticker',
  };
  return names[kind];
}
