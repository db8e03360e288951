import { useFreshDatabases } from '../../../test/support/database.ts';
import { describe, expect, it } from 'vitest';
import { oneTimeTokens } from '../../db/schema/index.ts';
import { testVault } from '../testing.ts';
import { completeSetup, createAdmin, ensureSetupLink, isSetupTokenValid, SETUP_TTL_MS } from './setup.ts';

const testDatabase = useFreshDatabases();

const admin = { login: 'admin', displayName: 'Admin', password: 'a long enough passphrase' };
const tokenOf = (url: string) => url.split('/').pop()!;

describe('first-admin setup', () => {
  it('issues a one-time link while there are no accounts, replacing the earlier one', async () => {
    const d = await testDatabase();
    const now = new Date('2026-03-02T10:00:00Z');
    const first = await ensureSetupLink(d.db, testVault, 'http://127.0.0.1:3000/', now);
    expect(first).toMatch(/^http:\/\/127\.0\.0\.1:3000\/console\/setup\/[A-Za-z0-9_-]{43}$/);
    const second = (await ensureSetupLink(d.db, testVault, 'http://127.0.0.1:3000', now))!;
    expect(await isSetupTokenValid(d.db, testVault, tokenOf(first!), now)).toBe(false);
    expect(await isSetupTokenValid(d.db, testVault, tokenOf(second), now)).toBe(true);
    expect(JSON.stringify(await d.db.select().from(oneTimeTokens))).not.toContain(tokenOf(second));
    expect(await isSetupTokenValid(d.db, testVault, tokenOf(second), new Date(now.getTime() + SETUP_TTL_MS))).toBe(false);
  });

  it('creates the first admin once; then no more links', async () => {
    const d = await testDatabase();
    const now = new Date('2026-03-02T10:00:00Z');
    const token = tokenOf((await ensureSetupLink(d.db, testVault, 'http://x', now))!);
    expect(await completeSetup(d.db, testVault, token, { ...admin, password: 'short' }, now)).toEqual({ ok: false, problems: ['too-short'] });
    const [a, b] = await Promise.all([
      completeSetup(d.db, testVault, token, admin, now),
      completeSetup(d.db, testVault, token, { ...admin, login: 'intruder' }, now),
    ]);
    expect([a!.ok, b!.ok].filter(Boolean)).toHaveLength(1);
    const done = a!.ok ? a! : b!;
    if (!done.ok) throw new Error('unreachable');
    expect(done.account.role).toBe('admin');
    expect(await completeSetup(d.db, testVault, token, { ...admin, login: 'again' }, now)).toEqual({ ok: false, problems: ['link-invalid'] });
    expect(await ensureSetupLink(d.db, testVault, 'http://x', now)).toBeNull();
  });

  it('creates admins from the command line', async () => {
    const d = await testDatabase();
    const created = await createAdmin(d.db, admin);
    expect(created.ok && created.account.role).toBe('admin');
    expect(await createAdmin(d.db, admin)).toEqual({ ok: false, problems: ['login-taken'] });
  });
});
