import { Api, InputFile } from 'grammy';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../sandbox.ts';
import { TOPIC_ICONS } from '../emulator/topic-icons.ts';
import { createSimulatorApp } from './app.tsx';

/**
 * The simulator's chat with the bot and the staff group's topics over HTTP, on a sandbox with no bot
 * running (the bot is played here through the Bot API): what the bot sends shows as Telegram shows
 * it, and what a person does reaches the emulator as Telegram would send it.
 */
let sandbox: Sandbox;
let api: Api;
let http: Hono;

beforeEach(async () => {
  sandbox = createSandbox();
  api = new Api(sandbox.token, { apiRoot: (await sandbox.emulator.listen(0)).url });
  http = new Hono().route('/sandbox', createSimulatorApp(sandbox, { defaultLocale: 'ru', settle: async () => {} }));
});
afterEach(() => sandbox.close());

const get = async (path: string) => {
  const res = await http.request(path);
  expect(res.status, path).toBe(200);
  return res.text();
};
const post = (path: string, form: Record<string, string> = {}) =>
  http.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
const upload = (path: string, fields: Record<string, string | File>) => {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  return http.request(path, { method: 'POST', body });
};
const client = (name = 'Марина') => {
  const u = sandbox.emulator.createUser({ first_name: name, language_code: 'ru' });
  sandbox.emulator.userSends(u.id, u.id, { text: '/start' });
  return u;
};
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
/** The rows of the inline keyboard under message `id`: each row's button texts. */
const rowsOf = (page: string, id: number) => {
  const msg = page.slice(page.indexOf(`id="m${id}"`));
  const kb = msg.slice(msg.indexOf('<div class="ikb"'), msg.indexOf('</div></div>', msg.indexOf('<div class="ikb"')) + 6);
  return kb
    .split('<div class="r">')
    .slice(1)
    .map((row) => [...row.matchAll(/>([^<>]+)<(?:\/button|span class="out")/g)].map((m) => m[1]));
};

