import { randomBytes } from 'node:crypto';
import type {
  BotCommand,
  CallbackQuery,
  Chat,
  ChatAdministratorRights,
  ChatInviteLink,
  ChatPermissions,
  ForumTopic,
  Message,
  ReactionType,
  ReplyKeyboardMarkup,
  User,
} from 'grammy/types';

/** What a stored file is; decides the Bot API object it becomes and its download path. */
export type FileKind = 'photo' | 'voice' | 'video' | 'video_note' | 'document' | 'audio' | 'animation' | 'sticker';

export interface FileRecord {
  file_id: string;
  file_unique_id: string;
  kind: FileKind;
  data: Buffer;
  mime: string;
  path: string;
  file_name?: string;
  width?: number;
  height?: number;
  duration?: number;
  /** For photos: every size of the same picture, smallest first (file ids). */
  sizes?: string[];
  /** Telegram's own files (the topic icons): rebuilt at start, never persisted. */
  builtin?: boolean;
}

export type MemberStatus = 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked';

export interface MemberRecord {
  userId: number;
  status: MemberStatus;
  rights?: AdminRights;
  permissions?: ChatPermissions;
  untilDate?: number;
  /** restricted members may still be in the chat or not */
  isMember?: boolean;
  /** who made an administrator one: only they (and the owner) may edit or demote them */
  promotedBy?: number;
}

export interface TopicRecord {
  topic: ForumTopic;
  closed: boolean;
  /** id of the forum_topic_created service message (equals message_thread_id) */
  createdMessageId: number;
  creatorId: number;
}

export type ChatKind = 'private' | 'supergroup' | 'channel';

export interface ChatRecord {
  chat: Chat;
  kind: ChatKind;
  members: Map<number, MemberRecord>;
  /** insertion order is chat order */
  messages: Map<number, Message>;
  nextMessageId: number;
  topics: Map<number, TopicRecord>;
  /** pinned message ids per thread (0 = whole chat / General), latest last */
  pinned: Map<number, number[]>;
  inviteLinks: Map<string, ChatInviteLink>;
  joinRequests: Set<number>;
  /** pending join requests sent through an invite link: user id → the link */
  joinRequestLinks: Map<number, string>;
  /** how many users joined through each invite link (what member_limit is held against) */
  linkJoins: Map<string, number>;
  /**
   * Messages the bot sent on behalf of the chat (channel posts, answers in a channel's direct
   * messages chat): their `from` does not name the bot, yet they are its outgoing messages,
   * which decides what it may edit and delete.
   */
  outgoing: Set<number>;
  /** a channel's direct messages chat: the channel's id */
  parentId?: number;
  /** a channel with direct messages: its direct messages chat's id */
  directMessagesId?: number;
  /** a direct messages chat: its topics, one per user who wrote (topic_id = the user's id, as Telegram) */
  directTopics: Set<number>;
  reactions: Map<number, ReactionType[]>;
  permissions: ChatPermissions;
  description?: string;
  /** private chats: the user has written to / started the bot */
  started: boolean;
  /** private chats: the user blocked the bot */
  blocked: boolean;
  /** private chats: the reply keyboard the bot last showed */
  keyboard?: ReplyKeyboardMarkup;
}

export interface CallbackAnswer {
  text?: string;
  show_alert?: boolean;
  url?: string;
  cache_time?: number;
  at: number;
}

export interface CallbackRecord {
  query: CallbackQuery;
  /** when the button was pressed (ms, the emulator's clock) */
  at: number;
  answered?: CallbackAnswer;
}

/** The counters that must never go back, across restarts too. */
export interface StateCounters {
  nextUserId: number;
  nextGroupSeq: number;
  fileSeq: number;
  callbackSeq: number;
}

export const GENERAL_TOPIC_ID = 1;
export const TOPIC_COLORS = [0x6fb9f0, 0xffd67e, 0xcb86db, 0x8eee98, 0xff93b2, 0xfb6f5f] as const;

export const DEFAULT_PERMISSIONS: ChatPermissions = {
  can_send_messages: true,
  can_send_audios: true,
  can_send_documents: true,
  can_send_photos: true,
  can_send_videos: true,
  can_send_video_notes: true,
  can_send_voice_notes: true,
  can_send_polls: true,
  can_send_other_messages: true,
  can_add_web_page_previews: true,
  can_change_info: false,
  can_invite_users: true,
  can_pin_messages: false,
  can_manage_topics: false,
};

