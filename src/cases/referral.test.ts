import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { referrals } from '../db/schema/index.ts';
import { recordReferralOutcome, referInternally, takeReferral } from './referral.ts';
import { upsertStaffMember } from './staff-members.ts';
import { caseRow, eventsOf, topicTexts, useActionSystems } from './testing.ts';

const system = useActionSystems();

describe('referInternally, takeReferral, recordReferralOutcome', () => {
  it('refers once however often the press arrives; the specialist takes it once; the outcome is told once', async () => {
    const s = await system();
    const { kase, topicId } = await s.newCase('Client', 'абсцесс');
    const input = { caseId: kase.id, role: 'doctor' as const, reason: 'осмотреть руку' };
    const first = await referInternally(s.bot, s.inTelegram, input);
    const again = await referInternally(s.bot, s.inTelegram, input);
    expect(first.ok && again.ok && again.referralId === first.referralId).toBe(true);
    expect(await s.db.select().from(referrals)).toHaveLength(1);
    expect((await caseRow(s, kase.id)).status).toBe('referred');
    expect(await eventsOf(s, kase.id, 'referred')).toMatchObject([{ data: { role: 'doctor' }, text: 'осмотреть руку' }]);
    const referralId = first.ok ? first.referralId : 0;

    const doctor = await upsertStaffMember(s.bot, { id: 888, first_name: 'Doc' });
    const asDoctor = { staffMemberId: doctor.id, name: 'Doc', fromConsole: false };
    expect(await takeReferral(s.bot, asDoctor, { referralId })).toEqual({ ok: true, already: false });
    expect(await takeReferral(s.bot, asDoctor, { referralId })).toEqual({ ok: true, already: true });
    // A second person's press does not overwrite who took it.
    expect(await takeReferral(s.bot, s.inTelegram, { referralId })).toEqual({ ok: false, problem: 'taken', holder: 'Doc' });
    expect((await s.db.select().from(referrals).where(eq(referrals.id, referralId)))[0]!.toStaffId).toBe(doctor.id);
    expect(await caseRow(s, kase.id)).toMatchObject({ claimedBy: doctor.id, status: 'open' });

    expect(await recordReferralOutcome(s.bot, asDoctor, { referralId, outcome: 'done' })).toBe('ok');
    expect(await recordReferralOutcome(s.bot, asDoctor, { referralId, outcome: 'done' })).toBe('already');
    expect(topicTexts(s, topicId).filter((t) => t.includes('Doc'))).toHaveLength(1);
    expect(await eventsOf(s, kase.id, 'referral_outcome')).toHaveLength(1);
  });

  it('cuts a long reason to fit the topic notice and refuses a closed case', async () => {
    const s = await system();
    const { kase, topicId } = await s.newCase('Client', 'привет');
    expect((await referInternally(s.bot, s.inTelegram, { caseId: kase.id, role: 'lawyer', reason: 'я'.repeat(5000) })).ok).toBe(true);
    expect(topicTexts(s, topicId).at(-1)!.length).toBeLessThanOrEqual(4096);
    expect(await referInternally(s.bot, s.inTelegram, { caseId: kase.id, role: 'lawyer', reason: 'x', toStaffId: 999 })).toEqual({ ok: false, problem: 'person' });
  });
});
