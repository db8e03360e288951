import type { Message } from 'grammy/types';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEAL } from '../src/cases/deps.ts';
import { timelineOf } from '../src/cases/timeline.ts';
import { cases, messages } from '../src/db/schema/index.ts';
import { DEFAULT_SETTINGS } from '../src/organisation/settings.ts';
import { closeWithRecord, startTestSystem, type TestSystem } from './support/system.ts';
import { dumpDatabase } from './support/privacy-search.ts';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(async () => {
  await sys?.stop();
});

const topicOf = (userId: number) => {
  // The case topic is the one whose copies came from this client; found through the emulator's record of copyMessage calls.
  const call = sys.emu.calls.find((c) => c.method === 'copyMessage' && c.params.from_chat_id === userId && c.ok);
  return call ? Number(call.params.message_thread_id) : undefined;
};

async function clientWrites(userId: number, content: Parameters<TestSystem['emu']['userSends']>[2], opts?: Parameters<TestSystem['emu']['userSends']>[3]): Promise<Message> {
  const m = sys.emu.userSends(userId, userId, content, opts);
  await sys.settle();
  return m;
}

async function workerWrites(threadId: number, content: Parameters<TestSystem['emu']['userSends']>[2], opts: Parameters<TestSystem['emu']['userSends']>[3] = {}): Promise<Message> {
  const m = sys.emu.userSends(sys.workers[0]!.id, sys.staffChatId, content, { message_thread_id: threadId, ...opts });
  await sys.settle();
  return m;
}

