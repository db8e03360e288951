import { sql } from 'drizzle-orm';
import type { Message } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import { articles } from '../src/db/schema/index.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

let sys: TestSystem | undefined;
afterEach(async () => {
  await sys?.stop();
  sys = undefined;
});

const texts = (s: TestSystem, userId: number) => s.botMessagesTo(userId).map((m) => m.text ?? '');
const buttons = (m: Message) => (m.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text);

describe('content that is not verified', () => {
  it('is never sent: menus, offers, /kb and the overdose flow fall back', async () => {
    const s = (sys = await startTestSystem({ settings: { contentReviewer: undefined } }));
    const rows = await s.app.database.db.select({ status: articles.status }).from(articles);
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.every((r) => r.status === 'unverified')).toBe(true);

    const c = s.emu.createUser({ first_name: 'U', language_code: 'ru' });
    s.emu.userSends(c.id, c.id, { text: '/start' });
    await s.settle();
    const menu = s.botMessagesTo(c.id).at(-1)!;
    s.emu.userPressesButton(c.id, c.id, menu.message_id, 'menu:wounds');
    s.emu.userSends(c.id, c.id, { text: 'у меня абсцесс' });
    await s.settle();
    s.emu.userSends(s.workers[0]!.id, s.staffChatId, { text: '/kb абсцесс' }, { message_thread_id: s.emu.topics(s.staffChatId)[0]!.message_thread_id });
    s.emu.userSends(c.id, c.id, { text: 'он не дышит' });
    await s.settle();

    const said = texts(s, c.id);
    expect(said.filter((t) => t.includes('Этот материал сейчас недоступен'))).toHaveLength(1);
    expect(said.some((t) => /Источники|Проверено|Пока ждёте ответа/.test(t))).toBe(false);
    // The emergency reply without a verified flow says only what needs no verification.
    expect(said.at(-1)).toBe('🚨 Звоните 103, 112 прямо сейчас. Не оставляйте человека одного. Сотрудники уже получили сигнал.');
    const thread = s.emu.topics(s.staffChatId)[0]!.message_thread_id;
    expect(s.topicMessages(thread).some((m) => m.text?.startsWith('Ничего не нашлось'))).toBe(true);
  });
});

