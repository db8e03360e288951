import { describe, expect, it } from 'vitest';
import { useBrowserSandbox } from './browser.ts';

const sandbox = useBrowserSandbox();

describe('the sandbox simulator: community chat and channel', () => {
  it('joins the community chat, has an insult removed, and writes to the channel into a new case topic, without scripts', async () => {
    const context = await sandbox.browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${sandbox.address}/sandbox`);
    await page.getByLabel(/Имя в Telegram/).fill('Оксана');
    await page.getByRole('button', { name: /Создать и открыть чат/ }).click();
    const privateChat = page.url();

    // The community chat, as Oksana: not in it yet; she joins and the bot welcomes her.
    // The chat's menu (⋮) leads to the other places the person can be.
    await page.locator('details.menu summary').click();
    await page.locator('details.menu').getByRole('link', { name: 'Чат сообщества' }).click();
    expect(await page.textContent('#status')).toMatch(/Оксана не в чате/);
    await page.getByRole('button', { name: 'Вступить напрямую' }).click();
    expect(await page.textContent('#status')).toMatch(/Оксана в чате/);
    expect(await page.textContent('.chat')).toMatch(/Оксана вступает в чат[\s\S]*добро пожаловать/);

    // An insult is gone from the chat; she is warned privately.
    await page.getByLabel('Сообщение').fill('ты тупой урод, заткнись');
    await page.getByRole('button', { name: 'Отправить', exact: true }).click();
    expect(await page.textContent('.chat')).not.toMatch(/тупой урод/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.goto(privateChat);
    expect(await page.textContent('.chat')).toMatch(/сообщение в чате удалено/i);

    // The channel: she writes to it; the message arrives in the staff group as a new case topic.
    await page.locator('details.menu summary').click();
    await page.locator('details.menu').getByRole('link', { name: 'Канал' }).click();
    await page.getByLabel('Сообщение').fill('Здравствуйте, где найти автобус в субботу?');
    await page.getByRole('button', { name: 'Отправить', exact: true }).click();
    expect(await page.locator('.chat').last().textContent()).toMatch(/где найти автобус в субботу\?/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await page.getByRole('link', { name: 'Песочница Netreach' }).click();
    await page.getByRole('link', { name: /#\d+ · Клиент/ }).last().click();
    expect(await page.textContent('.chat')).toMatch(/Здравствуйте, где найти автобус в субботу\?/);
    await context.close();
  });
});
