import { observeEmergencyReply } from '../metrics/netreach.ts';
import type { Api } from 'grammy';

/** Options a message of the flow may carry besides its own (where it goes within the chat). */
type Other = { direct_messages_topic_id?: number; reply_parameters?: { message_id: number; allow_sending_without_reply?: boolean } };
import type { InlineKeyboardButton, InlineKeyboardMarkup, Update } from 'grammy/types';
import type { Locale } from '../config.ts';
import { escapeHtml } from '../content/articles.ts';
import { doctorText, lawText, plainFallbackText, possibleText, questionText, stepText, type FlowTexts } from './replies.ts';
import { t, localeFromTelegram } from '../i18n/index.ts';
import type { Logger } from '../log.ts';
import type { Settings } from '../organisation/settings.ts';
import { emergencyActionOf, OD, SUBSTANCES, type EmergencyAction, type Substance } from './actions.ts';
import { classifyAnswer } from './answers.ts';
import { EmergencyMemory, type EmergencyEpisode } from './memory.ts';

export type { FlowTexts } from './replies.ts';

/** Remembers each client's chosen language without asking the database (which may be slow). */
export class LocaleMemory {
  readonly #byUser = new Map<number, Locale>();
  set(userId: number, locale: Locale): void {
    this.#byUser.set(userId, locale);
  }
  get(userId: number, languageCode: string | undefined, fallback: Locale): Locale {
    return this.#byUser.get(userId) ?? localeFromTelegram(languageCode, fallback);
  }
}

const SUBSTANCE_LABEL: Record<Substance, string> = {
  opioids: 'od-opioids',
  stimulants: 'od-stimulants',
  sedatives: 'od-sedatives',
  mix: 'od-mix',
  unknown: 'od-unknown',
};

/** One message of the flow: which step it is (recorded in the timeline), its HTML and its buttons. */
export interface FlowMessage {
  step: string;
  text: string;
  keyboard?: InlineKeyboardMarkup;
}

/** A message the responder sent: what and when (for the timeline), and whether it was the plain fallback. */
export interface SentStep {
  step: string;
  text: string;
  at: Date;
  messageId: number;
  plain?: boolean;
}

/** What the responder did with an update of the overdose flow. */
export interface Answered {
  action: EmergencyAction;
  /** When the update reached the responder (a tap is recorded at this time). */
  arrivedAt: Date;
  /** In the order sent; empty when Telegram took none of them. */
  sent: SentStep[];
  /** The button the client pressed, as they saw it. */
  tap?: { button: string; label: string };
  /** The person's emergency after this update, as the responder knows it. */
  episode?: EmergencyEpisode;
}

const isBadRequest = (err: unknown) => (err as { error_code?: number } | undefined)?.error_code === 400;
const errorCode = (err: unknown) => (err as { error_code?: number } | undefined)?.error_code;

/** How many update ids to remember after handling, so a redelivered or retried update does its work once. */
const REMEMBERED_UPDATES = 5000;

/**
 * Answers overdose messages and flow buttons the moment they arrive, before the update is even
 * stored: nothing here touches the database, the relay or the outbound queue, so a slow
 * database or a staff group held back by Telegram's limits cannot delay it. The inbox handler
 * later calls `ensureAnswered`, which only waits for (or, after a restart, sends) the reply and
 * returns what was sent, so the handler can record it.
 *
 * While a person's emergency is under way (`memory`), their words are read as answers first
 * ("она дышит" is the breathing answer, not a new alarm), and a model-only "is someone in
 * danger?" is not asked again.
 */
export class EmergencyResponder {
  readonly memory = new EmergencyMemory();
  /** Per update id: its handling, kept after it is done so a redelivery or a retry repeats nothing. */
  readonly #answered = new Map<number, Promise<Answered | undefined>>();

  constructor(
    private readonly api: Api,
    private readonly texts: FlowTexts,
    private readonly locales: LocaleMemory,
    private readonly settings: () => Settings,
    private readonly defaultLocale: Locale,
    private readonly log: Logger,
  ) {}

