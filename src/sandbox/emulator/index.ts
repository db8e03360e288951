import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { CallbackQuery, Chat, ChatInviteLink, ForumTopic, Message, ReactionType, ReplyKeyboardMarkup, Update, User } from 'grammy/types';
import { controlApi } from './control.ts';
import { Engine, type CallRecord, type EngineOptions } from './engine.ts';
import { ApiError, E } from '../../bot-api/errors.ts';
import * as people from './people.ts';
import { Persistence, readSnapshot, restore } from './persist.ts';
import type { RateLimits } from './rate-limit.ts';
import { botApi } from './router.ts';
import { GENERAL_TOPIC_ID, type ChatRecord, type MemberStatus } from './state.ts';

export type { CallRecord } from './engine.ts';
export type { JoinByLinkResult, LiveLocationMove, NewChannel, NewGroup, NewUser, UserContent, UserSendOptions } from './people.ts';
export type { RateLimits } from './rate-limit.ts';
export { ApiError } from '../../bot-api/errors.ts';

export interface TelegramEmulatorOptions {
  bot?: { id?: number; username?: string; first_name?: string; token?: string };
  /** defaults: 30/s overall, 1/s per private chat with a burst of 3, 20/min per group; false disables */
  limits?: Partial<RateLimits> | false;
  /** ms clock, for tests */
  now?: () => number;
  /** webhook redelivery backoff (defaults: 500 ms doubling to 30 s; 30 s answer timeout) */
  webhookRetry?: EngineOptions['webhookRetry'];
  /** how long a callback query can be answered after the press (default 15 s, as Telegram) */
  callbackQueryTimeoutMs?: number;
  /** how many of the latest Bot API calls `calls` keeps (default 10,000) */
  callsLimit?: number;
  /**
   * A JSON file that keeps the emulated Telegram's state across restarts (the sandbox's
   * DATA_DIR/sandbox-telegram.json): loaded at construction, saved a moment after changes
   * and on close. Off unless given: an emulator a test creates starts empty and keeps nothing.
   */
  persistPath?: string;
}

/** Events: a message stored (from anyone), a message edited or deleted, a Bot API call, an update queued. */
export interface EmulatorEvents {
  message: [Message];
  edit: [Message];
  delete: [{ chat_id: number; message_id?: number; message_thread_id?: number }];
  reaction: [{ chat_id: number; message_id: number; reaction: ReactionType[] }];
  callback_answer: [{ id: string; text?: string; show_alert?: boolean; url?: string }];
  call: [CallRecord];
  update: [Update];
}

/**
 * A Telegram Bot API server in a box: the sandbox the product runs against without a
 * token, and the fake every end-to-end test drives. Bots talk to it over HTTP exactly as
 * to api.telegram.org (`apiRoot` = `listen()`'s url); tests and the simulator pages play
 * the people on the other side and look at what the bot did.
 */
export class TelegramEmulator {
  readonly engine: Engine;
  readonly app: Hono;
  private server: ServerType | undefined;
  private readonly persistence: Persistence | undefined;

  constructor(opts: TelegramEmulatorOptions = {}) {
    const snapshot = opts.persistPath ? readSnapshot(opts.persistPath) : undefined;
    // A restarted sandbox keeps its bot's token, so nothing that remembered it goes stale.
    const token = opts.bot?.token ?? snapshot?.bot.token;
    this.engine = new Engine({ ...opts, ...(token ? { bot: { ...opts.bot, token } } : {}) });
    if (opts.persistPath) {
      if (snapshot) restore(this.engine, snapshot);
      const persistence = new Persistence(this.engine, opts.persistPath);
      // Written at once as "running": should the process die, the next start knows to skip ahead.
      persistence.save(false);
      const touch = (): void => persistence.touch();
      for (const event of ['call', 'update', 'message', 'edit', 'delete', 'reaction'] as const) this.engine.on(event, touch);
      this.persistence = persistence;
    }
    const app = new Hono();
    app.route('/control', controlApi(this));
    app.route('/', botApi(this.engine));
    this.app = app;
  }

