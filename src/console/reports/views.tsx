import type { Child } from 'hono/jsx';
import { keyLabel, metricLabel, rowLabel } from '../../reports/labels.ts';
import type { Locale } from '../../config.ts';
import { t } from '../../i18n/index.ts';
import type { Report, ReportRow, SectionId } from '../../reports/compute.ts';
import { BarChart, type BarRow } from '../frame/charts.tsx';
import { Errors, Layout } from '../frame/layout.tsx';
import { LogoutForm } from '../views/pages.tsx';

export interface ReportsPageProps {
  locale: Locale;
  base: string;
  /** The console's navigation (SignedInHeader). */
  header: Child;
  /** The days in the form, as asked (or the defaults). */
  from: string;
  to: string;
  timeZone: string;
  errors: string[];
  invalid: { from?: boolean; to?: boolean };
  report?: Report;
  canResearch: boolean;
}

/** Tables, figures and the date fields: what the shared stylesheet does not have. */
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

type Tx = (id: string, args?: Record<string, string | number>) => string;

/** Numbers in the reader's language: counts and minutes as they are, shares with " %". */
export function formatValue(locale: Locale, value: number | null, unit: ReportRow['unit']): string {
  if (value === null) return '—';
  const n = new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { maximumFractionDigits: 2 }).format(value);
  return unit === 'percent' ? `${n} %` : n;
}

/** The report's change ("+89 %", "+4.6 pp", "new") in the reader's language. */
export function formatChange(locale: Locale, change: string): string {
  if (change === '') return '—';
  if (change === 'new') return t(locale, 'console-reports-change-new');
  const pp = / pp$/.test(change);
  const n = change.replace(/ (pp|%)$/, '');
  const number = locale === 'ru' ? n.replace('.', ',') : n;
  return pp ? `${number} ${t(locale, 'console-reports-pp')}` : `${number} %`;
}

function labeller(locale: Locale, report: Report) {
  return {
    metric: (m: string) => metricLabel(locale, m),
    key: (row: Pick<ReportRow, 'section' | 'metric' | 'key'>) => keyLabel(locale, report, row),
    row: (r: ReportRow) => rowLabel(locale, report, r),
  };
}

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
  const home = base || '/';
  const query = `from=${props.from}&to=${props.to}`;
  return (
    <Layout
      locale={locale}
      title={tx('console-reports-title')}
      wide
      css={REPORTS_CSS}
      header={props.header}
    >
      <p>{tx('console-reports-intro')}</p>
      <Errors locale={locale} messages={props.errors} />
      <form method="get" action={`${base}/reports`}>
        <div class="dates">
          <DateField id="report-from" name="from" label={tx('console-reports-from')} value={props.from} invalid={props.invalid.from} />
          <DateField id="report-to" name="to" label={tx('console-reports-to')} value={props.to} invalid={props.invalid.to} />
        </div>
        <p class="hint" id="dates-hint">
          {tx('console-reports-dates-hint', { tz: props.timeZone })}
        </p>
        <button type="submit">{tx('console-reports-show')}</button>
      </form>
      {report ? (
        <>
          <p id="report-period">
            {tx('console-reports-period', {
              from: report.period.firstDay,
              to: report.period.lastDay,
              tz: report.timeZone,
              pfrom: report.previousPeriod.firstDay,
              pto: report.previousPeriod.lastDay,
            })}
          </p>
          <h2 id="downloads">{tx('console-reports-downloads')}</h2>
          <ul class="downloads">
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
          <ReportBody locale={locale} report={report} />
        </>
      ) : null}
    </Layout>
  );
}

const KEY_FIGURES: [SectionId, string, string][] = [
  ['contacts', 'cases', ''],
  ['contacts', 'unique_clients', ''],
  ['contacts', 'new_clients', ''],
  ['online', 'met_fully_online_share', ''],
  ['referrals', 'referrals', 'internal'],
  ['referrals', 'referrals', 'external'],
  ['emergencies', 'emergencies', ''],
  ['response', 'first_reply_median_min', 'on_duty'],
  ['response', 'after_hours_share', ''],
  ['voice', 'voice_share', ''],
  ['feedback', 'positive_share', ''],
];

/** Sections shown as plain figure tables, each with which of its metrics (all when omitted). */
const PLAIN_SECTIONS: { section: SectionId; metrics?: string[] }[] = [
  { section: 'contacts' },
  { section: 'referrals', metrics: ['cases_referred', 'referrals', 'completed', 'completed_share', 'internal_outcome', 'external_outcome', 'internal_to_role'] },
  { section: 'online' },
  { section: 'outcomes' },
  { section: 'emergencies' },
  { section: 'response' },
  { section: 'voice' },
  { section: 'phone' },
  { section: 'feedback' },
  { section: 'community' },
];

