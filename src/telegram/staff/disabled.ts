import type { Context, MiddlewareFn } from 'grammy';
import { isDisabledStaff } from '../../cases/staff-access.ts';
import { t } from '../../i18n/index.ts';
import { answerPress } from '../answer-press.ts';
import type { BotDeps } from '../deps.ts';

/**
 * A member of the staff group whose console account is disabled acts through the bot no more: not
 * a reply relayed to a client, not a command, not a press. Disabling also asks Telegram to remove
 * them, but Telegram may refuse (the group's owner, an administrator a person made) or they may be
 * let back in by mistake; this holds either way, until the account is enabled again.
 */
export function disabledStaffIgnored(d: BotDeps): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const from = ctx.from;
    const acts = ctx.message ?? ctx.editedMessage ?? ctx.callbackQuery;
    if (!acts || !from || from.is_bot || ctx.chat?.id !== d.staffChatId) return next();
    if (!(await isDisabledStaff(d, from.id))) return next();
    d.log.warn({ event: 'staff.disabled_member_ignored', kind: ctx.callbackQuery ? 'press' : 'message' }, 'a disabled account’s person acted in the staff group: ignored');
    if (ctx.callbackQuery) await answerPress(ctx, d.log, { text: t(d.staffLocale, 'staff-account-disabled'), alert: true });
  };
}
