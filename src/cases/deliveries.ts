import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { MessageEntity } from 'grammy/types';
import { cases, clients, messagePairs, messages, outbox } from '../db/schema/index.ts';
import { localTimeOf } from '../organisation/mobile-units.ts';
import type { Db } from '../db/open.ts';
import { t } from '../i18n/index.ts';
import { LANE } from '../outbox/limits.ts';
import type { Delivered, Op, OutboxItem, Turn } from '../outbox/sender.ts';
import { groupTarget, OUTBOX_SEAL, parseTarget, type NewItem } from '../outbox/store.ts';
import type { Case } from './case-store.ts';
import { readableAddress } from './clients.ts';
import { copyWhole } from './copy.ts';
import { MESSAGE_LIMIT } from './fit.ts';
import { SEAL, type Buttons, type CaseDeps } from './deps.ts';
import { topicClientColumns, topicHeader, topicName } from './lifecycle.ts';
import { isThreadGone } from './topics.ts';
import { isWebChat } from '../domain/web-chat.ts';
import { storedText } from './message-store.ts';

/**
 * What the case actions send into a case's topic goes through the outbox: queued with the change
 * that causes it, delivered in order within the staff group's budget, the topic (and its header
 * with the claim button) created by the delivery when the case has none yet, or none any more.
 */
export const TOPIC_OPS = { copy: 'topic.copy', send: 'topic.send', close: 'topic.close' } as const;

export interface TopicMessage {
  text: string;
  parseMode?: 'HTML';
  keyboard?: Buttons;
  /** A message of the topic it answers. */
  replyTo?: number;
  lane?: number;
  /** After delivery: pair it with a message of the case (a console reply's copy), so replies to it reach the client. */
  pairWith?: { messageId: number; clientId: number; clientMsgId: number };
}

/** The staff group a case's topic is in, or goes to. */
export function staffGroupOf(d: Pick<CaseDeps, 'staffChatId'>, kase: Pick<Case, 'staffChatId'>): number {
  return kase.staffChatId ?? d.staffChatId;
}

/** An item that posts `m` into the case's topic. */
export function topicMessage(d: Pick<CaseDeps, 'staffChatId'>, kase: Pick<Case, 'id' | 'staffChatId'>, m: TopicMessage, dedupeKey?: string): NewItem {
  const { lane, ...payload } = m;
  return { target: groupTarget(staffGroupOf(d, kase)), op: TOPIC_OPS.send, caseId: kase.id, lane: lane ?? LANE.normal, payload, dedupeKey };
}

/** Queues a notice in the case's topic and wakes the sender. */
export async function queueInTopic(d: CaseDeps, kase: Pick<Case, 'id' | 'staffChatId'>, m: TopicMessage): Promise<void> {
  await d.outbox.send([topicMessage(d, kase, m)]);
}

export interface CopyPayload {
  clientId: number;
  clientMsgId: number;
  /** The message row the copies are paired with. */
  messageId: number;
  /** The client replied to one of their own or the bot's messages: the copy replies to its counterpart. */
  replyToClientMsgId?: number;
  /** Only a caption over the copy limit travels here, to be sent as its own message. */
  caption?: string;
  captionEntities?: MessageEntity[];
}

/** An item that copies a client's message into the case's topic (never forwards it). */
export function topicCopy(d: Pick<CaseDeps, 'staffChatId'>, kase: Pick<Case, 'id' | 'staffChatId'>, p: CopyPayload): NewItem {
  return { target: groupTarget(staffGroupOf(d, kase)), op: TOPIC_OPS.copy, caseId: kase.id, payload: { ...p }, dedupeKey: `copy:${p.clientId}:${p.clientMsgId}` };
}

/** Where an item in a case's topic goes, once the topic exists. */
export interface InTopic {
  kase: Case;
  chatId: number;
  threadId: number;
}

/**
 * An op that posts into a case's topic: when the case has no topic in the item's group (or staff
 * deleted it), the delivery opens one, queues its header ahead, and the item is taken again.
 */
export function topicOp(d: CaseDeps, post: (at: InTopic, payload: Record<string, unknown>, item: OutboxItem, turn: Turn) => Promise<Delivered>): Op {
  const loadCase = async (item: OutboxItem) => (await d.db.select().from(cases).where(eq(cases.id, item.caseId!)))[0];
  return {
    async deliver(item, payload, turn) {
      const kase = await loadCase(item);
      if (!kase) throw new Error('outbox item for a missing case');
      const { chatId } = parseTarget(item.target) as { chatId: number };
      if (kase.topicId === null || kase.staffChatId !== chatId) {
        await openTopic(d, kase, chatId, false);
        return { again: true };
      }
      return post({ kase, chatId, threadId: kase.topicId }, payload, item, turn);
    },
    async refused(item, _payload, err) {
      if (!isThreadGone(err)) return undefined;
      const kase = await loadCase(item);
      if (!kase) return undefined;
      await d.db.update(cases).set({ topicId: null }).where(eq(cases.id, kase.id));
      await openTopic(d, { ...kase, topicId: null }, (parseTarget(item.target) as { chatId: number }).chatId, true);
      return { again: true };
    },
  };
}

