import type { Child } from 'hono/jsx';
import { keyLabel, metricLabel } from '../../reports/labels.ts';
import type { Locale } from '../../config.ts';
import { t } from '../../i18n/index.ts';
import type { Report, ReportRow, SectionId } from '../../reports/compute.ts';
import { CHART_CSS, ColumnChart, RowBars } from '../frame/charts.tsx';
import { Errors, Layout } from '../frame/layout.tsx';
import type { PeriodChoice } from './routes.tsx';
import type { CaseSeries } from './series.ts';

export interface ReportsPageProps {
  locale: Locale;
  base: string;
  /** The console's navigation (SignedInHeader). */
  header: Child;
  /** The days in the form, as asked (or the defaults). */
  from: string;
  to: string;
  /** The quick choice these days are, or 'custom'. */
  choice: PeriodChoice | 'custom';
  /** The quick choices with their days as of today. */
  choices: { choice: PeriodChoice; from: string; to: string }[];
  timeZone: string;
  errors: string[];
  invalid: { from?: boolean; to?: boolean };
  report?: Report;
  /** Cases over the period, for the chart. */
  series?: CaseSeries;
  canResearch: boolean;
}

/**
 * Tables, figures and the date fields, shared with the community chat's figures page (which
 * builds on it): what the frame's stylesheet does not have.
 */
export const REPORTS_CSS = `input[type=date]{width:100%;font:inherit;padding:.6rem .75rem;min-height:44px;border:1px solid #5f6368;border-radius:6px;background:#fff;color:#1a1a1a}
.dates{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:0 1rem}
.scroll{overflow-x:auto;margin:0 0 1rem}
table{border-collapse:collapse;width:100%;font-size:.95rem}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{border-bottom:1px solid #dadce0;padding:.4rem .5rem;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
tr.theme th,tr.theme td{font-weight:700;background:#f8f9fa}
tr.sub th{font-weight:400;padding-left:1.25rem}
dl.kf{display:grid;grid-template-columns:repeat(auto-fill,minmax(9.5rem,1fr));gap:.75rem;margin:0 0 1rem}
dl.kf div{border:1px solid #dadce0;border-radius:8px;padding:.6rem .75rem}
dl.kf dt{font-size:.9rem;color:#444}
dl.kf dd{margin:0}
dl.kf .v{font-size:1.5rem;font-weight:700;line-height:1.2}
dl.kf .c{font-size:.9rem;color:#444;display:block}
figure{margin:0 0 1rem}
figcaption{font-weight:600;margin:0 0 .25rem}
ul.downloads{padding-left:1.25rem}
ul.downloads a{display:inline-block;padding:.5rem 0;min-height:44px}`;

/**
 * The reports page's own rules: a wider page, the period's quick choices, one card per key
 * figure, the sections in two columns where there is room, tables whose rows become small cards
 * on a phone, the change marks (shape and words, not colour alone), and the printed report (no
 * console around it, two A4 pages).
 */