/**
 * Administrator rights as the reference (Bot API 10.1) documents them; @grammyjs/types
 * also requires can_send_welcome_messages, which the reference does not have.
 */
export type AdminRights = Omit<ChatAdministratorRights, 'can_send_welcome_messages'>;

export function adminRights(overrides: Partial<AdminRights> = {}): AdminRights {
  const rights: AdminRights = {
    is_anonymous: false,
    can_manage_chat: true,
    can_delete_messages: true,
    can_manage_video_chats: true,
    can_restrict_members: true,
    can_promote_members: false,
    can_change_info: true,
    can_invite_users: true,
    can_post_stories: false,
    can_edit_stories: false,
    can_delete_stories: false,
    can_pin_messages: true,
    can_manage_topics: true,
  };
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) (rights as unknown as Record<string, boolean>)[k] = v;
  return rights;
}

const FILE_DIRS: Record<FileKind, [dir: string, ext: string]> = {
  photo: ['photos', 'jpg'],
  voice: ['voice', 'oga'],
  video: ['videos', 'mp4'],
  video_note: ['video_notes', 'mp4'],
  document: ['documents', 'bin'],
  audio: ['music', 'mp3'],
  animation: ['animations', 'mp4'],
  sticker: ['stickers', 'webp'],
};

/** Everything the emulated Telegram knows: people, chats, messages, files, bot settings. */
export class EmulatorState {
  readonly users = new Map<number, User>();
  readonly chats = new Map<number, ChatRecord>();
  readonly files = new Map<string, FileRecord>();
  readonly filesByPath = new Map<string, FileRecord>();
  readonly callbacks = new Map<string, CallbackRecord>();
  readonly commands = new Map<string, BotCommand[]>();
  readonly names = new Map<string, string>();
  readonly descriptions = new Map<string, string>();
  readonly shortDescriptions = new Map<string, string>();
  menuButtons = new Map<number, unknown>();
  /** Whatever the emulator's owner keeps with the state (the sandbox: its staff group and workers). */
  meta: Record<string, unknown> = {};
  /** Unix time by the emulator's clock (the engine sets it), for bans and restrictions that end. */
  clock: () => number = () => unixTime(Date.now());
  private nextUserId = 1_100_000_001;
  private nextGroupSeq = 1;
  private fileSeq = 1;
  private callbackSeq = 1;

  get counters(): StateCounters {
    return { nextUserId: this.nextUserId, nextGroupSeq: this.nextGroupSeq, fileSeq: this.fileSeq, callbackSeq: this.callbackSeq };
  }

  set counters(c: StateCounters) {
    this.nextUserId = Math.max(this.nextUserId, c.nextUserId);
    this.nextGroupSeq = Math.max(this.nextGroupSeq, c.nextGroupSeq);
    this.fileSeq = Math.max(this.fileSeq, c.fileSeq);
    this.callbackSeq = Math.max(this.callbackSeq, c.callbackSeq);
  }

  /** Adds a file that already has its ids (Telegram's own, or one restored from disk). */
  putFile(rec: FileRecord): void {
    this.files.set(rec.file_id, rec);
    this.filesByPath.set(rec.path, rec);
  }

  allocUserId(): number {
    while (this.users.has(this.nextUserId)) this.nextUserId++;
    return this.nextUserId++;
  }

  allocChatId(kind: 'supergroup' | 'channel'): number {
    const base = kind === 'supergroup' ? 1_001_900_000_000 : 1_002_900_000_000;
    return -(base + this.nextGroupSeq++);
  }

  newChatRecord(chat: Chat, kind: ChatKind): ChatRecord {
    const rec: ChatRecord = {
      chat,
      kind,
      members: new Map(),
      messages: new Map(),
      nextMessageId: 1,
      topics: new Map(),
      pinned: new Map(),
      inviteLinks: new Map(),
      joinRequests: new Set(),
      joinRequestLinks: new Map(),
      linkJoins: new Map(),
      outgoing: new Set(),
      directTopics: new Set(),
      reactions: new Map(),
      permissions: { ...DEFAULT_PERMISSIONS },
      started: false,
      blocked: false,
    };
    this.chats.set(chat.id, rec);
    return rec;
  }

  findChat(ref: number | string): ChatRecord | undefined {
    if (typeof ref === 'number') return this.chats.get(ref);
    const name = ref.replace(/^@/, '').toLowerCase();
    for (const rec of this.chats.values()) {
      if (rec.kind !== 'private' && rec.chat.username?.toLowerCase() === name) return rec;
    }
    return undefined;
  }

