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
import { applyChoice, draftOf, finalRecord, missingFields, parseRecordData, recordKeyboard, saveDraft, suggestDraft } from './closing-record.ts';
import { applyEvent } from './lifecycle.ts';
import { feedbackData } from './feedback.ts';
import { clientChatId } from './clients.ts';
import type { CaseDeps } from './deps.ts';
import { recordMessage } from './message-store.ts';
import { caseOfStaffMessage } from './relay-from-staff.ts';
import { upsertStaffMember } from './staff-members.ts';

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
  const record = finalRecord(draft, taxonomyOf(d.settings));
  const staff = await upsertStaffMember(d, user);
  const closed = await applyEvent(d, kase, 'close', { ...record, recordedAt: sql`now()` as never, closedAt: sql`now()` as never, closedBy: staff.id });
  if (!closed) return t(d.staffLocale, 'staff-case-already-closed', { case: kase.id });
  await d.api.editMessageReplyMarkup(d.staffChatId, form.messageId).catch(() => {});
  await d.api.sendMessage(d.staffChatId, t(d.staffLocale, 'record-saved', { online: t(d.staffLocale, record.metOnline ? 'record-online' : 'record-offline') }), {
    message_thread_id: kase.topicId!,
  });
  await finishClose(d, closed, kase.closeContactLine ?? '');
  return undefined;
}

/** `/drop <reason>`: closes without a record, which needs a stated reason; the client is not messaged. */
export async function dropCase(d: CaseDeps, message: StaffMessage, reason: string): Promise<void> {
  const found = await caseOfStaffMessage(d, message);
  if (!found) return;
  if (reason.trim() === '') return void (await replyInTopic(d, message, t(d.staffLocale, 'staff-drop-usage')));
  const staff = await upsertStaffMember(d, message.from);
  // The words go into a sealed note (they may say more than they should); the case keeps a code.
  await recordMessage(d, { caseId: found.kase.id, direction: 'note', kind: 'text', body: reason.trim(), staffMemberId: staff.id });
  const closed = await applyEvent(d, found.kase, 'close', { closeReason: reasonCode(reason), closedAt: sql`now()` as never, closedBy: staff.id });
  if (!closed) return void (await replyInTopic(d, message, t(d.staffLocale, 'staff-case-already-closed', { case: found.kase.id })));
  await replyInTopic(d, message, t(d.staffLocale, 'staff-dropped', { case: closed.id, reason: reason.trim() }));
  await d.api.closeForumTopic(d.staffChatId, closed.topicId!).catch(() => {});
  d.log.info({ event: 'case.dropped', case: closed.id }, 'case closed without a record');
}

/** After the close: the topic closes, the client is told how to come back and asked for a rating. */
async function finishClose(d: CaseDeps, kase: Case, contactLine: string): Promise<void> {
  const [client] = await d.db.select().from(clients).where(eq(clients.id, kase.clientId));
  d.log.info({ event: 'case.closed', case: kase.id }, 'case closed');
  await d.api.sendMessage(d.staffChatId, t(d.staffLocale, 'staff-case-closed', { case: kase.id }), { message_thread_id: kase.topicId! });
  await d.api.closeForumTopic(d.staffChatId, kase.topicId!).catch((err: unknown) => {
    // Already closed by hand, or deleted: the case is closed either way.
    if (!(err instanceof GrammyError && err.error_code === 400)) throw err;
  });
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
  const locale = client.locale as Locale;
  const slug = d.content.search(query)[0];
  const text = slug ? d.content.render(slug, locale) : undefined;
  if (!slug || !text) {
    const titles = d.content.titles(undefined, d.staffLocale).map((a) => a.title).join('; ');
    return void (await replyInTopic(d, message, t(d.staffLocale, 'staff-kb-none', { query, titles })));
  }
  const staff = await upsertStaffMember(d, message.from);
  await d.api.sendMessage(clientChatId(d, client), text, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
  await recordMessage(d, { caseId: kase.id, direction: 'staff', kind: 'article', body: `kb:${slug}`, staffMemberId: staff.id });
  d.log.info({ event: 'case.article_sent', case: kase.id, article: slug }, 'article sent');
  await replyInTopic(d, message, t(d.staffLocale, 'staff-kb-sent', { title: d.content.titles([slug], locale)[0]?.title ?? slug }));
}
