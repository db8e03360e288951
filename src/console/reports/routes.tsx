import { Hono } from 'hono';
import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Locale } from '../../config.ts';
import type { Db } from '../../db/open.ts';
import { t } from '../../i18n/index.ts';
import type { Logger } from '../../log.ts';
import { safeError } from '../../log.ts';
import { addDays, localDateOf, zonedDateTime } from '../../organisation/mobile-units.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../organisation/settings.ts';
import { computeReport, type Report } from '../../reports/compute.ts';
import { toCsv, toMarkdown, toXlsx } from '../../reports/format.ts';
import { researchExport, researchToCsv } from '../../reports/research-export.ts';
import type { ConsoleEnv } from '../app.tsx';
import type { ConsoleBotDeps } from '../cases/routes.tsx';
import { audit, can, requires, type Action } from '../policy.ts';
import { page } from '../frame/layout.tsx';
import { MessagePage } from '../views/pages.tsx';
import { ReportsPage } from './views.tsx';
import { caseSeries, type CaseSeries } from './series.ts';
import { SignedInHeader } from '../frame/chrome.tsx';
import { chromeOf } from '../routes-context.ts';

export interface ReportRoutesContext {
  db: Db;
  log: Logger;
  base: string;
  /** The bot's deps, for the organisation's settings; until the bot is ready, the defaults. */
  bot?: () => Pick<ConsoleBotDeps, 'settings'> | undefined;
  now: () => Date;
  signedIn: MiddlewareHandler<ConsoleEnv>;
  forbidden: (c: Context) => Response;
  csrf: (c: Context<ConsoleEnv>) => string;
}

/** The longest period a report covers: the database reads every case of it (and of the period before). */
export const MAX_REPORT_DAYS = 5 * 366;

export const DOWNLOAD_FORMATS = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  md: 'text/markdown; charset=utf-8',
} as const;
export type DownloadFormat = keyof typeof DOWNLOAD_FORMATS;

const isDay = (s: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && s >= '2000-01-01' && s <= '2099-12-31';
};

/** The last full calendar month before `today` (a local `YYYY-MM-DD`): its first and last days. */
export function lastFullMonth(today: string): { from: string; to: string } {
  const to = addDays(`${today.slice(0, 7)}-01`, -1);
  return { from: `${to.slice(0, 7)}-01`, to };
}

/** The quick choices above the report, each a link (`?period=`): the last 7 or 30 days, this month, last month. */
export const PERIOD_CHOICES = ['7d', '30d', 'month', 'last-month'] as const;
export type PeriodChoice = (typeof PERIOD_CHOICES)[number];
/** The period a report opens on: the last 30 days, today included. */
export const DEFAULT_CHOICE: PeriodChoice = '30d';

/** The first and last days of a quick choice, for `today` (a local `YYYY-MM-DD`). */
export function choiceDays(choice: PeriodChoice, today: string): { from: string; to: string } {
  switch (choice) {
    case '7d':
      return { from: addDays(today, -6), to: today };
    case '30d':
      return { from: addDays(today, -29), to: today };
    case 'month':
      return { from: `${today.slice(0, 7)}-01`, to: today };
    case 'last-month':
      return lastFullMonth(today);
  }
}

/** Which quick choice these days are, or 'custom'. */
export function choiceOf(from: string, to: string, today: string): PeriodChoice | 'custom' {
  return PERIOD_CHOICES.find((c) => {
    const d = choiceDays(c, today);
    return d.from === from && d.to === to;
  }) ?? 'custom';
}

export type PeriodQuery =
  | { ok: true; from: string; to: string; start: Date; end: Date }
  | { ok: false; from: string; to: string; errors: string[]; invalid: { from?: boolean; to?: boolean } };

/**
 * The period of `?from=&to=` (calendar days in the organisation's zone, both included) as the
 * instants [start, end). Without dates, the quick choice `?period=` (the last 30 days when absent
 * or unknown); a single absent or empty field takes that choice's day.
 */
export function parsePeriod(locale: Locale, settings: Settings, now: Date, query: { from?: string; to?: string; period?: string }): PeriodQuery {
  const choice = (PERIOD_CHOICES as readonly string[]).includes(query.period ?? '') ? (query.period as PeriodChoice) : DEFAULT_CHOICE;
  const fallback = choiceDays(choice, localDateOf(settings, now));
  const from = (query.from ?? '').trim().slice(0, 40) || fallback.from;
  const to = (query.to ?? '').trim().slice(0, 40) || fallback.to;
  const errors: string[] = [];
  const invalid: { from?: boolean; to?: boolean } = {};
  if (!isDay(from)) {
    errors.push(t(locale, 'console-reports-error-from'));
    invalid.from = true;
  }
  if (!isDay(to)) {
    errors.push(t(locale, 'console-reports-error-to'));
    invalid.to = true;
  }
  if (errors.length === 0 && to < from) {
    errors.push(t(locale, 'console-reports-error-order', { from, to }));
    invalid.from = invalid.to = true;
  }
  if (errors.length === 0 && Date.parse(to) - Date.parse(from) >= MAX_REPORT_DAYS * 86_400_000) {
    errors.push(t(locale, 'console-reports-error-range', { years: Math.floor(MAX_REPORT_DAYS / 366) }));
    invalid.from = invalid.to = true;
  }
  if (errors.length > 0) return { ok: false, from, to, errors, invalid };
  return { ok: true, from, to, start: zonedDateTime(settings, from, '00:00'), end: zonedDateTime(settings, addDays(to, 1), '00:00') };
}

