import type { Api } from 'grammy';
import type { Locale } from '../config.ts';
import type { Db } from '../db/open.ts';
import type { Logger } from '../log.ts';
import type { Outbox } from '../outbox/store.ts';
import type { Settings } from '../organisation/settings.ts';
import type { Vault } from '../privacy/vault.ts';

/** An inline keyboard as the Bot API takes it. */
export interface Buttons {
  inline_keyboard: { text: string; callback_data: string }[][];
}

/**
 * The buttons case actions put under their topic messages. The staff adapter (`telegram/staff/`)
 * owns their callback data and parses the presses; the actions only ask for them.
 */
export interface TopicButtons {
  claim(caseId: number): Buttons;
  takeReferral(referralId: number): Buttons;
  referralOutcome(referralId: number): Buttons;
  /** Under the pinned emergency alert: stop the overdose follow-ups. */
  stopFollowUps(caseId: number): Buttons;
}

/** What every case action needs; built once in main and passed down. */
export interface CaseDeps {
  db: Db;
  vault: Vault;
  api: Api;
  log: Logger;
  staffChatId: number;
  /** Language of the staff group (topic names, notices): the organisation's DEFAULT_LOCALE. */
  staffLocale: Locale;
  /** Clients whose Telegram gives no usable language get this one. */
  defaultLocale: Locale;
  settings: Settings;
  /** The clock duty hours and schedules are read against (tests set it). */
  now: () => Date;
  /** Topic icon (custom emoji id) per case status, from Telegram's allowed set; may be empty. */
  topicIcons?: ReadonlyMap<string, string>;
  buttons: TopicButtons;
  /** Bot API calls queued with the change that causes them, delivered within Telegram's limits. */
  outbox: Outbox;
}

/** Purposes for the vault: a value sealed for one cannot be opened as another. */
export const SEAL = {
  clientChat: 'client.chat',
  staffUser: 'staff.user',
  staffName: 'staff.name',
  messageBody: 'message.body',
  /** A message's Telegram file_id (photo, voice, …): the console fetches the file with it. */
  messageFile: 'message.file',
  update: 'inbox.update',
  job: 'job.payload',
  feedback: 'case.feedback',
  /** What a timeline event showed: the bot's words, a button's label, a reason. */
  event: 'case.event',
  /** A message on a web chat's page: its text, entities and buttons. */
  webMessage: 'web.message',
} as const;

export const HASH = {
  telegramUser: 'tg.user',
  telegramUsername: 'tg.username',
  pseudonym: 'pseudonym',
  /** A console account's own staff member (one not linked to Telegram). */
  consoleAccount: 'console.account',
} as const;