const PAGE_CSS = `main.wide{max-width:76rem}
.print-only{display:none}
.sr{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
ul.periods{display:flex;flex-wrap:wrap;gap:.5rem;margin:0;padding:0;list-style:none}
ul.periods a{display:inline-flex;align-items:center;min-height:44px;padding:.35rem .9rem;border:1px solid #5f6368;border-radius:22px;color:#1a1a1a;text-decoration:none}
ul.periods a[aria-current]{background:#0b57d0;border-color:#0b57d0;color:#fff;font-weight:600}
div.pick{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-start}
details.custom[open]{flex-basis:100%}
details.custom summary{display:inline-flex;align-items:center;min-height:44px;padding:.35rem .9rem;border:1px dashed #5f6368;border-radius:22px;color:#1a1a1a;cursor:pointer;list-style:none}
details.custom summary::-webkit-details-marker{display:none}
details.custom.on summary{background:#0b57d0;border:1px solid #0b57d0;color:#fff;font-weight:600}
details.custom form{max-width:30rem}
details.custom button{margin-top:.75rem}
p.period{font-size:1.15rem;font-weight:700;margin:1.25rem 0 0}
p.period-note{font-size:.9rem;color:#444;margin:.1rem 0 .75rem}
p.period-note a{display:inline-block;padding:.6rem 0;min-height:44px}
dl.key{display:grid;grid-template-columns:repeat(auto-fill,minmax(9.5rem,1fr));gap:.5rem;margin:0 0 1.25rem}
@media (min-width:60rem){dl.key{grid-template-columns:repeat(6,1fr)}}
dl.key div{border:1px solid #dadce0;border-radius:8px;padding:.5rem .7rem}
dl.key dt{font-size:.85rem;line-height:1.3;color:#444}
dl.key dd{margin:.1rem 0 0}
dl.key .v{display:block;font-size:1.5rem;font-weight:700;line-height:1.2;font-variant-numeric:tabular-nums}
dl.key .c{display:flex;flex-wrap:wrap;gap:0 .6rem;font-size:.85rem;color:#444}
.nw{white-space:nowrap}
.chg{white-space:nowrap;font-variant-numeric:tabular-nums}
.chg.up{color:#0b57d0}
.chg.down{color:#8f3a00}
.chg.up .m,.chg.down .m{font-weight:700}
.report-body{columns:2 27rem;column-gap:2.5rem}
.report-body section{break-inside:avoid;margin:0 0 1.75rem}
.report-body h2{font-size:1.1rem;margin:0 0 .35rem}
.report-body p.hint{margin:.35rem 0 0}
table.fig{border-collapse:collapse;width:100%;font-size:.95rem}
table.fig caption{font-weight:400;font-size:.9rem;color:#444;padding:0 0 .25rem}
table.fig th,table.fig td{border-bottom:1px solid #e3e5e8;padding:.3rem .4rem;text-align:left;vertical-align:baseline}
table.fig thead th{font-size:.8rem;font-weight:600;color:#444;border-bottom:1px solid #9aa0a6;vertical-align:bottom}
table.fig .n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
table.fig tbody th{font-weight:400}
table.fig td.now{font-weight:700}
table.fig tr.group th{font-weight:600;padding-top:.6rem;border-bottom:0}
table.fig tr.sub th{padding-left:1.1rem}
table.fig tr.theme th,table.fig tr.theme td{font-weight:700;background:#f8f9fa}
table.fig tr.base th,table.fig tr.base td{color:#444}
@media screen and (max-width:40rem){
table.fig thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
table.fig,table.fig tbody,table.fig caption{display:block}
table.fig tr{display:grid;grid-template-columns:minmax(0,1fr) 4rem 6.25rem;grid-template-rows:auto 1fr;column-gap:.5rem;align-items:baseline;border-bottom:1px solid #e3e5e8;padding:.3rem 0;line-height:1.35}
table.fig th,table.fig td{display:block;border:0;padding:0}
table.fig tbody th{grid-column:1;grid-row:1/span 2}
table.fig td.now{grid-column:2;grid-row:1}
table.fig td.chgc{grid-column:3;grid-row:1}
table.fig td.prev{grid-column:3;grid-row:2;align-self:start;font-size:.85rem;color:#444}
table.fig td.chgc{font-size:.9rem}
table.fig td[data-label]::before{content:attr(data-label);margin-right:.25rem}
table.fig tr.group{display:block;border:0;padding:.75rem 0 0}
table.fig tr.sub{padding-left:.75rem}
table.fig tr.sub th{padding-left:0}
table.fig tr.theme{padding-left:.4rem;padding-right:.4rem}
table.fig.bars tr{grid-template-columns:3.25rem 4.25rem minmax(0,1fr) 6.25rem}
table.fig.bars tbody th{grid-column:1/-1;grid-row:1}
table.fig.bars td.now{grid-column:1;grid-row:2}
table.fig.bars td.share{grid-column:2;grid-row:2}
table.fig.bars td.prev{grid-column:3;grid-row:2}
table.fig.bars td.chgc{grid-column:4;grid-row:2}
}
section.downloads ul{display:flex;flex-wrap:wrap;gap:0 1.5rem;padding:0;list-style:none}
section.downloads a{display:inline-block;padding:.6rem 0;min-height:44px}
@media print{
@page{size:A4;margin:10mm 11mm}
body{font-size:8pt;line-height:1.28}
header,.flash,.noprint{display:none!important}
.print-only{display:inline}
main,main.wide{max-width:none;margin:0;padding:0}
h1{font-size:12pt;margin:0}
a{color:inherit;text-decoration:none}
p.period{font-size:10pt;margin:1pt 0 0}
p.period-note{font-size:7.5pt;margin:0 0 4pt}
dl.key{grid-template-columns:repeat(6,1fr);gap:3pt;margin:0 0 6pt}
dl.key div{padding:2pt 4pt;border-radius:3pt;break-inside:avoid}
dl.key dt,dl.key .c{font-size:7pt}
dl.key .v{font-size:11pt}
.report-body{columns:2;column-gap:7mm}
.report-body section{margin:0 0 6pt}
.report-body h2{font-size:9pt;margin:0 0 1pt}
.report-body p.hint{font-size:6.5pt;margin:1pt 0 0}
table.fig{font-size:7.5pt;line-height:1.2}
table.fig caption{font-size:6.5pt;padding:0}
table.fig thead th{font-size:6.5pt}
table.fig th,table.fig td{padding:.4pt 2pt}
table.fig tr.group th{padding-top:2pt}
.rowbars{margin:1pt 0 0}
.rb-cur{height:3pt}
.rb-prev{height:1.5pt;margin-top:.5pt}
.cols{margin-top:10pt}
.cols-plot{height:1.7cm}
.cols-max,.cols-axis,.legend{font-size:6.5pt}
.cols-max{top:-9pt}
.legend{margin-top:1pt}
p.privacy{font-size:6.5pt;margin:2pt 0 0}
}`;

