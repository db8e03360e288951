import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { openDatabase } from '../../src/db/open.ts';
import { freshDatabase } from '../support/database.ts';
import { dumpDatabase } from '../support/privacy-search.ts';
import { ROOT, startMain, type RunningProcess } from '../support/spawn.ts';
import { launchBrowser } from './browser.ts';

/**
 * The anonymous web chat (/chat) in Chromium, as a person in Tor Browser at "Safest" (scripts
 * off) and as one with scripts on, against the system started as `npm start` starts it in sandbox
 * mode; a worker answers from the simulated staff group. One system for the whole file, started
 * behind a "trusted proxy" so a distinctive X-Forwarded-For reaches the app as a real address
 * would; the last test stops it and searches its logs and database.
 *
 * With UPDATE_SCREENSHOTS=1 it writes docs/screenshots/web-chat-*.png; otherwise the screenshots
 * go to SHOTS_DIR (with the landing and the overdose answer too) or a temporary directory, so
 * the code path always runs.
 */
const TEMP_SHOTS = process.env.UPDATE_SCREENSHOTS === '1' || process.env.SHOTS_DIR ? undefined : mkdtempSync(join(tmpdir(), 'web-chat-shots-'));
const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? join(ROOT, 'docs', 'screenshots') : (process.env.SHOTS_DIR ?? TEMP_SHOTS!);

const PHONE = { width: 360, height: 740 };
const PAGE_BUDGET = 50_000;

// What the person wrote and was answered (whole sentences, each found nowhere else), to be found nowhere once the conversation is erased.
const FIRST = 'Где взять чистые иглы рядом с Ладожской? Нужны сегодня вечером.';
const WORKER_REPLY = 'Иглы выдаём в автобусе у Ладожской, сегодня с 11:40 до 14:15. Подходите!';
const OVERDOSE = 'другу плохо, не дышит, героин, губы синие';

// A distinctive address and browser, sent by the "proxy", to be found nowhere at all.
const ADDRESS = '198.51.100.23';
const AGENT_MARKER = 'NetreachAgentMarker-5150';
const AGENT = `Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Firefox/115.0 ${AGENT_MARKER}`;

let browser: Browser;
let address = '';
let proc: RunningProcess | undefined;
let db: Awaited<ReturnType<typeof freshDatabase>> | undefined;

/** Every request any of the person's tabs made, whatever the test. */
const requested: string[] = [];
/** Secrets of conversations the person opened, each to be found neither in the logs nor in the database. */
const secrets: string[] = [];
/** The pseudonym of the conversation kept to the end: the dump must show it, or the search proves nothing. */
let keptPseudonym = '';
/** What each kind of page weighed, for the report. */
const weights: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  db = await freshDatabase();
  // As browser.ts starts it, but kept here: the last test needs the process's output and its database.
  proc = startMain({ DATA_DIR: db.dataDir, PORT: '0', TRUSTED_PROXIES: '127.0.0.1', ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}) });
  address = (await proc.waitForOutput(/running in sandbox mode at (http:\/\/\S+)/))[1]!;
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  if (proc && proc.child.exitCode === null && proc.child.signalCode === null) {
    proc.child.kill('SIGTERM');
    await proc.exited;
  }
  await db?.drop();
  if (TEMP_SHOTS) rmSync(TEMP_SHOTS, { recursive: true, force: true });
});

/** A person's browser: every request it makes is logged. */
async function personContext(opts: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: PHONE, locale: 'ru-RU', ...opts });
  context.on('request', (r) => requested.push(r.url()));
  return context;
}

/**
 * What one page load weighs: the bytes of every response that came while `load` ran and the page
 * settled (the document, its style and script, the watcher frame). The event stream is a
 * connection kept open, not part of a page.
 */
