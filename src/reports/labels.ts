import type { Locale } from '../config.ts';
import { t } from '../i18n/index.ts';
import type { Report, ReportRow, SectionId } from './compute.ts';

/**
 * The words for a report's sections, figures and keys, in one place for the Markdown report, the
 * xlsx labels and the console's page: the `console-reports-*` messages of the i18n files. A code
 * with no words stays as it is, so a new figure shows up rather than disappearing.
 */

const hyphen = (code: string) => code.replace(/_/g, '-');

function lookup(locale: Locale, id: string, fallback: string): string {
  const s = t(locale, id);
  return s === id ? fallback : s;
}

export function sectionTitle(locale: Locale, section: SectionId): string {
  return lookup(locale, `console-reports-section-${section}`, section);
}

export function metricLabel(locale: Locale, metric: string): string {
  return lookup(locale, `console-reports-metric-${hyphen(metric)}`, metric);
}

/** A row's key in words: the report's own taxonomy first, then the fixed vocabulary, then the code. */
export function keyLabel(locale: Locale, report: Pick<Report, 'taxonomy'>, row: Pick<ReportRow, 'section' | 'metric' | 'key'>): string {
  if (row.section === 'workers') return row.key.replace(/^Worker #/, locale === 'ru' ? 'Сотрудник №' : 'Worker #');
  if (row.metric === 'need' || row.metric === 'need_share') {
    const n = report.taxonomy.needs.find((x) => x.code === row.key);
    if (n) return n.label[locale];
  }
  if (row.metric === 'service' || row.metric === 'service_share') {
    const s = report.taxonomy.services.find((x) => x.code === row.key);
    if (s) return s.label[locale];
  }
  return lookup(locale, `console-reports-key-${hyphen(row.key)}`, row.key);
}

export function rowLabel(locale: Locale, report: Pick<Report, 'taxonomy'>, row: Pick<ReportRow, 'section' | 'metric' | 'key'>): string {
  const m = metricLabel(locale, row.metric);
  return row.key === '' ? m : `${m}: ${keyLabel(locale, report, row)}`;
}
