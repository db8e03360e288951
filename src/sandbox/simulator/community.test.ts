import { Api, InputFile } from 'grammy';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../sandbox.ts';
import { createSimulatorApp } from './app.tsx';
import { startCommand, startPayload } from './views.tsx';

/**
 * The simulator's community chat and channel pages over HTTP, on a sandbox with no bot running:
 * what a person does there reaches the emulator as Telegram would send it, and what the bot sends
 * (played here through the Bot API) shows on the pages.
 */
let sandbox: Sandbox;
let api: Api;
let http: Hono;
let settled = 0;

beforeEach(async () => {
  sandbox = createSandbox();
  api = new Api(sandbox.token, { apiRoot: (await sandbox.emulator.listen(0)).url });
  http = new Hono().route('/sandbox', createSimulatorApp(sandbox, { defaultLocale: 'ru', settle: async () => void settled++ }));
});
afterEach(() => sandbox.close());

const get = async (path: string) => {
  const res = await http.request(path);
  expect(res.status, path).toBe(200);
  return res.text();
};
const post = (path: string, form: Record<string, string> = {}) =>
  http.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
const client = (name = 'Марина') => sandbox.emulator.createUser({ first_name: name, language_code: 'ru' });
const texts = (chatId: number) => sandbox.emulator.messages(chatId).map((m) => m.text);
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe('the simulator: community chat', () => {
  it('is linked from the start page and every page\'s navigation', async () => {
    const start = await get('/sandbox?lang=en');
    expect(start).toContain('href="/sandbox/community?lang=en"');
    expect(start).toContain('href="/sandbox/channel?lang=en"');
    expect(start).toContain('Community chat');
    const u = client();
    const chat = await get(`/sandbox/clients/${u.id}?lang=ru`);
    expect(chat).toContain(`href="/sandbox/community?lang=ru&amp;as=${u.id}"`);
    expect(chat).toContain('Чат сообщества');
  });

  it('lets a played client join directly, write, reply to a message and leave', async () => {
    const emu = sandbox.emulator;
    const u = client();
    let page = await get(`/sandbox/community?lang=ru&as=${u.id}`);
    expect(page).toContain('Марина не в чате');
    expect(page).toContain('Вступить напрямую');
    expect(page).toContain('Ссылок-приглашений пока нет');

    const joined = await post(`/sandbox/community/join?lang=ru&as=${u.id}`);
    expect(joined.status).toBe(303);
    expect(joined.headers.get('location')).toBe(`/sandbox/community?lang=ru&as=${u.id}#write`);
    expect(settled).toBe(1); // it waited for the bot before coming back
    expect(emu.membership(sandbox.communityChatId, u.id).inChat).toBe(true);
    expect(emu.messages(sandbox.communityChatId).at(-1)!.new_chat_members?.[0]!.id).toBe(u.id);

    const first = emu.userSends(sandbox.workerIds[0]!, sandbox.communityChatId, { text: 'Кто знает, где сегодня автобус?' });
    page = await get(`/sandbox/community?lang=ru&as=${u.id}&reply=${first.message_id}`);
    expect(page).toContain('Марина в чате.');
    expect(page).toContain('Anna (outreach worker) · админ');
    expect(page).toContain(`name="reply_to" value="${first.message_id}"`);
    expect(page).toContain('↩ Anna (outreach worker) · админ: Кто знает, где сегодня автобус?');

    await post(`/sandbox/community/send?lang=ru&as=${u.id}`, { text: 'У Ладожской', reply_to: String(first.message_id) });
    const mine = emu.messages(sandbox.communityChatId).at(-1)!;
    expect(mine).toMatchObject({ text: 'У Ладожской', from: { id: u.id } });
    expect(mine.reply_to_message?.message_id).toBe(first.message_id);
    page = await get(`/sandbox/community?lang=ru&as=${u.id}`);
    expect(page).toContain('У Ладожской');
    expect(page).toMatch(/class="msg mine[^"]*" id="m\d+"><div class="bubble"><span class="who c\d">Марина<\/span>/);

    await post(`/sandbox/community/leave?lang=ru&as=${u.id}`);
    expect(emu.membership(sandbox.communityChatId, u.id).inChat).toBe(false);
    expect(await get(`/sandbox/community?lang=ru&as=${u.id}`)).toContain('Марина не в чате');
  });

  it('lets a worker moderate by replying (/mute 30m), and shows a muted member why they cannot write', async () => {
    const emu = sandbox.emulator;
    const u = client();
    emu.userJoins(u.id, sandbox.communityChatId);
    const offTopic = emu.userSends(u.id, sandbox.communityChatId, { text: 'оффтоп' });
    const worker = sandbox.workerIds[0]!;
    const page = await get(`/sandbox/community?lang=ru&as=${worker}`);
    expect(page).toContain('/mute 30m');
    await post(`/sandbox/community/send?lang=ru&as=${worker}`, { text: '/mute 30m оффтоп', reply_to: String(offTopic.message_id) });
    const command = emu.messages(sandbox.communityChatId).at(-1)!;
    expect(command).toMatchObject({ text: '/mute 30m оффтоп', from: { id: worker } });
    expect(command.reply_to_message?.message_id).toBe(offTopic.message_id);

    // What the bot does with it: the member muted for 30 minutes.
    await api.restrictChatMember(sandbox.communityChatId, u.id, { can_send_messages: false }, { until_date: Math.floor(emu.now() / 1000) + 30 * 60 });
    const refused = await post(`/sandbox/community/send?lang=ru&as=${u.id}`, { text: 'эй' });
    expect(refused.status).toBe(303);
    const back = refused.headers.get('location')!;
    expect(back).toMatch(/err=/);
    const shown = await get(back);
    expect(shown).toContain('role="alert"');
    expect(shown).toContain('сейчас вы не можете писать');
    expect(shown).toContain('не может писать ещё 30 минут');
    expect(texts(sandbox.communityChatId)).not.toContain('эй');
  });

  it("offers the console's invite links, and one that makes join requests sends a request and opens the private chat", async () => {
    const emu = sandbox.emulator;
    const link = await api.createChatInviteLink(sandbox.communityChatId, { name: 'Автобус, Ладожская', creates_join_request: true });
    const revoked = await api.createChatInviteLink(sandbox.communityChatId, { name: 'Старая' });
    await api.revokeChatInviteLink(sandbox.communityChatId, revoked.invite_link);
    const u = client();
    const page = await get(`/sandbox/community?lang=ru&as=${u.id}`);
    expect(page).toContain(`value="${link.invite_link}"`);
    expect(page).toContain('Автобус, Ладожская · с заявкой');
    expect(page).not.toContain('Старая');

    const res = await post(`/sandbox/community/join-link?lang=ru&as=${u.id}`, { link: link.invite_link });
    expect(res.headers.get('location')).toBe(`/sandbox/clients/${u.id}?lang=ru`);
    expect(emu.membership(sandbox.communityChatId, u.id)).toMatchObject({ inChat: false, requested: true });
    expect(await get(`/sandbox/community?lang=ru&as=${u.id}`)).toContain('Марина подал(а) заявку');

    // Asking again: Telegram's answer, on the page.
    const again = await post(`/sandbox/community/join-link?lang=ru&as=${u.id}`, { link: link.invite_link });
    expect(await get(again.headers.get('location')!)).toContain('заявка на вступление уже ждёт одобрения');
  });

  it("follows the bot's deep links (URL buttons to t.me/<bot>?start=…) as /start in the person's private chat; other URLs stay links", async () => {
    const emu = sandbox.emulator;
    const bot = emu.botUser.username!;
    const u = client();
    emu.userSends(u.id, u.id, { text: '/start' });
    await api.sendMessage(u.id, 'Правила чата', {
      reply_markup: { inline_keyboard: [[{ text: 'Принимаю', url: `https://t.me/${bot}?start=join_7` }, { text: 'Сайт', url: 'https://example.org/rules' }]] },
    });
    const page = await get(`/sandbox/clients/${u.id}?lang=ru`);
    expect(page).toContain(`action="/sandbox/clients/${u.id}/start?lang=ru"`);
    expect(page).toContain('name="payload" value="join_7"');
    expect(page).toContain('href="https://example.org/rules"');
    const res = await post(`/sandbox/clients/${u.id}/start?lang=ru`, { payload: 'join_7' });
    expect(res.headers.get('location')).toBe(`/sandbox/clients/${u.id}?lang=ru`);
    expect(emu.messages(u.id).at(-1)).toMatchObject({ text: '/start join_7', from: { id: u.id } });

    // In the community chat: "continue privately" under a question.
    emu.userJoins(u.id, sandbox.communityChatId);
    await api.sendMessage(sandbox.communityChatId, 'Продолжить в личке?', { reply_markup: { inline_keyboard: [[{ text: 'Продолжить', url: `https://t.me/${bot}?start=q_AbC-1` }]] } });
    const chat = await get(`/sandbox/community?lang=ru&as=${u.id}`);
    expect(chat).toContain(`action="/sandbox/community/start?lang=ru&amp;as=${u.id}"`);
    expect(chat).toContain('value="q_AbC-1"');
    const opened = await post(`/sandbox/community/start?lang=ru&as=${u.id}`, { payload: 'q_AbC-1' });
    expect(opened.headers.get('location')).toBe(`/sandbox/clients/${u.id}?lang=ru`);
    expect(emu.messages(u.id).at(-1)!.text).toBe('/start q_AbC-1');
  });

  it('reads deep links as Telegram does', () => {
    expect(startPayload('https://t.me/netreach_bot?start=a_hiv', 'Netreach_bot')).toBe('a_hiv');
    expect(startPayload('tg://resolve?domain=netreach_bot&start=join_2', 'netreach_bot')).toBe('join_2');
    expect(startPayload('https://t.me/netreach_bot', 'netreach_bot')).toBe('');
    expect(startPayload('https://t.me/other_bot?start=x', 'netreach_bot')).toBeUndefined();
    expect(startPayload('https://example.org/?start=x', 'netreach_bot')).toBeUndefined();
    expect(startCommand('q_a b<c>')).toBe('/start q_abc');
    expect(startCommand('')).toBe('/start');
  });

  it('refuses a community form posted from another site', async () => {
    const u = client();
    const res = await http.request(`/sandbox/community/join?as=${u.id}`, { method: 'POST', headers: { origin: 'http://evil.example', host: 'localhost' } });
    expect(res.status).toBe(403);
    expect(sandbox.emulator.membership(sandbox.communityChatId, u.id).inChat).toBe(false);
  });
});

