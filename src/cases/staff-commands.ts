import { GrammyError } from 'grammy';
import type { Message } from 'grammy/types';
import type { Locale } from '../config.ts';
import { t } from '../i18n/index.ts';
import { closeCaseRecord } from './case-store.ts';
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

/** `/close`: closes the case and its topic, and tells the client how to come back. */
export async function closeCase(d: CaseDeps, message: StaffMessage): Promise<void> {
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
  await d.api.sendMessage(clientChatId(d, client), t(client.locale as Locale, 'client-case-closed')).catch((err: unknown) => {
    if (!(err instanceof GrammyError && err.error_code === 403)) throw err;
  });
}

export async function unknownCommand(d: CaseDeps, message: StaffMessage): Promise<void> {
  if (!(await caseOfStaffMessage(d, message))) return;
  await replyInTopic(d, message, t(d.staffLocale, 'staff-unknown-command'));
}
