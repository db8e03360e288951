import { eq, sql } from 'drizzle-orm';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { cases, staffMembers } from '../db/schema/index.ts';
import { t } from '../i18n/index.ts';
import { SEAL, type CaseDeps } from './deps.ts';
import { applyEvent } from './lifecycle.ts';
import { upsertStaffMember, type StaffMember } from './staff-members.ts';
import type { Case } from './case-store.ts';

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
  const [row] = await d.db.update(cases).set({ claimedBy: member.id, claimedAt: sql`now()` as never }).where(eq(cases.id, kase.id)).returning();
  return row ?? kase;
}

/** The claim button on a new case's first message. Returns the notice for the worker who tapped. */
export async function claimFromButton(d: CaseDeps, caseId: number, user: { id: number; first_name: string }, header: { messageId: number }): Promise<string> {
  const [kase] = await d.db.select().from(cases).where(eq(cases.id, caseId));
  if (!kase || kase.status === 'closed') return t(d.staffLocale, 'staff-case-already-closed', { case: caseId });
  const member = await upsertStaffMember(d, user);
  if (kase.claimedBy !== null && kase.claimedBy !== member.id) {
    const [holder] = await d.db.select().from(staffMembers).where(eq(staffMembers.id, kase.claimedBy));
    return t(d.staffLocale, 'staff-claim-taken', { name: holder ? staffName(d, holder) : '?' });
  }
  await assignCase(d, kase, member);
  await d.api.editMessageReplyMarkup(d.staffChatId, header.messageId).catch(() => {});
  await d.api.sendMessage(d.staffChatId, t(d.staffLocale, 'staff-claimed', { case: caseId, name: staffName(d, member) }), { message_thread_id: kase.topicId! });
  d.log.info({ event: 'case.claimed', case: caseId, staff: member.id }, 'case claimed');
  return t(d.staffLocale, 'staff-claim-yours');
}