type Tx = (id: string, args?: Record<string, string | number>) => string;

const intlLocale = (locale: Locale) => (locale === 'ru' ? 'ru-RU' : 'en-GB');

/** Numbers in the reader's language: counts and minutes as they are, shares with " %". */
export function formatValue(locale: Locale, value: number | null, unit: ReportRow['unit']): string {
  if (value === null) return '—';
  const n = new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 2 }).format(value);
  return unit === 'percent' ? `${n} %` : n;
}

/** The report's change ("+89 %", "+4.6 pp", "new") in the reader's language, with a true minus. */
export function formatChange(locale: Locale, change: string): string {
  if (change === '') return '—';
  if (change === 'new') return t(locale, 'console-reports-change-new');
  const pp = / pp$/.test(change);
  const n = change.replace(/ (pp|%)$/, '').replace(/^-/, '−');
  const number = locale === 'ru' ? n.replace('.', ',') : n;
  return pp ? `${number} ${t(locale, 'console-reports-pp')}` : `${number} %`;
}

export type Direction = 'up' | 'down' | 'same' | 'new' | 'none';

export function directionOf(change: string): Direction {
  if (change === '') return 'none';
  if (change === 'new') return 'new';
  if (change.startsWith('+')) return 'up';
  if (change.startsWith('-')) return 'down';
  return 'same';
}

const MARKS: Record<Direction, string> = { up: '▲', down: '▼', same: '=', new: '▲', none: '' };

/**
 * The change against the previous period: an arrow (▲ up, ▼ down, = the same) and the figure, in
 * blue or brown (told apart by shape first, so no colour is needed to read it); screen readers
 * hear it in words ("up 88 %").
 */
export function ChangeMark(props: { locale: Locale; change: string }) {
  const { locale, change } = props;
  const dir = directionOf(change);
  if (dir === 'none') {
    return (
      <span class="chg none">
        <span aria-hidden="true">—</span>
        <span class="sr">{t(locale, 'console-reports-change-none')}</span>
      </span>
    );
  }
  const shown = dir === 'new' ? t(locale, 'console-reports-change-new') : formatChange(locale, change);
  const words =
    dir === 'new' ? t(locale, 'console-reports-change-new-words') : dir === 'same' ? t(locale, 'console-reports-change-same') : t(locale, `console-reports-change-${dir}`, { change: formatChange(locale, change).replace(/^[+−]/, '') });
  return (
    <span class={`chg ${dir}`}>
      <span aria-hidden="true">
        <span class="m">{MARKS[dir]}</span> {shown}
      </span>
      <span class="sr">{words}</span>
    </span>
  );
}

/** A key figure's value: minutes in words ("9,8 мин", "11 ч 51 мин"), the rest as `formatValue`. */
export function keyValue(locale: Locale, value: number | null, unit: ReportRow['unit']): string {
  if (value === null || unit !== 'minutes') return formatValue(locale, value, unit);
  if (value < 60) return t(locale, 'console-reports-minutes', { n: formatValue(locale, value, unit) });
  const m = Math.round(value);
  return t(locale, 'console-reports-hours', { h: Math.floor(m / 60), m: m % 60 });
}

