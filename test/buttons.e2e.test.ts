import { afterEach, describe, expect, it } from 'vitest';
import { inbox, referrals } from '../src/db/schema/index.ts';
import { buttonData, startTestSystem, type TestSystem } from './support/system.ts';

let sys: TestSystem | undefined;
afterEach(async () => {
  await sys?.stop();
  sys = undefined;
});

const DIRECTORY = [{ slug: 'aids-centre', kind: 'aids_centre' as const, name: { ru: 'СПИД-центр', en: 'AIDS centre' }, contacts: '+7 000 000' }];

/** A client writes; returns the case topic's thread and its first message (the header with the claim button). */
async function newCase(s: TestSystem, text: string) {
  const client = s.emu.createUser({ first_name: 'Client', language_code: 'ru' });
  s.emu.userSends(client.id, client.id, { text });
  await s.settle();
  const thread = s.emu.topics(s.staffChatId).at(-1)!.message_thread_id;
  return { client, thread, header: s.topicMessages(thread)[0]! };
}

describe('a button pressed twice, or answered too late', () => {
  it('a press Telegram no longer accepts is done once, not retried: the client gets the organisation once', async () => {
    const s = (sys = await startTestSystem({ settings: { externalOrganisations: DIRECTORY } }));
    const worker = s.workers[0]!;
    const { client, thread } = await newCase(s, 'где сдать тест на ВИЧ');
    s.emu.userSends(worker.id, s.staffChatId, { text: '/ext' }, { message_thread_id: thread });
    await s.settle();
    const choice = s.topicMessages(thread).at(-1)!;
    s.emu.userPressesButton(worker.id, s.staffChatId, choice.message_id, buttonData(choice, /СПИД-центр/));
    // Long enough that answering the press fails with "query is too old", as after a restart.
    s.emu.advanceClock(60_000);
    await s.settle();
    // Telegram refused the answer, and the handler still ran once.
    expect(s.emu.calls.filter((c) => c.method === 'answerCallbackQuery').map((c) => (c.ok ? 'ok' : c.error_code))).toEqual([400]);
    expect(s.botMessagesTo(client.id).filter((m) => m.text?.startsWith('СПИД-центр'))).toHaveLength(1);
    expect(await s.app.database.db.select().from(referrals)).toHaveLength(1);
    expect((await s.app.database.db.select().from(inbox)).every((u) => u.status === 'done' && u.attempts <= 1)).toBe(true);
  });

  it('two presses of the same button do the work once: a claim, taking a referral, its outcome', async () => {
    const s = (sys = await startTestSystem());
    const [worker, doctor] = s.workers as [NonNullable<TestSystem['workers'][0]>, NonNullable<TestSystem['workers'][0]>];
    const { thread, header } = await newCase(s, 'нужна консультация');
    const claim = buttonData(header, /Беру/);
    s.emu.userPressesButton(worker.id, s.staffChatId, header.message_id, claim);
    s.emu.userPressesButton(worker.id, s.staffChatId, header.message_id, claim);
    await s.settle();
    expect(s.topicMessages(thread).filter((m) => /взял\(а\)/.test(m.text ?? ''))).toHaveLength(1);

    s.emu.userSends(worker.id, s.staffChatId, { text: '/refer осмотр' }, { message_thread_id: thread });
    await s.settle();
    const choose = s.topicMessages(thread).at(-1)!;
    const toDoctor = buttonData(choose, /Врач/);
    s.emu.userPressesButton(worker.id, s.staffChatId, choose.message_id, toDoctor);
    await s.settle();
    const notice = s.topicMessages(thread).at(-1)!;
    const take = buttonData(notice, /Беру \(специалист\)/);
    s.emu.userPressesButton(doctor.id, s.staffChatId, notice.message_id, take);
    s.emu.userPressesButton(worker.id, s.staffChatId, notice.message_id, take);
    await s.settle();
    const [ref] = await s.app.database.db.select().from(referrals);
    // The first to press takes it; the second press neither tells the topic again nor overwrites who took it.
    expect(s.topicMessages(thread).filter((m) => /ведёт специалист/.test(m.text ?? '')).map((m) => m.text)).toEqual([expect.stringContaining('Worker')]);
    expect(s.topicMessages(thread).filter((m) => /ведёт специалист/.test(m.text ?? ''))).toHaveLength(1);
    const done = buttonData(s.emu.message(s.staffChatId, notice.message_id)!, /Выполнено/);
    s.emu.userPressesButton(doctor.id, s.staffChatId, notice.message_id, done);
    s.emu.userPressesButton(doctor.id, s.staffChatId, notice.message_id, done);
    await s.settle();
    expect((await s.app.database.db.select().from(referrals))[0]).toMatchObject({ id: ref!.id, outcome: 'done' });
    expect(s.topicMessages(thread).filter((m) => /Выполнено|Итог направления/i.test(m.text ?? ''))).toHaveLength(1);
  });
});
