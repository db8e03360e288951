import { and, eq, sql } from 'drizzle-orm';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { cases, referrals, staffMembers } from '../db/schema/index.ts';
import { t } from '../i18n/index.ts';
import { assignCase, staffName } from './assignment.ts';
import { SEAL, type CaseDeps } from './deps.ts';
import { applyEvent } from './lifecycle.ts';
import { upsertStaffMember } from './staff-members.ts';
import { consoleMark, telegramActor, type Actor } from './actor.ts';
import { postInTopic } from './topics.ts';

/** The specialist roles of the organisation; staff declare theirs with /role. */
export const ROLES = ['doctor', 'psychologist', 'lawyer', 'social_worker', 'peer_worker'] as const;
export type Role = (typeof ROLES)[number];
export const REFERRAL_OUTCOMES = ['done', 'did_not_come', 'declined'] as const;

export const REFER_PREFIX = 'ref:';

export function parseReferData(data: string):
  | { action: 'to'; caseId: number; role: Role; staffId?: number }
  | { action: 'take'; referralId: number }
  | { action: 'outcome'; referralId: number; outcome: (typeof REFERRAL_OUTCOMES)[number] }
  | undefined {
  const to = /^ref:to:(\d{1,10}):([a-z_]+)(?::(\d{1,10}))?$/.exec(data);
  if (to && (ROLES as readonly string[]).includes(to[2]!)) return { action: 'to', caseId: Number(to[1]), role: to[2] as Role, staffId: to[3] ? Number(to[3]) : undefined };
  const take = /^ref:take:(\d{1,10})$/.exec(data);
  if (take) return { action: 'take', referralId: Number(take[1]) };
  const out = /^ref:out:(\d{1,10}):([a-z_]+)$/.exec(data);
  if (out && (REFERRAL_OUTCOMES as readonly string[]).includes(out[2]!)) return { action: 'outcome', referralId: Number(out[1]), outcome: out[2] as (typeof REFERRAL_OUTCOMES)[number] };
  return undefined;
}

/** `/refer <reason>`: the roles, and under each the people who hold it. The reason waits on the case until a role is picked. */
export async function referralChoices(d: CaseDeps, caseId: number): Promise<InlineKeyboardMarkup> {
  const staff = await d.db.select().from(staffMembers);
  const rows = ROLES.flatMap((role) => {
    const people = staff.filter((s) => s.specialisations.includes(role));
    return [
      [{ text: `↪️ ${t(d.staffLocale, `role-${role}`)}`, callback_data: `${REFER_PREFIX}to:${caseId}:${role}` }],
      ...people.map((p) => [{ text: `   ${t(d.staffLocale, `role-${role}`)} · ${staffName(d, p)}`, callback_data: `${REFER_PREFIX}to:${caseId}:${role}:${p.id}` }]),
    ];
  });
  return { inline_keyboard: rows };
}

/** Records an internal referral and tells the topic, with a button for the specialist to take over. */
export async function refer(d: CaseDeps, caseId: number, role: string, toStaffId: number | undefined, by: { id: number; first_name: string }, reason: string): Promise<string | undefined> {
  const done = await referInternally(d, caseId, role, toStaffId, await telegramActor(d, by), reason);
  return done ? undefined : t(d.staffLocale, 'staff-case-already-closed', { case: caseId });
}

/** An internal referral by `actor` (from the topic's buttons or the console); false when the case is closed. */
export async function referInternally(d: CaseDeps, caseId: number, role: string, toStaffId: number | undefined, actor: Actor, reason: string): Promise<boolean> {
  const [kase] = await d.db.select().from(cases).where(eq(cases.id, caseId));
  if (!kase || kase.status === 'closed') return false;
  const [ref] = await d.db
    .insert(referrals)
    .values({ caseId, kind: 'internal', toRole: role, toStaffId, createdBy: actor.staffMemberId, reasonSealed: reason ? d.vault.seal(SEAL.messageBody, reason) : null })
    .returning();
  await applyEvent(d, kase, 'refer');
  const [target] = toStaffId ? await d.db.select().from(staffMembers).where(eq(staffMembers.id, toStaffId)) : [];
  const who = target ? `${t(d.staffLocale, `role-${role}`)} · ${staffName(d, target)}` : t(d.staffLocale, `role-${role}`);
  await postInTopic(d, kase, t(d.staffLocale, 'staff-referred', { case: caseId, who, reason: reason || '—' }) + consoleMark(d, actor), {
    reply_markup: { inline_keyboard: [[{ text: t(d.staffLocale, 'staff-referral-take'), callback_data: `${REFER_PREFIX}take:${ref!.id}` }]] },
  });
  d.log.info({ event: 'case.referred', case: caseId, role }, 'case referred');
  return true;
}

/** The specialist takes over: the case becomes theirs; the notice now asks how the referral ended. */
export async function takeReferral(d: CaseDeps, referralId: number, user: { id: number; first_name: string }, notice: { messageId: number }): Promise<string | undefined> {
  const [ref] = await d.db.select().from(referrals).where(eq(referrals.id, referralId));
  if (!ref) return undefined;
  const [kase] = await d.db.select().from(cases).where(eq(cases.id, ref.caseId));
  if (!kase) return undefined;
  const member = await upsertStaffMember(d, user);
  await d.db.update(referrals).set({ takenAt: sql`now()`, toStaffId: member.id }).where(and(eq(referrals.id, referralId)));
  const taken = (await applyEvent(d, kase, 'referral_taken')) ?? kase;
  await assignCase(d, taken, member);
  await d.api.editMessageReplyMarkup(d.staffChatId, notice.messageId, {
    reply_markup: { inline_keyboard: [REFERRAL_OUTCOMES.map((o) => ({ text: t(d.staffLocale, `referral-${o}`), callback_data: `${REFER_PREFIX}out:${referralId}:${o}` }))] },
  });
  await d.api.sendMessage(d.staffChatId, t(d.staffLocale, 'staff-referral-taken', { case: kase.id, name: staffName(d, member) }), { message_thread_id: kase.topicId! });
  return undefined;
}

export async function recordReferralOutcome(d: CaseDeps, referralId: number, outcome: string, notice: { messageId: number }): Promise<string> {
  await setReferralOutcome(d, referralId, outcome);
  await d.api.editMessageReplyMarkup(d.staffChatId, notice.messageId).catch(() => {});
  return t(d.staffLocale, 'staff-referral-outcome', { outcome: t(d.staffLocale, `referral-${outcome}`) });
}

/** How a referral ended (the outcome buttons, or the console); what is stored either way. */
export async function setReferralOutcome(d: Pick<CaseDeps, 'db'>, referralId: number, outcome: string): Promise<void> {
  await d.db.update(referrals).set({ outcome, outcomeAt: sql`now()` }).where(eq(referrals.id, referralId));
}

/** `/role doctor lawyer`: a staff member declares their specialist roles (shown by /refer). */
export async function setRoles(d: CaseDeps, user: { id: number; first_name: string }, words: string): Promise<string> {
  const roles = words
    .split(/[\s,]+/)
    .map((w) => w.trim().toLowerCase())
    .filter((w) => (ROLES as readonly string[]).includes(w));
  const member = await upsertStaffMember(d, user);
  await d.db.update(staffMembers).set({ specialisations: roles }).where(eq(staffMembers.id, member.id));
  return t(d.staffLocale, 'staff-roles-set', { roles: roles.map((r) => t(d.staffLocale, `role-${r}`)).join(', ') || '—', all: ROLES.join(' ') });
}
