import { Writable } from 'node:stream';
import { Api } from 'grammy';
import type { Message, Update } from 'grammy/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log.ts';
import { DEFAULT_SETTINGS, type Settings } from '../organisation/settings.ts';
import { TelegramEmulator } from '../sandbox/emulator/index.ts';
import { emergencyActionOf, OD } from './actions.ts';
import { EmergencyResponder, LocaleMemory, type FlowTexts } from './responder.ts';

/** Verified steps, as the content library would hold them filled in. */
const STEPS: Record<string, string> = {
  'first-reply': '<b>Действуйте сейчас:</b>\n1. Звоните 103.',
  'substance-opioids': '<b>Опиоиды</b>\n• Налоксон.',
  'breathing-yes': '<b>Дышит — уложите на бок.</b>',
  'breathing-no': '<b>Не дышит — дышите за него.</b>',
  'help-arrived-check': '<b>Скорая приехала?</b>',
  'second-dose-reminder': '<b>Прошло 2–3 минуты после налоксона.</b>',
};
const texts: FlowTexts = { step: (_locale, id) => STEPS[id] };

let emu: TelegramEmulator;
let updates: Update[];
let logs: string[];
let settings: Settings;

beforeEach(async () => {
  emu = new TelegramEmulator({ limits: false });
  updates = [];
  emu.on('update', (u) => updates.push(u));
  logs = [];
  settings = { ...DEFAULT_SETTINGS, ambulanceLaw: { ru: 'A&E <free> — скорую можно вызывать', en: 'A&E <free>' } };
});
afterEach(async () => {
  await emu.close();
});

/** A responder with its own Bot API client against the emulator; `refuse` makes Telegram answer 400 to rich messages. */
async function responder(opts: { refuse?: boolean } = {}) {
  const { url } = await emu.listen(0, '127.0.0.1');
  const api = new Api(emu.token, { apiRoot: url });
  if (opts.refuse) {
    api.config.use((prev, method, payload, signal) =>
      method === 'sendMessage' && (payload as { parse_mode?: string }).parse_mode === 'HTML'
        ? Promise.resolve({ ok: false as const, error_code: 400, description: 'Bad Request: can\'t parse entities: Unsupported start tag "free" at byte offset 4' })
        : prev(method, payload, signal),
    );
  }
  const log = createLogger(new Writable({ write: (c, _e, done) => (logs.push(String(c)), done()) }), 'debug');
  return new EmergencyResponder(api, texts, new LocaleMemory(), () => settings, 'ru', log);
}

const client = () => emu.createUser({ first_name: 'C', language_code: 'ru' });
const said = (userId: number) => emu.messages(userId).filter((m) => m.from?.id === emu.botUser.id);
const buttons = (m: Message) => (m.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text);
function write(userId: number, text: string): Update {
  emu.userSends(userId, userId, { text });
  return updates.at(-1)!;
}
function press(userId: number, m: Message, data: string): Update {
  emu.userPressesButton(userId, userId, m.message_id, data);
  return updates.at(-1)!;
}