  /**
   * A member's status now. Telegram lifts a ban or a restriction by itself once its until_date
   * has passed (nobody acts, so no chat_member update): the banned user is then simply not in
   * the chat, the restricted one an ordinary member (or not in the chat, if they had left).
   */
  member(rec: ChatRecord, userId: number): MemberRecord {
    const m = rec.members.get(userId);
    if (!m) return { userId, status: 'left' };
    if ((m.status === 'restricted' || m.status === 'kicked') && m.untilDate && m.untilDate <= this.clock()) {
      const lifted: MemberRecord = m.status === 'restricted' && m.isMember !== false ? { userId, status: 'member' } : { userId, status: 'left' };
      rec.members.set(userId, lifted);
      return lifted;
    }
    return m;
  }

  newCallbackId(): string {
    return `${Date.now().toString(36)}${(this.callbackSeq++).toString(36)}${randomBytes(4).toString('hex')}`;
  }

  /** Stores bytes as a Telegram file with opaque ids, like Telegram does on upload. */
  addFile(kind: FileKind, data: Buffer, extra: Partial<FileRecord> = {}): FileRecord {
    const [dir, defaultExt] = FILE_DIRS[kind];
    const ext = extra.file_name?.match(/\.([A-Za-z0-9]{1,8})$/)?.[1] ?? defaultExt;
    const seq = this.fileSeq++;
    const rec: FileRecord = {
      mime: 'application/octet-stream',
      ...extra,
      kind,
      data,
      file_id: `${kindPrefix(kind)}${randomBytes(36).toString('base64url')}`,
      file_unique_id: `AQAD${randomBytes(9).toString('base64url')}`,
      path: `${dir}/file_${seq}.${ext}`,
    };
    this.files.set(rec.file_id, rec);
    this.filesByPath.set(rec.path, rec);
    return rec;
  }

  /** A photo is stored as several sizes of one picture, as Telegram does. */
  addPhoto(data: Buffer, width = 1280, height = 960): FileRecord {
    const dims: Array<[number, number]> = [
      [Math.round((90 * width) / Math.max(width, height)), Math.round((90 * height) / Math.max(width, height))],
      [Math.round((320 * width) / Math.max(width, height)), Math.round((320 * height) / Math.max(width, height))],
      [Math.round((800 * width) / Math.max(width, height)), Math.round((800 * height) / Math.max(width, height))],
      [width, height],
    ];
    const recs = dims.map(([w, h], i) =>
      this.addFile('photo', i === dims.length - 1 ? data : data.subarray(0, Math.max(1, Math.round(data.length * ((i + 1) / 8)))), {
        width: w,
        height: h,
        mime: 'image/jpeg',
      }),
    );
    const ids = recs.map((r) => r.file_id);
    for (const r of recs) r.sizes = ids;
    return recs[recs.length - 1] as FileRecord;
  }
}

function kindPrefix(kind: FileKind): string {
  // Telegram file ids start with a type-dependent prefix; mimic it so ids look familiar.
  const p: Record<FileKind, string> = {
    photo: 'AgACAgIAAxkBAAI',
    voice: 'AwACAgIAAxkBAAI',
    video: 'BAACAgIAAxkBAAI',
    video_note: 'DQACAgIAAxkBAAI',
    document: 'BQACAgIAAxkBAAI',
    audio: 'CQACAgIAAxkBAAI',
    animation: 'CgACAgIAAxkBAAI',
    sticker: 'CAACAgIAAxkBAAI',
  };
  return p[kind];
}

/** A reply_to_message never carries its own reply_to_message (Bot API rule). */
export function asReplied(m: Message): Message & { reply_to_message: undefined } {
  const { reply_to_message: _drop, ...rest } = m;
  return rest as Message & { reply_to_message: undefined };
}

export function unixTime(ms: number): number {
  return Math.floor(ms / 1000);
}

/**
 * The until_date a ban or restriction keeps (Bot API, banChatMember/restrictChatMember): one
 * for more than 366 days or less than 30 seconds from now is forever, which Telegram shows as 0.
 */
export function untilDateOf(until: number | undefined, now: number): number {
  if (!until) return 0;
  const left = until - now;
  return left < 30 || left > 366 * 86_400 ? 0 : until;
}

/**
 * The user Telegram puts in `from` of a message sent on behalf of a channel in a non-channel
 * chat (@Channel_Bot), for clients that expect a sender user (Bot API: Message.from).
 */
export const CHANNEL_BOT: User = { id: 136_817_688, is_bot: true, first_name: 'Channel', username: 'Channel_Bot' };
