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
import { choiceDays, choiceOf, lastFullMonth, parsePeriod } from './routes.tsx';
import { bucketsOf, unitFor } from './series.ts';
import { ChangeMark, directionOf, formatChange, keyValue } from './views.tsx';
import { signedIn, testClock, testVault, type TestBrowser } from '../testing.ts';

/**
 * The reports page and its downloads over the paper-shaped dataset (301 cases from 2025-11-01 to
 * 2026-06-30 in Europe/Moscow, 160 in the period before). How the page looks on a phone, a
 * desktop screen and paper is the browser test's (test/browser/console-reports.e2e.test.ts). One database for the file: the pages
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
/** Text as a sighted reader sees it: tags and the words only screen readers hear left out. */
const visible = (html: string) =>
  html
    .replace(/<span class="sr">[\s\S]*?<\/span>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/[ \t\r\n\u2009]+/g, ' ')
    .trim();
/** The cells of the table row marked `data-key` (in the table `id`, if given), as seen. */
const rowCells = (html: string, key: string, table?: string) => {
  const within = table ? new RegExp(`<table[^>]*id="${table}"[\\s\\S]*?</table>`).exec(html)?.[0] ?? '' : html;
  const row = new RegExp(`<tr[^>]*data-key="${key}"[^>]*>([\\s\\S]*?)</tr>`).exec(within)?.[1];
  if (!row) throw new Error(`no row ${key}`);
  return [...row.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((m) => visible(m[1]!));
};
const ru = (n: number) => new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 2 }).format(n);
/** A change as the page marks it: "▲ +88 %", "▼ −12 %", "= ±0 %", "▲ новое". */
const mark = (change: string) =>
  change === 'new' ? '▲ новое' : change.startsWith('+') ? `▲ ${change}` : change.startsWith('-') ? `▼ −${change.slice(1)}` : `= ${change}`;

