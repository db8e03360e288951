import { and, eq, sql } from 'drizzle-orm';
import type { MessageEntity } from 'grammy/types';
import type { Db } from '../db/open.ts';
import { caseEvents, cases, clients, messagePairs, messages } from '../db/schema/index.ts';
import { t } from '../i18n/index.ts';
import type { Op, OutboxItem } from '../outbox/sender.ts';
import { clientTarget, type NewItem } from '../outbox/store.ts';
import { apiError, isBlocked } from './api-errors.ts';
import { readableAddress, toClient } from './clients.ts';
import { copyWhole } from './copy.ts';
import { topicMessage } from './deliveries.ts';
import type { CaseDeps } from './deps.ts';
import { fitInto, renderFitted } from './fit.ts';
import { storedText } from './message-store.ts';
import type { Locale } from '../config.ts';
import { fromStaffTo, isWebChat } from '../domain/web-chat.ts';

/** What goes from a worker to a client's private chat, through the outbox. */
export const CLIENT_OPS = { copy: 'client.copy', text: 'client.text' } as const;

export interface ClientCopyPayload {
  messageId: number;
  staffChatId: number;
  /** The worker's message in the topic, copied (never forwarded) to the client. */
  staffMsgId: number;
  replyToStaffMsgId?: number;
  caption?: string;
  captionEntities?: MessageEntity[];
}

export interface ClientTextPayload {
  messageId: number;
  text: string;
  /** Who wrote it, for the copy in the topic. */
  author: string;
}

export function clientCopy(clientId: number, caseId: number, p: ClientCopyPayload): NewItem {
  return { target: clientTarget(clientId), op: CLIENT_OPS.copy, caseId, payload: { ...p }, dedupeKey: `reply:${p.staffChatId}:${p.staffMsgId}` };
}

export function clientText(clientId: number, caseId: number, p: ClientTextPayload): NewItem {
  return { target: clientTarget(clientId), op: CLIENT_OPS.text, caseId, payload: { ...p } };
}

export function clientOps(d: CaseDeps): Record<string, Op> {
  const clientOf = async (item: OutboxItem) => {
    const id = Number(item.target.slice('client:'.length));
    const [client] = await d.db.select().from(clients).where(eq(clients.id, id));
    if (!client) throw new Error('outbox item for a missing client');
    return client;
  };
  return {
    [CLIENT_OPS.copy]: {
      async deliver(item, payload) {
        const p = payload as unknown as ClientCopyPayload;
        const client = await clientOf(item);
        const replyTo = p.replyToStaffMsgId ? await clientSideOf(d.db, p.staffChatId, p.replyToStaffMsgId) : undefined;
        const message = { messageId: p.staffMsgId, caption: p.caption, captionEntities: p.captionEntities };
        const to = readableAddress(d, client);
        if (!to) return unreachable(d, item, p);
        if (isWebChat(to.chatId)) {
          // A web page has no chat to copy into: it gets the words as they were stored, and a file
          // only its name — which the worker is told, under their message, so they write it out.
          const stored = await storedText(d, p.messageId, client.locale as Locale);
          const sent = await d.api.sendMessage(to.chatId, stored.text, fromStaffTo(to.chatId));
          const [kase] = await d.db.select({ id: cases.id, staffChatId: cases.staffChatId }).from(cases).where(eq(cases.id, item.caseId!));
          return {
            effects: async (tx) => {
              await tx.insert(messagePairs).values({ messageId: p.messageId, clientId: client.id, staffChatId: p.staffChatId, origin: 'staff', part: 'main', clientMsgId: sent.message_id, staffMsgId: p.staffMsgId });
              return stored.file && kase ? [topicMessage(d, kase, { text: t(d.staffLocale, 'staff-web-file-not-shown'), replyTo: p.staffMsgId })] : [];
            },
          };
        }
        const copies = await copyWhole(d.api, { chatId: p.staffChatId, message }, { chatId: to.chatId, directTopicId: to.topicId, replyTo });
        return {
          effects: async (tx) => {
            await tx.insert(messagePairs).values(
              copies.map((c) => ({ messageId: p.messageId, clientId: client.id, staffChatId: p.staffChatId, origin: 'staff', part: c.part, clientMsgId: c.msgId, staffMsgId: p.staffMsgId })),
            );
          },
        };
      },
      refused: (item, payload, err) => undelivered(d, item, payload as unknown as ClientCopyPayload, err),
    },
    [CLIENT_OPS.text]: {
      async deliver(item, payload) {
        const p = payload as unknown as ClientTextPayload;
        const client = await clientOf(item);
        const to = readableAddress(d, client);
        if (!to) return unreachable(d, item, p);
        const sent = await d.api.sendMessage(to.chatId, p.text, { ...toClient(to), ...fromStaffTo(to.chatId) });
        const [kase] = await d.db.select({ id: cases.id, staffChatId: cases.staffChatId }).from(cases).where(eq(cases.id, item.caseId!));
        if (!kase) return {};
        // The topic shows what went out and who wrote it; paired, so a client replying to it lands as a reply to the copy.
        const copy = renderFitted((words) => t(d.staffLocale, 'console-topic-copy', { name: p.author, text: words }), p.text);
        return { effects: async () => [topicMessage(d, kase, { text: copy, pairWith: { messageId: p.messageId, clientId: client.id, clientMsgId: sent.message_id } })] };
      },
      refused: (item, payload, err) => undelivered(d, item, payload as unknown as ClientTextPayload, err),
    },
  };
}

