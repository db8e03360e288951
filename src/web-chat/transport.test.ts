import { Api, GrammyError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { useFreshDatabases } from '../../test/support/database.ts';
import { findOrCreateClient } from '../cases/clients.ts';
import { webMessagesOf } from '../cases/web-transcript.ts';
import { testVault } from '../console/testing.ts';
import { newSecret, webChatId, WEB_FROM_STAFF } from '../domain/web-chat.ts';
import { createLogger } from '../log.ts';
import { WebTransport } from './transport.ts';
import { Writable } from 'node:stream';

const db = useFreshDatabases();
const log = createLogger(new Writable({ write: (_c, _e, done) => done() }));

/** An API client whose every call that is not a web conversation's lands in `passed` (instead of the network). */
async function setUp() {
  const d = await db();
  const vault = testVault;
  const transport = new WebTransport({ db: d.db, vault, log }, { id: 42, first_name: 'Bot', username: 'netreach_bot' });
  const api = new Api('1:x', { apiRoot: 'http://127.0.0.1:9' });
  const passed: string[] = [];
  api.config.use(async (_prev, method) => {
    passed.push(method);
    return { ok: true, result: true as never };
  });
  api.config.use(transport.transformer);
  const chatId = webChatId(newSecret());
  const client = await findOrCreateClient({ db: d.db, vault, defaultLocale: 'ru' }, { id: chatId }, 'webchat', { chatId });
  return { d, vault, transport, api, passed, chatId, client };
}

describe('the web chat as the Bot API sees it', () => {
  it("answers sendMessage for a web conversation with Telegram's shape and writes the page", async () => {
    const s = await setUp();
    let heard = 0;
    s.transport.listen(s.client.id, () => heard++);
    const sent = await s.api.sendMessage(s.chatId, '<b>Звоните</b> 103 & ждите', { parse_mode: 'HTML', reply_markup: { inline_keyboard: [[{ text: 'OK', callback_data: 'ok' }]] } });
    expect(sent).toMatchObject({ chat: { id: s.chatId, type: 'private' }, from: { id: 42, is_bot: true }, text: 'Звоните 103 & ждите', entities: [{ type: 'bold', offset: 0, length: 7 }] });
    expect(sent.reply_markup?.inline_keyboard[0]![0]).toMatchObject({ callback_data: 'ok' });
    const page = await webMessagesOf({ db: s.d.db, vault: s.vault }, s.client.id);
    expect(page).toMatchObject([{ id: sent.message_id, author: 'bot', text: 'Звоните 103 & ждите' }]);
    expect(heard).toBe(1);
    expect(s.passed).toEqual([]);
    // A worker's words are marked so; the field never leaves for Telegram.
    await s.api.sendMessage(s.chatId, 'от сотрудника', { [WEB_FROM_STAFF]: true } as object);
    expect((await webMessagesOf({ db: s.d.db, vault: s.vault }, s.client.id)).at(-1)).toMatchObject({ fromStaff: true });
  });

  it("refuses as Telegram does: broken markup, empty or too long text, a message to edit that is not there, a chat it does not know", async () => {
    const s = await setUp();
    const refusal = async (p: Promise<unknown>) => {
      const err = await p.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(GrammyError);
      return (err as GrammyError).description;
    };
    expect(await refusal(s.api.sendMessage(s.chatId, '<b>open', { parse_mode: 'HTML' }))).toMatch(/^Bad Request: can't parse entities/);
    expect(await refusal(s.api.sendMessage(s.chatId, '   '))).toBe('Bad Request: message text is empty');
    expect(await refusal(s.api.sendMessage(s.chatId, 'x'.repeat(4097)))).toBe('Bad Request: message is too long');
    expect(await refusal(s.api.editMessageText(s.chatId, 999_999, 'new'))).toBe('Bad Request: message to edit not found');
    expect(await refusal(s.api.copyMessage(s.chatId, -100, 5))).toBe("Bad Request: message can't be copied");
    expect(await refusal(s.api.sendMessage(webChatId(newSecret()), 'hi'))).toBe('Bad Request: chat not found');
  });

  it('edits and deletes what it wrote, and leaves every other chat to Telegram', async () => {
    const s = await setUp();
    const m = await s.api.sendMessage(s.chatId, 'первое', { reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] } });
    const edited = await s.api.editMessageText(s.chatId, m.message_id, 'второе');
    expect(edited).toMatchObject({ text: 'второе' });
    const page = () => webMessagesOf({ db: s.d.db, vault: s.vault }, s.client.id);
    expect(await page()).toMatchObject([{ text: 'второе', edited: true }]);
    await expect(s.api.editMessageText(s.chatId, m.message_id, 'второе')).rejects.toThrow(/message is not modified/);
    expect(await s.api.deleteMessages(s.chatId, [m.message_id, 123_456])).toBe(true);
    expect(await page()).toEqual([]);
    expect(await s.api.answerCallbackQuery('web-abc')).toBe(true);

    await s.api.sendMessage(-1001234, 'staff group');
    await s.api.answerCallbackQuery('4815162342');
    expect(s.passed).toEqual(['sendMessage', 'answerCallbackQuery']);
  });
});