/** The outbox ops for case topics. */
export function topicOps(d: CaseDeps): Record<string, Op> {
  return {
    [TOPIC_OPS.copy]: topicOp(d, async (at, payload, item, turn) => {
      const p = payload as unknown as CopyPayload;
      const batch = turn.backlog ? await waitingTexts(d, item, p) : undefined;
      if (batch) return sendBatch(d, at, batch);
      const [client] = await d.db.select().from(clients).where(eq(clients.id, p.clientId));
      if (!client) throw new Error('outbox copy for a missing client');
      // The client's chat was sealed under a destroyed key: the message cannot be copied from it.
      const from = readableAddress(d, client);
      if (!from) return {};
      const replyTo = p.replyToClientMsgId ? await staffSideOf(d.db, p.clientId, p.replyToClientMsgId, at.chatId) : undefined;
      if (isWebChat(from.chatId)) {
        // Nothing in Telegram to copy from: the web conversation's words, sent as plain text (never HTML).
        const sent = await d.api.sendMessage(at.chatId, (await storedText(d, p.messageId, d.staffLocale)).text, {
          message_thread_id: at.threadId,
          reply_parameters: replyTo ? { message_id: replyTo, allow_sending_without_reply: true } : undefined,
        });
        return { effects: async (tx) => void (await tx.insert(messagePairs).values({ messageId: p.messageId, clientId: p.clientId, staffChatId: at.chatId, origin: 'client', part: 'main', clientMsgId: p.clientMsgId, staffMsgId: sent.message_id })) };
      }
      const message = { messageId: p.clientMsgId, caption: p.caption, captionEntities: p.captionEntities };
      const copies = await copyWhole(d.api, { chatId: from.chatId, message }, { chatId: at.chatId, threadId: at.threadId, replyTo });
      return {
        effects: async (tx) => {
          await tx.insert(messagePairs).values(
            copies.map((c) => ({ messageId: p.messageId, clientId: p.clientId, staffChatId: at.chatId, origin: 'client', part: c.part, clientMsgId: p.clientMsgId, staffMsgId: c.msgId })),
          );
        },
      };
    }),
    [TOPIC_OPS.send]: topicOp(d, async (at, payload) => {
      const m = payload as unknown as TopicMessage;
      const sent = await d.api.sendMessage(at.chatId, m.text, {
        message_thread_id: at.threadId,
        parse_mode: m.parseMode,
        reply_markup: m.keyboard,
        reply_parameters: m.replyTo ? { message_id: m.replyTo, allow_sending_without_reply: true } : undefined,
      });
      const pair = m.pairWith;
      if (!pair) return {};
      return {
        effects: async (tx) => {
          await tx.insert(messagePairs).values({ messageId: pair.messageId, clientId: pair.clientId, staffChatId: at.chatId, origin: 'staff', part: 'main', clientMsgId: pair.clientMsgId, staffMsgId: sent.message_id });
        },
      };
    }),
    [TOPIC_OPS.close]: {
      async deliver(item) {
        const [kase] = await d.db.select().from(cases).where(eq(cases.id, item.caseId!));
        const { chatId } = parseTarget(item.target) as { chatId: number };
        if (kase?.topicId && kase.staffChatId === chatId) await d.api.closeForumTopic(chatId, kase.topicId);
        return {};
      },
      // Closed already, or deleted: nothing left to close.
      refused: async () => ({}),
    },
  };
}

interface Waiting {
  itemId: number;
  p: CopyPayload;
  body: string;
  at: Date;
}

/** The most client messages one block carries. */
const BATCH_MAX = 20;

/**
 * A case's text messages waiting for the group, from this one on, when there are several and the
 * group's budget is holding the queue back (`turn.backlog`): one message with their times then
 * costs one send instead of one each. A reply, a long caption or anything else queued for
 * the case in between ends the run, so the topic's order is kept.
 */
