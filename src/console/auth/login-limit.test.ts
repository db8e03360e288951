import { useFreshDatabases } from '../../../test/support/database.ts';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts } from '../../db/schema/index.ts';
import { testClock } from '../testing.ts';
import { isLocked, LOCK_MS, LoginLimiter, recordFailure, recordSuccess } from './login-limit.ts';

const testDatabase = useFreshDatabases();

describe('login limiter (in memory)', () => {
  it('locks a login after 5 failures for 15 minutes, whether or not it exists', () => {
    const clock = testClock();
    const limiter = new LoginLimiter({ now: clock.now });
    for (let i = 0; i < 4; i++) expect(limiter.fail('Nobody', '10.0.0.1')).toBe(false);
    expect(limiter.lockedUntil('nobody', '10.0.0.2')).toBeNull();
    expect(limiter.fail('nobody ', '10.0.0.1')).toBe(true);
    expect(limiter.lockedUntil('NOBODY', '10.0.0.9')?.getTime()).toBe(clock.now().getTime() + LOCK_MS);
    expect(limiter.lockedUntil('someone-else', '10.0.0.9')).toBeNull();
    clock.advance(LOCK_MS - 1);
    expect(limiter.lockedUntil('nobody', '10.0.0.9')).not.toBeNull();
    clock.advance(1);
    expect(limiter.lockedUntil('nobody', '10.0.0.9')).toBeNull();
    expect(limiter.fail('nobody', '10.0.0.9')).toBe(false); // a new count after the lock
  });

  it('forgets failures older than the window, and a success clears the login', () => {
    const clock = testClock();
    const limiter = new LoginLimiter({ now: clock.now });
    for (let i = 0; i < 4; i++) limiter.fail('anna', 'a');
    clock.advance(LOCK_MS + 1);
    expect(limiter.fail('anna', 'a')).toBe(false);
    for (let i = 0; i < 3; i++) limiter.fail('anna', 'a');
    limiter.succeed('anna');
    expect(limiter.fail('anna', 'a')).toBe(false);
  });

  it('locks an address that tries many logins', () => {
    const limiter = new LoginLimiter({ maxPerAddress: 20 });
    for (let i = 0; i < 19; i++) expect(limiter.fail(`user${i}`, '192.0.2.7')).toBe(false);
    expect(limiter.fail('user19', '192.0.2.7')).toBe(true);
    expect(limiter.lockedUntil('fresh-login', '192.0.2.7')).not.toBeNull();
    expect(limiter.lockedUntil('fresh-login', '192.0.2.8')).toBeNull();
  });
});

describe('stored lock-out', () => {
  it('counts failures on the account and locks it at the fifth', async () => {
    const d = await testDatabase();
    const [a] = await d.db.insert(accounts).values({ login: 'anna', displayName: 'Anna', role: 'worker', passwordHash: 'x' }).returning();
    const now = new Date('2026-03-02T10:00:00Z');
    for (let i = 0; i < 4; i++) expect(await recordFailure(d.db, a!.id, now)).toBeNull();
    expect(await recordFailure(d.db, a!.id, now)).toEqual(new Date(now.getTime() + LOCK_MS));
    let [row] = await d.db.select().from(accounts).where(eq(accounts.id, a!.id));
    expect(isLocked(row!, now)).toBe(true);
    expect(isLocked(row!, new Date(now.getTime() + LOCK_MS))).toBe(false);
    expect(row!.failedLogins).toBe(0);
    await recordFailure(d.db, a!.id, now);
    await recordSuccess(d.db, a!.id);
    [row] = await d.db.select().from(accounts).where(eq(accounts.id, a!.id));
    expect(row).toMatchObject({ failedLogins: 0, lockedUntil: null });
  });
});
