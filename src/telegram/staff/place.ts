import { eq } from 'drizzle-orm';
import type { Context, MiddlewareFn } from 'grammy';
import type { Message } from 'grammy/types';
import { staffGroupOf } from '../../cases/deliveries.ts';
import { cases, referrals } from '../../db/schema/index.ts';
import { t } from '../../i18n/index.ts';
import { answerPress } from '../answer-press.ts';
import type { BotDeps } from '../deps.ts';
import { CLAIM_PREFIX, EXT_PREFIX, RECORD_PREFIX, REFER_PREFIX, STOP_FOLLOW_UPS_PREFIX } from './callbacks.ts';
import { topicOf } from './topic-messages.ts';

/**
 * A staff-group button names the case it acts on in its callback data, and Telegram lets a
 * modified client send any data on any message with a keyboard ("the message originated the
 * query can contain no callback buttons with this data", Bot API). So a press counts only on a
 * message in that case's own topic of its staff group: `case:claim:2` pressed on a message in
 * case 1's topic, in the General topic or in a private chat does nothing.
 *
 * Every family of case buttons lives in the case's topic: the header's claim, the closing form
 * (rec), /refer's choices and the referral notices (ref), /ext's directory (ext) and the pinned
 * overdose alert (ods), which the follow-ups edit in place. None is posted in the General topic or
 * in a private chat (the morning queue and /queue are text), so no family is exempt.
 */

/** The families of case buttons, by the start of their data. */
const FAMILIES = [
  { family: 'claim', prefix: CLAIM_PREFIX, caseIn: /^case:claim:(\d{1,10})$/ },
  { family: 'refer', prefix: `${REFER_PREFIX}to:`, caseIn: /^ref:to:(\d{1,10}):/ },
  { family: 'referral', prefix: `${REFER_PREFIX}take:`, referralIn: /^ref:take:(\d{1,10})$/ },
  { family: 'referral', prefix: `${REFER_PREFIX}out:`, referralIn: /^ref:out:(\d{1,10}):/ },
  { family: 'external', prefix: EXT_PREFIX, caseIn: /^ext:(\d{1,10}):/ },
  { family: 'record', prefix: RECORD_PREFIX, caseIn: /^rec:(\d{1,10}):/ },
  { family: 'stop-follow-ups', prefix: STOP_FOLLOW_UPS_PREFIX, caseIn: /^ods:(\d{1,10})$/ },
] as const;

/** Pure: the family of a button's data and the number it carries (a case's, or a referral's), or undefined for data that is no case button. */
export function buttonTarget(data: string): { family: string; caseId?: number; referralId?: number } | undefined {
  for (const f of FAMILIES) {
    if (!data.startsWith(f.prefix)) continue;
    const m = 'caseIn' in f ? f.caseIn.exec(data) : f.referralIn.exec(data);
    const n = m ? Number(m[1]) : undefined;
    return 'caseIn' in f ? { family: f.family, caseId: n } : { family: f.family, referralId: n };
  }
  // A prefix of ours with anything else after it is still ours: refused below as naming no case.
  if (data.startsWith(REFER_PREFIX)) return { family: 'refer' };
  return undefined;
}

/** Pure: whether `message` is in `kase`'s topic of the staff group it lives in. */
export function inCaseTopic(message: Message | undefined, kase: { staffChatId: number | null; topicId: number | null }, staffChatId: number): boolean {
  if (!message || !message.date || kase.topicId === null) return false; // an inaccessible message (date 0) cannot be checked
  return message.chat.id === staffGroupOf({ staffChatId }, kase) && topicOf(message) === kase.topicId;
}

/**
 * The one check every press of a case button passes before its handler: the case the data names
 * (through its referral for referral buttons) must own the topic the pressed message is in.
 * Anything else is answered with a short notice and logged without ids; data that is no case
 * button goes on untouched.
 */
export function buttonsInPlace(d: BotDeps): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const data = ctx.callbackQuery?.data;
    const target = data === undefined ? undefined : buttonTarget(data);
    if (!target) return next();
    let caseId = target.caseId;
    if (target.referralId !== undefined) {
      const [ref] = await d.db.select({ caseId: referrals.caseId }).from(referrals).where(eq(referrals.id, target.referralId));
      caseId = ref?.caseId;
    }
    const [kase] = caseId === undefined ? [] : await d.db.select({ staffChatId: cases.staffChatId, topicId: cases.topicId }).from(cases).where(eq(cases.id, caseId));
    if (kase && inCaseTopic(ctx.callbackQuery!.message as Message | undefined, kase, d.staffChatId)) return next();
    d.log.warn({ event: 'staff.button_out_of_place', family: target.family }, 'a case button pressed outside its case topic: refused');
    await answerPress(ctx, d.log, { text: t(d.staffLocale, 'staff-button-out-of-place'), alert: true });
  };
}