async function weigh(page: Page, name: string, load: () => Promise<unknown>): Promise<number> {
  const bodies: Promise<number>[] = [];
  const parts: string[] = [];
  const onResponse = (r: Response) => {
    if ((r.headers()['content-type'] ?? '').includes('text/event-stream')) return;
    if (r.status() >= 300 && r.status() < 400) return;
    // A frame the script removes as it loads (the watcher, where scripts run) has fetched its
    // document, but the browser no longer holds it: the same GET again tells its size.
    const size = r.body().then(
      (b) => b.length,
      async (err) => {
        if (r.request().method() !== 'GET') throw err;
        return (await (await fetch(r.url())).arrayBuffer()).byteLength;
      },
    );
    bodies.push(
      size.then((n) => {
        parts.push(`${new URL(r.url()).pathname.replace(/\/c\/[^/]+/, '/c/…')} ${n}`);
        return n;
      }),
    );
  };
  page.on('response', onResponse);
  try {
    await load();
    await page.waitForLoadState('load');
    // The watcher frame loads after the page's own load event when scripts are off.
    await page.waitForTimeout(250);
  } finally {
    page.off('response', onResponse);
  }
  const total = (await Promise.all(bodies)).reduce((a, b) => a + b, 0);
  weights.push(`${name}: ${total} B (${parts.join(', ')})`);
  return total;
}

/** The conversation's path (/chat/c/<secret>), from the page. */
async function baseOf(page: Page): Promise<string> {
  const base = (await page.locator('.chat').getAttribute('data-base'))!;
  expect(base).toMatch(/^\/chat\/c\/[A-Za-z0-9_-]{32,}$/);
  secrets.push(base.split('/').at(-1)!);
  return base;
}

/** The pseudonym the page gives the person ("Вы — «Клиент X»"), which names the case's staff topic. */
async function pseudonymOf(page: Page): Promise<string> {
  const said = await page.locator('.chat .top p').first().textContent();
  return /«Клиент ([^»]+)»/.exec(said ?? '')![1]!;
}

/** A worker answers in the case's topic of the staff group, in the simulator (a browser of their own, scripts off). */
async function workerReplies(pseudonym: string, text: string): Promise<void> {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
  const staff = await context.newPage();
  await staff.goto(`${address}/sandbox/staff`);
  const topic = staff.locator('#topics a', { hasText: pseudonym });
  expect(await topic.first().textContent()).toContain('🌐');
  await topic.first().click();
  await staff.getByLabel('Сообщение').fill(text);
  await staff.getByRole('button', { name: 'Отправить', exact: true }).click();
  await context.close();
}

/** The newest message is on the screen, between the header and the composer. */
async function newestInView(page: Page): Promise<void> {
  const last = await page.locator('ol > li.msg').last().boundingBox();
  const composer = await page.locator('form.compose').boundingBox();
  expect(last).not.toBeNull();
  expect(composer).not.toBeNull();
  expect(composer!.y + composer!.height).toBeLessThanOrEqual(page.viewportSize()!.height + 1);
  expect(last!.y + last!.height).toBeLessThanOrEqual(composer!.y + 1);
  expect(last!.y).toBeGreaterThanOrEqual(0);
}

/** The top of `item` is on the screen, between the header and the composer. */
async function inView(page: Page, item: ReturnType<Page['locator']>): Promise<void> {
  const box = await item.boundingBox();
  const log = await page.locator('#log').boundingBox();
  expect(box).not.toBeNull();
  expect(box!.y).toBeGreaterThanOrEqual(log!.y - 1);
  expect(box!.y).toBeLessThan(log!.y + log!.height - 40);
}

