import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { setUpFirstAdmin, useBrowserSandbox } from './browser.ts';

const sandbox = useBrowserSandbox();

const PHONE = { width: 360, height: 740 };
/** Follows a link of the signed-in navigation: on a phone it is behind the ☰ Menu. */
async function navigate(page: Page, name: string) {
  const menu = page.locator('details.menu summary');
  if (await menu.isVisible()) await menu.click();
  await page.getByRole('link', { name }).click();
}

/** Nothing wider than the screen: no sideways scrolling on a phone. */
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('staff accounts in the browser', () => {
  it('an admin invites a worker on a phone screen; the worker opens the link with scripts off, chooses a password and is signed in', async () => {
    const admin = await sandbox.browser.newPage({ viewport: PHONE });
    await setUpFirstAdmin(admin, sandbox.setupLink);
    await navigate(admin, 'Сотрудники');
    expect(await fitsWidth(admin)).toBe(true);
    await admin.getByLabel('Логин').fill('olga');
    await admin.getByLabel(/Имя/).fill('Ольга');
    await admin.getByLabel('Роль').selectOption('worker');
    await admin.getByRole('button', { name: 'Создать и получить ссылку' }).click();
    const link = (await admin.locator('#invitation-link').textContent())!.trim();
    expect(link).toMatch(/\/console\/invite\//);
    expect(await fitsWidth(admin)).toBe(true);

    const worker = await (await sandbox.browser.newContext({ javaScriptEnabled: false, viewport: PHONE })).newPage();
    await worker.goto(link);
    expect(await worker.textContent('main')).toContain('Ольга (логин olga)');
    await worker.getByLabel('Пароль', { exact: true }).fill('весенний дождь над Невой');
    await worker.getByLabel('Пароль ещё раз').fill('весенний дождь над Невой');
    await worker.getByRole('button', { name: 'Сохранить пароль и войти' }).click();
    await worker.waitForURL(/\/console$/);
    expect(await worker.locator('nav.top .who').first().textContent()).toBe('Ольга');
    await navigate(worker, 'Клиенты');
    expect(await worker.textContent('h1')).toBe('Клиенты');
    expect(await fitsWidth(worker)).toBe(true);
    // Used once: the link no longer works.
    const reused = await worker.goto(link);
    expect(reused?.status()).toBe(404);
    // Her name in the header opens her own password page; a new one ends her other sessions.
    await worker.goBack();
    await navigate(worker, 'Ольга');
    expect(await worker.textContent('h1')).toBe('Смена пароля');
    await worker.getByLabel('Нынешний пароль').fill('весенний дождь над Невой');
    await worker.getByLabel('Новый пароль', { exact: true }).fill('осенний ветер у залива');
    await worker.getByLabel('Новый пароль ещё раз').fill('осенний ветер у залива');
    await worker.getByRole('button', { name: 'Сменить пароль' }).click();
    expect(await worker.textContent('#password-changed')).toContain('Пароль изменён');
    expect(await fitsWidth(worker)).toBe(true);

    // The admin sees the account and the trail in the audit log.
    await navigate(admin, 'Сотрудники');
    expect(await admin.textContent('#accounts')).toContain('olga · аутрич-работник');
    await navigate(admin, 'Журнал доступа');
    const log = (await admin.textContent('#audit-entries'))!;
    expect(log).toContain('Пароль выбран по ссылке');
    expect(log).toContain('Создана учётная запись');
    expect(await fitsWidth(admin)).toBe(true);
  });
});
