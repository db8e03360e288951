import { describe, expect, it } from 'vitest';
import { clientWrites, setUpFirstAdmin, useBrowserSandbox } from './browser.ts';

const sandbox = useBrowserSandbox();

describe('the console with the simulator', () => {
  it('shows a client message live in the inbox, and a reply from the console reaches the client', async () => {
    const console_ = await sandbox.browser.newPage({ viewport: { width: 390, height: 844 } });
    await setUpFirstAdmin(console_, sandbox.setupLink);
    await console_.waitForSelector('#no-cases');

    // A client writes, in the simulator (another tab, scripts off).
    const sim = await clientWrites(sandbox, 'Ольга', 'нужна консультация юриста по документам');
    const clientChat = sim.url();

    // The inbox updates by itself (server-sent events), with no reload.
    const row = await console_.waitForSelector('li[data-case]', { timeout: 15_000 });
    expect(await row.textContent()).toMatch(/[2-9A-Z]{4}\s*#1/);

    await console_.click('li[data-case] a');
    expect(await console_.textContent('#transcript')).toMatch(/нужна консультация юриста по документам/);
    await console_.getByLabel('Сообщение клиенту').fill('Здравствуйте! Юрист будет в четверг, напишите удобное время.');
    await console_.getByRole('button', { name: 'Отправить', exact: true }).click();

    await sim.goto(clientChat);
    expect(await sim.textContent('.chat')).toMatch(/Юрист будет в четверг/);
  });
});
