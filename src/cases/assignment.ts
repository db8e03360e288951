import { eq, sql } from 'drizzle-orm';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { cases, staffMembers } from '../db/schema/index.ts';
import { t } from '../i18n/index.ts';
import { SEAL, type CaseDeps } from './deps.ts';
import { applyEvent } from './lifecycle.ts';
import { upsertStaffMember, type StaffMember } from './staff-members.ts';
import type { Case } from './case-store.ts';
import { consoleMark, type Actor } from './actor.ts';
import { postInTopic } from './topics.ts';

export const CLAIM_PREFIX = 'case:claim:';

export function claimKeyboard(d: Pick<CaseDeps, 'staffLocale'>, caseId: number): InlineKeyboardMarkup {
  return { inline_keyboard: [[{ text: t(d.staffLocale, 'staff-claim-button'), callback_data: `${CLAIM_PREFIX}${caseId}` }]] };
}

export function staffName(d: Pick<CaseDeps, 'vault'>, member: StaffMember): string {
  return member.nameSealed ? d.vault.open(SEAL.staffName, member.nameSealed) : `#${member.id}`;
}

/** Makes `member` the case's worker (a claim, a reassignment, or a specialist taking a referral). */
export async function assignCase(d: CaseDeps, kase: Case, member: StaffMember): Promise<Case> {
  const moved = await applyEvent(d, kase, 'claim', { claimedBy: member.id, claimedAt: sql`now()` as never });
  if (moved) return moved;
  const [row] = await d.db.update(cases).set({ claimedBy: member.id, claimedAt: sql`now()` as never, lastActivityAt: sql`now()` as never }).where(eq(cases.id, kase.id)).returning();
  return row ?? kase;
}

export type ClaimResult = { ok: true; kase: Case } | { ok: false; problem: 'closed' } | { ok: false; problem: 'taken'; holder: string };

/**
 * A claim — the case becomes `member`'s unless someone else already holds it — told in the topic.
 * The claim button and the console's "take it" both come here.
 */
export async function claimCase(d: CaseDeps, caseId: number, member: StaffMember, actor?: Actor): Promise<ClaimResult> {
  const [kase] = await d.db.select().from(cases).where(eq(cases.id, caseId));
  if (!kase || kase.status === 'closed') return { ok: false, problem: 'closed' };
  if (kase.claimedBy !== null && kase.claimedBy !== member.id) {
    const [holder] = await d.db.select().from(staffMembers).where(eq(staffMembers.id, kase.claimedBy));
    return { ok: false, problem: 'taken', holder: holder ? staffName(d, holder) : '?' };
  }
  const claimed = await assignAndTell(d, kase, member, actor);
  d.log.info({ event: 'case.claimed', case: caseId, staff: member.id }, 'case claimed');
  return { ok: true, kase: claimed };
}

/** Makes `member` the case's worker and tells the topic who has it now (and, from the console, who did it). */
export async function assignAndTell(d: CaseDeps, kase: Case, member: StaffMember, actor?: Actor): Promise<Case> {
  const assigned = await assignCase(d, kase, member);
  await postInTopic(d, kase, t(d.staffLocale, 'staff-claimed', { case: kase.id, name: staffName(d, member) }) + consoleMark(d, actor));
  return assigned;
}

/** The claim button on a new case's first message. Returns the notice for the worker who tapped. */
export async function claimFromButton(d: CaseDeps, caseId: number, user: { id: number; first_name: string }, header: { messageId: number }): Promise<string> {
  const result = await claimCase(d, caseId, await upsertStaffMember(d, user));
  if (!result.ok) return result.problem === 'closed' ? t(d.staffLocale, 'staff-case-already-closed', { case: caseId }) : t(d.staffLocale, 'staff-claim-taken', { name: result.holder });
  await d.api.editMessageReplyMarkup(d.staffChatId, header.messageId).catch(() => {});
  return t(d.staffLocale, 'staff-claim-yours');
}
