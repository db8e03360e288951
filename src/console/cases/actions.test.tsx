import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { upsertStaffMember } from '../../cases/staff-members.ts';
import { auditLog, cases, messages, referrals } from '../../db/schema/index.ts';
import { DEFAULT_TAXONOMY } from '../../domain/taxonomy.ts';
import { parseCloseForm, parseReferForm, withQuickReply } from './forms.ts';
import { twoCases, useCaseSystems, type CaseSystem } from './test-system.ts';
import { ROLES, walkPolicy, type Action, type Role } from '../policy.ts';
import type { TestBrowser } from '../testing.ts';
import { createLinkCode, redeemLinkCode } from '../auth/link.ts';
import { testVault } from '../testing.ts';

const system = useCaseSystems();

const REVIEWER = { name: 'Anna Test', role: 'doctor' };
/** Vera is on duty at every hour, by her @username. */
const ON_DUTY = { windows: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '00:00', staff: [{ name: 'Vera', telegram: '@vera_w' }] })), holidays: [] };

const audited = async (s: CaseSystem, action: string) => (await s.db.select().from(auditLog).where(eq(auditLog.action, action))).map((r) => ({ account: r.accountId, case: r.caseId, detail: r.detail }));
const caseRow = async (s: CaseSystem, id: number) => (await s.db.select().from(cases).where(eq(cases.id, id)))[0]!;
const texts = (list: { text?: string }[]) => list.map((m) => m.text ?? '');
/** What the bot wrote in a topic (its service messages, such as a rename, left out). */
const topicTexts = (s: CaseSystem, topicId: number) => texts(s.botTo(s.staff.id, topicId)).filter(Boolean);

describe('console case actions: the forms as data', () => {
  it('reads the close form, dropping codes the taxonomy does not know', () => {
    const { draft, contact } = parseCloseForm({ need: ['overdose', 'made_up', 'overdose'], service: 'information', phoneCall: 'nonsense', outcome: 'resolved', contact: '  +7 000 ' }, DEFAULT_TAXONOMY);
    expect(draft).toEqual({ needs: ['overdose'], services: ['information'], phoneCall: 'not_proposed', outcome: 'resolved' });
    expect(contact).toBe('+7 000');
    expect(parseCloseForm({}, DEFAULT_TAXONOMY).draft.outcome).toBeNull();
  });

  it('reads the referral form and names what is missing', () => {
    expect(parseReferForm({ role: 'wizard', reason: '  ' }).problems).toEqual(['role', 'reason']);
    expect(parseReferForm({ role: 'doctor', person: '3', reason: 'осмотр' })).toEqual({ input: { role: 'doctor', staffMemberId: 3, reason: 'осмотр' }, problems: [] });
    expect(parseReferForm({ role: 'doctor', reason: 'x'.repeat(1001) }).problems).toEqual(['reason-too-long']);
  });

  it('puts a quick reply after what was typed, on its own line', () => {
    expect(withQuickReply('', 'Здравствуйте!')).toBe('Здравствуйте!');
    expect(withQuickReply('Добрый вечер.  \n', 'Вы здесь?')).toBe('Добрый вечер.\nВы здесь?');
  });
});

