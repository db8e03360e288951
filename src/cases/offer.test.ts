import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createAccount } from '../console/auth/accounts.ts';
import { accounts, staffMembers } from '../db/schema/index.ts';
import { DEFAULT_SETTINGS, type Person } from '../organisation/settings.ts';
import { needsForOffer, pickWorker, suggestWorker, type Candidate } from './offer.ts';
import { useActionSystems } from './testing.ts';

const c = (name: string, roles: string[], openCases: number): Candidate => ({ person: { name, telegram: `@${name}` }, roles, openCases });

describe('offering a case', () => {
  it('prefers a matching specialist with the fewest open cases', () => {
    const staff = [c('anna', ['peer_worker'], 0), c('boris', ['doctor'], 3), c('vera', ['doctor'], 1)];
    expect(pickWorker(staff, ['severe_injection_complications'])?.person.name).toBe('vera');
  });
  it('falls back to whoever on duty has the fewest open cases', () => {
    const staff = [c('anna', [], 2), c('boris', ['lawyer'], 1)];
    expect(pickWorker(staff, ['hr_services'])?.person.name).toBe('boris');
    expect(pickWorker([], ['overdose'])).toBeUndefined();
  });
});

describe('the needs a first message points to', () => {
  it('does not read a drug named as an overdose', () => {
    expect(needsForOffer(DEFAULT_SETTINGS, 'Хочу бросить меф, уже месяц не могу остановиться')).not.toContain('overdose');
    expect(needsForOffer(DEFAULT_SETTINGS, '   ')).toEqual([]);
  });
  it('offers no need the organisation switched off', () => {
    const text = 'где сделать прививку от ковида и нужна ли маска';
    expect(needsForOffer({ ...DEFAULT_SETTINGS, needsOff: [] }, text)).toContain('pandemic_information');
    expect(needsForOffer(DEFAULT_SETTINGS, text)).not.toContain('pandemic_information');
  });
});

const systemOf = useActionSystems();

describe('the worker a new case is offered to', () => {
  it('finds a person on duty chosen from the accounts through the account, with no @username', async () => {
    const allWeek = (staff: Person[]) => ({ windows: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '23:59', staff })), holidays: [] });
    const probe = await systemOf();
    const made = await createAccount(probe.db, { login: 'vera', displayName: 'Вера', role: 'worker', password: 'длинная фраза-пароль 2026' });
    if (!made.ok) throw new Error('account not created');
    await probe.db.update(accounts).set({ staffMemberId: probe.vera.id }).where(eq(accounts.id, made.account.id));
    await probe.db.update(staffMembers).set({ specialisations: ['doctor'] }).where(eq(staffMembers.id, probe.vera.id));
    const d = { ...probe.bot, settings: { ...probe.bot.settings, duty: allWeek([{ name: 'Вера', accountId: made.account.id }, { name: 'Не связан' }]) } };
    expect(await suggestWorker(d, 'рука опухла после укола, горячая')).toMatchObject({ person: { name: 'Вера' }, roles: ['doctor'], openCases: 0 });
  });
});
