import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/support/database.ts';
import { PAPER_PERIOD, seedPaperDataset, type PaperDataset } from '../../../test/support/paper-dataset.ts';
import { openDatabase, type Database } from '../../db/open.ts';
import { auditLog } from '../../db/schema/index.ts';
import { createLogger } from '../../log.ts';
import { DEFAULT_SETTINGS } from '../../organisation/settings.ts';
import { computeReport, figure, type Report } from '../../reports/compute.ts';
import { toCsv, toMarkdown } from '../../reports/format.ts';
import { RESEARCH_COLUMNS } from '../../reports/research-export.ts';
import { createConsoleApp } from '../app.tsx';
import { ROLES, walkPolicy, type Role } from '../policy.ts';
import { lastFullMonth, parsePeriod } from './routes.tsx';
import { signedIn, testClock, testVault, type TestBrowser } from '../testing.ts';

/**
 * The reports page and its downloads over the paper-shaped dataset (301 cases from 2025-11-01 to
 * 2026-06-30 in Europe/Moscow, 160 in the period before). One database for the file: the pages
 * only read it (and write audit entries).
 */
const PERIOD = `from=${PAPER_PERIOD.firstDay}&to=${PAPER_PERIOD.lastDay}`;

let database: Database;
let drop: () => Promise<void>;
let data: PaperDataset;
let report: Report;
let app: Hono;
const logs: string[] = [];
const browsers = new Map<Role, TestBrowser>();
let english: TestBrowser;

beforeAll(async () => {
  const fresh = await freshDatabase();
  drop = fresh.drop;
  database = await openDatabase(fresh);
  data = await seedPaperDataset(database.db);
  report = await computeReport(database.db, { from: data.current.from, to: data.current.to, settings: DEFAULT_SETTINGS });
  const clock = testClock(); // 2026-03-02
  const log = createLogger(new Writable({ write: (c, _e, done) => (logs.push(String(c)), done()) }), 'debug');
  // Settings come from the bot's deps once it runs; here the bot is "ready" with the defaults.
  const consoleApp = createConsoleApp({ db: database.db, vault: testVault, log, now: clock.now, bot: () => ({ settings: DEFAULT_SETTINGS }) as never });
  app = new Hono().route('/console', consoleApp);
  for (const role of ROLES) browsers.set(role, (await signedIn(app, database.db, clock, role.replace(/_/g, '-'), role)).browser);
  english = (await signedIn(app, database.db, clock, 'eve', 'coordinator', { locale: 'en' })).browser;
});
afterAll(async () => {
  await database?.close();
  await drop?.();
});

const as = (role: Role) => browsers.get(role)!;
const cur = (section: Parameters<typeof figure>[1], metric: string, key = '') => figure(report, section, metric, key)!;
/** The cells of the table row marked `data-key`, tags stripped. */
const rowCells = (html: string, key: string) => {
  const row = new RegExp(`<tr[^>]*data-key="${key}"[^>]*>([\\s\\S]*?)</tr>`).exec(html)?.[1];
  if (!row) throw new Error(`no row ${key}`);
  return [...row.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '').trim());
};
const ru = (n: number) => new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 2 }).format(n);

