import { Api, GrammyError } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { CALLBACK_QUERY_TIMEOUT_MS } from './engine.ts';
import { TelegramEmulator, type TelegramEmulatorOptions } from './index.ts';

const TOO_OLD = 'Bad Request: query is too old and response timeout expired or query ID is invalid';

let emu: TelegramEmulator;
afterEach(() => emu.close());

async function start(opts: TelegramEmulatorOptions = {}): Promise<Api> {
  emu = new TelegramEmulator({ limits: false, ...opts });
  return new Api(emu.token, { apiRoot: (await emu.listen(0)).url });
}

async function fails(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof GrammyError) return `${e.error_code} ${e.description}`;
    throw e;
  }
  throw new Error('the call succeeded');
}

/** A user presses the "ok" button of a message the bot sent. */
async function press(api: Api): Promise<string> {
  const u = emu.users()[0] ?? emu.createUser({ first_name: 'Ann' });
  if (!emu.messages(u.id).length) emu.userSends(u.id, u.id, { text: '/start' });
  const m = await api.sendMessage(u.id, 'Choose', { reply_markup: { inline_keyboard: [[{ text: 'OK', callback_data: 'ok' }]] } });
  return emu.userPressesButton(u.id, u.id, m.message_id, 'ok').id;
}

describe('answerCallbackQuery', () => {
  it('answers a fresh query once; a second answer, an unknown id and an old query all fail as on Telegram', async () => {
    const api = await start();
    const id = await press(api);
    expect(await api.answerCallbackQuery(id, { text: 'Done' })).toBe(true);
    expect(emu.callbackAnswer(id)?.text).toBe('Done');
    expect(await fails(api.answerCallbackQuery(id))).toBe(`400 ${TOO_OLD}`);
    expect(await fails(api.answerCallbackQuery('4242424242'))).toBe(`400 ${TOO_OLD}`);

    const late = await press(api);
    emu.advanceClock(CALLBACK_QUERY_TIMEOUT_MS + 1);
    expect(await fails(api.answerCallbackQuery(late))).toBe(`400 ${TOO_OLD}`);
    expect(emu.callbackAnswer(late)).toBeUndefined();
  });

  it('is answerable until the window closes, whose length an option sets', async () => {
    expect(CALLBACK_QUERY_TIMEOUT_MS).toBe(15_000);
    const api = await start({ callbackQueryTimeoutMs: 60_000 });
    const id = await press(api);
    emu.advanceClock(59_000);
    expect(await api.answerCallbackQuery(id)).toBe(true);
    const other = await press(api);
    emu.advanceClock(60_001);
    expect(await fails(api.answerCallbackQuery(other))).toBe(`400 ${TOO_OLD}`);
  });
});
