import type { Locale } from '../config.ts';
import { CAPTION_LIMIT, isRelayed, type ClientMessage } from '../domain/message-kind.ts';
import { t } from '../i18n/index.ts';
import { mirrorEdit, type MessageContent } from './copy.ts';
import { currentCase, openCaseFor, type Case } from './case-store.ts';
import { recordActivity } from './lifecycle.ts';
import { findOrCreateClient, toClient, type Client } from './clients.ts';
import type { CaseDeps } from './deps.ts';
import { addPairs, pairsOnClientSide, updateMessageBody, writeMessage } from './message-store.ts';
import { recordBotMessage } from './timeline.ts';
import { queueInTopic, staffGroupOf, topicCopy, topicMessage } from './deliveries.ts';
import { renderFitted } from './fit.ts';
import type { Db } from '../db/open.ts';
import { groupTarget } from '../outbox/store.ts';

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
  const address = { chatId: message.chatId, topicId: message.directTopicId };
  const client = await findOrCreateClient(d, message.from, message.directTopicId === undefined ? 'direct' : 'channel', address);
  const { kase, created } = await openCaseFor(d, client.id);
  const { kind } = message;
  const original = message.content.messageId;

  if (!isRelayed(kind)) {
    const staffNotice = kind === 'contact' ? 'staff-client-sent-contact' : 'staff-client-sent-unsupported';
    // The contact card's phone number is exactly what must not be kept, so no body is stored.
    const fresh = await queued(d, kase, (tx) => writeMessage({ db: tx, vault: d.vault }, { caseId: kase.id, direction: 'client', kind, delivery: 'not_relayed', at: message.arrivedAt }), (tx) =>
      d.outbox.send([topicMessage(d, kase, { text: t(d.staffLocale, staffNotice, { kind }) }, `notice:${client.id}:${original}`)], tx),
    );
    if (!fresh) return undefined;
    const notice = t(client.locale as Locale, kind === 'contact' ? 'client-not-relayed-contact' : 'client-not-relayed-kind');
    await d.api.sendMessage(message.chatId, notice, toClient(address));
    await recordBotMessage(d, kase.id, 'not_relayed', notice, { data: { kind } });
    return { client, kase, created };
  }

  // Stored and queued in one transaction: the copy is sent by the outbox, within the staff group's
  // budget, and a retried update finds its copy queued already.
  const longCaption = message.content.caption !== undefined && message.content.caption.length > CAPTION_LIMIT;
  let messageId = 0;
  const fresh = await queued(
    d,
    kase,
    async (tx) => {
      messageId = await writeMessage({ db: tx, vault: d.vault }, { caseId: kase.id, direction: 'client', kind, body: message.body, fileId: message.fileId, at: message.arrivedAt });
    },
    (tx) =>
      d.outbox.send(
        [
          topicCopy(d, kase, {
            clientId: client.id,
            clientMsgId: original,
            messageId,
            replyToClientMsgId: message.replyTo,
            ...(longCaption ? { caption: message.content.caption, captionEntities: message.content.captionEntities } : {}),
          }),
        ],
        tx,
      ),
  );
  if (!fresh) return undefined;
  const moved = await recordActivity(d, kase, 'client');
  d.log.info({ event: 'relay.client', case: kase.id, kind }, 'client message relayed');
  return { client, kase: moved, created };
}

class AlreadyQueued extends Error {}

/**
 * Runs `write` and `queue` in one transaction and wakes the sender after it commits; false (and
 * nothing written) when `queue` found its item queued before: the update is a retry.
 */
async function queued(d: CaseDeps, kase: Case, write: (tx: Db) => Promise<unknown>, queue: (tx: Db) => Promise<number[] | false>): Promise<boolean> {
  try {
    await d.db.transaction(async (tx) => {
      await write(tx as unknown as Db);
      if (!(await queue(tx as unknown as Db))) throw new AlreadyQueued();
    });
  } catch (err) {
    if (err instanceof AlreadyQueued) return false;
    throw err;
  }
  await d.outbox.wake(groupTarget(staffGroupOf(d, kase)));
  return true;
}

/** The client edited a message: the copy in the topic follows, and the stored text too. */
export async function mirrorClientEdit(d: CaseDeps, edited: { from: { id: number }; content: MessageContent; body?: string; fileId?: string }): Promise<void> {
  // A live location moving is not a change of what the client said.
  if (edited.content.location) return;
  const client = await findOrCreateClient(d, edited.from);
  const pairs = (await pairsOnClientSide(d, client.id, edited.content.messageId)).filter((p) => p.origin === 'client' && p.staffChatId === d.staffChatId);
  if (pairs.length === 0) return;
  const kase = await currentCase(d, client.id);
  const batched = pairs.find((p) => p.part.startsWith('batch:'));
  if (batched && kase) {
    // Sent within a block of several: the block stays as it was, the new wording follows as a reply to it.
    const text = renderFitted((words) => t(d.staffLocale, 'staff-client-edited', { text: words }), edited.body ?? '');
    await queueInTopic(d, kase, { text, replyTo: batched.staffMsgId });
    await updateMessageBody(d, batched.messageId, edited.body, edited.fileId);
    return;
  }
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
