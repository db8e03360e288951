import { Composer, type Context } from 'grammy';
import type { Message } from 'grammy/types';
import type { BotDeps } from '../deps.ts';
import { mirrorStaffEdit, relayFromStaff } from '../../cases/relay-from-staff.ts';
import { formatQueue } from '../../cases/queue.ts';
import { RECORD_PREFIX } from '../../cases/closing-record.ts';
import { addNote, dropCase, onRecordButton, sendArticleToClient, startClosing, unknownCommand } from '../../cases/staff-commands.ts';
import { upsertStaffMember } from '../../cases/staff-members.ts';

/** Anonymous admins post as the group itself through Telegram's helper bot; they are staff too. */
function fromStaffPerson(d: BotDeps, m: Message): m is Message & { from: { id: number; first_name: string } } {
  if (!m.from) return false;
  return !m.from.is_bot || m.sender_chat?.id === d.staffChatId;
}

/** The staff forum group: case topics are where workers answer. Anything outside a case topic is left alone. */
export function staffFeature(d: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const staff = composer.filter((ctx) => ctx.chat?.id === d.staffChatId);

  staff.command('close', async (ctx) => {
    if (ctx.message && fromStaffPerson(d, ctx.message)) await startClosing(d, ctx.message, ctx.match);
  });
  staff.command('drop', async (ctx) => {
    if (ctx.message && fromStaffPerson(d, ctx.message)) await dropCase(d, ctx.message, ctx.match);
  });
  staff.callbackQuery(new RegExp(`^${RECORD_PREFIX}`), async (ctx) => {
    const notice = await onRecordButton(d, ctx.callbackQuery.data, { messageId: ctx.callbackQuery.message!.message_id }, ctx.from);
    await ctx.answerCallbackQuery(notice ? { text: notice, show_alert: true } : undefined);
  });
  staff.command('kb', async (ctx) => {
    if (ctx.message && fromStaffPerson(d, ctx.message)) await sendArticleToClient(d, ctx.message, ctx.match);
  });
  staff.command('queue', async (ctx) => {
    if (!ctx.message || !fromStaffPerson(d, ctx.message)) return;
    await ctx.reply(await formatQueue(d, d.staffLocale), { message_thread_id: ctx.message.message_thread_id });
  });
  staff.command('note', async (ctx) => {
    if (ctx.message && fromStaffPerson(d, ctx.message)) await addNote(d, ctx.message, ctx.match);
  });
  staff.on('message', async (ctx) => {
    const m = ctx.message;
    if (!fromStaffPerson(d, m)) return;
    await upsertStaffMember(d, m.from);
    // A slash command we do not know is most likely a typo of one we do: never relay it.
    if (m.entities?.[0]?.type === 'bot_command' && m.entities[0].offset === 0) return unknownCommand(d, m);
    await relayFromStaff(d, m);
  });
  staff.on('edited_message', async (ctx) => {
    await mirrorStaffEdit(d, ctx.editedMessage);
  });
  return composer;
}
