import type { Locale } from '../config.ts';
import { escapeHtml } from '../content/articles.ts';
import { t } from '../i18n/index.ts';
import type { Settings } from '../organisation/settings.ts';

/**
 * The overdose flow's texts that carry the organisation's settings, as pure functions: the
 * responder sends them, and the settings are checked by rendering them through these very
 * functions before a save (client-texts.ts). HTML, every value from the settings escaped.
 */

/** The verified steps of the overdose flow, already filled in, per language (content/library.ts). */
export interface FlowTexts {
  step(locale: Locale, id: string): string | undefined;
}

const numbersOf = (settings: Settings) => settings.emergencyNumbers.join(', ');

/** The one thing that needs no verification: call for help, stay. HTML, every value escaped. */
export function fallbackText(settings: Settings, locale: Locale): string {
  return escapeHtml(t(locale, 'od-fallback', { numbers: numbersOf(settings) }));
}

/** The reply when even the rich one was refused: plain text, no parse_mode, no buttons. */
export function plainFallbackText(settings: Settings, locale: Locale): string {
  return t(locale, 'od-plain-fallback', { numbers: numbersOf(settings) });
}

/** A model-only detection: ask, with the emergency numbers. */
export function possibleText(settings: Settings, locale: Locale): string {
  return escapeHtml(t(locale, 'od-possible', { numbers: numbersOf(settings) }));
}

/** What the law says about calling an ambulance, in the organisation's words (escaped: it is theirs, not HTML). */
export function lawText(settings: Settings, locale: Locale): string {
  const law = settings.ambulanceLaw?.[locale];
  return law ? escapeHtml(law) : fallbackText(settings, locale);
}

/**
 * The organisation's doctor: the verified step (its values escaped when filled), else the setting
 * after the same words the step has ("the doctor of «…» is available: <the setting>"), escaped.
 */
export function doctorText(settings: Settings, locale: Locale, texts: FlowTexts): string {
  const doctor = settings.doctorContact?.[locale];
  return texts.step(locale, 'doctor-contact') ?? (doctor ? escapeHtml(t(locale, 'od-doctor-contact', { org: settings.name[locale], contact: doctor })) : fallbackText(settings, locale));
}

/** A verified step, or the fallback when it has none. */
export function stepText(settings: Settings, locale: Locale, texts: FlowTexts, id: string): string {
  return texts.step(locale, id) ?? fallbackText(settings, locale);
}

/** A question of the flow: bot UI, not advice. */
export function questionText(locale: Locale, id: 'od-question-substance' | 'od-question-breathing'): string {
  return `<b>${escapeHtml(t(locale, id))}</b>`;
}

