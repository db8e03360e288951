import type { Message } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import { startPeriodic } from '../src/jobs/periodic.ts';
import { closeWithRecord, startTestSystem, type TestSystem } from './support/system.ts';

let sys: TestSystem | undefined;
afterEach(async () => {
  await sys?.stop();
  sys = undefined;
});

const buttons = (m: Message) => (m.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text);
const said = (s: TestSystem, id: number) => s.botMessagesTo(id).map((m) => m.text ?? '');
const topicOf = (s: TestSystem, userId: number) => Number(s.emu.calls.find((c) => c.method === 'copyMessage' && c.params.from_chat_id === userId && c.ok)!.params.message_thread_id);

describe('the client bot in English', () => {
  it('offers articles, shows the unit, closes with a rating', async () => {
    const s = (sys = await startTestSystem({ clockStart: '2026-11-25T07:30:00Z' })); // Wednesday 10:30 in Moscow
    const c = s.emu.createUser({ first_name: 'En', language_code: 'en' });
    s.emu.userSends(c.id, c.id, { text: 'I have an abscess on my arm, it hurts' });
    await s.settle();
    expect(said(s, c.id)).toContain('Your message has been passed to a worker. The answer will come here, in this chat. The worker does not see your account.');
    const offer = s.botMessagesTo(c.id).find((m) => m.text?.startsWith('A worker has your message already. While you wait, this may help'))!;
    s.emu.userPressesButton(c.id, c.id, offer.message_id, `kb:${(offer.reply_markup!.inline_keyboard[0]![0] as { callback_data: string }).callback_data.slice(3)}`);
    await s.settle();
    expect(said(s, c.id).at(-1)).toMatch(/Sources[\s\S]*Verified by: doctor Anna Test/);

    // 10:30 on a Wednesday: Ladozhskaya (11:00–14:00) is still ahead today.
    s.emu.userSends(c.id, c.id, { location: { latitude: 59.9311, longitude: 30.4321 } });
    await s.settle();
    expect(said(s, c.id).at(-1)).toMatch(/Nearest stop today\nBus 1 · Ladozhskaya metro, mall exit\nToday from 11:00 to 14:00\.\nAbout 430 m from you\./);

    const thread = topicOf(s, c.id);
    await closeWithRecord(s, thread);
    const [closing, ask] = s.botMessagesTo(c.id).slice(-2);
    expect(closing!.text).toMatch(/Your request is closed[\s\S]*Write here any time/);
    expect(buttons(ask!)).toEqual(['👍 Yes', '👎 No']);
    s.emu.userPressesButton(c.id, c.id, ask!.message_id, (ask!.reply_markup!.inline_keyboard[0]![1] as { callback_data: string }).callback_data);
    await s.settle();
    expect(said(s, c.id).at(-1)).toMatch(/reply to this message with a comment/);
    // The staff group speaks the organisation's language.
    expect(s.topicMessages(thread).at(-1)?.text).toBe('Отзыв клиента по обращению #1: 👎');
  });

  it('answers after hours honestly and posts the queue to staff when the shift opens', async () => {
    // Monday 30 November, 09:59:57 in Moscow: three seconds before the shift.
    const s = (sys = await startTestSystem({ clockStart: '2026-11-30T06:59:57Z' }));
    const periodic = startPeriodic(s.app.deps, 1e9);
    const c = s.emu.createUser({ first_name: 'Early', language_code: 'en' });
    s.emu.userSends(c.id, c.id, { text: 'need help with documents' });
    await s.settle();
    expect(said(s, c.id).find((t) => t.startsWith('We are closed right now'))).toMatch(/Workers will answer today from 10:00/);
    await new Promise((r) => setTimeout(r, 3200));
    await periodic.tick();
    periodic.stop();
    const queue = s.emu.messages(s.staffChatId).find((m) => m.text?.startsWith('Очередь обращений'));
    expect(queue?.text).toMatch(/#1 · Клиент [2-9A-Z]{4} · ждёт с .*🌙/);
    expect(queue?.message_thread_id).toBeUndefined(); // the General topic
  });
});
