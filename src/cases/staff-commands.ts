import { GrammyError } from 'grammy';
import type { Message } from 'grammy/types';
import type { Locale } from '../config.ts';
import { t } from '../i18n/index.ts';
import { closeCaseRecord } from './case-store.ts';
import { feedbackData } from './feedback.ts';
import { clientChatId } from './clients.ts';
import type { CaseDeps } from './deps.ts';
import { recordMessage } from './message-store.ts';
import { caseOfStaffMessage } from './relay-from-staff.ts';
import { upsertStaffMember } from './staff-members.ts';
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
 * `/close [how to reach us]`: closes the case and its topic, tells the client how to come back
 * (the worker's line, or the organisation's) and asks for a one-tap anonymous rating.
 */
export async function closeCase(d: CaseDeps, message: StaffMessage, contactLine: string): Promise<void> {
  const found = await caseOfStaffMessage(d, message);
  if (!found) return;
  const { kase, client } = found;
  const staff = await upsertStaffMember(d, message.from);
  if (!(await closeCaseRecord(d, kase.id, staff.id))) {
    await replyInTopic(d, message, t(d.staffLocale, 'staff-case-already-closed', { case: kase.id }));
    return;
  }
  d.log.info({ event: 'case.closed', case: kase.id }, 'case closed');
  await replyInTopic(d, message, t(d.staffLocale, 'staff-case-closed', { case: kase.id }));
  await d.api.closeForumTopic(d.staffChatId, kase.topicId!).catch((err: unknown) => {
    // Already closed by hand, or deleted: the case is closed either way.
    if (!(err instanceof GrammyError && err.error_code === 400)) throw err;
  });
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
export async function sendArticleToClient(d: CaseDeps & { content: ContentLibrary }, message: StaffMessage, query: string): Promise<void> {
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
