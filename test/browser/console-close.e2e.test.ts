import { describe, expect, it } from 'vitest';
import { clientWrites, setUpFirstAdmin, useBrowserSandbox } from './browser.ts';

const sandbox = useBrowserSandbox();

describe('acting on a case from the console, with the simulator', () => {
  it('links the account, claims the case, inserts a quick reply, and closes it with a record the client hears about, on a 360-px screen', async () => {
    // The console on a phone-sized screen, scripts on.
    const console_ = await sandbox.browser.newPage({ viewport: { width: 360, height: 740 } });
    await setUpFirstAdmin(console_, sandbox.setupLink);

    // A client writes, in the simulator (another tab, scripts off).
    const sim = await clientWrites(sandbox, 'Ольга', 'у меня абсцесс на руке, болит');
    const clientChat = sim.url();

    await console_.waitForSelector('li[data-case]', { timeout: 15_000 });
    await console_.click('li[data-case] a');
    const casePage = console_.url();
    // Not linked yet, yet it can take the case under its own name (tested in the case actions); here it links first.
    expect(await console_.locator('#claim').count()).toBe(1);

    // Link: a code from the console, sent as a worker in the staff group's case topic.
    await console_.goto(`${sandbox.address}/console/link`);
    await console_.getByRole('button', { name: 'Получить код' }).click();
    const command = (await console_.textContent('#link-command'))!.trim();
    await sim.goto(`${sandbox.address}/sandbox`);
    await sim.getByRole('link', { name: /#1 · Клиент/ }).click();
    const topic = sim.url();
    await sim.getByLabel('Сообщение').fill(command);
    await sim.getByRole('button', { name: 'Отправить', exact: true }).click();
    expect(await sim.textContent('.chat')).toMatch(/Связано с учётной записью консоли: Координатор/);

    // Claim from the console; the topic says who took it and that it came from the console.
    await console_.goto(casePage);
    await console_.getByRole('button', { name: /Беру/ }).click();
    expect(await console_.textContent('main')).toMatch(/Обращение ваше\./);
    expect(await console_.textContent('dl.facts')).toMatch(/Anna/);
    await sim.goto(topic);
    expect(await sim.textContent('.chat')).toMatch(/взял\(а\): Anna \(из консоли, Координатор\)/);

    // A quick reply goes in at the cursor, with the page left as it is (the script).
    const before = console_.url();
    await console_.getByLabel('Сообщение клиенту').fill('Ольга, ');
    // The quick replies fold under the composer, one tap away.
    await console_.locator('#quick > summary').click();
    await console_.getByRole('button', { name: 'Приветствие' }).click();
    expect(await console_.inputValue('#reply-text')).toMatch(/^Ольга, Здравствуйте! Я консультант/);
    expect(console_.url()).toBe(before);

    // Close with the record: a need, a service, an outcome.
    await console_.getByText('Закрыть с записью', { exact: true }).click();
    await console_.getByLabel('Тяжёлые осложнения от инъекций').check();
    await console_.getByLabel('Приглашение в мобильный пункт').check();
    await console_.getByLabel('Решено', { exact: true }).check();
    // Nobody answered this client: closing says what they will receive and needs a yes.
    expect(await console_.textContent('#close-unanswered')).toMatch(/Клиент получит/);
    await console_.getByLabel('Да, закрыть без ответа').check();
    // Nothing on the page is wider than the phone's screen, with the form open.
    expect(await console_.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await console_.getByRole('button', { name: 'Сохранить запись и закрыть' }).click();

    expect(await console_.textContent('#flash')).toMatch(/Запись сохранена, обращение закрыто/);
    const record = (await console_.textContent('#record'))!;
    expect(record).toMatch(/Тяжёлые осложнения от инъекций/);
    expect(record).toMatch(/Приглашение в мобильный пункт/);
    expect(record).toMatch(/Решено/);
    expect(record).toMatch(/понадобился офлайн-шаг/);
    expect(await console_.locator('#close, #drop, #reply-text, #claim').count()).toBe(0);

    // The client gets the closing message and the rating request.
    await sim.goto(clientChat);
    const chat = (await sim.textContent('.chat'))!;
    expect(chat).toMatch(/Обращение закрыто\. Спасибо, что написали\./);
    expect(chat).toMatch(/Помогли ли мы вам\?/);
  });
});
