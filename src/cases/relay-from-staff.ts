import { GrammyError } from 'grammy';
import type { Message } from 'grammy/types';
import { fileIdOf, isRelayed, messageBody, messageKind } from '../domain/message-kind.ts';
import { t } from '../i18n/index.ts';
import { clients } from '../db/schema/index.ts';
import { copyWhole, mirrorEdit } from '../telegram/copy.ts';
import { eq } from 'drizzle-orm';
import { caseByTopic, type Case } from './case-store.ts';
import { recordActivity } from './lifecycle.ts';
import { clientChatId, markClientBlocked, type Client } from './clients.ts';
import type { CaseDeps } from './deps.ts';
import { addPairs, pairsOnStaffSide, recordMessage, updateMessageBody } from './message-store.ts';
import { upsertStaffMember } from './staff-members.ts';

/** The topic a staff-group message belongs to, or undefined for the General topic and non-topic chatter. */
export function topicOf(message: Message): number | undefined {
  return message.is_topic_message && message.message_thread_id ? message.message_thread_id : undefined;
}

/** Whether the message really replies to another one: in a topic, Telegram makes every message "reply" to the topic's first message. */
export function realReplyTarget(message: Message): number | undefined {
  const target = message.reply_to_message;
  if (!target || target.message_id === message.message_thread_id || target.forum_topic_created) return undefined;
  return target.message_id;
}

export async function caseOfStaffMessage(d: CaseDeps, message: Message): Promise<{ kase: Case; client: Client } | undefined> {
  const threadId = topicOf(message);
  if (threadId === undefined) return undefined;
  const kase = await caseByTopic(d, d.staffChatId, threadId);
  if (!kase) return undefined;
  const [client] = await d.db.select().from(clients).where(eq(clients.id, kase.clientId));
  return client ? { kase, client } : undefined;
}

/** A staff member wrote in a case topic: copy it to the client, who sees only the bot. */
export async function relayFromStaff(d: CaseDeps, message: Message & { from: { id: number; first_name: string } }): Promise<void> {
  const found = await caseOfStaffMessage(d, message);
  if (!found) return;
  const { kase, client } = found;
  if ((await pairsOnStaffSide(d, d.staffChatId, message.message_id)).length > 0) return;
  const threadId = kase.topicId!;
  const reply = (text: string) =>
    d.api.sendMessage(d.staffChatId, text, { message_thread_id: threadId, reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true } });

  if (kase.status === 'closed') {
    await reply(t(d.staffLocale, 'staff-case-already-closed', { case: kase.id }));
    return;
  }
  const kind = messageKind(message);
  if (!isRelayed(kind)) return; // service messages and the like are not part of the conversation
  const staff = await upsertStaffMember(d, message.from);
  const base = { caseId: kase.id, direction: 'staff' as const, kind, body: messageBody(message), fileId: fileIdOf(message), staffMemberId: staff.id };

  const target = realReplyTarget(message);
  const replyTo = target ? (await pairsOnStaffSide(d, d.staffChatId, target)).find((p) => p.part === 'main')?.clientMsgId : undefined;
  try {
    const copies = await copyWhole(d.api, { chatId: d.staffChatId, message }, { chatId: clientChatId(d, client), replyTo });
    await recordMessage(d, base, { clientId: client.id, origin: 'staff', original: message.message_id, staffChatId: d.staffChatId, copies });
    await recordActivity(d, kase, 'staff');
    d.log.info({ event: 'relay.staff', case: kase.id, kind }, 'staff message relayed');
  } catch (err) {
    if (!(err instanceof GrammyError) || err.error_code === 429) throw err;
    const blocked = err.error_code === 403;
    if (blocked) await markClientBlocked(d, client.id);
    await recordMessage(d, { ...base, delivery: blocked ? 'blocked' : 'failed' });
    d.log.warn({ event: 'relay.staff_undelivered', case: kase.id, code: err.error_code }, 'staff message not delivered');
    await reply(blocked ? t(d.staffLocale, 'staff-client-blocked') : t(d.staffLocale, 'staff-delivery-failed', { reason: err.description }));
  }
}

/** A staff member edited a message they had sent: the client's copy follows. */
export async function mirrorStaffEdit(d: CaseDeps, edited: Message): Promise<void> {
  const found = await caseOfStaffMessage(d, edited);
  if (!found) return;
  const pairs = (await pairsOnStaffSide(d, d.staffChatId, edited.message_id)).filter((p) => p.origin === 'staff');
  if (pairs.length === 0) return;
  const chatId = clientChatId(d, found.client);
  try {
    const added = await mirrorEdit(d.api, { chatId }, pairs.map((p) => ({ msgId: p.clientMsgId, part: p.part as 'main' | 'caption' })), edited);
    await addPairs(d, pairs[0]!, added);
  } catch (err) {
    if (!(err instanceof GrammyError) || err.error_code !== 403) throw err;
    await markClientBlocked(d, found.client.id);
  }
  await updateMessageBody(d, pairs[0]!.messageId, messageBody(edited), fileIdOf(edited));
  d.log.info({ event: 'relay.staff_edit', case: found.kase.id }, 'staff edit mirrored');
}
