import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { cases, referrals } from '../src/db/schema/index.ts';
import { buttonTarget } from '../src/telegram/staff/place.ts';
import { buttonData, startTestSystem, type TestSystem } from './support/system.ts';

let sys: TestSystem | undefined;
afterEach(async () => {
  await sys?.stop();
  sys = undefined;
});

async function newCase(s: TestSystem, text: string) {
  const client = s.emu.createUser({ first_name: 'Client', language_code: 'ru' });
  s.emu.userSends(client.id, client.id, { text });
  await s.settle();
  const thread = s.emu.topics(s.staffChatId).at(-1)!.message_thread_id;
  const [kase] = await s.app.database.db.select().from(cases).where(eq(cases.topicId, thread));
  return { client, thread, header: s.topicMessages(thread)[0]!, caseId: kase!.id };
}

const answers = (s: TestSystem) => s.emu.calls.filter((c) => c.method === 'answerCallbackQuery' && c.ok).map((c) => c.params.text);

describe('a case button counts only in its case topic', () => {
  it('reads the case (or the referral) each family of buttons names', () => {
    expect(buttonTarget('case:claim:2')).toEqual({ family: 'claim', caseId: 2 });
    expect(buttonTarget('ref:to:7:doctor:3')).toEqual({ family: 'refer', caseId: 7 });
    expect(buttonTarget('ref:take:5')).toEqual({ family: 'referral', referralId: 5 });
    expect(buttonTarget('ref:out:5:done')).toEqual({ family: 'referral', referralId: 5 });
    expect(buttonTarget('ext:3:1')).toEqual({ family: 'external', caseId: 3 });
    expect(buttonTarget('rec:4:save')).toEqual({ family: 'record', caseId: 4 });
    expect(buttonTarget('ods:9')).toEqual({ family: 'stop-follow-ups', caseId: 9 });
    // Malformed data of a case family names no case (refused); other buttons are not ours to judge.
    expect(buttonTarget('case:claim:x')).toEqual({ family: 'claim', caseId: undefined });
    expect(buttonTarget('ref:zzz')).toEqual({ family: 'refer' });
    expect(buttonTarget('od:s:opioids')).toBeUndefined();
    expect(buttonTarget('cq:p:1')).toBeUndefined();
    expect(buttonTarget('menu:overdose')).toBeUndefined();
  });

  it('refuses a forged claim of case 2 on a message in case 1’s topic, and a referral of case 2 taken there; the genuine presses work', async () => {
    const s = (sys = await startTestSystem());
    const [worker, doctor] = s.workers as [NonNullable<TestSystem['workers'][0]>, NonNullable<TestSystem['workers'][0]>];
    const one = await newCase(s, 'нужна консультация');
    const two = await newCase(s, 'нужна помощь юриста');
    expect(two.caseId).not.toBe(one.caseId);

    const db = s.app.database.db;
    const holder = async (id: number) => (await db.select().from(cases).where(eq(cases.id, id)))[0]!.claimedBy;
    // Case 1's header carries `case:claim:1`; a modified client sends `case:claim:2` on it.
    s.emu.userSendsForgedPress(worker.id, s.staffChatId, one.header.message_id, `case:claim:${two.caseId}`);
    await s.settle();
    expect(await holder(two.caseId)).toBeNull();
    expect(s.topicMessages(two.thread).filter((m) => /взял\(а\)/.test(m.text ?? ''))).toHaveLength(0);
    expect(answers(s)).toEqual(['Эта кнопка не относится к этой теме.']);
    const logged = s.logs.filter((l) => l.includes('staff.button_out_of_place'));
    expect(logged).toHaveLength(1);
    // Logged without the case, the chat, the message or the person.
    expect(Object.keys(JSON.parse(logged[0]!)).sort()).toEqual(['event', 'family', 'level', 'msg', 'time']);

    // The genuine press on case 2's own header claims case 2.
    s.emu.userPressesButton(worker.id, s.staffChatId, two.header.message_id, buttonData(two.header, /Беру/));
    await s.settle();
    expect(await holder(two.caseId)).not.toBeNull();
    expect(s.topicMessages(two.thread).filter((m) => /взял\(а\)/.test(m.text ?? ''))).toHaveLength(1);

    // A referral of case 2: its take button pressed with forged data on case 1's header is refused.
    s.emu.userSends(worker.id, s.staffChatId, { text: '/refer осмотр' }, { message_thread_id: two.thread });
    await s.settle();
    const choose = s.topicMessages(two.thread).at(-1)!;
    // /refer's choice of case 2 sent on case 1's header: refused, nothing referred.
    s.emu.userSendsForgedPress(worker.id, s.staffChatId, one.header.message_id, buttonData(choose, /Врач/));
    await s.settle();
    expect(await db.select().from(referrals)).toHaveLength(0);
    s.emu.userPressesButton(worker.id, s.staffChatId, choose.message_id, buttonData(choose, /Врач/));
    await s.settle();
    const [ref] = await db.select().from(referrals);
    expect(ref).toMatchObject({ caseId: two.caseId });
    const notice = s.topicMessages(two.thread).at(-1)!;
    const take = buttonData(notice, /Беру \(специалист\)/);
    s.emu.userSendsForgedPress(doctor.id, s.staffChatId, one.header.message_id, take);
    await s.settle();
    expect((await db.select().from(referrals))[0]!.takenAt).toBeNull();
    s.emu.userPressesButton(doctor.id, s.staffChatId, notice.message_id, take);
    await s.settle();
    expect((await db.select().from(referrals))[0]!.takenAt).toBeInstanceOf(Date);
    expect(answers(s).filter((a) => a === 'Эта кнопка не относится к этой теме.')).toHaveLength(3);

    // A case button pressed in the General topic (a message there with a keyboard) is refused too.
    const general = await s.app.deps.api.sendMessage(s.staffChatId, 'General', { reply_markup: { inline_keyboard: [[{ text: 'x', callback_data: 'noop' }]] } });
    s.emu.userSendsForgedPress(worker.id, s.staffChatId, general.message_id, `case:claim:${one.caseId}`);
    await s.settle();
    expect(await holder(one.caseId)).toBeNull();
    expect(answers(s).filter((a) => a === 'Эта кнопка не относится к этой теме.')).toHaveLength(4);
  });
});
