import { useFreshDatabases } from '../../../test/support/database.ts';
import { describe, expect, it } from 'vitest';
import { testVault } from '../testing.ts';
import { checkNewAccount, checkTotp, confirmTotpEnrolment, createAccount, findAccountByLogin, getAccount, needsTotpEnrolment, openTotpSecret, pendingTotpSecret } from './accounts.ts';
import { verifyPassword } from './password.ts';
import { totp, UsedCodes } from './totp.ts';

const testDatabase = useFreshDatabases();

const anna = { login: 'Anna.K', displayName: ' Анна К. ', role: 'worker' as const, password: 'a long enough passphrase' };

describe('accounts', () => {
  it('checks the fields of a new account', () => {
    expect(checkNewAccount(anna)).toEqual([]);
    expect(checkNewAccount({ ...anna, login: 'a b' })).toEqual(['login-invalid']);
    expect(checkNewAccount({ ...anna, displayName: '  ' })).toEqual(['display-name-invalid']);
    expect(checkNewAccount({ ...anna, role: 'root' as never })).toEqual(['role-invalid']);
    expect(checkNewAccount({ ...anna, password: 'short' })).toEqual(['too-short']);
    expect(checkNewAccount({ ...anna, login: 'longenoughlogin', password: 'LongEnoughLogin' })).toEqual(['same-as-login']);
  });

  it('creates an account with a lower-case login and an Argon2id hash, once per login', async () => {
    const d = await testDatabase();
    const created = await createAccount(d.db, anna);
    if (!created.ok) throw new Error(created.problems.join());
    expect(created.account).toMatchObject({ login: 'anna.k', displayName: 'Анна К.', role: 'worker', locale: 'ru', totpEnabledAt: null });
    expect(await verifyPassword(created.account.passwordHash, anna.password)).toBe(true);
    expect((await findAccountByLogin(d.db, ' ANNA.K '))?.id).toBe(created.account.id);
    expect(await createAccount(d.db, { ...anna, login: 'anna.K' })).toEqual({ ok: false, problems: ['login-taken'] });
    expect(await createAccount(d.db, { ...anna, password: 'x' })).toEqual({ ok: false, problems: ['too-short'] });
  });

  it('enrols TOTP: a sealed pending secret, enabled by a correct code, then required at sign-in', async () => {
    const d = await testDatabase();
    const created = await createAccount(d.db, { ...anna, login: 'boss', role: 'admin' });
    if (!created.ok) throw new Error('not created');
    const account = created.account;
    expect(needsTotpEnrolment(account)).toBe(true);
    const secret = await pendingTotpSecret(d.db, testVault, account);
    expect(await pendingTotpSecret(d.db, testVault, (await getAccount(d.db, account.id))!)).toBe(secret); // stable across reloads
    const stored = (await getAccount(d.db, account.id))!;
    expect(stored.totpSecretSealed).not.toContain(secret);
    expect(openTotpSecret(testVault, stored)).toBe(secret);

    const now = new Date('2026-03-02T10:00:00Z');
    const used = new UsedCodes();
    expect(await confirmTotpEnrolment(d.db, testVault, stored, '000000', now, used)).toBe(false);
    expect(await confirmTotpEnrolment(d.db, testVault, stored, totp(secret, now.getTime()), now, used)).toBe(true);
    const enabled = (await getAccount(d.db, account.id))!;
    expect(enabled.totpEnabledAt).toEqual(now);
    expect(needsTotpEnrolment(enabled)).toBe(false);
    await expect(pendingTotpSecret(d.db, testVault, enabled)).rejects.toThrow();

    const later = new Date(now.getTime() + 60_000);
    const code = totp(secret, later.getTime());
    expect(checkTotp(testVault, enabled, code, later, used)).toBe(true);
    expect(checkTotp(testVault, enabled, code, later, used)).toBe(false); // no reuse
  });

  it('needs TOTP for admin and coordinator only', () => {
    expect(needsTotpEnrolment({ role: 'admin', totpEnabledAt: null })).toBe(true);
    expect(needsTotpEnrolment({ role: 'coordinator', totpEnabledAt: null })).toBe(true);
    expect(needsTotpEnrolment({ role: 'worker', totpEnabledAt: null })).toBe(false);
    expect(needsTotpEnrolment({ role: 'admin', totpEnabledAt: new Date() })).toBe(false);
  });
});
