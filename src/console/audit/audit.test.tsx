import { and, asc, eq, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { useFreshDatabases } from '../../../test/support/database.ts';
import { accounts, auditLog, cases, clients } from '../../db/schema/index.ts';
import { createLogger } from '../../log.ts';
import { DEFAULT_SETTINGS } from '../../organisation/settings.ts';
import { createConsoleApp } from '../app.tsx';
import { audit, ROLES, walkPolicy, type Role } from '../policy.ts';
import { signedIn, testClock, testVault, TestBrowser } from '../testing.ts';
import { twoCases, useCaseSystems } from '../cases/test-system.ts';
import { auditCsvRow, csvCell, csvLine, localStamp } from './csv.ts';
import { allAudit, listAudit, parseAuditFilters, periodOf } from './data.ts';
import { filtersInWords } from './views.tsx';
import { auditActionLabel, auditDetailText } from './words.ts';
import { VIEW_WINDOW_MS } from './write.ts';

const testDatabase = useFreshDatabases();
const caseSystem = useCaseSystems();

/** The console over a fresh database; the organisation's zone is Tokyo (UTC+9, no summer time) so times show converted. */
async function system() {
  const d = await testDatabase();
  const clock = testClock();
  const log = createLogger(process.stderr, process.env.AUDIT_DEBUG ? 'debug' : 'silent');
  const settings = { ...DEFAULT_SETTINGS, timeZone: 'Asia/Tokyo' };
  const app = new Hono().route('/console', createConsoleApp({ db: d.db, vault: testVault, log, now: clock.now, bot: () => ({ settings }) as never }));
  const as = (login: string, role: Role) => signedIn(app, d.db, clock, login, role);
  return { db: d.db, clock, app, as };
}

async function aCase(db: Awaited<ReturnType<typeof system>>['db'], tg = 'c1') {
  const [client] = await db.insert(clients).values({ tgHash: tg, chatSealed: 'x', pseudonym: `P${tg}` }).returning();
  const [kase] = await db.insert(cases).values({ clientId: client!.id }).returning();
  return kase!;
}

const rowsOf = async (db: Awaited<ReturnType<typeof system>>['db'], action?: string) =>
  (await db.select().from(auditLog).where(action ? eq(auditLog.action, action) : undefined).orderBy(asc(auditLog.id))).map((r) => ({ accountId: r.accountId, action: r.action, caseId: r.caseId, detail: r.detail, at: r.at.toISOString() }));

describe('audit: one view per account, case and 10 minutes', () => {
  it('writes six views in two minutes once, a view 11 minutes later again, and another account its own', async () => {
    const { db, as, clock } = await system();
    const { account: anna } = await as('anna', 'worker');
    const { account: vera } = await as('vera', 'worker');
    const kase = await aCase(db);
    const other = await aCase(db, 'c2');
    const start = clock.now();
    for (let i = 0; i < 6; i++) {
      // The page, then its live refresh every 20 seconds: the same view.
      await audit(db, anna.id, 'transcript.view', kase.id, i === 0 ? undefined : 'live', clock.now());
      clock.advance(20_000);
    }
    expect(await rowsOf(db, 'transcript.view')).toEqual([{ accountId: anna.id, action: 'transcript.view', caseId: kase.id, detail: null, at: start.toISOString() }]);

    // 11 minutes after the first: a new entry (the window runs from the last one written).
    const later = new Date(start.getTime() + 11 * 60_000);
    await audit(db, anna.id, 'transcript.view', kase.id, 'live', later);
    // Another account, and the same account on another case: their own entries.
    await audit(db, vera.id, 'transcript.view', kase.id, undefined, later);
    await audit(db, anna.id, 'transcript.view', other.id, undefined, later);
    // Just inside the window of the 11-minute entry: nothing.
    await audit(db, anna.id, 'transcript.view', kase.id, undefined, new Date(later.getTime() + VIEW_WINDOW_MS - 1000));
    expect((await rowsOf(db, 'transcript.view')).map((r) => [r.accountId, r.caseId, r.detail, r.at])).toEqual([
      [anna.id, kase.id, null, start.toISOString()],
      [anna.id, kase.id, 'live', later.toISOString()],
      [vera.id, kase.id, null, later.toISOString()],
      [anna.id, other.id, null, later.toISOString()],
    ]);
  });

  it('writes each file of a transcript once per window, a case view on its own, and everything else every time', async () => {
    const { db, as, clock } = await system();
    const { account: anna } = await as('anna', 'worker');
    const kase = await aCase(db);
    for (let i = 0; i < 3; i++) {
      await audit(db, anna.id, 'transcript.media', kase.id, '101', clock.now());
      await audit(db, anna.id, 'transcript.media', kase.id, '102', clock.now());
      await audit(db, anna.id, 'case.view', kase.id, undefined, clock.now());
      await audit(db, anna.id, 'case.note', kase.id, undefined, clock.now());
      clock.advance(30_000);
    }
    const rows = await rowsOf(db);
    expect(rows.filter((r) => r.action === 'transcript.media').map((r) => r.detail)).toEqual(['101', '102']);
    expect(rows.filter((r) => r.action === 'case.view')).toHaveLength(1);
    expect(rows.filter((r) => r.action === 'case.note')).toHaveLength(3);
    // No account or no case: nothing to be the same as, written every time.
    await audit(db, null, 'transcript.view', undefined, 'test');
    await audit(db, null, 'transcript.view', undefined, 'test');
    await audit(db, anna.id, 'transcript.view', undefined, undefined, clock.now());
    await audit(db, anna.id, 'transcript.view', undefined, undefined, clock.now());
    expect(await rowsOf(db, 'transcript.view')).toHaveLength(4);
  });

  it("uses the database's clock when the caller gives none", async () => {
    const { db, as } = await system();
    const { account: anna } = await as('anna', 'worker');
    const kase = await aCase(db);
    for (let i = 0; i < 4; i++) await audit(db, anna.id, 'transcript.view', kase.id);
    expect(await rowsOf(db, 'transcript.view')).toHaveLength(1);
    // An entry from 11 minutes ago does not hold a new one back.
    await db.update(auditLog).set({ at: sql`now() - interval '11 minutes'` });
    await audit(db, anna.id, 'transcript.view', kase.id, 'live');
    expect(await rowsOf(db, 'transcript.view')).toHaveLength(2);
  });

  it('keeps the case page and its live refresh to one entry through the routes', async () => {
    const s = await caseSystem();
    const { first } = await twoCases(s);
    const id = first.kase.id;
    const { browser: b, account } = await s.as('anna', 'worker');
    expect((await b.get(`/console/cases/${id}`)).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await b.get(`/console/cases/${id}?part=transcript`)).status).toBe(200);
    await b.get(`/console/cases/${id}`);
    const rows = await s.db.select().from(auditLog).where(eq(auditLog.caseId, id));
    expect(rows.map((r) => [r.accountId, r.action])).toEqual([[account.id, 'transcript.view']]);
  });
});

