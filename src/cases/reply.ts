import { eq } from 'drizzle-orm';
import { cases, clients } from '../db/schema/index.ts';
import type { MessageKind } from '../domain/message-kind.ts';
import { t } from '../i18n/index.ts';
import { safeError } from '../log.ts';
import type { Actor } from './actor.ts';
import { apiError, isBlocked, isFinalRefusal } from './api-errors.ts';
import { clientChatId, markClientBlocked } from './clients.ts';
import { copyWhole, mirrorEdit, type CopiedPart, type MessageContent } from './copy.ts';
import type { CaseDeps } from './deps.ts';
import { renderFitted } from './fit.ts';
import { recordActivity } from './lifecycle.ts';
import { addPairs, pairsOnStaffSide, recordMessage, updateMessageBody } from './message-store.ts';
import { inCaseTopic } from './topics.ts';

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

export type ReplyProblem = 'closed' | 'not-found' | 'blocked' | 'failed' | 'empty' | 'too-long' | 'already-sent';
export type ReplyResult = { ok: true; messageId: number } | { ok: false; problem: ReplyProblem; description?: string };

/**
 * The one way a worker's words reach a client. The message is recorded (sealed) with the copies
 * that carry replies and edits across, the case's activity follows, and the timeline names the
 * author. A message Telegram refuses for good is recorded as not delivered; a 429 is thrown so
 * the caller's retry waits it out.
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
  const base =
    'copy' in input
      ? { caseId: kase.id, direction: 'staff' as const, kind: input.copy.kind, body: input.copy.body, fileId: input.copy.fileId, actor }
      : { caseId: kase.id, direction: 'staff' as const, kind: 'text' as const, body: text, actor };

  let sent: CopiedPart[];
  try {
    if ('copy' in input) {
      const target = input.copy.replyToStaffMsgId;
      const replyTo = target ? (await pairsOnStaffSide(d, d.staffChatId, target)).find((p) => p.part === 'main')?.clientMsgId : undefined;
      sent = await copyWhole(d.api, { chatId: d.staffChatId, message: input.copy }, { chatId: clientChatId(d, client), replyTo });
    } else {
      sent = [{ msgId: (await d.api.sendMessage(clientChatId(d, client), text!)).message_id, part: 'main' }];
    }
  } catch (err) {
    if (!isFinalRefusal(err)) throw err;
    const blocked = isBlocked(err);
    if (blocked) await markClientBlocked(d, client.id);
    await recordMessage(d, { ...base, delivery: blocked ? 'blocked' : 'failed' });
    d.log.warn({ event: 'reply.undelivered', case: kase.id, code: apiError(err)?.code }, 'reply not delivered');
    return { ok: false, problem: blocked ? 'blocked' : 'failed', description: apiError(err)?.description };
  }

  let messageId: number;
  if ('copy' in input) {
    messageId = await recordMessage(d, base, { clientId: client.id, origin: 'staff', original: input.copy.messageId, staffChatId: d.staffChatId, copies: sent });
  } else {
    // The staff group sees what went out, and who wrote it, in the case topic (opened again if it was deleted).
    const copy = await inCaseTopic(d, kase, client.pseudonym, (threadId) =>
      d.api.sendMessage(d.staffChatId, renderFitted((words) => t(d.staffLocale, 'console-topic-copy', { name: actor.name, text: words }), text!), { message_thread_id: threadId }),
    ).catch((err: unknown) => {
      d.log.warn({ event: 'reply.topic_copy_failed', case: kase.id, err: safeError(err) }, 'console reply not copied into the topic');
      return undefined;
    });
    // Paired with the client's message, so a client replying to it lands in the topic as a reply to the copy.
    messageId = await recordMessage(d, base, copy ? { clientId: client.id, origin: 'staff', original: copy.message_id, staffChatId: d.staffChatId, copies: sent } : undefined);
  }
  await recordActivity(d, kase, 'staff', actor);
  d.log.info({ event: 'reply.sent', case: kase.id, kind: base.kind, via: actor.fromConsole ? 'console' : 'telegram' }, 'reply sent');
  return { ok: true, messageId };
}

/** A worker edited a message they had sent from the topic: the client's copy follows, and the stored text. */
export async function mirrorReplyEdit(d: CaseDeps, edited: MessageContent & { body?: string; fileId?: string }): Promise<void> {
  const pairs = (await pairsOnStaffSide(d, d.staffChatId, edited.messageId)).filter((p) => p.origin === 'staff');
  if (pairs.length === 0 || edited.location) return;
  const [client] = await d.db.select().from(clients).where(eq(clients.id, pairs[0]!.clientId));
  if (!client) return;
  try {
    const added = await mirrorEdit(d.api, { chatId: clientChatId(d, client) }, pairs.map((p) => ({ msgId: p.clientMsgId, part: p.part as 'main' | 'caption' })), edited);
    await addPairs(d, pairs[0]!, added);
  } catch (err) {
    if (!isBlocked(err)) throw err;
    await markClientBlocked(d, client.id);
  }
  await updateMessageBody(d, pairs[0]!.messageId, edited.body, edited.fileId);
  d.log.info({ event: 'relay.staff_edit' }, 'staff edit mirrored');
}
