import { autoRetry } from '@grammyjs/auto-retry';
import { Bot } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Locale } from '../config.ts';
import type { CaseDeps } from '../cases/deps.ts';
import { clientFeature } from './client/index.ts';
import { neverForward } from './never-forward.ts';
import { staffFeature } from './staff/index.ts';

export interface BotOptions {
  token: string;
  apiRoot: string;
  botInfo: UserFromGetMe;
}

/** A Bot API client with the transformers every call needs: no forwarding, and honouring 429/5xx. */
export function createApiBot(opts: BotOptions): Bot {
  const bot = new Bot(opts.token, { botInfo: opts.botInfo, client: { apiRoot: opts.apiRoot } });
  bot.api.config.use(neverForward);
  // Telegram's 429 `retry_after` is honoured rather than guessed; a message waits, it is not dropped.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 8, maxDelaySeconds: 300, rethrowHttpErrors: false }));
  return bot;
}

/** Installs the features. grammY's own polling is not used: updates come through the inbox. */
export function installFeatures(bot: Bot, d: Omit<CaseDeps, 'api'>, defaultLocale: Locale): CaseDeps {
  const deps: CaseDeps = { ...d, api: bot.api };
  bot.use(clientFeature(deps, defaultLocale));
  bot.use(staffFeature(deps));
  bot.on('my_chat_member', (ctx) => {
    d.log.info({ event: 'bot.membership', chat_type: ctx.chat.type, status: ctx.myChatMember.new_chat_member.status }, 'bot membership changed');
  });
  return deps;
}
