import { GrammyError } from 'grammy';
import type { Message } from 'grammy/types';
import type { Locale } from '../config.ts';
import { t } from '../i18n/index.ts';
import { eq, sql } from 'drizzle-orm';
import { cases, clients } from '../db/schema/index.ts';
import { reasonCode } from '../domain/close-reason.ts';
import { taxonomyOf } from '../domain/taxonomy.ts';
import type { BotDeps } from '../telegram/deps.ts';
import type { Case } from './case-store.ts';
import { applyChoice, draftOf, finalRecord, missingFields, parseRecordData, recordKeyboard, saveDraft, suggestDraft, type Draft } from './closing-record.ts';
import { applyEvent } from './lifecycle.ts';
import { feedbackData } from './feedback.ts';
import { clientChatId, type Client } from './clients.ts';
import type { CaseDeps } from './deps.ts';
import { recordMessage } from './message-store.ts';
import { caseOfStaffMessage } from './relay-from-staff.ts';
import { upsertStaffMember } from './staff-members.ts';
import { consoleMark, telegramActor, type Actor } from './actor.ts';
import { postInTopic } from './topics.ts';
import type { ContentLibrary } from '../content/library.ts';

type StaffMessage = Message & { from: { id: number; first_name: string } };

function replyInTopic(d: CaseDeps, message: Message, text: string) {
  return d.api.sendMessage(d.staffChatId, text, {
    message_thread_id: message.message_thread_id,
    reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true },
  });
}

/** `/note <text>`: an internal note on the case, stored sealed and never sent to the client. */
export async function addNote(d: CaseDeps, message: StaffMessage, text: string): Promise<void> {
  const found = await caseOfStaffMessage(d, message);
  if (!found) return;
  if (text.trim() === '') {
    await replyInTopic(d, message, t(d.staffLocale, 'staff-note-empty'));
    return;
  }
  const staff = await upsertStaffMember(d, message.from);
  await recordMessage(d, { caseId: found.kase.id, direction: 'note', kind: 'text', body: text.trim(), staffMemberId: staff.id });
  d.log.info({ event: 'case.note', case: found.kase.id }, 'note added');
  await replyInTopic(d, message, t(d.staffLocale, 'staff-note-saved'));
}

/**
 * `/close [how to reach us]`: opens the closing record form in the topic, pre-filled with
 * suggestions; the case closes when the record is saved (see `saveRecordAndClose`).
 */
export async function startClosing(d: BotDeps, message: StaffMessage, contactLine: string): Promise<void> {
  const found = await caseOfStaffMessage(d, message);
  if (!found) return;
  const { kase } = found;
  if (kase.status === 'closed') return void (await replyInTopic(d, message, t(d.staffLocale, 'staff-case-already-closed', { case: kase.id })));
  const draft = await suggestDraft(d, kase, (text) => d.content.needsOfText(text), (slug) => d.content.needsOf(slug));
  await saveDraft(d, kase.id, draft);
  await d.db.update(cases).set({ closeContactLine: contactLine.trim() || null }).where(eq(cases.id, kase.id));
  await d.api.sendMessage(d.staffChatId, t(d.staffLocale, 'record-title', { case: kase.id }), {
    message_thread_id: kase.topicId!,
    reply_markup: recordKeyboard(kase.id, draft, taxonomyOf(d.settings), d.staffLocale),
  });
}

