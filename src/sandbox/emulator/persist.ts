import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BotCommand, ChatInviteLink, ChatPermissions, Message, ReactionType, ReplyKeyboardMarkup, Update, User } from 'grammy/types';
import type { Engine } from './engine.ts';
import type { ChatKind, ChatRecord, FileRecord, MemberRecord, StateCounters, TopicRecord } from './state.ts';

/**
 * The emulated Telegram's memory across restarts: what Telegram itself would still know
 * after the sandbox process stops and starts again — the update counter and unconfirmed
 * updates, people, chats with their members, topics, messages and pins, invite links with
 * their join requests and joins, channels' direct messages chats and topics, files (small ones
 * with their bytes), bot settings — in one JSON file, written atomically (a temporary file
 * renamed over it), at most a moment after a change, and at once on close. Callback queries
 * are not kept: after a restart their ids are unknown, as on Telegram once they expire.
 *
 * Update ids never go back: a restarted emulator continues above the last one it handed out
 * (the bot's inbox drops a redelivered id as a duplicate, so reusing one would lose updates).
 * If the process died without closing, the file may miss the last moment's updates and
 * messages; their ids may already be stored by the bot, so the counters then skip ahead.
 */

export const SNAPSHOT_VERSION = 1;
/** how long after a change the file is written (changes meanwhile go in the same write) */
export const SAVE_DELAY_MS = 250;
/** files larger than this keep their ids and metadata but not their bytes */
export const MAX_KEPT_FILE_BYTES = 512 * 1024;
/** after an unclean stop: how far update ids and each chat's message ids skip ahead */
export const UNCLEAN_SKIP_UPDATES = 1000;
export const UNCLEAN_SKIP_MESSAGES = 100;

interface ChatSnapshot {
  chat: ChatRecord['chat'];
  kind: ChatKind;
  members: MemberRecord[];
  messages: Message[];
  nextMessageId: number;
  topics: TopicRecord[];
  pinned: Array<[number, number[]]>;
  inviteLinks: ChatInviteLink[];
  joinRequests: number[];
  /** added later than the rest: absent in older files */
  joinRequestLinks?: Array<[number, string]>;
  linkJoins?: Array<[string, number]>;
  outgoing?: number[];
  parentId?: number;
  directMessagesId?: number;
  directTopics?: number[];
  reactions: Array<[number, ReactionType[]]>;
  permissions: ChatPermissions;
  description?: string;
  started: boolean;
  blocked: boolean;
  keyboard?: ReplyKeyboardMarkup;
}

type FileSnapshot = Omit<FileRecord, 'data'> & { data?: string };

export interface Snapshot {
  version: number;
  /** false while the emulator runs; true once it closed and flushed */
  clean: boolean;
  savedAt: number;
  bot: { id: number; token: string };
  counters: StateCounters;
  updates: { nextId: number; pending: Update[]; allowed?: string[] };
  users: User[];
  chats: ChatSnapshot[];
  files: FileSnapshot[];
  commands: Array<[string, BotCommand[]]>;
  names: Array<[string, string]>;
  descriptions: Array<[string, string]>;
  shortDescriptions: Array<[string, string]>;
  menuButtons: Array<[number, unknown]>;
  meta: Record<string, unknown>;
}

/** Reads a snapshot; undefined when there is none yet. A file that cannot be read stops the start. */
export function readSnapshot(path: string): Snapshot | undefined {
  if (!existsSync(path)) return undefined;
  let snap: Snapshot;
  try {
    snap = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
  } catch (err) {
    throw new Error(`the sandbox's Telegram state in ${path} cannot be read (${err instanceof Error ? err.message : String(err)}); move the file away to start the sandbox afresh`);
  }
  if (!snap || typeof snap !== 'object' || snap.version !== SNAPSHOT_VERSION) {
    throw new Error(`the sandbox's Telegram state in ${path} has an unknown format; move the file away to start the sandbox afresh`);
  }
  return snap;
}

export function capture(e: Engine, clean: boolean): Snapshot {
  const s = e.state;
  return {
    version: SNAPSHOT_VERSION,
    clean,
    savedAt: e.now(),
    bot: { id: e.botUser.id, token: e.token },
    counters: s.counters,
    updates: { nextId: e.updates.nextUpdateId, pending: e.updates.pending(), ...(e.updates.allowed ? { allowed: e.updates.allowed } : {}) },
    users: [...s.users.values()],
    chats: [...s.chats.values()].map((r) => ({
      chat: r.chat,
      kind: r.kind,
      members: [...r.members.values()],
      messages: [...r.messages.values()],
      nextMessageId: r.nextMessageId,
      topics: [...r.topics.values()],
      pinned: [...r.pinned.entries()],
      inviteLinks: [...r.inviteLinks.values()],
      joinRequests: [...r.joinRequests],
      joinRequestLinks: [...r.joinRequestLinks.entries()],
      linkJoins: [...r.linkJoins.entries()],
      outgoing: [...r.outgoing],
      ...(r.parentId !== undefined ? { parentId: r.parentId } : {}),
      ...(r.directMessagesId !== undefined ? { directMessagesId: r.directMessagesId } : {}),
      directTopics: [...r.directTopics],
      reactions: [...r.reactions.entries()],
      permissions: r.permissions,
      ...(r.description !== undefined ? { description: r.description } : {}),
      started: r.started,
      blocked: r.blocked,
      ...(r.keyboard ? { keyboard: r.keyboard } : {}),
    })),
    files: [...s.files.values()]
      .filter((f) => !f.builtin)
      .map(({ data, ...meta }) => (data.length <= MAX_KEPT_FILE_BYTES ? { ...meta, data: data.toString('base64') } : meta)),
    commands: [...s.commands.entries()],
    names: [...s.names.entries()],
    descriptions: [...s.descriptions.entries()],
    shortDescriptions: [...s.shortDescriptions.entries()],
    menuButtons: [...s.menuButtons.entries()],
    meta: s.meta,
  };
}

