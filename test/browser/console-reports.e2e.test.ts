import ExcelJS from 'exceljs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { confirmTotpEnrolment, createAccount, pendingTotpSecret } from '../../src/console/auth/accounts.ts';
import { totp } from '../../src/console/auth/totp.ts';
import { cases, clients, messages, referrals, staffMembers } from '../../src/db/schema/index.ts';
import { mulberry32 } from '../../src/domain/seeded-random.ts';
import { DEFAULT_TAXONOMY, metFullyOnline } from '../../src/domain/taxonomy.ts';
import { ROOT } from '../support/spawn.ts';
import { useBrowserSandbox, freshTotp } from './browser.ts';

/**
 * The reports page in Chromium as a director reads it: on a 360-px phone and a 1280-px screen,
 * and printed on A4. Two months of cases are seeded (the last 30 days and the 30 before), so the
 * page opens on the last 30 days with the cases that exist and compares them with the month
 * before. With UPDATE_SCREENSHOTS=1 it writes the README's reports screenshots; with
 * SHOTS_DIR=<dir>, screenshots and the PDF there.
 */
const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? join(ROOT, 'docs', 'screenshots') : process.env.SHOTS_DIR;
const PASSWORD = 'длинная фраза-пароль 2026';
const ZONE = 'Europe/Moscow';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let secret = '';
/** Cases opened in the last 30 days (today included) and in the 30 days before. */
let recent = 0;
let before = 0;

/** What a worker records, by the needs a case had. */
const PLANS: { needs: string[]; services: string[]; referral?: { kind: 'internal' | 'external'; toRole: string | null } }[] = [
  { needs: ['minor_injection_complications'], services: ['verified_advice'] },
  { needs: ['hr_hiv_hcv_information'], services: ['information', 'mobile_unit_invitation'] },
  { needs: ['offline_services'], services: ['internal_referral', 'mobile_unit_invitation'], referral: { kind: 'internal', toRole: 'social_worker' } },
  { needs: ['offline_services', 'psychological_support'], services: ['internal_referral', 'psychological_support'], referral: { kind: 'internal', toRole: 'psychologist' } },
  { needs: ['hr_services'], services: ['information', 'mobile_unit_invitation'] },
  { needs: ['severe_injection_complications'], services: ['internal_referral', 'mobile_unit_invitation'], referral: { kind: 'internal', toRole: 'doctor' } },
  { needs: ['psychological_support'], services: ['psychological_support'] },
  { needs: ['home_detox_information'], services: ['information', 'external_referral'], referral: { kind: 'external', toRole: null } },
  { needs: ['hr_hiv_hcv_information', 'hr_services'], services: ['information'] },
];

const sandbox = useBrowserSandbox({
  prepare: async ({ db, vault }) => {
    const created = await createAccount(db, { login: 'dina', displayName: 'Дина', role: 'coordinator', password: PASSWORD });
    if (!created.ok) throw new Error(created.problems.join());
    secret = await pendingTotpSecret(db, vault, created.account);
    await confirmTotpEnrolment(db, vault, created.account, totp(secret, Date.now() - 30_000), new Date());

    const r = mulberry32(12);
    const [worker] = await db.insert(staffMembers).values({ tgHash: 'seed-staff', userSealed: 'seed-staff-sealed', specialisations: [], firstSeenAt: new Date(Date.now() - 90 * DAY), lastSeenAt: new Date() }).returning({ id: staffMembers.id });
    const now = Date.now();
    // 42 cases over the last 29 days (one a few minutes ago), 27 over days 31 to 58 before today: every
    // one well inside its period whatever the hour. Each closed with a record; some with an emergency,
    // a referral, a rating, voice messages.
    const openings = [
      ...Array.from({ length: 42 }, (_, i) => now - 5 * 60_000 - Math.floor((i / 42) * 28 * DAY) - Math.floor(r() * 10 * HOUR)),
      ...Array.from({ length: 27 }, (_, i) => now - 31 * DAY - Math.floor((i / 27) * 27 * DAY) - Math.floor(r() * 10 * HOUR)),
    ];
    const clientOf: number[] = [];
    for (const [i, at] of openings.entries()) {
      const openedAt = new Date(at);
      const plan = i % 17 === 5 ? { needs: ['overdose'], services: ['overdose_guidance', 'ambulance_called'] } : PLANS[Math.floor(r() * PLANS.length)]!;
      // One case in four is a client coming back (their earlier case is closed).
      const client =
        i % 4 === 3 && i > 8
          ? { id: clientOf[i - 7]! }
          : (
              await db
                .insert(clients)
                .values({ tgHash: `seed-client-${i}`, chatSealed: `seed-chat-${i}`, pseudonym: `RS${String(i).padStart(3, '0')}`, firstContact: ['chat', 'direct', 'peer', 'unit'][i % 4]!, firstSeenAt: openedAt, lastSeenAt: openedAt })
                .returning({ id: clients.id })
            )[0];
      clientOf.push(client!.id);
      const firstReply = new Date(at + Math.floor((3 + r() * 40) * 60_000));
      const closedAt = new Date(firstReply.getTime() + 2 * HOUR);
      const [row] = await db
        .insert(cases)
        .values({
          clientId: client!.id,
          status: 'closed',
          channel: i % 5 === 0 ? 'community' : 'bot',
          openedAt,
          lastActivityAt: closedAt,
          firstStaffReplyAt: firstReply,
          closedAt,
          closedBy: worker!.id,
          claimedBy: worker!.id,
          claimedAt: firstReply,
          emergencyAt: plan.needs.includes('overdose') ? openedAt : null,
          afterHours: i % 3 === 0,
          feedbackRating: i % 4 === 0 ? (i % 12 === 0 ? -1 : 1) : null,
          feedbackAt: i % 4 === 0 ? closedAt : null,
          taxonomyVersion: DEFAULT_TAXONOMY.version,
          needs: plan.needs,
          services: plan.services,
          phoneCall: ['not_proposed', 'not_proposed', 'accepted', 'refused'][i % 4]!,
          outcome: ['resolved', 'resolved', 'partly_resolved', 'referred'][i % 4]!,
          metOnline: metFullyOnline(DEFAULT_TAXONOMY, plan.needs, plan.services),
          recordedAt: closedAt,
        })
        .returning({ id: cases.id });
      await db.insert(messages).values([
        { caseId: row!.id, direction: 'client', kind: i % 6 === 0 ? 'voice' : 'text', createdAt: openedAt },
        { caseId: row!.id, direction: 'staff', kind: 'text', staffMemberId: worker!.id, createdAt: firstReply },
      ]);
      const referral = 'referral' in plan ? plan.referral : undefined;
      if (referral) {
        await db.insert(referrals).values({ caseId: row!.id, kind: referral.kind, toRole: referral.toRole, createdBy: worker!.id, createdAt: firstReply, outcome: i % 3 === 0 ? 'pending' : 'done', outcomeAt: i % 3 === 0 ? null : closedAt });
      }
      if (i < 42) recent++;
      else before++;
    }
  },
});

