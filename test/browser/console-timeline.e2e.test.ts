import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/spawn.ts';
import { clientWrites, setUpFirstAdmin, useBrowserSandbox } from './browser.ts';

/**
 * An overdose conversation played in the simulator, then read in the console: the case's timeline
 * shows the bot's steps folded, what the client tapped, and their words, in order, on a phone and
 * on a desktop screen. With UPDATE_SCREENSHOTS=1 it writes the README's timeline screenshots.
 */
const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? join(ROOT, 'docs', 'screenshots') : process.env.SHOTS_DIR;
const sandbox = useBrowserSandbox();

describe('the case timeline in the console', () => {
  it('shows an overdose conversation as it happened: steps, taps and words', async () => {
    const sim = await clientWrites(sandbox, 'Лена', 'он не дышит, губы синие');
    await sim.getByRole('button', { name: 'Опиоиды' }).last().click();
    await sim.getByRole('button', { name: /Не дышит/ }).last().click();
    await sim.getByLabel('Сообщение').fill('скорая приехала');
    await sim.getByRole('button', { name: 'Отправить', exact: true }).click();
    await sim.context().close();

    const page = await sandbox.browser.newPage({ viewport: { width: 360, height: 740 }, locale: 'ru-RU' });
    await setUpFirstAdmin(page, sandbox.setupLink);
    await page.goto(`${sandbox.address}/console`);
    await page.locator('li[data-case] a').first().click();
    for (const viewport of [{ width: 360, height: 740 }, { width: 1280, height: 800 }]) {
      await page.setViewportSize(viewport);
      await page.reload();
      const timeline = page.locator('#transcript');
      await expect.poll(() => timeline.innerText(), { timeout: 15_000 }).toContain('скорая приехала');
      const text = await timeline.innerText();
      const order = ['он не дышит', 'Что было принято', 'Клиент нажал: «Опиоиды»', 'Клиент нажал: «❌ Не дышит»', 'Клиент · ', 'Ответ клиента словами: помощь приехала', 'Напоминания остановлены'].map((x, n) => (n === 4 ? text.lastIndexOf(x) : text.indexOf(x)));
      expect(order, text).toEqual([...order].sort((a, b) => a - b));
      expect(order.every((i) => i >= 0), text).toBe(true);
      // Emergency steps are folded until opened.
      expect(await page.locator('li.msg.bot details.fold[open]').count()).toBe(0);
      expect(await page.locator('li.msg.bot details.fold').count()).toBeGreaterThan(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1)).toBe(true);
      if (SHOTS) {
        await page.evaluate(() => document.getElementById('transcript-title')!.scrollIntoView());
        await page.screenshot({ path: join(SHOTS, `console-timeline-${viewport.width}.png`) });
        if (process.env.SHOTS_DIR) await page.screenshot({ path: join(SHOTS, `console-timeline-${viewport.width}-full.png`), fullPage: true });
      }
    }
    await page.close();
  });
});
