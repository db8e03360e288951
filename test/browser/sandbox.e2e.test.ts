import { describe, expect, it } from 'vitest';
import { useBrowserSandbox } from './browser.ts';

const sandbox = useBrowserSandbox();

describe('the sandbox simulator', () => {
  it('plays a client and a worker through the whole relay, without scripts', async () => {
    const context = await sandbox.browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(sandbox.address);
    await page.getByRole('link', { name: /Песочница/ }).click();
    await page.getByLabel(/Имя в Telegram/).fill('Марина');
    await page.getByRole('button', { name: /Создать и открыть чат/ }).click();
    expect(await page.textContent('.chat')).toMatch(/анонимная служба помощи организации «Гуманитарное действие»/);

    await page.getByLabel('Сообщение').fill('Где сегодня автобус?');
    await page.getByRole('button', { name: 'Отправить', exact: true }).click();
    // Within duty hours the bot says it is passed on; after them, that staff already have it.
    expect(await page.textContent('.chat')).toMatch(/передано сотруднику|уже у сотрудников/);
    const clientChat = page.url();

    // The worker's side: the case topic, the message, the answer.
    await page.getByRole('link', { name: /Песочница/ }).first().click();
    await page.getByRole('link', { name: /#1 · Клиент/ }).click();
    expect(await page.textContent('.chat')).toMatch(/Где сегодня автобус\?/);
    await page.getByLabel('Сообщение').fill('Сегодня у м. Ладожская с 11 до 14.');
    await page.getByRole('button', { name: 'Отправить', exact: true }).click();

    await page.goto(clientChat);
    expect(await page.textContent('.chat')).toMatch(/Сегодня у м\. Ладожская с 11 до 14\./);
    // Nothing overflows a 360-px screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // Buttons work too: the menu's overdose button gives the emergency steps.
    await page.getByRole('button', { name: '🚨 Передозировка' }).first().click();
    expect(await page.textContent('.chat')).toMatch(/Действуйте сейчас[\s\S]*103/); // the sandbox's demo reviewer makes the pack sendable
    await context.close();
  });

  it('refuses a form posted from another site', async () => {
    const res = await fetch(`${sandbox.address}/sandbox/clients`, { method: 'POST', headers: { origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=x' });
    expect(res.status).toBe(403);
  });
});