const localDay = (at: number) => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date(at));

/** Nothing wider than the screen; the widest offenders named when there is. */
async function overflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    const wide = [...document.querySelectorAll<HTMLElement>('main *')].filter((e) => e.getBoundingClientRect().right > width + 0.5).slice(0, 5);
    return [`${document.documentElement.scrollWidth} > ${width}`, ...wide.map((e) => `${e.tagName}#${e.id}.${e.className}`)];
  });
}

/** Change marks (and, where tables have visible headings, the "change" headings) not wholly on the screen, or cut off by a box around them. */
async function clippedChanges(page: Page, headings: boolean): Promise<string[]> {
  return page.evaluate((headings) => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    const marks = [...document.querySelectorAll<HTMLElement>(headings ? 'main .chg, main table.fig thead th:last-child' : 'main .chg')];
    for (const el of marks) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.right > width || box.left < 0) out.push(`${el.textContent} at ${Math.round(box.left)}–${Math.round(box.right)}`);
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const style = getComputedStyle(p);
        const clips = style.overflowX !== 'visible' || style.overflow !== 'visible';
        const outer = p.getBoundingClientRect();
        if (clips && (box.right > outer.right + 0.5 || box.left < outer.left - 0.5)) out.push(`${el.textContent} cut by ${p.tagName}.${p.className}`);
      }
    }
    return out;
  }, headings);
}

/** Pages of a PDF: its page objects (`/Type /Page`, not `/Pages`). */
const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;

