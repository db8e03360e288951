import { describe, expect, it } from 'vitest';
import { assignCase, claimCase } from './assignment.ts';
import { upsertStaffMember } from './staff-members.ts';
import { caseRow, eventsOf, topicTexts, useActionSystems } from './testing.ts';

const system = useActionSystems();

describe('claimCase and assignCase', () => {
  it('a claim makes the case the worker\'s once: a second press says nothing more', async () => {
    const s = await system();
    const { kase, topicId } = await s.newCase('Client', 'привет');
    expect(await claimCase(s.bot, s.inTelegram, { caseId: kase.id })).toMatchObject({ ok: true, already: false });
    expect(await claimCase(s.bot, s.inTelegram, { caseId: kase.id })).toMatchObject({ ok: true, already: true });
    expect(topicTexts(s, topicId).filter((t) => t.startsWith('🙋'))).toEqual([`🙋 Обращение #${kase.id} взял(а): Vera`]);
    expect(await caseRow(s, kase.id)).toMatchObject({ claimedBy: s.vera.id, status: 'open' });
    expect(await eventsOf(s, kase.id, 'claimed')).toHaveLength(1);
    expect((await eventsOf(s, kase.id, 'status')).map((e) => e.data)).toEqual([{ from: 'new', to: 'open', on: 'claim' }]);
  });

  it('refuses a case someone else holds, and an account with no staff member', async () => {
    const s = await system();
    const { kase } = await s.newCase('Client', 'привет');
    await claimCase(s.bot, s.inTelegram, { caseId: kase.id });
    const boris = await upsertStaffMember(s.bot, { id: 777, first_name: 'Boris' });
    expect(await claimCase(s.bot, { staffMemberId: boris.id, name: 'Boris', fromConsole: false }, { caseId: kase.id })).toEqual({ ok: false, problem: 'taken', holder: 'Vera' });
    expect(await claimCase(s.bot, { staffMemberId: null, name: 'Admin', fromConsole: true }, { caseId: kase.id })).toEqual({ ok: false, problem: 'unlinked' });
  });

  it('assign hands the case over whoever holds it, and says who did it from the console', async () => {
    const s = await system();
    const { kase, topicId } = await s.newCase('Client', 'привет');
    await claimCase(s.bot, s.inTelegram, { caseId: kase.id });
    const boris = await upsertStaffMember(s.bot, { id: 777, first_name: 'Boris' });
    expect((await assignCase(s.bot, s.fromConsole(), { caseId: kase.id, staffMemberId: boris.id })).ok).toBe(true);
    expect((await caseRow(s, kase.id)).claimedBy).toBe(boris.id);
    expect(topicTexts(s, topicId).at(-1)).toBe(`🙋 Обращение #${kase.id} взял(а): Boris (из консоли, Anna Console)`);
    expect(await eventsOf(s, kase.id, 'assigned')).toMatchObject([{ via: 'console', data: { to: boris.id, from: s.vera.id } }]);
    expect(await assignCase(s.bot, s.fromConsole(), { caseId: kase.id, staffMemberId: 999 })).toEqual({ ok: false, problem: 'member' });
  });
});