const bodyText = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('the anonymous web chat in a browser', () => {
  it('works with scripts off: write, the bot answers, a worker\'s reply after a check, overdose steps in the same response, end and erase', { timeout: 45_000 }, async () => {
    const context = await personContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await weigh(page, 'landing (scripts off)', () => page.goto(`${address}/chat`));
    if (process.env.SHOTS_DIR) await page.screenshot({ path: join(process.env.SHOTS_DIR, 'web-chat-landing-360.png') });
    await page.locator('#write textarea#text').fill(FIRST);
    await weigh(page, 'conversation (scripts off)', () => page.locator('#write button.send').click());
    const base = await baseOf(page);
    const pseudonym = await pseudonymOf(page);
    expect(await page.locator('li.msg.me').last().textContent()).toContain(FIRST);
    expect(await page.locator('li.msg:not(.me)').allTextContents()).toContainEqual(expect.stringMatching(/передано сотруднику|уже у сотрудников/));
    expect(await page.locator('#link').textContent()).toContain(base);

    await workerReplies(pseudonym, WORKER_REPLY);
    // Without scripts nothing changes on its own: the page is as it was sent.
    expect(await page.locator('ol').textContent()).not.toContain(WORKER_REPLY);

    // The watcher frame offers the new message once it checks ("Проверить сейчас" instead of waiting 30 s).
    const watcher = page.frameLocator('iframe.watch');
    const show = watcher.getByRole('link', { name: 'Показать' });
    for (let i = 0; i < 40 && !(await show.count()); i++) {
      const check = watcher.getByRole('link', { name: 'Проверить сейчас' });
      if (await check.count()) await check.click();
      await page.waitForTimeout(250);
    }
    expect(await watcher.locator('body').textContent()).toMatch(/Новое сообщение/);
    await show.click();
    await page.waitForURL((u) => u.pathname === base && u.hash === '#last' && u.search.startsWith('?seen='));
    expect(await page.locator('li.msg#last').textContent()).toContain(WORKER_REPLY);
    expect(await page.locator('li.msg:not(.me)', { hasText: WORKER_REPLY }).count()).toBe(1);
    await newestInView(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: join(SHOTS, 'web-chat-360.png') });

    // An overdose: the verified steps are in the response to the very request that carried the message.
    await page.locator('form.compose textarea#text').fill(OVERDOSE);
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === base), page.locator('form.compose button.send').click()]);
    expect(response.status()).toBe(200);
    const steps = bodyText(await response.text());
    expect(steps).toContain(OVERDOSE);
    expect(steps).toMatch(/налоксон/i);
    expect(steps).toMatch(/103|112/);
    // The page opens at the top of the answer (…#new): the steps are what the eye meets, not the questions after them.
    await page.waitForLoadState('load');
    expect(new URL(page.url()).hash).toBe('#new');
    const answer = page.locator('li.msg#new');
    expect(await answer.textContent()).toMatch(/103|112/);
    await inView(page, answer);
    if (process.env.SHOTS_DIR) await page.screenshot({ path: join(process.env.SHOTS_DIR, 'web-chat-overdose-360.png') });

    // The information pages and the end's confirmation are light too.
    await weigh(page, 'info /chat/info/overdose (scripts off)', () => page.goto(`${address}/chat/info/overdose`));
    expect(await page.locator('main').textContent()).toMatch(/налоксон/i);
    await page.goto(`${address}${base}`);

    // End and erase: the link in the options, the confirmation, the erased page; the link is dead after.
    await page.locator('details.opts summary').click();
    await weigh(page, 'end confirmation (scripts off)', () => page.locator('details.opts a', { hasText: 'Завершить и стереть' }).click());
    expect(new URL(page.url()).pathname).toBe(`${base}/end`);
    await page.locator('button.danger').click();
    expect(await page.locator('main').textContent()).toMatch(/Разговор завершён и стёрт/);
    const dead = await page.goto(`${address}${base}`);
    expect(dead!.status()).toBe(404);
    await context.close();
  });

  it('with scripts on, shows the worker\'s reply on the open page without a reload', { timeout: 30_000 }, async () => {
    const context = await personContext();
    const page = await context.newPage();
    await weigh(page, 'landing (scripts on)', () => page.goto(`${address}/chat`));
    await page.locator('#write textarea#text').fill('Подскажите, где пройти тест на ВИЧ анонимно?');
    await weigh(page, 'conversation (scripts on)', () => page.locator('#write button.send').click());
    const base = await baseOf(page);
    // The script shows the conversation's own link in the address bar and takes the watcher frame away.
    await page.waitForFunction((b) => location.pathname === b, base);
    expect(await page.locator('iframe.watch').count()).toBe(0);

    let navigations = 0;
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame()) navigations++;
    });
    await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    const reply = 'Тест можно сдать в СПИД-центре, анонимно и бесплатно.';
    await workerReplies(await pseudonymOf(page), reply);
    await page.locator('ol > li.msg', { hasText: reply }).waitFor({ timeout: 15_000 });
    expect(navigations).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    await page.waitForTimeout(300);
    await newestInView(page);

    await weigh(page, 'info /chat/info/overdose (scripts on)', () => page.goto(`${address}/chat/info/overdose`));
    await weigh(page, 'end confirmation (scripts on)', () => page.goto(`${address}${base}/end`));

    // The same conversation on a computer's screen.
    await page.goto(`${address}${base}`);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.locator('ol > li.msg', { hasText: reply }).waitFor();
    await page.waitForTimeout(200);
    await newestInView(page);
    await page.screenshot({ path: join(SHOTS, 'web-chat-1280.png') });
    await context.close();
  });

  it('a conversation from a distinctive address and browser, through a trusted proxy', { timeout: 30_000 }, async () => {
    const context = await personContext({ javaScriptEnabled: false, userAgent: AGENT, extraHTTPHeaders: { 'X-Forwarded-For': ADDRESS } });
    const page = await context.newPage();
    expect(await page.goto(`${address}/chat`).then((r) => r!.request().headers()['x-forwarded-for'])).toBe(ADDRESS);
    await page.locator('#write textarea#text').fill('Когда сегодня работает мобильный пункт?');
    await page.locator('#write input[name=remember]').check();
    await page.locator('#write button.send').click();
    const base = await baseOf(page);
    keptPseudonym = await pseudonymOf(page);
    await workerReplies(keptPseudonym, 'Сегодня с 11 до 14 у Ладожской.');
    await page.waitForTimeout(500);
    await page.goto(`${address}${base}`);
    expect(await page.locator('ol').textContent()).toContain('Сегодня с 11 до 14');
    await page.locator('form.compose textarea#text').fill('Спасибо!');
    await page.locator('form.compose button.send').click();
    await page.goto(`${address}/chat/info/unit`);
    // Remembered on this device: the landing offers the conversation again.
    await page.goto(`${address}/chat`);
    await page.getByRole('link', { name: 'Продолжить ваш разговор' }).click();
    expect(new URL(page.url()).pathname).toBe(base);
    await context.close();
  });

  it('loads nothing from another origin, and every page weighs under 50 KB', () => {
    console.log(`web chat page weights (budget ${PAGE_BUDGET} B):\n  ${weights.join('\n  ')}`);
    expect(weights.length).toBe(8);
    for (const w of weights) expect(Number(/: (\d+) B/.exec(w)![1]), w).toBeLessThan(PAGE_BUDGET);
    const origin = new URL(address).origin;
    expect(requested.length).toBeGreaterThan(10);
    expect(requested.filter((u) => new URL(u).origin !== origin)).toEqual([]);
  });

  it('after the process stops, neither its logs nor its database hold the address, the browser, an erased conversation or a link', { timeout: 30_000 }, async () => {
    proc!.child.kill('SIGTERM');
    await proc!.exited;
    const logs = proc!.output();
    const opened = await openDatabase(db!);
    let dump: string;
    try {
      dump = await dumpDatabase(opened.db);
    } finally {
      await opened.close();
    }
    expect(dump).toContain(keptPseudonym);
    expect(secrets.length).toBe(3);
    const nowhere = [ADDRESS, AGENT_MARKER, ...secrets];
    const erased = [FIRST, WORKER_REPLY, OVERDOSE];
    const found = [...nowhere.filter((n) => logs.includes(n)).map((n) => `logs: ${n}`), ...[...nowhere, ...erased].filter((n) => dump.includes(n)).map((n) => `database: ${n}`), ...erased.filter((n) => logs.includes(n)).map((n) => `logs: ${n}`)];
    expect(found).toEqual([]);
  });
});