describe('after hours', () => {
  it('answers honestly once per case, marks the topic, and puts the case first in the morning queue', async () => {
    // Saturday 28 November 2026, 21:00 UTC = midnight into Sunday in Moscow; duty resumes Monday 10:00.
    const s = (sys = await startTestSystem({ clockStart: '2026-11-28T21:00:00Z' }));
    const c = s.emu.createUser({ first_name: 'Night', language_code: 'ru' });
    s.emu.userSends(c.id, c.id, { text: 'нужна помощь с документами' });
    await s.settle();
    s.emu.userSends(c.id, c.id, { text: 'и ещё вопрос' });
    await s.settle();
    const replies = texts(s, c.id).filter((t) => t.startsWith('Сейчас нерабочее время'));
    expect(replies).toHaveLength(1);
    // It is already Sunday in Moscow, so Monday is "tomorrow".
    expect(replies[0]).toMatch(/Сотрудники ответят завтра с 10:00/);
    expect(buttons(s.botMessagesTo(c.id).find((m) => m.text?.startsWith('Сейчас нерабочее'))!)).toContain('🚨 Передозировка');
    expect(texts(s, c.id).some((t) => t.includes('передано сотруднику'))).toBe(false);

    const thread = s.emu.topics(s.staffChatId)[0]!.message_thread_id;
    expect(s.topicMessages(thread).filter((m) => m.text?.startsWith('🌙'))).toHaveLength(1);

    s.emu.userSends(s.workers[0]!.id, s.staffChatId, { text: '/queue', entities: [{ type: 'bot_command', offset: 0, length: 6 }] });
    await s.settle();
    const queue = s.emu.messages(s.staffChatId).filter((m) => m.text?.startsWith('Очередь обращений')).at(-1)!;
    expect(queue.text).toMatch(/#1 · Клиент [2-9A-Z]{4} · ждёт с .* 🌙/);
  });
});

describe('the emergency reply', () => {
  it('does not wait for a relay held back by Telegram’s limits on the staff group', async () => {
    const s = (sys = await startTestSystem());
    const c = s.emu.createUser({ first_name: 'Limited', language_code: 'ru' });
    s.emu.userSends(c.id, c.id, { text: 'первое' });
    await s.settle();
    // Two messages a minute for the group: the next relays sleep out a 429 of up to a minute.
    s.emu.setLimits({ groupPerMinute: 1, privatePerSecond: 100, globalPerSecond: 100 });
    s.emu.userSends(c.id, c.id, { text: 'второе' });
    s.emu.userSends(c.id, c.id, { text: 'третье' });
    await s.emu.waitFor(() => s.emu.calls.some((x) => x.error_code === 429), 5000);
    const sent = Date.now();
    s.emu.userSends(c.id, c.id, { text: 'он не дышит!!' });
    await s.emu.waitFor(() => texts(s, c.id).some((t) => t.includes('103')), 3000);
    expect(Date.now() - sent).toBeLessThan(1000);
    s.emu.setLimits(false);
  });

  it('does not wait for a slow database', async () => {
    const s = (sys = await startTestSystem());
    const c = s.emu.createUser({ first_name: 'SlowDb', language_code: 'en' });
    s.emu.userSends(c.id, c.id, { text: 'hi' });
    await s.settle();
    // Hold the inbox table for three seconds: no update can be stored meanwhile.
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holding = s.app.database.db.transaction(async (tx) => {
      await tx.execute(sql`lock table inbox in access exclusive mode`);
      locked();
      await new Promise((r) => setTimeout(r, 3000));
    });
    await isLocked;
    const sent = Date.now();
    s.emu.userSends(c.id, c.id, { text: 'my friend is not breathing after heroin' });
    await s.emu.waitFor(() => texts(s, c.id).some((t) => t.includes('Call 103')), 3000);
    expect(Date.now() - sent).toBeLessThan(1000);
    await holding;
    // Nothing was lost: once the database is back, the message reaches the topic.
    await s.settle();
    const thread = s.emu.topics(s.staffChatId)[0]!.message_thread_id;
    await s.emu.waitFor(() => s.topicMessages(thread).some((m) => m.text === 'my friend is not breathing after heroin'), 10_000);
  });
});

describe('a possible emergency the rules do not see', () => {
  it('asks at once, with the emergency number and one tap to the full steps and the alert', async () => {
    const s = (sys = await startTestSystem());
    const c = s.emu.createUser({ first_name: 'Maybe', language_code: 'ru' });
    const sent = Date.now();
    s.emu.userSends(c.id, c.id, { text: 'он какой-то вялый после закладки' });
    const ask = await s.emu.waitFor(() => s.botMessagesTo(c.id).find((m) => m.text?.startsWith('Если кому-то сейчас плохо')), 3000);
    expect(Date.now() - sent).toBeLessThan(1000);
    expect(ask.text).toMatch(/103, 112/);
    expect(buttons(ask)).toEqual(['🚨 Да, человеку плохо сейчас', 'Нет, всё в порядке']);
    await s.settle();
    const thread = s.emu.topics(s.staffChatId)[0]!.message_thread_id;
    expect(s.topicMessages(thread).map((m) => m.text)).toEqual(
      expect.arrayContaining(['он какой-то вялый после закладки', expect.stringMatching(/^⚠️ Возможно, экстренная ситуация/)]),
    );
    expect(s.emu.pinned(s.staffChatId, thread)).toBeUndefined();

    s.emu.userPressesButton(c.id, c.id, ask.message_id, 'od:start');
    await s.settle();
    expect(texts(s, c.id).slice(-3)).toEqual([expect.stringMatching(/Действуйте сейчас/), 'Что было принято?', 'Человек дышит?']);
    expect(s.emu.pinned(s.staffChatId, thread)?.text).toMatch(/ПЕРЕДОЗИРОВКА/);
  });
});