async function waitingTexts(d: CaseDeps, item: OutboxItem, first: CopyPayload): Promise<Waiting[] | undefined> {
  if (first.replyToClientMsgId || first.caption) return undefined;
  const later = await d.db
    .select({ id: outbox.id, op: outbox.op, payloadSealed: outbox.payloadSealed })
    .from(outbox)
    .where(and(eq(outbox.target, item.target), eq(outbox.caseId, item.caseId!), eq(outbox.status, 'pending'), gt(outbox.id, item.id)))
    .orderBy(asc(outbox.id))
    .limit(BATCH_MAX - 1);
  const run: { itemId: number; p: CopyPayload }[] = [{ itemId: item.id, p: first }];
  for (const row of later) {
    if (row.op !== TOPIC_OPS.copy || !row.payloadSealed) break;
    const p = d.vault.openJson<CopyPayload>(OUTBOX_SEAL, row.payloadSealed);
    if (p.replyToClientMsgId || p.caption) break;
    run.push({ itemId: row.id, p });
  }
  if (run.length < 2) return undefined;
  const rows = await d.db
    .select({ id: messages.id, kind: messages.kind, bodySealed: messages.bodySealed, createdAt: messages.createdAt })
    .from(messages)
    .where(inArray(messages.id, run.map((r) => r.p.messageId)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const texts: Waiting[] = [];
  for (const r of run) {
    const m = byId.get(r.p.messageId);
    const body = m && m.kind === 'text' && m.bodySealed ? d.vault.tryOpen(SEAL.messageBody, m.bodySealed) : null;
    if (!m || body === null) break;
    texts.push({ ...r, body, at: m.createdAt });
  }
  return texts.length >= 2 ? texts : undefined;
}

/** One message carrying a run of waiting texts, each under its time; the other items are done with it. */
async function sendBatch(d: CaseDeps, at: InTopic, run: Waiting[]): Promise<Delivered> {
  const behind = Math.max(1, Math.round((d.now().getTime() - run[0]!.at.getTime()) / 60_000));
  // Room for the longest head; the first text always goes (it was within Telegram's limit), the rest while they fit.
  const room = MESSAGE_LIMIT - t(d.staffLocale, 'staff-batch-head', { count: BATCH_MAX, behind }).length;
  const blocks: string[] = [];
  const carried: Waiting[] = [];
  let used = 0;
  for (const w of run) {
    const block = `${localTimeOf(d.settings, w.at)}\n${w.body}`;
    if (carried.length > 0 && used + block.length + 2 > room) break;
    blocks.push(block);
    carried.push(w);
    used += block.length + 2;
  }
  const text = [t(d.staffLocale, 'staff-batch-head', { count: carried.length, behind }), ...blocks].join('\n\n').slice(0, MESSAGE_LIMIT);
  const sent = await d.api.sendMessage(at.chatId, text, { message_thread_id: at.threadId });
  return {
    effects: async (tx) => {
      await tx.insert(messagePairs).values(
        carried.map((w) => ({ messageId: w.p.messageId, clientId: w.p.clientId, staffChatId: at.chatId, origin: 'client', part: `batch:${w.p.messageId}`, clientMsgId: w.p.clientMsgId, staffMsgId: sent.message_id })),
      );
      const others = carried.slice(1).map((w) => w.itemId);
      if (others.length > 0) await tx.update(outbox).set({ status: 'done', payloadSealed: null, doneAt: sql`now()` }).where(inArray(outbox.id, others));
    },
  };
}

/** The copy in the staff group of a client's message (or the client's copy of a staff message). */
async function staffSideOf(db: Db, clientId: number, clientMsgId: number, chatId: number): Promise<number | undefined> {
  const rows = await db
    .select({ staffMsgId: messagePairs.staffMsgId, part: messagePairs.part, staffChatId: messagePairs.staffChatId })
    .from(messagePairs)
    .where(and(eq(messagePairs.clientId, clientId), eq(messagePairs.clientMsgId, clientMsgId)));
  return rows.find((r) => r.part === 'main' && r.staffChatId === chatId)?.staffMsgId;
}

/**
 * Creates the case's topic in `chatId` and, in the transaction that records it, queues the header
 * with the claim button (and, when staff had deleted the old topic, a line saying so), so neither
 * is lost whatever happens next. A crash between Telegram creating the topic and our record
 * leaves at most one empty topic behind.
 */
async function openTopic(d: CaseDeps, kase: Case, chatId: number, recreated: boolean): Promise<void> {
  const [found] = await d.db.select(topicClientColumns).from(clients).where(eq(clients.id, kase.clientId));
  const client = found ?? { pseudonym: '', channel: 'telegram' };
  const topic = await d.api.createForumTopic(chatId, topicName(d, kase, client), { icon_custom_emoji_id: d.topicIcons?.get(kase.status) });
  const attached = await d.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(cases)
      .set({ staffChatId: chatId, topicId: topic.message_thread_id })
      .where(and(eq(cases.id, kase.id), kase.topicId === null ? isNull(cases.topicId) : eq(cases.topicId, kase.topicId)))
      .returning({ id: cases.id });
    if (!updated) return false;
    const notices: NewItem[] = [{ ...topicMessage(d, { id: kase.id, staffChatId: chatId }, { text: topicHeader(d, kase, client), keyboard: d.buttons.claim(kase.id), lane: LANE.header }) }];
    if (recreated) notices.push(topicMessage(d, { id: kase.id, staffChatId: chatId }, { text: t(d.staffLocale, 'staff-topic-recreated', { case: kase.id }), lane: LANE.header }));
    await d.outbox.send(notices, tx as unknown as Db);
    return true;
  });
  // Someone else attached a topic first: theirs is used, ours removed.
  if (!attached) await d.api.deleteForumTopic(chatId, topic.message_thread_id).catch(() => {});
}