/** Puts a snapshot's state into a fresh engine (built with the snapshot's bot token). */
export function restore(e: Engine, snap: Snapshot): void {
  if (snap.bot.id !== e.botUser.id) {
    throw new Error(`the sandbox's Telegram state belongs to bot ${snap.bot.id}, not ${e.botUser.id}; move the file away to start afresh`);
  }
  const s = e.state;
  const skipMessages = snap.clean ? 0 : UNCLEAN_SKIP_MESSAGES;
  s.counters = snap.counters;
  for (const u of snap.users) s.users.set(u.id, u);
  for (const c of snap.chats) {
    const rec = s.newChatRecord(c.chat, c.kind);
    for (const m of c.members) rec.members.set(m.userId, m);
    // Messages name their chat; they share the record's object again, as when they were made.
    for (const m of c.messages) rec.messages.set(m.message_id, { ...m, chat: rec.chat });
    const highest = Math.max(0, ...c.messages.map((m) => m.message_id));
    rec.nextMessageId = Math.max(c.nextMessageId, highest + 1) + skipMessages;
    for (const t of c.topics) rec.topics.set(t.topic.message_thread_id, t);
    for (const [k, v] of c.pinned) rec.pinned.set(k, v);
    for (const l of c.inviteLinks) rec.inviteLinks.set(l.invite_link, l);
    for (const id of c.joinRequests) rec.joinRequests.add(id);
    for (const [k, v] of c.joinRequestLinks ?? []) rec.joinRequestLinks.set(k, v);
    for (const [k, v] of c.linkJoins ?? []) rec.linkJoins.set(k, v);
    for (const id of c.outgoing ?? []) rec.outgoing.add(id);
    if (c.parentId !== undefined) rec.parentId = c.parentId;
    if (c.directMessagesId !== undefined) rec.directMessagesId = c.directMessagesId;
    for (const id of c.directTopics ?? []) rec.directTopics.add(id);
    for (const [k, v] of c.reactions) rec.reactions.set(k, v);
    rec.permissions = c.permissions;
    if (c.description !== undefined) rec.description = c.description;
    rec.started = c.started;
    rec.blocked = c.blocked;
    if (c.keyboard) rec.keyboard = c.keyboard;
  }
  for (const f of snap.files) {
    const { data, ...meta } = f;
    const bytes = data !== undefined ? Buffer.from(data, 'base64') : Buffer.from(`sandbox ${f.kind}: its content was not kept across a restart`);
    s.putFile({ ...meta, data: bytes });
  }
  for (const [k, v] of snap.commands) s.commands.set(k, v);
  for (const [k, v] of snap.names) s.names.set(k, v);
  for (const [k, v] of snap.descriptions) s.descriptions.set(k, v);
  for (const [k, v] of snap.shortDescriptions) s.shortDescriptions.set(k, v);
  for (const [k, v] of snap.menuButtons) s.menuButtons.set(k, v);
  s.meta = snap.meta ?? {};
  e.updates.allowed = snap.updates.allowed;
  e.updates.restore(snap.updates.nextId + (snap.clean ? 0 : UNCLEAN_SKIP_UPDATES), snap.updates.pending);
}

/** Writes the file atomically: a temporary file next to it, renamed over it. */
export function writeSnapshot(path: string, snap: Snapshot): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(snap), { mode: 0o600 });
  renameSync(tmp, path);
}

/** Saves the engine's state a moment after changes, and at once on `flush`. */
export class Persistence {
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly engine: Engine,
    readonly path: string,
  ) {}

  /** Something changed: save soon (one write for everything that changes meanwhile). */
  touch(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.save(false);
    }, SAVE_DELAY_MS);
    this.timer.unref();
  }

  /** Writes now; `clean` marks the emulator as properly closed. */
  save(clean: boolean): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    writeSnapshot(this.path, capture(this.engine, clean));
  }

  /** Last write, marked clean; no writes after it. */
  close(): void {
    if (this.closed) return;
    this.save(true);
    this.closed = true;
  }
}