describe('console: the reports page', () => {
  it('shows a coordinator the key figures with the change, the needs table by theme and sub-theme, and every section', async () => {
    const b = as('coordinator');
    const res = await b.get(`/console/reports?${PERIOD}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = b.html;
    expect(html).toContain('Период: 2025-11-01 — 2026-06-30 (Europe/Moscow); сравнение с 2025-03-04 — 2025-10-31.');
    // The form: plain GET, labelled fields with the period asked.
    expect(html).toMatch(/<form method="get" action="\/console\/reports">/);
    expect(html).toContain('<label for="report-from">');
    expect(html).toContain('<label for="report-to">');
    expect(html).toMatch(/id="report-from" name="from" type="date" value="2025-11-01"/);
    expect(html).toMatch(/id="report-to" name="to" type="date" value="2026-06-30"/);
    expect(html).not.toContain('<script');

    // Key figures: 301 cases, "+88 %" against 160.
    const cases = /data-figure="contacts\.cases"[\s\S]*?<\/div>/.exec(html)![0];
    expect(cases).toContain('>301<');
    expect(cases).toContain('+88 % к 160 ранее');
    expect(html).toContain('data-figure="response.first_reply_median_min.on_duty"');
    expect(html).toContain('data-figure="response.after_hours_share"');

    // The paper's table: every sub-theme with count and share, now and before; themes in bold rows.
    expect(rowCells(html, 'recorded')).toEqual(['С заполненной карточкой', '301', '100 %', '157', '100 %', '+92 %']); // 3 closed without a record before
    for (const need of report.taxonomy.needs) {
      const count = cur('needs', 'need', need.code);
      const share = cur('needs', 'need_share', need.code);
      expect(rowCells(html, need.code)).toEqual([need.label.ru, ru(count.current!), `${ru(share.current!)} %`, ru(count.previous!), `${ru(share.previous!)} %`, count.change === 'new' ? 'новое' : count.change]);
    }
    expect(rowCells(html, 'home_detox_information').slice(0, 2)).toEqual(['Детокс на дому', '5']);
    expect(rowCells(html, 'pandemic_information').at(-1)).toBe('новое'); // none before April
    expect(rowCells(html, 'theme:online')[0]).toBe('Тема 1: можно решить полностью онлайн');
    expect(html).toMatch(/<tr class="theme" data-key="theme:online_offline">/);

    // The other sections, with their headings.
    for (const heading of ['Оказанные услуги', 'Перенаправления', 'Решено онлайн или понадобился офлайн-шаг', 'Экстренные случаи (передозировки)', 'Время до первого ответа сотрудника', 'Голосовые сообщения', 'Телефонные звонки', 'Отзывы клиентов']) {
      expect(html).toContain(`>${heading}</h2>`);
    }
    const refs = /id="table-referrals"[\s\S]*?<\/table>/.exec(html)![0];
    expect(refs).toContain('Перенаправления: внутренние');
    expect(refs).toContain('Завершены (клиент получил услугу): внешние');
    const response = /id="table-response"[\s\S]*?<\/table>/.exec(html)![0];
    const p90 = cur('response', 'first_reply_p90_min', 'after_hours');
    expect(response).toContain('90-й перцентиль до первого ответа, мин: в нерабочее время');
    expect(response).toContain(`>${ru(p90.current!)}<`);
    expect(html).toContain('Доля голосовых среди сообщений клиентов');
    expect(html).toContain('Звонок: согласился');
    expect(html).toContain('Положительные 👍');
    // No per-worker section on the page, and no worker ids.
    expect(html).not.toContain('Worker #');
    // Download links for the period; the research export too for a coordinator.
    expect(html).toContain(`href="/console/reports/download?format=csv&amp;${PERIOD.replace('&', '&amp;')}"`);
    expect(html).toContain(`href="/console/reports/download?format=xlsx&amp;`);
    expect(html).toContain(`href="/console/reports/download?format=md&amp;`);
    expect(html).toContain(`href="/console/reports/research.csv?${PERIOD.replace('&', '&amp;')}"`);
  });

  it('draws the needs and services as SVG bars (this period and the previous one) labelled with the numbers', async () => {
    const b = as('coordinator');
    await b.get(`/console/reports?${PERIOD}`);
    const svg = /<svg id="chart-needs"[\s\S]*?<\/svg>/.exec(b.html)![0];
    expect(svg).toContain('role="img"');
    expect(svg).toMatch(/viewBox="0 0 \d+ \d+"/);
    expect(svg).toContain('width="100%"');
    const label = /aria-label="([^"]*)"/.exec(svg)![1]!;
    const title = /<title[^>]*>([^<]*)<\/title>/.exec(svg)![1]!;
    expect(title).toBe(label);
    expect(label).toContain('Потребности по подтемам, случаи');
    expect(label).toContain('Детокс на дому 5 (2)');
    expect(label).toContain(`Передозировка 4 (1)`);
    // Two bars per sub-theme.
    expect(svg.match(/<rect /g)!.length).toBe(2 + 2 * report.taxonomy.needs.length);
    const services = /<svg id="chart-services"[\s\S]*?<\/svg>/.exec(b.html)![0];
    const ambulance = cur('services', 'service', 'ambulance_called');
    expect(/aria-label="([^"]*)"/.exec(services)![1]).toContain(`Вызвана скорая ${ambulance.current} (${ambulance.previous})`);
    // A text table goes with each chart.
    expect(b.html).toMatch(/id="chart-needs"[\s\S]*?<\/figure>\s*<div class="scroll"><table id="table-needs">/);
    expect(b.html).toMatch(/id="chart-services"[\s\S]*?<\/figure>\s*<div class="scroll"><table id="table-services">/);
  });

  it('in English for an English-speaking account', async () => {
    await english.get(`/console/reports?${PERIOD}`);
    expect(english.html).toContain('>Key figures</h2>');
    expect(english.html).toContain('+88 % against 160 before');
    expect(rowCells(english.html, 'home_detox_information').slice(0, 2)).toEqual(['Home detox information', '5']);
    expect(english.html).toContain('Home detox information 5 (2)');
  });

  it('defaults to the last full calendar month', async () => {
    const b = as('coordinator');
    expect((await b.get('/console/reports')).status).toBe(200);
    expect(b.html).toMatch(/id="report-from" name="from" type="date" value="2026-02-01"/);
    expect(b.html).toMatch(/id="report-to" name="to" type="date" value="2026-02-28"/);
    expect(b.html).toContain('Период: 2026-02-01 — 2026-02-28');
    expect(lastFullMonth('2026-01-15')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(lastFullMonth('2024-03-01')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    // Days are the organisation's: 1 November in Moscow starts at 21:00 UTC the day before.
    const p = parsePeriod('ru', DEFAULT_SETTINGS, new Date(), { from: '2025-11-01', to: '2026-06-30' });
    expect(p.ok && [p.start, p.end]).toEqual([PAPER_PERIOD.from, PAPER_PERIOD.to]);
  });

  it('answers bad dates with the form and a clear message (422), never a stack trace', async () => {
    const b = as('coordinator');
    const cases: [string, string][] = [
      ['from=2026-02-30&to=2026-03-31', 'Первый день должен быть датой вида 2026-01-31.'],
      ['from=2026-01-01&to=yesterday', 'Последний день должен быть датой вида 2026-01-31.'],
      ['from=2026-03-01&to=2026-02-01', 'Последний день (2026-02-01) раньше первого (2026-03-01).'],
      ['from=2001-01-01&to=2026-01-01', 'Отчёт охватывает не больше 5 лет'],
      ['from=%3Cscript%3E&to=2026-01-01', 'Первый день должен быть датой вида 2026-01-31.'],
    ];
    for (const [query, message] of cases) {
      const res = await b.get(`/console/reports?${query}`);
      expect(res.status, query).toBe(422);
      expect(b.html).toContain('role="alert"');
      expect(b.html).toContain(message);
      expect(b.html).not.toMatch(/at .*\.tsx?:\d+/);
      expect(b.html).not.toContain('id="key-figures"');
      expect(b.html).not.toContain('<script>');
    }
    expect(b.html).toContain('value="&lt;script&gt;"');
    expect(b.html).toMatch(/id="report-from"[^>]*aria-invalid="true"/);
    // The downloads say the same, on the page.
    expect((await b.get('/console/reports/download?format=csv&from=2026-13-01&to=2026-12-31')).status).toBe(422);
    expect(b.html).toContain('Первый день должен быть датой вида 2026-01-31.');
    expect((await b.get(`/console/reports/download?format=pdf&${PERIOD}`)).status).toBe(422);
    expect(b.html).toContain('Неизвестный формат');
    expect((await b.get('/console/reports/research.csv?from=2026-02-01&to=2026-01-01')).status).toBe(422);
  });
});

