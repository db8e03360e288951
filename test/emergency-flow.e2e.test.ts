import { eq } from 'drizzle-orm';
import type { Message, Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coordinatorOf, settingsFormFields } from '../src/console/testing.ts';
import { timelineOf } from '../src/cases/timeline.ts';
import { cases, scheduledJobs } from '../src/db/schema/index.ts';
import { afterEmergencyReply, restoreEpisodes } from '../src/emergency/flow.ts';
import { closeWithRecord, startTestSystem, type TestSystem } from './support/system.ts';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem({
    settings: {
      overdose: { secondDoseReminderSeconds: 150, helpArrivedCheckSeconds: 300 },
      duty: { windows: [1, 2, 3, 4, 5].map((d) => ({ weekday: d, from: '10:00', to: '22:00', staff: [{ name: 'Anna', telegram: '@anna_outreach' }] })), onCall: { name: 'Boris', telegram: '@boris_oncall' }, holidays: [] },
      ambulanceLaw: { ru: 'Закон: текст организации.', en: 'The law: the organisation’s text.' },
    },
  });
  // The clock is moved by hand here: the test runs the due jobs itself.
  await sys.app.deps.scheduler.stop();
});
afterAll(async () => {
  await sys?.stop();
});

const said = (userId: number) => sys.botMessagesTo(userId);
const last = (userId: number) => said(userId).at(-1)!;
const buttons = (m: Message) => (m.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text);
const dataOf = (m: Message, text: string) => {
  const b = (m.reply_markup?.inline_keyboard ?? []).flat().find((x) => x.text === text);
  if (!b || !('callback_data' in b)) throw new Error(`no button "${text}" in ${JSON.stringify(m.reply_markup)}`);
  return b.callback_data!;
};
const press = async (userId: number, m: Message, text: string) => {
  sys.emu.userPressesButton(userId, userId, m.message_id, dataOf(m, text));
  await sys.settle();
};
const write = async (userId: number, text: string) => {
  sys.emu.userSends(userId, userId, { text });
  await sys.settle();
};
const caseOf = async (userId: number) => {
  const thread = Number(sys.emu.calls.find((c) => c.method === 'copyMessage' && c.params.from_chat_id === userId && c.ok)!.params.message_thread_id);
  const [kase] = await sys.app.database.db.select().from(cases).where(eq(cases.topicId, thread));
  return { kase: kase!, thread };
};
const alertOf = async (userId: number) => {
  const { kase } = await caseOf(userId);
  const [row] = await sys.app.database.db.select().from(cases).where(eq(cases.id, kase.id));
  return sys.emu.message(sys.staffChatId, row!.emergencyAlertMsgId!)!;
};
/** Moves the clock past every follow-up and runs what fell due. */
const laterOn = async (minutes = 10) => {
  sys.advanceClock(minutes * 60_000);
  await sys.app.deps.scheduler.runDue();
  await sys.settle();
};
const jobStatuses = async (caseId: number) =>
  (await sys.app.database.db.select().from(scheduledJobs).where(eq(scheduledJobs.caseId, caseId))).map((j) => `${j.kind}:${j.status}`).sort();
const startEmergency = async (userId: number) => {
  await write(userId, 'помогите друг не дышит посинел');
  const [first, taken, breathing] = said(userId).slice(-3);
  return { first: first!, taken: taken!, breathing: breathing! };
};