/**
 * Telegram refused the reply for good: the message is recorded as not delivered (blocked: the
 * client blocked the bot), and the topic says so, under the worker's message when it came from there.
 */
async function undelivered(d: CaseDeps, item: OutboxItem, p: { messageId: number; staffMsgId?: number }, err: unknown) {
  const blocked = isBlocked(err);
  const delivery = blocked ? 'blocked' : 'failed';
  const [kase] = await d.db.select({ id: cases.id, staffChatId: cases.staffChatId }).from(cases).where(eq(cases.id, item.caseId!));
  d.log.warn({ event: 'reply.undelivered', case: item.caseId ?? undefined, code: apiError(err)?.code }, 'reply not delivered');
  const notice = blocked ? t(d.staffLocale, 'staff-client-blocked') : t(d.staffLocale, 'staff-delivery-failed', { reason: fitInto(apiError(err)?.description ?? '', 0, 300) });
  return {
    effects: async (tx: Db) => {
      if (blocked) await tx.update(clients).set({ blockedAt: sql`now()` }).where(eq(clients.id, Number(item.target.slice('client:'.length))));
      await tx.update(messages).set({ delivery }).where(eq(messages.id, p.messageId));
      await tx
        .update(caseEvents)
        .set({ data: sql`${caseEvents.data} || ${JSON.stringify({ delivery })}::jsonb` })
        .where(and(eq(caseEvents.messageId, p.messageId), eq(caseEvents.kind, 'staff_message')));
      return kase ? [topicMessage(d, kase, { text: notice, replyTo: p.staffMsgId })] : [];
    },
  };
}

/**
 * The client's address was sealed under a destroyed key (an item queued just before the destroy,
 * sealed under the new key by an instance that had picked it up): recorded as not delivered, and
 * the topic told once per case.
 */
async function unreachable(d: CaseDeps, item: OutboxItem, p: { messageId: number }) {
  const [kase] = await d.db.select({ id: cases.id, staffChatId: cases.staffChatId }).from(cases).where(eq(cases.id, item.caseId!));
  d.log.warn({ event: 'reply.unreachable', case: item.caseId ?? undefined }, 'reply not delivered: the key was destroyed');
  return {
    effects: async (tx: Db) => {
      await tx.update(messages).set({ delivery: 'failed' }).where(eq(messages.id, p.messageId));
      return kase ? [topicMessage(d, kase, { text: t(d.staffLocale, 'staff-client-unreachable') }, `unreachable:${kase.id}`)] : [];
    },
  };
}

/** The client's copy of a message in the staff group (or the client's own message a copy came from). */
async function clientSideOf(db: Db, staffChatId: number, staffMsgId: number): Promise<number | undefined> {
  const [hit] = await db
    .select({ messageId: messagePairs.messageId })
    .from(messagePairs)
    .where(and(eq(messagePairs.staffChatId, staffChatId), eq(messagePairs.staffMsgId, staffMsgId)));
  if (!hit) return undefined;
  const rows = await db.select({ clientMsgId: messagePairs.clientMsgId, part: messagePairs.part }).from(messagePairs).where(eq(messagePairs.messageId, hit.messageId));
  return rows.find((r) => r.part === 'main' || r.part.startsWith('batch:'))?.clientMsgId;
}
