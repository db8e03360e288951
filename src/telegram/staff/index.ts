import { Composer, type Context } from 'grammy';
import type { Message } from 'grammy/types';
import type { BotDeps } from '../deps.ts';
import { emergencyButtons } from './emergency-buttons.ts';
import { buttonsInPlace } from './place.ts';
import { disabledStaffIgnored } from './disabled.ts';
import { telegramActor } from '../../cases/actor.ts';
import { assignCase, claimCase } from '../../cases/assignment.ts';
import { applyChoice, draftOf, missingFields, saveDraft, startRecord } from '../../cases/closing-record.ts';
import { closeWithRecord } from '../../cases/close.ts';
import { dropWithReason } from '../../cases/drop.ts';
import { referExternally } from '../../cases/external.ts';
import { addNote } from '../../cases/note.ts';
import { formatQueue } from '../../cases/queue.ts';
import { recordReferralOutcome, referInternally, setRoles, takeReferral } from '../../cases/referral.ts';
import { mirrorReplyEdit, replyToClient, tellUnreachable } from '../../cases/reply.ts';
import { UnreadableError } from '../../privacy/vault.ts';
import { sendArticle } from '../../cases/send-article.ts';
import { upsertStaffMember } from '../../cases/staff-members.ts';
import { redeemLinkCode } from '../../console/auth/link.ts';
import { cases } from '../../db/schema/index.ts';
import { contentOf, fileIdOf, isRelayed, messageBody, messageKind } from '../../domain/message-kind.ts';
import { taxonomyOf } from '../../domain/taxonomy.ts';
import { t } from '../../i18n/index.ts';
import { answerPress } from '../answer-press.ts';
import { eq } from 'drizzle-orm';
import { directoryKeyboard, parseClaim, parseExternal, parseRecordData, parseReferData, recordKeyboard, referralChoices } from './callbacks.ts';
import { caseOfStaffMessage, realReplyTarget, replyInTopic } from './topic-messages.ts';
import { renderFitted } from '../../cases/fit.ts';

/**
 * An action that had to write to a client whose address was sealed under a destroyed key (a /kb
 * article, a referral, …): the update is done, not retried; the topic says why, once per case.
 */
function unreachableClients(d: BotDeps) {
  return async (ctx: Context, next: () => Promise<void>) => {
    try {
      await next();
    } catch (err) {
      if (!(err instanceof UnreadableError)) throw err;
      const m = ctx.chat?.id === d.staffChatId ? (ctx.message ?? ctx.callbackQuery?.message) : undefined;
      const kase = m && m.date !== 0 ? await caseOfStaffMessage(d, m as Message) : undefined;
      d.log.warn({ event: 'staff.client_unreachable', case: kase?.id }, 'a staff action needed a sealed value no key opens');
      if (ctx.callbackQuery) await answerPress(ctx, d.log, { text: t(d.staffLocale, 'staff-client-unreachable'), alert: true });
      if (kase) await tellUnreachable(d, kase);
    }
  };
}

type StaffMessage = Message & { from: { id: number; first_name: string } };

/** Anonymous admins post as the group itself through Telegram's helper bot; they are staff too. */
function fromStaffPerson(d: BotDeps, m: Message): m is StaffMessage {
  if (!m.from) return false;
  return !m.from.is_bot || m.sender_chat?.id === d.staffChatId;
}

/**
 * The staff forum group: case topics are where workers answer. Anything outside a case topic is
 * left alone. Each command and button reads what Telegram sent, calls the case action as the
 * person who acted, and answers in the topic; the actions themselves live in `cases/`.
 */
