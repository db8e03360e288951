import { eq, sql } from 'drizzle-orm';
import { cases, staffMembers } from '../db/schema/index.ts';
import { t } from '../i18n/index.ts';
import { consoleMark, type Actor } from './actor.ts';
import type { Case } from './case-store.ts';
import { SEAL, type CaseDeps } from './deps.ts';
import { applyEvent } from './lifecycle.ts';
import type { StaffMember } from './staff-members.ts';
import { recordEvent } from './timeline.ts';
import { postInTopic } from './topics.ts';
import { openOrMark } from '../privacy/unreadable.ts';

export function staffName(d: Pick<CaseDeps, 'vault'>, member: StaffMember): string {
  return member.nameSealed ? openOrMark(d.vault, SEAL.staffName, member.nameSealed) : `#${member.id}`;
}

/** Makes `memberId` the case's worker (a claim, a reassignment, or a specialist taking a referral). */
export async function makeHolder(d: CaseDeps, kase: Case, memberId: number, actor?: Actor): Promise<Case> {
  const moved = await applyEvent(d, kase, 'claim', { claimedBy: memberId, claimedAt: sql`now()` as never }, actor);
  if (moved) return moved;
  const [row] = await d.db.update(cases).set({ claimedBy: memberId, claimedAt: sql`now()` as never, lastActivityAt: sql`now()` as never }).where(eq(cases.id, kase.id)).returning();
  return row ?? kase;
}

export type ClaimResult = { ok: true; kase: Case; already: boolean } | { ok: false; problem: 'not-found' | 'closed' | 'unlinked' } | { ok: false; problem: 'taken'; holder: string };

/**
 * A claim: the case becomes the actor's unless someone else already holds it. The claim button
 * and the console's "take it" both come here. Claiming one's own case again changes nothing and
 * says nothing in the topic (a repeated press or a retried update).
 */
export async function claimCase(d: CaseDeps, actor: Actor, input: { caseId: number }): Promise<ClaimResult> {
  const [kase] = await d.db.select().from(cases).where(eq(cases.id, input.caseId));
  if (!kase) return { ok: false, problem: 'not-found' };
  if (kase.status === 'closed') return { ok: false, problem: 'closed' };
  // cases.claimedBy is a member of the staff group: an account without one cannot hold a case.
  if (actor.staffMemberId === null) return { ok: false, problem: 'unlinked' };
  if (kase.claimedBy === actor.staffMemberId) return { ok: true, kase, already: true };
  if (kase.claimedBy !== null) {
    const [holder] = await d.db.select().from(staffMembers).where(eq(staffMembers.id, kase.claimedBy));
    return { ok: false, problem: 'taken', holder: holder ? staffName(d, holder) : '?' };
  }
  const [member] = await d.db.select().from(staffMembers).where(eq(staffMembers.id, actor.staffMemberId));
  if (!member) return { ok: false, problem: 'unlinked' };
  const claimed = await makeHolder(d, kase, member.id, actor);
  await recordEvent(d, kase.id, { kind: 'claimed', actor, data: { to: member.id } });
  // The topic names the staff member who holds it; from the console, the account that did it too.
  await postInTopic(d, kase, t(d.staffLocale, 'staff-claimed', { case: kase.id, name: staffName(d, member) }) + consoleMark(d, actor));
  d.log.info({ event: 'case.claimed', case: kase.id, staff: actor.staffMemberId }, 'case claimed');
  return { ok: true, kase: claimed, already: false };
}

export type AssignResult = { ok: true; kase: Case } | { ok: false; problem: 'not-found' | 'closed' | 'member' };

/** Hands the case to a staff member, whoever holds it now (/assign, or the console). */
export async function assignCase(d: CaseDeps, actor: Actor, input: { caseId: number; staffMemberId: number }): Promise<AssignResult> {
  const [kase] = await d.db.select().from(cases).where(eq(cases.id, input.caseId));
  if (!kase) return { ok: false, problem: 'not-found' };
  if (kase.status === 'closed') return { ok: false, problem: 'closed' };
  const [member] = await d.db.select().from(staffMembers).where(eq(staffMembers.id, input.staffMemberId));
  if (!member) return { ok: false, problem: 'member' };
  if (kase.claimedBy === member.id) return { ok: true, kase };
  const assigned = await makeHolder(d, kase, member.id, actor);
  await recordEvent(d, kase.id, { kind: 'assigned', actor, data: { to: member.id, from: kase.claimedBy } });
  await postInTopic(d, kase, t(d.staffLocale, 'staff-claimed', { case: kase.id, name: staffName(d, member) }) + consoleMark(d, actor));
  d.log.info({ event: 'case.assigned', case: kase.id, staff: member.id }, 'case assigned');
  return { ok: true, kase: assigned };
}
