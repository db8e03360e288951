import type { InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup } from 'grammy/types';
import type { Locale } from '../../config.ts';
import { t } from '../../i18n/index.ts';

/** Which articles each menu topic offers, in order. */
export const MENU_ARTICLES = {
  wounds: ['abscess-and-wounds', 'vein-care'],
  hiv: ['hiv-hcv-transmission', 'hiv-hcv-testing', 'prep', 'art-aids-centre'],
  detox: ['home-detox-risks'],
} as const;
export type MenuTopic = keyof typeof MENU_ARTICLES;

export const MENU = {
  main: 'menu:main',
  overdose: 'menu:overdose',
  wounds: 'menu:wounds',
  hiv: 'menu:hiv',
  unit: 'menu:unit',
  detox: 'menu:detox',
  person: 'menu:person',
  privacy: 'menu:privacy',
} as const;

export const ARTICLE_PREFIX = 'kb:';
export const FORGET = { yes: 'forget:yes', no: 'forget:no' } as const;

/** The confirmation under /forget: "keep" first, so the top button, the one tapped without reading, erases nothing. */
export function forgetMenu(locale: Locale): InlineKeyboardMarkup {
  return { inline_keyboard: [[{ text: t(locale, 'client-forget-no'), callback_data: FORGET.no }], [{ text: t(locale, 'client-forget-yes'), callback_data: FORGET.yes }]] };
}
export const LANGUAGE_PREFIX = 'lang:';

export function mainMenu(locale: Locale): InlineKeyboardMarkup {
  const b = (id: string, data: string): InlineKeyboardButton => ({ text: t(locale, id), callback_data: data });
  return {
    inline_keyboard: [
      [b('menu-overdose', MENU.overdose)],
      [b('menu-wounds', MENU.wounds), b('menu-hiv', MENU.hiv)],
      [b('menu-unit', MENU.unit), b('menu-detox', MENU.detox)],
      [b('menu-person', MENU.person), b('menu-privacy', MENU.privacy)],
    ],
  };
}

/** Buttons for articles, one per row, and a way back. */
export function articleMenu(locale: Locale, articles: { slug: string; title: string }[]): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      ...articles.map((a) => [{ text: a.title, callback_data: `${ARTICLE_PREFIX}${a.slug}` }]),
      [{ text: t(locale, 'menu-back'), callback_data: MENU.main }],
    ],
  };
}

export function languageMenu(): InlineKeyboardMarkup {
  return { inline_keyboard: [[{ text: 'Русский', callback_data: `${LANGUAGE_PREFIX}ru` }, { text: 'English', callback_data: `${LANGUAGE_PREFIX}en` }]] };
}

/** A one-tap "share my location" button, to find the nearest mobile-unit stop. */
export function shareLocationKeyboard(locale: Locale): ReplyKeyboardMarkup {
  return {
    keyboard: [[{ text: t(locale, 'menu-share-location'), request_location: true }]],
    resize_keyboard: true,
    one_time_keyboard: true,
  };
}

/** Bot commands as Telegram shows them in the menu, per language. */
export function clientCommands(locale: Locale) {
  return [
    { command: 'start', description: t(locale, 'command-start') },
    { command: 'overdose', description: t(locale, 'command-overdose') },
    { command: 'schedule', description: t(locale, 'command-schedule') },
    { command: 'language', description: t(locale, 'command-language') },
    { command: 'privacy', description: t(locale, 'command-privacy') },
    { command: 'forget', description: t(locale, 'command-forget') },
  ];
}

export function staffCommands(locale: Locale) {
  return [
    { command: 'note', description: t(locale, 'command-note') },
    { command: 'kb', description: t(locale, 'command-kb') },
    { command: 'refer', description: t(locale, 'command-refer') },
    { command: 'ext', description: t(locale, 'command-ext') },
    { command: 'assign', description: t(locale, 'command-assign') },
    { command: 'close', description: t(locale, 'command-close') },
    { command: 'drop', description: t(locale, 'command-drop') },
    { command: 'queue', description: t(locale, 'command-queue') },
    { command: 'role', description: t(locale, 'command-role') },
  ];
}
