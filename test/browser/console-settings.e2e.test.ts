import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { setUpFirstAdmin, useBrowserSandbox } from './browser.ts';

/**
 * The settings a coordinator finishes in minutes, on a phone with scripts off: every section's
 * page fits the screen's width and is at most three screens tall with the default data, a stop is
 * added by pasting a map link, a person on duty is chosen from the console's accounts, and every
 * save says so at the top of the screen. With SETTINGS_SHOTS=<dir> it also saves screenshots of
 * each page at 360×740 and 1280×800 there.
 */
const SHOTS = process.env.SETTINGS_SHOTS;
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };

const sandbox = useBrowserSandbox();
let phone: BrowserContext;
let page: Page;

beforeAll(async () => {
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  phone = await sandbox.browser.newContext({ javaScriptEnabled: false, viewport: PHONE, locale: 'ru-RU' });
  page = await phone.newPage();
  await setUpFirstAdmin(page, sandbox.setupLink);
});

/** Width and height of the page as laid out now. */
const size = (p: Page) => p.evaluate(() => ({ width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight, viewport: window.innerWidth }));

async function shoot(p: Page, name: string) {
  if (!SHOTS) return;
  await p.screenshot({ path: join(SHOTS, `${name}-360.png`), fullPage: true });
  const wide = await sandbox.browser.newPage({ viewport: DESKTOP, storageState: await phone.storageState() });
  await wide.goto(p.url());
  await wide.screenshot({ path: join(SHOTS, `${name}-1280.png`), fullPage: true });
  await wide.close();
}

/** The flash at the top of the screen: its text, and where it sits in the viewport. */
async function flash(p: Page) {
  const box = p.locator('#flash');
  await box.waitFor();
  return { text: (await box.locator('span').textContent())!.trim(), link: await box.locator('a').getAttribute('href').catch(() => null), top: (await box.boundingBox())!.y };
}

