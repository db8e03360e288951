import ExcelJS from 'exceljs';
import type { Locale } from '../config.ts';
import { SECTIONS, type Report, type ReportRow, type SectionId } from './compute.ts';
import { keyLabel, metricLabel, rowLabel, sectionTitle } from './labels.ts';

/**
 * The report in four formats. CSV, JSON and xlsx carry exactly the report's rows (codes, numbers,
 * change); Markdown is the readable donor report in Russian or English, with labels from the
 * report's taxonomy.
 */

const TEXT = {
  title: { ru: 'Отчёт о работе веб-аутрича', en: 'Web outreach report' },
  period: { ru: 'Период', en: 'Period' },
  comparison: { ru: 'Сравнение с предыдущим периодом той же длины', en: 'Compared with the previous period of equal length' },
  timeZone: { ru: 'часовой пояс', en: 'time zone' },
  summary: { ru: 'Главное', en: 'Key figures' },
  metric: { ru: 'Показатель', en: 'Figure' },
  current: { ru: 'Период', en: 'This period' },
  previous: { ru: 'Ранее', en: 'Previous' },
  change: { ru: 'Изменение', en: 'Change' },
  cases: { ru: 'Случаи', en: 'Cases' },
  share: { ru: 'Доля', en: 'Share' },
  previousShare: { ru: 'Доля ранее', en: 'Previous share' },
  shareNote: {
    ru: 'Доли — от случаев с заполненной карточкой; у случая может быть несколько потребностей, поэтому сумма может превышать 100 %. Изменение долей — в процентных пунктах (п. п.).',
    en: 'Shares are of cases with a closing record; a case may have several needs, so shares can add up to more than 100 %. Shares change in percentage points (pp).',
  },
  privacy: {
    ru: 'Отчёт построен только по структуре случаев (коды, время, число сообщений); тексты сообщений не читались.',
    en: 'Built from the structure of cases only (codes, times, message counts); no message text was read.',
  },
  worker: { ru: 'Сотрудник', en: 'Worker' },
  minutes: { ru: 'мин', en: 'min' },
};

function num(value: number | null, unit: ReportRow['unit'], locale: Locale): string {
  if (value === null) return '—';
  const n = new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { maximumFractionDigits: 2 }).format(value);
  return unit === 'percent' ? `${n} %` : n;
}

