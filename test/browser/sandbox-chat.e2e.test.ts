import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Message } from 'grammy/types';
import { useBrowserSandbox } from './browser.ts';

const sandbox = useBrowserSandbox();

/** A 4×3 PNG, as a phone's photo would be (any picture the browser can show). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAAKklEQVR4nA3HQQ0AAAjEsMk5EYhADsIQMVmQ9FMEKRlZzCsz5tOv7LH3ABg2D3ncrDu5AAAAAElFTkSuQmCC', 'base64');

/** What the emulated Telegram holds (its control API, served beside the Bot API in the sandbox). */
async function control<T>(path: string): Promise<T> {
  const res = await fetch(`${sandbox.address}/sandbox/telegram/control${path}`);
  const body = (await res.json()) as { ok: boolean; result: T };
  expect(body.ok).toBe(true);
  return body.result;
}

async function newClient(page: Page, name: string): Promise<number> {
  await page.goto(`${sandbox.address}/sandbox`);
  await page.getByLabel(/Имя в Telegram/).fill(name);
  await page.getByRole('button', { name: /Создать и открыть чат/ }).click();
  await page.waitForSelector('#chat .msg');
  return Number(/\/clients\/(\d+)/.exec(page.url())![1]);
}

/** The newest message is on the screen, above the composer (not under it, not scrolled away). */
async function newestInView(page: Page): Promise<void> {
  const box = await page.locator('#chat .msg').last().boundingBox();
  const composer = await page.locator('footer.composer').boundingBox();
  const header = await page.locator('header.top').boundingBox();
  const height = page.viewportSize()!.height;
  expect(box).not.toBeNull();
  expect(box!.y + box!.height).toBeLessThanOrEqual((composer?.y ?? height) + 1);
  expect(box!.y + box!.height).toBeGreaterThan(header!.y + header!.height);
}

