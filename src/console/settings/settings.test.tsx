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
import { DEFAULT_TAXONOMY, needOffered, offeredNeeds } from '../../domain/taxonomy.ts';
import { createLogger } from '../../log.ts';
import { openSettingsStore } from '../../organisation/settings-store.ts';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../organisation/settings.ts';
import { createConsoleApp } from '../app.tsx';
import { createAccount } from '../auth/accounts.ts';
import { ROLES, walkPolicy } from '../policy.ts';
import { hoursOf, minutesOf, nextTaxonomy, readForm } from './form.ts';
import { applyOp, freshId, timeGroups } from './lists.ts';
import { personFrom, personInRow, suggestAccount, syncPeople, telegramOf, type AccountChoice } from './people.ts';
import { coordinatorOf, settingsFormFields, signedIn, testClock, testVault, TestBrowser, unescapeHtml } from '../testing.ts';

const testDatabase = useFreshDatabases();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** The console over a fresh database with a settings store seeded from the defaults (or `seed`). */
async function system(seed?: Settings) {
  const d = await testDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'netreach-settings-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const logs: string[] = [];
  const log = createLogger(new Writable({ write: (c, _e, done) => (logs.push(String(c)), done()) }), 'debug');
  const clock = testClock();
  const opened = await openSettingsStore(d.db, { dataDir, log, now: clock.now, defaults: seed });
  if (!opened.ok) throw new Error(opened.errors.join());
  const store = opened.store;
  const app = new Hono().route('/console', createConsoleApp({ db: d.db, vault: testVault, log, now: clock.now, settings: store }));
  const as = async (login: string, role: (typeof ROLES)[number] = 'coordinator', locale?: 'ru' | 'en') => (await signedIn(app, d.db, clock, login, role, { locale })).browser;
  /** An account to put on duty (no one signs in with it). */
  const staff = async (login: string, displayName: string, role: (typeof ROLES)[number] = 'worker') => {
    const created = await createAccount(d.db, { login, displayName, role, password: 'not used here at all' }, 'not-a-real-hash');
    if (!created.ok) throw new Error(created.problems.join());
    return created.account.id;
  };
  return { db: d.db, store, logs, clock, app, as, staff };
}

