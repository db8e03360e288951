import type { Locale } from '../config.ts';
import { fillFromSettings, fillPlaceholders } from '../content/articles.ts';
import { flowSteps, OVERDOSE_FLOW_SLUG, readPack } from '../content/pack.ts';
import { LOCALES, t } from '../i18n/index.ts';
import type { Settings } from '../organisation/settings.ts';
import { doctorText, fallbackText, lawText, plainFallbackText, possibleText, type FlowTexts } from './replies.ts';
import { TELEGRAM_TEXT_LIMIT, telegramTextProblem } from './telegram-html.ts';

/** A settings value that would make a client's message one Telegram refuses. */
export interface ClientTextProblem {
  /** The field, as the settings schema names it: ['ambulanceLaw', 'ru']. */
  path: (string | number)[];
  kind: 'too-long' | 'html' | 'empty';
  /** The message's length after entities parsing (too-long). */
  length?: number;
  /** Which tag or entity (html). */
  error?: string;
  /** Telegram's limit (too-long). */
  max?: number;
}

let templates: Map<Locale, Map<string, string>> | undefined;
/** The overdose flow's steps as the default pack writes them (placeholders unfilled); read once. */
function packTemplates(): Map<Locale, Map<string, string>> {
  if (!templates) {
    templates = new Map();
    for (const entry of readPack()) if (entry.slug === OVERDOSE_FLOW_SLUG) templates.set(entry.locale, flowSteps(entry.body));
  }
  return templates;
}

/** The flow's steps filled in with these settings, exactly as the content library fills them. */
function filledSteps(settings: Settings): FlowTexts {
  return {
    step: (locale, id) => {
      const template = packTemplates().get(locale)?.get(id);
      return template ? fillPlaceholders(template, fillFromSettings(settings, locale)) || undefined : undefined;
    },
  };
}

/**
 * Renders every message a client can get that carries a free-text setting, through the bot's
 * own functions (the responder's texts, the flow's steps filled in as the content library fills
 * them, the greeting and the closing message), and checks each against Telegram: it must parse
 * as Telegram's HTML (when sent as HTML) and fit in 4,096 characters after entities parsing.
 * Empty when all is well; the console refuses a save with these, and so does the file at the
 * first start.
 */
export function clientTextProblems(settings: Settings): ClientTextProblem[] {
  const problems: ClientTextProblem[] = [];
  const seen = new Set<string>();
  const check = (path: (string | number)[], message: string, mode: 'HTML' | 'plain') => {
    const p = telegramTextProblem(message, mode);
    const key = path.join('.');
    if (!p || seen.has(key)) return;
    seen.add(key);
    problems.push(p.kind === 'too-long' ? { path, kind: p.kind, length: p.length, max: TELEGRAM_TEXT_LIMIT } : p.kind === 'html' ? { path, kind: p.kind, error: p.error } : { path, kind: p.kind });
  };
  const verified = filledSteps(settings);
  const unverified: FlowTexts = { step: () => undefined };
  for (const locale of LOCALES) {
    if (settings.ambulanceLaw) check(['ambulanceLaw', locale], lawText(settings, locale), 'HTML');
    if (settings.doctorContact) {
      check(['doctorContact', locale], doctorText(settings, locale, verified), 'HTML');
      check(['doctorContact', locale], doctorText(settings, locale, unverified), 'HTML');
    }
    check(['emergencyNumbers'], fallbackText(settings, locale), 'HTML');
    check(['emergencyNumbers'], possibleText(settings, locale), 'HTML');
    check(['emergencyNumbers'], plainFallbackText(settings, locale), 'plain');
    for (const id of ['first-reply', 'second-dose-reminder']) {
      const text = verified.step(locale, id);
      if (text) check(['emergencyNumbers'], text, 'HTML');
    }
    // The greeting (plain text) names the organisation; so does the doctor's step (checked above).
    check(['name', locale], t(locale, 'client-start', { org: settings.name[locale], pseudonym: 'XXXXXXXX', days: settings.retention.messageTextDays }), 'plain');
    check(['closingContactLine', locale], t(locale, 'client-closed', { contact: settings.closingContactLine[locale] }), 'plain');
  }
  return problems;
}

/** One line per problem, naming the field (for the log and a refused file). */
export function describeClientTextProblem(p: ClientTextProblem): string {
  const field = p.path.join('.');
  if (p.kind === 'too-long') return `${field}: the client's message with this text comes to ${p.length} characters; Telegram takes at most ${p.max}`;
  if (p.kind === 'html') return `${field}: Telegram would refuse the client's message with this text (${p.error})`;
  return `${field}: the client's message with this text would be empty`;
}