/** A tap on the closing form. Returns a short notice for the tapping worker, if any. */
export async function onRecordButton(d: CaseDeps, data: string, form: { messageId: number }, user: { id: number; first_name: string }): Promise<string | undefined> {
  const parsed = parseRecordData(data);
  if (!parsed) return undefined;
  const [kase] = await d.db.select().from(cases).where(eq(cases.id, parsed.caseId));
  if (!kase || kase.status === 'closed') return t(d.staffLocale, 'staff-case-already-closed', { case: parsed.caseId });
  const draft = draftOf(kase);
  if ('field' in parsed) {
    const next = applyChoice(draft, taxonomyOf(d.settings), parsed.field, parsed.index);
    await saveDraft(d, kase.id, next);
    await d.api.editMessageReplyMarkup(d.staffChatId, form.messageId, { reply_markup: recordKeyboard(kase.id, next, taxonomyOf(d.settings), d.staffLocale) }).catch(() => {});
    return undefined;
  }
  if (parsed.action === 'cancel') {
    await d.api.deleteMessage(d.staffChatId, form.messageId).catch(() => {});
    return t(d.staffLocale, 'record-cancelled');
  }
  const missing = missingFields(draft);
  if (missing.length > 0) return t(d.staffLocale, 'record-missing', { fields: missing.map((f) => t(d.staffLocale, f)).join(', ') });
  const closed = await closeWithRecord(d, kase, draft, await telegramActor(d, user), kase.closeContactLine ?? '');
  if (!closed.ok) return t(d.staffLocale, 'staff-case-already-closed', { case: kase.id });
  await d.api.editMessageReplyMarkup(d.staffChatId, form.messageId).catch(() => {});
  return undefined;
}

export type CloseResult = { ok: true; kase: Case } | { ok: false; problem: 'missing'; fields: string[] } | { ok: false; problem: 'closed' };

/**
 * Saves the closing record and closes the case: the form's save button and the console's close
 * form both come here, so the client gets the same closing message and rating request, and the
 * topic is told, closed and renamed the same way. The record keeps the taxonomy version.
 */
export async function closeWithRecord(d: CaseDeps, kase: Case, draft: Draft, actor: Actor, contactLine: string): Promise<CloseResult> {
  const missing = missingFields(draft);
  if (missing.length > 0) return { ok: false, problem: 'missing', fields: missing };
  const record = finalRecord(draft, taxonomyOf(d.settings));
  const closed = await applyEvent(d, kase, 'close', { ...record, closeReason: null, recordedAt: sql`now()` as never, closedAt: sql`now()` as never, closedBy: actor.staffMemberId });
  if (!closed) return { ok: false, problem: 'closed' };
  await postInTopic(d, kase, t(d.staffLocale, 'record-saved', { online: t(d.staffLocale, record.metOnline ? 'record-online' : 'record-offline') }) + consoleMark(d, actor));
  await finishClose(d, closed, contactLine);
  return { ok: true, kase: closed };
}

/** `/drop <reason>`: closes without a record, which needs a stated reason; the client is not messaged. */
export async function dropCase(d: CaseDeps, message: StaffMessage, reason: string): Promise<void> {
  const found = await caseOfStaffMessage(d, message);
  if (!found) return;
  if (reason.trim() === '') return void (await replyInTopic(d, message, t(d.staffLocale, 'staff-drop-usage')));
  const dropped = await dropWithReason(d, found.kase, await telegramActor(d, message.from), reason, (text) => replyInTopic(d, message, text));
  if (dropped === 'closed') await replyInTopic(d, message, t(d.staffLocale, 'staff-case-already-closed', { case: found.kase.id }));
}

/**
 * Closes a case without a record, for a stated reason (/drop, or the console). The words go into a
 * sealed note (they may say more than they should); the case keeps a code. `tell` puts the notice
 * in the topic before the topic closes.
 */
export async function dropWithReason(d: CaseDeps, kase: Case, actor: Actor, reason: string, tell: (text: string) => Promise<unknown>): Promise<'ok' | 'empty' | 'closed'> {
  if (reason.trim() === '') return 'empty';
  await recordMessage(d, { caseId: kase.id, direction: 'note', kind: 'text', body: reason.trim(), staffMemberId: actor.staffMemberId ?? undefined });
  const closed = await applyEvent(d, kase, 'close', { closeReason: reasonCode(reason), closedAt: sql`now()` as never, closedBy: actor.staffMemberId });
  if (!closed) return 'closed';
  await tell(t(d.staffLocale, 'staff-dropped', { case: closed.id, reason: reason.trim() }) + consoleMark(d, actor));
  if (closed.topicId !== null && closed.staffChatId === d.staffChatId) await d.api.closeForumTopic(d.staffChatId, closed.topicId).catch(() => {});
  d.log.info({ event: 'case.dropped', case: closed.id }, 'case closed without a record');
  return 'ok';
}