/** The fields of the form `id` on the page, as a browser would send them (ticked boxes, chosen options). */
function formOf(html: string, id: string): [string, string][] {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) throw new Error(`no form #${id}`);
  const open = html.lastIndexOf('<form', start);
  const form = html.slice(open, html.indexOf('</form>', start));
  const pairs: [string, string][] = [];
  for (const [tag] of form.matchAll(/<input [^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(tag)?.[1];
    if (!name || name === '_csrf') continue;
    if (/type="(checkbox|radio)"/.test(tag) && !/checked/.test(tag)) continue;
    pairs.push([unescapeHtml(name), unescapeHtml(/value="([^"]*)"/.exec(tag)?.[1] ?? '')]);
  }
  for (const [, name, body] of form.matchAll(/<textarea [^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g)) pairs.push([unescapeHtml(name!), unescapeHtml(body!)]);
  for (const [, name, body] of form.matchAll(/<select [^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) pairs.push([unescapeHtml(name!), unescapeHtml(/<option value="([^"]*)" selected/.exec(body!)?.[1] ?? '')]);
  return pairs;
}
const actionOf = (html: string, id: string) => {
  const start = html.indexOf(`id="${id}"`);
  const open = html.lastIndexOf('<form', start);
  return unescapeHtml(/action="([^"#]*)/.exec(html.slice(open, start + 200))![1]!);
};

/** Fills the form `id` as a person would (a list value ticks several boxes; '' unticks) and sends it. */
async function fill(b: TestBrowser, id: string, change: Record<string, string | string[]> = {}, extra: [string, string][] = []) {
  const kept = formOf(b.html, id).filter(([name]) => !(name in change));
  const changed = Object.entries(change).flatMap(([name, v]) => (Array.isArray(v) ? v.map((x): [string, string] => [name, x]) : [[name, v] as [string, string]]));
  return send(b, actionOf(b.html, id), [...kept, ...changed, ...extra]);
}
function send(b: TestBrowser, path: string, pairs: [string, string][]) {
  const body = new URLSearchParams([['_csrf', b.csrf()], ...pairs]);
  return b.send(path, { method: 'POST', body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}
/** Opens a flat section, changes fields and sends the form. */
async function submit(b: TestBrowser, section: string, change: Record<string, string> = {}) {
  await b.get(`/console/settings/${section}`);
  return b.post(`/console/settings/${section}`, { ...settingsFormFields(b.html), ...change });
}
/** Follows a redirect, as a browser does. */
async function follow(b: TestBrowser, res: Response) {
  expect(res.status, JSON.stringify([errorsOf(b.html), fieldErrors(b.html)])).toBe(303);
  await b.get(res.headers.get('location')!.replace(/#.*$/, ''));
  return res.headers.get('location')!;
}

/** The problems listed above the form (one alone is a paragraph; several, a list under a heading). */
const errorsOf = (html: string) => {
  const box = /<div class="error"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
  const items = [...box.matchAll(/<li>([^<]+)<\/li>/g)];
  return (items.length > 0 ? items : [...box.matchAll(/<p[^>]*>([^<]+)<\/p>/g)]).map((m) => unescapeHtml(m[1]!));
};
/** The messages next to fields: field id → message. */
const fieldErrors = (html: string) => Object.fromEntries([...html.matchAll(/<p class="field-error" id="([^"]+)-error">([^<]+)<\/p>/g)].map((m) => [m[1], unescapeHtml(m[2]!)]));
const flashOf = (html: string) => {
  const m = /<div class="flash (ok|error)"[^>]*><span>([^<]*)<\/span>(?:<a href="([^"]*)")?/.exec(html);
  return m ? { tone: m[1], text: unescapeHtml(m[2]!), href: m[3] } : undefined;
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
        for (const path of ['/console/settings', '/console/settings/organisation', '/console/settings/duty', '/console/settings/duty/shifts/0', '/console/settings/mobile-units/units/0', '/console/settings/history']) statuses.push((await b.get(path)).status);
        statuses.push((await b.post('/console/settings/retention', { 'retention.messageTextDays': '7' })).status);
        statuses.push((await b.post('/console/settings/taxonomy/needs/0/remove')).status);
        statuses.push((await b.post('/console/settings/mobile-units/units/0/stops/0/remove')).status);
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
    expect(audited.map((r) => r.role).sort()).toEqual(savers.map((r) => r.role).sort());
    // Signed out: the login page.
    const anonymous = new TestBrowser(s.app);
    expect((await anonymous.get('/console/settings')).status).toBe(303);
  });

  it('the index says in one line what each section holds now; every page and item page has a label for every field', async () => {
    const s = await system();
    const b = await s.as('cora');
    expect((await b.get('/console/settings')).status).toBe(200);
    const text = unescapeHtml(b.html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
    expect(text).toContain('Дежурства 5 смен: пн–пт · дежурных: 0 · на связи: никого');
    expect(text).toContain('Мобильные пункты Автобус 1: 2 остановки');
    expect(text).toContain('Потребности и услуги потребностей: 9 (выключено: 1) · услуг: 9 · версия 1');
    expect(text).toContain('Организация Гуманитарное действие · Europe/Moscow · экстренные: 103, 112');
    expect(text).toContain('Канал расписание: пн 09:00 · об изменениях остановок: сразу');
    expect(text).toContain('Хранение текст сообщений стирается через 30 дн. после закрытия');
    const pages = [
      ...['organisation', 'taxonomy', 'quick-replies', 'mobile-units', 'duty', 'directory', 'community', 'channel', 'retention', 'history'].map((x) => `/console/settings/${x}`),
      '/console/settings/mobile-units/units/0',
      '/console/settings/mobile-units/units/0/stops/1',
      '/console/settings/mobile-units/units/0/changes/new',
      '/console/settings/duty/shifts/0',
      '/console/settings/taxonomy/needs/3',
      '/console/settings/taxonomy/services/0',
      '/console/settings/quick-replies/replies/1',
      '/console/settings/directory/organisations/0',
    ];
    for (const path of pages) {
      expect((await b.get(path)).status, path).toBe(200);
      if (path.endsWith('history')) continue;
      expect(b.html).toContain('name="_csrf"');
      const ids = [...b.html.matchAll(/<(?:input|select|textarea) id="([^"]+)"/g)].map((m) => m[1]);
      expect(ids.length, path).toBeGreaterThan(0);
      for (const id of ids) expect(b.html, `${path}: #${id}`).toContain(`for="${id}"`);
      // Ids are unique on the page (two forms on one page do not share them).
      expect(new Set(ids).size, path).toBe(ids.length);
    }
    for (const missing of ['/console/settings/nothing', '/console/settings/duty/shifts/99', '/console/settings/mobile-units/units/5', '/console/settings/mobile-units/units/0/stops/9', '/console/settings/taxonomy/replies/0', '/console/settings/duty/needs/0']) {
      expect((await b.get(missing)).status, missing).toBe(404);
    }
  });

  it('organisation: saves a new version in force at once, with a flash, audited by section, nothing of it logged; a forged form is refused', async () => {
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
    expect(flashOf(b.html)).toEqual({ tone: 'ok', text: 'Сохранено. Новые настройки уже действуют.', href: undefined });
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
    expect(flashOf(anna.html)?.tone).toBe('error');
    expect(anna.html).toContain('value="Анна 2"');
    expect(s.store.current.name.ru).toBe('Борис');
    // Seen and sent again: saved.
    expect((await anna.post('/console/settings/organisation', settingsFormFields(anna.html))).status).toBe(303);
    expect(s.store.current.name.ru).toBe('Анна 2');
    expect(s.store.current.retention.messageTextDays).toBe(12);

    // The same for an item: a stop edited by both.
    await anna.get('/console/settings/mobile-units/units/0/stops/0');
    await boris.get('/console/settings/mobile-units/units/0/stops/0');
    await follow(boris, await fill(boris, 'edit-stops', { 'address.ru': 'Борис был здесь' }));
    expect((await fill(anna, 'edit-stops', { 'address.ru': 'Анна была здесь' })).status).toBe(409);
    expect(flashOf(anna.html)).toMatchObject({ tone: 'error', text: expect.stringMatching(/^Не сохранено: этот раздел только что сохранил кто-то другой/), href: '#edit-stops' });
    expect(anna.html).toContain('value="Анна была здесь"');
    expect(s.store.current.mobileUnits[0]!.stops[0]!.address.ru).toBe('Борис был здесь');
    // A remove pressed on a list that changed meanwhile: not done, said so.
    await anna.get('/console/settings/quick-replies');
    await boris.get('/console/settings/quick-replies');
    await follow(boris, await fill(boris, 'add-replies', { 'label.ru': 'Адрес', 'label.en': 'Address', 'text.ru': 'Адрес: …', 'text.en': 'Address: …' }));
    const removed = await anna.post('/console/settings/quick-replies/replies/0/remove', { _base: formOf(anna.html, 'add-replies').find(([n]) => n === '_base')![1] });
    expect(removed.headers.get('location')).toBe('/console/settings/quick-replies?saved=conflict');
    expect(s.store.current.quickReplies).toHaveLength(3);
  });

  it('organisation: bad values are named by section and field, next to the field, with a flash linking to the form, and what was typed stays', async () => {
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
    expect(fieldErrors(b.html)).toMatchObject({ 'f-timeZone': 'нужен пояс IANA, например Europe/Moscow', 'f-name-en': 'заполните поле', 'f-cases-reopenWithinHours': 'не больше 2160' });
    expect(flashOf(b.html)).toEqual({ tone: 'error', text: 'Не сохранено: исправьте 6 полей.', href: '#settings-form' });
    expect(b.html).toContain('action="/console/settings/organisation#settings-form"');
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
    expect(flashOf(en.html)?.text).toBe('Not saved: 1 field to correct.');
  });

  it('needs and services: a compact list; labels keep the version, codes raise it; one add form; repeated codes refused', async () => {
    const s = await system();
    const b = await s.as('cora');
    await b.get('/console/settings/taxonomy');
    expect(b.html).toContain('Версия списка: 1.');
    // One add form per list, folded; no empty row per item.
    expect(b.html.match(/<form [^>]*id="add-needs"/g)).toHaveLength(1);
    expect(b.html).not.toContain('name="taxonomy.needs.');
    // The built-in list edited: the organisation's own, version 2.
    await b.get('/console/settings/taxonomy/needs/0');
    let where = await follow(b, await fill(b, 'edit-needs', { 'label.ru': 'Мелкие осложнения' }));
    expect(where).toBe('/console/settings/taxonomy?saved=1#needs-0');
    expect(flashOf(b.html)?.text).toBe('Сохранено. Новые настройки уже действуют.');
    expect(s.store.current.taxonomy?.version).toBe(2);
    expect(s.store.current.taxonomy?.needs[0]!.label.ru).toBe('Мелкие осложнения');
    await b.get('/console/settings/taxonomy/needs/1');
    await follow(b, await fill(b, 'edit-needs', { 'label.en': 'Information' }));
    expect(s.store.current.taxonomy?.version).toBe(2);
    // A new need, its code made from the English label: version 3.
    where = await follow(b, await fill(b, 'add-needs', { 'label.ru': 'Наборы налоксона', 'label.en': 'Naloxone kits', theme: 'online_offline' }));
    expect(where).toBe('/console/settings/taxonomy?saved=added#needs-9');
    expect(flashOf(b.html)?.text).toBe('Добавлено. Новые настройки уже действуют.');
    expect(s.store.current.taxonomy?.version).toBe(3);
    expect(s.store.current.taxonomy?.needs.at(-1)).toEqual({ code: 'naloxone_kits', theme: 'online_offline', label: { ru: 'Наборы налоксона', en: 'Naloxone kits' } });
    // Back to an older version (restore), then a change of codes: 4, never 3 again.
    const versions = await s.store.history();
    await b.get('/console/settings/history');
    await b.post(`/console/settings/history/${versions[1]!.id}/restore`);
    expect(s.store.current.taxonomy?.version).toBe(2);
    await b.get('/console/settings/taxonomy');
    where = await follow(b, await b.post('/console/settings/taxonomy/services/0/remove', { _base: String(s.store.version) }));
    expect(where).toBe('/console/settings/taxonomy?list=services&saved=removed');
    // The services' list, folded on the page, is open when the change was in it.
    expect(b.html).toMatch(/<details class="list" id="services" open="">/);
    expect(flashOf(b.html)).toEqual({ tone: 'ok', text: 'Удалено. Новые настройки уже действуют.', href: '/console/settings/history' });
    expect(s.store.current.taxonomy?.version).toBe(4);
    expect(s.store.current.taxonomy?.services.map((x) => x.code)).not.toContain('information');

    // A code already used, a bad code, no theme: each next to its field; the add form opens again with what was typed.
    await b.get('/console/settings/taxonomy');
    let res = await fill(b, 'add-needs', { code: 'overdose', 'label.ru': 'Ещё', 'label.en': 'More', theme: '' });
    expect(res.status).toBe(422);
    expect(fieldErrors(b.html)).toEqual({ 'need-f-code': 'такой код уже есть', 'need-f-theme': 'выберите из списка' });
    expect(b.html).toMatch(/<details class="add" open="">\s*<summary>Добавить потребность/);
    expect(flashOf(b.html)).toEqual({ tone: 'error', text: 'Не сохранено: исправьте 2 поля.', href: '#add-needs' });
    expect(b.html).toContain('action="/console/settings/taxonomy/needs#add-needs"');
    res = await fill(b, 'add-needs', { code: 'Плохой код', theme: 'online' });
    expect(fieldErrors(b.html)).toEqual({ 'need-f-code': 'только латинские строчные буквы, цифры и «_», от 2 до 40 знаков' });
    expect(b.html).toContain('value="Плохой код"');
    // Renaming a code to one another need has: refused on the edit page.
    await b.get('/console/settings/taxonomy/needs/2');
    expect((await fill(b, 'edit-needs', { code: 'overdose' })).status).toBe(422);
    expect(fieldErrors(b.html)).toEqual({ 'edit-f-code': 'такой код уже есть' });
    // The last service cannot go: said at the top of the list.
    const few = await system({ ...DEFAULT_SETTINGS, taxonomy: { version: 2, needs: DEFAULT_TAXONOMY.needs, services: [DEFAULT_TAXONOMY.services[0]!] } });
    const c = await few.as('cora');
    await c.get('/console/settings/taxonomy');
    expect((await c.post('/console/settings/taxonomy/services/0/remove', { _base: String(few.store.version) })).status).toBe(422);
    expect(flashOf(c.html)).toEqual({ tone: 'error', text: 'Потребности и услуги, Услуги: нужна хотя бы одна строка', href: undefined });
  });

  it('the pandemic need: marked with the paper’s period, off in a new installation, on where a stored version never said; turned on and off; reports still count it', async () => {
    expect(DEFAULT_SETTINGS.needsOff).toEqual(['pandemic_information']);
    expect(needOffered(DEFAULT_SETTINGS, 'pandemic_information')).toBe(false);
    expect(offeredNeeds(DEFAULT_SETTINGS).map((n) => n.code)).not.toContain('pandemic_information');
    // Still in the taxonomy: the reports count old cases with it.
    expect(DEFAULT_TAXONOMY.needs.map((n) => n.code)).toContain('pandemic_information');
    // An installation whose stored settings predate the switch keeps every need offered.
    const { needsOff: _off, ...before } = DEFAULT_SETTINGS;
    const stored = settingsSchema.parse(JSON.parse(JSON.stringify(before)));
    expect(stored.needsOff).toEqual([]);
    expect(offeredNeeds(stored)).toHaveLength(DEFAULT_TAXONOMY.needs.length);

    const s = await system();
    const b = await s.as('cora');
    await b.get('/console/settings/taxonomy');
    const item = /<li id="needs-3">[\s\S]*?<\/li>/.exec(b.html)![0];
    expect(unescapeHtml(item.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ')).toContain('Информация о правилах в пандемию выключена период статьи: 2020–2021 онлайн Изменить Удалить');
    // Turned on and off with a box on the need's own page, which says where the need comes from.
    await b.get('/console/settings/taxonomy/needs/3');
    expect(b.html).toContain('Эта потребность — из периода, описанного в статье (2020–2021)');
    expect(formOf(b.html, 'edit-needs').find(([n]) => n === 'offered')).toBeUndefined();
    await follow(b, await fill(b, 'edit-needs', { offered: 'yes' }));
    expect(s.store.current.needsOff).toEqual([]);
    await b.get('/console/settings/taxonomy/needs/3');
    expect(formOf(b.html, 'edit-needs')).toContainEqual(['offered', 'yes']);
    await follow(b, await fill(b, 'edit-needs', { offered: [] }));
    expect(s.store.current.needsOff).toEqual(['pandemic_information']);
    // Turning a need on or off is not a new version of the codes.
    expect(s.store.current.taxonomy).toBeUndefined();
    // Renamed or removed, the code follows.
    await b.get('/console/settings/taxonomy/needs/3');
    await follow(b, await fill(b, 'edit-needs', { code: 'covid_rules' }));
    expect(s.store.current.needsOff).toEqual(['covid_rules']);
    await follow(b, await b.post('/console/settings/taxonomy/needs/3/remove', { _base: String(s.store.version) }));
    expect(s.store.current.needsOff).toEqual([]);
    const [audited] = await s.db.select().from(auditLog).where(eq(auditLog.action, 'settings.save')).orderBy(desc(auditLog.id)).limit(1);
    expect(audited!.detail).toBe('taxonomy:needs.remove');
  });

  it('quick replies: one add form, edit, move up, remove', async () => {
    const s = await system();
    const b = await s.as('cora');
    await b.get('/console/settings/quick-replies');
    let res = await fill(b, 'add-replies', { 'label.ru': 'Часы', 'label.en': 'Hours', 'text.ru': 'Мы работаем с 10 до 22.' });
    expect(res.status).toBe(422);
    expect(fieldErrors(b.html)).toEqual({ 'add-f-text-en': 'заполните поле' });
    expect(b.html).toContain('value="Hours"');
    res = await fill(b, 'add-replies', { 'text.en': 'We work 10 to 22.' });
    expect(await follow(b, res)).toBe('/console/settings/quick-replies?saved=added#replies-2');
    expect(s.store.current.quickReplies.map((q) => q.id)).toEqual(['greeting', 'still-there', 'hours']);
    // Moved up twice: first.
    await follow(b, await b.post('/console/settings/quick-replies/replies/2/up', { _base: String(s.store.version) }));
    await follow(b, await b.post('/console/settings/quick-replies/replies/1/up', { _base: String(s.store.version) }));
    expect(s.store.current.quickReplies.map((q) => q.id)).toEqual(['hours', 'greeting', 'still-there']);
    await b.get('/console/settings/quick-replies/replies/0');
    await follow(b, await fill(b, 'edit-replies', { 'text.ru': 'С 10 до 22 без выходных.' }));
    expect(s.store.current.quickReplies[0]).toEqual({ id: 'hours', label: { ru: 'Часы', en: 'Hours' }, text: { ru: 'С 10 до 22 без выходных.', en: 'We work 10 to 22.' } });
    await follow(b, await b.post('/console/settings/quick-replies/replies/1/remove', { _base: String(s.store.version) }));
    expect(s.store.current.quickReplies.map((q) => q.id)).toEqual(['hours', 'still-there']);
  });

  it('mobile units: a stop added by pasting a map link, shown back with a link to openstreetmap.org; times by days; no empty block per stop', async () => {
    const s = await system();
    const b = await s.as('cora');
    await b.get('/console/settings/mobile-units');
    expect(unescapeHtml(b.html)).toContain('м. Ладожская, выход к ТЦ (пн, ср, пт 11:00–14:00)');
    await b.get('/console/settings/mobile-units/units/0');
    expect(b.html.match(/<form [^>]*id="add-stops"/g)).toHaveLength(1);
    expect(b.html).not.toContain('name="mobileUnits.');
    expect(b.html).toContain('href="https://www.openstreetmap.org/?mlat=59.9325&amp;mlon=30.4393#map=17/59.9325/30.4393"');

    // "Check the point": read back, nothing saved.
    const link = 'Ладожский вокзал — Яндекс Карты https://yandex.ru/maps/2/saint-petersburg/?ll=30.441789%2C59.931580&mode=whatshere&whatshere%5Bpoint%5D=30.441789%2C59.931580&z=17';
    let res = await fill(b, 'add-stops', { 'address.ru': 'Ладожский вокзал', 'address.en': 'Ladozhsky station', place: link, days: ['6', '7'], from: '12:00', to: '15:00' }, [['check', '1']]);
    expect(res.status).toBe(200);
    expect(s.store.version).toBe(1);
    expect(unescapeHtml(b.html)).toContain('Точка (Яндекс Карты): <span>59.93158, 30.441789</span>');
    expect(flashOf(b.html)?.text).toBe('Точка найдена — проверьте её по ссылке под полем. Ещё не сохранено.');
    expect(formOf(b.html, 'add-stops').filter(([n]) => n === 'days').map(([, v]) => v)).toEqual(['6', '7']);

    res = await fill(b, 'add-stops');
    expect(await follow(b, res)).toBe('/console/settings/mobile-units/units/0?saved=added#stops-2');
    expect(flashOf(b.html)?.text).toBe('Добавлено. Новые настройки уже действуют.');
    expect(s.store.current.mobileUnits[0]!.stops[2]).toEqual({
      id: 'ladozhsky-station',
      address: { ru: 'Ладожский вокзал', en: 'Ladozhsky station' },
      latitude: 59.93158,
      longitude: 30.441789,
      windows: [
        { weekday: 6, from: '12:00', to: '15:00' },
        { weekday: 7, from: '12:00', to: '15:00' },
      ],
    });
    expect(unescapeHtml(b.html)).toContain('сб, вс 12:00–15:00');
    expect(b.html).toContain('href="https://www.openstreetmap.org/?mlat=59.93158&amp;mlon=30.441789#map=17/59.93158/30.441789"');
    const [audited] = await s.db.select().from(auditLog).where(eq(auditLog.action, 'settings.save')).orderBy(desc(auditLog.id)).limit(1);
    expect(audited!.detail).toBe('mobile-units:stops.add');

    // What cannot be read is said next to the field, and everything typed stays.
    res = await fill(b, 'add-stops', { 'address.ru': 'Девяткино-2', 'address.en': 'Devyatkino 2', place: 'https://yandex.ru/maps/-/CDe7RU~z', days: [], from: '25:00', to: '19:00' });
    expect(res.status).toBe(422);
    expect(fieldErrors(b.html)).toEqual({
      'add-f-place': expect.stringMatching(/^это короткая ссылка/),
      'add-f-days': 'отметьте хотя бы один день',
    });
    expect(b.html).toContain('value="https://yandex.ru/maps/-/CDe7RU~z"');
    expect(b.html).toContain('value="Девяткино-2"');
    res = await fill(b, 'add-stops', { place: '59.95, 30.47', days: ['1'] });
    expect(fieldErrors(b.html)).toEqual({ 'add-f-from': 'нужно время вида 09:30' });
    expect(s.store.current.mobileUnits[0]!.stops).toHaveLength(3);

    // Editing a stop: its times as groups of days, one empty group to add another.
    await b.get('/console/settings/mobile-units/units/0/stops/0');
    expect(formOf(b.html, 'edit-stops').filter(([n]) => n.startsWith('times.')).map(([n, v]) => `${n}=${v}`)).toEqual(['times.0.days=1', 'times.0.days=3', 'times.0.days=5', 'times.0.from=11:00', 'times.0.to=14:00', 'times.1.from=', 'times.1.to=']);
    expect(b.html).toContain('value="59.9325, 30.4393"');
    res = await fill(b, 'edit-stops', { place: 'https://www.openstreetmap.org/?mlat=59.9330&mlon=30.4400#map=18/59.9330/30.4400', 'times.1.days': ['6'], 'times.1.from': '10:00', 'times.1.to': '12:00', 'times.0.days': ['1', '5'] });
    expect(await follow(b, res)).toBe('/console/settings/mobile-units/units/0?saved=1#stops-0');
    expect(s.store.current.mobileUnits[0]!.stops[0]).toMatchObject({
      id: 'ladozhskaya',
      latitude: 59.933,
      longitude: 30.44,
      windows: [
        { weekday: 1, from: '11:00', to: '14:00' },
        { weekday: 5, from: '11:00', to: '14:00' },
        { weekday: 6, from: '10:00', to: '12:00' },
      ],
    });
    await b.get('/console/settings/mobile-units/units/0/stops/0');
    res = await fill(b, 'edit-stops', { 'times.1.days': [], 'times.1.from': '10:00' });
    expect(fieldErrors(b.html)).toEqual({ 'edit-f-times-1-days': 'отметьте хотя бы один день' });
  });

  it('mobile units: one-off changes on their own page; a removed stop takes its changes; units added, renamed, removed', async () => {
    const s = await system();
    const b = await s.as('cora');
    await b.get('/console/settings/mobile-units/units/0/changes/new');
    let res = await fill(b, 'edit-changes', { date: '2026-12-31', stopId: 'devyatkino', status: 'cancelled', 'note.ru': 'Праздник', 'note.en': 'Holiday' });
    expect(await follow(b, res)).toBe('/console/settings/mobile-units/units/0?saved=added#changes-0');
    expect(s.store.current.mobileUnits[0]!.changes).toEqual([{ date: '2026-12-31', stopId: 'devyatkino', status: 'cancelled', note: { ru: 'Праздник', en: 'Holiday' } }]);
    expect(unescapeHtml(b.html)).toContain('2026-12-31 · м. Девяткино, у остановки автобусов');
    await b.get('/console/settings/mobile-units/units/0/changes/new');
    res = await fill(b, 'edit-changes', { date: '31.12.2026', stopId: 'ladozhskaya', status: 'moved', place: 'geo:59.94,30.45', from: '12:00', to: '13:00' });
    expect(res.status).toBe(422);
    expect(fieldErrors(b.html)).toEqual({ 'edit-f-date': 'нужна дата вида 2026-12-31' });
    res = await fill(b, 'edit-changes', { date: '2027-01-02', 'address.ru': 'Во дворе', 'address.en': 'In the yard' });
    await follow(b, res);
    expect(s.store.current.mobileUnits[0]!.changes[1]).toEqual({ date: '2027-01-02', stopId: 'ladozhskaya', status: 'moved', address: { ru: 'Во дворе', en: 'In the yard' }, latitude: 59.94, longitude: 30.45, from: '12:00', to: '13:00' });
    // Removing Devyatkino removes its cancellation too.
    await follow(b, await b.post('/console/settings/mobile-units/units/0/stops/1/remove', { _base: String(s.store.version) }));
    expect(s.store.current.mobileUnits[0]!.stops.map((x) => x.id)).toEqual(['ladozhskaya']);
    expect(s.store.current.mobileUnits[0]!.changes.map((c) => c.stopId)).toEqual(['ladozhskaya']);

    await b.get('/console/settings/mobile-units');
    res = await fill(b, 'add-units', { 'name.ru': 'Автобус 2', 'name.en': 'Bus 2' });
    expect(await follow(b, res)).toBe('/console/settings/mobile-units?saved=added#units-1');
    expect(s.store.current.mobileUnits[1]).toEqual({ id: 'bus-2', name: { ru: 'Автобус 2', en: 'Bus 2' }, stops: [], changes: [] });
    await b.get('/console/settings/mobile-units/units/1');
    res = await fill(b, 'edit-units', { 'name.ru': 'Машина' });
    expect(await follow(b, res)).toBe('/console/settings/mobile-units/units/1?saved=1');
    expect(s.store.current.mobileUnits[1]!.name.ru).toBe('Машина');
    res = await fill(b, 'edit-units', { 'name.en': '' });
    expect(fieldErrors(b.html)).toEqual({ 'unit-f-name-en': 'заполните поле' });
    await follow(b, await b.post('/console/settings/mobile-units/units/1/remove', { _base: String(s.store.version) }));
    expect(s.store.current.mobileUnits.map((u) => u.id)).toEqual(['bus-1']);
  });

  it('duty: a shift added for several days with a person chosen from the accounts; edited; one name and @username per account', async () => {
    const s = await system();
    const b = await s.as('cora');
    const olga = await s.staff('olga', 'Ольга');
    const pavel = await s.staff('pavel', 'Павел', 'specialist_medical');
    const gone = await s.staff('gone', 'Ушедший');
    await s.db.update(accounts).set({ disabledAt: new Date() }).where(eq(accounts.id, gone));
    await s.staff('rita', 'Рита', 'researcher');

    await b.get('/console/settings/duty');
    // One add form, not an empty "new person" block for each day.
    expect(b.html.match(/<form [^>]*id="add-shifts"/g)).toHaveLength(1);
    expect(b.html).not.toContain('name="duty.windows.');
    const options = [...(/<select id="add-f-who"[\s\S]*?<\/select>/.exec(b.html)?.[0] ?? '').matchAll(/<option value="([^"]*)"[^>]*>([^<]*)</g)].map((m) => `${m[1]}=${unescapeHtml(m[2]!)}`);
    // Active accounts that take shifts; not the disabled one, not the researcher.
    expect(options).toEqual(['=— пока никого —', expect.stringMatching(/^a\d+=Name cora \(cora\)$/), `a${olga}=Ольга (olga)`, `a${pavel}=Павел (pavel)`]);

    let res = await fill(b, 'add-shifts', { days: ['6', '7'], from: '22:00', to: '06:00', who: `a${olga}`, telegram: 'olga_outreach' });
    expect(await follow(b, res)).toBe('/console/settings/duty?saved=added#shifts-5');
    expect(flashOf(b.html)?.text).toBe('Добавлено. Новые настройки уже действуют.');
    expect(s.store.current.duty.windows.slice(5)).toEqual([6, 7].map((weekday) => ({ weekday, from: '22:00', to: '06:00', staff: [{ accountId: olga, name: 'Ольга', telegram: '@olga_outreach' }] })));
    expect(unescapeHtml(b.html)).toContain('суббота 22:00–06:00');
    expect(unescapeHtml(b.html)).toContain('Ольга (@olga_outreach)');

    // No day ticked; an account not offered (disabled) or not there: refused next to the fields.
    res = await fill(b, 'add-shifts', { days: [], from: '10:00', to: '12:00', who: `a${gone}` });
    expect(res.status).toBe(422);
    expect(fieldErrors(b.html)).toEqual({ 'add-f-days': 'отметьте хотя бы один день', 'add-f-who': 'выберите из списка' });
    expect(flashOf(b.html)).toEqual({ tone: 'error', text: 'Не сохранено: исправьте 2 поля.', href: '#add-shifts' });

    // Olga again on Monday without typing her @username: the one known is used.
    await b.get('/console/settings/duty/shifts/0');
    res = await fill(b, 'edit-shifts', { 'people.0.who': `a${olga}` });
    expect(await follow(b, res)).toBe('/console/settings/duty?saved=1#shifts-0');
    expect(s.store.current.duty.windows[0]!.staff).toEqual([{ accountId: olga, name: 'Ольга', telegram: '@olga_outreach' }]);
    // Pavel added beside her, and her @username changed on Monday: it changes on every shift.
    await b.get('/console/settings/duty/shifts/0');
    res = await fill(b, 'edit-shifts', { 'people.0.telegram': '@olga_new', 'people.1.who': `a${pavel}`, from: '09:00' });
    await follow(b, res);
    expect(s.store.current.duty.windows[0]).toEqual({ weekday: 1, from: '09:00', to: '22:00', staff: [{ accountId: olga, name: 'Ольга', telegram: '@olga_new' }, { accountId: pavel, name: 'Павел' }] });
    expect(s.store.current.duty.windows[5]!.staff).toEqual([{ accountId: olga, name: 'Ольга', telegram: '@olga_new' }]);
    // Taken off the shift.
    await b.get('/console/settings/duty/shifts/0');
    await follow(b, await fill(b, 'edit-shifts', { 'people.0.who': '' }));
    expect(s.store.current.duty.windows[0]!.staff).toEqual([{ accountId: pavel, name: 'Павел' }]);
    // A bad @username on the shift's page, next to its row.
    await b.get('/console/settings/duty/shifts/0');
    expect((await fill(b, 'edit-shifts', { 'people.0.telegram': '@a' })).status).toBe(422);
    expect(fieldErrors(b.html)).toEqual({ 'edit-f-people-0-telegram': 'нужно имя вида @username (5–32 латинских буквы, цифры или «_»)' });

    // The on-call person from the accounts, with a phone; holidays.
    await b.get('/console/settings/duty');
    res = await fill(b, 'settings-form', { 'duty.onCall.who': `a${pavel}`, 'duty.onCall.phone': '+7 900 000-00-00', 'duty.holidays': '2026-12-31\n2027-01-01' });
    expect(await follow(b, res)).toBe('/console/settings/duty?saved=1');
    expect(s.store.current.duty.onCall).toEqual({ accountId: pavel, name: 'Павел', phone: '+7 900 000-00-00' });
    expect(s.store.current.duty.holidays).toEqual(['2026-12-31', '2027-01-01']);
    res = await fill(b, 'settings-form', { 'duty.onCall.who': '', 'duty.onCall.telegram': '@someone', 'duty.holidays': '2026-12-31, 31.12.2026' });
    expect(res.status).toBe(422);
    expect(errorsOf(b.html)).toEqual(['Дежурства, На связи в экстренных случаях, Кто: выберите из списка', 'Дежурства, Выходные дни: значение 2: нужна дата вида 2026-12-31']);
    expect(fieldErrors(b.html)).toEqual({ 'duty-f-duty-onCall-who': 'выберите из списка', 'duty-f-duty-holidays': 'значение 2: нужна дата вида 2026-12-31' });
    // The account renamed: its name follows into the settings at the next save.
    await s.db.update(accounts).set({ displayName: 'Павел Петров' }).where(eq(accounts.id, pavel));
    await b.get('/console/settings/duty');
    await follow(b, await fill(b, 'settings-form', {}));
    expect(s.store.current.duty.onCall?.name).toBe('Павел Петров');
    expect(s.store.current.duty.windows[0]!.staff[0]!.name).toBe('Павел Петров');
  });

  it('duty: people written as names alone (older settings) are shown as not linked, with the account that looks like theirs, and linked by choosing it', async () => {
    const old: Settings = {
      ...DEFAULT_SETTINGS,
      duty: { windows: [{ weekday: 1, from: '10:00', to: '22:00', staff: [{ name: 'Анна', telegram: '@anna_outreach' }] }], onCall: { name: 'Борис', phone: '+7 900' }, holidays: [] },
    };
    const s = await system(old);
    const b = await s.as('cora');
    const anna = await s.staff('anna', 'Анна');
    await b.get('/console/settings');
    expect(unescapeHtml(b.html)).toContain('без учётной записи: 2');
    await b.get('/console/settings/duty');
    const page = unescapeHtml(b.html);
    expect(page).toContain('2 дежурных записаны только по имени, без учётной записи');
    expect(page).toContain('Анна (@anna_outreach) — без учётной записи');
    expect(formOf(b.html, 'settings-form')).toContainEqual(['duty.onCall.who', 'keep']);
    await b.get('/console/settings/duty/shifts/0');
    expect(unescapeHtml(b.html)).toContain('«Анна» записан(а) только по имени. Похоже, это учётная запись Анна (anna): выберите её в списке.');
    expect(formOf(b.html, 'edit-shifts')).toContainEqual(['people.0.who', 'keep']);
    // Saved as it is: kept as it is.
    await follow(b, await fill(b, 'edit-shifts', { from: '11:00' }));
    expect(s.store.current.duty.windows[0]!.staff).toEqual([{ name: 'Анна', telegram: '@anna_outreach' }]);
    await b.get('/console/settings/duty/shifts/0');
    await follow(b, await fill(b, 'edit-shifts', { 'people.0.who': `a${anna}` }));
    expect(s.store.current.duty.windows[0]!.staff).toEqual([{ accountId: anna, name: 'Анна', telegram: '@anna_outreach' }]);
    expect(s.store.current.duty.onCall).toEqual({ name: 'Борис', phone: '+7 900' });
  });

  it('directory and retention: saved, with their errors', async () => {
    const s = await system();
    const b = await s.as('cora');
    await b.get('/console/settings/directory');
    await follow(b, await fill(b, 'add-organisations', { kind: 'legal', 'name.ru': 'Юристы', 'name.en': 'Lawyers', contacts: '@legal_help' }));
    expect(s.store.current.externalOrganisations.map((o) => [o.slug, o.kind, o.address])).toEqual([
      ['aids-centre-spb', 'aids_centre', DEFAULT_SETTINGS.externalOrganisations[0]!.address],
      ['lawyers', 'legal', undefined],
    ]);
    await b.get('/console/settings/directory/organisations/1');
    expect((await fill(b, 'edit-organisations', { kind: '', 'hours.ru': 'пн–пт' })).status).toBe(422);
    expect(fieldErrors(b.html)).toEqual({ 'edit-f-kind': 'выберите из списка', 'edit-f-hours-en': 'заполните поле' });

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
    const version = s.store.version;
    expect((await submit(b, 'community')).headers.get('location')).toBe('/console/settings/community?saved=unchanged');
    expect(s.store.version).toBe(version);
    await submit(b, 'community', { 'community.joinRequestTimeoutMinutes': '2,5' });
    expect(s.store.current.community.joinRequestTimeoutMinutes).toBe(150);
  });

  it('community chat: empty rules mean the bot’s default; one language alone is refused; bad values are named next to their field', async () => {
    const s = await system();
    const b = await s.as('cora');
    await submit(b, 'community', { 'community.rules.ru': 'Свои правила', 'community.rules.en': 'Own rules' });
    expect(s.store.current.community.rules).toEqual({ ru: 'Свои правила', en: 'Own rules' });
    expect((await submit(b, 'community', { 'community.rules.ru': '  ', 'community.rules.en': '' })).status).toBe(303);
    expect(s.store.current.community.rules).toBeUndefined();
    const res = await submit(b, 'community', { 'community.rules.ru': 'Только по-русски' });
    expect(res.status).toBe(422);
    expect(errorsOf(b.html)).toEqual(['Чат сообщества, Правила чата (англ.): заполните поле']);
    expect(invalid(b.html)).toEqual(['community.rules.en']);
    expect(b.html).toContain('>Только по-русски</textarea>');

    const typed = {
      'community.peerInvitesPerMonth': '101',
      'community.joinRequestTimeoutMinutes': '169',
      'community.welcomeDeleteMinutes': '',
      'community.unansweredQuestionMinutes': 'полчаса',
      'community.muteLadderMinutes': '60, 0, 1.5, 600000',
      'community.rules.ru': 'П'.repeat(3001),
      'community.rules.en': 'Rules',
    };
    expect((await submit(b, 'community', typed)).status).toBe(422);
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
    // The ladder's several problems all sit beside its one box.
    expect(fieldErrors(b.html)['f-community-muteLadderMinutes']).toBe('значение 2: не меньше 1');
    const shown = settingsFormFields(b.html);
    for (const [name, value] of Object.entries(typed)) expect(shown[name]).toBe(value);
    for (const bad of ['0:00', '1.33', 'сутки', '']) {
      expect((await submit(b, 'community', { 'community.joinRequestTimeoutMinutes': bad })).status).toBe(422);
      expect(invalid(b.html)).toEqual(['community.joinRequestTimeoutMinutes']);
    }
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
    const fields = settingsFormFields(b.html);
    delete fields['channel.weeklySchedule.enabled'];
    delete fields['channel.stopChanges'];
    const res = await b.post('/console/settings/channel', { ...fields, 'channel.weeklySchedule.weekday': '5', 'channel.weeklySchedule.at': '18:30' });
    expect(res.headers.get('location')).toBe('/console/settings/channel?saved=1');
    expect(s.store.current.channel).toEqual({ weeklySchedule: { enabled: false, weekday: 5, at: '18:30' }, stopChanges: false });
    expect((await submit(b, 'channel')).headers.get('location')).toBe('/console/settings/channel?saved=unchanged');
    await submit(b, 'channel', { 'channel.weeklySchedule.enabled': 'yes', 'channel.stopChanges': 'yes', 'channel.weeklySchedule.weekday': '7' });
    expect(s.store.current.channel).toEqual({ weeklySchedule: { enabled: true, weekday: 7, at: '18:30' }, stopChanges: true });
    const version = s.store.version;
    expect((await submit(b, 'channel', { 'channel.weeklySchedule.weekday': '', 'channel.weeklySchedule.at': '25:00', 'channel.stopChanges': '' })).status).toBe(422);
    expect(errorsOf(b.html)).toEqual(['Канал, Еженедельный пост с остановками, День недели: выберите из списка', 'Канал, Еженедельный пост с остановками, Время: нужно время вида 09:30']);
    expect(invalid(b.html).sort()).toEqual(['channel.weeklySchedule.at', 'channel.weeklySchedule.weekday']);
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
    expect([...b.html.matchAll(/data-version="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([3, 2, 1]);
    expect(b.html).toContain('из файла organisation.json');
    expect(b.html).toContain('Name cora');
    expect(b.html).toContain('действует');
    const res = await b.post('/console/settings/history/2/restore');
    expect(res.headers.get('location')).toBe('/console/settings/history?saved=1');
    await b.get('/console/settings/history?saved=1');
    expect(flashOf(b.html)?.tone).toBe('ok');
    expect(s.store.current.retention.messageTextDays).toBe(10);
    expect(s.store.version).toBe(4);
    const audits = await s.db.select().from(auditLog).where(and(eq(auditLog.action, 'settings.save'), eq(auditLog.detail, 'restore:2')));
    expect(audits).toHaveLength(1);
    expect((await b.post('/console/settings/history/999/restore')).status).toBe(404);
  });
});

describe('settings forms (pure)', () => {
  const people: AccountChoice[] = [
    { id: 1, name: 'Анна Иванова', login: 'anna', offered: true, linked: true },
    { id: 2, name: 'Борис', login: 'boris', offered: true, linked: false },
    { id: 3, name: 'Ушедшая', login: 'gone', offered: false, linked: false },
  ];

  it('reads only the section’s own fields', () => {
    const body = { 'retention.messageTextDays': '5', 'name.ru': 'другой раздел', 'retention.x-y': 'junk', _csrf: 't' };
    expect(readForm('retention', body)).toEqual({ retention: { messageTextDays: '5' } });
  });

  it('shows the join-request time-out in hours and reads it back to exactly the same minutes', () => {
    for (let m = 1; m <= 7 * 24 * 60; m++) expect(minutesOf(hoursOf(m))).toBe(m);
    expect([1, 59, 60, 90, 1440, 1441, 10080].map(hoursOf)).toEqual(['0:01', '0:59', '1', '1:30', '24', '24:01', '168']);
    expect(['24', ' 1:30 ', '1,5', '1.25', '.5', '0.05', '168'].map(minutesOf)).toEqual([1440, 90, 90, 75, 30, 3, 10080]);
    for (const bad of ['', '1.33', '0.01', '1:60', '1:5', '-1', 'сутки', '1e3', '24ч']) expect(minutesOf(bad)).toBeNaN();
  });

  it('raises the taxonomy version only when codes or their kind change', () => {
    const base = { version: 2, needs: [{ code: 'aa', theme: 'online' as const, label: { ru: 'а', en: 'a' } }], services: [{ code: 'bb', offline: false, label: { ru: 'б', en: 'b' } }] };
    const { version: _v, ...same } = base;
    expect(nextTaxonomy(base, same, 2)).toBe('unchanged');
    expect(nextTaxonomy(base, { ...same, needs: [{ ...same.needs[0]!, label: { ru: 'А', en: 'A' } }] }, 5)).toMatchObject({ version: 2 });
    expect(nextTaxonomy(base, { ...same, needs: [{ ...same.needs[0]!, theme: 'online_offline' }] }, 5)).toMatchObject({ version: 6 });
    expect(nextTaxonomy(base, { ...same, services: [{ ...same.services[0]!, code: 'cc' }] }, 1)).toMatchObject({ version: 3 });
  });

  it('makes ids from labels, unique in their list', () => {
    expect(freshId('Ladozhskaya metro, mall exit', 'stop', [])).toBe('ladozhskaya-metro-mall-exit');
    expect(freshId('Bus 1', 'unit', ['bus-1', 'bus-1-2'])).toBe('bus-1-3');
    expect(freshId('Станция', 'stop', ['stop'])).toBe('stop-2');
    expect(freshId('Naloxone kits!', '', [], '_')).toBe('naloxone_kits');
  });

  it('keeps weekly times as groups of days with one time', () => {
    expect(timeGroups([1, 3, 5].map((weekday) => ({ weekday, from: '11:00', to: '14:00' })).concat([{ weekday: 6, from: '10:00', to: '12:00' }, { weekday: 3, from: '11:00', to: '14:00' }]))).toEqual([
      { days: [1, 3, 5], from: '11:00', to: '14:00' },
      { days: [6], from: '10:00', to: '12:00' },
    ]);
  });

  it('duty people: chosen from offered accounts, kept as written, one name and @username per account', () => {
    expect(telegramOf('anna_x')).toBe('@anna_x');
    expect(telegramOf(' https://t.me/anna_x ')).toBe('@anna_x');
    expect(telegramOf('')).toBeUndefined();
    expect(personFrom('a1', { telegram: 'anna_x' }, undefined, people)).toEqual({ accountId: 1, name: 'Анна Иванова', telegram: '@anna_x' });
    expect(personFrom('keep', { telegram: '' }, { name: 'Старое имя' }, people)).toEqual({ name: 'Старое имя' });
    expect(personFrom('a3', { telegram: '' }, undefined, people).accountId).toBeNaN();
    expect(personFrom('a3', { telegram: '' }, { accountId: 3, name: 'Ушедшая' }, people)).toEqual({ accountId: 3, name: 'Ушедшая' });
    expect(personFrom('a99', { telegram: '' }, undefined, people).accountId).toBeNaN();
    expect(personFrom('', { telegram: '@x_yz1' }, undefined, people).accountId).toBeNaN();

    const duty: Settings['duty'] = {
      windows: [
        { weekday: 1, from: '10:00', to: '22:00', staff: [{ accountId: 1, name: 'Анна', telegram: '@anna_old' }] },
        { weekday: 2, from: '10:00', to: '22:00', staff: [{ accountId: 1, name: 'Анна' }, { name: 'Без учётной' }] },
      ],
      onCall: { accountId: 2, name: 'Боря', phone: '+7' },
      holidays: [],
    };
    expect(syncPeople(duty, people).windows[1]!.staff).toEqual([{ accountId: 1, name: 'Анна Иванова', telegram: '@anna_old' }, { name: 'Без учётной' }]);
    const renamed = syncPeople(duty, people, new Map([[1, '@anna_new']]));
    expect(renamed.windows.map((w) => w.staff[0]!.telegram)).toEqual(['@anna_new', '@anna_new']);
    expect(renamed.onCall).toEqual({ accountId: 2, name: 'Борис', phone: '+7' });
    expect(syncPeople(duty, people, new Map([[1, undefined]])).windows[0]!.staff[0]).toEqual({ accountId: 1, name: 'Анна Иванова' });

    // A row that showed Anna (@anna_old): another account chosen there does not inherit her @username; Anna, or a name linked, keeps it.
    expect(personInRow('a2', '@anna_old', { accountId: 1, name: 'Анна', telegram: '@anna_old' }, people)).toEqual({ person: { accountId: 2, name: 'Борис' }, telegramTyped: false });
    expect(personInRow('a2', '@boris_b', { accountId: 1, name: 'Анна', telegram: '@anna_old' }, people)).toEqual({ person: { accountId: 2, name: 'Борис', telegram: '@boris_b' }, telegramTyped: true });
    expect(personInRow('a1', '', { accountId: 1, name: 'Анна', telegram: '@anna_old' }, people)).toEqual({ person: { accountId: 1, name: 'Анна Иванова' }, telegramTyped: true });
    expect(personInRow('a1', '@anna_old', { name: 'Анна', telegram: '@anna_old' }, people)).toEqual({ person: { accountId: 1, name: 'Анна Иванова', telegram: '@anna_old' }, telegramTyped: true });

    expect(suggestAccount({ name: 'анна  иванова' }, people)?.id).toBe(1);
    expect(suggestAccount({ name: 'Кто-то', telegram: '@Boris' }, people)?.id).toBe(2);
    expect(suggestAccount({ name: 'Ушедшая' }, people)).toBeUndefined();
    expect(suggestAccount({ accountId: 1, name: 'Анна Иванова' }, people)).toBeUndefined();
  });

  it('changes lists: a need turned off is not a new version; a removed stop takes its changes', () => {
    const ctx = { accounts: people, highestTaxonomyVersion: 1 };
    const need = DEFAULT_TAXONOMY.needs[0]!;
    const off = applyOp(DEFAULT_SETTINGS, { key: 'needs' }, { kind: 'edit', index: 0, item: need }, { ...ctx, offered: false }) as Settings;
    expect(off.needsOff).toEqual(['pandemic_information', 'minor_injection_complications']);
    expect(off.taxonomy).toBeUndefined();
    const on = applyOp(off, { key: 'needs' }, { kind: 'edit', index: 3, item: DEFAULT_TAXONOMY.needs[3] }, { ...ctx, offered: true }) as Settings;
    expect(on.needsOff).toEqual(['minor_injection_complications']);
    const withChange = { ...DEFAULT_SETTINGS, mobileUnits: [{ ...DEFAULT_SETTINGS.mobileUnits[0]!, changes: [{ date: '2026-12-31', stopId: 'devyatkino', status: 'cancelled' as const }] }] };
    const gone = applyOp(withChange, { key: 'stops', unit: 0 }, { kind: 'remove', index: 1 }, ctx) as Settings;
    expect(gone.mobileUnits[0]!.changes).toEqual([]);
    expect(applyOp(DEFAULT_SETTINGS, { key: 'stops', unit: 4 }, { kind: 'remove', index: 0 }, ctx)).toBeUndefined();
    expect(applyOp(DEFAULT_SETTINGS, { key: 'replies' }, { kind: 'remove', index: 7 }, ctx)).toBeUndefined();
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
    await b.get('/console/settings/mobile-units/units/0/stops/0');
    expect((await fill(b, 'edit-stops', { 'address.ru': 'м. Новочеркасская, у входа' })).headers.get('location')).toBe('/console/settings/mobile-units/units/0?saved=1#stops-0');
    await b.get('/console/settings/directory');
    expect((await fill(b, 'add-organisations', { kind: 'legal', 'name.ru': 'Юристы', 'name.en': 'Lawyers' })).headers.get('location')).toBe('/console/settings/directory?saved=added#organisations-1');

    s.emu.userSends(client.id, client.id, { text: '/overdose' });
    await s.settle();
    const reply = botSaid().at(-3)!.text!;
    expect(reply).toMatch(/911/);
    expect(reply).not.toMatch(/103/);
    s.emu.userSends(client.id, client.id, { text: '/schedule' });
    await s.settle();
    expect(botSaid().some((m) => m.text?.includes('Новочеркасская'))).toBe(true);
    const directory = await s.app.database.db.select().from(externalOrganisations);
    expect(directory.map((o) => o.slug).sort()).toEqual(['aids-centre-spb', 'lawyers']);

    // /ext in the case topic offers the directory as saved; a removed entry is offered no more.
    const worker = s.workers[0]!;
    const thread = s.emu.topics(s.staffChatId)[0]!.message_thread_id;
    const offered = async () => {
      s.emu.userSends(worker.id, s.staffChatId, { text: '/ext' }, { message_thread_id: thread });
      await s.settle();
      return (s.topicMessages(thread).at(-1)!.reply_markup?.inline_keyboard ?? []).flat().map((k) => k.text);
    };
    expect(await offered()).toEqual(expect.arrayContaining(['Юристы', expect.stringMatching(/Центр СПИД/)]));
    await b.get('/console/settings/directory');
    await b.post('/console/settings/directory/organisations/0/remove', { _base: formOf(b.html, 'add-organisations').find(([n]) => n === '_base')![1] });
    expect(await offered()).toEqual(['Юристы']);
    expect(s.logs.join('')).not.toContain('Новочеркасская');
  });
});
