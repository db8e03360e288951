import { existsSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { totp } from '../../src/console/auth/totp.ts';
import { openDatabase, type Db } from '../../src/db/open.ts';
import { loadOrCreateSecretKey } from '../../src/privacy/secret-key.ts';
import { Vault } from '../../src/privacy/vault.ts';
import { freshDatabase } from '../support/database.ts';
import { startMain } from '../support/spawn.ts';

export const CHROMIUM = '/usr/bin/chromium';

/** Debian's Chromium, headless, with no network beyond this machine's. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`the browser tests need ${CHROMIUM} (npm test installs it when run as root; otherwise: sudo apt-get install chromium)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

const lastStep = new Map<string, number>();
/**
 * A second-factor code the app has not accepted yet: the server takes each time step once per
 * account, so a second sign-in within the same 30 s uses the next step (within its ±1 window).
 */
export function freshTotp(secret: string): string {
  const step = Math.max(Math.floor(Date.now() / 30_000), (lastStep.get(secret) ?? -1) + 1);
  lastStep.set(secret, step);
  return totp(secret, step * 30_000);
}

/** Creates the first admin through the one-time link, enrols the second factor, and ends signed in at /console. */
export async function setUpFirstAdmin(page: Page, setupLink: string, login = 'coordinator', name = 'Координатор'): Promise<void> {
  await page.goto(setupLink);
  await page.getByLabel(/Логин/).fill(login);
  await page.getByLabel(/Имя/).fill(name);
  await page.locator('#password').fill('длинная фраза-пароль 2026');
  await page.locator('#password2').fill('длинная фраза-пароль 2026');
  await page.getByRole('button').first().click();
  const secret = (await page.locator('#totp-secret').textContent())!.replace(/\s+/g, '');
  await page.locator('#code').fill(freshTotp(secret));
  await page.locator('#code').press('Enter');
  // The ten recovery codes, shown once after the second factor is set up; then on to the console.
  await page.locator('#recovery-continue').click();
  await page.waitForURL(/\/console$/);
}

/**
 * Chromium and the system started as `npm start` starts it in sandbox mode, for a browser test
 * file: call in `beforeAll`, and `stop()` in `afterAll`. `prepare` writes to the database (with
 * the key the process will use) before the process starts, e.g. to create accounts; then
 * `setupLink` is '' (the link is printed only while there is no account). `env` adds configuration
 * (e.g. `TRUSTED_PROXIES`).
 */
export async function startBrowserSandbox(
  opts: { prepare?: (d: { db: Db; vault: Vault }) => Promise<void>; env?: Record<string, string> } = {},
): Promise<{ browser: Browser; address: string; setupLink: string; stop(): Promise<void> }> {
  const browser = await launchBrowser();
  const db = await freshDatabase();
  if (opts.prepare) {
    // The embedded database opens in one process at a time: prepared and closed before the start.
    const opened = await openDatabase(db);
    try {
      await opts.prepare({ db: opened.db, vault: new Vault(loadOrCreateSecretKey(db.dataDir).key) });
    } finally {
      await opened.close();
    }
  }
  const proc = startMain({ DATA_DIR: db.dataDir, PORT: '0', ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}), ...opts.env });
  const address = (await proc.waitForOutput(/running in sandbox mode at (http:\/\/\S+)/))[1]!;
  const setupLink = opts.prepare ? '' : (await proc.waitForOutput(/create the first admin at (http:\/\/\S+)/))[1]!;
  return {
    browser,
    address,
    setupLink,
    stop: async () => {
      await browser.close();
      proc.child.kill('SIGTERM');
      await proc.exited;
    },
  };
}

/**
 * A new client writes to the bot in the simulator (a tab of its own, scripts off, as on an old
 * phone); returns that chat's page.
 */
export async function clientWrites(sandbox: { browser: Browser; address: string }, name: string, text: string): Promise<Page> {
  const sim = await (await sandbox.browser.newContext({ javaScriptEnabled: false })).newPage();
  await sim.goto(`${sandbox.address}/sandbox`);
  await sim.getByLabel(/Имя в Telegram/).fill(name);
  await sim.getByRole('button', { name: /Создать и открыть чат/ }).click();
  await sim.getByLabel('Сообщение').fill(text);
  await sim.getByRole('button', { name: 'Отправить', exact: true }).click();
  return sim;
}

/**
 * `startBrowserSandbox` for a whole test file: started in `beforeAll`, stopped in `afterAll`. Read
 * `browser`, `address` and `setupLink` inside the tests (they exist once `beforeAll` has run).
 */
export function useBrowserSandbox(opts: Parameters<typeof startBrowserSandbox>[0] = {}): { readonly browser: Browser; readonly address: string; readonly setupLink: string } {
  let started: Awaited<ReturnType<typeof startBrowserSandbox>> | undefined;
  beforeAll(async () => {
    started = await startBrowserSandbox(opts);
  });
  afterAll(async () => {
    await started?.stop();
  });
  const get = () => {
    if (!started) throw new Error('the browser sandbox starts in beforeAll');
    return started;
  };
  return {
    get browser() {
      return get().browser;
    },
    get address() {
      return get().address;
    },
    get setupLink() {
      return get().setupLink;
    },
  };
}