describe('console: report downloads', () => {
  it('serves the CSV exactly as toCsv of the same report, as an attachment named after the period', async () => {
    const res = await as('coordinator').get(`/console/reports/download?format=csv&${PERIOD}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="netreach-report-2025-11-01-2026-06-30.csv"');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toBe(toCsv(report));
  });

  it('serves the xlsx workbook and the Markdown report in the reader’s language', async () => {
    const xlsx = await as('coordinator').get(`/console/reports/download?format=xlsx&${PERIOD}`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers.get('content-disposition')).toBe('attachment; filename="netreach-report-2025-11-01-2026-06-30.xlsx"');
    const bytes = new Uint8Array(await xlsx.arrayBuffer());
    expect(String.fromCharCode(bytes[0]!, bytes[1]!)).toBe('PK'); // a zip
    const md = await as('coordinator').get(`/console/reports/download?format=md&${PERIOD}`);
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(md.headers.get('content-disposition')).toBe('attachment; filename="netreach-report-2025-11-01-2026-06-30.md"');
    expect(await md.text()).toBe(toMarkdown(report, 'ru'));
    const mdEn = await english.get(`/console/reports/download?format=md&${PERIOD}`);
    expect(await mdEn.text()).toBe(toMarkdown(report, 'en'));
  });

  it('lets a researcher see reports and take the research export; a worker gets neither', async () => {
    const r = as('researcher');
    // The signed-in page leads there.
    await r.get('/console');
    expect(r.html).toContain('href="/console/reports"');
    expect((await r.get(`/console/reports?${PERIOD}`)).status).toBe(200);
    expect(r.html).toContain('data-figure="contacts.cases"');
    expect(r.html).toContain('/console/reports/research.csv?');
    const res = await r.get(`/console/reports/research.csv?${PERIOD}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="netreach-research-2025-11-01-2026-06-30.csv"');
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe(RESEARCH_COLUMNS.join(','));
    expect(lines).toHaveLength(1 + data.current.cases);
    const audits = await database.db.select().from(auditLog).where(eq(auditLog.action, 'research.export'));
    expect(audits.map((a) => a.detail)).toContain('2025-11-01..2026-06-30');

    const w = as('worker');
    for (const path of [`/console/reports?${PERIOD}`, `/console/reports/download?format=csv&${PERIOD}`, `/console/reports/research.csv?${PERIOD}`]) {
      const refused = await w.get(path);
      expect(refused.status, path).toBe(403);
      expect(await refused.text()).not.toContain('301');
    }
    await w.get('/console');
    expect(w.html).not.toContain('/console/reports');
    // A coordinator's inbox links to the reports.
    await as('coordinator').get('/console');
    expect(as('coordinator').html).toContain('href="/console/reports"');
    // Not signed in: to the login page.
    const anonymous = await app.request(`http://localhost/console/reports/download?format=csv&${PERIOD}`);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/console/login');
  });
});

describe('console: authorisation of report routes', () => {
  it('walks the page, the downloads and the research export with every role', async () => {
    const probe = (path: (action: string) => string) => async (role: Role, action: string) => {
      const res = await as(role).get(path(action));
      await res.arrayBuffer();
      expect([200, 403]).toContain(res.status);
      return res.status === 200;
    };
    const short = 'from=2026-02-01&to=2026-02-28';
    expect(await walkPolicy(probe(() => `/console/reports?${short}`), ['reports.view'])).toEqual([]);
    expect(await walkPolicy(probe(() => `/console/reports/download?format=csv&${short}`), ['reports.view'])).toEqual([]);
    expect(await walkPolicy(probe(() => `/console/reports/research.csv?${short}`), ['research.export'])).toEqual([]);
    expect(logs.join('')).not.toContain('console.report_error');
  });
});