describe('audit: CSV', () => {
  it('neutralises formulas and quotes what needs quoting', () => {
    expect(['=SUM(A1:A9)', '+1', '-2', '@cmd', '\t=x', 'plain', '12', ''].map(csvCell)).toEqual(["'=SUM(A1:A9)", "'+1", "'-2", "'@cmd", "'\t=x", 'plain', '12', '']);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell(null)).toBe('');
    expect(csvLine(['a', 1, null])).toBe('a,1,\r\n');
  });

  it('writes an entry with local and UTC time, names, the role and action in words, and the code', () => {
    const at = new Date('2026-03-02T10:00:00.000Z');
    expect(localStamp('Asia/Tokyo', at)).toBe('2026-03-02 19:00:00');
    const row = auditCsvRow('ru', 'Asia/Tokyo', { id: 1, at, accountId: 3, accountName: '=cmd|calc', login: 'vera', role: 'worker', action: 'transcript.view', caseId: 12, detail: 'live' });
    expect(row).toBe("2026-03-02 19:00:00,2026-03-02T10:00:00.000Z,vera,'=cmd|calc,аутрич-работник,Просмотр переписки,transcript.view,12,обновление открытой страницы\r\n");
    const failed = auditCsvRow('en', 'UTC', { id: 2, at, accountId: null, accountName: null, login: null, role: null, action: 'login.failed', caseId: null, detail: '-password; unknown login a1b2' });
    expect(failed).toBe("2026-03-02 10:00:00,2026-03-02T10:00:00.000Z,,no account,,Failed sign-in,login.failed,,'-password; unknown login a1b2\r\n");
  });

  it('reads the whole filtered log in batches, newest first, none missed or repeated (to the microsecond)', async () => {
    const { db, as } = await system();
    const { account: anna } = await as('anna', 'worker');
    // Entries a microsecond apart (a Date keeps only milliseconds), the same instant, the database's now.
    for (const us of ['123456', '123400', '123000', '123999']) await db.execute(sql`insert into audit_log (account_id, action, at) values (${anna.id}, 'test.a', ${`2026-03-02 10:00:00.${us}+00`}::timestamptz)`);
    await db.insert(auditLog).values(Array.from({ length: 9 }, (_, i) => ({ accountId: anna.id, action: 'test.a', detail: `same ${i}`, at: new Date('2026-03-01T00:00:00Z') })));
    await db.insert(auditLog).values(Array.from({ length: 5 }, () => ({ accountId: anna.id, action: 'test.b' })));
    const f = parseAuditFilters(() => undefined);
    const expected = (await listAudit(db, f, 'UTC', 1000)).entries.map((e) => e.id);
    expect(expected.length).toBeGreaterThanOrEqual(18);
    for (const batch of [1, 3, 7, 1000]) {
      const got: number[] = [];
      for await (const entries of allAudit(db, f, 'UTC', batch)) got.push(...entries.map((e) => e.id));
      expect(got, `batch ${batch}`).toEqual(expected);
    }
    const onlyA: number[] = [];
    for await (const entries of allAudit(db, parseAuditFilters((n) => (n === 'action' ? 'test.a' : undefined)), 'UTC', 2)) onlyA.push(...entries.map((e) => e.id));
    expect(onlyA).toHaveLength(13);
  });
});

