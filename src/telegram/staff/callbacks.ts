import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { Locale } from '../../config.ts';
import { staffName } from '../../cases/assignment.ts';
import type { Draft, Field } from '../../cases/closing-record.ts';
import type { CaseDeps, TopicButtons } from '../../cases/deps.ts';
import { directoryInForce } from '../../cases/external.ts';
import { REFERRAL_OUTCOMES, ROLES, type ReferralOutcome, type Role } from '../../cases/referral.ts';
import { staffMembers } from '../../db/schema/index.ts';
import { OUTCOMES, PHONE_CALL, type Taxonomy } from '../../domain/taxonomy.ts';
import { t } from '../../i18n/index.ts';

/**
 * The staff group's buttons: their callback data (≤ 64 bytes, as Telegram requires) and how a
 * press is read back. The case actions ask for the buttons through `TopicButtons`; nothing else
 * knows these formats.
 */

export const CLAIM_PREFIX = 'case:claim:';
export const REFER_PREFIX = 'ref:';
export const EXT_PREFIX = 'ext:';
export const RECORD_PREFIX = 'rec:';
export const STOP_FOLLOW_UPS_PREFIX = 'ods:';

export function topicButtons(staffLocale: Locale): TopicButtons {
  const row = (text: string, data: string) => ({ inline_keyboard: [[{ text, callback_data: data }]] });
  return {
    claim: (caseId) => row(t(staffLocale, 'staff-claim-button'), `${CLAIM_PREFIX}${caseId}`),
    takeReferral: (referralId) => row(t(staffLocale, 'staff-referral-take'), `${REFER_PREFIX}take:${referralId}`),
    referralOutcome: (referralId) => ({
      inline_keyboard: [REFERRAL_OUTCOMES.map((o) => ({ text: t(staffLocale, `referral-${o}`), callback_data: `${REFER_PREFIX}out:${referralId}:${o}` }))],
    }),
    stopFollowUps: (caseId) => row(t(staffLocale, 'staff-od-stop-button'), `${STOP_FOLLOW_UPS_PREFIX}${caseId}`),
  };
}

export function parseStopFollowUps(data: string): number | undefined {
  const m = /^ods:(\d{1,10})$/.exec(data);
  return m ? Number(m[1]) : undefined;
}

export function parseClaim(data: string): number | undefined {
  const m = /^case:claim:(\d{1,10})$/.exec(data);
  return m ? Number(m[1]) : undefined;
}

export function parseExternal(data: string): { caseId: number; organisationId: number } | undefined {
  const m = /^ext:(\d{1,10}):(\d{1,10})$/.exec(data);
  return m ? { caseId: Number(m[1]), organisationId: Number(m[2]) } : undefined;
}

export function parseReferData(data: string):
  | { action: 'to'; caseId: number; role: Role; staffId?: number }
  | { action: 'take'; referralId: number }
  | { action: 'outcome'; referralId: number; outcome: ReferralOutcome }
  | undefined {
  const to = /^ref:to:(\d{1,10}):([a-z_]+)(?::(\d{1,10}))?$/.exec(data);
  if (to && (ROLES as readonly string[]).includes(to[2]!)) return { action: 'to', caseId: Number(to[1]), role: to[2] as Role, staffId: to[3] ? Number(to[3]) : undefined };
  const take = /^ref:take:(\d{1,10})$/.exec(data);
  if (take) return { action: 'take', referralId: Number(take[1]) };
  const out = /^ref:out:(\d{1,10}):([a-z_]+)$/.exec(data);
  if (out && (REFERRAL_OUTCOMES as readonly string[]).includes(out[2]!)) return { action: 'outcome', referralId: Number(out[1]), outcome: out[2] as ReferralOutcome };
  return undefined;
}

