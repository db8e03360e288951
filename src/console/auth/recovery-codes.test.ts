import { useFreshDatabases } from '../../../test/support/database.ts';
import { describe, expect, it } from 'vitest';
import { recoveryCodes } from '../../db/schema/index.ts';
import { testClock, testVault } from '../testing.ts';
import { resetSecondFactor } from './account-changes.ts';
import { createAccount } from './accounts.ts';
import { generateRecoveryCode, issueRecoveryCodes, normaliseRecoveryCode, RECOVERY_CODE_COUNT, recoveryCodesLeft, useRecoveryCode } from './recovery-codes.ts';

const testDatabase = useFreshDatabases();

async function setUp() {
  const d = await testDatabase();
  const clock = testClock();
  const make = async (login: string) => {
    const r = await createAccount(d.db, { login, displayName: login, role: 'admin', password: 'a long enough passphrase' });
    if (!r.ok) throw new Error(r.problems.join());
    return r.account;
  };
  return { db: d.db, clock, anna: await make('anna'), boris: await make('boris') };
}

describe('recovery codes', () => {
  it('are readable: xxxx-xxxx without look-alike characters', () => {
    for (let i = 0; i < 200; i++) expect(generateRecoveryCode()).toMatch(/^[2-9a-hjkmnp-z]{4}-[2-9a-hjkmnp-z]{4}$/);
    expect(normaliseRecoveryCode(' AB2C-d3EF ')).toBe('ab2cd3ef');
    expect(normaliseRecoveryCode('ab2c d3ef')).toBe('ab2cd3ef');
    expect(normaliseRecoveryCode('ab2c-d3e')).toBeNull();
    expect(normaliseRecoveryCode('ab1c-d3ef')).toBeNull(); // 1 is never in a code
    expect(normaliseRecoveryCode('123456')).toBeNull();
  });

  it('are stored as hashes only, each works once and for its own account only', async () => {
    const { db, clock, anna, boris } = await setUp();
    const codes = await issueRecoveryCodes(db, testVault, anna.id, clock.now());
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    const stored = JSON.stringify(await db.select().from(recoveryCodes));
    for (const c of codes) expect(stored).not.toContain(normaliseRecoveryCode(c)!);
    expect(await useRecoveryCode(db, testVault, boris.id, codes[0]!, clock.now())).toEqual({ ok: false });
    expect(await useRecoveryCode(db, testVault, anna.id, codes[0]!, clock.now())).toEqual({ ok: true, left: 9 });
    expect(await useRecoveryCode(db, testVault, anna.id, codes[0]!, clock.now())).toEqual({ ok: false });
    expect(await useRecoveryCode(db, testVault, anna.id, 'not a code', clock.now())).toEqual({ ok: false });
    // Two requests with the same code at once: one spends it.
    const both = await Promise.all([useRecoveryCode(db, testVault, anna.id, codes[1]!, clock.now()), useRecoveryCode(db, testVault, anna.id, codes[1]!, clock.now())]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect((await recoveryCodesLeft(db, [anna.id, boris.id])).get(anna.id)).toBe(8);
    expect((await recoveryCodesLeft(db, [boris.id])).has(boris.id)).toBe(false);
  });

  it('a new set replaces the old; resetting the second factor removes them', async () => {
    const { db, clock, anna } = await setUp();
    const first = await issueRecoveryCodes(db, testVault, anna.id, clock.now());
    const second = await issueRecoveryCodes(db, testVault, anna.id, clock.now());
    expect((await useRecoveryCode(db, testVault, anna.id, first[0]!, clock.now())).ok).toBe(false);
    expect((await useRecoveryCode(db, testVault, anna.id, second[0]!, clock.now())).ok).toBe(true);
    await createAccount(db, { login: 'other-admin', displayName: 'Other', role: 'admin', password: 'a long enough passphrase' });
    expect((await resetSecondFactor(db, anna.id)).ok).toBe(true);
    expect(await recoveryCodesLeft(db, [anna.id])).toEqual(new Map());
  });
});