describe('audit: filters', () => {
  it('reads the query: a case as #12, a period in the right order, nonsense ignored', () => {
    const q = (o: Record<string, string>) => parseAuditFilters((n) => o[n]);
    expect(q({ case: '#12', from: '2026-03-05', to: '2026-03-01', account: '3', action: ' login ' })).toEqual({ accountId: 3, action: 'login', caseId: 12, from: '2026-03-01', to: '2026-03-05', page: 1 });
    expect(q({ case: 'abc', from: '2026-02-30', to: 'yesterday', account: '-1', page: 'x' })).toEqual({ accountId: undefined, action: undefined, caseId: undefined, from: undefined, to: undefined, page: 1 });
    // Days in the organisation's zone: Tokyo's 2 March is 1 March 15:00 UTC to 2 March 15:00 UTC.
    expect(periodOf({ from: '2026-03-02', to: '2026-03-02' }, 'Asia/Tokyo')).toEqual({ start: new Date('2026-03-01T15:00:00Z'), end: new Date('2026-03-02T15:00:00Z') });
    const people = [{ id: 3, displayName: 'Вера', login: 'vera' }];
    expect(filtersInWords('ru', q({}), people)).toBe('все записи');
    expect(filtersInWords('ru', q({ account: '3', action: 'transcript.view', case: '7', from: '2026-03-01', to: '2026-03-02' }), people)).toBe('Вера · Просмотр переписки · обращение #7 · 01.03.2026 – 02.03.2026');
    expect(filtersInWords('en', q({ from: '2026-03-01' }), people)).toBe('from 01/03/2026');
  });

  it('puts known actions in words in both languages, unknown ones as written', () => {
    expect(auditActionLabel('ru', 'login.failed')).toBe('Неудачный вход');
    expect(auditActionLabel('en', 'login.failed')).toBe('Failed sign-in');
    expect(auditActionLabel('ru', 'login.throttled')).toBe('Вход задержан');
    expect(auditActionLabel('en', 'login.throttled')).toBe('Sign-in held back');
    expect(auditActionLabel('ru', 'audit.download')).toBe('Скачан журнал доступа (CSV)');
    expect(auditActionLabel('ru', 'something.new')).toBe('something.new');
    expect(auditActionLabel('en', 'Weird <action>')).toBe('Weird <action>');
  });

  it("puts a sign-in's detail in words when every part of it is known, else shows it as written", () => {
    expect(auditDetailText('ru', 'login.failed', 'password')).toBe('неверный пароль');
    expect(auditDetailText('en', 'login.failed', 'recovery-code, unknown login 3f9a')).toBe('wrong recovery code, unknown login 3f9a');
    expect(auditDetailText('ru', 'login.throttled', 'code, pair')).toBe('при вводе кода, задержан этот логин с этого адреса');
    expect(auditDetailText('en', 'login.throttled', 'password; address; unknown login 77aa')).toBe('at the password, the whole address held back, unknown login 77aa');
    expect(auditDetailText('ru', 'login.throttled', 'password, pair until 2026-03-02T10:15:00.000Z')).toBe('password, pair until 2026-03-02T10:15:00.000Z');
    expect(auditDetailText('ru', 'login.failed', 'password, something new')).toBe('password, something new');
    expect(auditDetailText('ru', 'transcript.view', 'live')).toBe('обновление открытой страницы');
    expect(auditDetailText('en', 'transcript.media', '42')).toBe('message 42');
    expect(auditDetailText('ru', 'account.role', 'vera: worker → coordinator')).toBe('vera: worker → coordinator');
  });
});