/** After the close: the topic closes, the client is told how to come back and asked for a rating. */
async function finishClose(d: CaseDeps, kase: Case, contactLine: string): Promise<void> {
  const [client] = await d.db.select().from(clients).where(eq(clients.id, kase.clientId));
  d.log.info({ event: 'case.closed', case: kase.id }, 'case closed');
  if (await postInTopic(d, kase, t(d.staffLocale, 'staff-case-closed', { case: kase.id }))) {
    await d.api.closeForumTopic(d.staffChatId, kase.topicId!).catch((err: unknown) => {
      // Already closed by hand, or deleted: the case is closed either way.
      if (!(err instanceof GrammyError && err.error_code === 400)) throw err;
    });
  }
  if (!client) return;
  const locale = client.locale as Locale;
  const contact = contactLine.trim() || d.settings.closingContactLine[locale];
  const chatId = clientChatId(d, client);
  try {
    await d.api.sendMessage(chatId, t(locale, 'client-closed', { contact }));
    await d.api.sendMessage(chatId, t(locale, 'client-feedback-ask'), {
      reply_markup: {
        inline_keyboard: [
          [
            { text: t(locale, 'feedback-up'), callback_data: feedbackData(kase.id, true) },
            { text: t(locale, 'feedback-down'), callback_data: feedbackData(kase.id, false) },
          ],
        ],
      },
    });
  } catch (err) {
    // A client who blocked the bot simply does not get the closing message.
    if (!(err instanceof GrammyError && err.error_code === 403)) throw err;
  }
}

export async function unknownCommand(d: CaseDeps, message: StaffMessage): Promise<void> {
  if (!(await caseOfStaffMessage(d, message))) return;
  await replyInTopic(d, message, t(d.staffLocale, 'staff-unknown-command'));
}

/** `/kb <search>`: sends the client the best verified article, in the client's language. */
export async function sendArticleToClient(d: BotDeps, message: StaffMessage, query: string): Promise<void> {
  const found = await caseOfStaffMessage(d, message);
  if (!found) return;
  if (query.trim() === '') return void (await replyInTopic(d, message, t(d.staffLocale, 'staff-kb-usage')));
  const { kase, client } = found;
  const slug = d.content.search(query)[0];
  const sent = slug ? await sendArticle(d, kase, client, slug, await telegramActor(d, message.from), (text) => replyInTopic(d, message, text)) : false;
  if (!sent) {
    const titles = d.content.titles(undefined, d.staffLocale).map((a) => a.title).join('; ');
    return void (await replyInTopic(d, message, t(d.staffLocale, 'staff-kb-none', { query, titles })));
  }
}

/**
 * Sends the client a verified article in their language (/kb, or the console) and tells the topic
 * with `tell`. The library holds verified texts only, so false means there is none to send.
 */
export async function sendArticle(
  d: CaseDeps & { content: Pick<ContentLibrary, 'render' | 'titles'> },
  kase: Case,
  client: Client,
  slug: string,
  actor: Actor,
  tell: (text: string) => Promise<unknown>,
): Promise<boolean> {
  const locale = client.locale as Locale;
  const text = d.content.render(slug, locale);
  if (!text) return false;
  await d.api.sendMessage(clientChatId(d, client), text, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
  await recordMessage(d, { caseId: kase.id, direction: 'staff', kind: 'article', body: `kb:${slug}`, staffMemberId: actor.staffMemberId ?? undefined });
  d.log.info({ event: 'case.article_sent', case: kase.id, article: slug }, 'article sent');
  await tell(t(d.staffLocale, 'staff-kb-sent', { title: d.content.titles([slug], locale)[0]?.title ?? slug }) + consoleMark(d, actor));
  return true;
}
