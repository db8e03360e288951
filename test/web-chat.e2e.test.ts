import { afterEach, describe, expect, it } from 'vitest';
import { cases, clients, webMessages } from '../src/db/schema/index.ts';
import { WebChatGuard } from '../src/web-chat/abuse.ts';
import { webChatId } from '../src/domain/web-chat.ts';
import { eq } from 'drizzle-orm';
import { replyToClient } from '../src/cases/reply.ts';
import { startPeriodic } from '../src/jobs/periodic.ts';
import { searchEverything } from './support/privacy-search.ts';
import { closeWithRecord, startTestSystem, type TestSystem } from './support/system.ts';

let sys: TestSystem | undefined;
afterEach(async () => {
  await sys?.stop();
  sys = undefined;
});

/** A browser with no cookie jar but the one it is given: forms are read from the page and sent back. */
class Page {
  html = '';
  status = 0;
  url = '';
  headers = new Headers();
  constructor(
    readonly base: string,
    readonly extra: Record<string, string> = {},
  ) {}

  async get(path: string): Promise<this> {
    return this.#take(await fetch(this.base + path, { headers: this.extra, redirect: 'manual' }));
  }

  /** Submits the form whose action is `action` (the first one, or the one holding `marker`), with `fields` on top of its hidden inputs. */
  async submit(action: string, fields: Record<string, string> = {}, marker?: string): Promise<this> {
    const forms = [...this.html.matchAll(/<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)].filter((m) => decode(m[1]!).replace(/#.*$/, '') === action && (!marker || m[2]!.includes(marker)));
    if (forms.length === 0) throw new Error(`no form for ${action} on ${this.url}`);
    const hidden = Object.fromEntries([...forms[0]![2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, decode(m[2]!)]));
    return this.post(action, { ...hidden, ...fields });
  }

  async post(path: string, fields: Record<string, string>): Promise<this> {
    return this.#take(
      await fetch(this.base + path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...this.extra },
        body: new URLSearchParams(fields).toString(),
        redirect: 'manual',
      }),
    );
  }

  /** Where the start page's forms post: the link of the conversation they would start. */
  get start(): string {
    return decode(/<form method="post" action="(\/chat\/c\/[A-Za-z0-9_-]{32})#new"/.exec(this.html)![1]!);
  }

  /** The conversation's link, as the page shows it. */
  get link(): string {
    return /\/chat\/c\/([A-Za-z0-9_-]{32})/.exec(this.html)![0];
  }

  get text(): string {
    return decode(this.html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
  }

  async #take(res: Response): Promise<this> {
    this.status = res.status;
    this.headers = res.headers;
    this.url = res.url;
    this.html = await res.text();
    return this;
  }
}

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const base = (s: TestSystem) => s.app.url;

