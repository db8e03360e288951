import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Update, UserFromGetMe } from 'grammy/types';
import type { Locale } from '../config.ts';
import { findOrCreateClient, setClientLocale, type Client } from '../cases/clients.ts';
import { forgetClient } from '../cases/forget.ts';
import { HASH } from '../cases/deps.ts';
import { appendWebMessage, lastWebMessageId, webClientOf, webMessageOf, webMessagesOf, type WebMessage } from '../cases/web-transcript.ts';
import { inbox as inboxTable } from '../db/schema/index.ts';
import { isSecretShape, newSecret, WEB_CALLBACK_PREFIX, WEB_FIRST_CONTACT, webChatId, webUpdateId } from '../domain/web-chat.ts';
import type { Inbox } from '../inbox/inbox.ts';
import { detectEntities } from '../bot-api/format.ts';
import type { BotDeps } from '../telegram/deps.ts';
import { mainMenu, MENU } from '../telegram/client/menu.ts';
import { t } from '../i18n/index.ts';
import type { WebChatGuard } from './abuse.ts';
import type { WebTransport } from './transport.ts';

/** The longest message a person may send from the page (Telegram's limit leaves room for the topic's copy). */
export const WEB_MESSAGE_MAX = 3000;

export interface WebChatDeps {
  d: BotDeps;
  inbox: Inbox;
  transport: WebTransport;
  guard: WebChatGuard;
  bot: Pick<UserFromGetMe, 'id' | 'first_name' | 'username'>;
}

/** An open web conversation: the secret from its link, the chat id it stands for, and its client. */
export interface Conversation {
  secret: string;
  chatId: number;
  client: Client;
}

/**
 * A fresh secret for the first-message form, signed so that only secrets this server made can
 * start a conversation (a person cannot choose a guessable one), and so that sending the same
 * form twice lands in one conversation.
 */
export function offerSecret(w: WebChatDeps): { secret: string; sig: string } {
  const secret = newSecret();
  return { secret, sig: signSecret(w, secret) };
}

function signSecret(w: WebChatDeps, secret: string): string {
  return createHmac('sha256', w.d.vault.derive('web-chat-offer')).update(secret).digest('base64url').slice(0, 22);
}

export function isOfferedSecret(w: WebChatDeps, secret: string, sig: string): boolean {
  if (!isSecretShape(secret)) return false;
  const want = Buffer.from(signSecret(w, secret));
  const got = Buffer.from(sig);
  return want.length === got.length && timingSafeEqual(want, got);
}

/** A one-time token for a form: the same form sent twice is one message (domain/web-chat.ts). */
export const formToken = (): string => randomBytes(16).toString('base64url');

export async function findConversation(w: WebChatDeps, secret: string): Promise<Conversation | undefined> {
  if (!isSecretShape(secret)) return undefined;
  const chatId = webChatId(secret);
  const client = await webClientOf(w.d, w.d.vault.hashes(HASH.telegramUser, chatId));
  return client ? { secret, chatId, client } : undefined;
}

export type FirstStep = { text: string; token: string } | { overdose: true; token: string };

/**
 * The start page's form: the conversation behind the offered secret is opened (or found, when the
 * same form comes again: a reload, a double click), and its first step taken — a message, or the
 * bot's menu with its overdose button pressed, the flow a Telegram client starts with one tap.
 * `newAfter`: the last message before the step's answers.
 */
export function startWith(w: WebChatDeps, secret: string, locale: Locale, first: FirstStep): Promise<{ conversation: Conversation; created: boolean; sent?: Sent; newAfter: number }> {
  return oneAtATime(webChatId(secret), async () => {
    const { conversation, created } = await startConversation(w, secret, locale);
    const before = await lastMessageId(w, conversation);
    if ('text' in first) return { conversation, created, sent: await send(w, conversation, first), newAfter: before };
    // Pressed again on the same start page: the conversation it opened is the answer.
    if (!created) return { conversation, created, newAfter: before };
    const menu = await w.d.api.sendMessage(conversation.chatId, t(locale, 'client-menu-prompt'), { reply_markup: mainMenu(locale) });
    await press(w, conversation, { messageId: menu.message_id, data: MENU.overdose, token: first.token });
    return { conversation, created, newAfter: menu.message_id };
  });
}

/** Opens the conversation behind an offered secret (or finds it, when the same form comes again). */
async function startConversation(w: WebChatDeps, secret: string, locale: Locale): Promise<{ conversation: Conversation; created: boolean }> {
  const found = await findConversation(w, secret);
  if (found) return { conversation: found, created: false };
  const chatId = webChatId(secret);
  const client = await findOrCreateClient(w.d, { id: chatId, language_code: locale }, WEB_FIRST_CONTACT, { chatId });
  w.d.locales.set(chatId, client.locale as Locale);
  w.guard.noteNewConversation();
  w.d.log.info({ event: 'web_chat.started' }, 'web conversation started');
  return { conversation: { secret, chatId, client }, created: true };
}

export type Sent = { ok: true; duplicate?: boolean } | { ok: false; problem: 'empty' | 'too-long' | 'slow-down' | 'busy'; retryAfterSec?: number };

/**
 * A message the person wrote on the page: kept on their page, then handed to the bot as the
 * Telegram update a private chat would bring (the overdose reply first, on arrival), and answered
 * once the bot has handled it, so the page in the response shows what the bot said.
 */
export function sendFromPage(w: WebChatDeps, c: Conversation, input: { text: string; token: string; replyTo?: number }): Promise<Sent> {
  return oneAtATime(c.chatId, () => send(w, c, input));
}

