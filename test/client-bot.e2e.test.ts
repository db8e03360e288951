import type { Message } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeWithRecord, startTestSystem, type TestSystem } from './support/system.ts';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem({
    settings: {
      overdose: { secondDoseReminderSeconds: 1, helpArrivedCheckSeconds: 2 },
      duty: { windows: [1, 2, 3, 4, 5].map((d) => ({ weekday: d, from: '10:00', to: '22:00', staff: [{ name: 'Anna', telegram: '@anna_outreach' }] })), onCall: { name: 'Boris', telegram: '@boris_oncall' }, holidays: [] },
      ambulanceLaw: { ru: 'Закон: текст организации.', en: 'The law: the organisation’s text.' },
    },
  });
});
afterAll(async () => {
  await sys?.stop();
});

const botSaid = (userId: number) => sys.botMessagesTo(userId);
const lastFromBot = (userId: number) => botSaid(userId).at(-1)!;
const buttons = (m: Message) => (m.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text);
const press = async (userId: number, m: Message, text: string) => {
  const button = (m.reply_markup?.inline_keyboard ?? []).flat().find((b) => b.text === text);
  if (!button || !('callback_data' in button)) throw new Error(`no button "${text}" in ${JSON.stringify(m.reply_markup)}`);
  sys.emu.userPressesButton(userId, userId, m.message_id, button.callback_data!);
  await sys.settle();
};
const topicOf = (userId: number) => {
  const call = sys.emu.calls.find((c) => c.method === 'copyMessage' && c.params.from_chat_id === userId && c.ok);
  return call ? Number(call.params.message_thread_id) : undefined;
};