describe('console: the audit log page', () => {
  it('shows entries newest first as a table: time, who and role, action in words, case link, detail; filters and pages', async () => {
    const s = await system();
    const { browser: admin, account: me } = await s.as('boss', 'admin');
    const { account: vera } = await s.as('vera', 'worker');
    const kase = await aCase(s.db);
    await s.db.insert(auditLog).values({ accountId: vera.id, action: 'transcript.view', caseId: kase.id, at: new Date('2026-03-02T10:00:00Z') });
    await s.db.insert(auditLog).values({ accountId: null, action: 'login.failed', detail: 'password; unknown login 3f9a', at: new Date('2026-03-01T10:00:00Z') });
    for (let i = 0; i < 230; i++) await audit(s.db, me.id, 'test.bulk', undefined, `n${i}`);

    expect((await admin.get('/console/audit')).status).toBe(200);
    const ids = (html: string) => [...html.matchAll(/data-audit="(\d+)"/g)].map((m) => Number(m[1]));
    const actions = (html: string) => new Set([...html.matchAll(/<td class="act[^"]*">([^<]+)</g)].map((m) => m[1]));
    const first = ids(admin.html);
    expect(first).toHaveLength(100);
    expect(first).toEqual([...first].sort((a, b) => b - a));
    expect(admin.html).toContain('<table class="audit" id="audit-entries">');
    expect(admin.html).toContain('n229');
    expect(admin.html).toContain('test.bulk'); // no words for it: shown as written
    expect(admin.html).toContain('rel="next"');
    expect(admin.html).toContain('<details id="audit-filters">');
    expect(admin.html).toContain('все записи');
    await admin.get('/console/audit?page=2');
    const second = ids(admin.html);
    expect(second).toHaveLength(100);
    expect(Math.max(...second)).toBeLessThan(Math.min(...first));
    await admin.get('/console/audit?page=3&action=test.bulk');
    expect(ids(admin.html)).toHaveLength(30);
    expect(admin.html).not.toContain('rel="next"');
    expect(admin.html).toContain('href="/console/audit?action=test.bulk&amp;page=2"');
    expect(admin.html).toContain('href="/console/audit?action=test.bulk&amp;format=csv"');

    await admin.get(`/console/audit?case=${kase.id}`);
    expect(ids(admin.html)).toHaveLength(1);
    expect(actions(admin.html)).toEqual(new Set(['Просмотр переписки']));
    expect(admin.html).toContain(`href="/console/cases/${kase.id}"`);
    expect(admin.html).toContain('Name vera<span class="role"> · аутрич-работник</span>');
    expect(admin.html).toContain('02.03.2026, 19:00');
    expect(admin.html).toMatch(/id="audit-case"[^>]*value="\d+"/);
    expect(admin.html).toContain(`обращение #${kase.id}`);

    await admin.get(`/console/audit?account=${vera.id}`);
    expect(actions(admin.html)).toEqual(new Set(['Просмотр переписки', 'Вход в консоль']));
    await admin.get(`/console/audit?account=${vera.id}&action=login`);
    expect(ids(admin.html)).toHaveLength(1);

    // A failed sign-in by an unknown login: no account, in words, marked.
    await admin.get('/console/audit?action=login.failed');
    expect(admin.html).toContain('<td class="act alert">Неудачный вход</td>');
    expect(admin.html).toContain('без учётной записи');
    expect(admin.html).toContain('неверный пароль, неизвестный логин 3f9a');

    // The period, in the organisation's days (Tokyo): 2 March holds vera's view (19:00 local), not 1 March's failure.
    await admin.get('/console/audit?from=2026-03-02&to=2026-03-02&action=transcript.view');
    expect(ids(admin.html)).toHaveLength(1);
    expect(admin.html).toMatch(/id="audit-from"[^>]*value="2026-03-02"/);
    await admin.get('/console/audit?to=2026-03-01');
    expect(actions(admin.html)).toEqual(new Set(['Неудачный вход']));

    // Nonsense in the query is ignored rather than failing.
    const nonsense = await admin.get('/console/audit?case=99999999999&account=abc&page=-1&from=x');
    expect([nonsense.status, nonsense.headers.get('location')]).toEqual([303, '/console/audit']);
    // What the form sends (every field, empty ones too, a case as shown) goes to the short address.
    const form = await admin.get(`/console/audit?account=&action=transcript.view&case=%23${kase.id}&from=&to=`);
    expect([form.status, form.headers.get('location')]).toEqual([303, `/console/audit?action=transcript.view&case=${kase.id}`]);
    await admin.get('/console/audit');
    expect(ids(admin.html)).toHaveLength(100);
    await admin.get('/console/audit?action=nothing.like.this');
    expect(admin.html).toContain('Записей с такими фильтрами нет.');
    for (const [, id] of admin.html.matchAll(/<(?:input|select|textarea) id="([^"]+)"/g)) expect(admin.html).toContain(`for="${id}"`);
  });

  it('downloads the filtered log as CSV (every page), audits the download, and refuses it to everyone without audit.view', async () => {
    const s = await system();
    const { browser: admin, account: me } = await s.as('boss', 'admin');
    const { account: vera } = await s.as('vera', 'worker');
    await s.db.update(accounts).set({ displayName: '=HYPERLINK("http://evil","x")' }).where(eq(accounts.id, vera.id));
    const kase = await aCase(s.db);
    await s.db.insert(auditLog).values({ accountId: vera.id, action: 'transcript.view', caseId: kase.id, detail: 'live', at: new Date('2026-03-02T10:00:00Z') });
    for (let i = 0; i < 150; i++) await audit(s.db, me.id, 'test.bulk', undefined, i === 0 ? '@SUM(1)' : `n${i}`);

    const res = await admin.get(`/console/audit?format=csv&account=${vera.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="netreach-audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the byte-order mark
    const text = bytes.subarray(3).toString('utf8');
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('Время (Asia/Tokyo),Время (UTC),Логин,Имя,Роль,Действие,Код действия,Обращение,Подробности');
    expect(lines).toContain(`2026-03-02 19:00:00,2026-03-02T10:00:00.000Z,vera,"'=HYPERLINK(""http://evil"",""x"")",аутрич-работник,Просмотр переписки,transcript.view,${kase.id},обновление открытой страницы`);
    expect(lines.filter((l) => l.includes(',login,'))).toHaveLength(1);
    expect(lines.at(-1)).toBe('');

    // All 150 of one action, not the page's 100; the formula in a detail neutralised.
    const bulk = (await (await admin.get('/console/audit?format=csv&action=test.bulk')).text()).split('\r\n').filter((l) => l.includes('test.bulk'));
    expect(bulk).toHaveLength(150);
    expect(bulk.at(-1)).toMatch(/,'@SUM\(1\)$/);
    // No row starts a cell with a formula character.
    for (const line of text.split('\r\n')) for (const cell of line.split(',')) expect(cell).not.toMatch(/^"?[=+\-@]/);

    // The form's own button asks for the same.
    await admin.get('/console/audit');
    expect(admin.html).toMatch(/<button type="submit" class="secondary" name="format" value="csv">/);

    const downloads = await s.db.select().from(auditLog).where(and(eq(auditLog.action, 'audit.download'), eq(auditLog.accountId, me.id))).orderBy(asc(auditLog.id));
    expect(downloads.map((r) => r.detail)).toEqual([`account=${vera.id}`, 'action=test.bulk']);

    const before = (await s.db.select().from(auditLog).where(eq(auditLog.action, 'audit.download'))).length;
    const browsers = new Map<Role, TestBrowser>();
    for (const role of ROLES) browsers.set(role, (await s.as(`r-${role.replace(/_/g, '-')}`, role)).browser);
    const mismatches = await walkPolicy(async (role) => {
      const got = await browsers.get(role)!.get('/console/audit?format=csv');
      const body = await got.text();
      if (got.status === 403) expect(body).not.toContain('test.bulk');
      return got.status === 200;
    }, ['audit.view']);
    expect(mismatches).toEqual([]);
    // Only the admin's download is written.
    expect((await s.db.select().from(auditLog).where(eq(auditLog.action, 'audit.download'))).length).toBe(before + 1);
    // Not signed in: to the sign-in page.
    const nobody = await new TestBrowser(s.app).get('/console/audit?format=csv');
    expect([nobody.status, nobody.headers.get('location')]).toEqual([303, '/console/login']);
  });

  it('shows the page in English without Russian words', async () => {
    const s = await system();
    const { browser: admin } = await signedIn(s.app, s.db, s.clock, 'boss', 'admin', { locale: 'en' });
    await s.db.insert(auditLog).values({ accountId: null, action: 'login.throttled', detail: 'password, pair, unknown login 3f9a' });
    await admin.get('/console/audit');
    expect(admin.html).toContain('Sign-in held back');
    expect(admin.html).toContain('at the password, this login from this address held back, unknown login 3f9a');
    expect(admin.html).toContain('no account');
    const main = admin.html.slice(admin.html.indexOf('<main'));
    expect(main.replace(/Name boss/g, '')).not.toMatch(/[а-яё]/i);
  });
});
