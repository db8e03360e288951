import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { cases, referrals } from '../src/db/schema/index.ts';
import { upsertStaffMember } from '../src/cases/staff-members.ts';
import { buttonData, closeWithRecord, startTestSystem, type TestSystem } from './support/system.ts';

let sys: TestSystem | undefined;
afterEach(async () => {
  await sys?.stop();
  sys = undefined;
});

describe('case work in the staff group', () => {
  it('claim → refer → specialist takes over → referral outcome → close with a full record', async () => {
    const s = (sys = await startTestSystem());
    const [worker, doctor] = s.workers as [NonNullable<TestSystem['workers'][0]>, NonNullable<TestSystem['workers'][0]>];
    const client = s.emu.createUser({ first_name: 'Case', language_code: 'ru' });
    s.emu.userSends(client.id, client.id, { text: 'у меня абсцесс, красный и болит' });
    await s.settle();
    const thread = s.emu.topics(s.staffChatId)[0]!.message_thread_id;
    const header = s.topicMessages(thread)[0]!;
    expect(s.emu.topics(s.staffChatId)[0]!.name).toMatch(/^🆕 /);
    // The icon too, from Telegram's own set (the emulator's holds 🔥 for "new").
    const icons = await s.app.deps.api.getForumTopicIconStickers();
    expect(s.emu.topics(s.staffChatId)[0]!.icon_custom_emoji_id).toBe(icons.find((i) => i.emoji === '🔥')!.custom_emoji_id);

    // Claim with the button on the case's first message.
    s.emu.userPressesButton(worker.id, s.staffChatId, header.message_id, buttonData(header, /Беру/));
    await s.settle();
    expect(s.topicMessages(thread).at(-1)?.text).toMatch(/взял\(а\): Worker/);
    expect(s.emu.topics(s.staffChatId)[0]!.name).toMatch(/^💬 /);

    // The doctor declares the role; the worker refers to them with a reason.
    s.emu.userSends(doctor.id, s.staffChatId, { text: '/role doctor' });
    await s.settle(); // the General topic and the case topic are handled concurrently
    s.emu.userSends(worker.id, s.staffChatId, { text: '/refer нужен осмотр врача' }, { message_thread_id: thread });
    await s.settle();
    const choose = s.topicMessages(thread).at(-1)!;
    expect(choose.text).toMatch(/Кому направить/);
    s.emu.userPressesButton(worker.id, s.staffChatId, choose.message_id, buttonData(choose, /Врач · Worker/));
    await s.settle();
    const notice = s.topicMessages(thread).at(-1)!;
    expect(notice.text).toMatch(/направлено: Врач · Worker.*Причина: нужен осмотр врача/s);
    expect(s.emu.topics(s.staffChatId)[0]!.name).toMatch(/^↪️ /);

    s.emu.userPressesButton(doctor.id, s.staffChatId, notice.message_id, buttonData(notice, /Беру \(специалист\)/));
    await s.settle();
    const withOutcomes = s.emu.message(s.staffChatId, notice.message_id)!;
    s.emu.userPressesButton(doctor.id, s.staffChatId, notice.message_id, buttonData(withOutcomes, /Выполнено/));
    await s.settle();

    // The doctor answers the client, then closes with a record.
    s.emu.userSends(doctor.id, s.staffChatId, { text: 'Пришлите фото, пожалуйста' }, { message_thread_id: thread });
    await s.settle();
    const form = await closeWithRecord(s, thread, { worker: doctor.id });
    const suggested = (form.reply_markup!.inline_keyboard.flat() as { text: string }[]).filter((b) => b.text.startsWith('✅')).map((b) => b.text);
    // Suggested from the client's words (an abscess) and the referral, before anyone ticked anything.
    expect(suggested.join(' ')).toMatch(/осложнения от инъекций/);
    expect(suggested.join(' ')).toMatch(/Направление к специалисту/);

    const [row] = await s.app.database.db.select().from(cases);
    expect(row).toMatchObject({ status: 'closed', taxonomyVersion: 1, phoneCall: 'not_proposed', outcome: 'resolved' });
    expect(row!.needs!.length).toBeGreaterThan(0);
    expect(row!.services).toEqual(expect.arrayContaining(['internal_referral', 'information']));
    expect(typeof row!.metOnline).toBe('boolean');
    expect(row!.recordedAt).not.toBeNull();
    expect(row!.firstStaffReplyAt).not.toBeNull();
    const [ref] = await s.app.database.db.select().from(referrals).where(eq(referrals.caseId, row!.id));
    expect(ref).toMatchObject({ kind: 'internal', toRole: 'doctor', outcome: 'done' });
    expect(ref!.takenAt).not.toBeNull();
    expect(s.emu.topics(s.staffChatId)[0]).toMatchObject({ closed: true });
    expect(s.emu.topics(s.staffChatId)[0]!.name).toMatch(/^✅ /);
    expect(s.botMessagesTo(client.id).at(-2)?.text).toMatch(/Обращение закрыто/);
  });

  it('will not save a record without a need and an outcome; /drop needs a reason; late messages open a new case', async () => {
    const s = (sys = await startTestSystem({ settings: { cases: { reopenWithinHours: 0 } } }));
    const client = s.emu.createUser({ first_name: 'Drop', language_code: 'ru' });
    s.emu.userSends(client.id, client.id, { text: 'привет' });
    await s.settle();
    const thread = s.emu.topics(s.staffChatId)[0]!.message_thread_id;
    s.emu.userSends(s.workers[0]!.id, s.staffChatId, { text: '/close' }, { message_thread_id: thread });
    await s.settle();
    const form = s.topicMessages(thread).at(-1)!;
    const caseId = /rec:(\d+):/.exec(buttonData(form, /Сохранить/))![1];
    s.emu.userPressesButton(s.workers[0]!.id, s.staffChatId, form.message_id, `rec:${caseId}:save`);
    await s.settle();
    expect(s.emu.callbackAnswer(s.emu.calls.filter((c) => c.method === 'answerCallbackQuery').at(-1)!.params.callback_query_id as string)?.text).toMatch(/Чтобы сохранить, отметьте: Потребности, Итог/);
    expect((await s.app.database.db.select().from(cases))[0]!.status).not.toBe('closed');

    s.emu.userSends(s.workers[0]!.id, s.staffChatId, { text: '/drop' }, { message_thread_id: thread });
    await s.settle();
    expect(s.topicMessages(thread).at(-1)?.text).toMatch(/только с причиной/);
    s.emu.userSends(s.workers[0]!.id, s.staffChatId, { text: '/drop тестовое сообщение' }, { message_thread_id: thread });
    await s.settle();
    const [dropped] = await s.app.database.db.select().from(cases);
    expect(dropped).toMatchObject({ status: 'closed', closeReason: 'test', recordedAt: null });

    s.emu.userSends(client.id, client.id, { text: 'это снова я' });
    await s.settle();
    expect(await s.app.database.db.select().from(cases)).toHaveLength(2);
    expect(s.emu.topics(s.staffChatId)).toHaveLength(2);
  });

  it('offers a new case to the on-duty specialist with the fewest open cases, and refers outside with verified details', async () => {
    const s = (sys = await startTestSystem({
      settings: {
        duty: {
          windows: [1, 2, 3, 4, 5, 6, 7].map((d) => ({ weekday: d, from: '00:00', to: '00:00', staff: [{ name: 'Anna', telegram: '@anna_w' }, { name: 'Boris', telegram: '@boris_doc' }] })),
          holidays: [],
        },
      },
    }));
    const anna = s.emu.createUser({ first_name: 'Anna', username: 'anna_w' });
    const boris = s.emu.createUser({ first_name: 'Boris', username: 'Boris_Doc' });
    const staff = s.staffChatId;
    // The staff group's members are in the emulator's group from the start only if created with it; add them.
    s.emu.userJoins(anna.id, staff);
    s.emu.userJoins(boris.id, staff);
    s.emu.userSends(anna.id, staff, { text: '/role peer_worker' });
    s.emu.userSends(boris.id, staff, { text: '/role doctor' });
    await s.settle();

    const client = s.emu.createUser({ first_name: 'Ext', language_code: 'ru' });
    s.emu.userSends(client.id, client.id, { text: 'вена воспалилась, нарыв на руке' });
    await s.settle();
    const thread = s.emu.topics(staff)[0]!.message_thread_id;
    expect(s.topicMessages(thread).find((m) => m.text?.startsWith('💡'))?.text).toBe('💡 Предлагаем взять: Boris @boris_doc (роли: Врач; открытых обращений: 0)');

    s.emu.userSends(anna.id, staff, { text: '/ext' }, { message_thread_id: thread });
    await s.settle();
    const chooser = s.topicMessages(thread).at(-1)!;
    s.emu.userPressesButton(anna.id, staff, chooser.message_id, buttonData(chooser, /Центр СПИД/));
    await s.settle();
    const details = s.botMessagesTo(client.id).at(-1)!;
    expect(details.text).toMatch(/Центр СПИД[\s\S]*пн–пт 9:00–18:00[\s\S]*\+7 000 000-00-00[\s\S]*Проверено: doctor Anna Test/);
    const [ref] = await s.app.database.db.select().from(referrals);
    expect(ref).toMatchObject({ kind: 'external', outcome: 'pending' });
    const notice = s.topicMessages(thread).at(-1)!;
    expect(notice.text).toMatch(/Клиенту отправлены контакты/);
    s.emu.userPressesButton(anna.id, staff, notice.message_id, buttonData(notice, /Клиент не пришёл/));
    await s.settle();
    expect((await s.app.database.db.select().from(referrals))[0]!.outcome).toBe('did_not_come');
  });

  it('records with the organisation’s own taxonomy and keeps its version', async () => {
    const s = (sys = await startTestSystem({
      settings: {
        taxonomy: {
          version: 2,
          needs: [
            { code: 'naloxone_training', theme: 'online', label: { ru: 'Обучение налоксону', en: 'Naloxone training' } },
            { code: 'housing', theme: 'online_offline', label: { ru: 'Жильё', en: 'Housing' } },
          ],
          services: [{ code: 'consultation', offline: false, label: { ru: 'Консультация', en: 'Consultation' } }],
        },
      },
    }));
    const client = s.emu.createUser({ first_name: 'Tax', language_code: 'ru' });
    s.emu.userSends(client.id, client.id, { text: 'хочу научиться колоть налоксон' });
    await s.settle();
    const thread = s.emu.topics(s.staffChatId)[0]!.message_thread_id;
    const form = await closeWithRecord(s, thread);
    const labels = (form.reply_markup!.inline_keyboard.flat() as { text: string }[]).map((b) => b.text.replace(/^(✅|▫️) /, ''));
    expect(labels).toEqual(expect.arrayContaining(['Обучение налоксону', 'Жильё', 'Консультация']));
    expect(labels).not.toContain('Передозировка');
    const [row] = await s.app.database.db.select().from(cases);
    expect(row).toMatchObject({ status: 'closed', taxonomyVersion: 2, needs: ['housing'], metOnline: false });
  });

  it('/assign, replying to a colleague in the topic, hands the case to them', async () => {
    const s = (sys = await startTestSystem());
    const [worker, doctor] = s.workers as [NonNullable<TestSystem['workers'][0]>, NonNullable<TestSystem['workers'][0]>];
    const client = s.emu.createUser({ first_name: 'Handover', language_code: 'ru' });
    s.emu.userSends(client.id, client.id, { text: 'нужна консультация' });
    await s.settle();
    const thread = s.emu.topics(s.staffChatId)[0]!.message_thread_id;
    const doctorSays = s.emu.userSends(doctor.id, s.staffChatId, { text: 'Могу взять, я свободна' }, { message_thread_id: thread });
    await s.settle();
    s.emu.userSends(worker.id, s.staffChatId, { text: '/assign' }, { message_thread_id: thread, reply_to_message_id: doctorSays.message_id });
    await s.settle();
    expect(s.topicMessages(thread).at(-1)?.text).toMatch(/взял\(а\): Worker/);
    const [row] = await s.app.database.db.select().from(cases);
    expect(row!.claimedBy).toBe((await upsertStaffMember(s.app.deps, doctor)).id);
    expect(s.emu.topics(s.staffChatId)[0]!.name).toMatch(/^💬 /);
  });
});