describe('reports in the console', () => {
  it('opens on the last 30 days with the cases that exist; fits a phone, a desktop screen and two A4 pages; downloads CSV and XLSX with the same figures', async () => {
    for (const dir of [SHOTS, process.env.SHOTS_DIR]) if (dir) mkdirSync(dir, { recursive: true });
    const context = await sandbox.browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'ru-RU', acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${sandbox.address}/console/login`);
    await page.getByLabel('Логин').fill('dina');
    await page.getByLabel('Пароль').fill(PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.locator('#code').fill(freshTotp(secret));
    await page.locator('#code').press('Enter');
    await page.waitForURL(/\/console$/);

    // The default period: the last 30 days, today included, in the organisation's zone.
    await page.goto(`${sandbox.address}/console/reports`);
    const today = localDay(Date.now());
    const first = localDay(Date.parse(`${today}T12:00:00Z`) - 29 * DAY);
    expect(await page.locator('#report-from').inputValue()).toBe(first);
    expect(await page.locator('#report-to').inputValue()).toBe(today);
    expect(await page.locator('#periods a[aria-current="true"]').textContent()).toBe('30 дней');
    expect(await page.textContent('#report-period')).toContain('30 дней');
    expect(await page.textContent('[data-figure="contacts.cases"] .v')).toBe(String(recent));
    expect(await page.textContent('[data-figure="contacts.cases"] .c')).toContain(`ранее ${before}`);
    expect(await page.locator('#report-empty').count()).toBe(0);
    // Cases per day: 30 columns adding up to the cases, the previous period's average as a line.
    const columns = await page.locator('#chart-cases .cols-bar').evaluateAll((bars) => bars.map((b) => Number(/: (\d+)$/.exec(b.getAttribute('title') ?? '')?.[1])));
    expect(columns).toHaveLength(30);
    expect(columns.reduce((a, n) => a + n, 0)).toBe(recent);
    expect(await page.locator('#chart-cases .cols-ref').count()).toBe(1);
    expect(await page.getByRole('img', { name: /^Обращения по дням: всего \d+\./ }).count()).toBe(1);

    // On a phone: nothing wider than the screen, the tables' rows as small cards.
    expect(await overflow(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await page.locator('#table-referrals tbody tr').first().evaluate((tr) => getComputedStyle(tr).display)).toBe('grid');
    // The column headings stay for screen readers only.
    expect((await page.locator('#table-referrals thead').boundingBox())!.height).toBeLessThanOrEqual(1);
    expect(await page.locator('#table-needs td.prev').first().evaluate((td) => getComputedStyle(td, '::before').content)).toBe('"ранее"');
    expect(await clippedChanges(page, false)).toEqual([]);
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'console-reports-360.png') });
    if (process.env.SHOTS_DIR) await page.screenshot({ path: join(process.env.SHOTS_DIR, 'console-reports-360-full.png'), fullPage: true });

    // The downloads are the period's: the CSV's figures are those on the page and in the workbook.
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Показатели в CSV' }).click()]);
    expect(csvDownload.suggestedFilename()).toBe(`netreach-report-${first}-${today}.csv`);
    const csv = readFileSync((await csvDownload.path())!, 'utf8');
    const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Показатели в таблице (xlsx)' }).click()]);
    expect(xlsxDownload.suggestedFilename()).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await xlsxDownload.path())!);
    const lines = csv.trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
    expect(lines).toContainEqual(['contacts', 'cases', '', String(recent), String(before), expect.stringMatching(/^[+-]|^±/)]);
    const sheetRows = (name: string) => {
      const rows: string[][] = [];
      book.getWorksheet(name)!.eachRow((row, n) => {
        if (n > 1) rows.push([1, 2, 3, 4, 5].map((c) => (row.getCell(c).value ?? '').toString()));
      });
      return rows;
    };
    for (const section of new Set(lines.map((l) => l[0]!))) expect(sheetRows(section)).toEqual(lines.filter((l) => l[0] === section).map((l) => l.slice(1)));

    // The quick choices and a custom period, without scripts needed.
    await page.getByRole('link', { name: '7 дней', exact: true }).click();
    await page.waitForURL(/period=7d/);
    expect(await page.textContent('#report-period')).toContain('7 дней');
    expect(await page.locator('#chart-cases .cols-bar').count()).toBe(7);
    await page.locator('#custom-period summary').click();
    await page.getByLabel('Первый день').fill(first);
    await page.getByLabel(/Последний день/).fill(first);
    await page.getByRole('button', { name: 'Показать отчёт' }).click();
    await page.waitForURL(/from=/);
    expect(await page.textContent('#report-period')).toContain('1 день');
    expect(await page.locator('#custom-period').getAttribute('open')).not.toBeNull();

    // On a desktop screen: the same default, nothing clipped, every change mark and "Изменение" heading in view.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${sandbox.address}/console/reports`);
    expect(await page.textContent('[data-figure="contacts.cases"] .v')).toBe(String(recent));
    expect(await overflow(page)).toEqual([]);
    const headings = page.locator('table.fig thead th:last-child');
    expect(await headings.count()).toBeGreaterThan(5);
    for (const h of await headings.all()) expect(await h.textContent()).toBe('Изменение');
    expect(await headings.first().isVisible()).toBe(true);
    expect(await clippedChanges(page, true)).toEqual([]);
    // Two columns of sections where there is room.
    expect(await page.locator('.report-body').evaluate((el) => getComputedStyle(el).columnCount)).toBe('2');
    if (SHOTS) await page.screenshot({ path: join(SHOTS, 'console-reports-1280.png') });
    if (process.env.SHOTS_DIR) await page.screenshot({ path: join(process.env.SHOTS_DIR, 'console-reports-1280-full.png'), fullPage: true });

    // Printed: no console around it, at most two A4 pages.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header').isVisible()).toBe(false);
    expect(await page.locator('#periods').isVisible()).toBe(false);
    expect(await page.locator('#custom-period').isVisible()).toBe(false);
    expect(await page.locator('#downloads').isVisible()).toBe(false);
    expect(await page.locator('#report-period').isVisible()).toBe(true);
    if (process.env.SHOTS_DIR) {
      // The printable width of A4 less the page's margins, at 96 px an inch.
      await page.setViewportSize({ width: 711, height: 1047 });
      await page.screenshot({ path: join(process.env.SHOTS_DIR, 'console-reports-print.png'), fullPage: true });
    }
    // page.pdf prints with the print styles (and A4's own width), as a browser's "Print" does.
    const pdf = await page.pdf({ format: 'A4' });
    if (process.env.SHOTS_DIR) writeFileSync(join(process.env.SHOTS_DIR, 'console-reports.pdf'), pdf);
    const pages = pdfPages(pdf);
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(2);
    await context.close();
  });
});
