import { Hono } from 'hono';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { useFreshDatabases } from '../../../test/support/database.ts';
import { staffMembers } from '../../db/schema/index.ts';
import { createLogger } from '../../log.ts';
import { createConsoleApp } from '../app.tsx';
import { redeemLinkCode } from '../auth/link.ts';
import { signedIn, testClock, testVault } from '../testing.ts';

const testDatabase = useFreshDatabases();

describe('console: linking to the staff group', () => {
  it('gives a signed-in worker a one-time /link code that links the account once', async () => {
    const d = await testDatabase();
    const clock = testClock();
    const log = createLogger(new Writable({ write: (_c, _e, done) => done() }));
    const app = new Hono().route('/console', createConsoleApp({ db: d.db, vault: testVault, log, now: clock.now }));
    const { browser } = await signedIn(app, d.db, clock, 'vera', 'worker');

    const page = await browser.get('/console/link');
    expect(page.status).toBe(200);
    expect(browser.html, browser.html.slice(-1500)).toMatch(/пока не связана|not linked/);
    const refused = await browser.post('/console/link', { _csrf: 'forged' });
    expect(refused.status).toBe(403);
    await browser.get('/console/link');
    await browser.post('/console/link');
    const code = /\/link ([2-9A-Z]{8})/.exec(browser.html)?.[1];
    expect(code).toBeDefined();

    const [member] = await d.db.insert(staffMembers).values({ tgHash: 'h', userSealed: 's' }).returning();
    expect(await redeemLinkCode(d.db, testVault, code!, member!.id, clock.now())).toMatchObject({ displayName: 'Name vera' });
    expect(await redeemLinkCode(d.db, testVault, code!, member!.id, clock.now())).toBeUndefined();
    await browser.get('/console/link');
    expect(browser.html).toMatch(/связана с вашим аккаунтом|is linked/);

    // Codes expire.
    await browser.post('/console/link');
    const late = /\/link ([2-9A-Z]{8})/.exec(browser.html)![1]!;
    clock.advance(16 * 60_000);
    expect(await redeemLinkCode(d.db, testVault, late, member!.id, clock.now())).toBeUndefined();
  });
});
