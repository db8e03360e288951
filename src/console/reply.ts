import { eq } from 'drizzle-orm';
import { GrammyError } from 'grammy';
import { clientChatId, markClientBlocked } from '../cases/clients.ts';
import type { CaseDeps } from '../cases/deps.ts';
import { recordActivity } from '../cases/lifecycle.ts';
import { recordMessage } from '../cases/message-store.ts';
import { cases, clients } from '../db/schema/index.ts';
import { t } from '../i18n/index.ts';
import { safeError } from '../log.ts';

/** Telegram's limit for a text message, less room for the topic copy's "from the console, <name>:" line. */
export const REPLY_MAX_LENGTH = 3800;

export type ReplyResult = { ok: true; messageId: number } | { ok: false; problem: 'closed' | 'not-found' | 'blocked' | 'failed' | 'empty' | 'too-long' };

/**
 * A worker's reply written in the console, sent to the client through the bot like a reply from
 * the case topic. A console reply cannot be copied from a staff message, so the bot sends the text
 * itself and posts a copy into the topic so the staff group sees what went out, and who wrote it.
 * The topic copy is paired with the client's message, so a client replying to it lands in the topic
 * as a reply to the copy.
 */
export async function replyFromConsole(
  d: CaseDeps,
  input: { caseId: number; text: string; author: { name: string; staffMemberId: number | null } },
): Promise<ReplyResult> {
  const text = input.text.replace(/\r\n?/g, '\n').trim();
  if (text === '') return { ok: false, problem: 'empty' };
  if (text.length > REPLY_MAX_LENGTH) return { ok: false, problem: 'too-long' };
  const [kase] = await d.db.select().from(cases).where(eq(cases.id, input.caseId));
  if (!kase) return { ok: false, problem: 'not-found' };
  if (kase.status === 'closed') return { ok: false, problem: 'closed' };
  const [client] = await d.db.select().from(clients).where(eq(clients.id, kase.clientId));
  if (!client) return { ok: false, problem: 'not-found' };
  const base = { caseId: kase.id, direction: 'staff' as const, kind: 'text' as const, body: text, staffMemberId: input.author.staffMemberId ?? undefined };

  let sentId: number;
  try {
    sentId = (await d.api.sendMessage(clientChatId(d, client), text)).message_id;
  } catch (err) {
    if (!(err instanceof GrammyError) || err.error_code === 429) throw err;
    const blocked = err.error_code === 403;
    if (blocked) await markClientBlocked(d, client.id);
    await recordMessage(d, { ...base, delivery: blocked ? 'blocked' : 'failed' });
    d.log.warn({ event: 'console.reply_undelivered', case: kase.id, code: err.error_code }, 'console reply not delivered');
    return { ok: false, problem: blocked ? 'blocked' : 'failed' };
  }

  // The staff group sees the reply in the case topic; without the topic the reply still counts.
  let topicCopy: number | undefined;
  if (kase.topicId !== null && kase.staffChatId === d.staffChatId) {
    topicCopy = await d.api
      .sendMessage(d.staffChatId, t(d.staffLocale, 'console-topic-copy', { name: input.author.name, text }), { message_thread_id: kase.topicId })
      .then((m) => m.message_id)
      .catch((err: unknown) => {
        d.log.warn({ event: 'console.reply_topic_copy_failed', case: kase.id, err: safeError(err) }, 'console reply not copied into the topic');
        return undefined;
      });
  }
  const messageId = await recordMessage(
    d,
    base,
    topicCopy === undefined ? undefined : { clientId: client.id, origin: 'staff', original: topicCopy, staffChatId: d.staffChatId, copies: [{ msgId: sentId, part: 'main' }] },
  );
  await recordActivity(d, kase, 'staff');
  d.log.info({ event: 'console.reply', case: kase.id }, 'console reply sent');
  return { ok: true, messageId };
}

/** An internal note written in the console: stored sealed, never sent to the client. */
export async function noteFromConsole(d: Pick<CaseDeps, 'db' | 'vault'>, input: { caseId: number; text: string; staffMemberId: number | null }): Promise<'ok' | 'empty' | 'too-long' | 'not-found'> {
  const text = input.text.replace(/\r\n?/g, '\n').trim();
  if (text === '') return 'empty';
  if (text.length > REPLY_MAX_LENGTH) return 'too-long';
  const [kase] = await d.db.select({ id: cases.id }).from(cases).where(eq(cases.id, input.caseId));
  if (!kase) return 'not-found';
  await recordMessage(d, { caseId: kase.id, direction: 'note', kind: 'text', body: text, staffMemberId: input.staffMemberId ?? undefined });
  return 'ok';
}
