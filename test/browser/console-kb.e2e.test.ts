import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmTotpEnrolment, createAccount, pendingTotpSecret } from '../../src/console/auth/accounts.ts';
import { totp } from '../../src/console/auth/totp.ts';
import { clientWrites, startBrowserSandbox, freshTotp } from './browser.ts';

const PASSWORD = 'длинная фраза-пароль 2026';
/** Unique, so finding it in the bot's message means the published text is what the bot sent. */
const SENTENCE = `Проверочная фраза ${Date.now().toString(36)}: держите налоксон на видном месте.`;

let browser: Browser;
let address: string;
let stop: () => Promise<void>;
let coordinatorSecret: string;

beforeAll(async () => {
  // Both accounts exist before the start: a coordinator with a second factor, and a medical specialist.
  ({ browser, address, stop } = await startBrowserSandbox({
    prepare: async ({ db, vault }) => {
      const coordinator = await createAccount(db, { login: 'kate', displayName: 'Катя Координатор', role: 'coordinator', password: PASSWORD });
      const doctor = await createAccount(db, { login: 'doc', displayName: 'Доктор Иванова', role: 'specialist_medical', password: PASSWORD });
      if (!coordinator.ok || !doctor.ok) throw new Error('accounts not created');
      coordinatorSecret = await pendingTotpSecret(db, vault, coordinator.account);
      if (!(await confirmTotpEnrolment(db, vault, coordinator.account, totp(coordinatorSecret, Date.now()), new Date()))) throw new Error('TOTP not enrolled');
    },
  }));
});
afterAll(async () => {
  await stop?.();
});

async function signIn(page: Page, login: string, secret?: string): Promise<void> {
  await page.goto(`${address}/console/login`);
  await page.locator('#login').fill(login);
  await page.locator('#password').fill(PASSWORD);
  await page.locator('#password').press('Enter');
  if (secret) {
    await page.locator('#code').fill(freshTotp(secret));
    await page.locator('#code').press('Enter');
  }
  await page.waitForURL(/\/console$/);
}

const noOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe('the knowledge base with the simulator', () => {
  it('a coordinator edits the naloxone article, a medical specialist verifies it, the coordinator publishes it, and the bot sends the new text', async () => {
    // The coordinator, on a phone.
    const kate = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
    await signIn(kate, 'kate', coordinatorSecret);
    await kate.goto(`${address}/console/kb`); // (on a phone the navigation sits behind the header's menu)
    await kate.locator('li[data-slug="naloxone"] [data-locale="ru"] a').click();
    expect(await kate.textContent('#preview')).toMatch(/Налоксон: что это и как применять/);
    expect(await noOverflow(kate)).toBeLessThanOrEqual(360);
    await kate.getByRole('link', { name: 'Написать новую версию' }).click();
    const body = kate.getByLabel('Текст', { exact: true });
    await body.fill(`${await body.inputValue()}\n${SENTENCE}`);
    await kate.getByRole('button', { name: 'Показать, как увидит клиент' }).first().click();
    expect(await kate.textContent('#preview')).toContain(SENTENCE);
    expect(await noOverflow(kate)).toBeLessThanOrEqual(360);
    await kate.getByRole('button', { name: 'Сохранить черновик' }).first().click();
    expect(await kate.textContent('#flash')).toMatch(/Черновик сохранён в \d\d:\d\d/);
    await kate.getByRole('button', { name: 'Отправить на проверку' }).click();
    expect(await kate.textContent('#flash')).toContain('Отправлено на проверку');

    // The medical specialist finds it first on the list and verifies it.
    const doc = await (await browser.newContext()).newPage();
    await signIn(doc, 'doc');
    await doc.goto(`${address}/console/kb`);
    await doc.locator('section[aria-labelledby="to-verify"] a').first().click();
    expect(await doc.textContent('#preview')).toContain(SENTENCE);
    await doc.getByRole('button', { name: 'Проверено: текст верен' }).click();
    expect(await doc.textContent('#flash')).toContain('Проверка записана');

    // The coordinator publishes it.
    await kate.goto(`${address}/console/kb`);
    await kate.locator('section[aria-labelledby="to-publish"] a').first().click();
    await kate.getByRole('button', { name: 'Опубликовать' }).click();
    expect(await kate.textContent('#flash')).toContain('Опубликовано');
    expect(await kate.textContent('main')).toContain('Доктор Иванова (медицинский специалист)');

    // A client asks about naloxone in the simulator (scripts off) and gets the new text.
    const sim = await clientWrites({ browser, address }, 'Дима', 'где взять налоксон?');
    await sim.getByRole('button', { name: /Налоксон: что это и как применять/ }).last().click();
    const chat = await sim.textContent('.chat');
    expect(chat).toContain(SENTENCE);
    expect(chat).toContain('Проверено: медицинский специалист Доктор Иванова');
  });

  it('a writer types a bare "&" and bold, sees the preview follow, reloads and finds the draft; the coordinator withdraws only the English text after confirming', async () => {
    const kate = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await signIn(kate, 'kate', coordinatorSecret);
    await kate.goto(`${address}/console/kb/vein-care/ru`);
    await kate.getByRole('link', { name: 'Написать новую версию' }).click();
    const body = kate.getByLabel('Текст', { exact: true });
    expect(await body.inputValue()).toMatch(/^\*\*/); // the stored HTML shown in the editor's syntax
    await body.press('End');
    await body.press('Control+End');
    await body.pressSequentially('\nШприцы & иглы — **бесплатно**', { delay: 5 });
    // The preview follows the typing, rendered by the bot's renderer: the & is text, the stars bold.
    await kate.locator('#preview .tg b', { hasText: 'бесплатно' }).waitFor();
    expect(await kate.textContent('#preview .tg')).toContain('Шприцы & иглы — бесплатно');
    // The draft saves itself; the address becomes the draft's.
    await kate.locator('#kb-saved', { hasText: /Черновик сохранён в \d\d:\d\d/ }).waitFor();
    await kate.waitForURL(/\/console\/kb\/revisions\/\d+\/edit$/);
    await kate.reload();
    expect(await kate.getByLabel('Текст', { exact: true }).inputValue()).toContain('Шприцы & иглы — **бесплатно**');
    expect(await kate.textContent('#kb-saved')).toMatch(/Черновик сохранён в \d\d:\d\d/);
    expect(await kate.textContent('#preview .tg')).toContain('Шприцы & иглы — бесплатно');
    // The article's page says there is a draft.
    await kate.goto(`${address}/console/kb/vein-care/ru`);
    expect(await kate.textContent('main')).toMatch(/У вас есть неотправленный черновик этого текста, сохранённый в \d\d:\d\d/);

    // Withdrawing the English text only: chosen, explained, confirmed.
    await kate.goto(`${address}/console/kb/vein-care/en`);
    await kate.getByLabel('Английский текст').check();
    await kate.getByRole('button', { name: 'Снять…' }).click();
    expect(await kate.textContent('main')).toMatch(/Клиенты, которые пишут боту по-английски, больше не получат английский текст/);
    expect(await kate.textContent('main')).toMatch(/Русский текст «[^»]+» остаётся/);
    await kate.getByRole('button', { name: 'Да, снять английский текст' }).click();
    expect(await kate.textContent('#flash')).toContain('Английский текст снят: бот его больше не отправляет.');
    await kate.goto(`${address}/console/kb`);
    const row = kate.locator('li[data-slug="vein-care"]');
    expect(await row.locator('[data-locale="en"]').textContent()).toContain('снята, бот не отправляет');
    expect(await row.locator('[data-locale="ru"]').textContent()).toContain('проверен, бот отправляет');
  });
});