function localChange(change: string, locale: Locale): string {
  if (change === '') return '—';
  if (locale === 'en') return change;
  if (change === 'new') return 'новое';
  return change.replace('.', ',').replace(/ pp$/, ' п. п.');
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** A Markdown table; the first `textColumns` columns align left, the numbers right. */
function table(header: string[], rows: string[][], textColumns = 1): string {
  const lines = [`| ${header.map(cell).join(' | ')} |`, `|${header.map((_, i) => (i < textColumns ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const r of rows) lines.push(`| ${r.map(cell).join(' | ')} |`);
  return lines.join('\n');
}

/** A readable donor report in Russian or English: key figures, the paper's needs table, every section with the comparison. */
export function toMarkdown(report: Report, locale: Locale = 'ru'): string {
  const t = (k: keyof typeof TEXT) => TEXT[k][locale];
  const get = (section: SectionId, metric: string, key = '') => report.rows.find((r) => r.section === section && r.metric === metric && r.key === key);
  const p = report.period;
  const q = report.previousPeriod;
  const out: string[] = [];
  out.push(`# ${t('title')}: ${report.organisation[locale]}`, '');
  out.push(`**${t('period')}:** ${p.firstDay} — ${p.lastDay} (${t('timeZone')} ${report.timeZone})  `);
  out.push(`**${t('comparison')}:** ${q.firstDay} — ${q.lastDay}`, '');
  out.push(`_${t('privacy')}_`, '');

  const line = (r: ReportRow | undefined): string[] | undefined =>
    r && [rowLabel(locale, report, r), num(r.current, r.unit, locale), num(r.previous, r.unit, locale), localChange(r.change, locale)];
  const header = [t('metric'), t('current'), t('previous'), t('change')];

  const summary = [
    get('contacts', 'cases'),
    get('contacts', 'unique_clients'),
    get('contacts', 'new_clients'),
    get('online', 'met_fully_online_share'),
    get('referrals', 'referrals', 'internal'),
    get('referrals', 'referrals', 'external'),
    get('emergencies', 'emergencies'),
    get('response', 'first_reply_median_min', 'on_duty'),
    get('response', 'after_hours_share'),
    get('feedback', 'positive_share'),
  ]
    .map(line)
    .filter((x): x is string[] => x !== undefined);
  out.push(`## ${t('summary')}`, '', table(header, summary), '');

  for (const section of SECTIONS) {
    const rows = report.rows.filter((r) => r.section === section);
    if (rows.length === 0) continue;
    out.push(`## ${sectionTitle(locale, section)}`, '');
    if (section === 'needs' || section === 'services') {
      // The paper's table: each need (or service) with its count and share, now and before.
      const countMetric = section === 'needs' ? 'need' : 'service';
      const shareOf = (r: ReportRow) => get(section, `${r.metric}_share`, r.key);
      const paired = (r: ReportRow, first: string, second: string) => {
        const s = shareOf(r);
        return [first, second, num(r.current, r.unit, locale), num(s?.current ?? null, 'percent', locale), num(r.previous, r.unit, locale), num(s?.previous ?? null, 'percent', locale), localChange(r.change, locale)];
      };
      const head = [section === 'needs' ? metricLabel(locale, 'theme') : '', metricLabel(locale, countMetric), t('cases'), t('share'), t('previous'), t('previousShare'), t('change')];
      const body: string[][] = [];
      if (section === 'needs') {
        const recorded = get('needs', 'recorded');
        if (recorded) body.push([rowLabel(locale, report, recorded), '', num(recorded.current, 'count', locale), '100 %', num(recorded.previous, 'count', locale), '100 %', localChange(recorded.change, locale)]);
        for (const theme of rows.filter((r) => r.metric === 'theme')) {
          body.push(paired(theme, `**${keyLabel(locale, report, theme)}**`, ''));
          const codes = new Set(report.taxonomy.needs.filter((n) => n.theme === theme.key).map((n) => n.code));
          for (const need of rows.filter((r) => r.metric === 'need' && (codes.has(r.key) || (theme.key === 'other' && !report.taxonomy.needs.some((n) => n.code === r.key))))) {
            body.push(paired(need, '', keyLabel(locale, report, need)));
          }
        }
      } else {
        for (const s of rows.filter((r) => r.metric === 'service')) body.push(paired(s, '', keyLabel(locale, report, s)));
      }
      out.push(table(head, body, 2), '');
      const rest = rows.filter((r) => !['theme', 'theme_share', 'need', 'need_share', 'service', 'service_share', 'recorded'].includes(r.metric));
      if (rest.length) out.push(table(header, rest.map((r) => line(r)!)), '');
      if (section === 'needs') out.push(`_${t('shareNote')}_`, '');
      continue;
    }
    if (section === 'workers') {
      const metrics = [...new Set(rows.map((r) => r.metric))];
      const workers = [...new Set(rows.map((r) => r.key))];
      const head = [t('worker'), ...metrics.map((m) => metricLabel(locale, m))];
      const body = workers.map((w) => {
        const first = rows.find((r) => r.key === w)!;
        return [keyLabel(locale, report, first), ...metrics.map((m) => {
          const r = rows.find((x) => x.key === w && x.metric === m);
          return r ? `${num(r.current, r.unit, locale)} (${num(r.previous, r.unit, locale)})` : '—';
        })];
      });
      out.push(table(head, body), '', `_${t('current')} (${t('previous').toLowerCase()})_`, '');
      continue;
    }
    out.push(table(header, rows.map((r) => line(r)!)), '');
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// CSV, JSON, xlsx: the same rows, machine-readable.

export const CSV_HEADER = ['section', 'metric', 'key', 'current', 'previous', 'change'] as const;

/** One RFC 4180 field: quoted when it holds a comma, a quote or a line break; quotes doubled. */
export function csvField(value: string | number | null | undefined): string {
  const s = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A key that a spreadsheet would run as a formula (a worker's name from a resolver) is prefixed with an apostrophe. */
function safeKey(key: string): string {
  return /^[=+\-@\t\r]/.test(key) ? `'${key}` : key;
}

export function csvLines(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** `section,metric,key,current,previous,change`, one line per figure, CRLF line ends (RFC 4180). */
export function toCsv(report: Report): string {
  return csvLines([CSV_HEADER, ...report.rows.map((r) => [r.section, r.metric, safeKey(r.key), r.current, r.previous, r.change])]);
}

export function toJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}

/**
 * An xlsx workbook: an "about" sheet (organisation, periods), then one sheet per section with the
 * CSV's columns and numbers (numbers as numbers) and a readable label in `locale`.
 */
export async function toXlsx(report: Report, locale: Locale = 'en'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Netreach';
  const about = wb.addWorksheet('about');
  about.addRows([
    ['organisation', report.organisation[locale]],
    ['time_zone', report.timeZone],
    ['period', `${report.period.firstDay} — ${report.period.lastDay}`],
    ['previous_period', `${report.previousPeriod.firstDay} — ${report.previousPeriod.lastDay}`],
    ['taxonomy_version', report.taxonomy.version],
  ]);
  about.getColumn(1).width = 18;
  about.getColumn(2).width = 40;
  for (const section of SECTIONS) {
    const rows = report.rows.filter((r) => r.section === section);
    if (rows.length === 0) continue;
    const ws = wb.addWorksheet(section);
    ws.addRow([...CSV_HEADER.slice(1), 'label']).font = { bold: true };
    for (const r of rows) ws.addRow([r.metric, safeKey(r.key), r.current, r.previous, r.change, rowLabel(locale, report, r)]);
    ws.getColumn(1).width = 30;
    ws.getColumn(2).width = 32;
    ws.getColumn(6).width = 60;
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