describe('the sandbox simulator looks and behaves like Telegram', () => {
  it('draws bold text, lays out keyboards row by row as sent, and keeps the newest message in view (scripts on, phone)', async () => {
    const context = await sandbox.browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const id = await newClient(page, 'Вера');

    // The welcome's menu: the same rows as the bot sent them (a lone button is a row of its own).
    const messages = await control<Message[]>(`/chats/${id}/messages`);
    const welcome = messages.find((m) => m.reply_markup?.inline_keyboard)!;
    const sent = welcome.reply_markup!.inline_keyboard.map((row) => row.map((b) => b.text));
    const shown = await page.$$eval(`#m${welcome.message_id} .ikb .r`, (rows) => rows.map((r) => [...r.querySelectorAll('button, a, .btn')].map((b) => b.textContent!.replace('↗', '').trim())));
    expect(shown).toEqual(sent);
    expect(sent.some((row) => row.length === 1)).toBe(true);
    // A row with one button spans the message; two share it.
    const widths = await page.$$eval(`#m${welcome.message_id} .ikb .r`, (rows) => rows.map((r) => [...r.querySelectorAll('button')].map((b) => Math.round(b.getBoundingClientRect().width))));
    const single = widths[sent.findIndex((row) => row.length === 1)]![0]!;
    const pair = widths[sent.findIndex((row) => row.length === 2)]!;
    expect(single).toBeGreaterThan(pair[0]! + pair[1]!);

    // The emergency steps come formatted: "Act now" in bold.
    await page.getByRole('button', { name: '🚨 Передозировка' }).first().click();
    await page.waitForSelector('#chat b');
    expect(await page.locator('#chat b').allTextContents()).toContainEqual(expect.stringMatching(/Действуйте сейчас/));
    await newestInView(page);

    // The person's own words on the right, labelled as theirs; the bot's as the bot.
    await page.getByLabel('Сообщение').fill('Он не дышит, что делать');
    await page.getByRole('button', { name: 'Отправить', exact: true }).click();
    await page.waitForSelector('#chat .msg.mine >> text=Он не дышит');
    const mine = page.locator('#chat .msg.mine', { hasText: 'Он не дышит' });
    expect(await mine.locator('.who, .sr').first().textContent()).toMatch(/^Вы/);
    expect(await page.locator('#chat .msg:not(.mine) .who').first().textContent()).toBe('Netreach');
    await newestInView(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await context.close();
  });

  it('sends a photo that reaches the bot and the staff topic, where a worker sees it (scripts off)', async () => {
    const context = await sandbox.browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const id = await newClient(page, 'Лёша');
    await page.getByLabel('Фото или файл').setInputFiles({ name: 'arm.png', mimeType: 'image/png', buffer: PNG });
    await page.getByLabel('Сообщение').fill('Вот как выглядит рука');
    await page.getByRole('button', { name: 'Отправить', exact: true }).click();
    expect(page.url()).not.toContain('#');

    // In the emulator: the person's photo, with its caption; the bot copied it into the case topic.
    const own = (await control<Message[]>(`/chats/${id}/messages`)).find((m) => m.photo);
    expect(own).toMatchObject({ caption: 'Вот как выглядит рука', from: { id } });
    const staffId = (await control<{ id: number; is_forum?: boolean }[]>('/chats')).find((c) => c.is_forum)!.id;
    const inTopic = (await control<Message[]>(`/chats/${staffId}/messages`)).find((m) => m.photo && m.caption === 'Вот как выглядит рука');
    expect(inTopic?.message_thread_id).toBeGreaterThan(1);

    // The chat shows it; so does the topic, served from the simulator's own address.
    const img = page.locator(`#m${own!.message_id} img`);
    expect(await img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)).toBe(4);
    await newestInView(page);
    await page.goto(`${sandbox.address}/sandbox/staff/${inTopic!.message_thread_id}`);
    const copy = page.locator(`#m${inTopic!.message_id} img`);
    expect(await copy.getAttribute('src')).toMatch(/^\/sandbox\/file\//);
    expect(await copy.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)).toBe(4);
    expect(await page.locator(`#m${inTopic!.message_id}`).textContent()).toMatch(/Вот как выглядит рука/);
    await context.close();
  });

  it('shows a worker\'s reply in the client\'s chat as it arrives, with no reload (scripts on)', async () => {
    const clientContext = await sandbox.browser.newContext({ viewport: { width: 360, height: 740 } });
    const chat = await clientContext.newPage();
    await newClient(chat, 'Глеб');
    await chat.getByLabel('Сообщение').fill('Где найти чистые шприцы?');
    await chat.getByRole('button', { name: 'Отправить', exact: true }).click();
    await chat.waitForSelector('#chat .msg.mine >> text=чистые шприцы');
    await chat.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));

    // A worker answers in the case topic, in another browser (scripts off).
    const staff = await (await sandbox.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 } })).newPage();
    await staff.goto(`${sandbox.address}/sandbox/staff`);
    await staff.getByRole('link', { name: /Клиент/ }).last().click();
    expect(await staff.textContent('#chat')).toMatch(/Где найти чистые шприцы\?/);
    await staff.getByLabel('Сообщение').fill('Шприцы выдаём в автобусе, сегодня у Ладожской до 14:00.');
    await staff.getByRole('button', { name: 'Отправить', exact: true }).click();
    await staff.context().close();

    // The client's chat has it, without a reload, and in view.
    await chat.waitForSelector('#chat >> text=Шприцы выдаём в автобусе', { timeout: 15_000 });
    expect(await chat.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    await chat.waitForTimeout(300);
    await newestInView(chat);
    await clientContext.close();
  });

  it('works without scripts: inline and reply keyboard buttons, sending, and the newest message in view at 1280×800', async () => {
    const context = await sandbox.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await newClient(page, 'Нина');
    await page.getByRole('button', { name: 'Где мобильный пункт' }).first().click();
    expect(page.url()).not.toContain('#');
    await newestInView(page);
    // The bot's reply keyboard: its location button sends a location, and the bot takes the keyboard away.
    await page.locator('#kbd').getByRole('button', { name: /геопозицию/ }).click();
    expect(await page.locator('#chat .msg.mine').last().textContent()).toMatch(/Геопозиция/);
    expect(await page.locator('#kbd button').count()).toBe(0);
    await newestInView(page);
    await page.getByLabel('Сообщение').fill('Спасибо!');
    await page.getByRole('button', { name: 'Отправить', exact: true }).click();
    expect(await page.locator('#chat .msg.mine').last().textContent()).toMatch(/Спасибо!/);
    await newestInView(page);
    // The address it came back to has no fragment: opening it again reloads the page (with what came meanwhile).
    const id = Number(/\/clients\/(\d+)/.exec(page.url())![1]);
    const count = await page.locator('#chat .msg').count();
    await fetch(`${sandbox.address}/sandbox/telegram/control/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: id, chat_id: id, text: 'И ещё вопрос' }),
    });
    await page.goto(page.url());
    await page.waitForSelector('#chat >> text=И ещё вопрос');
    expect(await page.locator('#chat .msg').count()).toBeGreaterThan(count);
    await newestInView(page);
    // Each staff topic is listed with its icon.
    await page.goto(`${sandbox.address}/sandbox/staff`);
    expect(await page.locator('#topics li').count()).toBeGreaterThan(0);
    expect(await page.locator('#topics .avatar.icon').first().textContent()).not.toBe('');
    await context.close();
  });
});