describe('the simulator: a chat with the bot', () => {
  it('draws formatting from the entities the bot sent, never the bot\'s markup itself', async () => {
    const u = client();
    await api.sendMessage(u.id, '<b>Срочно</b>: <i>звоните</i> <code>103</code> &lt;script&gt; <a href="javascript:alert(1)">x</a> <tg-spoiler>тайна</tg-spoiler>', { parse_mode: 'HTML' });
    const page = await get(`/sandbox/clients/${u.id}?lang=ru`);
    expect(page).toContain('<b>Срочно</b>: <i>звоните</i> <code>103</code> &lt;script&gt; x <span class="spoiler" tabindex="0">тайна</span>');
    expect(page).not.toContain('javascript:');
  });

  it('labels the person\'s own messages "Вы" (on the right) and the bot\'s with its name', async () => {
    const u = client();
    await api.sendMessage(u.id, 'Здравствуйте!');
    sandbox.emulator.userSends(u.id, u.id, { text: 'Привет' });
    const page = await get(`/sandbox/clients/${u.id}?lang=ru`);
    expect(page).toMatch(/class="msg mine first last" id="m3"><div class="bubble"><span class="who c\d">Вы<\/span>/);
    expect(page).toMatch(/class="msg first last" id="m2"><div class="bubble"><span class="who c\d">Netreach<\/span>/);
    expect(page).not.toContain('>Бот<');
    const en = await get(`/sandbox/clients/${u.id}?lang=en`);
    expect(en).toMatch(/<span class="who c\d">You<\/span>/);
  });

  it('lays out the inline keyboard row by row as sent, and its buttons press, link and deep-link', async () => {
    const u = client();
    const bot = sandbox.emulator.botUser.username!;
    const sent = await api.sendMessage(u.id, 'Меню', {
      reply_markup: {
        inline_keyboard: [
          [{ text: '— Услуги —', callback_data: 'noop' }],
          [
            { text: 'Консультация', callback_data: 'a' },
            { text: 'Тест', callback_data: 'b' },
          ],
          [{ text: 'Сайт', url: 'https://example.org/' }, { text: 'Бот', url: `https://t.me/${bot}?start=unit` }],
        ],
      },
    });
    const page = await get(`/sandbox/clients/${u.id}?lang=ru`);
    expect(rowsOf(page, sent.message_id)).toEqual([['— Услуги —'], ['Консультация', 'Тест'], ['Сайт', 'Бот']]);

    const pressed = await post(`/sandbox/clients/${u.id}/press?lang=ru`, { message_id: String(sent.message_id), data: 'b' });
    expect(pressed.status).toBe(303);
    const update = (await api.getUpdates()).at(-1)!;
    expect(update.callback_query).toMatchObject({ data: 'b', from: { id: u.id } });
  });

  it('shows what a pressed button answered: a toast, or an alert', async () => {
    const u = client();
    const sent = await api.sendMessage(u.id, 'Оцените', { reply_markup: { inline_keyboard: [[{ text: '👍', callback_data: 'up' }]] } });
    // The bot answers the press as soon as it comes (here: while the simulator waits for it).
    const answered = new Set<string>();
    http = new Hono().route(
      '/sandbox',
      createSimulatorApp(sandbox, {
        defaultLocale: 'ru',
        settle: async () => {
          for (const up of await api.getUpdates({ offset: -1 })) {
            if (up.callback_query && !answered.has(up.callback_query.id)) {
              answered.add(up.callback_query.id);
              await api.answerCallbackQuery(up.callback_query.id, { text: 'Спасибо за оценку!' });
            }
          }
        },
      }),
    );
    const res = await post(`/sandbox/clients/${u.id}/press?lang=ru`, { message_id: String(sent.message_id), data: 'up' });
    const to = res.headers.get('location')!;
    expect(to).toMatch(/toast=/);
    expect(to).not.toContain('#');
    expect(await get(to)).toContain('<div class="toast" role="status">Спасибо за оценку!</div>');
  });

  it('shows the reply keyboard row by row under the composer; a button sends its text, a location button a location', async () => {
    const u = client();
    await api.sendMessage(u.id, 'Выберите', {
      reply_markup: { keyboard: [[{ text: 'Да' }, { text: 'Нет' }], [{ text: '📍 Где я', request_location: true }]], resize_keyboard: true, input_field_placeholder: 'Ответ…' },
    });
    const page = await get(`/sandbox/clients/${u.id}?lang=ru`);
    const kbd = page.slice(page.indexOf('<div id="kbd"'), page.indexOf('</form>', page.indexOf('<div id="kbd"')));
    expect(kbd.split('<div class="r">').slice(1).map((r) => [...r.matchAll(/value="([^"]+)"/g)].map((m) => m[1]))).toEqual([['Да', 'Нет'], ['📍 Где я']]);
    expect(kbd).toContain(`formaction="/sandbox/clients/${u.id}/location?lang=ru"`);
    expect(page).toContain('placeholder="Ответ…"');

    await upload(`/sandbox/clients/${u.id}/send?lang=ru`, { kbd: 'Да', text: '' });
    expect(sandbox.emulator.messages(u.id).at(-1)).toMatchObject({ text: 'Да', from: { id: u.id } });
    await post(`/sandbox/clients/${u.id}/location?lang=ru`, { kbd: '📍 Где я' });
    expect(sandbox.emulator.messages(u.id).at(-1)!.location).toBeDefined();
  });

  it('sends a photo (multipart, as scripts-off browsers post it) with its caption, and shows it from its own origin', async () => {
    const u = client();
    const res = await upload(`/sandbox/clients/${u.id}/send?lang=ru`, { text: 'рана на руке', file: new File([PNG], 'hand.png', { type: 'image/png' }) });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/sandbox/clients/${u.id}?lang=ru`);
    const m = sandbox.emulator.messages(u.id).at(-1)!;
    expect(m).toMatchObject({ caption: 'рана на руке', from: { id: u.id } });
    expect(m.photo?.length).toBeGreaterThan(0);

    const page = await get(`/sandbox/clients/${u.id}?lang=ru`);
    const src = new RegExp(`<img src="(/sandbox/file/${u.id}/${m.message_id})"`).exec(page)?.[1];
    expect(src).toBeDefined();
    const img = await http.request(src!);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(img.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await img.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('sends any other file as a document with its name, offered as a download (never shown as a page)', async () => {
    const u = client();
    await upload(`/sandbox/clients/${u.id}/send?lang=ru`, { text: '', file: new File(['<script>alert(1)</script>'], '../справка.html', { type: 'text/html' }) });
    const m = sandbox.emulator.messages(u.id).at(-1)!;
    expect(m.document).toMatchObject({ file_name: 'справка.html', mime_type: 'text/html' });
    const page = await get(`/sandbox/clients/${u.id}?lang=ru`);
    expect(page).toContain(`<a class="file" href="/sandbox/file/${u.id}/${m.message_id}" download="">`);
    expect(page).toContain('справка.html');
    const file = await http.request(`/sandbox/file/${u.id}/${m.message_id}`);
    expect(file.headers.get('content-type')).toBe('application/octet-stream');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; .*filename\*=UTF-8''%D1%81%D0%BF%D1%80%D0%B0%D0%B2%D0%BA%D0%B0\.html$/);
    expect(file.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('shows a photo the bot sends', async () => {
    const u = client();
    const sent = await api.sendPhoto(u.id, new InputFile(PNG, 'map.png'), { caption: '<b>Карта</b>', parse_mode: 'HTML' });
    const page = await get(`/sandbox/clients/${u.id}?lang=ru`);
    expect(page).toContain(`<img src="/sandbox/file/${u.id}/${sent.message_id}"`);
    expect(page).toContain('<b>Карта</b>');
  });

  it('opens at the newest message (a scroller that starts at its end, #last after it) and comes back to the same address after each action', async () => {
    const u = client();
    await api.sendMessage(u.id, 'Здравствуйте!');
    const page = await get(`/sandbox/clients/${u.id}?lang=ru`);
    expect(page).toMatch(/<span id="last" class="end" data-last="2"/);
    expect(page).toMatch(/<main id="main" class="wall"/);
    // No fragment in the address it comes back to: opening the same address again reloads it.
    expect(page).toContain('.wall{flex:1 1 auto;min-height:0;overflow-y:auto;display:flex;flex-direction:column-reverse');
    const sent = await post(`/sandbox/clients/${u.id}/send?lang=ru`, { text: 'Привет' });
    expect(sent.headers.get('location')).toBe(`/sandbox/clients/${u.id}?lang=ru`);
  });

  it('opens a deep link in a message on the bot\'s page with its Start button, which sends /start with the payload', async () => {
    const u = client();
    const bot = sandbox.emulator.botUser.username!;
    await api.sendMessage(u.id, `Автобус: <a href="https://t.me/${bot}?start=unit">расписание</a>`, { parse_mode: 'HTML' });
    const page = await get(`/sandbox/clients/${u.id}?lang=ru`);
    const href = `/sandbox/clients/${u.id}/open?lang=ru&amp;start=unit`;
    expect(page).toContain(`<a href="${href}">расписание</a>`);
    const open = await get(href.replace(/&amp;/g, '&'));
    expect(open).toContain('name="payload" value="unit"');
    expect(open).toContain('>Начать</button>');
    await post(`/sandbox/clients/${u.id}/start?lang=ru`, { payload: 'unit' });
    expect(sandbox.emulator.messages(u.id).at(-1)!.text).toBe('/start unit');
  });

  it('is a page of its own origin only (CSP), with its script, its live parts and its events', async () => {
    const u = client();
    const res = await http.request(`/sandbox/clients/${u.id}?lang=ru`);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const page = await res.text();
    expect(page).toContain('<script src="/sandbox/static/chat.js" defer="">');
    expect(page).toContain(`data-events="/sandbox/events?chat=${u.id}"`);
    const js = await http.request('/sandbox/static/chat.js');
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(await js.text()).toContain('EventSource');

    await api.sendMessage(u.id, 'Новое');
    const part = await get(`/sandbox/clients/${u.id}?lang=ru&part=live`);
    expect(part).not.toContain('<html');
    expect(part).toContain('id="chat" data-live=""');
    expect(part).toContain('Новое');

    const events = await http.request(`/sandbox/events?chat=${u.id}`);
    expect(events.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = events.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('event: ready');
    await api.sendMessage(u.id, 'Ещё одно');
    const next = new TextDecoder().decode((await reader.read()).value);
    expect(next).toContain('event: change');
    await reader.cancel();
  });
});

describe('the simulator: times', () => {
  it('writes the time under each message, and the day above each day, in the organisation\'s time zone when given', async () => {
    const u = client();
    const m = sandbox.emulator.messages(u.id)[0]!;
    http = new Hono().route('/sandbox', createSimulatorApp(sandbox, { defaultLocale: 'ru', settle: async () => {}, timeZone: () => 'Asia/Vladivostok' }));
    const page = await get(`/sandbox/clients/${u.id}?lang=ru`);
    const expected = new Intl.DateTimeFormat('ru-RU', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Vladivostok' }).format(new Date(m.date * 1000));
    expect(page).toContain(`<time datetime="${new Date(m.date * 1000).toISOString()}">${expected}</time>`);
    expect(page).toContain('<span>Сегодня</span>');
  });
});

describe('the simulator: forms from elsewhere', () => {
  it('refuses a post from another site or an opaque origin, and takes its own', async () => {
    const u = client();
    const from = (origin: string) =>
      http.request(`http://sim.test/sandbox/clients/${u.id}/send`, { method: 'POST', headers: { origin, host: 'sim.test', 'content-type': 'application/x-www-form-urlencoded' }, body: 'text=hi' });
    expect((await from('http://evil.example')).status).toBe(403);
    expect((await from('null')).status).toBe(403);
    expect((await from('http://sim.test')).status).toBe(303);
  });
});

describe('the simulator: the staff group', () => {
  const emoji = (e: string) => TOPIC_ICONS.find(([x]) => x === e)![1];

  it('lists the topics with their icon, current name, closed state and the pinned emergency', async () => {
    const staff = sandbox.staffChatId;
    const a = await api.createForumTopic(staff, '🆕 #1 · Клиент K7QF', { icon_custom_emoji_id: emoji('🔥') });
    const b = await api.createForumTopic(staff, '💬 #2 · Клиент AB12');
    await api.editForumTopic(staff, b.message_thread_id, { name: '✅ #2 · Клиент AB12', icon_custom_emoji_id: emoji('✅') });
    await api.closeForumTopic(staff, b.message_thread_id);
    const alert = await api.sendMessage(staff, '🚨 ВОЗМОЖНАЯ ПЕРЕДОЗИРОВКА — обращение #1.', { message_thread_id: a.message_thread_id });
    await api.pinChatMessage(staff, alert.message_id);

    const list = await get('/sandbox/staff?lang=ru');
    const rowOf = (name: string) => list.slice(list.lastIndexOf('<li>', list.indexOf(name)), list.indexOf('</li>', list.indexOf(name)));
    expect(rowOf('#1 · Клиент K7QF')).toContain('<span class="avatar icon" aria-hidden="true">🔥</span>');
    expect(rowOf('#1 · Клиент K7QF')).toMatch(/<span class="marks" id="topics-\d+-m">🚨<\/span>/);
    expect(rowOf('#1 · Клиент K7QF')).not.toContain('🔒');
    expect(rowOf('#2 · Клиент AB12')).toContain('✅ #2 · Клиент AB12');
    expect(rowOf('#2 · Клиент AB12')).toContain('<span class="avatar icon" aria-hidden="true">✅</span>');
    expect(rowOf('#2 · Клиент AB12')).toContain('🔒 закрыта');
    expect(list).not.toContain('💬 #2');
    // Each row is named by its topic (and marks) alone; the last message describes it.
    expect(rowOf('#1 · Клиент K7QF')).toMatch(/aria-labelledby="topics-(\d+)-n topics-\1-m" aria-describedby="topics-\1-l"/);
    // The General topic first, as in Telegram.
    expect(list.indexOf('>General<')).toBeLessThan(list.indexOf('#1 · Клиент K7QF'));
    // The start page lists them too.
    expect(await get('/sandbox?lang=ru')).toContain('✅ #2 · Клиент AB12');

    const topic = await get(`/sandbox/staff/${a.message_thread_id}?lang=ru`);
    expect(topic).toContain('<h1>🆕 #1 · Клиент K7QF</h1>');
    expect(topic).toContain('🚨 передозировка');
    expect(topic).toContain('<b>Закреплённое сообщение</b><small>🚨 ВОЗМОЖНАЯ ПЕРЕДОЗИРОВКА — обращение #1.</small>');
    const closed = await get(`/sandbox/staff/${b.message_thread_id}?lang=ru`);
    expect(closed).toContain('Тема закрыта');
    expect(closed).toContain('Тема называется «✅ #2 · Клиент AB12» · Значок темы: ✅');
  });

  it('shows each message\'s author, the played worker\'s own on the right; a worker sends text, photos and replies', async () => {
    const staff = sandbox.staffChatId;
    const [anna, boris] = sandbox.workerIds as [number, number];
    const topic = await api.createForumTopic(staff, '🆕 #1 · Клиент K7QF');
    const copy = await api.sendMessage(staff, 'Где сегодня автобус?', { message_thread_id: topic.message_thread_id });
    sandbox.emulator.userSends(boris, staff, { text: 'Я отвечу' }, { message_thread_id: topic.message_thread_id });

    const page = await get(`/sandbox/staff/${topic.message_thread_id}?lang=ru&as=${anna}`);
    expect(page).toMatch(/class="msg first last" id="m\d+"><div class="bubble"><span class="who c\d">Netreach<\/span><div class="text">Где сегодня автобус\?/);
    expect(page).toMatch(/class="msg first last" id="m\d+"><div class="bubble"><span class="who c\d">Boris \(doctor\)<\/span>/);

    const res = await upload(`/sandbox/staff/${topic.message_thread_id}/send?lang=ru&as=${anna}`, { worker: String(anna), text: 'Сегодня у Ладожской', reply_to: String(copy.message_id) });
    expect(res.headers.get('location')).toBe(`/sandbox/staff/${topic.message_thread_id}?lang=ru&as=${anna}`);
    const sent = sandbox.emulator.messages(staff, { threadId: topic.message_thread_id }).at(-1)!;
    expect(sent).toMatchObject({ text: 'Сегодня у Ладожской', from: { id: anna } });
    expect(sent.reply_to_message?.message_id).toBe(copy.message_id);
    await upload(`/sandbox/staff/${topic.message_thread_id}/send?lang=ru&as=${anna}`, { worker: String(anna), text: '', file: new File([PNG], 'map.png', { type: 'image/png' }) });
    expect(sandbox.emulator.messages(staff, { threadId: topic.message_thread_id }).at(-1)!.photo).toBeDefined();

    const after = await get(`/sandbox/staff/${topic.message_thread_id}?lang=ru&as=${anna}`);
    expect(after).toMatch(/class="msg mine first" id="m\d+"><div class="bubble"><span class="who c\d">Anna \(outreach worker\)<\/span><a class="quote" href="#m\d+"><b>Netreach<\/b><span>Где сегодня автобус\?<\/span><\/a>/);
  });
});
