import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/spawn.ts';
import { clientWrites, setUpFirstAdmin, useBrowserSandbox } from './browser.ts';

/**
 * Every main page of the console on a 360-px phone screen: nothing wider than the screen, a
 * heading, a language, and a name for every field a screen reader lands on. With
 * UPDATE_SCREENSHOTS=1 it also writes the README's screenshots (docs/screenshots/console-*.png).
 */
const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? join(ROOT, 'docs', 'screenshots') : undefined;
/** The pages the README shows. */
const README_PAGES = new Set(['kb-article', 'settings-duty']);

const sandbox = useBrowserSandbox();
beforeAll(() => {
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
});

/** What a phone user and a screen reader need of any page; returns the problems found. */
async function pageProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width + 1) {
      const wide = [...document.querySelectorAll<HTMLElement>('main *')].filter((e) => e.getBoundingClientRect().right > width + 1).slice(0, 3);
      problems.push(`wider than the screen (${document.documentElement.scrollWidth} > ${width}): ${wide.map((e) => e.tagName + (e.id ? '#' + e.id : '')).join(', ')}`);
    }
    if (!document.documentElement.lang) problems.push('no lang on <html>');
    if (!document.querySelector('h1')) problems.push('no <h1>');
    for (const el of document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('input, select, textarea')) {
      if (el instanceof HTMLInputElement && ['hidden', 'submit', 'button'].includes(el.type)) continue;
      const named = (el.labels?.length ?? 0) > 0 || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.title;
      if (!named) problems.push(`a field without a label: ${el.tagName.toLowerCase()}[name=${el.getAttribute('name')}]`);
    }
    return problems;
  });
}

describe('the console on a phone', () => {
  it('shows every main page readable at 360 px, with labelled fields', async () => {
    for (const [name, text] of [['Ольга', 'у меня абсцесс на руке, что делать'], ['Миша', 'где взять налоксон в городе']] as const) {
      await (await clientWrites(sandbox, name, text)).context().close();
    }

    const page = await sandbox.browser.newPage({ viewport: { width: 360, height: 780 }, locale: 'ru-RU' });
    await setUpFirstAdmin(page, sandbox.setupLink);
    await page.waitForSelector('li[data-case]', { timeout: 15_000 });

    const visited: string[] = [];
    const visit = async (name: string, path: string) => {
      await page.goto(path.startsWith('http') ? path : `${sandbox.address}${path}`);
      expect(await pageProblems(page), `${name}: ${page.url()}`).toEqual([]);
      visited.push(name);
      if (SHOTS && README_PAGES.has(name)) await page.screenshot({ path: join(SHOTS, `console-${name}.png`), fullPage: false });
    };
    const firstLink = async (selector: string) => {
      const href = await page.locator(selector).first().getAttribute('href');
      expect(href, selector).toBeTruthy();
      return new URL(href!, page.url()).href;
    };

    await visit('inbox', '/console');
    await visit('case', await firstLink('li[data-case] a'));
    await visit('clients', '/console/clients');
    await visit('client', await firstLink('main a[href*="/console/clients/"]'));
    await visit('kb', '/console/kb');
    await visit('kb-article', `/console/kb/naloxone/ru`);
    await visit('kb-new', '/console/kb/new');
    await visit('settings', '/console/settings');
    const sections = await page.locator('main a[href*="/console/settings/"]').evaluateAll((links) => [...new Set(links.map((a) => (a as HTMLAnchorElement).href))]);
    expect(sections.length).toBeGreaterThanOrEqual(6);
    for (const href of sections) await visit(`settings-${href.split('/').pop()}`, href);
    await visit('staff', '/console/staff');
    await visit('audit', '/console/audit');
    await visit('delivery', '/console/delivery');
    await visit('community', '/console/community');
    await visit('community-log', '/console/community/log');
    await visit('community-figures', '/console/community/figures');
    await visit('reports', '/console/reports');
    expect(visited.length).toBeGreaterThanOrEqual(16);
  });
});