  get token(): string {
    return this.engine.token;
  }
  get botUser(): User {
    return { ...this.engine.botUser };
  }
  /** every Bot API call received, in order */
  get calls(): CallRecord[] {
    return this.engine.calls;
  }
  /** updates queued and not yet confirmed (by a getUpdates offset or a 2xx webhook answer) */
  get pendingUpdateCount(): number {
    return this.engine.updates.size;
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<{ url: string }> {
    if (this.server) throw new Error('the emulator is already listening');
    return new Promise((resolve, reject) => {
      const server = serve({ fetch: this.app.fetch, port, hostname: host }, (info: AddressInfo) => {
        const h = info.address.includes(':') ? `[${info.address}]` : info.address;
        resolve({ url: `http://${h}:${info.port}` });
      });
      server.once('error', reject);
      this.server = server;
    });
  }

  /** Where the state is kept across restarts, when it is. */
  get persistPath(): string | undefined {
    return this.persistence?.path;
  }

  /** Kept with the state across restarts (the sandbox names its staff group and workers here). */
  get meta(): Readonly<Record<string, unknown>> {
    return this.engine.state.meta;
  }
  setMeta(key: string, value: unknown): void {
    this.engine.state.meta = { ...this.engine.state.meta, [key]: value };
    this.changed();
  }

  /** The emulator's clock, in ms (message dates, callback query and deletion windows, rate limits). */
  now(): number {
    return this.engine.now();
  }
  /** Moves the emulator's clock forward, e.g. past the 48 hours in which a message can be deleted. */
  advanceClock(ms: number): void {
    this.engine.advanceClock(ms);
  }

  private changed(): void {
    this.persistence?.touch();
  }

  async close(): Promise<void> {
    this.persistence?.close();
    this.engine.updates.release();
    this.engine.webhook.close();
    const server = this.server as Server | undefined;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections?.();
    });
  }

  setLimits(limits: Partial<RateLimits> | false): void {
    this.engine.limiter.set(limits);
  }

  // ---- playing people ---------------------------------------------------------------

  createUser(input: people.NewUser): User {
    return this.track(people.createUser(this.engine, input));
  }
  createForumGroup(input: people.NewGroup): Chat {
    return this.track(people.createForumGroup(this.engine, input));
  }
  createGroup(input: people.NewGroup): Chat {
    return this.track(people.createGroup(this.engine, input));
  }
  createChannel(input: people.NewChannel): Chat {
    return this.track(people.createChannel(this.engine, input));
  }
  userSends(userId: number, chatId: number, content: people.UserContent, opts?: people.UserSendOptions): Message {
    return this.track(people.userSends(this.engine, userId, chatId, content, opts));
  }
  userEdits(userId: number, chatId: number, messageId: number, change: { text?: string; caption?: string }): Message {
    return this.track(people.userEdits(this.engine, userId, chatId, messageId, change));
  }
  /** The person's app reports a new position of their live location: edited_message, same message_id. */
  userMovesLiveLocation(userId: number, chatId: number, messageId: number, to: people.LiveLocationMove): Message {
    return this.track(people.userMovesLiveLocation(this.engine, userId, chatId, messageId, to));
  }
  /** The person stops sharing their live location: a last edited_message, without live_period. */
  userStopsLiveLocation(userId: number, chatId: number, messageId: number): Message {
    return this.track(people.userStopsLiveLocation(this.engine, userId, chatId, messageId));
  }
  userPressesButton(userId: number, chatId: number, messageId: number, data: string): CallbackQuery {
    return this.track(people.userPressesButton(this.engine, userId, chatId, messageId, data));
  }
  /** A modified client presses with data of its own choosing on a message with an inline keyboard. */
  userSendsForgedPress(userId: number, chatId: number, messageId: number, data: string): CallbackQuery {
    return this.track(people.userPressesButton(this.engine, userId, chatId, messageId, data, { forged: true }));
  }
  userBlocksBot(userId: number): void {
    this.track(people.userBlocksBot(this.engine, userId));
  }
  userUnblocksBot(userId: number): void {
    this.track(people.userUnblocksBot(this.engine, userId));
  }
  userRequestsToJoin(userId: number, chatId: number): void {
    this.track(people.userRequestsToJoin(this.engine, userId, chatId));
  }
  userJoins(userId: number, chatId: number): Message | undefined {
    return this.track(people.userJoins(this.engine, userId, chatId));
  }
  /**
   * The user opens an invite link the bot created: joins (chat_member with invite_link, the
   * new_chat_members message), or with a link that creates join requests asks to join
   * (chat_join_request with invite_link). Throws for an unknown, revoked, expired or used-up
   * link, a banned user, or one already in the chat.
   */
  userJoinsByLink(userId: number, inviteLink: string): people.JoinByLinkResult {
    return this.track(people.userJoinsByLink(this.engine, userId, inviteLink));
  }
  /** The user leaves the group or channel: chat_member, and the left_chat_member message in a supergroup. */
  userLeaves(userId: number, chatId: number): Message | undefined {
    return this.track(people.userLeaves(this.engine, userId, chatId));
  }
  /** The user writes to the channel's direct messages (a channel created with directMessages: true). */
  userWritesToChannel(userId: number, channelId: number, content: people.UserContent, opts?: { reply_to_message_id?: number }): Message {
    return this.track(people.userWritesToChannel(this.engine, userId, channelId, content, opts));
  }
  userCreatesTopic(userId: number, chatId: number, name: string): number {
    return this.track(people.userCreatesTopic(this.engine, userId, chatId, name));
  }
  /** Queues any JSON as an update with a fresh update_id, unfiltered (robustness tests). */
  queueRawUpdate(obj: object): Update {
    const { update_id: _ignored, ...rest } = obj as Record<string, unknown>;
    return this.track(this.engine.updates.push(rest, true) as Update);
  }

  /** Marks the state changed (saved soon, when it is kept) and passes the value on. */
  private track<T>(value: T): T {
    this.changed();
    return value;
  }

  // ---- looking at what the bot did --------------------------------------------------

  private chatRecord(chatId: number): ChatRecord {
    const rec = this.engine.state.chats.get(chatId);
    if (!rec) throw E.chatNotFound();
    return rec;
  }

  users(): User[] {
    return [...this.engine.state.users.values()];
  }
  chats(): Chat[] {
    return [...this.engine.state.chats.values()].map((r) => r.chat);
  }
  /** The channel's direct messages chat (supergroup, is_direct_messages), if it has one. */
  directMessagesChatOf(channelId: number): Chat | undefined {
    const id = this.chatRecord(channelId).directMessagesId;
    return id === undefined ? undefined : this.engine.state.chats.get(id)?.chat;
  }
  /**
   * Everything in the chat (users' and bot's), in order; threadId 1 = the General topic;
   * topicId: one user's topic of a channel's direct messages chat (its topic_id is the user's id).
   */
  messages(chatId: number, opts: { threadId?: number; topicId?: number } = {}): Message[] {
    let all = [...this.chatRecord(chatId).messages.values()];
    if (opts.topicId !== undefined) all = all.filter((m) => m.direct_messages_topic?.topic_id === opts.topicId);
    const t = opts.threadId;
    if (t === undefined) return all;
    if (t === GENERAL_TOPIC_ID) return all.filter((m) => !m.is_topic_message);
    return all.filter((m) => m.message_thread_id === t && m.is_topic_message);
  }
  message(chatId: number, messageId: number): Message | undefined {
    return this.chatRecord(chatId).messages.get(messageId);
  }
  /** The chat's invite links (the bot's and its primary link), in creation order, revoked ones too. */
  inviteLinks(chatId: number): ChatInviteLink[] {
    return [...this.chatRecord(chatId).inviteLinks.values()].map((l) => ({ ...l }));
  }
  /** Where a user stands in a group or channel now: their status, whether they are in it, whether they asked to join. */
  membership(chatId: number, userId: number): { status: MemberStatus; inChat: boolean; requested: boolean; untilDate?: number } {
    const rec = this.chatRecord(chatId);
    const m = this.engine.state.member(rec, userId);
    const inChat = m.status === 'creator' || m.status === 'administrator' || m.status === 'member' || (m.status === 'restricted' && m.isMember !== false);
    return { status: m.status, inChat, requested: rec.joinRequests.has(userId), ...(m.untilDate ? { untilDate: m.untilDate } : {}) };
  }
  /** Forum topics in creation order, with their closed state; the General topic (thread 1) is left out. */
  topics(chatId: number): (ForumTopic & { closed: boolean })[] {
    return [...this.chatRecord(chatId).topics.values()]
      .filter((t) => t.topic.message_thread_id !== GENERAL_TOPIC_ID)
      .map((t) => ({ ...t.topic, closed: t.closed }));
  }
  /** The latest pinned message of the chat, or of one topic. */
  pinned(chatId: number, threadId?: number): Message | undefined {
    const rec = this.chatRecord(chatId);
    const ids = threadId === undefined ? [...rec.pinned.values()].flat() : (rec.pinned.get(threadId === GENERAL_TOPIC_ID ? 0 : threadId) ?? []);
    const latest = ids.length ? Math.max(...ids) : undefined;
    return latest === undefined ? undefined : rec.messages.get(latest);
  }
  reactions(chatId: number, messageId: number): ReactionType[] {
    return this.chatRecord(chatId).reactions.get(messageId) ?? [];
  }
  /** The reply keyboard the bot last showed in a private chat. */
  replyKeyboard(chatId: number): ReplyKeyboardMarkup | undefined {
    return this.chatRecord(chatId).keyboard;
  }
  callbackAnswer(queryId: string): { text?: string; show_alert?: boolean; url?: string } | undefined {
    return this.engine.state.callbacks.get(queryId)?.answered;
  }
  fileContent(fileId: string): Buffer | undefined {
    return this.engine.state.files.get(fileId)?.data;
  }

  /** Resolves with the predicate's first truthy value; rejects with a clear message on timeout. */
  waitFor<T>(predicate: () => T | undefined | false | null, timeoutMs = 5000): Promise<T> {
    const started = Date.now();
    return new Promise<T>((resolve, reject) => {
      const check = (): void => {
        let v: T | undefined | false | null;
        try {
          v = predicate();
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
          return;
        }
        if (v !== undefined && v !== false && v !== null) resolve(v);
        else if (Date.now() - started >= timeoutMs) reject(new Error(`emulator.waitFor: condition not met within ${timeoutMs} ms`));
        else setTimeout(check, 10);
      };
      check();
    });
  }

  on<K extends keyof EmulatorEvents>(event: K, listener: (...args: EmulatorEvents[K]) => void): this {
    this.engine.on(event, listener as (...args: unknown[]) => void);
    return this;
  }
  off<K extends keyof EmulatorEvents>(event: K, listener: (...args: EmulatorEvents[K]) => void): this {
    this.engine.off(event, listener as (...args: unknown[]) => void);
    return this;
  }
  once<K extends keyof EmulatorEvents>(event: K, listener: (...args: EmulatorEvents[K]) => void): this {
    this.engine.once(event, listener as (...args: unknown[]) => void);
    return this;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}
