import { eq } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { cases, clients, messages } from '../db/schema/index.ts';
import { CAPTION_LIMIT, type MessageKind } from '../domain/message-kind.ts';
import { clientTarget } from '../outbox/store.ts';
import type { Actor } from './actor.ts';
import { isBlocked } from './api-errors.ts';
import { clientCopy, clientText } from './client-deliveries.ts';
import { markClientBlocked, readableAddress } from './clients.ts';
import type { Case } from './case-store.ts';
import { topicMessage } from './deliveries.ts';
import { t } from '../i18n/index.ts';
import { mirrorEdit, type MessageContent } from './copy.ts';
import type { CaseDeps } from './deps.ts';
import { recordActivity } from './lifecycle.ts';
import { addPairs, pairsOnStaffSide, updateMessageBody, writeMessage } from './message-store.ts';

/** The longest reply written in the console (Telegram's 4,096 less room for the topic copy's header). */
export const REPLY_MAX_LENGTH = 3800;

/**
 * A reply to the client: written in the console (`text`: the bot sends it and posts a copy in the
 * topic), or written in the case topic (`copy`: the staff message, copied to the client so neither
 * side sees the other's account).
 */
export type ReplyInput =
  | { caseId: number; text: string }
  | { caseId: number; copy: MessageContent & { kind: MessageKind; body?: string; fileId?: string; replyToStaffMsgId?: number } };

export type ReplyProblem = 'closed' | 'not-found' | 'blocked' | 'failed' | 'empty' | 'too-long' | 'already-sent' | 'unreachable';
export type ReplyResult = { ok: true; messageId: number; /** still waiting for Telegram's limits or an outage */ queued?: boolean } | { ok: false; problem: ReplyProblem; description?: string };

/** How long a reply waits to hear how its delivery went before it reports it as on its way. */
const OUTCOME_WAIT_MS = 5000;

/**
 * The one way a worker's words reach a client. The message is recorded (sealed) and its delivery
 * queued in one transaction: the outbox sends it within Telegram's limits and records the copies
 * that carry replies and edits across; a topic message already queued is not queued again. The
 * case's activity follows and the timeline names the author. The result says how the delivery went
 * when that is known within a few seconds (a client who blocked the bot: 'blocked', with the topic
 * told by the delivery itself); otherwise the reply is on its way.
 */
export async function replyToClient(d: CaseDeps, actor: Actor, input: ReplyInput): Promise<ReplyResult> {
  const text = 'text' in input ? input.text.replace(/\r\n?/g, '\n').trim() : undefined;
  if (text === '') return { ok: false, problem: 'empty' };
  if (text !== undefined && text.length > REPLY_MAX_LENGTH) return { ok: false, problem: 'too-long' };
  const [kase] = await d.db.select().from(cases).where(eq(cases.id, input.caseId));
  if (!kase) return { ok: false, problem: 'not-found' };
  if ('copy' in input && (await pairsOnStaffSide(d, d.staffChatId, input.copy.messageId)).length > 0) return { ok: false, problem: 'already-sent' };
  if (kase.status === 'closed') return { ok: false, problem: 'closed' };
  const [client] = await d.db.select().from(clients).where(eq(clients.id, kase.clientId));
  if (!client) return { ok: false, problem: 'not-found' };
  if (!readableAddress(d, client)) {
    await tellUnreachable(d, kase);
    return { ok: false, problem: 'unreachable' };
  }
  const base =
    'copy' in input
      ? { caseId: kase.id, direction: 'staff' as const, kind: input.copy.kind, body: input.copy.body, fileId: input.copy.fileId, actor }
      : { caseId: kase.id, direction: 'staff' as const, kind: 'text' as const, body: text, actor };

  let messageId = 0;
  let itemId: number | undefined;
  try {
    await d.db.transaction(async (tx) => {
      messageId = await writeMessage({ db: tx as unknown as Db, vault: d.vault }, base);
      const item =
        'copy' in input
          ? clientCopy(client.id, kase.id, {
              messageId,
              staffChatId: d.staffChatId,
              staffMsgId: input.copy.messageId,
              replyToStaffMsgId: input.copy.replyToStaffMsgId,
              ...(input.copy.caption !== undefined && input.copy.caption.length > CAPTION_LIMIT ? { caption: input.copy.caption, captionEntities: input.copy.captionEntities } : {}),
            })
          : clientText(client.id, kase.id, { messageId, text: text!, author: actor.name });
      const ids = await d.outbox.send([item], tx as unknown as Db);
      if (!ids) throw new AlreadyQueued();
      itemId = ids[0];
    });
  } catch (err) {
    if (err instanceof AlreadyQueued) return { ok: false, problem: 'already-sent' };
    throw err;
  }
  await d.outbox.wake(clientTarget(client.id));
  await recordActivity(d, kase, 'staff', actor);
  d.log.info({ event: 'reply.queued', case: kase.id, kind: base.kind, via: actor.fromConsole ? 'console' : 'telegram' }, 'reply queued');

  const outcome = await d.outbox.outcome(itemId!, OUTCOME_WAIT_MS);
  if (outcome.status === 'done') {
    const [row] = await d.db.select({ delivery: messages.delivery }).from(messages).where(eq(messages.id, messageId));
    if (row?.delivery === 'blocked' || row?.delivery === 'failed') return { ok: false, problem: row.delivery, description: outcome.lastError };
  }
  if (outcome.status === 'parked') return { ok: false, problem: 'failed', description: outcome.lastError };
  return { ok: true, messageId, ...(outcome.status === 'waiting' ? { queued: true } : {}) };
}

class AlreadyQueued extends Error {}

/**
 * The client's address was sealed under a destroyed key: nothing can reach them. The topic is told
 * once per case (a dedupe key), not under every message a worker writes there.
 */
export async function tellUnreachable(d: CaseDeps, kase: Pick<Case, 'id' | 'staffChatId'>): Promise<void> {
  d.log.info({ event: 'reply.unreachable', case: kase.id }, 'client unreachable: the key was destroyed');
  await d.outbox.send([topicMessage(d, kase, { text: t(d.staffLocale, 'staff-client-unreachable') }, `unreachable:${kase.id}`)]);
}

/** A worker edited a message they had sent from the topic: the client's copy follows, and the stored text. */
export async function mirrorReplyEdit(d: CaseDeps, edited: MessageContent & { body?: string; fileId?: string }): Promise<void> {
  const pairs = (await pairsOnStaffSide(d, d.staffChatId, edited.messageId)).filter((p) => p.origin === 'staff');
  if (pairs.length === 0 || edited.location) return;
  const [client] = await d.db.select().from(clients).where(eq(clients.id, pairs[0]!.clientId));
  if (!client) return;
  const to = readableAddress(d, client);
  try {
    // Unreachable (the key was destroyed): only the stored text follows.
    if (to) {
      const added = await mirrorEdit(d.api, { chatId: to.chatId }, pairs.map((p) => ({ msgId: p.clientMsgId, part: p.part as 'main' | 'caption' })), edited);
      await addPairs(d, pairs[0]!, added);
    }
  } catch (err) {
    if (!isBlocked(err)) throw err;
    await markClientBlocked(d, client.id);
  }
  await updateMessageBody(d, pairs[0]!.messageId, edited.body, edited.fileId);
  d.log.info({ event: 'relay.staff_edit' }, 'staff edit mirrored');
}