describe('console: the reports page', () => {
  it('shows a coordinator each figure once: key figures with their change, the needs table by theme and sub-theme, and every section', async () => {
    const b = as('coordinator');
    const res = await b.get(`/console/reports?${PERIOD}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = b.html;
    expect(visible(/<p class="period" id="report-period">[\s\S]*?<\/p>/.exec(html)![0])).toBe(`${DEFAULT_SETTINGS.name.ru} · 1 ноября 2025 – 30 июня 2026 · 242 дня`);
    expect(html).toContain('Изменения — к предыдущему периоду той же длины: 4 марта – 31 октября 2025. Дни по часовому поясу Europe/Moscow.');
    // The custom period's form: plain GET, labelled fields with the period asked, open (no quick choice is these days).
    expect(html).toMatch(/<details class="custom on" id="custom-period" open="">/);
    expect(html).toMatch(/<form method="get" action="\/console\/reports">/);
    expect(html).toContain('<label for="report-from">');
    expect(html).toContain('<label for="report-to">');
    expect(html).toMatch(/id="report-from" name="from" type="date" value="2025-11-01"/);
    expect(html).toMatch(/id="report-to" name="to" type="date" value="2026-06-30"/);
    expect(html).not.toContain('<script');
    expect(/<ul class="periods"[\s\S]*?<\/ul>/.exec(html)![0]).not.toContain('aria-current');

    // Key figures: 301 cases, up 88 % on 160; in words for screen readers.
    const cases = /<div data-figure="contacts\.cases"[\s\S]*?<\/div>/.exec(html)![0];
    expect(visible(cases)).toBe('Обращения (случаи) 301 ▲ +88 % ранее 160');
    expect(cases).toContain('<span class="sr">больше на 88 %</span>');
    expect(cases).toContain('class="chg up"');
    const median = cur('response', 'first_reply_median_min', 'on_duty');
    expect(visible(/<div data-figure="response\.first_reply_median_min\.on_duty"[\s\S]*?<\/div>/.exec(html)![0])).toContain(`${ru(median.current!)}\u00a0мин`);
    const afterHours = cur('response', 'first_reply_median_min', 'after_hours').current!;
    expect(visible(/<div data-figure="response\.first_reply_median_min\.after_hours"[\s\S]*?<\/div>/.exec(html)![0])).toContain(`${Math.floor(Math.round(afterHours) / 60)}\u00a0ч ${Math.round(afterHours) % 60}\u00a0мин`);
    expect(html).toContain('data-figure="response.after_hours_share"');
    const down = /data-figure="online\.met_fully_online_share"[\s\S]*?<\/div>/.exec(html)![0];
    expect(down).toContain('class="chg down"');
    expect(down).toContain(`<span class="sr">меньше на ${formatChange('ru', cur('online', 'met_fully_online_share').change).replace(/^−/, '')}</span>`);

    // The paper's table: every sub-theme with its bars, count, share, count before and change; themes in bold rows.
    expect(rowCells(html, 'recorded')).toEqual(['С заполненной карточкой', '301', '100 %', '157', '▲ +92 %']); // 3 closed without a record before
    for (const need of report.taxonomy.needs) {
      const count = cur('needs', 'need', need.code);
      const share = cur('needs', 'need_share', need.code);
      expect(rowCells(html, need.code)).toEqual([need.label.ru, ru(count.current!), `${ru(share.current!)} %`, ru(count.previous!), mark(count.change)]);
    }
    expect(rowCells(html, 'home_detox_information').slice(0, 2)).toEqual(['Детокс на дому', '5']);
    expect(rowCells(html, 'pandemic_information').at(-1)).toBe('▲ новое'); // none before April
    expect(rowCells(html, 'theme:online')[0]).toBe('Тема 1: можно решить полностью онлайн');
    expect(html).toMatch(/<tr role="row" class="theme" data-key="theme:online_offline">/);
    // Bars: this period over the previous one, as shares of the largest count (offline services, 100).
    expect(html).toMatch(/data-key="home_detox_information"><th[^>]*>Детокс на дому<span class="rowbars" aria-hidden="true"><span class="rb-cur" style="width:5\.0%"><\/span><span class="rb-prev" style="width:2\.0%"><\/span>/);

    // The other sections, with their headings; a split figure is a heading line with its parts.
    for (const heading of ['Оказанные услуги', 'Перенаправления', 'Решено онлайн или понадобился офлайн-шаг', 'Экстренные случаи (передозировки)', 'Время до первого ответа сотрудника', 'Голосовые сообщения', 'Телефонные звонки', 'Отзывы клиентов']) {
      expect(html).toContain(`>${heading}</h2>`);
    }
    const completed = cur('referrals', 'completed', 'external');
    expect(rowCells(html, 'completed:external', 'table-referrals')).toEqual(['внешние', ru(completed.current!), ru(completed.previous!), mark(completed.change)]);
    expect(/id="table-referrals"[\s\S]*?<\/table>/.exec(html)![0]).toContain('<span class="sr">Завершены (клиент получил услугу): </span>внешние');
    const p90 = cur('response', 'first_reply_p90_min', 'after_hours');
    expect(rowCells(html, 'first_reply_p90_min:after_hours', 'table-response')).toEqual(['в нерабочее время', ru(p90.current!), ru(p90.previous!), mark(p90.change)]);
    expect(rowCells(html, 'cases_with_voice_share', 'table-voice')[0]).toBe('Доля случаев с голосовыми');
    expect(rowCells(html, 'phone_call:accepted', 'table-phone')[0]).toBe('согласился');
    expect(html).toContain('Положительные 👍');

    // Never the same figure twice: the key figures, the recorded cases (the needs table's base),
    // all cases (response) and the offline share (the complement of a key figure) are not in the tables.
    for (const [table, key] of [
      ['table-contacts', 'cases'],
      ['table-contacts', 'unique_clients'],
      ['table-contacts', 'recorded'],
      ['table-online', 'recorded'],
      ['table-online', 'met_fully_online_share'],
      ['table-online', 'needed_offline_share'],
      ['table-referrals', 'referrals:internal'],
      ['table-emergencies', 'emergencies'],
      ['table-response', 'cases:all'],
      ['table-response', 'first_reply_median_min:on_duty'],
      ['table-voice', 'voice_share'],
      ['table-feedback', 'positive_share'],
    ]) {
      expect(html).toContain(`id="${table}"`);
      expect(() => rowCells(html, key!, table), `${table} ${key}`).toThrow(/no row/);
    }
    expect(html.match(/data-key="recorded"/g)).toHaveLength(1);
    // No per-worker section on the page, and no worker ids; no SVG chart repeating the needs table.
    expect(html).not.toContain('Worker #');
    expect(html).not.toContain('<svg');
    // Download links for the period; the research export too for a coordinator.
    expect(html).toContain(`href="/console/reports/download?format=csv&amp;${PERIOD.replace('&', '&amp;')}"`);
    expect(html).toContain(`href="/console/reports/download?format=xlsx&amp;`);
    expect(html).toContain(`href="/console/reports/download?format=md&amp;`);
    expect(html).toContain(`href="/console/reports/research.csv?${PERIOD.replace('&', '&amp;')}"`);
  });

  it('draws cases over the period as columns (by month for eight months) against the previous period’s average, in words for screen readers', async () => {
    const b = as('coordinator');
    await b.get(`/console/reports?${PERIOD}`);
    const chart = /<div class="cols" id="chart-cases"[\s\S]*?<\/div><\/div>/.exec(b.html)![0];
    expect(chart).toContain('role="img"');
    const label = /aria-label="([^"]*)"/.exec(chart)![1]!;
    expect(label).toMatch(/^Обращения по месяцам: всего 301\. 1–30 ноября 2025: \d+; /);
    expect(label).toContain('в среднем за месяц в предыдущем периоде: 20,1');
    const bars = [...chart.matchAll(/<span class="cols-bar" title="([^"]*)" style="height:([\d.]+)%"/g)];
    expect(bars).toHaveLength(8);
    const counts = bars.map((m) => Number(/: (\d+)$/.exec(m[1]!)![1]));
    expect(counts.reduce((a, n) => a + n, 0)).toBe(301);
    // The tallest month reaches the top.
    expect(Math.max(...bars.map((m) => Number(m[2])))).toBe(100);
    expect(chart).toMatch(/<span class="cols-ref" style="bottom:[\d.]+%"><\/span>/);
    expect(b.html).toContain('>Обращения по месяцам</h2>');

    // A month is drawn by day, from the period's first day; a half-year by week.
    await b.get('/console/reports?from=2026-06-01&to=2026-06-30');
    expect(/<div class="cols" id="chart-cases"[\s\S]*?<\/div><\/div>/.exec(b.html)![0].match(/class="cols-bar"/g)).toHaveLength(30);
    expect(b.html).toContain('>Обращения по дням</h2>');
    await b.get('/console/reports?from=2026-01-01&to=2026-06-30');
    expect(/<div class="cols" id="chart-cases"[\s\S]*?<\/div><\/div>/.exec(b.html)![0].match(/class="cols-bar"/g)).toHaveLength(26);
    expect(b.html).toContain('>Обращения по неделям</h2>');
  });

  it('in English for an English-speaking account', async () => {
    await english.get(`/console/reports?${PERIOD}`);
    expect(visible(/<p class="period" id="report-period">[\s\S]*?<\/p>/.exec(english.html)![0])).toBe(`${DEFAULT_SETTINGS.name.en} · 1 November 2025 – 30 June 2026 · 242 days`);
    expect(visible(/<div data-figure="contacts\.cases"[\s\S]*?<\/div>/.exec(english.html)![0])).toBe('Cases 301 ▲ +88 % before 160');
    expect(english.html).toContain('<span class="sr">up 88 %</span>');
    expect(rowCells(english.html, 'home_detox_information').slice(0, 2)).toEqual(['Home detox information', '5']);
    expect(english.html).toContain('>Cases per month</h2>');
    // No Russian on the English page (the header's language switch aside).
    expect([.../<main[\s\S]*<\/main>/.exec(english.html)![0].matchAll(/.{0,60}[а-яё]+.{0,20}/gi)].map((m) => m[0])).toEqual([]);
  });

  it('opens on the last 30 days, today included, with quick choices for 7 days, this month and last month', async () => {
    const b = as('coordinator');
    // The test clock: 2 March 2026.
    expect((await b.get('/console/reports')).status).toBe(200);
    expect(b.html).toMatch(/id="report-from" name="from" type="date" value="2026-02-01"/);
    expect(b.html).toMatch(/id="report-to" name="to" type="date" value="2026-03-02"/);
    expect(visible(/<p class="period" id="report-period">[\s\S]*?<\/p>/.exec(b.html)![0])).toContain('1 февраля – 2 марта 2026 · 30 дней');
    expect(b.html).toMatch(/<a href="\/console\/reports\?period=30d" aria-current="true" data-choice="30d">30 дней<\/a>/);
    expect(b.html).toMatch(/<details class="custom" id="custom-period">/);
    // The same days asked for by date are the same choice.
    await b.get('/console/reports?from=2026-02-01&to=2026-03-02');
    expect(b.html).toContain('aria-current="true" data-choice="30d"');
    for (const [choice, from, to] of [
      ['7d', '2026-02-24', '2026-03-02'],
      ['month', '2026-03-01', '2026-03-02'],
      ['last-month', '2026-02-01', '2026-02-28'],
      ['nonsense', '2026-02-01', '2026-03-02'],
    ]) {
      expect((await b.get(`/console/reports?period=${choice}`)).status).toBe(200);
      expect(b.html, choice).toMatch(new RegExp(`id="report-from" name="from" type="date" value="${from}"`));
      expect(b.html, choice).toMatch(new RegExp(`id="report-to" name="to" type="date" value="${to}"`));
      expect(b.html, choice).toContain(`aria-current="true" data-choice="${choice === 'nonsense' ? '30d' : choice}"`);
      expect(b.html).toContain(`href="/console/reports/download?format=csv&amp;from=${from}&amp;to=${to}"`);
    }
    expect(choiceDays('30d', '2026-03-01')).toEqual({ from: '2026-01-31', to: '2026-03-01' });
    expect(choiceOf('2026-01-31', '2026-03-01', '2026-03-01')).toBe('30d');
    expect(choiceOf('2026-01-30', '2026-03-01', '2026-03-01')).toBe('custom');
    expect(lastFullMonth('2026-01-15')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(lastFullMonth('2024-03-01')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    // Days are the organisation's: 1 November in Moscow starts at 21:00 UTC the day before.
    const p = parsePeriod('ru', DEFAULT_SETTINGS, new Date(), { from: '2025-11-01', to: '2026-06-30' });
    expect(p.ok && [p.start, p.end]).toEqual([PAPER_PERIOD.from, PAPER_PERIOD.to]);
    // Today in the organisation's zone: at 22:00 UTC on 1 March it is already 2 March in Moscow.
    const late = parsePeriod('ru', DEFAULT_SETTINGS, new Date('2026-03-01T22:00:00Z'), {});
    expect(late.ok && [late.from, late.to]).toEqual(['2026-02-01', '2026-03-02']);
  });

  it('groups days into weeks from the period’s first day and into calendar months, cut at the period’s ends', () => {
    expect([unitFor(1), unitFor(62), unitFor(63), unitFor(182), unitFor(183)]).toEqual(['day', 'day', 'week', 'week', 'month']);
    const perDay = new Map([
      ['2026-01-01', 2],
      ['2026-01-08', 3],
      ['2026-01-31', 1],
      ['2026-02-01', 4],
    ]);
    expect(bucketsOf('week', '2026-01-01', '2026-01-16', perDay)).toEqual([
      { first: '2026-01-01', last: '2026-01-07', n: 2 },
      { first: '2026-01-08', last: '2026-01-14', n: 3 },
      { first: '2026-01-15', last: '2026-01-16', n: 0 },
    ]);
    expect(bucketsOf('month', '2025-12-15', '2026-02-10', perDay)).toEqual([
      { first: '2025-12-15', last: '2025-12-31', n: 0 },
      { first: '2026-01-01', last: '2026-01-31', n: 6 },
      { first: '2026-02-01', last: '2026-02-10', n: 4 },
    ]);
    expect(bucketsOf('day', '2026-01-31', '2026-02-01', perDay).map((b) => b.n)).toEqual([1, 4]);
  });

  it('marks changes by shape and words: up, down, the same, new, nothing to compare', () => {
    expect(['+88 %', '-12 %', '±0 %', 'new', '', '+4.6 pp'].map(directionOf)).toEqual(['up', 'down', 'same', 'new', 'none', 'up']);
    expect(formatChange('ru', '-4.6 pp')).toBe('−4,6 п. п.');
    expect(formatChange('en', '-12 %')).toBe('−12 %');
    const html = (change: string) => String(<ChangeMark locale="ru" change={change} />);
    expect(html('-12 %')).toBe('<span class="chg down"><span aria-hidden="true"><span class="m">▼</span> −12 %</span><span class="sr">меньше на 12 %</span></span>');
    expect(html('±0 %')).toContain('<span class="sr">без изменений</span>');
    expect(html('new')).toContain('<span class="sr">новое: в предыдущем периоде не было</span>');
    expect(html('')).toContain('<span class="sr">не с чем сравнить</span>');
    expect(keyValue('ru', 9.8, 'minutes')).toBe('9,8\u00a0мин');
    expect(keyValue('en', 711.1, 'minutes')).toBe('11\u00a0h 51\u00a0min');
    expect(keyValue('ru', 44.7, 'percent')).toBe('44,7 %');
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
      // The dates' form is open, with the message above it.
      expect(b.html).toMatch(/<details class="custom on" id="custom-period" open=""><summary>[^<]*<\/summary><div class="error" role="alert" id="form-errors">/);
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
