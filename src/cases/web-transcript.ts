import { and, desc, eq, gt, inArray, isNull, max, sql } from 'drizzle-orm';
import type { InlineKeyboardMarkup, MessageEntity, ReplyKeyboardMarkup } from 'grammy/types';
import type { Db } from '../db/open.ts';
import { clients, webMessages } from '../db/schema/index.ts';
import { SEAL } from './deps.ts';
import type { Vault } from '../privacy/vault.ts';

/** What a web conversation's page shows of one message, sealed in `web_messages.body_sealed`. */
export interface WebBody {
  text: string;
  entities?: MessageEntity[];
  /** Buttons under the message (inline), or the keyboard it put in place of the person's own (reply). */
  markup?: InlineKeyboardMarkup | ReplyKeyboardMarkup | { remove_keyboard: true } | { force_reply: true };
  /** The message of this page it answers. */
  replyTo?: number;
  /** A worker's words (a reply from the staff topic or the console), not the bot's own. */
  fromStaff?: true;
}

export interface WebMessage extends WebBody {
  id: number;
  author: 'client' | 'bot';
  at: Date;
  edited: boolean;
}

type Deps = { db: Db; vault: Vault };

export async function appendWebMessage(d: Deps, clientId: number, author: WebMessage['author'], body: WebBody): Promise<{ id: number; at: Date }> {
  const [row] = await d.db
    .insert(webMessages)
    .values({ clientId, author, bodySealed: d.vault.sealJson(SEAL.webMessage, body) })
    .returning({ id: webMessages.id, at: webMessages.createdAt });
  return row!;
}

/** The most a page shows: the newest ones (a conversation that long is read from its end). */
const PAGE_MOST = 500;

/** The page's newest messages after `after` (from 0: the page), oldest first; unreadable ones (a destroyed key) are left out. */
export async function webMessagesOf(d: Deps, clientId: number, after = 0): Promise<WebMessage[]> {
  const rows = await d.db
    .select()
    .from(webMessages)
    .where(and(eq(webMessages.clientId, clientId), gt(webMessages.id, after)))
    .orderBy(desc(webMessages.id))
    .limit(PAGE_MOST);
  return rows.reverse().flatMap((r) => toWebMessage(d, r) ?? []);
}

export async function webMessageOf(d: Deps, clientId: number, id: number): Promise<WebMessage | undefined> {
  const [r] = await d.db.select().from(webMessages).where(and(eq(webMessages.clientId, clientId), eq(webMessages.id, id)));
  return r ? toWebMessage(d, r) : undefined;
}

function toWebMessage(d: Deps, r: typeof webMessages.$inferSelect): WebMessage | undefined {
  const body = d.vault.tryOpen(SEAL.webMessage, r.bodySealed);
  if (body === null) return undefined;
  return { ...(JSON.parse(body) as WebBody), id: r.id, author: r.author as WebMessage['author'], at: r.createdAt, edited: r.editedAt !== null };
}

export async function replaceWebMessage(d: Deps, clientId: number, id: number, body: WebBody): Promise<boolean> {
  const rows = await d.db
    .update(webMessages)
    .set({ bodySealed: d.vault.sealJson(SEAL.webMessage, body), editedAt: sql`now()` })
    .where(and(eq(webMessages.clientId, clientId), eq(webMessages.id, id), eq(webMessages.author, 'bot')))
    .returning({ id: webMessages.id });
  return rows.length > 0;
}

/** Deletes the page's messages among `ids` (a bot may delete both sides of a private chat); returns how many went. */
export async function deleteWebMessages(d: Deps, clientId: number, ids: number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await d.db
    .delete(webMessages)
    .where(and(eq(webMessages.clientId, clientId), inArray(webMessages.id, ids)))
    .returning({ id: webMessages.id });
  return rows.length;
}

/** The web client a chat id's hashes find (any held key's), unless forgotten. */
export async function webClientOf(d: Deps, hashes: string[]): Promise<typeof clients.$inferSelect | undefined> {
  const [row] = await d.db
    .select()
    .from(clients)
    .where(and(inArray(clients.tgHash, hashes), eq(clients.channel, 'web'), isNull(clients.forgottenAt)));
  return row;
}

/** The id of the page's newest message (0: none): what came before an action, or whether anything came since. */
export async function lastWebMessageId(d: Pick<Deps, 'db'>, clientId: number): Promise<number> {
  const [row] = await d.db.select({ id: max(webMessages.id) }).from(webMessages).where(eq(webMessages.clientId, clientId));
  return row?.id ?? 0;
}