export function staffFeature(d: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.use(unreachableClients(d));
  // Before anything else: a disabled account's person is not heard (disabled.ts), and a case
  // button counts only in its case's topic (place.ts).
  composer.use(disabledStaffIgnored(d));
  composer.on('callback_query:data', buttonsInPlace(d));
  const staff = composer.filter((ctx) => ctx.chat?.id === d.staffChatId);
  composer.use(emergencyButtons(d));
  const closed = (caseId: number) => t(d.staffLocale, 'staff-case-already-closed', { case: caseId });

  const answer = (ctx: Context, text?: string, alert = false) => answerPress(ctx, d.log, text ? { text, alert } : undefined);

  /** A command in a case topic, from a person: the case and the actor, or nothing to do. */
  const inCase = async (ctx: Context) => {
    const m = ctx.message;
    if (!m || !fromStaffPerson(d, m)) return undefined;
    const kase = await caseOfStaffMessage(d, m);
    return kase ? { m, kase, actor: await telegramActor(d, m.from) } : undefined;
  };

  staff.command('close', async (ctx) => {
    const found = await inCase(ctx);
    if (!found) return;
    const { m, kase } = found;
    if (kase.status === 'closed') return void (await replyInTopic(d, m, closed(kase.id)));
    const draft = await startRecord(d, kase, ctx.match, d.content);
    await d.api.sendMessage(d.staffChatId, t(d.staffLocale, 'record-title', { case: kase.id }), {
      message_thread_id: kase.topicId!,
      reply_markup: recordKeyboard(kase.id, draft, taxonomyOf(d.settings), d.staffLocale),
    });
  });

  staff.callbackQuery(/^rec:/, async (ctx) => {
    const parsed = parseRecordData(ctx.callbackQuery.data);
    const form = ctx.callbackQuery.message;
    if (!parsed || !form) return void (await answer(ctx));
    const [kase] = await d.db.select().from(cases).where(eq(cases.id, parsed.caseId));
    if (!kase || kase.status === 'closed') return void (await answer(ctx, closed(parsed.caseId), true));
    const draft = draftOf(kase);
    if ('field' in parsed) {
      await answer(ctx);
      const next = applyChoice(draft, taxonomyOf(d.settings), parsed.field, parsed.index, parsed.on);
      await saveDraft(d, kase.id, next);
      await d.api.editMessageReplyMarkup(d.staffChatId, form.message_id, { reply_markup: recordKeyboard(kase.id, next, taxonomyOf(d.settings), d.staffLocale) }).catch(() => {});
      return;
    }
    if (parsed.action === 'cancel') {
      await answer(ctx, t(d.staffLocale, 'record-cancelled'));
      await d.api.deleteMessage(d.staffChatId, form.message_id).catch(() => {});
      return;
    }
    const missing = missingFields(draft);
    if (missing.length > 0) return void (await answer(ctx, t(d.staffLocale, 'record-missing', { fields: missing.map((f) => t(d.staffLocale, f)).join(', ') }), true));
    await answer(ctx);
    const result = await closeWithRecord(d, await telegramActor(d, ctx.from), { caseId: kase.id, draft, contactLine: kase.closeContactLine ?? '' });
    if (result.ok) await d.api.editMessageReplyMarkup(d.staffChatId, form.message_id).catch(() => {});
  });

  staff.callbackQuery(/^case:claim:/, async (ctx) => {
    const caseId = parseClaim(ctx.callbackQuery.data);
    if (caseId === undefined) return void (await answer(ctx));
    const actor = await telegramActor(d, ctx.from);
    const [kase] = await d.db.select().from(cases).where(eq(cases.id, caseId));
    if (!kase || kase.status === 'closed') return void (await answer(ctx, closed(caseId)));
    if (kase.claimedBy !== null && kase.claimedBy !== actor.staffMemberId) {
      const result = await claimCase(d, actor, { caseId });
      return void (await answer(ctx, !result.ok && result.problem === 'taken' ? t(d.staffLocale, 'staff-claim-taken', { name: result.holder }) : undefined));
    }
    await answer(ctx, t(d.staffLocale, 'staff-claim-yours'));
    const result = await claimCase(d, actor, { caseId });
    if (result.ok) await d.api.editMessageReplyMarkup(d.staffChatId, ctx.callbackQuery.message!.message_id).catch(() => {});
  });

  staff.command('assign', async (ctx) => {
    const found = await inCase(ctx);
    if (!found) return;
    const { m, kase, actor } = found;
    const target = realReplyTarget(m) !== undefined ? m.reply_to_message?.from : undefined;
    if (!target || target.is_bot) return void (await replyInTopic(d, m, t(d.staffLocale, 'staff-assign-usage')));
    const member = await upsertStaffMember(d, target);
    const result = await assignCase(d, actor, { caseId: kase.id, staffMemberId: member.id });
    if (!result.ok && result.problem === 'closed') await replyInTopic(d, m, closed(kase.id));
  });

  staff.command('refer', async (ctx) => {
    const found = await inCase(ctx);
    if (!found) return;
    // The reason stays in the /refer message itself; the choice replies to it and reads it back.
    await ctx.reply(t(d.staffLocale, 'staff-refer-choose', { case: found.kase.id }), {
      message_thread_id: found.m.message_thread_id,
      reply_parameters: { message_id: found.m.message_id },
      reply_markup: await referralChoices(d, found.kase.id),
    });
  });
  staff.callbackQuery(/^ref:/, async (ctx) => {
    const parsed = parseReferData(ctx.callbackQuery.data);
    const message = ctx.callbackQuery.message;
    if (!parsed || !message) return void (await answer(ctx));
    const actor = await telegramActor(d, ctx.from);
    if (parsed.action === 'to') {
      await answer(ctx);
      const reason = (message.reply_to_message?.text ?? '').replace(/^\/refer(@\w+)?\s*/i, '');
      const result = await referInternally(d, actor, { caseId: parsed.caseId, role: parsed.role, toStaffId: parsed.staffId, reason });
      await d.api.deleteMessage(d.staffChatId, message.message_id).catch(() => {});
      if (!result.ok && result.problem === 'closed') await d.api.sendMessage(d.staffChatId, closed(parsed.caseId), { message_thread_id: message.message_thread_id });
    } else if (parsed.action === 'take') {
      await answer(ctx);
      const result = await takeReferral(d, actor, { referralId: parsed.referralId });
      if (result.ok && !result.already) await d.api.editMessageReplyMarkup(d.staffChatId, message.message_id, { reply_markup: d.buttons.referralOutcome(parsed.referralId) }).catch(() => {});
    } else {
      await answer(ctx, t(d.staffLocale, 'staff-referral-outcome', { outcome: t(d.staffLocale, `referral-${parsed.outcome}`) }));
      const result = await recordReferralOutcome(d, actor, { referralId: parsed.referralId, outcome: parsed.outcome });
      if (result !== 'not-found') await d.api.editMessageReplyMarkup(d.staffChatId, message.message_id).catch(() => {});
    }
  });

  staff.command('ext', async (ctx) => {
    const found = await inCase(ctx);
    if (!found) return;
    const keyboard = await directoryKeyboard(d, found.kase.id);
    const text = t(d.staffLocale, keyboard.inline_keyboard.length > 0 ? 'ext-choose' : 'ext-empty');
    await ctx.reply(text, { message_thread_id: found.m.message_thread_id, reply_markup: keyboard });
  });
  staff.callbackQuery(/^ext:/, async (ctx) => {
    const parsed = parseExternal(ctx.callbackQuery.data);
    if (!parsed) return void (await answer(ctx));
    const [kase] = await d.db.select().from(cases).where(eq(cases.id, parsed.caseId));
    if (!kase || kase.status === 'closed') return void (await answer(ctx, closed(parsed.caseId), true));
    await answer(ctx);
    const result = await referExternally(d, await telegramActor(d, ctx.from), parsed);
    if (result === 'unverified') await d.api.sendMessage(d.staffChatId, t(d.staffLocale, 'ext-unverified'), { message_thread_id: kase.topicId ?? undefined });
    else await d.api.deleteMessage(d.staffChatId, ctx.callbackQuery.message!.message_id).catch(() => {});
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

  staff.command('drop', async (ctx) => {
    const found = await inCase(ctx);
    if (!found) return;
    const result = await dropWithReason(d, found.actor, { caseId: found.kase.id, reason: ctx.match });
    if (result === 'empty') await replyInTopic(d, found.m, t(d.staffLocale, 'staff-drop-usage'));
    else if (result === 'too-long') await replyInTopic(d, found.m, t(d.staffLocale, 'staff-reason-too-long'));
    else if (result === 'closed') await replyInTopic(d, found.m, closed(found.kase.id));
  });

  staff.command('kb', async (ctx) => {
    const found = await inCase(ctx);
    if (!found) return;
    const query = ctx.match.trim();
    if (query === '') return void (await replyInTopic(d, found.m, t(d.staffLocale, 'staff-kb-usage')));
    const slug = d.content.search(query)[0];
    const result = slug ? await sendArticle(d, found.actor, { caseId: found.kase.id, slug }) : 'unverified';
    if (result === 'closed') return void (await replyInTopic(d, found.m, closed(found.kase.id)));
    if (result !== 'ok') {
      const titles = d.content.titles(undefined, d.staffLocale).map((a) => a.title).join('; ');
      const none = (words: string) => t(d.staffLocale, 'staff-kb-none', { query: words, titles });
      await replyInTopic(d, found.m, renderFitted(none, query));
    }
  });

  staff.command('queue', async (ctx) => {
    if (!ctx.message || !fromStaffPerson(d, ctx.message)) return;
    await ctx.reply(await formatQueue(d, d.staffLocale), { message_thread_id: ctx.message.message_thread_id });
  });

  staff.command('note', async (ctx) => {
    const found = await inCase(ctx);
    if (!found) return;
    const result = await addNote(d, found.actor, { caseId: found.kase.id, text: ctx.match });
    if (result === 'ok') await replyInTopic(d, found.m, t(d.staffLocale, 'staff-note-saved'));
    else if (result === 'empty') await replyInTopic(d, found.m, t(d.staffLocale, 'staff-note-empty'));
    else if (result === 'too-long') await replyInTopic(d, found.m, t(d.staffLocale, 'staff-note-too-long'));
  });

  staff.on('message', async (ctx) => {
    const m = ctx.message;
    if (!fromStaffPerson(d, m)) return;
    const actor = await telegramActor(d, m.from);
    const kase = await caseOfStaffMessage(d, m);
    if (!kase) return;
    // A slash command we do not know is most likely a typo of one we do: never relay it.
    if (m.entities?.[0]?.type === 'bot_command' && m.entities[0].offset === 0) return void (await replyInTopic(d, m, t(d.staffLocale, 'staff-unknown-command')));
    const kind = messageKind(m);
    if (!isRelayed(kind)) return; // service messages and the like are not part of the conversation
    const result = await replyToClient(d, actor, {
      caseId: kase.id,
      copy: { ...contentOf(m), kind, body: messageBody(m), fileId: fileIdOf(m), replyToStaffMsgId: realReplyTarget(m) },
    });
    // A reply Telegram refused is reported in the topic by its delivery (it may come after this handler).
    if (!result.ok && result.problem === 'closed') await replyInTopic(d, m, closed(kase.id));
  });

  staff.on('edited_message', async (ctx) => {
    const m = ctx.editedMessage;
    if (!(await caseOfStaffMessage(d, m))) return;
    await mirrorReplyEdit(d, { ...contentOf(m), body: messageBody(m), fileId: fileIdOf(m) });
  });
  return composer;
}
