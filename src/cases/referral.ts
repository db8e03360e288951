import { and, eq, isNull, sql } from 'drizzle-orm';
import { cases, referrals, staffMembers } from '../db/schema/index.ts';
import { t } from '../i18n/index.ts';
import { consoleMark, type Actor } from './actor.ts';
import { makeHolder, staffName } from './assignment.ts';
import { SEAL, type CaseDeps } from './deps.ts';
import { renderFitted } from './fit.ts';
import { applyEvent } from './lifecycle.ts';
import { upsertStaffMember } from './staff-members.ts';
import { recordEvent } from './timeline.ts';
import { postInTopic } from './topics.ts';

/** The specialist roles of the organisation; staff declare theirs with /role. */
export const ROLES = ['doctor', 'psychologist', 'lawyer', 'social_worker', 'peer_worker'] as const;
export type Role = (typeof ROLES)[number];
export const REFERRAL_OUTCOMES = ['done', 'did_not_come', 'declined'] as const;
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number];

/** The longest referral reason kept; the topic notice cuts it further to fit Telegram's limit. */
export const REASON_MAX_LENGTH = 1000;

export type ReferResult = { ok: true; referralId: number } | { ok: false; problem: 'not-found' | 'closed' | 'person' };

/** An internal referral to a role (and a person, if chosen), with the reason; the topic gets a button for the specialist to take over. */
export async function referInternally(d: CaseDeps, actor: Actor, input: { caseId: number; role: Role; toStaffId?: number; reason: string }): Promise<ReferResult> {
  const [kase] = await d.db.select().from(cases).where(eq(cases.id, input.caseId));
  if (!kase) return { ok: false, problem: 'not-found' };
  if (kase.status === 'closed') return { ok: false, problem: 'closed' };
  const [target] = input.toStaffId === undefined ? [] : await d.db.select().from(staffMembers).where(eq(staffMembers.id, input.toStaffId));
  if (input.toStaffId !== undefined && !target) return { ok: false, problem: 'person' };
  const reason = input.reason.replace(/\r\n?/g, '\n').trim().slice(0, REASON_MAX_LENGTH);
  // The same referral, still waiting to be taken, is one press delivered twice: not a second referral.
  const [same] = await d.db
    .select({ id: referrals.id })
    .from(referrals)
    .where(and(eq(referrals.caseId, kase.id), eq(referrals.kind, 'internal'), eq(referrals.toRole, input.role), target ? eq(referrals.toStaffId, target.id) : isNull(referrals.toStaffId), isNull(referrals.takenAt)));
  if (same) return { ok: true, referralId: same.id };
  const [ref] = await d.db
    .insert(referrals)
    .values({ caseId: kase.id, kind: 'internal', toRole: input.role, toStaffId: target?.id, createdBy: actor.staffMemberId, reasonSealed: reason ? d.vault.seal(SEAL.messageBody, reason) : null })
    .returning();
  await applyEvent(d, kase, 'refer', {}, actor);
  await recordEvent(d, kase.id, { kind: 'referred', actor, data: { referral: ref!.id, role: input.role, to: target?.id ?? null }, text: reason || undefined });
  const who = target ? `${t(d.staffLocale, `role-${input.role}`)} · ${staffName(d, target)}` : t(d.staffLocale, `role-${input.role}`);
  const notice = (words: string) => t(d.staffLocale, 'staff-referred', { case: kase.id, who, reason: words || '—' }) + consoleMark(d, actor);
  await postInTopic(d, kase, renderFitted(notice, reason), { reply_markup: d.buttons.takeReferral(ref!.id) });
  d.log.info({ event: 'case.referred', case: kase.id, role: input.role }, 'case referred');
  return { ok: true, referralId: ref!.id };
}

export type TakeResult = { ok: true; already: boolean } | { ok: false; problem: 'not-found' | 'unlinked' } | { ok: false; problem: 'taken'; holder: string };

/**
 * The specialist takes over: the case becomes theirs. Taking it twice changes nothing; once taken
 * by someone, another press does not overwrite who took it.
 */
export async function takeReferral(d: CaseDeps, actor: Actor, input: { referralId: number }): Promise<TakeResult> {
  if (actor.staffMemberId === null) return { ok: false, problem: 'unlinked' };
  const [ref] = await d.db.select().from(referrals).where(eq(referrals.id, input.referralId));
  if (!ref) return { ok: false, problem: 'not-found' };
  const [kase] = await d.db.select().from(cases).where(eq(cases.id, ref.caseId));
  if (!kase) return { ok: false, problem: 'not-found' };
  const [claimed] = await d.db
    .update(referrals)
    .set({ takenAt: sql`now()`, toStaffId: actor.staffMemberId })
    .where(and(eq(referrals.id, ref.id), isNull(referrals.takenAt)))
    .returning();
  if (!claimed) {
    if (ref.toStaffId === actor.staffMemberId) return { ok: true, already: true };
    const [holder] = ref.toStaffId === null ? [] : await d.db.select().from(staffMembers).where(eq(staffMembers.id, ref.toStaffId));
    return { ok: false, problem: 'taken', holder: holder ? staffName(d, holder) : '?' };
  }
  const taken = (await applyEvent(d, kase, 'referral_taken', {}, actor)) ?? kase;
  await makeHolder(d, taken, actor.staffMemberId, actor);
  await recordEvent(d, kase.id, { kind: 'referral_taken', actor, data: { referral: ref.id } });
  const [member] = await d.db.select().from(staffMembers).where(eq(staffMembers.id, actor.staffMemberId));
  await postInTopic(d, kase, t(d.staffLocale, 'staff-referral-taken', { case: kase.id, name: member ? staffName(d, member) : actor.name }) + consoleMark(d, actor));
  return { ok: true, already: false };
}

export type OutcomeResult = 'ok' | 'already' | 'not-found';

/** How a referral ended (its outcome buttons, or the console), told in the topic once. */
export async function recordReferralOutcome(d: CaseDeps, actor: Actor, input: { referralId: number; outcome: ReferralOutcome; caseId?: number }): Promise<OutcomeResult> {
  const [ref] = await d.db.select().from(referrals).where(eq(referrals.id, input.referralId));
  if (!ref || (input.caseId !== undefined && ref.caseId !== input.caseId)) return 'not-found';
  const [changed] = await d.db
    .update(referrals)
    .set({ outcome: input.outcome, outcomeAt: sql`now()` })
    .where(and(eq(referrals.id, ref.id), sql`${referrals.outcome} <> ${input.outcome}`))
    .returning();
  if (!changed) return 'already';
  const [kase] = await d.db.select().from(cases).where(eq(cases.id, ref.caseId));
  await recordEvent(d, ref.caseId, { kind: 'referral_outcome', actor, data: { referral: ref.id, outcome: input.outcome, previous: ref.outcome } });
  if (kase) await postInTopic(d, kase, t(d.staffLocale, 'staff-referral-outcome', { outcome: t(d.staffLocale, `referral-${input.outcome}`) }) + consoleMark(d, actor));
  return 'ok';
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