export function ReportBody(props: { locale: Locale; report: Report }) {
  const { locale, report } = props;
  const tx: Tx = (id, args) => t(locale, id, args);
  const L = labeller(locale, report);
  const get = (section: SectionId, metric: string, key = '') => report.rows.find((r) => r.section === section && r.metric === metric && r.key === key);
  const cases = get('contacts', 'cases');
  const empty = (cases?.current ?? 0) === 0;
  const keyFigures = KEY_FIGURES.map(([s, m, k]) => get(s, m, k)).filter((r): r is ReportRow => r !== undefined);

  return (
    <>
      {empty ? (
        <p class="notice" id="report-empty">
          {tx('console-reports-empty')}
        </p>
      ) : null}
      <h2 id="key-figures">{tx('console-reports-key-figures')}</h2>
      <dl class="kf">
        {keyFigures.map((r) => (
          <div data-figure={`${r.section}.${r.metric}${r.key ? `.${r.key}` : ''}`}>
            <dt>{L.row(r)}</dt>
            <dd>
              <span class="v">{formatValue(locale, r.current, r.unit)}</span>
              <span class="c">{tx('console-reports-against', { change: formatChange(locale, r.change), previous: formatValue(locale, r.previous, r.unit) })}</span>
            </dd>
          </div>
        ))}
      </dl>

      <NeedsSection locale={locale} report={report} />
      <ServicesSection locale={locale} report={report} />

      {PLAIN_SECTIONS.map(({ section, metrics }) => {
        const rows = report.rows.filter((r) => r.section === section && (!metrics || metrics.includes(r.metric)));
        if (rows.length === 0) return null;
        return (
          <section aria-labelledby={`section-${section}`}>
            <h2 id={`section-${section}`}>{tx(`console-reports-section-${section}`)}</h2>
            <FigureTable locale={locale} report={report} rows={rows} id={`table-${section}`} />
          </section>
        );
      })}
      <p class="hint">{tx('console-reports-privacy')}</p>
    </>
  );
}

