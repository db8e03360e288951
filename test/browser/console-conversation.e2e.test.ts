import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { clientWrites, setUpFirstAdmin, useBrowserSandbox } from './browser.ts';

const sandbox = useBrowserSandbox();

/** With UPDATE_SCREENSHOTS=1 the README's inbox and case screenshots are written (docs/screenshots/console-*.png); with SHOTS_DIR=<dir>, every one there. */
const shots = process.env.UPDATE_SCREENSHOTS === '1' ? fileURLToPath(new URL('../../docs/screenshots', import.meta.url)) : process.env.SHOTS_DIR;
async function shot(page: Page, name: string) {
  if (!shots || (process.env.UPDATE_SCREENSHOTS === '1' && name.includes('error'))) return;
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: `${shots}/console-${name}.png` });
}

/** The element is on screen now: its box lies within the viewport (no scrolling needed to see it). */
async function inView(page: Page, target: Locator): Promise<boolean> {
  const box = await target.boundingBox();
  const size = page.viewportSize()!;
  return box !== null && box.y >= 0 && box.y + Math.min(box.height, 40) <= size.height && box.x >= 0 && box.x < size.width;
}

describe('the console as a conversation, on a phone and a desk', () => {
  it('shows the first case without scrolling, opens a case at its newest message, keeps a reply in view, and asks before closing a case nobody answered', async () => {
    const phone = await sandbox.browser.newPage({ viewport: { width: 360, height: 740 } });
    await setUpFirstAdmin(phone, sandbox.setupLink);

    const long = `Мне плохо уже второй день. ${'Не могу спать, всё болит, и я не знаю, к кому обратиться. '.repeat(12)}`;
    const sim = await clientWrites(sandbox, 'Ольга', 'привет, можно вопрос?');
    for (const text of ['у меня абсцесс на руке, болит', long, 'вы тут?']) {
      await sim.getByLabel('Сообщение').fill(text);
      await sim.getByRole('button', { name: 'Отправить', exact: true }).click();
    }
    await clientWrites(sandbox, 'Пётр', 'где сегодня автобус?');

    // The inbox: the first case visible without scrolling on a phone, with its last line and views with counts.
    await phone.goto(`${sandbox.address}/console`);
    await phone.waitForSelector('li[data-case]', { timeout: 15_000 });
    await expect.poll(() => phone.locator('li[data-case]').count(), { timeout: 15_000 }).toBe(2);
    expect(await inView(phone, phone.locator('li[data-case]').first())).toBe(true);
    expect(await phone.textContent('nav.chips')).toMatch(/Все\s*2/);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await shot(phone, 'inbox-360');

    // j/k and Enter where scripts run.
    await phone.keyboard.press('j');
    expect(await phone.evaluate(() => document.activeElement?.classList.contains('row'))).toBe(true);

    // A case opens at its newest message; the long one is folded; the composer is on screen.
    await phone.locator('li[data-case]', { hasText: 'Ольга' }).or(phone.locator('li[data-case]').last()).first().click();
    await phone.waitForSelector('#transcript');
    const newest = phone.locator('#transcript .msg.client').last();
    await expect.poll(() => inView(phone, newest)).toBe(true);
    expect(await newest.textContent()).toMatch(/вы тут\?/);
    expect(await inView(phone, phone.locator('#reply-text'))).toBe(true);
    expect(await phone.locator('.msg details.more').count()).toBeGreaterThan(0);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await shot(phone, 'case-360');

    // A reply lands in view, with the result at the top of the viewport.
    await phone.locator('#reply-text').fill('Здравствуйте, Ольга. Да, мы тут.');
    await phone.getByRole('button', { name: 'Отправить', exact: true }).click();
    await phone.waitForURL(/done=reply/);
    expect(await inView(phone, phone.locator('#flash'))).toBe(true);
    const mine = phone.locator('#transcript .msg.staff', { hasText: 'Да, мы тут.' });
    await expect.poll(() => inView(phone, mine)).toBe(true);
    expect(await mine.textContent()).toMatch(/Координатор · администратор/);

    // The other client's case: nobody answered, so closing says what they will receive and asks first.
    await phone.goto(`${sandbox.address}/console`);
    await phone.locator('li[data-case]', { hasText: /автобус/ }).locator('a').click();
    await phone.getByText('Закрыть с записью', { exact: true }).click();
    expect(await phone.textContent('#close-unanswered')).toMatch(/Клиент получит:[\s\S]*Обращение закрыто/);
    await phone.getByLabel('Решено', { exact: true }).check();
    await phone.getByRole('button', { name: 'Сохранить запись и закрыть' }).click();
    // The error is where the eye is: the flash at the top of the viewport, and the page at the form.
    const flash = phone.locator('#flash.error');
    expect(await flash.textContent()).toMatch(/подтвердите/);
    expect(await inView(phone, flash)).toBe(true);
    expect(await inView(phone, phone.locator('#close-unanswered-confirm'))).toBe(true);
    await shot(phone, 'case-close-error-360');
    // Confirmed, with a need ticked: closed.
    await phone.getByLabel('Да, закрыть без ответа').check();
    await phone.getByLabel('Решено', { exact: true }).check();
    if (!(await phone.locator('#close input[name=need]:checked').count())) await phone.locator('#close input[name=need]').first().check();
    await phone.getByRole('button', { name: 'Сохранить запись и закрыть' }).click();
    expect(await phone.textContent('#flash')).toMatch(/Запись сохранена, обращение закрыто/);

    // On a desk: the conversation beside its panel, the newest message in view.
    const desk = await sandbox.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await desk.context().addCookies(await phone.context().cookies());
    await desk.goto(`${sandbox.address}/console`);
    await desk.waitForSelector('li[data-case]');
    expect(await inView(desk, desk.locator('li[data-case]').first())).toBe(true);
    await shot(desk, 'inbox-1280');
    await desk.locator('li[data-case] a').first().click();
    await desk.waitForSelector('#transcript');
    await expect.poll(() => inView(desk, desk.locator('#transcript .msg').last())).toBe(true);
    const [convo, side] = await Promise.all([desk.locator('#conversation').boundingBox(), desk.locator('aside.side').boundingBox()]);
    expect(side!.x).toBeGreaterThan(convo!.x + convo!.width - 1);
    await shot(desk, 'case-1280');

    // Without scripts, on a phone: the case opens at its newest message (#now) and a reply lands in view.
    const plain = await (await sandbox.browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } })).newPage();
    await plain.context().addCookies(await phone.context().cookies());
    await plain.goto(`${sandbox.address}/console`);
    await plain.locator('li[data-case] a').first().click();
    expect(plain.url()).toMatch(/#now$/);
    await expect.poll(() => inView(plain, plain.locator('#transcript .msg').last())).toBe(true);
    await plain.locator('#reply-text').fill('Без скриптов тоже доходит.');
    await plain.getByRole('button', { name: 'Отправить', exact: true }).click();
    await expect.poll(() => inView(plain, plain.locator('#transcript .msg.staff', { hasText: 'Без скриптов' }))).toBe(true);
    expect(await inView(plain, plain.locator('#reply-text'))).toBe(true);
  });
});