describe('the emergency responder', () => {
  it('sends the steps, then each question as its own message with its buttons, with no database at all', async () => {
    const r = await responder();
    const c = client();
    const u = write(c.id, 'помогите он не дышит');
    r.onArrival(u);
    const answered = (await r.ensureAnswered(u))!;
    const [first, taken, breathing] = said(c.id);
    expect(first!.text).toMatch(/Действуйте сейчас/);
    expect(buttons(first!)).toEqual(['Связаться с врачом', 'Что говорит закон о вызове скорой']);
    expect(taken!.text).toBe('Что было принято?');
    expect(buttons(taken!)).toEqual(['Опиоиды', 'Стимуляторы (мефедрон, соли)', 'Алкоголь, снотворные, лирика', 'Смесь', 'Не знаю']);
    expect(breathing!.text).toBe('Человек дышит?');
    expect(buttons(breathing!)).toEqual(['✅ Дышит', '❌ Не дышит']);
    // What went out, and when, for the timeline.
    expect(answered.sent.map((s) => s.step)).toEqual(['first-reply', 'question-substance', 'question-breathing']);
    expect(answered.sent.map((s) => s.messageId)).toEqual([first, taken, breathing].map((m) => m!.message_id));
    expect(answered.sent[0]!.at.getTime()).toBeLessThanOrEqual(answered.sent[2]!.at.getTime());
  });

  it('reads the person’s words as answers while the emergency is under way, and asks nothing again', async () => {
    const r = await responder();
    const c = client();
    const start = write(c.id, 'он не дышит посинел');
    r.onArrival(start);
    await r.ensureAnswered(start);
    const count = said(c.id).length;

    // "she is breathing" would set off the model's "is someone in danger?" question outside an emergency.
    const breathing = write(c.id, 'he is breathing now');
    r.onArrival(breathing);
    expect((await r.ensureAnswered(breathing))!.action).toEqual({ kind: 'answer', answer: 'breathing' });
    expect(said(c.id).slice(count).map((m) => m.text)).toEqual([expect.stringMatching(/Дышит — уложите на бок/), 'Что было принято?']);
    expect(said(c.id).some((m) => m.text?.startsWith('Если кому-то сейчас плохо'))).toBe(false);

    // What only the model sees, during the emergency: no "is someone in danger?", no reply (it goes to the workers).
    const modelOnly = ['он какой-то вялый после закладки', 'friend is really out of it after a bump'];
    let asked = 0;
    for (const text of modelOnly) {
      const maybe = write(c.id, text);
      if (emergencyActionOf(maybe)?.kind === 'possible') asked++;
      r.onArrival(maybe);
      expect(await r.ensureAnswered(maybe)).toBeUndefined();
    }
    expect(asked).toBeGreaterThan(0); // outside an emergency, the question would have been asked

    // Described again: the steps again, not the questions.
    const again = write(c.id, 'он опять синеет, хрипит');
    r.onArrival(again);
    expect((await r.ensureAnswered(again))!.sent.map((s) => s.step)).toEqual(['first-reply']);

    // Woke up: the "has help arrived?" text now (the scheduled one becomes moot).
    const woke = write(c.id, 'он очнулся');
    r.onArrival(woke);
    expect((await r.ensureAnswered(woke))!.sent.map((s) => s.step)).toEqual(['help-arrived-check']);
    expect(r.memory.get(c.id)?.settled).toBe('recovered');
  });

  it('after a restart, asks the database whether the words answer an emergency', async () => {
    const r = await responder();
    const c = client();
    const woke = write(c.id, 'he woke up');
    const asked: number[] = [];
    const answered = await r.ensureAnswered(woke, async (chatId) => (asked.push(chatId), { since: Date.now() - 60_000, lastSeen: Date.now() - 30_000, substance: 'opioids' }));
    expect(asked).toEqual([c.id]);
    expect(answered!.action).toEqual({ kind: 'answer', answer: 'recovered' });
    expect(said(c.id).map((m) => m.text)).toEqual(['Скорая приехала?']);
  });

  it('does a replayed update’s work once: delivered twice, or its handler retried', async () => {
    const r = await responder();
    const c = client();
    const start = write(c.id, '/overdose');
    r.onArrival(start);
    r.onArrival(start);
    await r.ensureAnswered(start);
    const taken = said(c.id)[1]!;
    const tap = press(c.id, taken, OD.substance('opioids'));
    r.onArrival(tap);
    const first = await r.ensureAnswered(tap);
    const again = await r.ensureAnswered(tap);
    r.onArrival(tap);
    expect(again).toBe(first);
    expect(first!.tap).toEqual({ button: 'od:s:opioids', label: 'Опиоиды' });
    expect(said(c.id).filter((m) => m.text?.includes('Налоксон'))).toHaveLength(1);
    expect(said(c.id)).toHaveLength(5);
  });

  it('escapes the organisation’s own words: "A&E <free>" reaches the client as written', async () => {
    const r = await responder();
    const c = client();
    const start = write(c.id, '/overdose');
    r.onArrival(start);
    await r.ensureAnswered(start);
    const law = press(c.id, said(c.id)[0]!, OD.law);
    r.onArrival(law);
    expect((await r.ensureAnswered(law))!.sent.map((s) => s.step)).toEqual(['law']);
    expect(said(c.id).at(-1)!.text).toBe('A&E <free> — скорую можно вызывать');
    // With no verified doctor step and no doctor in the settings, the fallback: the numbers, escaped.
    settings = { ...settings, emergencyNumbers: ['<103>', '112 & 911'], doctorContact: undefined };
    const doctor = press(c.id, said(c.id)[0]!, OD.doctor);
    r.onArrival(doctor);
    await r.ensureAnswered(doctor);
    expect(said(c.id).at(-1)!.text).toBe('🚨 Звоните <103>, 112 & 911 прямо сейчас. Не оставляйте человека одного. Сотрудники уже получили сигнал.');
  });

  it('sends the plain reply at once when Telegram refuses the rich one, and logs no text', async () => {
    const r = await responder({ refuse: true });
    const c = client();
    const u = write(c.id, 'помогите он не дышит');
    r.onArrival(u);
    const answered = (await r.ensureAnswered(u))!;
    expect(said(c.id).map((m) => m.text)).toEqual(['🚨 Звоните 103, 112 прямо сейчас. Оставайтесь рядом с человеком, не оставляйте его одного.']);
    expect(said(c.id)[0]!.reply_markup).toBeUndefined();
    const call = emu.calls.find((x) => x.method === 'sendMessage' && x.ok)!;
    expect(call.params.parse_mode).toBeUndefined();
    expect(answered.sent).toEqual([expect.objectContaining({ step: 'plain-fallback', plain: true })]);
    const lines = logs.join('');
    expect(lines).toMatch(/"event":"emergency.reply_rejected"/);
    expect(lines).not.toMatch(/не дышит|Действуйте|free|Звоните/);
  });
});
