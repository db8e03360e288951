import { Composer, type Context } from 'grammy';
import type { Locale } from '../../config.ts';
import { findOrCreateClient } from '../../cases/clients.ts';
import type { CaseDeps } from '../../cases/deps.ts';
import { mirrorClientEdit, relayFromClient } from '../../cases/relay-from-client.ts';
import { t } from '../../i18n/index.ts';

/** Private chats with the bot: every person there is a client. */
export function clientFeature(d: CaseDeps, defaultLocale: Locale): Composer<Context> {
  const composer = new Composer<Context>();
  const priv = composer.chatType('private');

  priv.command('start', async (ctx) => {
    const client = await findOrCreateClient(d, ctx.from, defaultLocale);
    await ctx.reply(t(client.locale as Locale, 'client-welcome', { pseudonym: client.pseudonym }));
  });
  priv.on('message', async (ctx) => {
    if (ctx.from.is_bot) return;
    await relayFromClient(d, ctx.message, defaultLocale);
  });
  priv.on('edited_message', async (ctx) => {
    await mirrorClientEdit(d, ctx.editedMessage, defaultLocale);
  });
  return composer;
}
