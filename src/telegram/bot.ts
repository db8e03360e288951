import { autoRetry } from '@grammyjs/auto-retry';
import { Api, Bot } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { clientFeature } from './client/index.ts';
import { clientCommands, staffCommands } from './client/menu.ts';
import type { BotDeps } from './deps.ts';
import { neverForward } from './never-forward.ts';
import { limitsTransformer, noteSends, type ChatLimits } from '../outbox/limits.ts';
import { staffFeature } from './staff/index.ts';
import { communityFeature } from './community/index.ts';
import type { CommunityDeps } from '../community/deps.ts';
import type { Locale } from '../config.ts';

export interface BotOptions {
  token: string;
  apiRoot: string;
  botInfo: UserFromGetMe;
  /** Telegram's limits, shared by every client of this bot. */
  limits: ChatLimits;
}

/**
 * A Bot API client with the transformers every call needs: no forwarding; Telegram's limits per
 * chat, per group and overall, with any `retry_after` waited out for the whole chat; and short
 * retries of 5xx and network errors (the outbox retries longer ones itself).
 */
export function createApiBot(opts: BotOptions): Bot {
  const bot = new Bot(opts.token, { botInfo: opts.botInfo, client: { apiRoot: opts.apiRoot } });
  bot.api.config.use(neverForward);
  bot.api.config.use(limitsTransformer(opts.limits));
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30, rethrowHttpErrors: false }));
  return bot;
}

/**
 * The emergency reply's own client: separate from the bot's so it never waits behind a message
 * that is sleeping out a 429 for the staff group, and it gives up on long waits rather than sit.
 */
export function createEmergencyApi(opts: Omit<BotOptions, 'botInfo'>): Api {
  const api = new Api(opts.token, { apiRoot: opts.apiRoot });
  api.config.use(neverForward);
  // Never waits for a budget, but counts its sends so the others leave room for it.
  api.config.use(noteSends(opts.limits));
  api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 5 }));
  return api;
}

/** Installs the features. grammY's own polling is not used: updates come through the inbox. */
export function installFeatures(bot: Bot, d: BotDeps, community?: BotDeps & CommunityDeps): void {
  // First: its /start link and its replies in the staff group are its own; the rest passes on.
  if (community) bot.use(communityFeature(community));
  bot.use(clientFeature(d));
  bot.use(staffFeature(d));
  bot.on('my_chat_member', (ctx) => {
    d.log.info({ event: 'bot.membership', chat_type: ctx.chat.type, status: ctx.myChatMember.new_chat_member.status }, 'bot membership changed');
  });
}

/** The command menus Telegram shows: clients in private chats (Russian by default, English), staff in the staff group. */
export async function registerCommands(api: Api, staffChatId: number, staffLocale: Locale): Promise<void> {
  await api.setMyCommands(clientCommands('ru'), { scope: { type: 'all_private_chats' } });
  await api.setMyCommands(clientCommands('en'), { scope: { type: 'all_private_chats' }, language_code: 'en' });
  await api.setMyCommands(clientCommands('ru'), { scope: { type: 'all_private_chats' }, language_code: 'ru' });
  await api.setMyCommands(staffCommands(staffLocale), { scope: { type: 'chat', chat_id: staffChatId } });
}
