import { Composer, type Context } from 'grammy';
import type { Message } from 'grammy/types';
import type { BotDeps } from '../deps.ts';
import { mirrorStaffEdit, relayFromStaff } from '../../cases/relay-from-staff.ts';
import { formatQueue } from '../../cases/queue.ts';
import { assignAndTell, claimFromButton, CLAIM_PREFIX } from '../../cases/assignment.ts';
import { RECORD_PREFIX } from '../../cases/closing-record.ts';
import { directoryKeyboard, EXT_PREFIX, sendExternalReferral } from '../../cases/external.ts';
import { parseReferData, recordReferralOutcome, refer, REFER_PREFIX, referralChoices, setRoles, takeReferral } from '../../cases/referral.ts';
import { caseOfStaffMessage, realReplyTarget } from '../../cases/relay-from-staff.ts';
import { t } from '../../i18n/index.ts';
import { redeemLinkCode } from '../../console/auth/link.ts';
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
  staff.callbackQuery(new RegExp(`^${CLAIM_PREFIX}\\d+$`), async (ctx) => {
    const notice = await claimFromButton(d, Number(ctx.callbackQuery.data.slice(CLAIM_PREFIX.length)), ctx.from, { messageId: ctx.callbackQuery.message!.message_id });
    await ctx.answerCallbackQuery({ text: notice });
  });
  staff.command('assign', async (ctx) => {
    const m = ctx.message;
    if (!m || !fromStaffPerson(d, m)) return;
    const found = await caseOfStaffMessage(d, m);
    if (!found) return;
    const target = realReplyTarget(m) !== undefined ? m.reply_to_message?.from : undefined;
    if (!target || target.is_bot) return void (await ctx.reply(t(d.staffLocale, 'staff-assign-usage'), { message_thread_id: m.message_thread_id }));
    const member = await upsertStaffMember(d, target);
    await assignAndTell(d, found.kase, member);
  });
  staff.command('refer', async (ctx) => {
    const m = ctx.message;
    if (!m || !fromStaffPerson(d, m)) return;
    const found = await caseOfStaffMessage(d, m);
    if (!found) return;
    // The reason stays in the /refer message itself; the choice replies to it and reads it back.
    await ctx.reply(t(d.staffLocale, 'staff-refer-choose', { case: found.kase.id }), {
      message_thread_id: m.message_thread_id,
      reply_parameters: { message_id: m.message_id },
      reply_markup: await referralChoices(d, found.kase.id),
    });
  });
  staff.command('ext', async (ctx) => {
    const m = ctx.message;
    if (!m || !fromStaffPerson(d, m)) return;
    const found = await caseOfStaffMessage(d, m);
    if (!found) return;
    const keyboard = await directoryKeyboard(d, found.kase.id);
    const text = t(d.staffLocale, keyboard.inline_keyboard.length > 0 ? 'ext-choose' : 'ext-empty');
    await ctx.reply(text, { message_thread_id: m.message_thread_id, reply_markup: keyboard });
  });
  staff.callbackQuery(new RegExp(`^${EXT_PREFIX}(\\d+):(\\d+)$`), async (ctx) => {
    const [, caseId, orgId] = ctx.callbackQuery.data.split(/[:]/);
    const notice = await sendExternalReferral(d, Number(caseId), Number(orgId), ctx.from);
    if (!notice) await d.api.deleteMessage(d.staffChatId, ctx.callbackQuery.message!.message_id).catch(() => {});
    await ctx.answerCallbackQuery(notice ? { text: notice, show_alert: true } : undefined);
  });
  staff.command('link', async (ctx) => {
    const m = ctx.message;
    if (!m || !fromStaffPerson(d, m)) return;
    const member = await upsertStaffMember(d, m.from);
    const linked = await redeemLinkCode(d.db, d.vault, ctx.match, member.id, d.now());
    // The code is spent either way; it should not stay on screen in the group.
    await d.api.deleteMessage(d.staffChatId, m.message_id).catch(() => {});
    await ctx.reply(linked ? t(d.staffLocale, 'staff-linked', { name: linked.displayName }) : t(d.staffLocale, 'staff-link-invalid'), { message_thread_id: m.message_thread_id });
  });
  staff.command('role', async (ctx) => {
    if (!ctx.message || !fromStaffPerson(d, ctx.message)) return;
    await ctx.reply(await setRoles(d, ctx.message.from, ctx.match), { message_thread_id: ctx.message.message_thread_id });
  });
  staff.callbackQuery(new RegExp(`^${REFER_PREFIX}`), async (ctx) => {
    const parsed = parseReferData(ctx.callbackQuery.data);
    const message = ctx.callbackQuery.message;
    if (!parsed || !message) return void (await ctx.answerCallbackQuery());
    let notice: string | undefined;
    if (parsed.action === 'to') {
      const reason = (message.reply_to_message?.text ?? '').replace(/^\/refer(@\w+)?\s*/i, '');
      notice = await refer(d, parsed.caseId, parsed.role, parsed.staffId, ctx.from, reason);
      await d.api.deleteMessage(d.staffChatId, message.message_id).catch(() => {});
    } else if (parsed.action === 'take') {
      notice = await takeReferral(d, parsed.referralId, ctx.from, { messageId: message.message_id });
    } else {
      notice = await recordReferralOutcome(d, parsed.referralId, parsed.outcome, { messageId: message.message_id });
    }
    await ctx.answerCallbackQuery(notice ? { text: notice } : undefined);
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
