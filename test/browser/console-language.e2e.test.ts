import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createAccount } from '../../src/console/auth/accounts.ts';
import { useBrowserSandbox } from './browser.ts';

/**
 * The language switch in the signed-in header, in a browser with scripts off: on a wide screen in
 * the row of links, on a phone inside the menu. With SCREENSHOTS=<prefix> it saves what it saw.
 */
const PASSWORD = 'длинная фраза-пароль 2026';
const SHOTS = process.env.SCREENSHOTS;

const sandbox = useBrowserSandbox({
  prepare: async ({ db }) => {
    // A worker needs no second factor: the password alone signs in.
    const made = await createAccount(db, { login: 'vera', displayName: 'Вера Работница', role: 'worker', password: PASSWORD });
    if (!made.ok) throw new Error(made.problems.join());
  },
});

async function signIn(page: Page): Promise<void> {
  await page.goto(`${sandbox.address}/console/login`);
  await page.locator('#login').fill('vera');
  await page.locator('#password').fill(PASSWORD);
  await page.locator('#password').press('Enter');
  await page.waitForURL(/\/console$/);
}

const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}-${name}.png`, fullPage: false });
};

describe('the console in the other language, from the header', () => {
  it('switches on a wide screen and on a phone, without scripts, and comes back to the same page', async () => {
    for (const [width, height, name] of [
      [1280, 800, 'wide'],
      [360, 740, 'phone'],
    ] as const) {
      const context = await sandbox.browser.newContext({ viewport: { width, height }, javaScriptEnabled: false });
      const page = await context.newPage();
      await signIn(page);
      await page.goto(`${sandbox.address}/console/clients?q=ZZZZ`);
      expect(await page.getAttribute('html', 'lang')).toBe('ru');
      if (name === 'phone') await page.locator('details.menu summary').click();
      await shot(page, `${name}-ru`);
      const english = page.getByRole('button', { name: 'English' });
      expect(await english.count()).toBeGreaterThan(0);
      await english.locator('visible=true').first().click();
      await page.waitForLoadState();
      // The same page, now in English, the search kept.
      expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/console/clients?q=ZZZZ');
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(await page.locator('h1').textContent()).toBe('Clients');
      if (name === 'phone') await page.locator('details.menu summary').click();
      await shot(page, `${name}-en`);
      // And back to Russian.
      await page.getByRole('button', { name: 'Русский' }).locator('visible=true').first().click();
      await page.waitForLoadState();
      expect(await page.getAttribute('html', 'lang')).toBe('ru');
      expect(await page.locator('h1').textContent()).toBe('Клиенты');
      await context.close();
    }
  }, 120_000);
});
