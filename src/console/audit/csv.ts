import type { Locale } from '../../config.ts';
import { t } from '../../i18n/index.ts';
import type { AuditEntry } from './data.ts';
import { auditActionLabel, auditDetailText, roleLabel } from './words.ts';

/**
 * The audit log as a CSV file for a spreadsheet: RFC 4180, UTF-8 with a byte-order mark (so
 * spreadsheet programs read Cyrillic right), a header row in the reader's language.
 */

/**
 * One field. A text a spreadsheet would run as a formula (starting with = + - @, or a tab or
 * carriage return before one) is prefixed with an apostrophe: names, logins and details are typed
 * by people and could be an attack on whoever opens the file. Then quoted when it holds a comma,
 * a quote or a line break, quotes doubled.
 */
export function csvCell(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: ReadonlyArray<string | number | null | undefined>): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

export const CSV_BOM = '\uFEFF';

export function auditCsvHeader(locale: Locale, timeZone: string): string {
  return csvLine(
    ['time', 'time-utc', 'login', 'name', 'role', 'action', 'action-code', 'case', 'detail'].map((k) => t(locale, `console-audit-csv-${k}`, { tz: timeZone })),
  );
}

/** `YYYY-MM-DD HH:MM:SS` on the wall clock of `timeZone`: sorts as text, reads as a time. */
const localFormatters = new Map<string, Intl.DateTimeFormat>();
export function localStamp(timeZone: string, at: Date): string {
  let f = localFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    localFormatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

export function auditCsvRow(locale: Locale, timeZone: string, e: AuditEntry): string {
  return csvLine([
    localStamp(timeZone, e.at),
    e.at.toISOString(),
    e.login ?? '',
    e.accountName ?? (e.accountId === null ? t(locale, 'console-audit-no-account') : `#${e.accountId}`),
    e.role ? roleLabel(locale, e.role) : '',
    auditActionLabel(locale, e.action),
    e.action,
    e.caseId ?? '',
    auditDetailText(locale, e.action, e.detail),
  ]);
}
