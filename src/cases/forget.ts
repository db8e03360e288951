import { randomBytes } from 'node:crypto';
import { and, eq, gt, inArray, isNotNull, isNull, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { auditLog, caseEvents, cases, clients, communityMembers, communityQuestions, messagePairs, messages, moderationActions, outbox, referrals, scheduledJobs, webMessages } from '../db/schema/index.ts';
import { t } from '../i18n/index.ts';
import { LANE } from '../outbox/limits.ts';
import type { Op } from '../outbox/sender.ts';
import { clientTarget, groupTarget, parseTarget, type NewItem } from '../outbox/store.ts';
import { isFinalRefusal } from './api-errors.ts';
import { readableAddress } from './clients.ts';
import type { CaseDeps } from './deps.ts';
import { isThreadGone } from './topics.ts';

/** What forgetting sends to Telegram, through the outbox (Telegram's limits and retry_after apply). */
export const FORGET_OPS = { deleteTopic: 'topic.delete', deleteClientMessages: 'client.delete_messages', groupNotice: 'group.notice' } as const;

/**
 * Telegram lets a bot delete a private chat's messages for 48 hours after they were sent; an hour
 * is left for the outbox's queue, so a deletion is not tried on a message it would be refused for.
 */
export const DELETABLE_FOR_MS = 47 * 3600_000;
/** deleteMessages takes at most this many ids. */
const DELETE_BATCH = 100;

/** An item that deletes a case's topic in the staff group, with everything in it. */
export function topicDeletion(kase: { id: number; staffChatId: number; topicId: number }): NewItem {
  return {
    target: groupTarget(kase.staffChatId),
    op: FORGET_OPS.deleteTopic,
    caseId: kase.id,
    lane: LANE.normal,
    payload: { threadId: kase.topicId },
    dedupeKey: `topic-delete:${kase.staffChatId}:${kase.topicId}`,
  };
}

/** Records the topic gone: the case no longer has one (a later message would open a new one). */
async function markTopicDeleted(tx: Db, caseId: number, threadId: number, now: Date): Promise<void> {
  await tx
    .update(cases)
    .set({ topicDeletedAt: now, topicId: null })
    .where(and(eq(cases.id, caseId), eq(cases.topicId, threadId)));
}

export function forgetOps(d: CaseDeps): Record<string, Op> {
  return {
    [FORGET_OPS.deleteTopic]: {
      async deliver(item, payload) {
        const { chatId } = parseTarget(item.target) as { chatId: number };
        const threadId = Number(payload.threadId);
        await d.api.deleteForumTopic(chatId, threadId);
        return { effects: (tx) => markTopicDeleted(tx, item.caseId!, threadId, d.now()) };
      },
      // Deleted already (by a person in the group, or by an earlier attempt): what was asked is done.
      async refused(item, payload, err) {
        if (!isThreadGone(err)) return undefined;
        return { effects: (tx) => markTopicDeleted(tx, item.caseId!, Number(payload.threadId), d.now()) };
      },
    },
    [FORGET_OPS.deleteClientMessages]: {
      // The chat travels in the sealed payload (erased once done): the client's own row no longer has it.
      async deliver(_item, payload) {
        const chatId = Number(payload.chatId);
        const ids = (payload.ids as number[]) ?? [];
        for (let i = 0; i < ids.length; i += DELETE_BATCH) {
          const batch = ids.slice(i, i + DELETE_BATCH);
          try {
            await d.api.deleteMessages(chatId, batch);
          } catch (err) {
            if (!isFinalRefusal(err)) throw err;
            // One of them can no longer be deleted (Telegram refuses the whole batch): the others one by one.
            for (const id of batch) await d.api.deleteMessage(chatId, id).catch((e: unknown) => (isFinalRefusal(e) ? undefined : Promise.reject(e)));
          }
        }
        return {};
      },
      // The chat is gone or the bot blocked: nothing more can be deleted, and the payload is erased.
      refused: async () => ({}),
    },
    [FORGET_OPS.groupNotice]: {
      async deliver(item, payload) {
        const { chatId } = parseTarget(item.target) as { chatId: number };
        await d.api.sendMessage(chatId, String(payload.text));
        return {};
      },
    },
  };
}

export interface Forgotten {
  cases: number;
  openClosed: number;
  messages: number;
  topics: number;
  chatMessages: number;
}

/**
 * The client asked to be forgotten (/forget, confirmed). In one transaction: the text and files of
 * all their cases, feedback comments, referral reasons and what timeline events showed are
 * erased; their open case is closed; follow-ups and anything not yet sent to them or into their
 * topics are cancelled; the row's Telegram hash, sealed chat and pseudonym are replaced with
 * values made from nothing of theirs, so the same person writing again is a new client; their
 * community chat record goes the same way. Then, through the outbox, their topics are deleted,
 * the messages of their private chat Telegram still lets a bot delete are deleted, and the staff
 * group gets one line. The case rows keep their codes and times: the reports still count them.
 *
 * `alsoDelete`: message ids in their chat the bot knows of besides the relayed ones (the /forget
 * command and its confirmation). Undefined when the client was forgotten already.
 */
export async function forgetClient(
  d: CaseDeps & { emergency?: { memory: { forget(chatId: number): void } } },
  clientId: number,
  opts: { alsoDelete?: number[] } = {},
): Promise<Forgotten | undefined> {
  const now = d.now();
  const wake = new Set<string>();
  const result = await d.db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    const [client] = await tx.select().from(clients).where(and(eq(clients.id, clientId), isNull(clients.forgottenAt))).for('update');
    if (!client) return undefined;
    // Sealed under a destroyed key: the rows go; the private chat's messages cannot be found to delete.
    const address = readableAddress(d, client);
    const caseRows = await tx
      .select({ id: cases.id, staffChatId: cases.staffChatId, topicId: cases.topicId, feedbackPromptMsgId: cases.feedbackPromptMsgId, feedbackAt: cases.feedbackAt })
      .from(cases)
      .where(eq(cases.clientId, clientId));
    const caseIds = caseRows.map((c) => c.id);
    const ofCases = <T>(col: T) => (caseIds.length > 0 ? inArray(col as never, caseIds) : sql`false`);

    // The private chat's messages still young enough to delete, both ways (the pairs name them).
    const recent = await tx
      .selectDistinct({ id: messagePairs.clientMsgId })
      .from(messagePairs)
      .innerJoin(messages, eq(messages.id, messagePairs.messageId))
      .where(and(eq(messagePairs.clientId, clientId), gt(messages.createdAt, new Date(now.getTime() - DELETABLE_FOR_MS))));
    // What the bot itself said there (its timeline events carry the message id), and the feedback prompt.
    const cutoff = new Date(now.getTime() - DELETABLE_FOR_MS);
    const botSaid = await tx
      .select({ data: caseEvents.data })
      .from(caseEvents)
      .where(and(ofCases(caseEvents.caseId), eq(caseEvents.kind, 'bot_message'), gt(caseEvents.at, cutoff)));
    const prompts = caseRows.flatMap((c) => (c.feedbackPromptMsgId !== null && c.feedbackAt !== null && c.feedbackAt > cutoff ? [c.feedbackPromptMsgId] : []));
    const said = botSaid.flatMap((e) => (typeof e.data.msgId === 'number' ? [e.data.msgId] : []));
    const chatMessages = [...new Set([...recent.map((r) => r.id), ...said, ...prompts, ...(opts.alsoDelete ?? [])])].sort((a, b) => a - b);

    const erased = await tx
      .update(messages)
      .set({ bodySealed: null, fileSealed: null })
      .where(and(ofCases(messages.caseId), or(isNotNull(messages.bodySealed), isNotNull(messages.fileSealed))))
      .returning({ id: messages.id });
    await tx.update(referrals).set({ reasonSealed: null }).where(ofCases(referrals.caseId));
    await tx.update(caseEvents).set({ textSealed: null }).where(ofCases(caseEvents.caseId));
    await tx.delete(messagePairs).where(eq(messagePairs.clientId, clientId));
    // A web conversation's page is ours alone to delete, all of it and at once.
    const web = client.channel === 'web';
    if (web) await tx.delete(webMessages).where(eq(webMessages.clientId, clientId));
    const open = await tx
      .update(cases)
      .set({ status: 'closed', closedAt: now, closeReason: 'forgotten' })
      .where(and(eq(cases.clientId, clientId), ne(cases.status, 'closed')))
      .returning({ id: cases.id });
    await tx
      .update(cases)
      .set({ feedbackCommentSealed: null, closeContactLine: null, feedbackPromptMsgId: null, emergencyAlertMsgId: null, textErasedAt: now, textErasedBy: 'forget' })
      .where(eq(cases.clientId, clientId));
    await tx.update(scheduledJobs).set({ status: 'cancelled', payloadSealed: '', doneAt: now }).where(and(ofCases(scheduledJobs.caseId), eq(scheduledJobs.status, 'pending')));
    // Whatever is still queued for them or for their topics would carry their words (or open a topic again).
    await tx
      .update(outbox)
      .set({ status: 'discarded', payloadSealed: null, doneAt: now })
      .where(and(inArray(outbox.status, ['pending', 'attempted', 'parked']), ne(outbox.op, FORGET_OPS.deleteTopic), or(eq(outbox.target, clientTarget(clientId)), ofCases(outbox.caseId))));

    await forgetMember(tx, client.tgHash);
    // The pseudonym is derived from the Telegram id: a row made from nothing of theirs keeps it
    // taken, so the same person writing again gets another one, while nothing links it to the
    // forgotten row (which gets a name made of its row id) or to their cases.
    await tx
      .update(clients)
      .set({ tgHash: `forgotten:${client.id}`, chatSealed: '', pseudonym: `forgotten-${client.id}`, blockedAt: null, voiceHintAt: null, forgottenAt: startOfDay(now) })
      .where(eq(clients.id, clientId));
    await tx.insert(clients).values({ tgHash: retiredHash(), chatSealed: '', pseudonym: client.pseudonym, firstContact: 'retired', firstSeenAt: new Date(0), lastSeenAt: new Date(0), forgottenAt: new Date(0) });

    const items: NewItem[] = [];
    for (const c of caseRows) if (c.topicId !== null && c.staffChatId !== null) items.push(topicDeletion({ id: c.id, staffChatId: c.staffChatId, topicId: c.topicId }));
    if (address && !web && chatMessages.length > 0) items.push({ target: clientTarget(clientId), op: FORGET_OPS.deleteClientMessages, payload: { chatId: address.chatId, ids: chatMessages } });
    // One line, without a pseudonym or case numbers: either would tell staff which conversation
    // vanished and so keep, in the group and in their memory, the link the client asked us to cut.
    // The count is enough for staff to understand why topics disappear.
    if (caseIds.length > 0) items.push({ target: groupTarget(d.staffChatId), op: FORGET_OPS.groupNotice, payload: { text: t(d.staffLocale, 'staff-client-forgotten', { count: caseIds.length }) } });
    await d.outbox.send(items, tx);
    for (const i of items) wake.add(i.target);
    // Counts only: the audit log is read by admins, and a case number here would be the link again.
    await tx.insert(auditLog).values({ accountId: null, action: 'client.forget', detail: `cases=${caseIds.length}, messages=${erased.length}`, at: now });
    if (address) d.emergency?.memory.forget(address.chatId);
    return { cases: caseIds.length, openClosed: open.length, messages: erased.length, topics: items.filter((i) => i.op === FORGET_OPS.deleteTopic).length, chatMessages: chatMessages.length };
  });
  if (result) {
    await compactIdentities(d);
    await d.outbox.wake(...wake);
    d.log.info({ event: 'client.forgotten', ...result }, 'a client asked to be forgotten');
  }
  return result;
}

