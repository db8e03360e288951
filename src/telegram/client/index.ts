import { Composer, type Context } from 'grammy';
import type { Message } from 'grammy/types';
import type { Locale } from '../../config.ts';
import { claimAfterHoursReply } from '../../cases/case-store.ts';
import { claimVoiceHint, findOrCreateClient, setClientLocale, type Client } from '../../cases/clients.ts';
import { parseFeedback, rateCase, rememberFeedbackPrompt, saveFeedbackComment } from '../../cases/feedback.ts';
import { mirrorClientEdit, relayFromClient, type Relayed } from '../../cases/relay-from-client.ts';
import { suggestWorker } from '../../cases/offer.ts';
import { recordInOpenCase } from '../../cases/client-events.ts';
import { recordBotMessage, recordEvent } from '../../cases/timeline.ts';
import type { BotFlow } from '../../domain/timeline.ts';
import { afterEmergencyReply, episodeInDb } from '../../emergency/flow.ts';
import { t } from '../../i18n/index.ts';
import { isOnDuty } from '../../organisation/duty.ts';
import { formatNearest, formatNextAnswer, formatTodayAndTomorrow, formatWeek } from '../../organisation/format.ts';
import type { BotDeps } from '../deps.ts';
import { answerPress } from '../answer-press.ts';
import { clientMessageOf, contentOf, fileIdOf, messageBody } from '../../domain/message-kind.ts';
import { renderFitted } from '../../cases/fit.ts';
import { queueInTopic, topicMessage } from '../../cases/deliveries.ts';
import { describesEmergency } from '../../emergency/actions.ts';
import { LANE } from '../../outbox/limits.ts';
import { isWebChat, WEB_FIRST_CONTACT } from '../../domain/web-chat.ts';
import { forgetClient } from '../../cases/forget.ts';
import { ARTICLE_PREFIX, articleMenu, FORGET, forgetMenu, LANGUAGE_PREFIX, languageMenu, mainMenu, MENU, MENU_ARTICLES, shareLocationKeyboard, type MenuTopic } from './menu.ts';

const HTML = { parse_mode: 'HTML' as const, link_preview_options: { is_disabled: true } };

/** Deep-link codes kept as the client's channel of first contact (e.g. t.me/bot?start=unit). */
function firstContactOf(payload: string): string {
  const code = payload.toLowerCase();
  return /^[a-z0-9_-]{1,32}$/.test(code) && code !== WEB_FIRST_CONTACT ? code : 'other';
}

