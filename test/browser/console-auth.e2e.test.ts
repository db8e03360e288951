import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { totp } from '../../src/console/auth/totp.ts';
import { useBrowserSandbox } from './browser.ts';

/**
 * Sign-in in a real browser against the system as `npm start` runs it, behind a "proxy" on this
 * machine (TRUSTED_PROXIES=127.0.0.1: Chromium connects from there, and each context says which
 * client address it stands for with X-Forwarded-For). Screenshots go to /tmp/netreach-auth-shots.
 */

const sandbox = useBrowserSandbox({ env: { TRUSTED_PROXIES: '127.0.0.1' } });
const SHOTS = '/tmp/netreach-auth-shots';
const PASSWORD = 'длинная фраза-пароль 2026';
const SIZES = [
  { width: 360, height: 740 },
  { width: 1280, height: 800 },
];

/** What the first test leaves for the next: the account's key and its recovery codes. */
const state: { secret: string; codes: string[]; lastStep: number } = { secret: '', codes: [], lastStep: 0 };

async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `${SHOTS}/${name}-${size.width}.png`, fullPage: true });
    // Nothing runs off the side.
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${size.width}`).toBeLessThanOrEqual(size.width);
  }
  await page.setViewportSize(SIZES[0]!);
}

/** A browser context standing for a client at `address`, as the proxy would forward it. */
async function from(browser: Browser, address: string): Promise<Page> {
  const context = await browser.newContext({ viewport: SIZES[0], extraHTTPHeaders: { 'X-Forwarded-For': address } });
  return context.newPage();
}

/** A code from the app not used yet (each time step is accepted once). */
function freshCode(): string {
  const step = Math.max(Math.floor(Date.now() / 30_000), state.lastStep + 1);
  state.lastStep = step;
  return totp(state.secret, step * 30_000);
}

const textOf = async (page: Page, selector: string) => ((await page.locator(selector).textContent()) ?? '').replace(/\s+/g, ' ');

async function password(page: Page, login: string, pass: string): Promise<void> {
  await page.goto(`${sandbox.address}/console/login`);
  await page.locator('#login').fill(login);
  await page.locator('#password').fill(pass);
  await page.getByRole('button', { name: 'Войти' }).click();
}

describe('signing in to the console in a browser', () => {
  it('sets up a second factor from the QR code page, shows ten recovery codes, and takes one of them once', { timeout: 120_000 }, async () => {
    const page = await from(sandbox.browser, '198.51.100.10');
    // Before there is any account, the login page tells the installer where the setup link is.
    await page.goto(`${sandbox.address}/console/login`);
    const hint = await textOf(page, '#setup-hint');
    expect(hint).toContain('create the first admin at');
    expect(hint).toContain('npm run netreach -- admin create');
    await shoot(page, 'login-no-account');

    await page.goto(sandbox.setupLink);
    await page.getByLabel(/Логин/).fill('coordinator');
    await page.getByLabel(/Имя/).fill('Координатор');
    await page.locator('#password').fill(PASSWORD);
    await page.locator('#password2').fill(PASSWORD);
    await page.getByRole('button').first().click();

    // The enrolment page: a QR code drawn into the page, the key in groups of four, each on one line.
    const qr = page.locator('#totp-qr svg');
    await qr.waitFor();
    const box = (await qr.boundingBox())!;
    expect(Math.abs(box.width - box.height)).toBeLessThan(2);
    expect(box.width).toBeGreaterThanOrEqual(150);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      const groups = await page.locator('#totp-secret .group').evaluateAll((els) => els.map((e) => ({ text: e.textContent, lines: e.getClientRects().length })));
      expect(groups).toHaveLength(8);
      for (const g of groups) expect(g).toEqual({ text: expect.stringMatching(/^[A-Z2-7]{4}$/), lines: 1 });
    }
    await page.setViewportSize(SIZES[0]!);
    // For people who cannot scan: the link itself, folded away; it is what the QR code holds.
    await page.getByText('Не получается отсканировать?').click();
    const uri = (await page.locator('#totp-uri').textContent())!.trim();
    expect(await page.locator('#totp-qr').getAttribute('data-otpauth')).toBe(uri);
    const parsed = new URL(uri);
    expect(parsed.protocol).toBe('otpauth:');
    state.secret = parsed.searchParams.get('secret')!;
    expect((await page.locator('#totp-secret').textContent())!.replace(/\s/g, '')).toBe(state.secret);
    await shoot(page, 'enrol');

    await page.locator('#code').fill(freshCode());
    await page.locator('#code').press('Enter');

    // Ten recovery codes, once.
    await page.getByRole('heading', { name: 'Коды восстановления' }).waitFor();
    expect(await textOf(page, 'main')).toContain('показываются только один раз');
    state.codes = (await page.locator('#recovery-codes li').allTextContents()).map((c) => c.trim());
    expect(state.codes).toHaveLength(10);
    for (const c of state.codes) expect(c).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}$/);
    await shoot(page, 'recovery-codes');
    await page.locator('#recovery-continue').click();
    await page.waitForURL(/\/console$/);
    await page.context().close();

    // Another day (a new browser, same place): in again with a recovery code in place of the app's.
    const later = await from(sandbox.browser, '198.51.100.10');
    await later.goto(`${sandbox.address}/console/login`);
    expect(await later.locator('#setup-hint').count()).toBe(0);
    await shoot(later, 'login');
    await password(later, 'coordinator', PASSWORD);
    await later.waitForURL(/\/console\/login\/totp$/);
    await later.getByText('Нет телефона под рукой?').click();
    await shoot(later, 'totp-with-recovery');
    await later.locator('#recovery-code').fill(state.codes[0]!);
    await later.getByRole('button', { name: 'Войти с кодом восстановления' }).click();
    expect(await later.locator('#recovery-left').getAttribute('data-left')).toBe('9');
    expect(await textOf(later, '#recovery-left')).toContain('Осталось кодов: 9');
    await shoot(later, 'recovery-used');
    await later.getByRole('link', { name: 'Продолжить' }).click();
    await later.waitForURL(/\/console$/);
    await later.context().close();

    // The same code a second time: refused, and the page says so.
    const again = await from(sandbox.browser, '198.51.100.10');
    await password(again, 'coordinator', PASSWORD);
    await again.getByText('Нет телефона под рукой?').click();
    await again.locator('#recovery-code').fill(state.codes[0]!);
    await again.getByRole('button', { name: 'Войти с кодом восстановления' }).click();
    expect(await textOf(again, '#recovery-errors')).toContain('не подошёл или уже использован');
    expect(again.url()).toMatch(/\/console\/login\/recovery$/);
    await shoot(again, 'recovery-refused');
    await again.context().close();
  });

  it('a login attacked with wrong passwords from five addresses still lets its owner in from a sixth, at most briefly delayed', { timeout: 180_000 }, async () => {
    for (let n = 1; n <= 5; n++) {
      const attacker = await from(sandbox.browser, `203.0.113.${n}`);
      // Wrong passwords until this address is held back (the third failure starts a wait).
      let tries = 0;
      do await password(attacker, 'coordinator', `неверный пароль ${n}-${++tries}`);
      while (!(await textOf(attacker, '#form-errors')).includes('Слишком много неудачных попыток') && tries < 8);
      expect(await textOf(attacker, '#form-errors')).toContain('Слишком много неудачных попыток войти под этим логином с вашего адреса');
      if (n === 5) await shoot(attacker, 'login-throttled');
      await attacker.context().close();
    }

    const owner = await from(sandbox.browser, '192.0.2.66');
    const started = Date.now();
    await password(owner, 'coordinator', PASSWORD);
    await owner.waitForURL(/\/console\/login\/totp$/);
    expect(Date.now() - started).toBeLessThan(8_000); // the login-wide wait is 3 s at most
    await owner.locator('#code').fill(freshCode());
    await owner.locator('#code').press('Enter');
    await owner.waitForURL(/\/console$/);

    // The failed sign-ins are in the audit log, under the account, without any address.
    await owner.goto(`${sandbox.address}/console/audit?action=login.failed`);
    const failed = await owner.locator('#audit-entries tbody tr').allTextContents();
    expect(failed.length).toBeGreaterThanOrEqual(15);
    for (const row of failed) expect(row).toMatch(/login\.failed|Неудачный вход/);
    expect(failed.every((r) => r.includes('Координатор'))).toBe(true);
    expect(await textOf(owner, 'main')).not.toMatch(/203\.0\.113|192\.0\.2|198\.51\.100/);
    await owner.goto(`${sandbox.address}/console/audit?action=login.throttled`);
    const throttled = await owner.locator('#audit-entries tbody tr').allTextContents();
    expect(throttled).toHaveLength(5); // the first refusal of each address's hold-back, once

    await shoot(owner, 'audit-failed');
    await owner.context().close();
  });
});