describe('the simulator: channel', () => {
  it("shows the channel's posts, newest last, with their photos", async () => {
    await api.sendMessage(sandbox.channelId, 'Первый пост');
    await api.sendPhoto(sandbox.channelId, new InputFile(PNG, 'bus.png'), { caption: 'Автобус в субботу' });
    const page = await get('/sandbox/channel?lang=ru');
    expect(page.indexOf('Первый пост')).toBeLessThan(page.indexOf('Автобус в субботу'));
    const src = /<img src="([^"]+)"/.exec(page)?.[1];
    expect(src).toMatch(/^\/sandbox\/file\//);
    const img = await http.request(src!);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await img.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it("lets a played client write to the channel and shows their conversation (their topic of the channel's direct messages)", async () => {
    const emu = sandbox.emulator;
    const dm = emu.directMessagesChatOf(sandbox.channelId)!;
    expect(dm).toBeDefined();
    const a = client('Марина');
    const b = client('Олег');
    let page = await get(`/sandbox/channel?lang=ru&as=${a.id}`);
    expect(page).toContain('В канал пока ничего не написано');

    const res = await post(`/sandbox/channel/send?lang=ru&as=${a.id}`, { text: 'Где найти автобус в субботу?' });
    expect(res.headers.get('location')).toBe(`/sandbox/channel?lang=ru&as=${a.id}#write`);
    expect(emu.messages(dm.id, { topicId: a.id }).map((m) => m.text)).toEqual(['Где найти автобус в субботу?']);
    // The bot answers in the person's topic.
    await api.sendMessage(dm.id, 'В субботу у м. Ладожская', { direct_messages_topic_id: a.id });

    page = await get(`/sandbox/channel?lang=ru&as=${a.id}`);
    expect(page).toContain('Где найти автобус в субботу?');
    expect(page).toContain('В субботу у м. Ладожская');
    // Another person sees only their own conversation.
    page = await get(`/sandbox/channel?lang=ru&as=${b.id}`);
    expect(page).not.toContain('Где найти автобус в субботу?');
    expect(page).toContain('Переписка с каналом: Олег');
  });
});
