import { useFreshDatabases } from '../../../test/support/database.ts';
import { describe, expect, it } from 'vitest';
import { knownAddresses, loginThrottle } from '../../db/schema/index.ts';
import { testClock, testVault } from '../testing.ts';
import { createAccount } from './accounts.ts';
import { clearThrottle, delayAfter, isKnownAddress, KNOWN_ADDRESSES, rememberAddress, SignInThrottle, THROTTLE, throttleFacts, type Attempt } from './login-limit.ts';

const testDatabase = useFreshDatabases();

async function setUp() {
  const d = await testDatabase();
  const clock = testClock();
  return { db: d.db, clock, throttle: new SignInThrottle({ db: d.db, vault: testVault, now: clock.now }) };
}

const attempt = (address: string, opts: Partial<Attempt> = {}): Attempt => ({ login: 'anna', address, knownAddress: false, step: 'password', ...opts });

describe('delays', () => {
  it('grow by doubling after the free failures, up to a cap', () => {
    const rule = { free: 3, baseMs: 5_000, capMs: 60_000 };
    expect([0, 1, 2, 3, 4, 5, 6, 7, 50].map((f) => delayAfter(f, rule))).toEqual([0, 0, 0, 5_000, 10_000, 20_000, 40_000, 60_000, 60_000]);
    // The login-wide wait stays a few seconds however long the attack.
    expect(delayAfter(1_000_000, THROTTLE.login)).toBe(3_000);
  });
});

describe('the sign-in throttle', () => {
  it('holds back the pair that failed, not the login from elsewhere', async () => {
    const { throttle, clock } = await setUp();
    for (let i = 0; i < 2; i++) expect(await throttle.fail(attempt('10.0.0.1'))).toBeNull();
    const until = await throttle.fail(attempt('10.0.0.1'));
    expect(until?.getTime()).toBe(clock.now().getTime() + 5_000);
    const refused = await throttle.check(attempt('10.0.0.1'));
    expect(refused.refused).toMatchObject({ scope: 'pair', until, first: true });
    expect((await throttle.check(attempt('10.0.0.1'))).refused?.first).toBe(false); // audited once per block
    // The same login from another address, and another login from this one, go ahead.
    expect((await throttle.check(attempt('10.0.0.2'))).refused).toBeNull();
    expect((await throttle.check(attempt('10.0.0.1', { login: 'boris' }))).refused).toBeNull();
    // Case and spaces do not make another login.
    expect((await throttle.check(attempt('10.0.0.1', { login: ' ANNA' }))).refused).not.toBeNull();
    clock.advance(5_000);
    expect((await throttle.check(attempt('10.0.0.1'))).refused).toBeNull();
    expect((await throttle.fail(attempt('10.0.0.1')))?.getTime()).toBe(clock.now().getTime() + 10_000); // doubled
  });

  it('an attack from many addresses only slows the login a little, and never blocks it', async () => {
    const { throttle } = await setUp();
    for (let a = 1; a <= 50; a++) for (let i = 0; i < 3; i++) await throttle.fail(attempt(`10.0.${a}.1`));
    const owner = await throttle.check(attempt('192.0.2.7'));
    expect(owner.refused).toBeNull();
    expect(owner.delayMs).toBe(THROTTLE.login.capMs);
    // From an address the account has signed in from, not even that.
    expect(await throttle.check(attempt('192.0.2.8', { knownAddress: true }))).toEqual({ refused: null, delayMs: 0 });
  });

  it('holds back an address guessing many logins, except for an account that knows it', async () => {
    const { throttle } = await setUp();
    for (let i = 0; i < THROTTLE.address.free; i++) await throttle.fail(attempt('10.0.0.1', { login: `user${i}` }));
    expect((await throttle.check(attempt('10.0.0.1', { login: 'new-one' }))).refused?.scope).toBe('address');
    expect((await throttle.check(attempt('10.0.0.1', { login: 'new-one', knownAddress: true }))).refused).toBeNull();
  });

  it('refuses the second factor after a few wrong codes, except from a known address', async () => {
    const { throttle } = await setUp();
    for (let i = 0; i < THROTTLE.code.free; i++) await throttle.fail(attempt(`10.0.${i}.1`, { step: 'code' }));
    expect((await throttle.check(attempt('10.0.9.1', { step: 'code' }))).refused?.scope).toBe('code');
    expect((await throttle.check(attempt('10.0.9.1', { step: 'code', knownAddress: true }))).refused).toBeNull();
    // The password step of the same login is not refused.
    expect((await throttle.check(attempt('10.0.9.1'))).refused).toBeNull();
  });

  it('a full sign-in clears its pair; counts start over an hour after the last failure', async () => {
    const { throttle, clock } = await setUp();
    for (let i = 0; i < 3; i++) await throttle.fail(attempt('10.0.0.1'));
    await throttle.succeed({ login: 'anna', address: '10.0.0.1' });
    expect((await throttle.check(attempt('10.0.0.1'))).refused).toBeNull();
    for (let i = 0; i < 3; i++) await throttle.fail(attempt('10.0.0.2'));
    clock.advance(THROTTLE.resetMs);
    expect(await throttle.fail(attempt('10.0.0.2'))).toBeNull(); // the first of a new count
  });

  it('stores neither logins nor addresses in clear; an admin clears a login', async () => {
    const { db, throttle, clock } = await setUp();
    for (let i = 0; i < 4; i++) await throttle.fail(attempt('10.0.0.1'));
    await throttle.fail(attempt('10.0.0.1', { login: 'boris' }));
    const stored = JSON.stringify(await db.select().from(loginThrottle));
    expect(stored).not.toMatch(/anna|boris|10\.0\.0\.1/);
    const facts = await throttleFacts(db, testVault, ['anna', 'boris', 'nobody'], clock.now());
    expect(facts.get('anna')).toEqual({ failures: 4, blockedUntil: new Date(clock.now().getTime() + 10_000) });
    expect(facts.get('boris')).toEqual({ failures: 1, blockedUntil: null });
    expect(facts.has('nobody')).toBe(false);
    expect(await clearThrottle(db, testVault, 'ANNA')).toBe(2); // its pair and its login-wide count
    expect((await throttle.check(attempt('10.0.0.1'))).refused).toBeNull();
    expect((await throttleFacts(db, testVault, ['anna'], clock.now())).has('anna')).toBe(false);
  });
});

describe('known addresses', () => {
  it('are remembered per account as keyed hashes, the most recent twenty', async () => {
    const { db, clock } = await setUp();
    const created = await createAccount(db, { login: 'anna', displayName: 'Anna', role: 'worker', password: 'a long enough passphrase' });
    if (!created.ok) throw new Error('no account');
    const id = created.account.id;
    expect(await isKnownAddress(db, testVault, id, '192.0.2.7')).toBe(false);
    await rememberAddress(db, testVault, id, '192.0.2.7', clock.now());
    expect(await isKnownAddress(db, testVault, id, '192.0.2.7')).toBe(true);
    expect(await isKnownAddress(db, testVault, id, '192.0.2.8')).toBe(false);
    expect(JSON.stringify(await db.select().from(knownAddresses))).not.toContain('192.0.2.7');
    for (let i = 0; i < KNOWN_ADDRESSES; i++) {
      clock.advance(1000);
      await rememberAddress(db, testVault, id, `198.51.100.${i}`, clock.now());
    }
    expect(await db.select().from(knownAddresses)).toHaveLength(KNOWN_ADDRESSES);
    expect(await isKnownAddress(db, testVault, id, '192.0.2.7')).toBe(false); // the oldest went
  });
});
