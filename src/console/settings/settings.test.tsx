import { and, desc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { useFreshDatabases } from '../../../test/support/database.ts';
import { startTestSystem, type TestSystem } from '../../../test/support/system.ts';
import { accounts, auditLog, externalOrganisations, organisationSettings } from '../../db/schema/index.ts';
import { createLogger } from '../../log.ts';
import { openSettingsStore } from '../../organisation/settings-store.ts';
import { DEFAULT_SETTINGS } from '../../organisation/settings.ts';
import { createConsoleApp } from '../app.tsx';
import { ROLES, walkPolicy } from '../policy.ts';
import { hoursOf, minutesOf, nextTaxonomy, readForm, tidy, type Draft } from './form.ts';
import { coordinatorOf, settingsFormFields, signedIn, testClock, testVault, TestBrowser, unescapeHtml } from '../testing.ts';

const testDatabase = useFreshDatabases();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** The console over a fresh database with a settings store seeded from the defaults. */
async function system() {
  const d = await testDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'netreach-settings-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const logs: string[] = [];
  const log = createLogger(new Writable({ write: (c, _e, done) => (logs.push(String(c)), done()) }), 'debug');
  const clock = testClock();
  const opened = await openSettingsStore(d.db, { dataDir, log, now: clock.now });
  if (!opened.ok) throw new Error(opened.errors.join());
  const store = opened.store;
  const app = new Hono().route('/console', createConsoleApp({ db: d.db, vault: testVault, log, now: clock.now, settings: store }));
  const as = async (login: string, role: (typeof ROLES)[number] = 'coordinator', locale?: 'ru' | 'en') => (await signedIn(app, d.db, clock, login, role, { locale })).browser;
  return { db: d.db, store, logs, clock, app, as };
}

/** Opens a section, changes fields as a person would, and sends the form. */
async function submit(b: TestBrowser, section: string, change: Record<string, string> = {}, opts: { reload?: boolean } = {}) {
  if (opts.reload !== false) await b.get(`/console/settings/${section}`);
  return b.post(`/console/settings/${section}`, { ...settingsFormFields(b.html), ...change });
}

/** The problems listed above the form (one alone is a paragraph; several, a list under a heading). */
const errorsOf = (html: string) => {
  const box = /<div class="error"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
  const items = [...box.matchAll(/<li>([^<]+)<\/li>/g)];
  return (items.length > 0 ? items : [...box.matchAll(/<p[^>]*>([^<]+)<\/p>/g)]).map((m) => unescapeHtml(m[1]!));
};
const invalid = (html: string) => [...html.matchAll(/name="([^"]+)"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*name="([^"]+)"/g)].map((m) => m[1] ?? m[2]);

describe('console: settings pages', () => {
  it('are for admins and coordinators only: every other role gets 403 and saves nothing', async () => {
    const s = await system();
    const browsers = new Map(await Promise.all(ROLES.map(async (role) => [role, await s.as(`u-${role}`, role)] as const)));
    const mismatches = await walkPolicy(
      async (role) => {
        const b = browsers.get(role)!;
        const statuses = [];
        for (const path of ['/console/settings', '/console/settings/organisation', '/console/settings/history']) statuses.push((await b.get(path)).status);
        statuses.push((await b.post('/console/settings/retention', { 'retention.messageTextDays': '7' })).status);
        statuses.push((await b.post(`/console/settings/history/${s.store.version}/restore`)).status);
        expect(new Set(statuses.map((x) => x === 403)).size).toBe(1);
        return statuses[0] !== 403;
      },
      ['settings.edit'],
    );
    expect(mismatches).toEqual([]);
    // Versions were saved by the admin and the coordinator only.
    expect(s.store.current.retention.messageTextDays).toBe(7);
    const savers = await s.db.select({ role: accounts.role }).from(organisationSettings).innerJoin(accounts, eq(accounts.id, organisationSettings.savedBy));
    expect(savers.length).toBeGreaterThan(0);
    for (const r of savers) expect(['admin', 'coordinator']).toContain(r.role);
    const audited = await s.db.select({ role: accounts.role }).from(auditLog).innerJoin(accounts, eq(accounts.id, auditLog.accountId)).where(eq(auditLog.action, 'settings.save'));
    expect(audited.map((r) => r.role)).toEqual(savers.map((r) => r.role));
    // Signed out: the login page.
    const anonymous = new TestBrowser(s.app);
    const res = await anonymous.get('/console/settings');
    expect(res.status).toBe(303);
  });

  it('lists the sections and gives every field a label', async () => {
    const s = await system();
    const b = await s.as('cora');
    expect((await b.get('/console/settings')).status).toBe(200);
    for (const section of ['organisation', 'taxonomy', 'quick-replies', 'mobile-units', 'duty', 'directory', 'community', 'channel', 'retention', 'history']) expect(b.html).toContain(`href="/console/settings/${section}"`);
    for (const section of ['organisation', 'taxonomy', 'quick-replies', 'mobile-units', 'duty', 'directory', 'community', 'channel', 'retention']) {
      expect((await b.get(`/console/settings/${section}`)).status).toBe(200);
      expect(b.html).toContain('name="_csrf"');
      const ids = [...b.html.matchAll(/<(?:input|select|textarea) id="([^"]+)"/g)].map((m) => m[1]);
      expect(ids.length).toBeGreaterThan(0);
      for (const id of ids) expect(b.html).toContain(`for="${id}"`);
    }
    expect((await b.get('/console/settings/nothing')).status).toBe(404);
  });

  it('organisation: saves a new version in force at once, audited by section, nothing of it logged; a forged form is refused', async () => {
    const s = await system();
    const b = await s.as('cora');
    const before = s.store.version;
    const res = await submit(b, 'organisation', { 'name.ru': 'Новое имя', emergencyNumbers: '112; 911', 'overdose.secondDoseReminderSeconds': '120', 'ambulanceLaw.ru': 'Закон такой.', 'ambulanceLaw.en': 'The law says.' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/settings/organisation?saved=1');
    const now = s.store.current;
    expect(now.name).toEqual({ ru: 'Новое имя', en: DEFAULT_SETTINGS.name.en });
    expect(now.emergencyNumbers).toEqual(['112', '911']);
    expect(now.overdose.secondDoseReminderSeconds).toBe(120);
    expect(now.ambulanceLaw).toEqual({ ru: 'Закон такой.', en: 'The law says.' });
    expect(now.mobileUnits).toEqual(DEFAULT_SETTINGS.mobileUnits); // other sections untouched
    const [row] = await s.db.select().from(organisationSettings).orderBy(desc(organisationSettings.id)).limit(1);
    expect(row!.id).toBe(s.store.version);
    expect(row!.id).toBeGreaterThan(before);
    const account = (await s.db.select().from(auditLog).where(eq(auditLog.action, 'settings.save')))[0]!;
    expect(row!.savedBy).toBe(account.accountId);
    expect(account.detail).toBe('organisation');
    expect(s.logs.join('')).not.toContain('Новое имя');
    expect(s.logs.join('')).not.toContain('911');

    await b.get('/console/settings/organisation?saved=1');
    expect(b.html).toContain('Сохранено. Новые настройки уже действуют.');
    expect(b.html).toContain('value="112, 911"');
    // The same form again: no new version.
    expect((await submit(b, 'organisation')).headers.get('location')).toBe('/console/settings/organisation?saved=unchanged');
    expect(s.store.version).toBe(row!.id);

    await b.get('/console/settings/organisation');
    const forged = await b.post('/console/settings/organisation', { ...settingsFormFields(b.html), 'name.ru': 'Подделка', _csrf: 'forged' });
    expect(forged.status).toBe(403);
    expect(s.store.current.name.ru).toBe('Новое имя');
  });

  it('a save over someone else’s newer save of the same section is stopped and shown; other sections do not get in the way', async () => {
    const s = await system();
    const anna = await s.as('anna');
    const boris = await s.as('boris', 'admin');
    await anna.get('/console/settings/organisation');
    const annaForm = settingsFormFields(anna.html);
    await submit(boris, 'retention', { 'retention.messageTextDays': '12' });
    expect((await anna.post('/console/settings/organisation', { ...annaForm, 'name.ru': 'Анна' })).status).toBe(303);
    await anna.get('/console/settings/organisation');
    const again = settingsFormFields(anna.html);
    await submit(boris, 'organisation', { 'name.ru': 'Борис' });
    const res = await anna.post('/console/settings/organisation', { ...again, 'name.ru': 'Анна 2' });
    expect(res.status).toBe(409);
    expect(errorsOf(anna.html)).toEqual([expect.stringMatching(/^Пока вы редактировали, этот раздел сохранил кто-то другой/)]);
    expect(anna.html).toContain('value="Анна 2"');
    expect(s.store.current.name.ru).toBe('Борис');
    // Seen and sent again: saved.
    expect((await anna.post('/console/settings/organisation', settingsFormFields(anna.html))).status).toBe(303);
    expect(s.store.current.name.ru).toBe('Анна 2');
    expect(s.store.current.retention.messageTextDays).toBe(12);
  });

  it('organisation: bad values are named by section and field in the reader’s language, and what was typed stays', async () => {
    const s = await system();
    const b = await s.as('cora');
    const res = await submit(b, 'organisation', { timeZone: 'Europe/Atlantis', emergencyNumbers: '', 'name.en': '', 'overdose.helpArrivedCheckSeconds': 'пять', 'cases.reopenWithinHours': '99999', 'doctorContact.en': '' });
    expect(res.status).toBe(422);
    expect(errorsOf(b.html)).toEqual([
      'Организация, Название (англ.): заполните поле',
      'Организация, Часовой пояс: нужен пояс IANA, например Europe/Moscow',
      'Организация, Номера экстренных служб: нужна хотя бы одна строка',
      'Организация, Как связаться с врачом (англ.): заполните поле',
      'Организация, Вопрос «помощь приехала?», секунд: нужно число',
      'Организация, Обращение открывается снова, если клиент пишет в течение (часов): не больше 2160',
    ]);
    expect(invalid(b.html).sort()).toEqual(['cases.reopenWithinHours', 'doctorContact.en', 'emergencyNumbers', 'name.en', 'overdose.helpArrivedCheckSeconds', 'timeZone']);
    expect(b.html).toContain('value="Europe/Atlantis"');
    expect(b.html).toContain('value="пять"');
    expect(s.store.version).toBe(1);

    await submit(b, 'organisation', { emergencyNumbers: '103, 1' });
    expect(errorsOf(b.html)).toEqual(['Организация, Номера экстренных служб: значение 2: не короче 2 знаков']);
    expect(b.html).toContain('value="103, 1"');

    const en = await s.as('eve', 'admin', 'en');
    await submit(en, 'organisation', { timeZone: 'Nowhere' });
    expect(errorsOf(en.html)).toEqual(['Organisation, Time zone: an IANA zone such as Europe/Moscow']);
  });

  it('taxonomy: labels keep the version, a change of codes raises it past any used before; repeated codes are refused', async () => {
    const s = await system();
    const b = await s.as('cora');
    await b.get('/console/settings/taxonomy');
    expect(b.html).toContain('Версия списка сейчас: 1.');
    // The built-in list edited: the organisation's own, version 2.
    await submit(b, 'taxonomy', { 'taxonomy.needs.0.label.ru': 'Мелкие осложнения' });
    expect(s.store.current.taxonomy?.version).toBe(2);
    expect(s.store.current.taxonomy?.needs[0]!.label.ru).toBe('Мелкие осложнения');
    await submit(b, 'taxonomy', { 'taxonomy.needs.1.label.en': 'Information' });
    expect(s.store.current.taxonomy?.version).toBe(2);
    // A new need in the empty row: version 3.
    await b.get('/console/settings/taxonomy');
    const empty = s.store.current.taxonomy!.needs.length;
    await submit(b, 'taxonomy', { [`taxonomy.needs.${empty}.code`]: 'naloxone_kits', [`taxonomy.needs.${empty}.theme`]: 'online_offline', [`taxonomy.needs.${empty}.label.ru`]: 'Наборы налоксона', [`taxonomy.needs.${empty}.label.en`]: 'Naloxone kits' });
    expect(s.store.current.taxonomy?.version).toBe(3);
    expect(s.store.current.taxonomy?.needs.at(-1)?.code).toBe('naloxone_kits');
    // Back to an older version (restore), then a change of codes: 4, never 3 again.
    const versions = await s.store.history();
    await b.get('/console/settings/history');
    await b.post(`/console/settings/history/${versions[1]!.id}/restore`);
    expect(s.store.current.taxonomy?.version).toBe(2);
    await submit(b, 'taxonomy', { 'taxonomy.services.0._remove': '1' });
    expect(s.store.current.taxonomy?.version).toBe(4);

    const res = await submit(b, 'taxonomy', { 'taxonomy.needs.1.code': s.store.current.taxonomy!.needs[0]!.code, 'taxonomy.needs.2.code': 'Плохой код', 'taxonomy.needs.3.theme': '' });
    expect(res.status).toBe(422);
    expect(errorsOf(b.html)).toEqual([
      'Потребности и услуги, потребность 3, Код: только латинские строчные буквы, цифры и «_», от 2 до 40 знаков',
      'Потребности и услуги, потребность 4, Тема: выберите из списка',
      'Потребности и услуги, потребность 2, Код: такой код уже есть в строке 1',
    ]);
    expect(invalid(b.html)).toContain('taxonomy.needs.2.code');
    expect(b.html).toContain('value="Плохой код"');
  });

  it('quick replies: add a row keeps what was typed, then save, order and remove', async () => {
    const s = await system();
    const b = await s.as('cora');
    await b.get('/console/settings/quick-replies');
    const typed = { 'quickReplies.2.id': 'address', 'quickReplies.2.label.ru': 'Адрес', 'quickReplies.2.label.en': 'Address' };
    // "Add a row" without scripts: the form comes back with what was typed and one more empty row.
    const added = await b.post('/console/settings/quick-replies', { ...settingsFormFields(b.html), ...typed, add: 'quickReplies' });
    expect(added.status).toBe(200);
    expect(b.html).toContain('value="address"');
    // Row 3 (typed) is kept and a new empty row 4 follows it.
    expect(b.html).toContain('name="quickReplies.3.id"');
    expect(b.html).not.toContain('name="quickReplies.4.id"');
    await b.post('/console/settings/quick-replies', { ...settingsFormFields(b.html), add: 'quickReplies' });
    expect(b.html).toContain('name="quickReplies.4.id"');
    expect(s.store.version).toBe(1);

    // Row 3 lacks its texts: refused, naming the row.
    let res = await submit(b, 'quick-replies', { 'quickReplies.3.id': 'hours', 'quickReplies.3.label.ru': 'Часы', 'quickReplies.3.label.en': 'Hours', 'quickReplies.3.text.ru': 'Мы работаем с 10 до 22.', 'quickReplies.3.text.en': 'We work 10 to 22.' }, { reload: false });
    expect(res.status).toBe(422);
    expect(errorsOf(b.html)).toEqual(['Быстрые ответы, быстрый ответ 3, Текст (рус.): заполните поле', 'Быстрые ответы, быстрый ответ 3, Текст (англ.): заполните поле']);
    expect(b.html).toContain('value="hours"');
    res = await submit(b, 'quick-replies', { 'quickReplies.2.text.ru': 'Адрес пункта: …', 'quickReplies.2.text.en': 'The unit is at …' }, { reload: false });
    expect(res.status).toBe(303);
    expect(s.store.current.quickReplies.map((q) => q.id)).toEqual(['greeting', 'still-there', 'address', 'hours']);

    // Moved first, and one removed.
    await submit(b, 'quick-replies', { 'quickReplies.3._order': '0', 'quickReplies.1._remove': '1' });
    expect(s.store.current.quickReplies.map((q) => q.id)).toEqual(['hours', 'greeting', 'address']);
    expect(s.store.current.quickReplies[0]!.text.en).toBe('We work 10 to 22.');
  });

  it('mobile units: stops, weekly times and one-off changes; errors name unit, stop and field', async () => {
    const s = await system();
    const b = await s.as('cora');
    const res = await submit(b, 'mobile-units', {
      'mobileUnits.0.stops.0.windows.3.weekday': '6',
      'mobileUnits.0.stops.0.windows.3.from': '12:00',
      'mobileUnits.0.stops.0.windows.3.to': '15:00',
      'mobileUnits.0.changes.0.date': '2026-12-31',
      'mobileUnits.0.changes.0.stopId': 'devyatkino',
      'mobileUnits.0.changes.0.status': 'cancelled',
      'mobileUnits.0.changes.0.note.ru': 'Праздник',
      'mobileUnits.0.changes.0.note.en': 'Holiday',
    });
    expect(res.status).toBe(303);
    const unit = s.store.current.mobileUnits[0]!;
    expect(unit.stops[0]!.windows.at(-1)).toEqual({ weekday: 6, from: '12:00', to: '15:00' });
    expect(unit.changes).toEqual([{ date: '2026-12-31', stopId: 'devyatkino', status: 'cancelled', note: { ru: 'Праздник', en: 'Holiday' } }]);
    expect(unit.stops[1]!.latitude).toBe(DEFAULT_SETTINGS.mobileUnits[0]!.stops[1]!.latitude);

    const bad = await submit(b, 'mobile-units', { 'mobileUnits.0.stops.1.longitude': 'восток', 'mobileUnits.0.stops.0.latitude': '95', 'mobileUnits.0.stops.1.windows.0.from': '25:00', 'mobileUnits.0.changes.0.stopId': 'gone' });
    expect(bad.status).toBe(422);
    expect(errorsOf(b.html)).toEqual([
      'Мобильные пункты, пункт 1, остановка 1, Широта: не больше 90',
      'Мобильные пункты, пункт 1, остановка 2, Долгота: нужно число',
      'Мобильные пункты, пункт 1, остановка 2, время 1, С: нужно время вида 09:30',
      'Мобильные пункты, пункт 1, изменение 1, Остановка: у этого пункта нет такой остановки',
    ]);
    expect(invalid(b.html)).toEqual(expect.arrayContaining(['mobileUnits.0.stops.1.longitude', 'mobileUnits.0.changes.0.stopId']));
    expect(b.html).toContain('value="восток"');

    // A whole stop removed with its times.
    await submit(b, 'mobile-units', { 'mobileUnits.0.stops.0._remove': '1', 'mobileUnits.0.changes.0._remove': '1' });
    expect(s.store.current.mobileUnits[0]!.stops.map((x) => x.id)).toEqual(['devyatkino']);
  });

  it('duty: shifts with the staff on duty, the on-call person and holidays', async () => {
    const s = await system();
    const b = await s.as('cora');
    const res = await submit(b, 'duty', {
      'duty.windows.0.staff.0.name': 'Анна',
      'duty.windows.0.staff.0.telegram': 'anna_outreach',
      'duty.windows.5.weekday': '6',
      'duty.windows.5.from': '22:00',
      'duty.windows.5.to': '06:00',
      'duty.onCall.name': 'Борис',
      'duty.onCall.telegram': '@boris_oncall',
      'duty.onCall.phone': '+7 900 000-00-00',
      'duty.holidays': '2026-12-31\n2027-01-01',
    });
    expect(res.status).toBe(303);
    const duty = s.store.current.duty;
    expect(duty.windows[0]!.staff).toEqual([{ name: 'Анна', telegram: '@anna_outreach' }]);
    expect(duty.windows.at(-1)).toEqual({ weekday: 6, from: '22:00', to: '06:00', staff: [] });
    expect(duty.onCall).toEqual({ name: 'Борис', telegram: '@boris_oncall', phone: '+7 900 000-00-00' });
    expect(duty.holidays).toEqual(['2026-12-31', '2027-01-01']);

    await submit(b, 'duty', { 'duty.windows.0.staff.0.telegram': '@a', 'duty.holidays': '2026-12-31\n31.12.2026', 'duty.onCall.name': '' });
    expect(errorsOf(b.html)).toEqual([
      'Дежурства, время 1, дежурный 1, Telegram: нужно имя вида @username (5–32 латинских буквы, цифры или «_»)',
      'Дежурства, На связи в экстренных случаях, Имя: заполните поле',
      'Дежурства, Выходные дни: значение 2: нужна дата вида 2026-12-31',
    ]);
    expect(invalid(b.html)).toEqual(expect.arrayContaining(['duty.holidays', 'duty.onCall.name', 'duty.windows.0.staff.0.telegram']));
  });

  it('directory and retention: saved, with their errors', async () => {
    const s = await system();
    const b = await s.as('cora');
    await submit(b, 'directory', {
      'externalOrganisations.1.slug': 'legal-aid',
      'externalOrganisations.1.kind': 'legal',
      'externalOrganisations.1.name.ru': 'Юристы',
      'externalOrganisations.1.name.en': 'Lawyers',
      'externalOrganisations.1.contacts': '@legal_help',
    });
    expect(s.store.current.externalOrganisations.map((o) => [o.slug, o.kind, o.address])).toEqual([
      ['aids-centre-spb', 'aids_centre', DEFAULT_SETTINGS.externalOrganisations[0]!.address],
      ['legal-aid', 'legal', undefined],
    ]);
    await submit(b, 'directory', { 'externalOrganisations.1.slug': 'aids-centre-spb', 'externalOrganisations.1.kind': '' });
    expect(errorsOf(b.html)).toEqual(['Справочник организаций, организация 2, Вид: выберите из списка', 'Справочник организаций, организация 2, Код: такой код уже есть в строке 1']);

    await b.get('/console/settings/retention');
    expect(b.html).toContain('Через 30 дн. после закрытия обращения стирается текст его сообщений');
    expect((await submit(b, 'retention', { 'retention.messageTextDays': '4000' })).status).toBe(422);
    expect(errorsOf(b.html)).toEqual(['Хранение, Хранить текст сообщений после закрытия, дней: не больше 3650']);
    expect(b.html).toContain('value="4000"');
    await submit(b, 'retention', { 'retention.messageTextDays': '45' });
    expect(s.store.current.retention.messageTextDays).toBe(45);
  });

  it('community chat: saves and shows again what was saved (time-out in hours, mute ladder as a list), audited by section', async () => {
    const s = await system();
    const b = await s.as('cora');
    await b.get('/console/settings/community');
    // What the form starts from: the settings in force, the time-out in hours, the rules empty with the default shown.
    expect(b.html).toContain('value="24"');
    expect(b.html).toContain('value="60, 1440, 10080"');
    expect(unescapeHtml(b.html)).toContain('placeholder="Правила чата:\n1. Уважайте друг друга');
    expect(unescapeHtml(b.html)).toContain('placeholder="Chat rules:\n1. Respect each other');
    const res = await submit(b, 'community', {
      'community.peerInvitesPerMonth': '0',
      'community.joinRequestTimeoutMinutes': '1:30',
      'community.welcomeDeleteMinutes': '15',
      'community.unansweredQuestionMinutes': '45',
      'community.muteLadderMinutes': '30, 120;600 43200',
      'community.rules.ru': 'Будьте вежливы.\nБез продаж.',
      'community.rules.en': 'Be polite.\nNo selling.',
    });
    expect(res.headers.get('location')).toBe('/console/settings/community?saved=1');
    expect(s.store.current.community).toEqual({
      peerInvitesPerMonth: 0,
      joinRequestTimeoutMinutes: 90,
      welcomeDeleteMinutes: 15,
      unansweredQuestionMinutes: 45,
      muteLadderMinutes: [30, 120, 600, 43200],
      rules: { ru: 'Будьте вежливы.\nБез продаж.', en: 'Be polite.\nNo selling.' },
    });
    expect(s.store.current.channel).toEqual(DEFAULT_SETTINGS.channel); // other sections untouched
    const [audited] = await s.db.select().from(auditLog).where(eq(auditLog.action, 'settings.save')).orderBy(desc(auditLog.id)).limit(1);
    expect(audited!.detail).toBe('community');
    await b.get('/console/settings/community');
    expect(b.html).toContain('value="1:30"');
    expect(b.html).toContain('value="30, 120, 600, 43200"');
    // The form as shown, sent again: exactly what is saved, no new version.
    const version = s.store.version;
    expect((await submit(b, 'community')).headers.get('location')).toBe('/console/settings/community?saved=unchanged');
    expect(s.store.version).toBe(version);
    // Decimal hours are taken when they make whole minutes.
    await submit(b, 'community', { 'community.joinRequestTimeoutMinutes': '2,5' });
    expect(s.store.current.community.joinRequestTimeoutMinutes).toBe(150);
  });

  it('community chat: empty rules mean the bot’s default; one language alone is refused', async () => {
    const s = await system();
    const b = await s.as('cora');
    await submit(b, 'community', { 'community.rules.ru': 'Свои правила', 'community.rules.en': 'Own rules' });
    expect(s.store.current.community.rules).toEqual({ ru: 'Свои правила', en: 'Own rules' });
    expect((await submit(b, 'community', { 'community.rules.ru': '  ', 'community.rules.en': '' })).status).toBe(303);
    expect(s.store.current.community.rules).toBeUndefined();
    expect(s.store.current.community.peerInvitesPerMonth).toBe(DEFAULT_SETTINGS.community.peerInvitesPerMonth);
    await b.get('/console/settings/community');
    expect(b.html).toMatch(/<textarea id="f-community-rules-ru"[^>]*><\/textarea>/);
    const res = await submit(b, 'community', { 'community.rules.ru': 'Только по-русски' });
    expect(res.status).toBe(422);
    expect(errorsOf(b.html)).toEqual(['Чат сообщества, Правила чата (англ.): заполните поле']);
    expect(invalid(b.html)).toEqual(['community.rules.en']);
    expect(b.html).toContain('>Только по-русски</textarea>');
    expect(s.store.current.community.rules).toBeUndefined();
  });

  it('community chat: bad values are named next to their field and nothing typed is lost', async () => {
    const s = await system();
    const b = await s.as('cora');
    const version = s.store.version;
    const typed = {
      'community.peerInvitesPerMonth': '101',
      'community.joinRequestTimeoutMinutes': '169',
      'community.welcomeDeleteMinutes': '',
      'community.unansweredQuestionMinutes': 'полчаса',
      'community.muteLadderMinutes': '60, 0, 1.5, 600000',
      'community.rules.ru': 'П'.repeat(3001),
      'community.rules.en': 'Rules',
    };
    const res = await submit(b, 'community', typed);
    expect(res.status).toBe(422);
    expect(errorsOf(b.html)).toEqual([
      'Чат сообщества, Вступлений по личной ссылке одного участника в месяц: не больше 100',
      'Чат сообщества, Заявка на вступление отклоняется через, часов: нужны часы, например 24 или 1:30, от 0:01 до 168',
      'Чат сообщества, Приветствие новичкам удаляется через, минут: нужно число',
      'Чат сообщества, Вопрос без ответа передаётся сотрудникам через, минут: нужно число',
      'Чат сообщества, Запрет писать за повторные нарушения, минут: значение 2: не меньше 1',
      'Чат сообщества, Запрет писать за повторные нарушения, минут: значение 3: нужно целое число',
      'Чат сообщества, Запрет писать за повторные нарушения, минут: значение 4: не больше 527040',
      'Чат сообщества, Правила чата (рус.): не длиннее 3000 знаков',
    ]);
    expect(new Set(invalid(b.html))).toEqual(new Set(['community.peerInvitesPerMonth', 'community.joinRequestTimeoutMinutes', 'community.welcomeDeleteMinutes', 'community.unansweredQuestionMinutes', 'community.muteLadderMinutes', 'community.rules.ru']));
    // Every field shows what was typed, the messages sit next to it (the field is marked and described).
    const shown = settingsFormFields(b.html);
    for (const [name, value] of Object.entries(typed)) expect(shown[name]).toBe(value);
    expect(s.store.version).toBe(version);
    // Hours that are not whole minutes, or nothing at all, are refused the same way.
    for (const bad of ['0:00', '1.33', 'сутки', '']) {
      expect((await submit(b, 'community', { 'community.joinRequestTimeoutMinutes': bad })).status).toBe(422);
      expect(invalid(b.html)).toEqual(['community.joinRequestTimeoutMinutes']);
    }
    await submit(b, 'community', { 'community.muteLadderMinutes': Array.from({ length: 11 }, (_, i) => String(i + 1)).join(', ') });
    expect(errorsOf(b.html)).toEqual(['Чат сообщества, Запрет писать за повторные нарушения, минут: не больше 10 строк']);
    await submit(b, 'community', { 'community.muteLadderMinutes': '' });
    expect(invalid(b.html)).toEqual(['community.muteLadderMinutes']);
    const en = await s.as('eve', 'admin', 'en');
    await submit(en, 'community', { 'community.welcomeDeleteMinutes': '1441' });
    expect(errorsOf(en.html)).toEqual(['Community chat, The welcome to new members is deleted after, minutes: at most 1440']);
  });

  it('channel: the weekly post (on or off, weekday, time) and posting stop changes round-trip; bad values are refused', async () => {
    const s = await system();
    const b = await s.as('cora');
    await b.get('/console/settings/channel');
    expect(b.html).toMatch(/<input id="f-channel-weeklySchedule-enabled" type="checkbox"[^>]*checked/);
    expect(b.html).toContain('<option value="1" selected="">понедельник</option>');
    // Unticked boxes are not sent at all: that is "no".
    await b.get('/console/settings/channel');
    const fields = settingsFormFields(b.html);
    delete fields['channel.weeklySchedule.enabled'];
    delete fields['channel.stopChanges'];
    const res = await b.post('/console/settings/channel', { ...fields, 'channel.weeklySchedule.weekday': '5', 'channel.weeklySchedule.at': '18:30' });
    expect(res.headers.get('location')).toBe('/console/settings/channel?saved=1');
    expect(s.store.current.channel).toEqual({ weeklySchedule: { enabled: false, weekday: 5, at: '18:30' }, stopChanges: false });
    expect(s.store.current.community).toEqual(DEFAULT_SETTINGS.community);
    const [audited] = await s.db.select().from(auditLog).where(eq(auditLog.action, 'settings.save')).orderBy(desc(auditLog.id)).limit(1);
    expect(audited!.detail).toBe('channel');
    expect((await submit(b, 'channel')).headers.get('location')).toBe('/console/settings/channel?saved=unchanged');
    expect(b.html).not.toContain('checked');
    await submit(b, 'channel', { 'channel.weeklySchedule.enabled': 'yes', 'channel.stopChanges': 'yes', 'channel.weeklySchedule.weekday': '7' });
    expect(s.store.current.channel).toEqual({ weeklySchedule: { enabled: true, weekday: 7, at: '18:30' }, stopChanges: true });

    const version = s.store.version;
    expect((await submit(b, 'channel', { 'channel.weeklySchedule.weekday': '', 'channel.weeklySchedule.at': '25:00', 'channel.stopChanges': '' })).status).toBe(422);
    expect(errorsOf(b.html)).toEqual(['Канал, Еженедельный пост с остановками, День недели: выберите из списка', 'Канал, Еженедельный пост с остановками, Время: нужно время вида 09:30']);
    expect(invalid(b.html).sort()).toEqual(['channel.weeklySchedule.at', 'channel.weeklySchedule.weekday']);
    expect(b.html).toContain('value="25:00"');
    expect(settingsFormFields(b.html)['channel.stopChanges']).toBeUndefined(); // unticked stays unticked
    expect(s.store.version).toBe(version);
  });

  it('history: versions newest first with who saved them; an older one is put back as a new version', async () => {
    const s = await system();
    const b = await s.as('cora');
    await submit(b, 'retention', { 'retention.messageTextDays': '10' });
    s.clock.advance(60_000);
    await submit(b, 'retention', { 'retention.messageTextDays': '20' });
    await b.get('/console/settings/history');
    const shown = [...b.html.matchAll(/data-version="(\d+)"/g)].map((m) => Number(m[1]));
    expect(shown).toEqual([3, 2, 1]);
    expect(b.html).toContain('из файла organisation.json');
    expect(b.html).toContain('Name cora');
    expect(b.html).toContain('действует');
    const res = await b.post('/console/settings/history/2/restore');
    expect(res.headers.get('location')).toBe('/console/settings/history?saved=1');
    expect(s.store.current.retention.messageTextDays).toBe(10);
    expect(s.store.version).toBe(4);
    const audits = await s.db.select().from(auditLog).where(and(eq(auditLog.action, 'settings.save'), eq(auditLog.detail, 'restore:2')));
    expect(audits).toHaveLength(1);
    expect((await b.post('/console/settings/history/999/restore')).status).toBe(404);
  });
});

describe('settings forms (pure)', () => {
  it('reads only the section’s own fields, with lists dense in index order', () => {
    const body = { 'quickReplies.5.id': 'b', 'quickReplies.2.id': 'a', 'quickReplies.2.label.ru': 'А', 'name.ru': 'другой раздел', 'quickReplies.x-y.id': 'junk', 'quickReplies.2.id.z': 'junk', _csrf: 't', add: 'quickReplies' };
    expect(readForm('quick-replies', body)).toEqual({ quickReplies: [{ id: 'a', label: { ru: 'А' } }, { id: 'b' }] });
  });

  it('shows the join-request time-out in hours and reads it back to exactly the same minutes', () => {
    for (let m = 1; m <= 7 * 24 * 60; m++) expect(minutesOf(hoursOf(m))).toBe(m);
    expect([1, 59, 60, 90, 1440, 1441, 10080].map(hoursOf)).toEqual(['0:01', '0:59', '1', '1:30', '24', '24:01', '168']);
    expect(['24', ' 1:30 ', '1,5', '1.25', '.5', '0.05', '168'].map(minutesOf)).toEqual([1440, 90, 90, 75, 30, 3, 10080]);
    for (const bad of ['', '1.33', '0.01', '1:60', '1:5', '-1', 'сутки', '1e3', '24ч']) expect(minutesOf(bad)).toBeNaN();
  });

  it('tidies rows: removed and empty ones go, positions order them', () => {
    const d: Draft = { rows: [{ id: 'a', _order: '3' }, { id: 'b', _remove: '1' }, { id: '' }, { id: 'c', _order: '1' }] };
    expect(tidy(d)).toEqual({ rows: [{ id: 'c' }, { id: 'a' }] });
    expect(tidy(d, 'rows')).toEqual({ rows: [{ id: 'c' }, { id: '' }, { id: 'a' }] });
  });

  it('raises the taxonomy version only when codes or their kind change', () => {
    const base = { version: 2, needs: [{ code: 'aa', theme: 'online' as const, label: { ru: 'а', en: 'a' } }], services: [{ code: 'bb', offline: false, label: { ru: 'б', en: 'b' } }] };
    const { version: _v, ...same } = base;
    expect(nextTaxonomy(base, same, 2)).toBe('unchanged');
    expect(nextTaxonomy(base, { ...same, needs: [{ ...same.needs[0]!, label: { ru: 'А', en: 'A' } }] }, 5)).toMatchObject({ version: 2 });
    expect(nextTaxonomy(base, { ...same, needs: [{ ...same.needs[0]!, theme: 'online_offline' }] }, 5)).toMatchObject({ version: 6 });
    expect(nextTaxonomy(base, { ...same, services: [{ ...same.services[0]!, code: 'cc' }] }, 1)).toMatchObject({ version: 3 });
  });
});

describe('settings applied live', () => {
  let sys: TestSystem | undefined;
  afterEach(async () => {
    await sys?.stop();
    sys = undefined;
  });

  it('a change saved in the console reaches what the running bot sends, without a restart', async () => {
    sys = await startTestSystem();
    const s = sys;
    const b = await coordinatorOf(s);

    const client = s.emu.createUser({ first_name: 'C', language_code: 'ru' });
    const botSaid = () => s.botMessagesTo(client.id);
    s.emu.userSends(client.id, client.id, { text: '/overdose' });
    await s.settle();
    // The emergency reply is the first of its messages (the flow's two questions follow).
    expect(botSaid().at(-3)!.text).toMatch(/103/);

    expect((await submit(b, 'organisation', { emergencyNumbers: '911, 112' })).headers.get('location')).toBe('/console/settings/organisation?saved=1');
    expect((await submit(b, 'mobile-units', { 'mobileUnits.0.stops.0.address.ru': 'м. Новочеркасская, у входа' })).headers.get('location')).toBe('/console/settings/mobile-units?saved=1');
    expect(
      (
        await submit(b, 'directory', {
          'externalOrganisations.1.slug': 'legal-aid',
          'externalOrganisations.1.kind': 'legal',
          'externalOrganisations.1.name.ru': 'Юристы',
          'externalOrganisations.1.name.en': 'Lawyers',
        })
      ).headers.get('location'),
    ).toBe('/console/settings/directory?saved=1');

    s.emu.userSends(client.id, client.id, { text: '/overdose' });
    await s.settle();
    const reply = botSaid().at(-3)!.text!;
    expect(reply).toMatch(/911/);
    expect(reply).not.toMatch(/103/);
    s.emu.userSends(client.id, client.id, { text: '/schedule' });
    await s.settle();
    expect(botSaid().some((m) => m.text?.includes('Новочеркасская'))).toBe(true);
    const directory = await s.app.database.db.select().from(externalOrganisations);
    expect(directory.map((o) => o.slug).sort()).toEqual(['aids-centre-spb', 'legal-aid']);

    // /ext in the case topic offers the directory as saved; a removed entry is offered no more.
    const worker = s.workers[0]!;
    const thread = s.emu.topics(s.staffChatId)[0]!.message_thread_id;
    const offered = async () => {
      s.emu.userSends(worker.id, s.staffChatId, { text: '/ext' }, { message_thread_id: thread });
      await s.settle();
      return (s.topicMessages(thread).at(-1)!.reply_markup?.inline_keyboard ?? []).flat().map((k) => k.text);
    };
    expect(await offered()).toEqual(expect.arrayContaining(['Юристы', expect.stringMatching(/Центр СПИД/)]));
    await submit(b, 'directory', { 'externalOrganisations.0._remove': '1' });
    expect(await offered()).toEqual(['Юристы']);
    expect(s.logs.join('')).not.toContain('Новочеркасская');
  });
});
