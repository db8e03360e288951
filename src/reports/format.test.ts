import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../test/support/csv.ts';
import { freshDatabase } from '../../test/support/database.ts';
import { seedPaperDataset } from '../../test/support/paper-dataset.ts';
import { openDatabase, type Database } from '../db/open.ts';
import { DEFAULT_SETTINGS } from '../organisation/settings.ts';
import { computeReport, SECTIONS, type Report } from './compute.ts';
import { csvField, toCsv, toJson, toMarkdown, toXlsx } from './format.ts';

describe('report formats', () => {
  let database: Database;
  let drop: () => Promise<void>;
  let report: Report;
  beforeAll(async () => {
    const fresh = await freshDatabase();
    drop = fresh.drop;
    database = await openDatabase(fresh);
    const data = await seedPaperDataset(database.db);
    report = await computeReport(database.db, { from: data.current.from, to: data.current.to, settings: DEFAULT_SETTINGS, byWorker: true, workerName: (id) => (id === data.staffIds[0] ? 'Ann, "the night one"' : undefined) });
  });
  afterAll(async () => {
    await database?.close();
    await drop?.();
  });

  it('CSV: one RFC 4180 line per figure with section, metric, key, current, previous, change', () => {
    const csv = toCsv(report);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual(['section', 'metric', 'key', 'current', 'previous', 'change']);
    expect(rows).toHaveLength(report.rows.length + 1);
    expect(rows.every((r) => r.length === 6)).toBe(true);
    expect(rows).toContainEqual(['contacts', 'cases', '', '301', '160', '+88 %']);
    expect(rows).toContainEqual(['needs', 'need', 'home_detox_information', '5', '2', '+150 %']);
    expect(rows).toContainEqual(['workers', 'cases', 'Ann, "the night one"', expect.any(String), expect.any(String), expect.any(String)]);
    expect(csv).toContain('"Ann, ""the night one"""');
    expect(csvField('a\nb')).toBe('"a\nb"');
    expect(csvField('=1+1')).toBe('=1+1'); // plain field; keys that look like formulas are prefixed by toCsv
  });

  it('JSON round-trips the report', () => {
    expect(JSON.parse(toJson(report))).toEqual(report);
  });

  it('xlsx, read back with exceljs, has the same numbers as the CSV, a sheet per section', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await toXlsx(report)) as unknown as ArrayBuffer);
    const csvRows = parseCsv(toCsv(report)).slice(1);
    const sheets = wb.worksheets.map((w) => w.name);
    // A section with no rows (the community chat's, when the chat is not used) has no sheet.
    const present = SECTIONS.filter((s) => report.rows.some((r) => r.section === s));
    expect(sheets).toEqual(['about', ...present]);
    const fromXlsx: string[][] = [];
    for (const section of present) {
      const ws = wb.getWorksheet(section)!;
      expect(ws.getRow(1).values).toEqual([undefined, 'metric', 'key', 'current', 'previous', 'change', 'label']);
      ws.eachRow((row, n) => {
        if (n === 1) return;
        const v = (c: number) => {
          const x = row.getCell(c).value;
          return x === null || x === undefined ? '' : String(x);
        };
        fromXlsx.push([section, v(1), v(2), v(3), v(4), v(5)]);
        if (v(3) !== '') expect(typeof row.getCell(3).value).toBe('number');
      });
    }
    expect(fromXlsx).toEqual(csvRows);
  });

  it('Markdown in Russian and English: the needs table with taxonomy labels, and the comparison', () => {
    const ru = toMarkdown(report, 'ru');
    const en = toMarkdown(report, 'en');
    expect(ru).toContain('# Отчёт о работе веб-аутрича: Гуманитарное действие');
    expect(ru).toContain('| Обращения (случаи) | 301 | 160 | +88 % |');
    expect(ru).toMatch(/\|  \| Детокс на дому \| 5 \| 1,7 % \| 2 \| 1,3 % \| \+150 % \|/);
    expect(ru).toContain('Тема 2: онлайн и офлайн');
    expect(en).toMatch(/\|  \| Home detox information \| 5 \| 1\.7 % \| 2 \| 1\.3 % \| \+150 % \|/);
    expect(en).toContain('| Contacts (cases) | 301 | 160 | +88 % |');
    expect(en).toContain('Ann, "the night one"');
    expect(ru).toContain('Сотрудник №');
    for (const md of [ru, en]) {
      // Every table row has as many cells as its header.
      const tables = md.split('\n\n').filter((b) => b.startsWith('|'));
      for (const t of tables) {
        const widths = t.split('\n').map((l) => l.replace(/\\\|/g, '').split('|').length);
        expect(new Set(widths).size).toBe(1);
      }
    }
  });
});