describe('console case actions: who has the case', () => {
  it('an account not linked to a staff member claims under its own name: the topic and the transcript show it; linking later hands its cases over', async () => {
    const s = await system();
    const { second } = await twoCases(s);
    const { browser: b, account } = await s.as('anna', 'worker');
    await b.get(`/console/cases/${second.kase.id}`);
    expect(b.html).toContain('id="claim"');
    const res = await b.post(`/console/cases/${second.kase.id}/claim`);
    expect(res.status).toBe(303);
    const holder = (await caseRow(s, second.kase.id)).claimedBy;
    expect(holder).not.toBeNull();
    expect(topicTexts(s, second.topicId).join('\n')).toContain('Name anna');
    expect(await audited(s, 'case.claim')).toEqual([{ account: account.id, case: second.kase.id, detail: null }]);
    // The account now acts as that member: its reply is signed with its name and role.
    await b.post(`/console/cases/${second.kase.id}/reply`, { text: 'Здравствуйте' });
    await b.get(`/console/cases/${second.kase.id}`);
    expect(b.html).toContain('Name anna · аутрич-работник');
    expect(b.html).not.toContain('коллега');
    // Linked to a Telegram member later: the case it holds moves to that member.
    const tg = await upsertStaffMember(s.bot, { id: 777002, first_name: 'Anna' });
    const code = await createLinkCode(s.db, testVault, account.id, new Date());
    await redeemLinkCode(s.db, testVault, code, tg.id, new Date());
    expect((await caseRow(s, second.kase.id)).claimedBy).toBe(tg.id);
  });

  it('a linked account claims for its staff member; the topic says so "from the console"; a case someone else holds is refused', async () => {
    const s = await system();
    const { first, second, vera } = await twoCases(s);
    const { browser: b, account } = await s.as('anna', 'worker', { staffMemberId: vera.id });
    await b.get(`/console/cases/${second.kase.id}`);
    const res = await b.post(`/console/cases/${second.kase.id}/claim`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/console/cases/${second.kase.id}?done=claim#now`);
    expect(await caseRow(s, second.kase.id)).toMatchObject({ claimedBy: vera.id, status: 'open' });
    expect(topicTexts(s, second.topicId)).toContain(`🙋 Обращение #${second.kase.id} взял(а): Vera (из консоли, Name anna)`);
    expect(await audited(s, 'case.claim')).toEqual([{ account: account.id, case: second.kase.id, detail: null }]);
    await b.get(res.headers.get('location')!);
    expect(b.html).toContain('Обращение ваше.');
    // Already hers: no button to take it again.
    expect(b.html).toContain('id="claim-mine"');
    expect(b.html).not.toContain('id="claim"');

    // Boris, linked too, tries to claim Vera's case.
    const boris = await upsertStaffMember(s.bot, { id: 777001, first_name: 'Boris' });
    const { browser: other } = await s.as('boris', 'worker', { staffMemberId: boris.id });
    await other.get(`/console/cases/${first.kase.id}`);
    expect((await other.post(`/console/cases/${first.kase.id}/claim`)).status).toBe(409);
    expect(other.html).toContain('Обращение уже взял(а) Vera');
    expect((await caseRow(s, first.kase.id)).claimedBy).toBe(vera.id);
  });

  it('hands the case to a staff member chosen by name (on-duty marked, no Telegram ids), and refuses a made-up one', async () => {
    const s = await system({ settings: { duty: ON_DUTY } });
    const { second } = await twoCases(s);
    await upsertStaffMember(s.bot, { id: s.worker.id, first_name: 'Vera', username: 'vera_w' });
    const boris = await upsertStaffMember(s.bot, { id: 777001, first_name: 'Boris' });
    const { browser: b, account } = await s.as('anna', 'coordinator');
    await b.get(`/console/cases/${second.kase.id}`);
    expect(b.html).toMatch(/<option value="\d+">Vera · на смене<\/option>/);
    expect(b.html).toMatch(/<option value="\d+">Boris<\/option>/);
    expect(b.html).not.toContain(String(s.worker.id));
    expect(b.html).not.toContain('777001');
    for (const [, id] of b.html.matchAll(/<(?:input|select|textarea) id="([^"]+)"/g)) expect(b.html).toContain(`for="${id}"`);

    const bad = await b.post(`/console/cases/${second.kase.id}/assign`, { member: '999999' });
    expect(bad.status).toBe(422);
    expect(b.html).toContain('Выберите, кому передать обращение.');
    expect(b.html).toMatch(/id="assign-member"[^>]*aria-invalid="true"/);

    expect((await b.post(`/console/cases/${second.kase.id}/assign`, { member: String(boris.id) })).status).toBe(303);
    expect((await caseRow(s, second.kase.id)).claimedBy).toBe(boris.id);
    expect(topicTexts(s, second.topicId)).toContain(`🙋 Обращение #${second.kase.id} взял(а): Boris (из консоли, Name anna)`);
    expect(await audited(s, 'case.assign')).toEqual([{ account: account.id, case: second.kase.id, detail: `staff:${boris.id}` }]);
  });
});

describe('console case actions: referrals', () => {
  it('refers to a role with a reason (sealed), the topic gets the take-over button; the outcome is recorded from the console', async () => {
    const s = await system();
    const { first, second } = await twoCases(s);
    const { browser: b, account } = await s.as('anna', 'worker');
    await b.get(`/console/cases/${second.kase.id}`);

    const empty = await b.post(`/console/cases/${second.kase.id}/refer`, { role: '', reason: '' });
    expect(empty.status).toBe(422);
    expect(b.html).toContain('Выберите, к какому специалисту направить.');
    expect(b.html).toContain('Напишите причину направления.');
    expect(b.html).toMatch(/<details open="" id="refer">/);
    const kept = await b.post(`/console/cases/${second.kase.id}/refer`, { role: 'doctor', reason: 'нужен осмотр раны', person: '424242' });
    expect(kept.status).toBe(422);
    expect(b.html).toContain('>нужен осмотр раны</textarea>');
    expect(b.html).toMatch(/<option value="doctor" selected="">/);

    const res = await b.post(`/console/cases/${second.kase.id}/refer`, { role: 'doctor', reason: 'нужен осмотр раны' });
    expect(res.status).toBe(303);
    const notice = s.botTo(s.staff.id, second.topicId).at(-1)!;
    expect(notice.text).toBe(`↪️ Обращение #${second.kase.id} направлено: Врач. Причина: нужен осмотр раны (из консоли, Name anna)`);
    expect(JSON.stringify(notice.reply_markup)).toContain('ref:take:');
    const [ref] = await s.db.select().from(referrals).where(eq(referrals.caseId, second.kase.id));
    expect(ref).toMatchObject({ kind: 'internal', toRole: 'doctor', outcome: 'pending', createdBy: expect.any(Number) });
    expect(ref!.reasonSealed).not.toContain('осмотр');
    expect((await caseRow(s, second.kase.id)).status).toBe('referred');
    expect(await audited(s, 'case.refer')).toEqual([{ account: account.id, case: second.kase.id, detail: 'role:doctor' }]);

    // How it ended: a referral of another case is not this case's to record.
    await b.get(`/console/cases/${second.kase.id}`);
    expect(b.html).toContain(`action="/console/cases/${second.kase.id}/referrals/${ref!.id}/outcome#referrals"`);
    expect((await b.post(`/console/cases/${first.kase.id}/referrals/${ref!.id}/outcome`, { outcome: 'done' })).status).toBe(404);
    await b.get(`/console/cases/${second.kase.id}`);
    expect((await b.post(`/console/cases/${second.kase.id}/referrals/${ref!.id}/outcome`, { outcome: 'maybe' })).status).toBe(422);
    expect(b.html).toContain('Выберите, чем закончилось направление.');
    expect((await b.post(`/console/cases/${second.kase.id}/referrals/${ref!.id}/outcome`, { outcome: 'did_not_come' })).status).toBe(303);
    expect((await s.db.select().from(referrals).where(eq(referrals.id, ref!.id)))[0]!.outcome).toBe('did_not_come');
    expect(topicTexts(s, second.topicId).at(-1)).toBe('Итог направления: Клиент не пришёл (из консоли, Name anna)');
    expect(await audited(s, 'case.referral_outcome')).toEqual([{ account: account.id, case: second.kase.id, detail: `referral:${ref!.id}:did_not_come` }]);
    expect(s.logs.join('')).not.toContain('осмотр');
  });

  it('refers outside with the organisation’s verified details sent to the client, never unverified ones', async () => {
    const s = await system({ settings: { contentReviewer: REVIEWER } });
    const { second } = await twoCases(s);
    const { browser: b } = await s.as('anna', 'worker');
    await b.get(`/console/cases/${second.kase.id}`);
    const org = /<option value="(\d+)"[^>]*>Центр СПИД/.exec(b.html)![1]!;
    expect((await b.post(`/console/cases/${second.kase.id}/external`, { organisation: String(Number(org) + 100) })).status).toBe(422);
    expect(b.html).toContain('Выберите организацию из справочника.');

    expect((await b.post(`/console/cases/${second.kase.id}/external`, { organisation: org })).status).toBe(303);
    expect(s.botTo(second.user.id).at(-1)!.text).toMatch(/Центр СПИД[\s\S]*пн–пт 9:00–18:00[\s\S]*Проверено: doctor Anna Test/);
    expect(topicTexts(s, second.topicId).at(-1)).toMatch(/^📇 Клиенту отправлены контакты: Центр СПИД.*\(из консоли, Name anna\)$/s);
    expect(await s.db.select().from(referrals).where(eq(referrals.kind, 'external'))).toHaveLength(1);

    // Removed from the directory in the settings: no longer offered, and refused if posted anyway.
    s.bot.settings = { ...s.bot.settings, externalOrganisations: [] };
    await b.get(`/console/cases/${second.kase.id}`);
    expect(b.html).not.toMatch(/<option value="\d+"[^>]*>Центр СПИД/);
    expect((await b.post(`/console/cases/${second.kase.id}/external`, { organisation: org })).status).toBe(422);
    expect(await s.db.select().from(referrals).where(eq(referrals.kind, 'external'))).toHaveLength(1);

    // Without a reviewer the directory is unverified: offered disabled, refused if posted anyway.
    const u = await system();
    const cases2 = await twoCases(u);
    const { browser: ub } = await u.as('anna', 'worker');
    await ub.get(`/console/cases/${cases2.second.kase.id}`);
    const unverified = /<option value="(\d+)" disabled="">[^<]*не проверено/.exec(ub.html)![1]!;
    expect((await ub.post(`/console/cases/${cases2.second.kase.id}/external`, { organisation: unverified })).status).toBe(422);
    expect(ub.html).toContain('Данные этой организации не проверены');
    expect(u.botTo(cases2.second.user.id)).toHaveLength(0);
    expect(await u.db.select().from(referrals)).toHaveLength(0);
  });
});

describe('console case actions: closing', () => {
  it('pre-selects the suggestions, keeps what was chosen when the record is incomplete, then closes exactly as Telegram does', async () => {
    const s = await system();
    const { first, vera } = await twoCases(s);
    const { browser: b, account } = await s.as('anna', 'worker', { staffMemberId: vera.id });
    await b.get(`/console/cases/${first.kase.id}`);
    // An emergency: overdose and its guidance suggested, as /close suggests them.
    expect(b.html).toMatch(/id="need-overdose"[^>]*checked=""/);
    expect(b.html).toMatch(/id="service-overdose_guidance"[^>]*checked=""/);
    expect(b.html).toMatch(/id="phone-not_proposed"[^>]*checked=""/);
    expect(b.html).toContain('value="Пишите сюда в любое время — ответим в часы работы."');

    // Nobody answered this client: the form says what they will receive, and closing asks first.
    expect(b.html).toContain('id="close-unanswered"');
    expect(b.html).toContain('Обращение закрыто. Спасибо, что написали.');
    const unconfirmed = await b.post(`/console/cases/${first.kase.id}/close`, { need: 'overdose', outcome: 'resolved' });
    expect(unconfirmed.status).toBe(422);
    expect(b.html).toContain('Клиенту никто не ответил: подтвердите');
    expect(b.html).toMatch(/class="flash error"[^>]*>[\s\S]*?Клиенту никто не ответил/);
    expect((await caseRow(s, first.kase.id)).status).not.toBe('closed');

    const incomplete = await b.post(`/console/cases/${first.kase.id}/close`, { service: 'information', phoneCall: 'accepted', contact: 'Звоните: 8 800', unanswered: '1' });
    expect(incomplete.status).toBe(422);
    expect(b.html).toContain('Чтобы закрыть, отметьте: Потребности, Итог.');
    expect(b.html).toMatch(/<details open="" id="close">/);
    expect(b.html).toMatch(/id="need-overdose"[^>]*aria-invalid="true"/);
    expect(b.html).not.toMatch(/id="need-overdose"[^>]*checked/);
    expect(b.html).toMatch(/id="service-information"[^>]*checked=""/);
    expect(b.html).not.toMatch(/id="service-overdose_guidance"[^>]*checked/);
    expect(b.html).toMatch(/id="phone-accepted"[^>]*checked=""/);
    expect(b.html).toContain('value="Звоните: 8 800"');
    expect((await caseRow(s, first.kase.id)).status).not.toBe('closed');

    const form = new URLSearchParams({ _csrf: b.csrf(), phoneCall: 'accepted', outcome: 'resolved', contact: 'Звоните: 8 800', unanswered: '1' });
    form.append('need', 'overdose');
    form.append('need', 'minor_injection_complications');
    form.append('service', 'overdose_guidance');
    const res = await b.send(`/console/cases/${first.kase.id}/close`, { method: 'POST', body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(303);

    const row = await caseRow(s, first.kase.id);
    expect(row).toMatchObject({ status: 'closed', taxonomyVersion: 1, needs: ['overdose', 'minor_injection_complications'], services: ['overdose_guidance'], phoneCall: 'accepted', outcome: 'resolved', metOnline: false, closedBy: vera.id });
    expect(row.recordedAt).not.toBeNull();
    // The client: the closing message with the contact line, then the rating request.
    const toClient = s.botTo(first.user.id);
    expect(toClient.at(-2)!.text).toBe('Обращение закрыто. Спасибо, что написали.\nЗвоните: 8 800');
    expect(toClient.at(-1)!.text).toBe('Помогли ли мы вам? Ответ анонимный.');
    expect(JSON.stringify(toClient.at(-1)!.reply_markup)).toContain('👍');
    // The topic: the record, the close, renamed and closed.
    expect(topicTexts(s, first.topicId).slice(-2)).toEqual(['Запись сохранена: понадобился офлайн-шаг. (из консоли, Name anna)', `✅ Обращение #${first.kase.id} закрыто.`]);
    const topic = s.emu.topics(s.staff.id).find((x) => x.message_thread_id === first.topicId)!;
    expect(topic.closed).toBe(true);
    expect(topic.name).toMatch(/^✅ /);
    expect(await audited(s, 'case.close')).toEqual([{ account: account.id, case: first.kase.id, detail: 'outcome:resolved' }]);

    // The closed case shows its record and no action forms but the notes.
    await b.get(`/console/cases/${first.kase.id}?done=close`);
    expect(b.html).toContain('Запись сохранена, обращение закрыто');
    expect(b.html).toMatch(/id="record"[\s\S]*Передозировка[\s\S]*Лёгкие осложнения от инъекций[\s\S]*Инструкции при передозировке[\s\S]*Согласился[\s\S]*Решено[\s\S]*понадобился офлайн-шаг/);
    for (const form of ['/claim', '/assign', '/refer', '/external', '/close', '/drop', '/reply', '/article', '/quick']) expect(b.html).not.toContain(`action="/console/cases/${first.kase.id}${form}"`);
    expect(b.html).toContain(`action="/console/cases/${first.kase.id}/notes#note"`);
    // Closing again changes nothing.
    expect((await b.post(`/console/cases/${first.kase.id}/close`, { need: 'overdose', outcome: 'unknown' })).status).toBe(409);
    expect(b.html).toContain('Обращение уже закрыто');
    expect(s.botTo(first.user.id)).toHaveLength(toClient.length);
  });

  it('closes without a record only with a reason: nothing to the client, a code on the case, the words in a note', async () => {
    const s = await system();
    const { second } = await twoCases(s);
    const { browser: b, account } = await s.as('anna', 'coordinator');
    await b.get(`/console/cases/${second.kase.id}`);
    expect((await b.post(`/console/cases/${second.kase.id}/drop`, { reason: '   ' })).status).toBe(422);
    expect(b.html).toContain('Закрыть без записи можно только с причиной.');
    expect(b.html).toMatch(/id="drop-reason"[^>]*aria-invalid="true"/);

    expect((await b.post(`/console/cases/${second.kase.id}/drop`, { reason: 'спам, реклама' })).status).toBe(303);
    expect(await caseRow(s, second.kase.id)).toMatchObject({ status: 'closed', closeReason: 'spam', recordedAt: null });
    expect(s.botTo(second.user.id)).toHaveLength(0);
    expect(topicTexts(s, second.topicId).at(-1)).toBe(`Обращение #${second.kase.id} закрыто без записи. Причина: спам, реклама (из консоли, Name anna)`);
    expect(s.emu.topics(s.staff.id).find((x) => x.message_thread_id === second.topicId)!.closed).toBe(true);
    const [note] = await s.db.select().from(messages).where(and(eq(messages.caseId, second.kase.id), eq(messages.direction, 'note')));
    expect(note!.bodySealed).not.toContain('реклама');
    expect(await audited(s, 'case.drop')).toEqual([{ account: account.id, case: second.kase.id, detail: 'reason:spam' }]);
    await b.get(`/console/cases/${second.kase.id}`);
    expect(b.html).toContain('Закрыто без записи. Причина: спам.');
    expect(s.logs.join('')).not.toContain('реклама');
  });
});

describe('console case actions: after the close, and in English', () => {
  it('a closed case still takes a pending referral’s outcome; an English-speaking worker gets English forms, the topic its own language', async () => {
    const s = await system();
    const { second } = await twoCases(s);
    const { browser: b } = await s.as('emma', 'worker', { locale: 'en' });
    await b.get(`/console/cases/${second.kase.id}`);
    for (const text of ['Who has the case', 'Quick replies', 'Refer to a specialist', 'Close with a record', 'Close without a record', 'Save the record and close']) expect(b.html).toContain(text);
    expect((await b.post(`/console/cases/${second.kase.id}/refer`, { role: 'lawyer', reason: 'documents' })).status).toBe(303);
    expect(topicTexts(s, second.topicId).at(-1)).toBe(`↪️ Обращение #${second.kase.id} направлено: Юрист. Причина: documents (из консоли, Name emma)`);
    await b.get(`/console/cases/${second.kase.id}`);
    expect((await b.post(`/console/cases/${second.kase.id}/drop`, { reason: 'duplicate of another case' })).status).toBe(303);

    await b.get(`/console/cases/${second.kase.id}`);
    expect(b.html).toContain('Closed without a record. Reason: duplicate.');
    const [ref] = await s.db.select().from(referrals).where(eq(referrals.caseId, second.kase.id));
    expect(b.html).toContain(`action="/console/cases/${second.kase.id}/referrals/${ref!.id}/outcome#referrals"`);
    expect((await b.post(`/console/cases/${second.kase.id}/referrals/${ref!.id}/outcome`, { outcome: 'done' })).status).toBe(303);
    expect((await s.db.select().from(referrals).where(eq(referrals.id, ref!.id)))[0]!.outcome).toBe('done');
    await b.get(`/console/cases/${second.kase.id}?done=outcome`);
    expect(b.html).toContain('The referral&#39;s outcome was recorded.');
  });
});

describe('console case actions: quick replies and articles', () => {
  it('without scripts, a quick reply comes back in the reply box after the typed text, in the client’s language, and nothing is sent', async () => {
    const s = await system();
    const { second } = await twoCases(s);
    const english = await s.newCase('Client Three', 'hello', 'en');
    const { browser: b } = await s.as('anna', 'worker');
    await b.get(`/console/cases/${second.kase.id}`);
    expect(b.html).toMatch(/<button type="submit" name="quick" value="still-there" formaction="\/console\/cases\/\d+\/quick#composer" formnovalidate="" data-quick-text="Вы ещё здесь\?/);
    expect(b.html).toContain('<script src="/console/static/quick-replies.js" defer="">');

    const res = await b.post(`/console/cases/${second.kase.id}/quick`, { text: 'Добрый вечер.', quick: 'still-there' });
    expect(res.status).toBe(200);
    expect(b.html).toContain('>Добрый вечер.\nВы ещё здесь? Напишите, когда будет удобно, — мы на связи.</textarea>');
    expect(s.botTo(second.user.id)).toHaveLength(0);

    await b.get(`/console/cases/${english.kase.id}`);
    await b.post(`/console/cases/${english.kase.id}/quick`, { text: '', quick: 'greeting' });
    expect(b.html).toContain('>Hello! I am an outreach worker and I see your message. Tell me what is going on; it is all anonymous.</textarea>');
    // An unknown one leaves the text as it was.
    await b.post(`/console/cases/${english.kase.id}/quick`, { text: 'as typed', quick: 'nope' });
    expect(b.html).toContain('>as typed</textarea>');

    const script = await b.get('/console/static/quick-replies.js');
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect(await script.text()).toContain('selectionStart');
  });

  it('lists and searches verified articles only, and sends one through the bot as /kb does', async () => {
    const s = await system({ settings: { contentReviewer: REVIEWER }, content: { unverified: ['prep'] } });
    const { second } = await twoCases(s);
    const { browser: b, account } = await s.as('anna', 'worker');
    await b.get(`/console/cases/${second.kase.id}`);
    expect(b.html).toContain('data-article="abscess-and-wounds"');
    expect(b.html).not.toContain('data-article="prep"');
    expect(b.html).toMatch(/<details id="all-articles"><summary>Все проверенные статьи \(\d+\)<\/summary>/);
    await b.get(`/console/cases/${second.kase.id}?kb=${encodeURIComponent('абсцесс')}`);
    expect(b.html).toContain('data-article="abscess-and-wounds"');
    expect(b.html).not.toContain('data-article="naloxone"');
    expect(b.html).toContain('value="абсцесс"');

    expect((await b.post(`/console/cases/${second.kase.id}/article`, { slug: 'prep' })).status).toBe(422);
    expect(b.html).toContain('У этой статьи нет проверенного текста');
    expect(s.botTo(second.user.id)).toHaveLength(0);

    // A client who blocked the bot: said so, nothing recorded.
    const blocked = await s.newCase('Client Blocked', 'привет');
    s.emu.userBlocksBot(blocked.user.id);
    await b.get(`/console/cases/${blocked.kase.id}`);
    expect((await b.post(`/console/cases/${blocked.kase.id}/article`, { slug: 'naloxone' })).status).toBe(502);
    expect(b.html).toContain('клиент заблокировал бота');
    expect(await s.db.select().from(messages).where(and(eq(messages.caseId, blocked.kase.id), eq(messages.kind, 'article')))).toHaveLength(0);
    await b.get(`/console/cases/${second.kase.id}`);

    expect((await b.post(`/console/cases/${second.kase.id}/article`, { slug: 'abscess-and-wounds' })).status).toBe(303);
    const sent = s.botTo(second.user.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toMatch(/Абсцессы и раны после уколов[\s\S]*Anna Test/);
    expect(topicTexts(s, second.topicId).at(-1)).toBe('📄 Клиенту отправлен материал: «Абсцессы и раны после уколов: уход и когда срочно к врачу». (из консоли, Name anna)');
    const [stored] = await s.db.select().from(messages).where(and(eq(messages.caseId, second.kase.id), eq(messages.kind, 'article')));
    expect(stored).toMatchObject({ direction: 'staff', delivery: 'delivered' });
    expect(await audited(s, 'case.article')).toEqual([{ account: account.id, case: second.kase.id, detail: 'article:abscess-and-wounds' }]);
    await b.get(`/console/cases/${second.kase.id}`);
    expect(b.html).toContain('Отправлена статья: Абсцессы и раны');
  });
});

describe('console case actions: authorisation', () => {
  it('walks every action route with every role: allowed roles get the form back, the others 403, and nothing reaches anyone', async () => {
    const s = await system();
    const { first } = await twoCases(s);
    const browsers = new Map<Role, TestBrowser>();
    for (const role of ROLES) browsers.set(role, (await s.as(role.replace(/_/g, '-'), role)).browser);
    const id = first.kase.id;
    const [ref] = await s.db.insert(referrals).values({ caseId: id, kind: 'internal', toRole: 'doctor' }).returning();
    // Input that every allowed role gets back (422, or 409 for a claim by an unlinked account).
    const probes: Array<[Action, string, Record<string, string>]> = [
      ['case.assign', 'claim', {}],
      ['case.assign', 'assign', { member: '' }],
      ['case.assign', 'refer', { role: '', reason: '' }],
      ['case.assign', 'external', { organisation: '' }],
      ['case.assign', `referrals/${ref!.id}/outcome`, { outcome: '' }],
      ['case.close', 'close', {}],
      ['case.close', 'drop', { reason: '' }],
      ['case.reply', 'article', { slug: 'nothing' }],
      ['case.reply', 'quick', { quick: 'greeting' }],
    ];
    for (const [action, path, fields] of probes) {
      const mismatches = await walkPolicy(
        async (role) => {
          const b = browsers.get(role)!;
          await b.get('/console');
          const res = await b.post(`/console/cases/${id}/${path}`, fields);
          expect([200, 403, 409, 422]).toContain(res.status);
          return res.status !== 403;
        },
        [action],
      );
      expect({ path, mismatches }).toEqual({ path, mismatches: [] });
    }
    expect(s.botTo(first.user.id)).toHaveLength(0);
    expect(texts(s.botTo(s.staff.id)).filter(Boolean)).toEqual([]);
    expect(await caseRow(s, id)).toMatchObject({ status: 'open' });
  });
});