const asDate = (day: string) => new Date(`${day}T12:00:00Z`);
const dropYearMark = (locale: Locale, s: string) => (locale === 'ru' ? s.replace(/\s?г\./g, '') : s);

/** "1–30 June 2026", "2 May – 30 June 2026" in the reader's language. */
export function formatDays(locale: Locale, first: string, last: string): string {
  const f = new Intl.DateTimeFormat(intlLocale(locale), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  return dropYearMark(locale, first === last ? f.format(asDate(first)) : f.formatRange(asDate(first), asDate(last)));
}

const daysOf = (first: string, last: string) => Math.round((Date.parse(last) - Date.parse(first)) / 86_400_000) + 1;

/** One day of the period, described by the hint under both fields. */
function DateField(props: { id: string; name: string; label: string; value: string; invalid?: boolean }) {
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.name}
        type="date"
        value={props.value}
        required
        aria-describedby="dates-hint"
        {...(props.invalid ? { 'aria-invalid': 'true', 'aria-errormessage': 'form-errors' } : {})}
      />
    </div>
  );
}

export function ReportsPage(props: ReportsPageProps) {
  const { locale, base, report } = props;
  const tx: Tx = (id, args) => t(locale, id, args);
  const query = `from=${props.from}&to=${props.to}`;
  const custom = props.choice === 'custom' || props.errors.length > 0;
  return (
    <Layout locale={locale} title={tx('console-reports-title')} wide css={`${REPORTS_CSS}\n${CHART_CSS}\n${PAGE_CSS}`} header={props.header}>
      <div class="pick noprint">
        <nav aria-label={tx('console-reports-choose')}>
          <ul class="periods" id="periods">
            {props.choices.map((c) => (
              <li>
                <a href={`${base}/reports?period=${c.choice}`} aria-current={props.choice === c.choice ? 'true' : undefined} data-choice={c.choice}>
                  {tx(`console-reports-choice-${c.choice}`)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <details class={props.choice === 'custom' ? 'custom on' : 'custom'} id="custom-period" open={custom}>
          <summary>{tx('console-reports-choice-custom')}</summary>
          <Errors locale={locale} messages={props.errors} />
          <form method="get" action={`${base}/reports`}>
            <div class="dates">
              <DateField id="report-from" name="from" label={tx('console-reports-from')} value={props.from} invalid={props.invalid.from} />
              <DateField id="report-to" name="to" label={tx('console-reports-to')} value={props.to} invalid={props.invalid.to} />
            </div>
            <p class="hint" id="dates-hint">
              {tx('console-reports-dates-note', { tz: props.timeZone })}
            </p>
            <button type="submit">{tx('console-reports-show')}</button>
          </form>
        </details>
      </div>
      {report ? (
        <>
          <p class="period" id="report-period">
            <span class="print-only">{report.organisation[locale]} · </span>
            {formatDays(locale, report.period.firstDay, report.period.lastDay)}{' '}
            <span class="nw">· {tx('console-reports-days', { n: daysOf(report.period.firstDay, report.period.lastDay) })}</span>
          </p>
          <p class="period-note">
            {tx('console-reports-compared', { days: formatDays(locale, report.previousPeriod.firstDay, report.previousPeriod.lastDay), tz: report.timeZone })}{' '}
            <a class="noprint" href="#downloads">
              {tx('console-reports-to-downloads')}
            </a>
          </p>
          <ReportBody locale={locale} report={report} series={props.series} />
          <section class="downloads noprint" aria-labelledby="downloads">
            <h2 id="downloads">{tx('console-reports-downloads')}</h2>
            <ul>
              <li>
                <a href={`${base}/reports/download?format=csv&${query}`} download>
                  {tx('console-reports-download-csv')}
                </a>
              </li>
              <li>
                <a href={`${base}/reports/download?format=xlsx&${query}`} download>
                  {tx('console-reports-download-xlsx')}
                </a>
              </li>
              <li>
                <a href={`${base}/reports/download?format=md&${query}`} download>
                  {tx('console-reports-download-md')}
                </a>
              </li>
              {props.canResearch ? (
                <li>
                  <a href={`${base}/reports/research.csv?${query}`} download>
                    {tx('console-reports-download-research')}
                  </a>
                </li>
              ) : null}
            </ul>
          </section>
        </>
      ) : null}
    </Layout>
  );
}

/** The figures on cards at the top: each shown once on the page (the tables below leave them out). */
export const KEY_FIGURES: [SectionId, string, string][] = [
  ['contacts', 'cases', ''],
  ['contacts', 'unique_clients', ''],
  ['contacts', 'new_clients', ''],
  ['emergencies', 'emergencies', ''],
  ['referrals', 'referrals', 'internal'],
  ['referrals', 'referrals', 'external'],
  ['online', 'met_fully_online_share', ''],
  ['response', 'first_reply_median_min', 'on_duty'],
  ['response', 'first_reply_median_min', 'after_hours'],
  ['response', 'after_hours_share', ''],
  ['voice', 'voice_share', ''],
  ['feedback', 'positive_share', ''],
];

/** Sections shown as figure tables, in this order, after the needs and services. */
const TABLE_SECTIONS: SectionId[] = ['contacts', 'referrals', 'online', 'outcomes', 'emergencies', 'response', 'voice', 'phone', 'feedback', 'community'];

/**
 * Rows the page leaves out because another place on it already says them: the recorded cases
 * (the base of the needs table), every case (a key figure), and the share needing an offline
 * step (100 % less the share met online, a key figure).
 */
const REPEATED = new Set(['contacts.recorded.', 'online.recorded.', 'response.cases.all', 'online.needed_offline_share.']);
const rowId = (r: Pick<ReportRow, 'section' | 'metric' | 'key'>) => `${r.section}.${r.metric}.${r.key}`;

export function ReportBody(props: { locale: Locale; report: Report; series?: CaseSeries }) {
  const { locale, report } = props;
  const tx: Tx = (id, args) => t(locale, id, args);
  const get = (section: SectionId, metric: string, key = '') => report.rows.find((r) => r.section === section && r.metric === metric && r.key === key);
  const empty = (get('contacts', 'cases')?.current ?? 0) === 0;
  const keyFigures = KEY_FIGURES.map(([s, m, k]) => get(s, m, k)).filter((r): r is ReportRow => r !== undefined);
  const shown = new Set([...REPEATED, ...keyFigures.map(rowId)]);

  return (
    <>
      {empty ? (
        <p class="notice" id="report-empty">
          {tx('console-reports-empty')}
        </p>
      ) : null}
      <h2 id="key-figures" class="sr">
        {tx('console-reports-key-figures')}
      </h2>
      <dl class="key" aria-labelledby="key-figures">
        {keyFigures.map((r) => (
          <div data-figure={`${r.section}.${r.metric}${r.key ? `.${r.key}` : ''}`}>
            <dt>{tx(`console-reports-kf-${r.metric.replace(/_/g, '-')}${r.key ? `-${r.key.replace(/_/g, '-')}` : ''}`)}</dt>
            <dd>
              <span class="v">{keyValue(locale, r.current, r.unit)}</span>
              <span class="c">
                <ChangeMark locale={locale} change={r.change} /> <span class="nw">{tx('console-reports-before', { previous: keyValue(locale, r.previous, r.unit) })}</span>
              </span>
            </dd>
          </div>
        ))}
      </dl>

      <div class="report-body">
        {props.series ? <SeriesSection locale={locale} series={props.series} /> : null}
        <BreakdownSection locale={locale} report={report} section="needs" />
        <BreakdownSection locale={locale} report={report} section="services" />
        {TABLE_SECTIONS.map((section) => {
          const rows = report.rows.filter((r) => r.section === section && !shown.has(rowId(r)));
          if (rows.length === 0) return null;
          return (
            <section aria-labelledby={`section-${section}`}>
              <h2 id={`section-${section}`}>{tx(`console-reports-section-${section}`)}</h2>
              <FigureTable locale={locale} report={report} rows={rows} id={`table-${section}`} />
            </section>
          );
        })}
      </div>
      <p class="hint privacy">{tx('console-reports-privacy')}</p>
    </>
  );
}

/** Cases per day, week or month as columns, against the previous period's average. */
function SeriesSection(props: { locale: Locale; series: CaseSeries }) {
  const { locale, series } = props;
  const tx: Tx = (id, args) => t(locale, id, args);
  const n = (v: number) => formatValue(locale, v, 'count');
  const mean = series.previousMean === null ? null : new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 1 }).format(series.previousMean);
  const day = new Intl.DateTimeFormat(intlLocale(locale), { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const years = new Set(series.buckets.map((b) => b.first.slice(0, 4))).size > 1;
  const month = new Intl.DateTimeFormat(intlLocale(locale), { month: 'short', ...(years ? { year: '2-digit' } : {}), timeZone: 'UTC' });
  const short = (first: string) => dropYearMark(locale, series.unit === 'month' ? month.format(asDate(first)) : day.format(asDate(first)));
  const long = (b: { first: string; last: string }) => formatDays(locale, b.first, b.last);
  const buckets = series.buckets;
  const axis = buckets.length <= 2 ? buckets.map((b) => short(b.first)) : [buckets[0]!, buckets[Math.floor((buckets.length - 1) / 2)]!, buckets[buckets.length - 1]!].map((b) => short(b.first));
  const title = tx(`console-reports-series-${series.unit}`);
  const items = buckets.map((b) => `${long(b)}: ${n(b.n)}`).join('; ');
  const summary = [tx('console-reports-series-summary', { title, total: n(series.total), items }), mean === null ? '' : tx(`console-reports-series-ref-${series.unit}`, { n: mean })].filter(Boolean).join(' ');
  return (
    <section aria-labelledby="section-series">
      <h2 id="section-series">{title}</h2>
      <ColumnChart id="chart-cases" columns={buckets.map((b) => ({ value: b.n, title: `${long(b)}: ${n(b.n)}` }))} axis={axis} reference={series.previousMean} summary={summary} format={n} />
      <ul class="legend" aria-hidden="true">
        <li>
          <span class="sw cur"></span>
          {tx(`console-reports-series-legend-${series.unit}`)}
        </li>
        {mean === null ? null : (
          <li>
            <span class="sw ref"></span>
            {tx(`console-reports-series-ref-${series.unit}`, { n: mean })}
          </li>
        )}
      </ul>
    </section>
  );
}

/** Cells of a figure's row: now, before, change; `share` adds the share of recorded cases after the count. */
function ValueCells(props: { locale: Locale; row: ReportRow; share?: ReportRow | null }) {
  const { locale, row, share } = props;
  return (
    <>
      <td role="cell" class="n now">{formatValue(locale, row.current, row.unit)}</td>
      {share !== undefined ? <td role="cell" class="n share">{share === null ? '—' : formatValue(locale, share.current, 'percent')}</td> : null}
      <td role="cell" class="n prev" data-label={t(locale, 'console-reports-before-label')}>
        {formatValue(locale, row.previous, row.unit)}
      </td>
      <td role="cell" class="n chgc">
        <ChangeMark locale={locale} change={row.change} />
      </td>
    </>
  );
}

/**
 * The needs (by theme and sub-theme) or the services, the paper's table: each with a bar of this
 * period over the previous one, the count, its share of recorded cases, the count before and the
 * change.
 */
function BreakdownSection(props: { locale: Locale; report: Report; section: 'needs' | 'services' }) {
  const { locale, report, section } = props;
  const tx: Tx = (id, args) => t(locale, id, args);
  const rows = report.rows.filter((r) => r.section === section);
  if (rows.length === 0) return null;
  const get = (metric: string, key = '') => rows.find((r) => r.metric === metric && r.key === key);
  const item = section === 'needs' ? 'need' : 'service';
  const items = rows.filter((r) => r.metric === item);
  const max = Math.max(0, ...items.flatMap((r) => [r.current ?? 0, r.previous ?? 0]));
  const recorded = report.rows.find((r) => r.section === 'contacts' && r.metric === 'recorded' && r.key === '') ?? get('recorded');
  const known = new Set(report.taxonomy.needs.map((n) => n.code));
  const line = (r: ReportRow, kind: 'theme' | 'sub' | 'plain') => (
    <tr role="row" class={kind === 'plain' ? undefined : kind} data-key={kind === 'theme' ? `theme:${r.key}` : r.key}>
      <th role="rowheader" scope="row">
        {keyLabel(locale, report, r)}
        {kind === 'theme' ? null : <RowBars current={r.current ?? 0} previous={r.previous} max={max} />}
      </th>
      <ValueCells locale={locale} row={r} share={get(`${r.metric}_share`, r.key) ?? null} />
    </tr>
  );
  const extra = rows.filter((r) => r.metric === (section === 'needs' ? 'cases_with_several_needs' : 'cases_with_offline_service'));
  return (
    <section aria-labelledby={`section-${section}`}>
      <h2 id={`section-${section}`}>{tx(`console-reports-section-${section}`)}</h2>
      <table role="table" class="fig bars" id={`table-${section}`}>
        <caption>{tx(`console-reports-${section}-caption`)}</caption>
        <ColumnHeads first={tx(section === 'needs' ? 'console-reports-col-need' : 'console-reports-col-service')} figures={[tx('console-reports-col-cases'), tx('console-reports-col-share'), tx('console-reports-col-before'), tx('console-reports-col-change')]} />
        <tbody role="rowgroup">
          {section === 'needs' && recorded ? (
            <tr role="row" class="base" data-key="recorded">
              <th role="rowheader" scope="row">{metricLabel(locale, 'recorded')}</th>
              <ValueCells locale={locale} row={recorded} share={{ ...recorded, current: 100, unit: 'percent' }} />
            </tr>
          ) : null}
          {section === 'needs'
            ? rows
                .filter((r) => r.metric === 'theme')
                .map((theme) => {
                  const codes = new Set(report.taxonomy.needs.filter((n) => n.theme === theme.key).map((n) => n.code));
                  const subs = items.filter((r) => codes.has(r.key) || (theme.key === 'other' && !known.has(r.key)));
                  return (
                    <>
                      {line(theme, 'theme')}
                      {subs.map((r) => line(r, 'sub'))}
                    </>
                  );
                })
            : items.map((r) => line(r, 'plain'))}
          {extra.map((r) => (
            <tr role="row" data-key={r.metric}>
              <th role="rowheader" scope="row">{metricLabel(locale, r.metric)}</th>
              <ValueCells locale={locale} row={r} share={null} />
            </tr>
          ))}
        </tbody>
      </table>
      {section === 'needs' ? <p class="hint">{tx('console-reports-share-note')}</p> : null}
    </section>
  );
}

/** A report table's column heads: what the rows are, then the figures' columns (numbers, right-aligned). */
function ColumnHeads(props: { first: string; figures: string[] }) {
  return (
    <thead role="rowgroup">
      <tr role="row">
        <th role="columnheader" scope="col">
          {props.first}
        </th>
        {props.figures.map((label) => (
          <th role="columnheader" scope="col" class="n">
            {label}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/**
 * Figure, this period, previous period, change: one line per figure; a figure split by a key (a
 * channel, an outcome) is a heading line with its parts under it. On a phone each line becomes a
 * small card (label; the figure and its change; the previous figure under it); the ARIA roles say
 * again what the elements are, as some browsers forget a table's roles once its rows are grids.
 */
function FigureTable(props: { locale: Locale; report: Report; rows: ReportRow[]; id: string }) {
  const { locale, report } = props;
  const tx: Tx = (id, args) => t(locale, id, args);
  // Rows in their order, a keyed metric's rows together under its heading.
  const groups: { metric: string; keyed: boolean; rows: ReportRow[] }[] = [];
  for (const r of props.rows) {
    // A part of a split that is nothing in both periods (no one declined, no case left open) says nothing.
    if (r.key !== '' && r.current === 0 && r.previous === 0) continue;
    const last = groups.at(-1);
    if (r.key !== '' && last?.keyed && last.metric === r.metric) last.rows.push(r);
    else groups.push({ metric: r.metric, keyed: r.key !== '', rows: [r] });
  }
  return (
    <table role="table" class="fig" id={props.id}>
      <ColumnHeads first={tx('console-reports-col-figure')} figures={[tx('console-reports-col-current'), tx('console-reports-col-before'), tx('console-reports-col-change')]} />
      <tbody role="rowgroup">
        {groups.map((g) =>
          g.keyed ? (
            <>
              <tr role="row" class="group">
                <th role="rowheader" scope="colgroup" colspan={4}>
                  {metricLabel(locale, g.metric)}
                </th>
              </tr>
              {g.rows.map((r) => (
                <tr role="row" class="sub" data-key={`${r.metric}:${r.key}`}>
                  <th role="rowheader" scope="row">
                    <span class="sr">{metricLabel(locale, r.metric)}: </span>
                    {keyLabel(locale, report, r)}
                  </th>
                  <ValueCells locale={locale} row={r} />
                </tr>
              ))}
            </>
          ) : (
            <tr role="row" data-key={r0(g).metric}>
              <th role="rowheader" scope="row">{metricLabel(locale, g.metric)}</th>
              <ValueCells locale={locale} row={r0(g)} />
            </tr>
          ),
        )}
      </tbody>
    </table>
  );
}

const r0 = (g: { rows: ReportRow[] }) => g.rows[0]!;
