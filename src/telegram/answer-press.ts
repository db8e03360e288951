import type { Context } from 'grammy';
import { fitInto } from '../cases/fit.ts';
import { safeError, type Logger } from '../log.ts';

/**
 * Answers a button press before anything else happens: the spinner stops at once, and a press
 * Telegram no longer accepts ("query is too old", as after a restart) cannot fail the handler and
 * make it run again. What the person must be told comes from read-only checks done first.
 */
export function answerPress(ctx: Context, log: Logger, notice?: { text: string; alert?: boolean }): Promise<void> {
  return ctx
    .answerCallbackQuery(notice ? { text: fitInto(notice.text, 0, 200), show_alert: notice.alert ?? false } : undefined)
    .then(
      () => {},
      (err: unknown) => log.debug({ event: 'callback.answer_failed', err: safeError(err) }, 'button press not answered'),
    );
}