describe('the anonymous web chat', () => {
  it('opens a case from the first message, marks its topic 🌐, and shows the worker’s reply on the page', async () => {
    const s = (sys = await startTestSystem());
    const page = new Page(base(s), { 'accept-language': 'ru-RU,ru;q=0.9' });
    await page.get('/chat');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('set-cookie')).toBeNull();
    expect(page.text).toContain('Анонимный чат');

    await page.submit(page.start, { text: 'Привет, где можно сдать тест на ВИЧ анонимно?' }, 'name="text"');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Привет, где можно сдать тест на ВИЧ анонимно?');
    // The bot's own answer is in the very response: the case is opened and the articles offered.
    expect(page.text).toMatch(/передано сотруднику/);
    const link = page.link;
    // The start page posted to the conversation's own link: the address bar already shows it.
    expect(new URL(page.url).pathname).toBe(link);
    await s.settle();

    const topics = s.emu.topics(s.staffChatId);
    expect(topics).toHaveLength(1);
    expect(topics[0]!.name).toContain('🌐');
    const thread = topics[0]!.message_thread_id;
    expect(s.topicMessages(thread).map((m) => m.text).join('\n')).toContain('Привет, где можно сдать тест на ВИЧ анонимно?');

    s.emu.userSends(s.workers[0]!.id, s.staffChatId, { text: 'Здравствуйте! Тест можно сдать в СПИД-центре, анонимно и бесплатно.' }, { message_thread_id: thread });
    await s.settle();
    await page.get(link);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Тест можно сдать в СПИД-центре');
    // A worker's words are labelled as a person's, apart from the bot's own.
    expect(page.html).toMatch(/<li class="msg staff"[^>]*><span class="who">Сотрудник · [^<]+<\/span>Здравствуйте! Тест можно сдать/);

    // Markup from the page is text to staff, never HTML.
    await page.submit(link, { text: '<b>не жирный</b> & <a href="x">ссылка</a>' }, 'name="text"');
    await s.settle();
    const copy = s.topicMessages(thread).at(-1)!;
    expect(copy.text).toBe('<b>не жирный</b> & <a href="x">ссылка</a>');
    expect(copy.entities ?? []).toEqual([]);
    expect(page.html).toContain('&lt;b&gt;не жирный&lt;/b&gt; &amp; &lt;a href=');

    // A worker's photo: the page names it and asks for words; the worker is told, under the photo.
    const photo = s.emu.userSends(s.workers[0]!.id, s.staffChatId, { photo: true, caption: 'вот схема проезда' }, { message_thread_id: thread });
    await s.settle();
    await page.get(link);
    expect(page.text).toMatch(/Сотрудник отправил файл \(фото\), но веб-чат не показывает файлы/);
    expect(page.text).toContain('вот схема проезда');
    expect(s.topicMessages(thread).find((m) => m.reply_to_message?.message_id === photo.message_id)?.text).toMatch(/Веб-чат не показывает файлы/);

    // The person writes again on the same page: the same case, the same topic.
    await page.submit(link, { text: 'Спасибо! А адрес?' }, 'name="text"');
    await s.settle();
    expect(s.topicMessages(thread).map((m) => m.text).join('\n')).toContain('Спасибо! А адрес?');
    expect(await s.app.database.db.select().from(cases)).toHaveLength(1);
  });

  it('answers an overdose in the response that carried it, and alerts the staff group', async () => {
    const s = (sys = await startTestSystem());
    const page = new Page(base(s), { 'accept-language': 'ru' });
    await page.get('/chat');
    await page.submit(page.start, { text: 'другу плохо, не дышит после героина, губы синие' }, 'name="text"');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/103|112/);
    expect(page.text).toMatch(/налоксон/i);
    await s.settle();
    const staffText = s.emu.messages(s.staffChatId).map((m) => m.text ?? '').join('\n');
    expect(staffText).toMatch(/🚨/);
  });

  it('the overdose button shows the steps at once, and the buttons under them work', async () => {
    const s = (sys = await startTestSystem());
    const page = new Page(base(s), { 'accept-language': 'en' });
    await page.get('/chat');
    await page.submit(page.start, {}, 'menu:overdose');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/naloxone/i);
    const link = page.link;
    await s.settle();
    // Every flow step the bot sent is a message of the page; its buttons are forms.
    const items = () => (page.html.match(/<li class="msg/g) ?? []).length;
    const before = items();
    const labels = [...page.html.matchAll(/action="\/chat\/c\/[^"]+\/press(?:#new)?"[\s\S]*?<button>([^<]+)<\/button>/g)].map((m) => decode(m[1]!));
    expect(labels.length).toBeGreaterThan(0);
    const last = labels.at(-1)!;
    await page.submit(`${link}/press`, {}, `>${last.replace(/&/g, '&amp;')}</button>`);
    expect(page.status).toBe(200);
    expect(items()).toBeGreaterThan(before);
    // The overdose button clicked twice at once on one start page: one conversation, the steps once.
    const twice = new Page(base(s), { 'accept-language': 'en' });
    await twice.get('/chat');
    const start = twice.start;
    const sig = /name="sig" value="([^"]+)"/.exec(twice.html)![1]!;
    const [a, b] = await Promise.all([new Page(base(s)).post(start, { sig, t: 'x1', lang: 'en', press: 'menu:overdose' }), new Page(base(s)).post(start, { sig, t: 'x1', lang: 'en', press: 'menu:overdose' })]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await s.settle();
    await twice.get(start);
    expect((twice.html.match(/naloxone/gi) ?? []).length).toBeGreaterThan(0);
    expect((twice.html.match(/<li class="msg"[^>]*>[\s\S]*?Act now/g) ?? []).length).toBe(1);

    // A press on a button the page never showed is refused, as Telegram refuses it.
    const forged = await new Page(base(s)).post(`${link}/press`, { m: '1', d: 'forged:data', t: 'x' });
    expect(forged.status).toBe(409);
  });

  it('end and erase leaves nothing of the conversation, and the link is dead', async () => {
    const s = (sys = await startTestSystem({ env: { TRUSTED_PROXIES: '127.0.0.1' } }));
    const ip = '203.0.113.77';
    const ua = 'Mozilla/5.0 (Distinctive-UA-Test-9931)';
    const page = new Page(base(s), { 'accept-language': 'ru', 'x-forwarded-for': ip, 'user-agent': ua, referer: 'https://forum.example/thread-5521' });
    await page.get('/chat');
    await page.submit(page.start, { text: 'секретное-слово-веб-4471 нужна помощь' }, 'name="text"');
    const link = page.link;
    const secret = link.split('/').at(-1)!;
    await s.settle();
    s.emu.userSends(s.workers[0]!.id, s.staffChatId, { text: 'ответ-сотрудника-веб-5582' }, { message_thread_id: s.emu.topics(s.staffChatId)[0]!.message_thread_id });
    await s.settle();
    await page.get(link);
    expect(page.text).toContain('ответ-сотрудника-веб-5582');
    // Never an address, a browser or where the person came from: not stored, not logged.
    // Nor the link's secret, nor the chat id it stands for: only a keyed hash and a sealed copy of that.
    expect(await searchEverything(s, [ip, 'Distinctive-UA-Test-9931', 'forum.example', secret, String(webChatId(secret))])).toEqual([]);

    await page.get(`${link}/end`);
    await page.submit(`${link}/end`);
    expect(page.status).toBe(200);
    await s.settle();
    expect(await s.app.database.db.select().from(webMessages)).toEqual([]);
    expect(await searchEverything(s, ['секретное-слово-веб-4471', 'ответ-сотрудника-веб-5582', ip, secret])).toEqual([]);
    expect(s.emu.topics(s.staffChatId)).toHaveLength(0);
    const [client] = await s.app.database.db.select().from(clients);
    expect(client!.forgottenAt).not.toBeNull();
    await page.get(link);
    expect(page.status).toBe(404);
  });

  it('keeps the text when a message is refused: too long, too fast', async () => {
    const s = (sys = await startTestSystem());
    s.app.webChat.guard = new WebChatGuard(Buffer.alloc(32, 7), { perConversation: { messages: 2, windowMs: 60_000 } });
    const page = new Page(base(s), { 'accept-language': 'en' });
    await page.get('/chat');
    await page.submit(page.start, { text: 'x'.repeat(3001) }, 'name="text"');
    expect(page.status).toBe(422);
    expect(page.html).toContain('x'.repeat(3001));
    await page.submit(page.start, { text: 'first' }, 'name="text"');
    const link = page.link;
    await page.submit(link, { text: 'second' }, 'name="text"');
    await page.submit(link, { text: 'third, kept-draft-123' }, 'name="text"');
    expect(page.status).toBe(429);
    expect(page.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(page.html).toContain('third, kept-draft-123');
    expect(page.text).toContain('Too many messages in a row');
    // Everyone's pace together: the same text kept, and the page says it is the crowd, not them.
    s.app.webChat.guard = new WebChatGuard(Buffer.alloc(32, 7), { globalPerSecond: 1 });
    await page.submit(link, { text: 'fourth' }, 'name="text"');
    await page.submit(link, { text: 'fifth, kept-draft-456' }, 'name="text"');
    expect(page.status).toBe(429);
    expect(page.html).toContain('fifth, kept-draft-456');
    expect(page.text).toContain('Too many messages right now');
  });

  it('asks a question of a new conversation only while new ones come abnormally fast, and never holds back overdose steps', async () => {
    const s = (sys = await startTestSystem());
    const guard = (s.app.webChat.guard = new WebChatGuard(Buffer.alloc(32, 9), { newConversationsPer10Min: 0 }));
    expect(guard.challengeNeeded()).toBe(false);
    guard.noteNewConversation();
    const page = new Page(base(s), { 'accept-language': 'en' });
    await page.get('/chat');
    expect(page.text).toMatch(/A check that you are a person/);
    await page.submit(page.start, { text: 'my friend is not breathing, took heroin', answer: '999' }, 'name="text"');
    expect(page.status).toBe(429);
    expect(page.text).toMatch(/naloxone/i);
    expect(page.html).toContain('my friend is not breathing, took heroin');
    const question = /<label for="answer">([^<]+)<\/label>/.exec(page.html)![1]!;
    const answer = solve(decode(question));
    await page.submit(page.start, { text: 'my friend is not breathing, took heroin', answer: String(answer) }, 'name="text"');
    expect(page.status).toBe(200);
    expect(page.link).toMatch(/^\/chat\/c\//);
  });

  it('closes like a Telegram case: the closing words and the rating on the page, a comment answered in reply, and the page erased with the case’s text', async () => {
    const s = (sys = await startTestSystem());
    const page = new Page(base(s), { 'accept-language': 'ru' });
    await page.get('/chat');
    await page.submit(page.start, { text: 'нужна консультация, слово-до-закрытия-3391' }, 'name="text"');
    const link = page.link;
    await s.settle();
    const thread = s.emu.topics(s.staffChatId)[0]!.message_thread_id;
    // A reply from the console goes the same way as one from the topic.
    const [kase] = await s.app.database.db.select().from(cases);
    const replied = await replyToClient(s.app.deps, { staffMemberId: null, name: 'Анна', fromConsole: true }, { caseId: kase!.id, text: 'ответ-из-консоли-4410' });
    expect(replied.ok).toBe(true);
    await s.settle();
    expect(s.topicMessages(thread).map((m) => m.text).join('\n')).toContain('ответ-из-консоли-4410');

    await closeWithRecord(s, thread);
    await page.get(link);
    expect(page.text).toContain('ответ-из-консоли-4410');
    const rate = [...page.html.matchAll(/action="\/chat\/c\/[^"]+\/press(?:#new)?"[\s\S]*?name="d" value="(fb:[^"]+)"/g)].map((m) => decode(m[1]!));
    expect(rate.length).toBe(2);
    await page.submit(`${link}/press`, {}, `value="${rate[0]}"`);
    expect(page.status).toBe(200);
    // The thanks asks for a comment in reply (force_reply): the page's box answers it.
    expect(page.html).toMatch(/name="reply_to"/);
    await page.submit(link, { text: 'очень помогли, спасибо' }, 'name="text"');
    await s.settle();
    const [rated] = await s.app.database.db.select().from(cases).where(eq(cases.id, kase!.id));
    expect(rated!.feedbackRating).not.toBeNull();
    expect(rated!.feedbackCommentSealed).not.toBeNull();

    // A month after the close, retention takes the page's words with the case's text.
    s.advanceClock(rated!.closedAt!.getTime() + 31 * 24 * 3600_000 - s.app.deps.now().getTime());
    const periodic = startPeriodic(s.app.deps, 1e9);
    await periodic.tick();
    periodic.stop();
    await s.settle();
    expect(await searchEverything(s, ['слово-до-закрытия-3391', 'ответ-из-консоли-4410'])).toEqual([]);
  });

  it('remembers the device only when asked, switches language, and refuses an oversized request', async () => {
    const s = (sys = await startTestSystem());
    const page = new Page(base(s), { 'accept-language': 'en' });
    await page.get('/chat');
    await page.submit(page.start, { text: 'hello', remember: '1' }, 'name="text"');
    const cookie = page.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^nr_chat=[A-Za-z0-9_-]{32}; Max-Age=\d+; Path=\/chat; HttpOnly; SameSite=Strict/);
    const link = page.link;
    const remembered = new Page(base(s), { 'accept-language': 'en', cookie: cookie.split(';')[0]! });
    await remembered.get('/chat');
    expect(remembered.html).toContain(`href="${link}"`);
    await remembered.post('/chat/forget-device', {});
    expect(remembered.status).toBe(303);
    expect(remembered.headers.get('set-cookie')).toMatch(/^nr_chat=; Max-Age=0; Path=\/chat/);

    await page.get(link);
    expect(page.text).toContain('Anonymous chat');
    await page.submit(`${link}/lang`, {});
    expect(page.status).toBe(303);
    await page.get(link);
    expect(page.html).toContain('lang="ru"');
    expect(page.text).toContain('Сохраните');

    const huge = await fetch(`${base(s)}${link}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `text=${'y'.repeat(100_000)}` });
    expect(huge.status).toBe(413);
  });

  it('takes a form sent twice as one message, and an old page’s form with other words as another', async () => {
    const s = (sys = await startTestSystem());
    const page = new Page(base(s), { 'accept-language': 'ru' });
    await page.get('/chat');
    await page.submit(page.start, { text: 'первое' }, 'name="text"');
    const link = page.link;
    const token = /<form class="compose"[\s\S]*?name="t" value="([^"]+)"/.exec(page.html)![1]!;
    await page.post(link, { t: token, text: 'второе' });
    // A reload after the send: the browser posts the same form again.
    await page.post(link, { t: token, text: 'второе' });
    // The browser's Back to that page, and another message from its form.
    await page.post(link, { t: token, text: 'третье' });
    // A double click: the same form twice at once.
    await Promise.all([new Page(base(s)).post(link, { t: 'dbl', text: 'четвёртое' }), new Page(base(s)).post(link, { t: 'dbl', text: 'четвёртое' })]);
    await page.get(link);
    await s.settle();
    const mine = [...page.html.matchAll(/<li class="msg me"[\s\S]*?<\/li>/g)].map((m) => m[0]);
    expect(mine.filter((m) => m.includes('второе'))).toHaveLength(1);
    expect(mine.filter((m) => m.includes('третье'))).toHaveLength(1);
    expect(mine.filter((m) => m.includes('четвёртое'))).toHaveLength(1);
    const thread = s.emu.topics(s.staffChatId)[0]!.message_thread_id;
    expect(s.topicMessages(thread).filter((m) => m.text === 'второе')).toHaveLength(1);
  });

  it('serves the chat alone on CHAT_PORT, without the console', async () => {
    const s = (sys = await startTestSystem({ env: { CHAT_HOST: '127.0.0.1', CHAT_PORT: String(20000 + Math.floor(Math.random() * 20000)) } }));
    const alone = new URL(s.app.chatUrl!).origin;
    const page = new Page(alone);
    await page.get('/chat');
    expect(page.status).toBe(200);
    await page.get('/');
    expect(page.status).toBe(302);
    await page.get('/console');
    expect(page.status).toBe(404);
    await page.get('/healthz');
    expect(page.status).toBe(404);
  });
});

/** Reads "What is seven plus two? Answer with digits." and its other shapes. */
function solve(question: string): number {
  const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
  const m = /(\w+) (plus|minus) (\w+)/i.exec(question);
  if (!m) throw new Error(`question not understood: ${question}`);
  const a = words.indexOf(m[1]!.toLowerCase());
  const b = words.indexOf(m[3]!.toLowerCase());
  return m[2] === 'plus' ? a + b : a - b;
}
