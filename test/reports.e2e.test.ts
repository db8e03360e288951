import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/open.ts';
import { DEFAULT_SETTINGS } from '../src/organisation/settings.ts';
import { computeReport } from '../src/reports/compute.ts';
import { toCsv } from '../src/reports/format.ts';
import { parseCsv } from './support/csv.ts';
import { freshDatabase } from './support/database.ts';
import { seedPaperDataset, type PaperDataset } from './support/paper-dataset.ts';
import { ROOT } from './support/spawn.ts';

/** Runs `node bin/netreach.mjs …` as an operator would, with only the given environment. */
function netreach(args: string[], env: Record<string, string>, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'netreach.mjs'), ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('netreach report / export (command line)', () => {
  let env: Record<string, string>;
  let dataDir: string;
  let drop: () => Promise<void>;
  let data: PaperDataset;
  let expectedCsv: string;
  beforeAll(async () => {
    const fresh = await freshDatabase();
    drop = fresh.drop;
    dataDir = fresh.dataDir;
    const database = await openDatabase(fresh);
    try {
      data = await seedPaperDataset(database.db);
      expectedCsv = toCsv(await computeReport(database.db, { from: data.current.from, to: data.current.to, settings: DEFAULT_SETTINGS }));
    } finally {
      await database.close();
    }
    env = { DATA_DIR: dataDir, ...(fresh.databaseUrl ? { DATABASE_URL: fresh.databaseUrl } : {}) };
  });
  afterAll(async () => {
    await drop?.();
  });

  it('prints the CSV report for days in the organisation time zone, the same as computed in-process', async () => {
    const r = await netreach(['report', '--from', '2025-11-01', '--to', '2026-06-30', '--format', 'csv'], env, dataDir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(expectedCsv);
    expect(parseCsv(r.stdout)).toContainEqual(['contacts', 'cases', '', '301', '160', '+88 %']);
  });

  it('writes the Markdown report by worker in English to --out, and an xlsx', async () => {
    const md = join(dataDir, 'report.md');
    const r = await netreach(['report', '--from', '2025-11-01', '--to', '2026-06-30', '--by', 'worker', '--lang', 'en', '--out', md], env, dataDir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const text = readFileSync(md, 'utf8');
    expect(text).toContain('| Contacts (cases) | 301 | 160 | +88 % |');
    expect(text).toContain(`| Worker #${data.staffIds[0]} |`);

    const xlsx = join(dataDir, 'report.xlsx');
    const x = await netreach(['report', '--from', '2025-11-01', '--to', '2026-06-30', '--format', 'xlsx', '--out', xlsx], env, dataDir);
    expect(x.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(xlsx) as unknown as ArrayBuffer);
    expect(wb.getWorksheet('contacts')!.getRow(2).values).toEqual([undefined, 'cases', '', 301, 160, '+88 %', 'Обращения (случаи)']); // DEFAULT_LOCALE: ru
  });

  it('exports the research rows as JSON and CSV', async () => {
    const j = await netreach(['export', '--from', '2025-11-01', '--to', '2026-06-30', '--format', 'json'], env, dataDir);
    expect(j.code).toBe(0);
    const rows = JSON.parse(j.stdout) as { id: string; week: string }[];
    expect(rows).toHaveLength(301);
    expect(rows[0]!.week).toMatch(/^20\d\d-W\d\d$/);
    const c = await netreach(['export', '--from', '2026-01-01', '--to', '2026-01-31'], env, dataDir);
    expect(c.code).toBe(0);
    const csv = parseCsv(c.stdout);
    expect(csv[0]![0]).toBe('id');
    expect(csv.length).toBeGreaterThan(10);
    expect(csv.length).toBeLessThan(100);
  });

  it('refuses bad arguments with one line on stderr and exit status 2', async () => {
    const cases: [string[], RegExp][] = [
      [['report', '--from', '2026-01-01'], /--to is required/],
      [['report', '--from', '2026-13-01', '--to', '2026-06-30'], /--from must be a day/],
      [['report', '--from', '2026-02-30', '--to', '2026-06-30'], /--from must be a day/],
      [['report', '--from', '2026-06-30', '--to', '2026-01-01'], /is before --from/],
      [['report', '--from', '2026-01-01', '--to', '2026-06-30', '--format', 'pdf'], /--format must be one of md, csv, json, xlsx/],
      [['report', '--from', '2026-01-01', '--to', '2026-06-30', '--by', 'client'], /--by must be "worker"/],
      [['report', '--from', '2026-01-01', '--to', '2026-06-30', '--lang', 'de'], /--lang must be ru or en/],
      [['report', '--from', '2026-01-01', '--to', '2026-06-30', '--verbose'], /Unknown option '--verbose'/],
      [['export', '--from', '2026-01-01', '--to', '2026-06-30', '--format', 'xlsx'], /--format must be one of csv, json for export/],
      [['publish'], /unknown command "publish"/],
      [[], /a command is required/],
    ];
    const results = await Promise.all(cases.map(([args]) => netreach(args, env, dataDir)));
    for (const [i, [args, message]] of cases.entries()) {
      const r = results[i]!;
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  });
});