describe('the overdose flow follows the person', () => {
  it('opioids, not breathing, then "скорая приехала": each step in the timeline and on the pinned alert, and no follow-up after', async () => {
    const c = sys.emu.createUser({ first_name: 'Follow', language_code: 'ru' });
    const { first, taken, breathing } = await startEmergency(c.id);
    expect(first.text).toMatch(/Действуйте сейчас/);
    expect([taken.text, breathing.text]).toEqual(['Что было принято?', 'Человек дышит?']);

    await press(c.id, taken, 'Опиоиды');
    await press(c.id, breathing, '❌ Не дышит');
    expect(last(c.id).text).toMatch(/Не дышит — дышите за него/);
    const { kase, thread } = await caseOf(c.id);
    expect(await jobStatuses(kase.id)).toEqual(['overdose.arrived-check:pending', 'overdose.second-dose:pending']);

    const before = said(c.id).length;
    await write(c.id, 'скорая приехала');
    expect(said(c.id).slice(before).map((m) => m.text)).toEqual([expect.stringMatching(/помощь рядом/)]);
    expect(sys.topicMessages(thread).some((m) => m.text === 'скорая приехала')).toBe(true);
    expect(await jobStatuses(kase.id)).toEqual(['overdose.arrived-check:cancelled', 'overdose.second-dose:cancelled']);

    // The timeline: every message the bot sent (as sent), every tap, the answer in words, the marking and the stop.
    const timeline = await timelineOf(sys.app.deps, kase.id);
    const flow = timeline
      .filter((e) => ['bot_message', 'client_tap', 'emergency', 'followups_stopped'].includes(e.kind))
      .map((e) => {
        const d = e.data as Record<string, unknown>;
        if (e.kind === 'bot_message') return `bot:${d.flow}:${d.step}`;
        if (e.kind === 'client_tap') return `tap:${d.button}:${e.text}`;
        if (e.kind === 'emergency') return d.level ? `emergency:${d.level}:${d.trigger}` : `answer:${d.answer}`;
        return `stopped:${d.reason}`;
      });
    expect(flow).toEqual([
      'bot:emergency:first-reply',
      'bot:emergency:question-substance',
      'bot:emergency:question-breathing',
      'emergency:full:text',
      'tap:od:s:opioids:Опиоиды',
      'bot:emergency:substance-opioids',
      'bot:emergency:question-breathing',
      'tap:od:b:no:❌ Не дышит',
      'bot:emergency:breathing-no',
      'answer:help_arrived',
      'bot:emergency:arrived-thanks',
      'stopped:help_arrived',
    ]);
    // The client's two messages are the relay's own events.
    expect(timeline.filter((e) => e.kind === 'client_message')).toHaveLength(2);
    // The text as sent (Telegram HTML), at the time Telegram took it: before the case was even marked.
    expect(timeline.find((e) => e.kind === 'bot_message')!.text).toMatch(/^<b>Действуйте сейчас:<\/b>\n1\. Звоните 103 или 112/);

    // The pinned alert, edited in place: what set it off, the answers with their times, help, the follow-ups, the course.
    const alert = await alertOf(c.id);
    expect(sys.emu.pinned(sys.staffChatId, thread)?.message_id).toBe(alert.message_id);
    expect(sys.topicMessages(thread).filter((m) => m.text?.startsWith('🚨'))).toHaveLength(1);
    const text = alert.text!;
    expect(text).toMatch(/^🚨 ВОЗМОЖНАЯ ПЕРЕДОЗИРОВКА — обращение #\d+/);
    expect(text).toMatch(/Сигнал: сообщение клиента · \d\d:\d\d/);
    expect(text).toMatch(/Что принято: Опиоиды · \d\d:\d\d/);
    expect(text).toMatch(/Дышит: НЕТ · \d\d:\d\d/);
    expect(text).toMatch(/✅ Помощь приехала · \d\d:\d\d/);
    expect(text).toMatch(/⏹ Напоминания остановлены: помощь приехала · \d\d:\d\d \(вторая доза отменено; «помощь приехала\?» отменено\)/);
    expect(text).toMatch(/Ход: .*🤖 инструкции.*👆 Опиоиды.*🤖 шаг «Опиоиды».*👆 Не дышит.*🤖 шаг «не дышит».*✍️ «помощь приехала».*🤖 «хорошо, что помощь рядом»/);
    expect(text).toMatch(/@anna_outreach/);
    expect(buttons(alert)).toEqual([]);

    // Later on: nothing more comes.
    const count = said(c.id).length;
    await laterOn();
    expect(said(c.id)).toHaveLength(count);
  });

  it('sends the follow-ups while help has not come, and shows them on the alert', async () => {
    const c = sys.emu.createUser({ first_name: 'Waiting', language_code: 'ru' });
    const { taken } = await startEmergency(c.id);
    await press(c.id, taken, 'Опиоиды');
    expect(buttons(await alertOf(c.id))).toEqual(['⏹ Остановить напоминания']);
    await laterOn();
    const texts = said(c.id).map((m) => m.text ?? '');
    expect(texts.filter((t) => t.includes('Прошло 2–3 минуты'))).toHaveLength(1);
    expect(texts.filter((t) => t.startsWith('Скорая приехала?'))).toHaveLength(1);
    const { kase } = await caseOf(c.id);
    const followUps = (await timelineOf(sys.app.deps, kase.id)).filter((e) => e.kind === 'bot_message' && (e.data as { flow: string }).flow === 'followup');
    expect(followUps.map((e) => (e.data as { step: string }).step)).toEqual(['second-dose-reminder', 'help-arrived-check']);
    const alert = (await alertOf(c.id)).text!;
    expect(alert).toMatch(/⏰ Напоминания клиенту: вторая доза отправлено в \d\d:\d\d; «помощь приехала\?» отправлено в \d\d:\d\d/);
    expect(alert).toMatch(/⏰ напоминание о второй дозе/);
  });

  it('gives a case closed during the follow-up window nothing more, even when a cancel was missed', async () => {
    const c = sys.emu.createUser({ first_name: 'Closed', language_code: 'ru' });
    const { taken } = await startEmergency(c.id);
    await press(c.id, taken, 'Опиоиды');
    const { kase, thread } = await caseOf(c.id);
    await closeWithRecord(sys, thread);
    expect(await jobStatuses(kase.id)).toEqual(['overdose.arrived-check:cancelled', 'overdose.second-dose:cancelled']);
    const stops = (await timelineOf(sys.app.deps, kase.id)).filter((e) => e.kind === 'followups_stopped');
    expect(stops.map((e) => (e.data as { reason: string }).reason)).toEqual(['case_closed']);
    expect((await alertOf(c.id)).text).toMatch(/Напоминания остановлены: обращение закрыто/);
    const count = said(c.id).length;
    await laterOn();
    expect(said(c.id)).toHaveLength(count);

    // A follow-up whose cancel never happened (stored pending, the case closed behind its back) still checks when due.
    const d = sys.emu.createUser({ first_name: 'Missed', language_code: 'ru' });
    const second = await startEmergency(d.id);
    await press(d.id, second.taken, 'Опиоиды');
    const other = await caseOf(d.id);
    await sys.app.database.db.update(cases).set({ status: 'closed' }).where(eq(cases.id, other.kase.id));
    const before = said(d.id).length;
    await laterOn();
    expect(said(d.id)).toHaveLength(before);
    expect(await jobStatuses(other.kase.id)).toEqual(['overdose.arrived-check:cancelled', 'overdose.second-dose:cancelled']);
    expect(sys.logs.join('')).toMatch(/"event":"emergency.followup_moot"/);
  });

  it('does a replayed button press’s work once: the same update delivered twice, or its handler retried', async () => {
    const c = sys.emu.createUser({ first_name: 'Replay', language_code: 'ru' });
    const { taken } = await startEmergency(c.id);
    let tap: Update | undefined;
    const grab = (u: Update) => (tap = u);
    sys.emu.on('update', grab);
    sys.emu.userPressesButton(c.id, c.id, taken.message_id, dataOf(taken, 'Опиоиды'));
    sys.emu.off('update', grab);
    await sys.settle();
    // Telegram delivers it again (a webhook retried, a lost acknowledgement): seen on arrival again, stored again.
    sys.app.deps.emergency.onArrival(tap!);
    await sys.app.inbox.accept([tap!]);
    await sys.settle();
    // And the handler runs again for it (a retry after a failure later in the handler).
    const answered = await sys.app.deps.emergency.ensureAnswered(tap!);
    await afterEmergencyReply(sys.app.deps, tap!, answered!);

    expect(said(c.id).filter((m) => m.text?.includes('Опиоиды (героин'))).toHaveLength(1);
    const { kase } = await caseOf(c.id);
    const timeline = await timelineOf(sys.app.deps, kase.id);
    expect(timeline.filter((e) => e.kind === 'client_tap')).toHaveLength(1);
    expect(timeline.filter((e) => e.kind === 'bot_message' && (e.data as { step: string }).step === 'substance-opioids')).toHaveLength(1);
    expect(await jobStatuses(kase.id)).toEqual(['overdose.arrived-check:pending', 'overdose.second-dose:pending']);
  });

  it('reads "она дышит" during an emergency as the answer: no "is someone in danger?", no second full reply', async () => {
    const c = sys.emu.createUser({ first_name: 'Breathes', language_code: 'ru' });
    await startEmergency(c.id);
    const before = said(c.id).length;
    await write(c.id, 'она дышит');
    const after = said(c.id).slice(before).map((m) => m.text ?? '');
    expect(after).toEqual([expect.stringMatching(/^Дышит — уложите на бок/), 'Что было принято?']);
    expect(said(c.id).some((m) => m.text?.startsWith('Если кому-то сейчас плохо'))).toBe(false);
    expect(said(c.id).filter((m) => m.text?.includes('Действуйте сейчас'))).toHaveLength(1);
    expect((await alertOf(c.id)).text).toMatch(/Дышит: да · \d\d:\d\d/);
    // Breathing is not being awake: the follow-ups stay.
    const { kase, thread } = await caseOf(c.id);
    expect(await jobStatuses(kase.id)).toEqual(['overdose.arrived-check:pending']);
    expect(sys.topicMessages(thread).some((m) => m.text === 'она дышит')).toBe(true);
    expect(sys.topicMessages(thread).some((m) => m.text?.startsWith('⚠️'))).toBe(false);

    // "He woke up" after a restart (the responder's memory empty, then filled from the database).
    sys.app.deps.emergency.memory.forget(c.id);
    expect(await restoreEpisodes(sys.app.deps)).toBeGreaterThan(0);
    await write(c.id, 'он очнулся');
    expect(last(c.id).text).toMatch(/^Скорая приехала\?/);
    expect(await jobStatuses(kase.id)).toEqual(['overdose.arrived-check:cancelled']);
    expect((await alertOf(c.id)).text).toMatch(/✅ Человек пришёл в себя/);

    // An update stored before a restart and handled after it, never seen on arrival: the database decides.
    sys.app.deps.emergency.memory.forget(c.id);
    // (Telegram's own message, under an update id the poller never fetched.)
    const message = sys.emu.messages(c.id).find((m) => m.from?.id === c.id && m.text === 'она дышит')!;
    const stored = { update_id: 900_000_001, message } as Update;
    const count = said(c.id).length;
    await sys.app.inbox.accept([stored]);
    await sys.settle();
    expect(said(c.id).slice(count).map((m) => m.text)).toEqual([expect.stringMatching(/^Дышит — уложите на бок/), 'Что было принято?']);
  });

  it('lets a worker stop the follow-ups from the pinned alert; the press is answered first and a replay does nothing', async () => {
    const c = sys.emu.createUser({ first_name: 'Stop', language_code: 'ru' });
    const { taken } = await startEmergency(c.id);
    await press(c.id, taken, 'Опиоиды');
    const alert = await alertOf(c.id);
    const worker = sys.workers[0]!;
    const q1 = sys.emu.userPressesButton(worker.id, sys.staffChatId, alert.message_id, dataOf(alert, '⏹ Остановить напоминания'));
    const q2 = sys.emu.userPressesButton(worker.id, sys.staffChatId, alert.message_id, dataOf(alert, '⏹ Остановить напоминания'));
    await sys.settle();
    expect(sys.emu.callbackAnswer(q1.id)).toBeDefined();
    expect(sys.emu.callbackAnswer(q2.id)).toBeDefined();
    const { kase, thread } = await caseOf(c.id);
    const stops = (await timelineOf(sys.app.deps, kase.id)).filter((e) => e.kind === 'followups_stopped');
    expect(stops).toHaveLength(1);
    expect(stops[0]).toMatchObject({ actor: 'staff', via: 'telegram', data: { reason: 'staff' } });
    const text = (await alertOf(c.id)).text!;
    expect(text).toMatch(/⏹ Напоминания остановлены: Worker/);
    expect(buttons(await alertOf(c.id))).toEqual([]);
    expect(sys.topicMessages(thread).filter((m) => /остановлены/.test(m.text ?? ''))).toHaveLength(1);
    const count = said(c.id).length;
    await laterOn();
    expect(said(c.id)).toHaveLength(count);
    expect(await jobStatuses(kase.id)).toEqual(['overdose.arrived-check:cancelled', 'overdose.second-dose:cancelled']);
  });
});

describe('the organisation’s own words in an emergency', () => {
  it('an ambulanceLaw of "A&E <free>" saved in the console reaches the client who taps "what the law says"; a too long one is refused, naming the field', async () => {
    const b = await coordinatorOf(sys);
    await b.get('/console/settings/organisation');
    const form = settingsFormFields(b.html);
    const saved = await b.post('/console/settings/organisation', { ...form, 'ambulanceLaw.ru': 'A&E <free> — звоните смело', 'ambulanceLaw.en': 'A&E <free>' });
    expect(saved.headers.get('location')).toBe('/console/settings/organisation?saved=1');

    const c = sys.emu.createUser({ first_name: 'Law', language_code: 'ru' });
    const { first } = await startEmergency(c.id);
    await press(c.id, first, 'Что говорит закон о вызове скорой');
    expect(last(c.id).text).toBe('A&E <free> — звоните смело');

    await b.get('/console/settings/organisation');
    const refused = await b.post('/console/settings/organisation', { ...settingsFormFields(b.html), 'ambulanceLaw.en': 'x'.repeat(3001) });
    expect(refused.status).toBe(422);
    expect(/<div class="error"[\s\S]*?<\/div>/.exec(b.html)?.[0]).toMatch(/Организация, Что говорит закон о вызове скорой \(англ\.\): не длиннее 3000 знаков/);
    expect(sys.app.settings.current.ambulanceLaw?.en).toBe('A&E <free>');
  });
});

describe('along the way', () => {
  it('handled every update without an error, and logged no client text', async () => {
    const logs = sys.logs.join('');
    expect(logs).not.toMatch(/"event":"update.error"/);
    expect(logs).not.toMatch(/"event":"emergency.alert_edit_failed"/);
    expect(logs).not.toMatch(/не дышит|скорая приехала|она дышит|A&E/);
  });
});