  /** For the poller and the webhook: never throws, never waits. */
  onArrival(update: Update): void {
    if (this.#answered.has(update.update_id)) return;
    let action: EmergencyAction | undefined;
    try {
      action = this.decide(update);
    } catch {
      return; // a malformed update: the inbox skips it with a log line
    }
    this.#remember(update.update_id, action ? this.#respond(update, action) : Promise.resolve(undefined));
  }

  /**
   * For the inbox handler: what the flow did with this update, once its replies have gone out
   * (undefined when it is not the flow's). An update not seen on arrival (after a restart) is
   * decided now; `episodeInDb` tells, for a message, whether the database knows of an
   * emergency under way in that chat, since the memory was empty when the process started.
   */
  async ensureAnswered(update: Update, episodeInDb?: (chatId: number) => Promise<EmergencyEpisode | undefined>): Promise<Answered | undefined> {
    let handled = this.#answered.get(update.update_id);
    if (!handled) {
      const m = update.message;
      const text = m?.text ?? m?.caption;
      if (m && m.chat.type === 'private' && text && !text.startsWith('/') && episodeInDb && !this.memory.get(m.chat.id)) {
        const episode = await episodeInDb(m.chat.id);
        if (episode && !this.memory.get(m.chat.id)) this.memory.restore(m.chat.id, episode);
      }
      // It may have arrived meanwhile (a redelivery seen by the poller): decided once either way.
      handled = this.#answered.get(update.update_id);
      if (!handled) {
        const action = this.decide(update);
        handled = action ? this.#respond(update, action) : Promise.resolve(undefined);
        this.#remember(update.update_id, handled);
      }
    }
    return handled;
  }

  /**
   * What the flow does with an update, from the update and the memory alone. Changes nothing:
   * `#respond` moves the memory on.
   */
  decide(update: Update): EmergencyAction | undefined {
    const action = emergencyActionOf(update);
    const m = update.message;
    if (!m || m.chat.type !== 'private' || m.from?.is_bot) return action;
    const episode = this.memory.get(m.chat.id);
    if (!episode) return action;
    const text = m.text ?? m.caption;
    if (text && !text.startsWith('/')) {
      const answer = classifyAnswer(text);
      if (answer) return { kind: 'answer', answer };
    }
    // Already in the flow: no "is someone in danger?"; the message goes to the workers as any other.
    if (action?.kind === 'possible') return undefined;
    // Described again while it is under way: the steps again, not the questions (their buttons are still there).
    if (action?.kind === 'start' && action.trigger === 'text' && !episode.settled) return { ...action, repeat: true };
    return action;
  }

  localeOf(user: { id: number; language_code?: string }): Locale {
    return this.locales.get(user.id, user.language_code, this.defaultLocale);
  }

  /**
   * The messages an action sends, in order. `episode` is the person's emergency after the action:
   * an answer is followed by the flow's question still unanswered, so what comes next is always
   * at the bottom of the chat.
   */
  messagesFor(locale: Locale, action: EmergencyAction, episode?: EmergencyEpisode): FlowMessage[] {
    const settings = this.settings();
    const step = (id: string) => stepText(settings, locale, this.texts, id);
    const more = this.#moreKeyboard(locale);
    // Until the flow is verified it says only "call, stay": no questions whose answers it could not follow.
    const asks = this.texts.step(locale, 'first-reply') !== undefined;
    /** A step, then the questions not answered yet; the step carries the doctor and law buttons when nothing follows. */
    const thenAsk = (first: { step: string; text: string }): FlowMessage[] => {
      const questions: FlowMessage[] = [];
      if (asks && !episode?.substance) questions.push(this.substanceQuestion(locale));
      if (asks && episode?.breathing === undefined) questions.push(this.breathingQuestion(locale));
      return questions.length > 0 ? [first, ...questions] : [{ ...first, keyboard: more }];
    };
    switch (action.kind) {
      case 'start':
        // The steps first, with what belongs beside "call the ambulance": the law and the doctor.
        return [{ step: 'first-reply', text: step('first-reply'), keyboard: more }, ...(action.repeat || !asks ? [] : [this.substanceQuestion(locale), this.breathingQuestion(locale)])];
      case 'substance':
        return thenAsk({ step: `substance-${action.substance}`, text: step(`substance-${action.substance}`) });
      case 'breathing':
        return thenAsk({ step: action.breathing ? 'breathing-yes' : 'breathing-no', text: step(action.breathing ? 'breathing-yes' : 'breathing-no') });
      case 'arrived':
        return [action.arrived ? { step: 'arrived-thanks', text: escapeHtml(t(locale, 'od-arrived-thanks')), keyboard: more } : this.arrivedCheck(locale)];
      case 'answer':
        switch (action.answer) {
          case 'breathing':
          case 'not_breathing':
            return this.messagesFor(locale, { kind: 'breathing', breathing: action.answer === 'breathing' }, episode);
          case 'help_arrived':
            return this.messagesFor(locale, { kind: 'arrived', arrived: true }, episode);
          case 'recovered':
            // Waking up is when the verified "has help arrived?" text applies most: the overdose can
            // come back as naloxone wears off, don't let them use again, don't leave them alone.
            // It goes now instead of later (the scheduled one is cancelled).
            return [this.arrivedCheck(locale)];
        }
        break;
      case 'possible':
        return [
          {
            step: 'possible',
            text: possibleText(settings, locale),
            keyboard: {
              inline_keyboard: [
                [{ text: t(locale, 'od-possible-yes'), callback_data: OD.start }],
                [{ text: t(locale, 'od-possible-no'), callback_data: OD.fine }],
              ],
            },
          },
        ];
      case 'fine':
        return [{ step: 'fine', text: escapeHtml(t(locale, 'od-fine')) }];
      case 'law':
        return [{ step: 'law', text: lawText(settings, locale) }];
      case 'doctor':
        return [{ step: 'doctor-contact', text: doctorText(settings, locale, this.texts) }];
    }
    return [];
  }

  /** "What was taken?" with the substance buttons. */
  substanceQuestion(locale: Locale): FlowMessage {
    const sub = (s: Substance): InlineKeyboardButton => ({ text: t(locale, SUBSTANCE_LABEL[s]), callback_data: OD.substance(s) });
    return {
      step: 'question-substance',
      text: questionText(locale, 'od-question-substance'),
      keyboard: { inline_keyboard: [[sub(SUBSTANCES[0]), sub(SUBSTANCES[1])], [sub(SUBSTANCES[2]), sub(SUBSTANCES[3]), sub(SUBSTANCES[4])]] },
    };
  }

  /** "Is the person breathing?" with its two buttons. */
  breathingQuestion(locale: Locale): FlowMessage {
    return { step: 'question-breathing', text: questionText(locale, 'od-question-breathing'), keyboard: this.#breathingKeyboard(locale) };
  }

  /** The "Has help arrived?" step with its buttons. */
  arrivedCheck(locale: Locale): FlowMessage {
    return { step: 'help-arrived-check', text: stepText(this.settings(), locale, this.texts, 'help-arrived-check'), keyboard: this.#arrivedKeyboard(locale) };
  }

  /** The reminder to give a second naloxone dose. */
  secondDoseReminder(locale: Locale): FlowMessage {
    return { step: 'second-dose-reminder', text: stepText(this.settings(), locale, this.texts, 'second-dose-reminder'), keyboard: this.#breathingKeyboard(locale) };
  }

  /** The label of a flow button, for the timeline when the message carrying it is not in the update. */
  labelOf(locale: Locale, data: string): string | undefined {
    const keyboards = [this.substanceQuestion(locale), this.breathingQuestion(locale), this.arrivedCheck(locale)].map((m) => m.keyboard!);
    keyboards.push(this.#moreKeyboard(locale), { inline_keyboard: [[{ text: t(locale, 'od-possible-yes'), callback_data: OD.start }, { text: t(locale, 'od-possible-no'), callback_data: OD.fine }]] });
    for (const k of keyboards) for (const b of k.inline_keyboard.flat()) if ('callback_data' in b && b.callback_data === data) return b.text;
    return undefined;
  }

  /**
   * Sends a flow message to a client outside an update (the scheduled follow-ups), with the same
   * fallback as the replies: a 400 on the rich message sends the plain one.
   */
  /**
   * The first steps alone, as they go outside the private flow (the community chat, a message
   * written to the channel): no questions after them.
   */
  firstSteps(locale: Locale): FlowMessage {
    return this.messagesFor(locale, { kind: 'start', trigger: 'text', signals: [], repeat: true })[0]!;
  }

  /** `where`: what else each message needs to land where it must (a channel's direct messages topic, a reply). */
  async send(chatId: number, locale: Locale, messages: FlowMessage[], what: string, api: Api = this.api, where: Other = {}): Promise<SentStep[]> {
    const sent: SentStep[] = [];
    let fellBack = false;
    for (const msg of messages) {
      try {
        const m = await api.sendMessage(chatId, msg.text, { ...where, parse_mode: 'HTML', reply_markup: msg.keyboard, link_preview_options: { is_disabled: true } });
        sent.push({ step: msg.step, text: msg.text, at: new Date(), messageId: m.message_id });
      } catch (err) {
        if (!isBadRequest(err)) {
          // Blocked, or Telegram unreachable after the client's own retries: nothing more will get through.
          this.log.error({ event: 'emergency.reply_failed', action: what, step: msg.step, code: errorCode(err) }, 'emergency reply failed');
          break;
        }
        // Never the text or Telegram's description (it quotes the text): the step and the code.
        this.log.error({ event: 'emergency.reply_rejected', action: what, step: msg.step, code: 400 }, 'Telegram refused an emergency message; the plain reply goes instead');
        if (fellBack) continue;
        fellBack = true;
        const plain = plainFallbackText(this.settings(), locale);
        try {
          const m = await api.sendMessage(chatId, plain, where);
          sent.push({ step: 'plain-fallback', text: plain, at: new Date(), messageId: m.message_id, plain: true });
        } catch (again) {
          this.log.error({ event: 'emergency.reply_failed', action: what, step: 'plain-fallback', code: errorCode(again) }, 'even the plain emergency reply failed');
          break;
        }
      }
    }
    return sent;
  }

  async #respond(update: Update, action: EmergencyAction): Promise<Answered> {
    const arrivedAt = new Date();
    const cq = update.callback_query;
    const user = cq?.from ?? update.message!.from!;
    const chatId = cq ? cq.message!.chat.id : update.message!.chat.id;
    const locale = this.localeOf(user);
    // The memory moves on at once, so the next message of this person is read against it.
    const episode = this.#advance(chatId, action);
    const tap = cq?.data ? { button: cq.data, label: buttonLabel(cq.message?.reply_markup, cq.data) ?? this.labelOf(locale, cq.data) ?? cq.data } : undefined;
    const started = Date.now();
    // The answer first; acknowledging the button press can wait a few milliseconds.
    let sent: SentStep[] = [];
    try {
      sent = await this.send(chatId, locale, this.messagesFor(locale, action, episode), action.kind);
    } catch (err) {
      // Never a rejection left behind: the inbox handler still marks the case and alerts the workers.
      this.log.error({ event: 'emergency.reply_failed', action: action.kind, err: { name: (err as Error | undefined)?.name ?? typeof err } }, 'emergency reply failed');
    }
    if (cq) await this.api.answerCallbackQuery(cq.id).catch(() => {});
    if (sent.length > 0) {
      observeEmergencyReply('client', arrivedAt.getTime(), sent[0]!.at.getTime());
      this.log.info({ event: 'emergency.replied', action: action.kind, messages: sent.length, ms: Date.now() - started }, 'emergency reply sent');
    }
    return { action, arrivedAt, sent, tap, episode };
  }

  /** The person's emergency after this action (undefined when there is none under way). */
  #advance(chatId: number, action: EmergencyAction): EmergencyEpisode | undefined {
    const m = this.memory;
    switch (action.kind) {
      case 'start':
        return action.repeat ? m.note(chatId, {}) : m.begin(chatId);
      case 'substance':
        return m.note(chatId, { substance: action.substance });
      case 'breathing':
        return m.note(chatId, { breathing: action.breathing });
      case 'arrived':
        return action.arrived ? m.note(chatId, { settled: 'help_arrived' }) : m.note(chatId, {});
      case 'answer':
        if (action.answer === 'breathing' || action.answer === 'not_breathing') return m.note(chatId, { breathing: action.answer === 'breathing' });
        return m.note(chatId, { settled: action.answer });
      default:
        return m.get(chatId);
    }
  }

  #remember(updateId: number, handled: Promise<Answered | undefined>): void {
    this.#answered.set(updateId, handled);
    if (this.#answered.size > REMEMBERED_UPDATES) this.#answered.delete(this.#answered.keys().next().value!);
  }

  #breathingKeyboard(locale: Locale): InlineKeyboardMarkup {
    return {
      inline_keyboard: [
        [
          { text: `✅ ${t(locale, 'od-breathing-yes')}`, callback_data: OD.breathing(true) },
          { text: `❌ ${t(locale, 'od-breathing-no')}`, callback_data: OD.breathing(false) },
        ],
      ],
    };
  }

  #arrivedKeyboard(locale: Locale): InlineKeyboardMarkup {
    return {
      inline_keyboard: [
        [
          { text: t(locale, 'od-arrived-yes'), callback_data: OD.arrived(true) },
          { text: t(locale, 'od-arrived-no'), callback_data: OD.arrived(false) },
        ],
        ...this.#moreKeyboard(locale).inline_keyboard,
      ],
    };
  }

  #moreKeyboard(locale: Locale): InlineKeyboardMarkup {
    const rows: InlineKeyboardButton[][] = [[{ text: t(locale, 'od-doctor'), callback_data: OD.doctor }]];
    if (this.settings().ambulanceLaw) rows.push([{ text: t(locale, 'od-law'), callback_data: OD.law }]);
    return { inline_keyboard: rows };
  }
}

/** The label of the button with this callback data on the message that carried it. */
function buttonLabel(markup: InlineKeyboardMarkup | undefined, data: string): string | undefined {
  for (const b of markup?.inline_keyboard.flat() ?? []) if ('callback_data' in b && b.callback_data === data) return b.text;
  return undefined;
}