/** The client's record in the community chat, if they have one, forgotten the same way. */
async function forgetMember(tx: Db, tgHash: string): Promise<void> {
  const [member] = await tx.select({ id: communityMembers.id, pseudonym: communityMembers.pseudonym }).from(communityMembers).where(eq(communityMembers.tgHash, tgHash));
  if (!member) return;
  await tx.update(communityQuestions).set({ bodySealed: null }).where(eq(communityQuestions.memberId, member.id));
  await tx.update(moderationActions).set({ reasonSealed: null, appealSealed: null }).where(eq(moderationActions.memberId, member.id));
  await tx
    .update(communityMembers)
    .set({ tgHash: `forgotten:${member.id}`, chatSealed: '', pseudonym: `forgotten-${member.id}`, status: 'left' })
    .where(eq(communityMembers.id, member.id));
  await tx.insert(communityMembers).values({ tgHash: retiredHash(), chatSealed: '', pseudonym: member.pseudonym, status: 'left', firstSeenAt: new Date(0) });
}

/** A placeholder's hash: random, so it matches no one. */
const retiredHash = () => `retired:${randomBytes(12).toString('base64url')}`;

/** The day only: the moment of forgetting would point at the placeholder made in the same instant. */
function startOfDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

/**
 * The replaced hash would otherwise stay in the database's files as the row's old version (and in
 * its unique index) until PostgreSQL happens to reuse the space: with the key and a person's
 * Telegram id, whoever holds the files could still find the row. Rewriting the two small tables
 * of identities leaves no old version behind. The embedded database goes further, since its files
 * are what `netreach backup` copies: every table forgetting touched is rewritten, and its write-
 * ahead log, which still holds the rows as first written, is switched and removed rather than
 * recycled (a recycled segment keeps its old bytes). With PostgreSQL the server's own WAL, archives
 * and backups are the operator's to expire (README: retention).
 */
async function compactIdentities(d: Pick<CaseDeps, 'db' | 'log'>): Promise<void> {
  const embedded = 'dumpDataDir' in ((d.db as unknown as { $client?: object }).$client ?? {});
  try {
    await d.db.execute(sql`vacuum full clients, community_members`);
    if (!embedded) return;
    await d.db.execute(sql`vacuum full messages, message_pairs, web_messages, case_events, cases, referrals, scheduled_jobs, outbox, community_questions, moderation_actions`);
    await d.db.execute(sql`set wal_recycle = off`);
    await d.db.execute(sql`select pg_switch_wal()`);
    await d.db.execute(sql`checkpoint`);
  } catch (err) {
    d.log.warn({ event: 'client.forget_compact_failed', err: String((err as Error).message ?? err) }, 'could not rewrite the tables after a forget');
  }
}