/**
 * The reports page (`/reports`), the report's downloads (`/reports/download?format=csv|xlsx|md`)
 * and the research export (`/reports/research.csv`). Reports are built from the structure of
 * cases only; no case, transcript or worker's name appears.
 */
export function reportsRoutes(x: ReportRoutesContext): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const guard = (action: Action) => requires(action, { onForbidden: x.forbidden }) as unknown as MiddlewareHandler<ConsoleEnv>;
  const settings = (): Settings => x.bot?.()?.settings ?? DEFAULT_SETTINGS;
  const period = (c: Context<ConsoleEnv>, s: Settings) =>
    parsePeriod(c.get('locale'), s, x.now(), { from: c.req.query('from'), to: c.req.query('to'), period: c.req.query('period') });

  const render = (
    c: Context<ConsoleEnv>,
    s: Settings,
    p: PeriodQuery,
    report: Report | undefined,
    status: ContentfulStatusCode,
    extraErrors: string[] = [],
    series?: CaseSeries,
  ) => {
    const account = c.get('account')!;
    const today = localDateOf(s, x.now());
    return c.html(
      page(
        <ReportsPage
          locale={c.get('locale')}
          base={x.base}
          header={<SignedInHeader chrome={chromeOf(x, c)} />}
          from={p.from}
          to={p.to}
          choice={p.ok ? choiceOf(p.from, p.to, today) : 'custom'}
          choices={PERIOD_CHOICES.map((choice) => ({ choice, ...choiceDays(choice, today) }))}
          timeZone={s.timeZone}
          errors={[...(p.ok ? [] : p.errors), ...extraErrors]}
          invalid={p.ok ? {} : p.invalid}
          report={report}
          series={series}
          canResearch={can(account.role, 'research.export')}
        />,
      ),
      status,
    );
  };
  const failed = (c: Context<ConsoleEnv>, err: unknown, what: string) => {
    x.log.error({ event: 'console.report_error', what, err: safeError(err) }, 'report failed');
    const locale = c.get('locale');
    return c.html(page(<MessagePage locale={locale} title={t(locale, 'console-reports-title')} text={t(locale, 'console-reports-failed')} href={`${x.base}/reports`} />), 500);
  };

  app.get('/reports', x.signedIn, guard('reports.view'), async (c) => {
    const s = settings();
    const p = period(c, s);
    if (!p.ok) return render(c, s, p, undefined, 422);
    let report: Report;
    let series: CaseSeries;
    try {
      [report, series] = await Promise.all([
        computeReport(x.db, { from: p.start, to: p.end, settings: s }),
        caseSeries(x.db, { settings: s, firstDay: p.from, lastDay: p.to, start: p.start, end: p.end }),
      ]);
    } catch (err) {
      return failed(c, err, 'page');
    }
    return render(c, s, p, report, 200, [], series);
  });

  app.get('/reports/download', x.signedIn, guard('reports.view'), async (c) => {
    const s = settings();
    const p = period(c, s);
    const format = c.req.query('format') ?? '';
    const formatOk = Object.hasOwn(DOWNLOAD_FORMATS, format);
    if (!p.ok || !formatOk) return render(c, s, p, undefined, 422, formatOk ? [] : [t(c.get('locale'), 'console-reports-error-format')]);
    const f = format as DownloadFormat;
    let body: string | Buffer;
    try {
      const report = await computeReport(x.db, { from: p.start, to: p.end, settings: s });
      body = f === 'csv' ? toCsv(report) : f === 'xlsx' ? await toXlsx(report, c.get('locale')) : toMarkdown(report, c.get('locale'));
    } catch (err) {
      return failed(c, err, f);
    }
    await audit(x.db, c.get('account')!.id, 'reports.download', undefined, `${f} ${p.from}..${p.to}`);
    return c.body(typeof body === 'string' ? body : new Uint8Array(body), 200, {
      'Content-Type': DOWNLOAD_FORMATS[f],
      'Content-Disposition': `attachment; filename="netreach-report-${p.from}-${p.to}.${f}"`,
    });
  });

  app.get('/reports/research.csv', x.signedIn, guard('research.export'), async (c) => {
    const s = settings();
    const p = period(c, s);
    if (!p.ok) return render(c, s, p, undefined, 422);
    let body: string;
    try {
      body = researchToCsv(await researchExport(x.db, { from: p.start, to: p.end, settings: s }));
    } catch (err) {
      return failed(c, err, 'research');
    }
    // Anonymous rows, but data leaving the system: who took which period is traced.
    await audit(x.db, c.get('account')!.id, 'research.export', undefined, `${p.from}..${p.to}`);
    return c.body(body, 200, {
      'Content-Type': DOWNLOAD_FORMATS.csv,
      'Content-Disposition': `attachment; filename="netreach-research-${p.from}-${p.to}.csv"`,
    });
  });
  return app;
}