describe('the client bot', () => {
  it('greets in the client language with the menu, and registers commands in both languages', async () => {
    const ru = sys.emu.createUser({ first_name: 'R', language_code: 'ru' });
    sys.emu.userSends(ru.id, ru.id, { text: '/start unit' });
    await sys.settle();
    const hello = lastFromBot(ru.id);
    expect(hello.text).toMatch(/анонимная служба помощи организации «Гуманитарное действие»/);
    expect(hello.text).toMatch(/стираем её через 30 дней после закрытия/);
    expect(buttons(hello)).toEqual(['🚨 Передозировка', 'Раны и вены', 'ВИЧ / гепатит / тесты', 'Где мобильный пункт', 'Детокс', 'Поговорить с человеком', 'Приватность']);

    const en = sys.emu.createUser({ first_name: 'E', language_code: 'en-US' });
    sys.emu.userSends(en.id, en.id, { text: '/start' });
    await sys.settle();
    expect(buttons(lastFromBot(en.id))).toEqual(['🚨 Overdose', 'Wounds and veins', 'HIV / hepatitis / tests', 'Where is the mobile unit', 'Detox', 'Talk to a person', 'Privacy']);

    const commandCalls = sys.emu.calls.filter((c) => c.method === 'setMyCommands' && c.ok);
    expect(commandCalls.map((c) => c.params.language_code ?? '')).toEqual(expect.arrayContaining(['', 'en', 'ru']));
    const english = commandCalls.find((c) => c.params.language_code === 'en')!.params.commands as { command: string; description: string }[];
    expect(english.find((c) => c.command === 'overdose')?.description).toMatch(/Overdose/);

    // /language switches, and the choice sticks.
    sys.emu.userSends(ru.id, ru.id, { text: '/language' });
    await sys.settle();
    await press(ru.id, lastFromBot(ru.id), 'English');
    expect(lastFromBot(ru.id).text).toBe('Language: English.');
    sys.emu.userSends(ru.id, ru.id, { text: '/privacy' });
    await sys.settle();
    expect(lastFromBot(ru.id).text).toMatch(/What we keep/);
  });

  it('answers an overdose message at once, walks through the steps, alerts and reminds', async () => {
    const c = sys.emu.createUser({ first_name: 'OD', language_code: 'ru' });
    const sent = Date.now();
    sys.emu.userSends(c.id, c.id, { text: 'помогите друг не дышит посинел' });
    const first = await sys.emu.waitFor(() => botSaid(c.id).find((m) => m.text?.includes('103')), 5000);
    expect(Date.now() - sent).toBeLessThan(1000);
    expect(first.text).toMatch(/налоксон/);
    expect(first.text).toMatch(/на бок/);
    expect(first.text).toMatch(/Не оставляйте/);
    // Beside "call the ambulance": the doctor and the law. Then each question with its own text and buttons.
    expect(buttons(first)).toEqual(['Связаться с врачом', 'Что говорит закон о вызове скорой']);
    await sys.settle();
    const [, taken, breathing] = botSaid(c.id).slice(-3);
    expect(botSaid(c.id).at(-3)).toEqual(first);
    expect(taken!.text).toBe('Что было принято?');
    expect(buttons(taken!)).toEqual(['Опиоиды', 'Стимуляторы (мефедрон, соли)', 'Алкоголь, снотворные, лирика', 'Смесь', 'Не знаю']);
    expect(breathing!.text).toBe('Человек дышит?');
    expect(buttons(breathing!)).toEqual(['✅ Дышит', '❌ Не дышит']);

    // Staff: the message is in the case topic, with a pinned alert naming who is on duty and on call.
    const thread = topicOf(c.id)!;
    const alert = sys.topicMessages(thread).find((m) => m.text?.startsWith('🚨'))!;
    expect(alert.text).toMatch(/ПЕРЕДОЗИРОВКА/);
    expect(alert.text).toMatch(/@anna_outreach/);
    expect(alert.text).toMatch(/@boris_oncall/);
    expect(alert.text).not.toMatch(/<\/?b>/); // sent as HTML, not shown as tags
    expect(sys.emu.pinned(sys.staffChatId, thread)?.message_id).toBe(alert.message_id);
    expect(sys.topicMessages(thread).some((m) => m.text === 'помогите друг не дышит посинел')).toBe(true);

    await press(c.id, taken!, 'Опиоиды');
    expect(botSaid(c.id).at(-2)!.text).toMatch(/Опиоиды/);
    expect(botSaid(c.id).at(-2)!.text).toMatch(/вторая доза/);
    // The question not answered yet comes again, so what is next is at the bottom of the chat.
    expect(lastFromBot(c.id).text).toBe('Человек дышит?');
    await press(c.id, lastFromBot(c.id), '❌ Не дышит');
    expect(lastFromBot(c.id).text).toMatch(/Не дышит — дышите за него/);
    await press(c.id, first, 'Что говорит закон о вызове скорой');
    expect(lastFromBot(c.id).text).toBe('Закон: текст организации.');
    // The answers are on the pinned alert, edited in place.
    const pinned = sys.emu.message(sys.staffChatId, alert.message_id)!.text!;
    expect(pinned).toMatch(/Что принято: Опиоиды/);
    expect(pinned).toMatch(/Дышит: НЕТ/);

    // The second-dose reminder (1 s here) and the check-in (2 s) arrive by themselves.
    const reminder = await sys.emu.waitFor(() => botSaid(c.id).find((m) => m.text?.includes('Прошло 2–3 минуты')), 8000);
    expect(buttons(reminder)).toEqual(['✅ Дышит', '❌ Не дышит']);
    const checkIn = await sys.emu.waitFor(() => botSaid(c.id).find((m) => buttons(m).includes('Помощь приехала')), 8000);
    await press(c.id, checkIn, 'Помощь приехала');
    expect(lastFromBot(c.id).text).toMatch(/помощь рядом/);
    // One alert per case, however many emergency messages follow.
    sys.emu.userSends(c.id, c.id, { text: 'он всё ещё синий' });
    await sys.settle();
    expect(sys.topicMessages(thread).filter((m) => m.text?.startsWith('🚨'))).toHaveLength(1);
  });

  it('runs the overdose flow from the menu and /overdose in English', async () => {
    const c = sys.emu.createUser({ first_name: 'ODen', language_code: 'en' });
    sys.emu.userSends(c.id, c.id, { text: '/overdose' });
    await sys.settle();
    const [first, taken, breathing] = botSaid(c.id).slice(-3);
    expect(first!.text).toMatch(/Call 103/);
    expect(taken!.text).toBe('What was taken?');
    expect(breathing!.text).toBe('Is the person breathing?');
    await press(c.id, taken!, 'Stimulants (mephedrone, salts)');
    // The step, then the question still unanswered, at the bottom of the chat.
    expect(botSaid(c.id).at(-2)!.text).toMatch(/Naloxone doesn't work on stimulants/);
    expect(lastFromBot(c.id).text).toBe('Is the person breathing?');
    sys.emu.userSends(c.id, c.id, { text: 'my friend od on fent, not breathing, lips blue' });
    await sys.settle();
    // Under way already: "not breathing" is the breathing answer, not a second full reply.
    expect(lastFromBot(c.id).text).toMatch(/Not breathing — breathe for them/);
    expect(botSaid(c.id).filter((m) => m.text?.includes('Call 103'))).toHaveLength(1);
  });

  it('offers a matching verified article and still relays the message; /kb sends one from the topic', async () => {
    const c = sys.emu.createUser({ first_name: 'KB', language_code: 'ru' });
    sys.emu.userSends(c.id, c.id, { text: 'у меня нарыв на руке, болит' });
    await sys.settle();
    const thread = topicOf(c.id)!;
    expect(sys.topicMessages(thread).some((m) => m.text === 'у меня нарыв на руке, болит')).toBe(true);
    const offer = botSaid(c.id).find((m) => m.text?.startsWith('Ваше сообщение уже у сотрудника. Пока ждёте ответа'))!;
    expect(buttons(offer)[0]).toMatch(/бсцесс|ран/i);
    await press(c.id, offer, buttons(offer)[0]!);
    const article = lastFromBot(c.id);
    expect(article.text).toMatch(/Источники/);
    expect(article.text).toMatch(/Проверено: doctor Anna Test/);
    expect(article.entities?.some((e) => e.type === 'text_link')).toBe(true);

    sys.emu.userSends(sys.workers[0]!.id, sys.staffChatId, { text: '/kb вич тест' }, { message_thread_id: thread });
    await sys.settle();
    expect(lastFromBot(c.id).text).toMatch(/ВИЧ/);
    expect(sys.topicMessages(thread).at(-1)?.text).toMatch(/Клиенту отправлен материал/);
  });

  it('tells where the mobile unit is: today and tomorrow, the nearest stop, the week', async () => {
    const c = sys.emu.createUser({ first_name: 'Unit', language_code: 'ru' });
    sys.emu.userSends(c.id, c.id, { text: '/start' });
    await sys.settle();
    await press(c.id, lastFromBot(c.id), 'Где мобильный пункт');
    const [schedule, hint] = botSaid(c.id).slice(-2);
    // The test clock says Wednesday: Ladozhskaya (Mon/Wed/Fri) today, Devyatkino (Tue/Thu) tomorrow.
    expect(schedule!.text).toMatch(/Ладожская/);
    expect(schedule!.text).toMatch(/Девяткино/);
    expect(hint!.text).toMatch(/геопозицию/);
    // Reply keyboards are not part of a Message; the emulator keeps the one the client now sees.
    expect(sys.emu.replyKeyboard(c.id)?.keyboard[0]?.[0]).toMatchObject({ request_location: true });

    sys.emu.userSends(c.id, c.id, { location: { latitude: 59.9311, longitude: 30.4321 } });
    await sys.settle();
    // 15:00 in Moscow: today's only stop (Ladozhskaya, 11–14) is over, so tomorrow's first one is given, with its distance.
    const nearest = lastFromBot(c.id);
    expect(nearest.text).toMatch(/Сегодня выездов больше нет/);
    expect(nearest.text).toMatch(/16:00–19:00 · Автобус 1 · м\. Девяткино/);
    expect(nearest.text).toMatch(/13 км/);

    sys.emu.userSends(c.id, c.id, { text: '/schedule' });
    await sys.settle();
    const week = lastFromBot(c.id).text!;
    expect(week.match(/Ладожская/g)!.length).toBeGreaterThanOrEqual(3);
  });

  it('hints once that text is faster than voice', async () => {
    const c = sys.emu.createUser({ first_name: 'Voice', language_code: 'ru' });
    sys.emu.userSends(c.id, c.id, { voice: true, duration: 12 });
    await sys.settle();
    sys.emu.userSends(c.id, c.id, { voice: true, duration: 7 });
    await sys.settle();
    expect(botSaid(c.id).filter((m) => m.text?.includes('На текстовые сообщения мы отвечаем быстрее'))).toHaveLength(1);
    expect(sys.topicMessages(topicOf(c.id)!).filter((m) => m.voice)).toHaveLength(2);
  });

  it('closes with the worker’s contact line, takes a rating and a comment without opening a case', async () => {
    const c = sys.emu.createUser({ first_name: 'Rate', language_code: 'ru' });
    sys.emu.userSends(c.id, c.id, { text: 'где взять тест' });
    await sys.settle();
    const thread = topicOf(c.id)!;
    await closeWithRecord(sys, thread, { line: 'Звоните 8-800-000-00-00 по будням' });
    const [closing, ask] = botSaid(c.id).slice(-2);
    expect(closing!.text).toMatch(/Звоните 8-800-000-00-00 по будням/);
    await press(c.id, ask!, '👍 Да');
    const prompt = lastFromBot(c.id);
    const promptCall = sys.emu.calls.filter((x) => x.method === 'sendMessage' && x.params.chat_id === c.id).at(-1)!;
    expect(promptCall.params.reply_markup).toMatchObject({ force_reply: true });
    expect(sys.topicMessages(thread).at(-1)?.text).toMatch(/Отзыв клиента.*👍/);

    const topicsBefore = sys.emu.topics(sys.staffChatId).length;
    sys.emu.userSends(c.id, c.id, { text: 'спасибо, всё понятно' }, { reply_to_message_id: prompt.message_id });
    await sys.settle();
    expect(lastFromBot(c.id).text).toMatch(/комментарий сохранён/);
    expect(sys.emu.topics(sys.staffChatId)).toHaveLength(topicsBefore);
    expect(sys.topicMessages(thread).at(-1)?.text).toMatch(/Комментарий клиента.*спасибо, всё понятно/);
  });

  it('slows a flooding client with one notice and loses nothing', async () => {
    const c = sys.emu.createUser({ first_name: 'Flood', language_code: 'ru' });
    for (let i = 1; i <= 12; i++) sys.emu.userSends(c.id, c.id, { text: `сообщение ${i}` });
    await sys.emu.waitFor(() => {
      const thread = topicOf(c.id);
      return thread !== undefined && sys.topicMessages(thread).filter((m) => m.text?.startsWith('сообщение')).length === 12;
    }, 20_000);
    const texts = sys.topicMessages(topicOf(c.id)!).filter((m) => m.text?.startsWith('сообщение')).map((m) => m.text);
    expect(texts).toEqual(Array.from({ length: 12 }, (_, i) => `сообщение ${i + 1}`));
    expect(botSaid(c.id).filter((m) => m.text?.includes('много сообщений подряд'))).toHaveLength(1);
  });
});
