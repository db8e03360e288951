import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { clientWrites, setUpFirstAdmin, useBrowserSandbox } from './browser.ts';

/**
 * The audit log as an admin reads it: a dense table on a desk screen, compact blocks on a phone,
 * filters that work with scripts off, and a CSV of what is filtered. With AUDIT_SHOTS=<dir> it
 * also writes screenshots at both widths there.
 */
const sandbox = useBrowserSandbox();
const SHOTS = process.env.AUDIT_SHOTS;

const PHONE = { width: 360, height: 740 };
const DESK = { width: 1280, height: 800 };

/** Nothing wider than the screen: no sideways scrolling. */
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
const actionsShown = (page: Page) => page.locator('#audit-entries td.act').allTextContents();

describe('the audit log in the browser', () => {
  it('writes a case view and its live refreshes once, shows a dense table at 1280 px and compact rows at 360 px, filters without scripts, downloads CSV', async () => {
    // A client writes; the admin opens the case, and the page refreshes itself as the client writes on.
    const sim = await clientWrites(sandbox, 'Ольга', 'у меня абсцесс на руке, что делать');
    const ctx = await sandbox.browser.newContext({ viewport: DESK, locale: 'ru-RU' });
    const admin = await ctx.newPage();
    await setUpFirstAdmin(admin, sandbox.setupLink);
    expect((await admin.goto(`${sandbox.address}/console/cases/1`))?.status()).toBe(200);
    await admin.waitForSelector('#transcript', { state: 'attached' });
    for (const text of ['рука опухла', 'и горячая']) {
      await sim.getByLabel('Сообщение').fill(text);
      await sim.getByRole('button', { name: 'Отправить', exact: true }).click();
      await admin.waitForFunction((t) => document.querySelector('#transcript')?.textContent?.includes(t), text, { timeout: 15_000 });
    }
    expect((await admin.reload())?.status()).toBe(200);

    // An account created: entries with a detail.
    await admin.goto(`${sandbox.address}/console/staff`);
    await admin.getByLabel('Логин').fill('olga');
    await admin.getByLabel(/Имя/).fill('Ольга Смирнова');
    await admin.getByLabel('Роль').selectOption('worker');
    await admin.getByRole('button', { name: 'Создать и получить ссылку' }).click();
    await admin.waitForSelector('#invitation-link');

    // Someone tries a wrong password.
    const stranger = await (await sandbox.browser.newContext({ javaScriptEnabled: false })).newPage();
    await stranger.goto(`${sandbox.address}/console/login`);
    await stranger.getByLabel('Логин').fill('coordinator');
    await stranger.getByLabel('Пароль').fill('не тот пароль вовсе');
    await stranger.getByRole('button', { name: 'Войти' }).click();
    await stranger.context().close();

    // At a desk: one line per entry, the case viewed once for the page, its refreshes and the reload.
    await admin.goto(`${sandbox.address}/console/audit`);
    expect(await fitsWidth(admin)).toBe(true);
    const shown = await actionsShown(admin);
    expect(shown.filter((a) => a === 'Просмотр переписки')).toHaveLength(1);
    expect(shown).toContain('Неудачный вход');
    expect(shown).toContain('Включён второй фактор');
    expect(shown).toContain('Создана учётная запись');
    const heights = await admin.locator('#audit-entries tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).getBoundingClientRect().height));
    // A line of text is 1.5 × the font size; two lines would be twice that.
    const fontSize = await admin.locator('#audit-entries td.act').first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    expect(heights.length).toBeGreaterThan(3);
    for (const h of heights) expect(h).toBeLessThan(fontSize * 1.5 * 1.9);
    // The filters are folded into one bar.
    expect(await admin.locator('#audit-filters').getAttribute('open')).toBeNull();
    expect((await admin.locator('.audit-bar').boundingBox())!.height).toBeLessThan(60);
    if (SHOTS) await admin.screenshot({ path: join(SHOTS, 'audit-1280.png') });
    await admin.locator('#audit-filters summary').click();
    if (SHOTS) await admin.screenshot({ path: join(SHOTS, 'audit-1280-filters.png') });

    // On a phone, scripts off: compact blocks, nothing wider than the screen.
    const phone = await (await sandbox.browser.newContext({ viewport: PHONE, javaScriptEnabled: false, storageState: await ctx.storageState(), locale: 'ru-RU' })).newPage();
    await phone.goto(`${sandbox.address}/console/audit`);
    expect(await fitsWidth(phone)).toBe(true);
    expect(await phone.locator('#audit-entries tbody tr').first().evaluate((r) => getComputedStyle(r).display)).toBe('flex');
    if (SHOTS) await phone.screenshot({ path: join(SHOTS, 'audit-360.png') });

    // Filters by a case and an action, with the form alone.
    await phone.locator('#audit-filters summary').click();
    expect(await fitsWidth(phone)).toBe(true);
    await phone.getByLabel('Обращение', { exact: true }).fill('#1');
    await phone.getByLabel('Действие', { exact: true }).selectOption({ label: 'Просмотр переписки' });
    if (SHOTS) await phone.screenshot({ path: join(SHOTS, 'audit-360-filters.png'), fullPage: true });
    await phone.getByRole('button', { name: 'Показать' }).click();
    expect(phone.url()).toBe(`${sandbox.address}/console/audit?action=transcript.view&case=1`);
    expect(await actionsShown(phone)).toEqual(['Просмотр переписки']);
    expect(await phone.textContent('#audit-filters summary')).toContain('Просмотр переписки · обращение #1');
    expect(await phone.locator('#audit-entries a[href$="/console/cases/1"]').count()).toBe(1);
    expect(await fitsWidth(phone)).toBe(true);
    if (SHOTS) await phone.screenshot({ path: join(SHOTS, 'audit-360-filtered.png') });
    // A period that holds nothing.
    await phone.goto(`${sandbox.address}/console/audit?to=2001-01-01`);
    expect(await phone.textContent('main')).toContain('Записей с такими фильтрами нет.');

    // The CSV of what is filtered; the download is in the log.
    await phone.goto(`${sandbox.address}/console/audit?action=login.failed`);
    const [download] = await Promise.all([phone.waitForEvent('download'), phone.locator('#audit-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^netreach-audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toMatch(/^Время \([^)]+\),Время \(UTC\),Логин,Имя,Роль,Действие,Код действия,Обращение,Подробности$/);
    expect(lines.slice(1)).toHaveLength(1);
    expect(lines[1]).toContain(',Неудачный вход,login.failed,');
    await admin.goto(`${sandbox.address}/console/audit`);
    expect(await actionsShown(admin)).toContain('Скачан журнал доступа (CSV)');
  });
});