describe('settings on a phone, scripts off', () => {
  it('every section page fits 360 px and three screens; the index says what each holds', async () => {
    await page.goto(`${sandbox.address}/console/settings`);
    expect(await page.textContent('main')).toContain('Мобильные пункты');
    const links = await page.locator('main ul.sections a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(links.length).toBeGreaterThanOrEqual(10);
    const pages = [`${sandbox.address}/console/settings`, ...links, `${sandbox.address}/console/settings/mobile-units/units/0`, `${sandbox.address}/console/settings/mobile-units/units/0/stops/0`, `${sandbox.address}/console/settings/mobile-units/units/0/changes/new`, `${sandbox.address}/console/settings/duty/shifts/0`];
    const heights: Record<string, number> = {};
    for (const url of pages) {
      await page.goto(url);
      const { width, height, viewport } = await size(page);
      const name = url.replace(/^.*\/console\/settings\/?/, '') || 'index';
      heights[name] = height;
      expect(width, `${name}: no sideways scrolling`).toBeLessThanOrEqual(viewport);
      await shoot(page, `settings-${name.replace(/\//g, '-')}`);
    }
    console.log('settings page heights at 360×740:', JSON.stringify(heights));
    for (const [name, height] of Object.entries(heights)) expect(height, `${name}: at most three screens tall`).toBeLessThanOrEqual(3 * PHONE.height);
  }, 300_000);

  it('adds a stop by pasting a map link, sees the point with a link to openstreetmap.org, and the flash', async () => {
    await page.goto(`${sandbox.address}/console/settings/mobile-units`);
    await page.getByRole('link', { name: /Изменить: Автобус 1/ }).click();
    const form = page.locator('#add-stops');
    await form.getByLabel('Адрес (рус.)').fill('Ладожский вокзал');
    await form.getByLabel('Адрес (англ.)').fill('Ladozhsky station');
    await form.getByLabel('Где на карте').fill('Ладожский вокзал — Яндекс Карты https://yandex.ru/maps/2/saint-petersburg/?ll=30.441789%2C59.931580&mode=whatshere&whatshere%5Bpoint%5D=30.441789%2C59.931580&z=17');
    // Checked first: read back, nothing saved yet; what was ticked stays ticked.
    await form.getByLabel('сб').check();
    await form.getByRole('button', { name: 'Проверить точку' }).click();
    expect((await flash(page)).text).toMatch(/^Точка найдена/);
    // With a link to the point, and no map of anyone's on the page.
    expect(await page.locator('script, iframe, img').count()).toBe(0);
    expect(await page.locator('#add-stops .point').textContent()).toContain('59.93158, 30.441789');
    expect(await form.getByLabel('сб').isChecked()).toBe(true);
    await form.getByLabel('вс').check();
    await form.getByLabel('С', { exact: true }).fill('12:00');
    await form.getByLabel('До', { exact: true }).fill('15:00');
    await form.getByRole('button', { name: 'Добавить остановку' }).click();
    await page.waitForURL(/saved=added#stops-2$/);
    const shown = await flash(page);
    expect(shown.text).toBe('Добавлено. Новые настройки уже действуют.');
    // Scrolled to the new stop, the flash still at the top of the screen.
    expect(shown.top).toBeLessThanOrEqual(1);
    const stop = page.locator('#stops-2');
    expect(await stop.textContent()).toContain('сб, вс 12:00–15:00');
    expect(await stop.getByRole('link', { name: /openstreetmap/ }).getAttribute('href')).toBe('https://www.openstreetmap.org/?mlat=59.93158&mlon=30.441789#map=17/59.93158/30.441789');
    expect((await size(page)).width).toBeLessThanOrEqual(PHONE.width);
    await shoot(page, 'settings-stop-added');

    // A short link is named next to the field, with what to copy instead.
    await form.getByLabel('Адрес (рус.)').fill('Где-то');
    await form.getByLabel('Адрес (англ.)').fill('Somewhere');
    await form.getByLabel('Где на карте').fill('https://maps.app.goo.gl/jVuuNEZ_-FQ3UGhX7');
    await form.getByLabel('пн').check();
    await form.getByRole('button', { name: 'Добавить остановку' }).click();
    expect(await flash(page)).toMatchObject({ text: 'Не сохранено: исправьте 3 поля.', link: '#add-stops' });
    expect(page.url()).toMatch(/\/stops#add-stops$/);
    expect(await page.locator('#add-f-place-error').textContent()).toMatch(/^это короткая ссылка/);
    expect(await page.locator('#add-f-from-error').textContent()).toBe('нужно время вида 09:30');
    expect(await page.locator('#add-f-place').inputValue()).toBe('https://maps.app.goo.gl/jVuuNEZ_-FQ3UGhX7');
    await shoot(page, 'settings-stop-error');
  }, 120_000);

  it('chooses the person on duty from the console’s accounts, and edits a shift', async () => {
    // A worker's account, created as the staff page creates it.
    await page.goto(`${sandbox.address}/console/staff`);
    await page.getByLabel('Логин').fill('olga');
    await page.getByLabel(/Имя/).fill('Ольга');
    await page.getByLabel('Роль').selectOption('worker');
    await page.getByRole('button', { name: 'Создать и получить ссылку' }).click();

    await page.goto(`${sandbox.address}/console/settings/duty`);
    const add = page.locator('#add-shifts');
    await add.getByLabel('сб').check();
    await add.getByLabel('С', { exact: true }).fill('10:00');
    await add.getByLabel('До', { exact: true }).fill('18:00');
    await add.getByLabel('Дежурный').selectOption({ label: 'Ольга (olga)' });
    await add.getByLabel('Telegram').fill('olga_outreach');
    await add.getByRole('button', { name: 'Добавить смену' }).click();
    await page.waitForURL(/saved=added/);
    expect((await flash(page)).text).toBe('Добавлено. Новые настройки уже действуют.');
    expect(await page.locator('#shifts-5').textContent()).toContain('Ольга (@olga_outreach)');

    await page.getByRole('link', { name: 'Изменить: понедельник 10:00–22:00' }).click();
    await page.getByLabel('Дежурный').first().selectOption({ label: 'Ольга (olga)' });
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.waitForURL(/saved=1#shifts-0$/);
    const shown = await flash(page);
    expect(shown.text).toBe('Сохранено. Новые настройки уже действуют.');
    expect(shown.top).toBeLessThanOrEqual(1);
    expect(await page.locator('#shifts-0').textContent()).toContain('Ольга (@olga_outreach)');
    await shoot(page, 'settings-duty-saved');

    // The on-call person, from the same accounts.
    await page.locator('#settings-form').getByLabel('На связи в экстренных случаях').selectOption({ label: 'Ольга (olga)' });
    await page.locator('#settings-form').getByRole('button', { name: 'Сохранить' }).click();
    expect((await flash(page)).text).toBe('Сохранено. Новые настройки уже действуют.');
    await page.goto(`${sandbox.address}/console/settings`);
    expect(await page.textContent('main')).toContain('на связи: Ольга (@olga_outreach)');
  }, 120_000);
});