describe('relay between a client and the staff group', () => {
  it('opens a topic named with the case number and pseudonym, and carries answers back', async () => {
    const client = sys.emu.createUser({ first_name: 'Marina', username: 'marina_k', language_code: 'ru' });
    await clientWrites(client.id, { text: 'Здравствуйте, нужна консультация' });

    const topics = sys.emu.topics(sys.staffChatId);
    expect(topics).toHaveLength(1);
    expect(topics[0]!.name).toMatch(/^🆕 #1 · Клиент [2-9A-Z]{4}$/);
    expect(topics[0]!.name).not.toContain('Marina');
    const threadId = topics[0]!.message_thread_id;
    const inTopic = sys.topicMessages(threadId);
    expect(inTopic.map((m) => m.text)).toEqual([expect.stringContaining('#1'), 'Здравствуйте, нужна консультация']);
    expect(inTopic.every((m) => !m.forward_origin)).toBe(true);
    // The client is told their message reached a worker.
    expect(sys.botMessagesTo(client.id).at(-1)?.text).toMatch(/передано сотруднику/);

    await workerWrites(threadId, { text: 'Здравствуйте! Чем помочь?' });
    const toClient = sys.botMessagesTo(client.id).at(-1)!;
    expect(toClient.text).toBe('Здравствуйте! Чем помочь?');
    expect(toClient.forward_origin).toBeUndefined();
    expect(JSON.stringify(toClient)).not.toContain(String(sys.workers[0]!.id));

    // Later messages go to the same case and topic.
    await clientWrites(client.id, { text: 'Спасибо' });
    expect(sys.emu.topics(sys.staffChatId)).toHaveLength(1);
    expect(sys.topicMessages(threadId).at(-1)?.text).toBe('Спасибо');
    expect(sys.emu.calls.some((c) => c.method.startsWith('forwardMessage'))).toBe(false);
  });

  it('gives two clients two topics, in the staff locale', async () => {
    const a = sys.emu.createUser({ first_name: 'A', language_code: 'en' });
    const b = sys.emu.createUser({ first_name: 'B' });
    await clientWrites(a.id, { text: 'hi from a' });
    await clientWrites(b.id, { text: 'hi from b' });
    const ta = topicOf(a.id)!;
    const tb = topicOf(b.id)!;
    expect(ta).not.toBe(tb);
    expect(sys.topicMessages(ta).at(-1)?.text).toBe('hi from a');
    expect(sys.topicMessages(tb).at(-1)?.text).toBe('hi from b');
    // English-speaking client gets English; the staff group keeps the organisation's language.
    expect(sys.botMessagesTo(a.id).at(-1)?.text).toMatch(/passed to a worker/);
    expect(sys.emu.topics(sys.staffChatId).find((t) => t.message_thread_id === ta)?.name).toMatch(/Клиент/);
  });

  it('turns a burst of five first messages into one topic with all five in order', async () => {
    const before = sys.emu.topics(sys.staffChatId).length;
    const c = sys.emu.createUser({ first_name: 'Burst' });
    for (let i = 1; i <= 5; i++) sys.emu.userSends(c.id, c.id, { text: `burst ${i}` });
    await sys.settle();
    expect(sys.emu.topics(sys.staffChatId)).toHaveLength(before + 1);
    const texts = sys.topicMessages(topicOf(c.id)!).map((m) => m.text).slice(1);
    expect(texts).toEqual(['burst 1', 'burst 2', 'burst 3', 'burst 4', 'burst 5']);
  });

  it('copies every media kind both ways, and long captions arrive whole', async () => {
    const c = sys.emu.createUser({ first_name: 'Media', is_premium: true });
    const longCaption = 'Описание раны. '.repeat(150).trim(); // ~2 200 characters, over the 1 024 limit for copies
    const kinds = [
      { text: 'first' },
      { photo: true, caption: 'short caption' },
      { voice: true, duration: 4 },
      { video: true },
      { video_note: true },
      { document: true, file_name: 'analysis.pdf' },
      { sticker: true },
      { location: { latitude: 59.93, longitude: 30.31 } },
      { photo: true, caption: longCaption },
    ] as const;
    for (const k of kinds) sys.emu.userSends(c.id, c.id, k as never);
    await sys.settle();
    const thread = topicOf(c.id)!;
    const copies = sys.topicMessages(thread).slice(1);
    expect(copies[0]!.text).toBe('first');
    expect(copies[1]!.photo).toBeDefined();
    expect(copies[1]!.caption).toBe('short caption');
    expect(copies[2]!.voice).toBeDefined();
    expect(copies[3]!.video).toBeDefined();
    expect(copies[4]!.video_note).toBeDefined();
    expect(copies[5]!.document?.file_name).toBe('analysis.pdf');
    expect(copies[6]!.sticker).toBeDefined();
    expect(copies[7]!.location?.latitude).toBeCloseTo(59.93);
    expect(copies[8]!.photo).toBeDefined();
    expect(copies[8]!.caption ?? '').toBe('');
    expect(copies[9]!.text).toBe(longCaption);
    expect(copies[9]!.reply_to_message?.message_id).toBe(copies[8]!.message_id);

    // Staff → client with a long caption, too.
    sys.emu.userSends(sys.workers[0]!.id, sys.staffChatId, { document: true, caption: longCaption }, { message_thread_id: thread });
    await sys.settle();
    const back = sys.botMessagesTo(c.id).slice(-2);
    expect(back[0]!.document).toBeDefined();
    expect(back[1]!.text).toBe(longCaption);
  });

  it('keeps a sealed reference to each relayed file, and the client’s Telegram id appears nowhere in the database', async () => {
    const c = sys.emu.createUser({ id: 7_391_846_205, first_name: 'Photo', language_code: 'ru' });
    const photo = await clientWrites(c.id, { photo: Buffer.from('jpeg of a wound'), caption: 'вот рана' });
    const thread = topicOf(c.id)!;
    const voice = await workerWrites(thread, { voice: Buffer.from('OggS answer'), duration: 3 });
    const db = sys.app.database.db;
    const [kase] = await db.select().from(cases).where(eq(cases.topicId, thread));
    const rows = await db.select().from(messages).where(eq(messages.caseId, kase!.id)).orderBy(messages.id);
    expect(rows.map((r) => [r.direction, r.kind, r.fileSealed !== null])).toEqual([
      ['client', 'photo', true],
      ['staff', 'voice', true],
    ]);
    const open = (sealed: string | null) => sys.app.deps.vault.open(SEAL.messageFile, sealed!);
    // The photo's largest size, and the worker's own voice message: what the console fetches later.
    const largest = photo.photo!.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
    expect(open(rows[0]!.fileSealed)).toBe(largest.file_id);
    expect(open(rows[1]!.fileSealed)).toBe(voice.voice!.file_id);

    // Every row of every table, as text: neither the client's id nor a file id in clear.
    const dump = await dumpDatabase(db);
    expect(dump).toContain(rows[0]!.fileSealed!);
    expect(dump).not.toContain(String(c.id));
    for (const id of [...photo.photo!.map((p) => p.file_id), voice.voice!.file_id]) {
      expect(dump).not.toContain(id);
      expect(sys.logs.join('')).not.toContain(id);
    }
  });

  it('mirrors edits both ways and keeps replies threaded', async () => {
    const c = sys.emu.createUser({ first_name: 'Edit' });
    const original = await clientWrites(c.id, { text: 'у меня абсцес' });
    const thread = topicOf(c.id)!;
    sys.emu.userEdits(c.id, c.id, original.message_id, { text: 'у меня абсцесс на руке' });
    await sys.settle();
    const copy = sys.topicMessages(thread).find((m) => m.text?.startsWith('у меня'))!;
    expect(copy.text).toBe('у меня абсцесс на руке');
    expect(copy.edit_date).toBeDefined();

    // A worker replies to the client's message: the client sees a reply to their own message.
    const answer = await workerWrites(thread, { text: 'Покажите фото?' }, { reply_to_message_id: copy.message_id });
    const atClient = sys.botMessagesTo(c.id).at(-1)!;
    expect(atClient.text).toBe('Покажите фото?');
    expect(atClient.reply_to_message?.message_id).toBe(original.message_id);

    // The worker corrects the answer: the client's copy follows.
    sys.emu.userEdits(sys.workers[0]!.id, sys.staffChatId, answer.message_id, { text: 'Можете прислать фото?' });
    await sys.settle();
    expect(sys.emu.messages(c.id).find((m) => m.message_id === atClient.message_id)?.text).toBe('Можете прислать фото?');

    // The client replies to the worker's answer: in the topic it replies to the worker's message.
    await clientWrites(c.id, { text: 'Да, сейчас' }, { reply_to_message_id: atClient.message_id });
    expect(sys.topicMessages(thread).at(-1)?.reply_to_message?.message_id).toBe(answer.message_id);
  });

  it('keeps the timeline of edits, and lets a live location move without holding the client\'s messages', async () => {
    const c = sys.emu.createUser({ first_name: 'Live' });
    const original = await clientWrites(c.id, { text: 'я у метро' });
    sys.emu.userEdits(c.id, c.id, original.message_id, { text: 'я у метро Ладожская' });
    await sys.settle();
    const [kase] = await sys.app.database.db.select().from(cases).orderBy(sql`${cases.id} desc`).limit(1);
    const edits = (await timelineOf(sys.app.deps, kase!.id)).filter((e) => e.kind === 'client_edit');
    expect(edits.map((e) => e.text)).toEqual(['я у метро']);

    const live = await clientWrites(c.id, { location: { latitude: 59.93, longitude: 30.44, live_period: 900 } });
    const callsBefore = sys.emu.calls.length;
    sys.emu.userMovesLiveLocation(c.id, c.id, live.message_id, { latitude: 59.94, longitude: 30.45 });
    sys.emu.userMovesLiveLocation(c.id, c.id, live.message_id, { latitude: 59.95, longitude: 30.46 });
    await clientWrites(c.id, { text: 'подойдите сюда' });
    // The moves cost no Bot API call and no error; the next message is relayed at once.
    const since = sys.emu.calls.slice(callsBefore);
    expect(since.filter((x) => !x.ok)).toEqual([]);
    expect(since.filter((x) => x.method.startsWith('edit'))).toEqual([]);
    expect(sys.topicMessages(topicOf(c.id)!).at(-1)?.text).toBe('подойдите сюда');
  });

  it('reports a client who blocked the bot in the topic', async () => {
    const c = sys.emu.createUser({ first_name: 'Blocker' });
    await clientWrites(c.id, { text: 'вопрос' });
    const thread = topicOf(c.id)!;
    sys.emu.userBlocksBot(c.id);
    await workerWrites(thread, { text: 'ответ' });
    expect(sys.topicMessages(thread).at(-1)?.text).toMatch(/заблокировал бота/);
  });

  it('closes a case with /close and keeps /note inside the staff group', async () => {
    const c = sys.emu.createUser({ first_name: 'Closer' });
    await clientWrites(c.id, { text: 'нужен тест на ВИЧ' });
    const thread = topicOf(c.id)!;
    const before = sys.botMessagesTo(c.id).length;

    await workerWrites(thread, { text: '/note направить в мобильный пункт', entities: [{ type: 'bot_command', offset: 0, length: 5 }] });
    expect(sys.topicMessages(thread).at(-1)?.text).toMatch(/Заметка сохранена/);
    expect(sys.botMessagesTo(c.id)).toHaveLength(before);

    await closeWithRecord(sys, thread);
    expect(sys.emu.topics(sys.staffChatId).find((t) => t.message_thread_id === thread)?.closed).toBe(true);
    const [closing, ask] = sys.botMessagesTo(c.id).slice(-2);
    expect(closing!.text).toMatch(/Обращение закрыто/);
    expect(closing!.text).toContain(DEFAULT_SETTINGS.closingContactLine.ru);
    expect(ask!.reply_markup?.inline_keyboard[0]?.map((b) => b.text)).toEqual(['👍 Да', '👎 Нет']);

    // Writing again within the reopen window (48 h by default) reopens the same case and topic.
    await clientWrites(c.id, { text: 'снова я' });
    const topic = sys.emu.topics(sys.staffChatId).find((t) => t.message_thread_id === thread)!;
    expect(topic.closed).toBe(false);
    expect(topic.name).toMatch(/^💬 #\d+ · Клиент/);
    expect(sys.topicMessages(thread).slice(-2).map((m) => m.text)).toEqual([expect.stringMatching(/открыто снова/), 'снова я']);
  });

  it('ignores staff chatter outside case topics and recreates a deleted topic', async () => {
    const callsBefore = sys.emu.calls.filter((c) => c.method === 'copyMessage').length;
    sys.emu.userSends(sys.workers[1]!.id, sys.staffChatId, { text: 'общий чат, не клиенту' });
    await sys.settle();
    expect(sys.emu.calls.filter((c) => c.method === 'copyMessage')).toHaveLength(callsBefore);

    const c = sys.emu.createUser({ first_name: 'Lost' });
    await clientWrites(c.id, { text: 'первое' });
    const thread = topicOf(c.id)!;
    await sys.app.deps.api.deleteForumTopic(sys.staffChatId, thread);
    await clientWrites(c.id, { text: 'второе' });
    const fresh = sys.emu.calls.filter((x) => x.method === 'copyMessage' && x.params.from_chat_id === c.id && x.ok).at(-1)!;
    const newThread = Number(fresh.params.message_thread_id);
    expect(newThread).not.toBe(thread);
    expect(sys.topicMessages(newThread).map((m) => m.text)).toEqual([expect.stringContaining('#'), expect.stringMatching(/была удалена/), 'второе']);
  });

  it('never passes on a contact card', async () => {
    const c = sys.emu.createUser({ first_name: 'Contact' });
    await clientWrites(c.id, { text: 'привет' });
    await clientWrites(c.id, { contact: { phone_number: '+79991234567', first_name: 'Contact' } });
    const thread = topicOf(c.id)!;
    expect(JSON.stringify(sys.emu.messages(sys.staffChatId, { threadId: thread }))).not.toContain('79991234567');
    expect(sys.topicMessages(thread).at(-1)?.text).toMatch(/контакт/);
    expect(sys.botMessagesTo(c.id).at(-1)?.text).toMatch(/не пересылаем/);
  });

  it('waits out 429 Too Many Requests and delivers everything in order', async () => {
    const c = sys.emu.createUser({ first_name: 'Rate' });
    await clientWrites(c.id, { text: 'быстро' });
    const thread = topicOf(c.id)!;
    // Stricter than the limits the bot keeps to, as Telegram may be: the bot meets 429s and waits them out.
    sys.emu.setLimits({ privatePerSecond: 0.5, privateBurst: 1, groupPerMinute: 1000, globalPerSecond: 1000 });
    try {
      for (let i = 1; i <= 4; i++) sys.emu.userSends(sys.workers[0]!.id, sys.staffChatId, { text: `ответ ${i}` }, { message_thread_id: thread });
      await sys.settle();
    } finally {
      sys.emu.setLimits(false);
    }
    expect(sys.botMessagesTo(c.id).slice(-4).map((m) => m.text)).toEqual(['ответ 1', 'ответ 2', 'ответ 3', 'ответ 4']);
    expect(sys.emu.calls.some((x) => x.error_code === 429)).toBe(true);
  });
});