/** Private chats with the bot: every person there is a client. */
export function clientFeature(d: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const priv = composer.chatType('private');

  const clientOf = async (user: { id: number; language_code?: string }, firstContact?: string): Promise<Client> => {
    const client = await findOrCreateClient(d, user, firstContact);
    d.locales.set(user.id, client.locale as Locale);
    return client;
  };

  const answer = (ctx: Context) => answerPress(ctx, d.log);

  /** The label of the button the client pressed, as it was shown to them. */
  const pressedLabel = (ctx: Context): string | undefined => {
    const data = ctx.callbackQuery?.data;
    const rows = ctx.callbackQuery?.message?.reply_markup?.inline_keyboard ?? [];
    return rows.flat().find((b) => 'callback_data' in b && b.callback_data === data)?.text;
  };

  /** The press, then what the bot answered, in the client's open case (if any). */
  const tapped = (clientId: number, ctx: Context) =>
    recordInOpenCase(d, clientId, { kind: 'client_tap', by: 'client', data: { button: ctx.callbackQuery?.data ?? '' }, text: pressedLabel(ctx) });

  /** Sends the client a message and records it in their open case, saying which flow sent it. */
  // The message's id in the chat goes with it: /forget deletes what the bot said there while Telegram allows.
  const say = async (client: Client, chatId: number, flow: BotFlow, text: string, other: Parameters<typeof d.api.sendMessage>[2] = {}, data?: Record<string, unknown>) => {
    const sent = await d.api.sendMessage(chatId, text, other);
    await recordInOpenCase(d, client.id, { kind: 'bot_message', by: 'bot', text, data: { flow, ...data, msgId: sent.message_id } });
    return sent;
  };

  // The overdose flow first. Its reply went out when the update arrived; here the case is marked,
  // the staff alerted, the timeline written and follow-ups scheduled (emergency/flow.ts).
  priv.use(async (ctx, next) => {
    const answered = await d.emergency.ensureAnswered(ctx.update, (chatId) => episodeInDb(d, chatId));
    if (!answered || ctx.from.is_bot) return next();
    await afterEmergencyReply(d, ctx.update, answered);
  });

  priv.command('start', async (ctx) => {
    const client = await clientOf(ctx.from, firstContactOf(ctx.match));
    const locale = client.locale as Locale;
    await ctx.reply(
      t(locale, 'client-start', { org: d.settings.name[locale], pseudonym: client.pseudonym, days: d.settings.retention.messageTextDays }),
      { reply_markup: mainMenu(locale) },
    );
  });
  priv.command('language', (ctx) => ctx.reply(t('ru', 'client-language-prompt'), { reply_markup: languageMenu() }));
  priv.command('schedule', async (ctx) => {
    const client = await clientOf(ctx.from);
    await ctx.reply(formatWeek(d.settings, d.now(), client.locale as Locale), HTML);
  });
  priv.command('privacy', async (ctx) => {
    const client = await clientOf(ctx.from);
    await sendPrivacy(ctx.chat.id, client);
  });
  priv.command('help', async (ctx) => {
    const client = await clientOf(ctx.from);
    await ctx.reply(t(client.locale as Locale, 'client-menu-prompt'), { reply_markup: mainMenu(client.locale as Locale) });
  });

  // Asked first, with the consequences spelled out: it cannot be undone.
  priv.command('forget', async (ctx) => {
    const client = await clientOf(ctx.from);
    const locale = client.locale as Locale;
    await ctx.reply(t(locale, 'client-forget-ask'), { reply_markup: forgetMenu(locale), reply_parameters: { message_id: ctx.message.message_id } });
  });

  priv.callbackQuery([FORGET.yes, FORGET.no], async (ctx) => {
    await answer(ctx);
    const client = await clientOf(ctx.from);
    const locale = client.locale as Locale;
    const prompt = ctx.callbackQuery.message;
    if (ctx.callbackQuery.data === FORGET.no) {
      await ctx.editMessageText(t(locale, 'client-forget-kept')).catch(() => {});
      return;
    }
    // Besides the conversation's relayed messages, the /forget command itself goes too; the
    // prompt stays, edited to say it is done (with nothing of the client in it).
    const command = prompt && 'reply_to_message' in prompt ? prompt.reply_to_message?.message_id : undefined;
    await forgetClient(d, client.id, { alsoDelete: command ? [command] : [] });
    await ctx.editMessageText(t(locale, 'client-forget-done')).catch(() => {});
  });

  // A web conversation keeps no Telegram id: its page says what the web chat keeps instead.
  const sendPrivacy = (chatId: number, client: Client) =>
    d.api.sendMessage(chatId, t(client.locale as Locale, isWebChat(chatId) ? 'web-privacy' : 'client-privacy', { pseudonym: client.pseudonym, days: d.settings.retention.messageTextDays }), HTML);

  priv.callbackQuery(/^menu:/, async (ctx) => {
    await answer(ctx);
    const client = await clientOf(ctx.from);
    const locale = client.locale as Locale;
    const chatId = ctx.chat.id;
    const data = ctx.callbackQuery.data;
    await tapped(client.id, ctx);
    const item = { item: data.slice('menu:'.length) };
    if (data === MENU.main) return void (await d.api.sendMessage(chatId, t(locale, 'client-menu-prompt'), { reply_markup: mainMenu(locale) }));
    if (data === MENU.privacy) return void (await sendPrivacy(chatId, client));
    if (data === MENU.person) {
      const when = isOnDuty(d.settings, d.now()) ? '' : formatNextAnswer(d.settings, d.now(), locale);
      return void (await say(client, chatId, 'menu', t(locale, 'client-person', { when }), HTML, item));
    }
    if (data === MENU.unit) {
      await say(client, chatId, 'menu', formatTodayAndTomorrow(d.settings, d.now(), locale), HTML, item);
      return void (await d.api.sendMessage(chatId, t(locale, 'client-unit-location-hint'), { reply_markup: shareLocationKeyboard(locale) }));
    }
    const topic = data.slice('menu:'.length) as MenuTopic;
    if (topic in MENU_ARTICLES) {
      const articles = d.content.titles(MENU_ARTICLES[topic], locale);
      if (articles.length === 1) return void (await sendArticle(client, chatId, articles[0]!.slug));
      if (articles.length === 0) return void (await d.api.sendMessage(chatId, t(locale, 'client-article-missing')));
      await d.api.sendMessage(chatId, t(locale, `menu-${topic}`), { reply_markup: articleMenu(locale, articles) });
    }
  });

  /** An article the client chose; the timeline records which version went out. */
  const sendArticle = async (client: Client, chatId: number, slug: string) => {
    const locale = client.locale as Locale;
    const text = d.content.render(slug, locale);
    if (!text) return void (await d.api.sendMessage(chatId, t(locale, 'client-article-missing'), HTML));
    await say(client, chatId, 'article', text, HTML, { slug, ...d.content.versionOf(slug, locale) });
  };

  priv.callbackQuery(new RegExp(`^${ARTICLE_PREFIX}`), async (ctx) => {
    await answer(ctx);
    const client = await clientOf(ctx.from);
    await tapped(client.id, ctx);
    await sendArticle(client, ctx.chat.id, ctx.callbackQuery.data.slice(ARTICLE_PREFIX.length));
  });

  priv.callbackQuery(new RegExp(`^${LANGUAGE_PREFIX}(ru|en)$`), async (ctx) => {
    await answer(ctx);
    const locale = ctx.callbackQuery.data.slice(LANGUAGE_PREFIX.length) as Locale;
    const client = await clientOf(ctx.from);
    await setClientLocale(d, client.id, locale);
    d.locales.set(ctx.from.id, locale);
    await ctx.reply(t(locale, 'client-language-set'), { reply_markup: mainMenu(locale) });
  });

  priv.callbackQuery(/^fb:/, async (ctx) => {
    const parsed = parseFeedback(ctx.callbackQuery.data);
    await answer(ctx);
    if (!parsed) return;
    const client = await clientOf(ctx.from);
    const before = await rateCase(d, client.id, parsed.caseId, parsed.rating);
    // The same rating again (a second tap, a retried update) is already recorded and thanked for.
    if (!before || before.previous === parsed.rating) return;
    const kase = before.kase;
    await recordEvent(d, kase.id, { kind: 'feedback', by: 'client', data: { rating: parsed.rating } });
    const locale = client.locale as Locale;
    const prompt = await ctx.reply(t(locale, 'client-feedback-thanks'), { reply_markup: { force_reply: true, selective: true } });
    await rememberFeedbackPrompt(d, kase.id, prompt.message_id);
    if (kase.topicId) {
      await d.api
        .sendMessage(d.staffChatId, t(d.staffLocale, 'staff-feedback', { case: kase.id, rating: parsed.rating > 0 ? '👍' : '👎' }), { message_thread_id: kase.topicId })
        .catch(() => {});
    }
    d.log.info({ event: 'case.feedback', case: kase.id, rating: parsed.rating }, 'client feedback');
  });

  // A message written to the channel (its direct messages chat, Bot API 9.2): a case like a private
  // one, answered in the person's topic there. An overdose gets the steps at once and the topic an alert.
  composer.on('message', async (ctx, next) => {
    const m = ctx.message;
    const topic = m.direct_messages_topic;
    if (!(ctx.chat as { is_direct_messages?: boolean }).is_direct_messages || !topic || !m.from || m.from.is_bot || m.sender_chat || topic.user?.id !== m.from.id) return next();
    const text = m.text ?? m.caption;
    const emergency = text !== undefined && describesEmergency(text);
    if (emergency) {
      // Through the emergency's own client, which waits for no budget, with its plain fallback.
      const locale = d.emergency.localeOf(m.from);
      await d.emergency.send(ctx.chat.id, locale, [d.emergency.firstSteps(locale)], 'channel_dm', undefined, {
        direct_messages_topic_id: topic.topic_id,
        reply_parameters: { message_id: m.message_id, allow_sending_without_reply: true },
      });
    }
    const relayed = await relayFromClient(d, clientMessageOf(m as typeof m & { from: NonNullable<typeof m.from> }));
    if (relayed && emergency) {
      await d.outbox.send([topicMessage(d, relayed.kase, { text: t(d.staffLocale, 'staff-dm-overdose'), lane: LANE.emergency }, `dm-od:${relayed.client.id}:${m.message_id}`)]);
    }
  });

  priv.on('message', async (ctx) => {
    const message = ctx.message;
    if (ctx.from.is_bot) return;
    const gate = d.flood.admit(ctx.from.id, Date.now());
    const client = await clientOf(ctx.from);
    const locale = client.locale as Locale;
    if (gate.notice) await say(client, ctx.chat.id, 'slow_down', t(locale, 'client-slow-down'));
    if (gate.delayMs > 0) await new Promise((r) => setTimeout(r, gate.delayMs));

    if (await isFeedbackComment(client, message)) {
      await ctx.reply(t(locale, 'client-feedback-comment-thanks'));
      return;
    }
    const relayed = await relayFromClient(d, clientMessageOf(message));
    if (!relayed) return;
    await afterRelay(relayed, message);
  });

  const isFeedbackComment = async (client: Client, message: Message): Promise<boolean> => {
    const prompt = message.reply_to_message?.message_id;
    const text = message.text ?? message.caption;
    if (!prompt || !text) return false;
    const kase = await saveFeedbackComment(d, client.id, prompt, text);
    if (!kase) return false;
    await recordEvent(d, kase.id, { kind: 'feedback', by: 'client', data: { comment: true } });
    if (kase.topicId) {
      const notice = (words: string) => t(d.staffLocale, 'staff-feedback-comment', { case: kase.id, comment: words });
      await d.api.sendMessage(d.staffChatId, renderFitted(notice, text), { message_thread_id: kase.topicId }).catch(() => {});
    }
    return true;
  };

  /** What the client gets besides the relay: honesty about hours, hints, and self-service. */
  const afterRelay = async ({ client, kase, created }: Relayed, message: Message) => {
    const locale = client.locale as Locale;
    const chatId = message.chat.id;
    const onDuty = isOnDuty(d.settings, d.now());
    const said = (flow: BotFlow, text: string, sent: { message_id: number }, data?: Record<string, unknown>) => recordBotMessage(d, kase.id, flow, text, { data: { ...data, msgId: sent.message_id } });
    if (!onDuty && (await claimAfterHoursReply(d, kase.id, created))) {
      const when = formatNextAnswer(d.settings, d.now(), locale);
      const notice = t(locale, 'client-after-hours', { when });
      await said('after_hours', notice, await d.api.sendMessage(chatId, notice, { ...HTML, reply_markup: mainMenu(locale) }));
      // Through the outbox, like the copy: only its delivery opens the topic, so two never race.
      await queueInTopic(d, kase, { text: t(d.staffLocale, 'staff-after-hours') });
    } else if (created) {
      await said('case_opened', t(locale, 'client-case-opened'), await d.api.sendMessage(chatId, t(locale, 'client-case-opened')));
    }
    if (created) await offerCase(kase, client, message.text ?? message.caption ?? '');
    if (message.voice && (await claimVoiceHint(d, client.id))) {
      await said('voice_hint', t(locale, 'client-voice-hint'), await d.api.sendMessage(chatId, t(locale, 'client-voice-hint')));
    }
    if (message.location && !message.venue) {
      const nearest = formatNearest(d.settings, d.now(), locale, message.location.latitude, message.location.longitude);
      await said('nearest_unit', nearest, await d.api.sendMessage(chatId, nearest, { ...HTML, reply_markup: { remove_keyboard: true } }));
    }
    const text = message.text ?? message.caption;
    if (text && !text.startsWith('/')) {
      const offers = d.content.offersFor(text, locale);
      if (offers.length > 0) {
        const sent = await d.api.sendMessage(chatId, t(locale, 'client-article-offer'), { reply_markup: articleMenu(locale, offers) });
        await said('article_offer', [t(locale, 'client-article-offer'), ...offers.map((o) => `• ${o.title}`)].join('\n'), sent, { slugs: offers.map((o) => o.slug) });
      }
    }
  };

  /** A new case is offered to whoever on duty fits its suggested need and has the fewest open cases. */
  const offerCase = async (kase: Relayed['kase'], client: Client, text: string) => {
    const pick = await suggestWorker(d, text);
    if (!pick) return;
    const roles = pick.roles.map((r) => t(d.staffLocale, `role-${r}`)).join(', ') || '—';
    const who = [pick.person.name, pick.person.telegram].filter(Boolean).join(' ');
    await queueInTopic(d, kase, { text: t(d.staffLocale, 'staff-offer', { who, roles, open: pick.openCases }) });
  };

  priv.on('edited_message', async (ctx) => {
    const m = ctx.editedMessage;
    await mirrorClientEdit(d, { from: m.from, content: contentOf(m), body: messageBody(m), fileId: fileIdOf(m) });
  });
  return composer;
}
