import type { Api } from 'grammy';
import type { InlineKeyboardButton, InlineKeyboardMarkup, Update } from 'grammy/types';
import type { Locale } from '../config.ts';
import { t, localeFromTelegram } from '../i18n/index.ts';
import { safeError, type Logger } from '../log.ts';
import type { Settings } from '../organisation/settings.ts';
import { emergencyActionOf, OD, SUBSTANCES, type EmergencyAction, type Substance } from './actions.ts';

/** The verified steps of the overdose flow, already filled in, per language (see texts.ts). */
export interface FlowTexts {
  step(locale: Locale, id: string): string | undefined;
}

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

/**
 * Answers overdose messages and flow buttons the moment they arrive, before the update is even
 * stored: nothing here touches the database, the relay or the outbound queue, so a slow
 * database or a staff group held back by Telegram's limits cannot delay it. The inbox handler
 * later calls `ensureAnswered`, which only waits for (or, after a restart, sends) the reply.
 */
export class EmergencyResponder {
  readonly #answered = new Map<number, Promise<void>>();

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
    let action: EmergencyAction | undefined;
    try {
      action = emergencyActionOf(update);
    } catch {
      return; // a malformed update: the inbox skips it with a log line
    }
    if (action && !this.#answered.has(update.update_id)) this.#answered.set(update.update_id, this.#respond(update, action));
  }

  /** For the inbox handler: the flow action of this update, once its reply has gone out. */
  async ensureAnswered(update: Update): Promise<EmergencyAction | undefined> {
    const action = emergencyActionOf(update);
    if (!action) return undefined;
    if (!this.#answered.has(update.update_id)) this.#answered.set(update.update_id, this.#respond(update, action));
    await this.#answered.get(update.update_id);
    this.#answered.delete(update.update_id);
    return action;
  }

  localeOf(user: { id: number; language_code?: string }): Locale {
    return this.locales.get(user.id, user.language_code, this.defaultLocale);
  }

  /** The text and buttons of a flow step, for the scheduled follow-ups too. */
  stepMessage(locale: Locale, action: EmergencyAction): { text: string; keyboard?: InlineKeyboardMarkup } {
    const settings = this.settings();
    // A step without a verified text falls back to the one thing that needs no verification: call for help, stay.
    const step = (id: string) => this.texts.step(locale, id) ?? t(locale, 'od-fallback', { numbers: settings.emergencyNumbers.join(', ') });
    switch (action.kind) {
      case 'start':
        return { text: step('first-reply'), keyboard: this.#firstKeyboard(locale) };
      case 'substance':
        return { text: step(`substance-${action.substance}`), keyboard: this.#breathingKeyboard(locale) };
      case 'breathing':
        return { text: step(action.breathing ? 'breathing-yes' : 'breathing-no'), keyboard: this.#moreKeyboard(locale) };
      case 'arrived':
        return action.arrived ? { text: t(locale, 'od-arrived-thanks'), keyboard: this.#moreKeyboard(locale) } : this.arrivedCheck(locale);
      case 'possible':
        return {
          text: t(locale, 'od-possible', { numbers: settings.emergencyNumbers.join(', ') }),
          keyboard: {
            inline_keyboard: [
              [{ text: t(locale, 'od-possible-yes'), callback_data: OD.start }],
              [{ text: t(locale, 'od-possible-no'), callback_data: OD.fine }],
            ],
          },
        };
      case 'fine':
        return { text: t(locale, 'od-fine') };
      case 'law':
        return { text: settings.ambulanceLaw?.[locale] ?? step('law') };
      case 'doctor':
        return { text: this.texts.step(locale, 'doctor-contact') ?? settings.doctorContact?.[locale] ?? step('doctor-contact') };
    }
  }

  /** The "Has help arrived?" question with its buttons. */
  arrivedCheck(locale: Locale): { text: string; keyboard: InlineKeyboardMarkup } {
    const text = this.texts.step(locale, 'help-arrived-check') ?? t(locale, 'od-fallback', { numbers: this.settings().emergencyNumbers.join(', ') });
    return { text, keyboard: this.#arrivedKeyboard(locale) };
  }

  /** The reminder to give a second naloxone dose. */
  secondDoseReminder(locale: Locale): { text: string; keyboard: InlineKeyboardMarkup } {
    const text = this.texts.step(locale, 'second-dose-reminder') ?? t(locale, 'od-fallback', { numbers: this.settings().emergencyNumbers.join(', ') });
    return { text, keyboard: this.#breathingKeyboard(locale) };
  }

  async #respond(update: Update, action: EmergencyAction): Promise<void> {
    const cq = update.callback_query;
    const user = cq?.from ?? update.message!.from!;
    const chatId = cq ? cq.message!.chat.id : update.message!.chat.id;
    const locale = this.localeOf(user);
    const started = Date.now();
    try {
      // The answer first; acknowledging the button press can wait a few milliseconds.
      const { text, keyboard } = this.stepMessage(locale, action);
      await this.api.sendMessage(chatId, text, { parse_mode: 'HTML', reply_markup: keyboard, link_preview_options: { is_disabled: true } });
      if (cq) await this.api.answerCallbackQuery(cq.id).catch(() => {});
      this.log.info({ event: 'emergency.replied', action: action.kind, ms: Date.now() - started }, 'emergency reply sent');
    } catch (err) {
      this.log.error({ event: 'emergency.reply_failed', action: action.kind, err: safeError(err) }, 'emergency reply failed');
    }
  }

  #firstKeyboard(locale: Locale): InlineKeyboardMarkup {
    const sub = (s: Substance): InlineKeyboardButton => ({ text: t(locale, SUBSTANCE_LABEL[s]), callback_data: OD.substance(s) });
    return {
      inline_keyboard: [
        [sub(SUBSTANCES[0]), sub(SUBSTANCES[1])],
        [sub(SUBSTANCES[2]), sub(SUBSTANCES[3]), sub(SUBSTANCES[4])],
        ...this.#breathingKeyboard(locale).inline_keyboard,
        ...this.#moreKeyboard(locale).inline_keyboard,
      ],
    };
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
