import type { Api } from 'grammy';
import type { InlineKeyboardButton } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import type { TelegramEmulator } from './index.ts';
import { fails, useEmulator } from './testing.ts';

let emu: TelegramEmulator;
let api: Api;
let chat: number;
useEmulator((e, a) => {
  emu = e;
  api = a;
  chat = emu.createUser({ first_name: 'Ann' }).id;
  emu.userSends(chat, chat, { text: '/start' });
});

const button = (i: number): InlineKeyboardButton => ({ text: `B${i}`, callback_data: `b:${i}` });
const keyboard = (rows: InlineKeyboardButton[][]) => ({ reply_markup: { inline_keyboard: rows } });

describe('inline keyboards', () => {
  it('callback_data: 1-64 bytes (UTF-8), else BUTTON_DATA_INVALID; an empty one is no action at all', async () => {
    await api.sendMessage(chat, 'ok', keyboard([[{ text: 'x', callback_data: 'd'.repeat(64) }]]));
    expect(await fails(api.sendMessage(chat, 'x', keyboard([[{ text: 'x', callback_data: 'd'.repeat(65) }]])))).toBe('Bad Request: BUTTON_DATA_INVALID');
    // 33 Cyrillic letters are 66 bytes
    expect(await fails(api.sendMessage(chat, 'x', keyboard([[{ text: 'x', callback_data: 'я'.repeat(33) }]])))).toBe('Bad Request: BUTTON_DATA_INVALID');
    expect(await fails(api.sendMessage(chat, 'x', keyboard([[{ text: 'x', callback_data: '' }]])))).toBe(
      "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
    );
    expect(await fails(api.sendMessage(chat, 'x', { reply_markup: { inline_keyboard: [[{ callback_data: 'a' } as never]] } }))).toBe(
      'Bad Request: can\'t parse inline keyboard button: Can\'t find field "text"',
    );
    expect(await fails(api.sendMessage(chat, 'x', { reply_markup: { inline_keyboard: [['a' as never]] } }))).toBe(
      "Bad Request: can't parse inline keyboard button: InlineKeyboardButton must be an Object",
    );
    expect(await fails(api.sendMessage(chat, 'x', { reply_markup: { inline_keyboard: 'a' } as never }))).toBe('Bad Request: field "inline_keyboard" must be of type Array');
    // The same rules hold for edits.
    const m = await api.sendMessage(chat, 'menu', keyboard([[button(1)]]));
    expect(await fails(api.editMessageReplyMarkup(chat, m.message_id, { reply_markup: { inline_keyboard: [[{ text: 'x', callback_data: 'd'.repeat(65) }]] } }))).toBe(
      'Bad Request: BUTTON_DATA_INVALID',
    );
  });

  it('drops buttons with empty text, as Telegram does, and a keyboard left empty is no keyboard', async () => {
    const m = await api.sendMessage(chat, 'x', keyboard([[{ text: '', callback_data: 'gone' }, button(1)], [{ text: '', callback_data: 'gone too' }]]));
    expect(m.reply_markup).toEqual({ inline_keyboard: [[button(1)]] });
    const none = await api.sendMessage(chat, 'x', keyboard([[{ text: '', callback_data: 'gone' }]]));
    expect(none.reply_markup).toBeUndefined();
    expect((await api.sendMessage(chat, 'x', { reply_markup: {} as never })).reply_markup).toBeUndefined();
  });

  it('at most 100 buttons and about 10 KB: "reply markup is too long"', async () => {
    const rows = (n: number, per: number) => Array.from({ length: n }, (_, r) => Array.from({ length: per }, (_, i) => button(r * per + i)));
    await api.sendMessage(chat, 'x', keyboard(rows(20, 5)));
    expect(await fails(api.sendMessage(chat, 'x', keyboard(rows(101, 1))))).toBe('Bad Request: reply markup is too long');
    const long = Array.from({ length: 60 }, (_, i) => [{ text: `${'t'.repeat(120)}${i}`, callback_data: `${'d'.repeat(60)}${i % 10}` }]);
    expect(await fails(api.sendMessage(chat, 'x', keyboard(long)))).toBe('Bad Request: reply markup is too long');
  });

  it('accepts more than 8 buttons in a row, but apps show 8: a person cannot press the 9th', async () => {
    const m = await api.sendMessage(chat, 'x', keyboard([Array.from({ length: 9 }, (_, i) => button(i))]));
    expect(m.reply_markup?.inline_keyboard[0]).toHaveLength(9);
    emu.userPressesButton(chat, chat, m.message_id, 'b:7');
    expect(() => emu.userPressesButton(chat, chat, m.message_id, 'b:8')).toThrow(/at most 8 inline buttons in a row/);
    // TDLib keeps at most 12 of a row.
    const wide = await api.sendMessage(chat, 'x', keyboard([Array.from({ length: 14 }, (_, i) => button(i))]));
    expect(wide.reply_markup?.inline_keyboard[0]).toHaveLength(12);
  });

  it('edits take only an inline keyboard', async () => {
    const m = await api.sendMessage(chat, 'menu', keyboard([[button(1)]]));
    expect(await fails(api.editMessageText(chat, m.message_id, 'menu 2', { reply_markup: { keyboard: [[{ text: 'a' }]] } as never }))).toBe('Bad Request: inline keyboard expected');
  });
});

describe('reply keyboards', () => {
  it('keeps non-empty buttons, at most 12 a row; request buttons only in private chats', async () => {
    await api.sendMessage(chat, 'x', { reply_markup: { keyboard: [['a', { text: '' }, { text: 'b' }], Array.from({ length: 14 }, (_, i) => `k${i}`)] } as never });
    const shown = emu.replyKeyboard(chat)!;
    expect(shown.keyboard.map((r) => r.length)).toEqual([2, 12]);
    expect(shown.keyboard[0]).toEqual([{ text: 'a' }, { text: 'b' }]);
    expect(await fails(api.sendMessage(chat, 'x', { reply_markup: { keyboard: [[5 as never]] } as never }))).toBe(
      "Bad Request: can't parse keyboard button: KeyboardButton must be a String or an Object",
    );
    const g = emu.createGroup({ title: 'G', members: [] });
    expect(await fails(api.sendMessage(g.id, 'x', { reply_markup: { keyboard: [[{ text: 'Where', request_location: true }]] } }))).toBe(
      'Bad Request: location can be requested in private chats only',
    );
    await api.sendMessage(chat, 'x', { reply_markup: { keyboard: [[{ text: 'Where', request_location: true }]] } });
    await api.sendMessage(chat, 'x', { reply_markup: { remove_keyboard: true } });
    expect(emu.replyKeyboard(chat)).toBeUndefined();
  });
});