async function send(w: WebChatDeps, c: Conversation, input: { text: string; token: string; replyTo?: number }): Promise<Sent> {
  const text = input.text.replace(/\r\n?/g, '\n').trim();
  if (text === '') return { ok: false, problem: 'empty' };
  if (text.length > WEB_MESSAGE_MAX) return { ok: false, problem: 'too-long' };
  // The same form with the same words is a resubmission; an old page (the browser's Back) sending
  // other words, or a press, with the same token is not.
  const updateId = webUpdateId(c.chatId, `send:${input.token}:${text}`);
  if (await alreadyStored(w, updateId)) return { ok: true, duplicate: true };
  const admitted = w.guard.admitMessage(String(c.client.id));
  // Their own pace, or everyone's together: the page says which, so nobody is told off for a crowd.
  if (!admitted.ok) return { ok: false, problem: admitted.reason === 'global' ? 'busy' : 'slow-down', retryAfterSec: admitted.retryAfterSec };

  const replyTo = input.replyTo !== undefined ? await webMessageOf(w.d, c.client.id, input.replyTo) : undefined;
  const { id, at } = await appendWebMessage(w.d, c.client.id, 'client', { text, ...(replyTo ? { replyTo: replyTo.id } : {}) });
  w.transport.changed(c.client.id);
  const chat = chatOf(c);
  const date = Math.floor(at.getTime() / 1000);
  const entities = detectEntities(text);
  const update = {
    update_id: updateId,
    message: {
      message_id: id,
      date,
      chat,
      from: personOf(c),
      text,
      ...(entities.length ? { entities } : {}),
      ...(replyTo ? { reply_to_message: w.transport.messageOf(c.chatId, replyTo) } : {}),
    },
  } as Update;
  await handOver(w, update);
  return { ok: true };
}

/** A button the person pressed under one of the bot's messages on their page. */
export function pressOnPage(w: WebChatDeps, c: Conversation, input: { messageId: number; data: string; token: string }): Promise<'pressed' | 'duplicate' | 'no-such-button'> {
  return oneAtATime(c.chatId, () => press(w, c, input));
}

async function press(w: WebChatDeps, c: Conversation, input: { messageId: number; data: string; token: string }): Promise<'pressed' | 'duplicate' | 'no-such-button'> {
  const message = await webMessageOf(w.d, c.client.id, input.messageId);
  // As in Telegram, only a button the message shows can be pressed.
  const buttons = message && message.author === 'bot' && message.markup && 'inline_keyboard' in message.markup ? message.markup.inline_keyboard.flat() : [];
  if (!buttons.some((b) => 'callback_data' in b && b.callback_data === input.data)) return 'no-such-button';
  const updateId = webUpdateId(c.chatId, `press:${input.token}:${input.messageId}:${input.data}`);
  if (await alreadyStored(w, updateId)) return 'duplicate';
  const update = {
    update_id: updateId,
    callback_query: {
      id: `${WEB_CALLBACK_PREFIX}${randomBytes(8).toString('hex')}`,
      from: personOf(c),
      chat_instance: `web-${c.client.id}`,
      message: w.transport.messageOf(c.chatId, message!),
      data: input.data,
    },
  } as Update;
  await handOver(w, update);
  return 'pressed';
}

/** The page's language: the client's, changed from the page. */
export async function setPageLocale(w: WebChatDeps, c: Conversation, locale: Locale): Promise<void> {
  await setClientLocale(w.d, c.client.id, locale);
  w.d.locales.set(c.chatId, locale);
  c.client.locale = locale;
}

/** The id of the page's newest message (0: none). */
export function lastMessageId(w: WebChatDeps, c: Conversation): Promise<number> {
  return lastWebMessageId(w.d, c.client.id);
}

export function pageMessages(w: WebChatDeps, c: Conversation, after = 0): Promise<WebMessage[]> {
  return webMessagesOf(w.d, c.client.id, after);
}

/** "End and erase": the client forgotten (cases/forget.ts), their page deleted with it, the link dead. */
export async function endConversation(w: WebChatDeps, c: Conversation): Promise<void> {
  await forgetClient(w.d, c.client.id);
  w.transport.changed(c.client.id);
  w.d.log.info({ event: 'web_chat.ended' }, 'web conversation ended and erased');
}

/**
 * A conversation's start, sends and presses run one at a time in this process (by chat id): a
 * double click posts the same form twice at once, and the second must find what the first did
 * (the conversation, the stored update) rather than race it.
 */
const running = new Map<number, Promise<unknown>>();
function oneAtATime<T>(chatId: number, fn: () => Promise<T>): Promise<T> {
  const before = running.get(chatId) ?? Promise.resolve();
  const next = before.then(fn, fn);
  const tail = next.catch(() => undefined);
  running.set(chatId, tail);
  void tail.then(() => {
    if (running.get(chatId) === tail) running.delete(chatId);
  });
  return next;
}

async function handOver(w: WebChatDeps, update: Update): Promise<void> {
  // The overdose reply goes out on arrival, from memory, before anything is stored.
  w.d.emergency.onArrival(update);
  await w.inbox.accept([update]);
  await w.inbox.settled(update as unknown as Record<string, unknown>);
}

async function alreadyStored(w: WebChatDeps, updateId: number): Promise<boolean> {
  const [row] = await w.d.db.select({ id: inboxTable.updateId }).from(inboxTable).where(eq(inboxTable.updateId, updateId));
  return row !== undefined;
}

const chatOf = (c: Conversation) => ({ id: c.chatId, type: 'private' as const, first_name: 'Web' });
const personOf = (c: Conversation) => ({ id: c.chatId, is_bot: false as const, first_name: 'Web', language_code: c.client.locale });
