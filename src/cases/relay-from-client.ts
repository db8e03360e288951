import type { Locale } from '../config.ts';
import { isRelayed, type ClientMessage } from '../domain/message-kind.ts';
import { t } from '../i18n/index.ts';
import { copyWhole, mirrorEdit, type MessageContent } from './copy.ts';
import { currentCase, openCaseFor, type Case } from './case-store.ts';
import { recordActivity } from './lifecycle.ts';
import { findOrCreateClient, type Client } from './clients.ts';
import type { CaseDeps } from './deps.ts';
import { addPairs, pairsOnClientSide, recordMessage, updateMessageBody } from './message-store.ts';
import { recordBotMessage } from './timeline.ts';
import { inCaseTopic } from './topics.ts';

/**
 * A client's message in their private chat with the bot: opens (or continues) their case and
 * copies the message into the case's topic in the staff group.
 */
export interface Relayed {
  client: Client;
  kase: Case;
  /** This message opened the case. */
  created: boolean;
}

export async function relayFromClient(d: CaseDeps, message: ClientMessage): Promise<Relayed | undefined> {
  // Service messages (a pin, an auto-delete timer) and empty ones carry nothing to pass on.
  if (message.service) {
    d.log.info({ event: 'relay.client_ignored' }, 'service or empty message ignored');
    return undefined;
  }
  const client = await findOrCreateClient(d, message.from);
  const { kase, created } = await openCaseFor(d, client.id);
  // A retried update must not copy twice.
  if ((await pairsOnClientSide(d, client.id, message.content.messageId)).some((p) => p.origin === 'client')) return undefined;

  const { kind } = message;
  if (!isRelayed(kind)) {
    const staffNotice = kind === 'contact' ? 'staff-client-sent-contact' : 'staff-client-sent-unsupported';
    await inCaseTopic(d, kase, client.pseudonym, (threadId) =>
      d.api.sendMessage(d.staffChatId, t(d.staffLocale, staffNotice, { kind }), { message_thread_id: threadId }),
    );
    // The contact card's phone number is exactly what must not be kept, so no body is stored.
    await recordMessage(d, { caseId: kase.id, direction: 'client', kind, delivery: 'not_relayed', at: message.arrivedAt });
    const notice = t(client.locale as Locale, kind === 'contact' ? 'client-not-relayed-contact' : 'client-not-relayed-kind');
    await d.api.sendMessage(message.chatId, notice);
    await recordBotMessage(d, kase.id, 'not_relayed', notice, { data: { kind } });
    return { client, kase, created };
  }

  const replyTo = message.replyTo ? await staffSideOf(d, client.id, message.replyTo) : undefined;
  const copies = await inCaseTopic(d, kase, client.pseudonym, (threadId) =>
    copyWhole(d.api, { chatId: message.chatId, message: message.content }, { chatId: d.staffChatId, threadId, replyTo }),
  );
  await recordMessage(
    d,
    { caseId: kase.id, direction: 'client', kind, body: message.body, fileId: message.fileId, at: message.arrivedAt },
    { clientId: client.id, origin: 'client', original: message.content.messageId, staffChatId: d.staffChatId, copies },
  );
  const moved = await recordActivity(d, kase, 'client');
  d.log.info({ event: 'relay.client', case: kase.id, kind }, 'client message relayed');
  return { client, kase: moved, created };
}

async function staffSideOf(d: CaseDeps, clientId: number, clientMsgId: number): Promise<number | undefined> {
  const pairs = await pairsOnClientSide(d, clientId, clientMsgId);
  return pairs.find((p) => p.part === 'main' && p.staffChatId === d.staffChatId)?.staffMsgId;
}

/** The client edited a message: the copy in the topic follows, and the stored text too. */
export async function mirrorClientEdit(d: CaseDeps, edited: { from: { id: number }; content: MessageContent; body?: string; fileId?: string }): Promise<void> {
  // A live location moving is not a change of what the client said.
  if (edited.content.location) return;
  const client = await findOrCreateClient(d, edited.from);
  const pairs = (await pairsOnClientSide(d, client.id, edited.content.messageId)).filter((p) => p.origin === 'client' && p.staffChatId === d.staffChatId);
  if (pairs.length === 0) return;
  const kase = await currentCase(d, client.id);
  const added = await mirrorEdit(
    d.api,
    { chatId: d.staffChatId, threadId: kase?.topicId ?? undefined },
    pairs.map((p) => ({ msgId: p.staffMsgId, part: p.part as 'main' | 'caption' })),
    edited.content,
  );
  await addPairs(d, pairs[0]!, added);
  await updateMessageBody(d, pairs[0]!.messageId, edited.body, edited.fileId);
  d.log.info({ event: 'relay.client_edit', case: kase?.id }, 'client edit mirrored');
}
