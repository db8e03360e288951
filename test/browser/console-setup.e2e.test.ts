import { describe, expect, it } from 'vitest';
import { setUpFirstAdmin, useBrowserSandbox } from './browser.ts';

const sandbox = useBrowserSandbox();

describe('the console in a browser', () => {
  it('sets up the first admin with a second factor, on a phone-sized screen', async () => {
    const page = await sandbox.browser.newPage({ viewport: { width: 360, height: 740 } });
    // An admin must enrol a second factor before anything else: the helper goes through both.
    await setUpFirstAdmin(page, sandbox.setupLink);
    expect(await page.textContent('body')).toMatch(/Координатор/);
    // Nothing overflows a 360-px screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // The one-time link is spent.
    const again = await page.goto(sandbox.setupLink);
    expect(await again!.text()).not.toMatch(/id="password2"/);
    await page.close();
  });

  it('shows the start page without scripts', async () => {
    const context = await sandbox.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(sandbox.address);
    expect(await page.getAttribute('#mode', 'data-mode')).toBe('sandbox');
    await context.close();
  });
});
