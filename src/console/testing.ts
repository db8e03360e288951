import { eq } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { accounts } from '../db/schema/index.ts';
import { loadOrCreateSecretKey } from '../privacy/secret-key.ts';
import { Vault } from '../privacy/vault.ts';
import { confirmTotpEnrolment, createAccount, pendingTotpSecret } from './auth/accounts.ts';
import type { Account } from './auth/sessions.ts';
import { totp } from './auth/totp.ts';
import { totpRequired, type Role } from './policy.ts';

/** Test support for the console's tests (databases: `useFreshDatabases` in test/support/database.ts). */
export const testVault = new Vault(Buffer.alloc(32, 7));


/** A clock the test moves by hand. */
export function testClock(start = Date.parse('2026-03-02T10:00:00Z')) {
  let at = start;
  return { now: () => new Date(at), advance: (ms: number) => void (at += ms) };
}

/** The password `signedIn` gives test accounts. */
export const TEST_PASSWORD = 'a long enough passphrase';

/** A browser with a cookie jar that talks to an app through `app.request` (no socket). */
export class TestBrowser {
  readonly cookies = new Map<string, string>();
  /** The Set-Cookie lines of the last answer. */
  lastSetCookie: string[] = [];
  html = '';
  constructor(
    readonly app: { request: (url: string, init?: RequestInit) => Response | Promise<Response> },
    /** Sent with every request (e.g. `x-forwarded-proto`). */
    readonly headers: Record<string, string> = {},
  ) {}

  get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.send(path, { method: 'GET', headers });
  }

  /** Posts a form, adding the CSRF token of the last page unless `_csrf` is given. */
  post(path: string, fields: Record<string, string> = {}): Promise<Response> {
    const body = new URLSearchParams({ _csrf: this.csrf(), ...fields });
    return this.send(path, { method: 'POST', body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  }

  csrf(): string {
    return /name="_csrf" value="([^"]+)"/.exec(this.html)?.[1] ?? '';
  }

  async send(path: string, init: RequestInit): Promise<Response> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await this.app.request(`http://localhost${path}`, { ...init, headers: { ...this.headers, ...(init.headers as object), ...(cookie ? { cookie } : {}) } });
    this.lastSetCookie = res.headers.getSetCookie();
    for (const line of this.lastSetCookie) {
      const [pair] = line.split(';');
      const [name, value] = pair!.split('=') as [string, string];
      if (/Max-Age=0/.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    if ((res.headers.get('content-type') ?? '').startsWith('text/html')) this.html = await res.clone().text();
    return res;
  }
}

/**
 * A browser signed in (password, and the code from the app for roles that need one) as a new
 * account of `role`, the console mounted at /console. `clock` must be the console's clock.
 */
export async function signedIn(
  app: TestBrowser['app'],
  db: Db,
  clock: { now: () => Date; advance: (ms: number) => void },
  login: string,
  role: Role,
  opts: { staffMemberId?: number; locale?: 'ru' | 'en' } = {},
): Promise<{ browser: TestBrowser; account: Account }> {
  const created = await createAccount(db, { login, displayName: `Name ${login}`, role, password: TEST_PASSWORD, locale: opts.locale });
  if (!created.ok) throw new Error(created.problems.join());
  let account = created.account;
  if (opts.staffMemberId !== undefined) {
    [account] = (await db.update(accounts).set({ staffMemberId: opts.staffMemberId }).where(eq(accounts.id, account.id)).returning()) as [Account];
  }
  let secret: string | undefined;
  if (totpRequired(role)) {
    secret = await pendingTotpSecret(db, testVault, account);
    await confirmTotpEnrolment(db, testVault, account, totp(secret, clock.now().getTime() - 30_000), clock.now());
    clock.advance(30_000);
  }
  const b = new TestBrowser(app);
  await b.get('/console/login');
  await b.post('/console/login', { login, password: TEST_PASSWORD });
  if (secret) {
    await b.get('/console/login/totp');
    await b.post('/console/login/totp', { code: totp(secret, clock.now().getTime()) });
  }
  return { browser: b, account };
}

export const unescapeHtml = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** What a browser would send for the page's settings form: every field's current value (ticked boxes only; no CSRF token). */
export function settingsFormFields(html: string): Record<string, string> {
  const start = html.indexOf('<form method="post" action="/console/settings/');
  const form = html.slice(start, html.indexOf('</form>', start));
  const fields: Record<string, string> = {};
  for (const [tag] of form.matchAll(/<input [^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(tag)?.[1];
    if (!name || name === '_csrf') continue;
    if (/type="checkbox"/.test(tag) && !/checked/.test(tag)) continue;
    fields[unescapeHtml(name)] = unescapeHtml(/value="([^"]*)"/.exec(tag)?.[1] ?? '');
  }
  for (const [, name, body] of form.matchAll(/<textarea [^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g)) fields[unescapeHtml(name!)] = unescapeHtml(body!);
  for (const [, name, body] of form.matchAll(/<select [^>]*name="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) fields[unescapeHtml(name!)] = unescapeHtml(/<option value="([^"]*)" selected/.exec(body!)?.[1] ?? '');
  return fields;
}

/**
 * A coordinator signed in over real HTTP to a running system's console (its own secret key, its
 * clock): created, second factor enrolled with the previous period's code, then signed in.
 */
export async function coordinatorOf(s: { app: { database: { db: Db }; deps: { now(): Date }; url: string }; dataDir: string }): Promise<TestBrowser> {
  const db = s.app.database.db;
  const vault = new Vault(loadOrCreateSecretKey(s.dataDir).key);
  const now = () => s.app.deps.now().getTime();
  const created = await createAccount(db, { login: 'cora', displayName: 'Cora', role: 'coordinator', password: TEST_PASSWORD });
  if (!created.ok) throw new Error(created.problems.join());
  const secret = await pendingTotpSecret(db, vault, created.account);
  // Enrolled with the previous period's code, so signing in uses a code not used yet.
  if (!(await confirmTotpEnrolment(db, vault, created.account, totp(secret, now() - 30_000), new Date(now())))) throw new Error('enrolment failed');
  const b = new TestBrowser({ request: (url, init) => fetch(url.replace('http://localhost', s.app.url), { ...init, redirect: 'manual' }) });
  await b.get('/console/login');
  await b.post('/console/login', { login: 'cora', password: TEST_PASSWORD });
  await b.get('/console/login/totp');
  const done = await b.post('/console/login/totp', { code: totp(secret, now()) });
  if (done.headers.get('location') !== '/console') throw new Error(`sign-in ended at ${done.headers.get('location')}`);
  return b;
}
