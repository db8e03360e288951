import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clientWrites, setUpFirstAdmin, useBrowserSandbox } from './browser.ts';

const sandbox = useBrowserSandbox();

describe('reports in the console', () => {
  it('shows this period with its charts and downloads it as CSV and XLSX with the same figures', async () => {
    // A client writes first, so the period has a case in it.
    await clientWrites(sandbox, 'Пётр', 'где можно сдать тест на ВИЧ анонимно');

    const context = await sandbox.browser.newContext({ viewport: { width: 360, height: 780 }, acceptDownloads: true });
    const page = await context.newPage();
    await setUpFirstAdmin(page, sandbox.setupLink);
    await page.getByRole('link', { name: 'Отчёты' }).click();
    // Today in the sandbox organisation's zone: periods are calendar days there.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow' }).format(new Date());
    await page.getByLabel('Первый день').fill(today);
    await page.getByLabel(/Последний день/).fill(today);
    await page.getByRole('button', { name: 'Показать отчёт' }).click();
    expect(await page.textContent('#report-period')).toContain(today);
    await page.waitForSelector('main svg');

    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Показатели в CSV' }).click()]);
    const csv = readFileSync((await csvDownload.path())!, 'utf8');
    const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /xlsx/ }).click()]);
    expect(xlsxDownload.suggestedFilename()).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await xlsxDownload.path())!);

    expect(csvDownload.suggestedFilename()).toBe(`netreach-report-${today}-${today}.csv`);
    // The case opened today is counted, and every CSV row is the same row of its section's sheet.
    const lines = csv.trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
    expect(lines).toContainEqual(['contacts', 'cases', '', '1', '0', 'new']);
    const sheetRows = (name: string) => {
      const rows: string[][] = [];
      book.getWorksheet(name)!.eachRow((row, n) => {
        if (n > 1) rows.push([1, 2, 3, 4, 5].map((c) => (row.getCell(c).value ?? '').toString()));
      });
      return rows;
    };
    const sections = [...new Set(lines.map((l) => l[0]!))];
    for (const section of sections) expect(sheetRows(section)).toEqual(lines.filter((l) => l[0] === section).map((l) => l.slice(1)));
  });
});
