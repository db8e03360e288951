import { and, asc, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
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

/** The page's messages after `after` (all of them from 0), oldest first; unreadable ones (a destroyed key) are left out. */
export async function webMessagesOf(d: Deps, clientId: number, after = 0): Promise<WebMessage[]> {
  const rows = await d.db
    .select()
    .from(webMessages)
    .where(and(eq(webMessages.clientId, clientId), gt(webMessages.id, after)))
    .orderBy(asc(webMessages.id))
    .limit(1000);
  const out: WebMessage[] = [];
  for (const r of rows) {
    const body = d.vault.tryOpen(SEAL.webMessage, r.bodySealed);
    if (body === null) continue;
    out.push({ ...(JSON.parse(body) as WebBody), id: r.id, author: r.author as WebMessage['author'], at: r.createdAt, edited: r.editedAt !== null });
  }
  return out;
}

export async function webMessageOf(d: Deps, clientId: number, id: number): Promise<WebMessage | undefined> {
  const [r] = await d.db.select().from(webMessages).where(and(eq(webMessages.clientId, clientId), eq(webMessages.id, id)));
  if (!r) return undefined;
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

/** Deletes the bot's messages among `ids`; returns how many went. */
export async function deleteWebMessages(d: Deps, clientId: number, ids: number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await d.db
    .delete(webMessages)
    .where(and(eq(webMessages.clientId, clientId), inArray(webMessages.id, ids)))
    .returning({ id: webMessages.id });
  return rows.length;
}

/** Everything on a conversation's page ("end and erase", /forget). */
export async function eraseWebMessages(db: Db, clientId: number): Promise<number> {
  const rows = await db.delete(webMessages).where(eq(webMessages.clientId, clientId)).returning({ id: webMessages.id });
  return rows.length;
}

/** Retention: a web client's page up to the moment their case closed goes with the case's text. */
export async function eraseWebMessagesUntil(db: Db, clientId: number, until: Date): Promise<number> {
  const rows = await db
    .delete(webMessages)
    .where(and(eq(webMessages.clientId, clientId), lte(webMessages.createdAt, until)))
    .returning({ id: webMessages.id });
  return rows.length;
}

/** The web client a chat id's hashes find (any held key's), unless forgotten. */
export async function webClientIdOf(d: Deps, hashes: string[]): Promise<number | undefined> {
  const [row] = await d.db
    .select({ id: clients.id })
    .from(clients)
    .where(and(inArray(clients.tgHash, hashes), eq(clients.channel, 'web'), isNull(clients.forgottenAt)));
  return row?.id;
}
