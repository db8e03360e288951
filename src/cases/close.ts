import { eq, sql } from 'drizzle-orm';
import type { Locale } from '../config.ts';
import { cases, clients } from '../db/schema/index.ts';
import { taxonomyOf } from '../domain/taxonomy.ts';
import { t } from '../i18n/index.ts';
import { consoleMark, type Actor } from './actor.ts';
import { isBlocked, isFinalRefusal } from './api-errors.ts';
import type { Case } from './case-store.ts';
import { readableAddress, toClient } from './clients.ts';
import { CONTACT_MAX_LENGTH, finalRecord, missingFields, type Draft } from './closing-record.ts';
import type { CaseDeps } from './deps.ts';
import { feedbackData } from './feedback.ts';
import { applyEvent } from './lifecycle.ts';
import { recordBotMessage, recordEvent } from './timeline.ts';
import { postInTopic } from './topics.ts';

export type CloseResult = { ok: true; kase: Case } | { ok: false; problem: 'missing'; fields: string[] } | { ok: false; problem: 'closed' | 'not-found' };

/**
 * Saves the closing record and closes the case: the topic form's save button and the console's
 * close form both come here, so the client gets the same closing message and rating request, and
 * the topic is told, closed and renamed the same way. The record keeps the taxonomy version, and
 * the timeline keeps every record a case was closed with (a reopened case shows the earlier one).
 */
export async function closeWithRecord(d: CaseDeps, actor: Actor, input: { caseId: number; draft: Draft; contactLine: string }): Promise<CloseResult> {
  const [kase] = await d.db.select().from(cases).where(eq(cases.id, input.caseId));
  if (!kase) return { ok: false, problem: 'not-found' };
  if (kase.status === 'closed') return { ok: false, problem: 'closed' };
  const missing = missingFields(input.draft);
  if (missing.length > 0) return { ok: false, problem: 'missing', fields: missing };
  const record = finalRecord(input.draft, taxonomyOf(d.settings));
  const closed = await applyEvent(d, kase, 'close', { ...record, closeReason: null, recordedAt: sql`now()` as never, closedAt: sql`now()` as never, closedBy: actor.staffMemberId }, actor);
  if (!closed) return { ok: false, problem: 'closed' };
  await recordEvent(d, kase.id, { kind: 'closed', actor, data: { from: kase.status, record } });
  await postInTopic(d, kase, t(d.staffLocale, 'record-saved', { online: t(d.staffLocale, record.metOnline ? 'record-online' : 'record-offline') }) + consoleMark(d, actor));
  await finishClose(d, closed, input.contactLine.trim().slice(0, CONTACT_MAX_LENGTH));
  return { ok: true, kase: closed };
}

/** After the close: the topic closes, the client is told how to come back and asked for a rating. */
async function finishClose(d: CaseDeps, kase: Case, contactLine: string): Promise<void> {
  const [client] = await d.db.select().from(clients).where(eq(clients.id, kase.clientId));
  d.log.info({ event: 'case.closed', case: kase.id }, 'case closed');
  if (await postInTopic(d, kase, t(d.staffLocale, 'staff-case-closed', { case: kase.id }))) {
    await d.api.closeForumTopic(d.staffChatId, kase.topicId!).catch((err: unknown) => {
      // Already closed by hand, or deleted: the case is closed either way.
      if (!isFinalRefusal(err)) throw err;
    });
  }
  if (!client) return;
  const locale = client.locale as Locale;
  const contact = contactLine || d.settings.closingContactLine[locale];
  const to = readableAddress(d, client);
  // Sealed under a destroyed key: the case closes without the client's closing messages.
  if (!to) return;
  try {
    const closing = t(locale, 'client-closed', { contact });
    await d.api.sendMessage(to.chatId, closing, toClient(to));
    await recordBotMessage(d, kase.id, 'closing', closing);
    const ask = t(locale, 'client-feedback-ask');
    await d.api.sendMessage(to.chatId, ask, {
      ...toClient(to),
      reply_markup: {
        inline_keyboard: [
          [
            { text: t(locale, 'feedback-up'), callback_data: feedbackData(kase.id, true) },
            { text: t(locale, 'feedback-down'), callback_data: feedbackData(kase.id, false) },
          ],
        ],
      },
    });
    await recordBotMessage(d, kase.id, 'feedback_request', ask);
  } catch (err) {
    // A client who blocked the bot simply does not get the closing message.
    if (!isBlocked(err)) throw err;
  }
}