/** `/refer <reason>`: the roles, and under each the people who hold it. */
export async function referralChoices(d: Pick<CaseDeps, 'db' | 'vault' | 'staffLocale'>, caseId: number): Promise<InlineKeyboardMarkup> {
  const staff = await d.db.select().from(staffMembers);
  const rows = ROLES.flatMap((role) => {
    const people = staff.filter((s) => s.specialisations.includes(role));
    return [
      [{ text: `↪️ ${t(d.staffLocale, `role-${role}`)}`, callback_data: `${REFER_PREFIX}to:${caseId}:${role}` }],
      ...people.map((p) => [{ text: `   ${t(d.staffLocale, `role-${role}`)} · ${staffName(d, p)}`, callback_data: `${REFER_PREFIX}to:${caseId}:${role}:${p.id}` }]),
    ];
  });
  // Telegram takes at most 100 buttons in a keyboard.
  return { inline_keyboard: rows.slice(0, 100) };
}

/** `/ext`: the directory in force, one organisation a row (⚠️ where its details are not verified). */
export async function directoryKeyboard(d: Pick<CaseDeps, 'db' | 'settings' | 'staffLocale'>, caseId: number): Promise<InlineKeyboardMarkup> {
  const orgs = await directoryInForce(d);
  return { inline_keyboard: orgs.slice(0, 100).map((o) => [{ text: `${o.verifiedAt ? '' : '⚠️ '}${o.name[d.staffLocale]}`.slice(0, 64), callback_data: `${EXT_PREFIX}${caseId}:${o.id}` }]) };
}

/** A press on the closing form: save, cancel, or a choice with the state it sets (`on`). */
export function parseRecordData(data: string): { caseId: number; action: 'save' | 'cancel' } | { caseId: number; field: Field; index: number; on: boolean } | undefined {
  const m = /^rec:(\d{1,10}):(?:(save|cancel)|([nspo]):(\d{1,2})(?::([01]))?)$/.exec(data);
  if (!m) return undefined;
  if (m[2]) return { caseId: Number(m[1]), action: m[2] as 'save' | 'cancel' };
  return { caseId: Number(m[1]), field: m[3] as Field, index: Number(m[4]), on: m[5] !== '0' };
}

/** The closing form: needs and services to toggle, one phone answer, one outcome, then save. */
export function recordKeyboard(caseId: number, draft: Draft, taxonomy: Taxonomy, locale: Locale): InlineKeyboardMarkup {
  const mark = (on: boolean, text: string) => `${on ? '✅' : '▫️'} ${text}`;
  // Needs and services carry the state a press sets, so a press delivered twice is not undone.
  const data = (field: Field, i: number, on = true) => `${RECORD_PREFIX}${caseId}:${field}:${i}${field === 'n' || field === 's' ? `:${on ? 1 : 0}` : ''}`;
  const pairs = <T,>(items: T[]) => items.reduce<T[][]>((rows, item, i) => (i % 2 ? rows[rows.length - 1]!.push(item) : rows.push([item]), rows), []);
  // Section titles are buttons too (a keyboard has no labels); pressing one does nothing.
  const header = (id: string): InlineKeyboardButton[] => [{ text: `— ${t(locale, id)} —`, callback_data: `${RECORD_PREFIX}${caseId}:-` }];
  return {
    inline_keyboard: [
      header('record-needs'),
      ...taxonomy.needs.map((n, i) => [{ text: mark(draft.needs.includes(n.code), n.label[locale]), callback_data: data('n', i, !draft.needs.includes(n.code)) }]),
      header('record-services'),
      ...pairs(taxonomy.services.map((s, i) => ({ text: mark(draft.services.includes(s.code), s.label[locale]), callback_data: data('s', i, !draft.services.includes(s.code)) }))),
      header('record-phone'),
      ...pairs(PHONE_CALL.map((p, i) => ({ text: mark(draft.phoneCall === p, t(locale, `record-phone-${p}`)), callback_data: data('p', i) }))),
      header('record-outcome'),
      ...pairs(OUTCOMES.map((o, i) => ({ text: mark(draft.outcome === o, t(locale, `record-outcome-${o}`)), callback_data: data('o', i) }))),
      [
        { text: t(locale, 'record-save'), callback_data: `${RECORD_PREFIX}${caseId}:save` },
        { text: t(locale, 'record-cancel'), callback_data: `${RECORD_PREFIX}${caseId}:cancel` },
      ],
    ],
  };
}