/** Figure, this period, previous period, change: one line per row of the report. */
function FigureTable(props: { locale: Locale; report: Report; rows: ReportRow[]; id: string }) {
  const { locale } = props;
  const tx: Tx = (id, args) => t(locale, id, args);
  const L = labeller(locale, props.report);
  return (
    <div class="scroll">
      <table id={props.id}>
        <thead>
          <tr>
            <th scope="col">{tx('console-reports-col-figure')}</th>
            <th scope="col" class="n">
              {tx('console-reports-col-current')}
            </th>
            <th scope="col" class="n">
              {tx('console-reports-col-previous')}
            </th>
            <th scope="col" class="n">
              {tx('console-reports-col-change')}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <th scope="row">{L.row(r)}</th>
              <td class="n">{formatValue(locale, r.current, r.unit)}</td>
              <td class="n">{formatValue(locale, r.previous, r.unit)}</td>
              <td class="n">{formatChange(locale, r.change)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Cases, share, previous cases, previous share, change: the paper's table. */
function CountShareHead(props: { locale: Locale; first: string }) {
  const tx: Tx = (id, args) => t(props.locale, id, args);
  return (
    <thead>
      <tr>
        <th scope="col">{props.first}</th>
        <th scope="col" class="n">
          {tx('console-reports-col-cases')}
        </th>
        <th scope="col" class="n">
          {tx('console-reports-col-share')}
        </th>
        <th scope="col" class="n">
          {tx('console-reports-col-previous')}
        </th>
        <th scope="col" class="n">
          {tx('console-reports-col-previous-share')}
        </th>
        <th scope="col" class="n">
          {tx('console-reports-col-change')}
        </th>
      </tr>
    </thead>
  );
}

function CountShareRow(props: { locale: Locale; label: string; count: ReportRow; share: ReportRow | undefined; kind: 'theme' | 'sub' | 'plain'; code: string }) {
  const { locale, count, share } = props;
  return (
    <tr class={props.kind === 'plain' ? undefined : props.kind} data-key={props.code}>
      <th scope="row">{props.label}</th>
      <td class="n">{formatValue(locale, count.current, 'count')}</td>
      <td class="n">{formatValue(locale, share?.current ?? null, 'percent')}</td>
      <td class="n">{formatValue(locale, count.previous, 'count')}</td>
      <td class="n">{formatValue(locale, share?.previous ?? null, 'percent')}</td>
      <td class="n">{formatChange(locale, count.change)}</td>
    </tr>
  );
}

function chartSummary(locale: Locale, title: string, rows: BarRow[]): string {
  const n = (v: number) => formatValue(locale, v, 'count');
  const items = rows.map((r) => (r.previous === null ? `${r.label} ${n(r.current)}` : `${r.label} ${n(r.current)} (${n(r.previous)})`)).join('; ');
  return t(locale, 'console-reports-chart-summary', { title, items });
}

function NeedsSection(props: { locale: Locale; report: Report }) {
  const { locale, report } = props;
  const tx: Tx = (id, args) => t(locale, id, args);
  const L = labeller(locale, report);
  const rows = report.rows.filter((r) => r.section === 'needs');
  const shareOf = (r: ReportRow) => rows.find((x) => x.metric === `${r.metric}_share` && x.key === r.key);
  const needs = rows.filter((r) => r.metric === 'need');
  const bars: BarRow[] = needs.map((r) => ({ label: L.key(r), current: r.current ?? 0, previous: r.previous }));
  const title = tx('console-reports-chart-needs');
  const recorded = rows.find((r) => r.metric === 'recorded');
  const known = new Set(report.taxonomy.needs.map((n) => n.code));
  const rest = rows.filter((r) => r.metric === 'cases_with_several_needs');
  return (
    <section aria-labelledby="section-needs">
      <h2 id="section-needs">{tx('console-reports-section-needs')}</h2>
      <ChartFigure locale={locale} id="chart-needs" title={title} bars={bars} />
      <div class="scroll">
        <table id="table-needs">
          <caption>{tx('console-reports-needs-caption')}</caption>
          <CountShareHead locale={locale} first={tx('console-reports-col-need')} />
          <tbody>
            {recorded ? (
              <tr data-key="recorded">
                <th scope="row">{L.row(recorded)}</th>
                <td class="n">{formatValue(locale, recorded.current, 'count')}</td>
                <td class="n">100 %</td>
                <td class="n">{formatValue(locale, recorded.previous, 'count')}</td>
                <td class="n">100 %</td>
                <td class="n">{formatChange(locale, recorded.change)}</td>
              </tr>
            ) : null}
            {rows
              .filter((r) => r.metric === 'theme')
              .map((theme) => {
                const codes = new Set(report.taxonomy.needs.filter((n) => n.theme === theme.key).map((n) => n.code));
                const subs = needs.filter((r) => codes.has(r.key) || (theme.key === 'other' && !known.has(r.key)));
                return (
                  <>
                    <CountShareRow locale={locale} label={L.key(theme)} count={theme} share={shareOf(theme)} kind="theme" code={`theme:${theme.key}`} />
                    {subs.map((r) => (
                      <CountShareRow locale={locale} label={L.key(r)} count={r} share={shareOf(r)} kind="sub" code={r.key} />
                    ))}
                  </>
                );
              })}
          </tbody>
        </table>
      </div>
      <p class="hint">{tx('console-reports-share-note')}</p>
      {rest.length ? <FigureTable locale={locale} report={report} rows={rest} id="table-needs-more" /> : null}
    </section>
  );
}

/** A bar chart of this period against the previous one, captioned, with a pointer to the table below. */
function ChartFigure(props: { locale: Locale; id: string; title: string; bars: BarRow[] }) {
  const { locale } = props;
  return (
    <figure>
      <figcaption id={`${props.id}-caption`}>{props.title}</figcaption>
      <BarChart
        id={props.id}
        rows={props.bars}
        legendCurrent={t(locale, 'console-reports-col-current')}
        legendPrevious={t(locale, 'console-reports-col-previous')}
        summary={chartSummary(locale, props.title, props.bars)}
        format={(v) => formatValue(locale, v, 'count')}
      />
      <p class="hint">{t(locale, 'console-reports-chart-table-note')}</p>
    </figure>
  );
}

function ServicesSection(props: { locale: Locale; report: Report }) {
  const { locale, report } = props;
  const tx: Tx = (id, args) => t(locale, id, args);
  const L = labeller(locale, report);
  const rows = report.rows.filter((r) => r.section === 'services');
  const services = rows.filter((r) => r.metric === 'service');
  const bars: BarRow[] = services.map((r) => ({ label: L.key(r), current: r.current ?? 0, previous: r.previous }));
  const title = tx('console-reports-chart-services');
  const rest = rows.filter((r) => r.metric !== 'service' && r.metric !== 'service_share');
  return (
    <section aria-labelledby="section-services">
      <h2 id="section-services">{tx('console-reports-section-services')}</h2>
      <ChartFigure locale={locale} id="chart-services" title={title} bars={bars} />
      <div class="scroll">
        <table id="table-services">
          <CountShareHead locale={locale} first={tx('console-reports-col-service')} />
          <tbody>
            {services.map((r) => (
              <CountShareRow locale={locale} label={L.key(r)} count={r} share={rows.find((x) => x.metric === 'service_share' && x.key === r.key)} kind="plain" code={r.key} />
            ))}
          </tbody>
        </table>
      </div>
      {rest.length ? <FigureTable locale={locale} report={report} rows={rest} id="table-services-more" /> : null}
    </section>
  );
}
