import { Composer, type Context } from 'grammy';
import { telegramActor } from '../../cases/actor.ts';
import { stopFollowUps } from '../../cases/stop-follow-ups.ts';
import { parseStopFollowUps, STOP_FOLLOW_UPS_PREFIX } from './callbacks.ts';
import { answerPress } from '../answer-press.ts';
import type { BotDeps } from '../deps.ts';

/**
 * The pinned emergency alert's button: "⏹ Stop the follow-ups". The press is answered first (a
 * stale one throws "query is too old", which must not fail the handler and make it run again),
 * then the follow-ups are stopped; a second press, or the same one delivered again, finds them
 * stopped and does nothing. The alert itself shows who stopped them.
 */
export function emergencyButtons(d: BotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer
    .filter((ctx) => ctx.chat?.id === d.staffChatId)
    .callbackQuery(new RegExp(`^${STOP_FOLLOW_UPS_PREFIX}\\d+$`), async (ctx) => {
      await answerPress(ctx, d.log);
      const caseId = parseStopFollowUps(ctx.callbackQuery.data);
      if (caseId === undefined || ctx.from.is_bot) return;
      await stopFollowUps(d, await telegramActor(d, ctx.from), { caseId });
    });
  return composer;
}
