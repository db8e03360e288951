import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { useFreshDatabases } from '../../../test/support/database.ts';
import { accounts } from '../../db/schema/index.ts';
import { createLogger } from '../../log.ts';
import { DEFAULT_SETTINGS } from '../../organisation/settings.ts';
import { createConsoleApp } from '../app.tsx';
import { signedIn, testClock, testVault, TestBrowser, unescapeHtml } from '../testing.ts';
import { safeBack } from './routes.tsx';

const testDatabase = useFreshDatabases();

async function system() {
  const d = await testDatabase();
  const clock = testClock();
  const log = createLogger(new Writable({ write: (_c, _e, done) => done() }));
  const app = new Hono().route('/console', createConsoleApp({ db: d.db, vault: testVault, log, now: clock.now, bot: () => ({ settings: DEFAULT_SETTINGS }) as never }));
  return { db: d.db, clock, app };
}

/** The language form of the page's header: where it posts, what it asks for, where it comes back to. */
function switchForm(html: string) {
  const form = /<form method="post" action="([^"]+)" class="lang-switch">([\s\S]*?)<\/form>/.exec(html);
  if (!form) return undefined;
  const field = (name: string) => unescapeHtml(new RegExp(`name="${name}" value="([^"]*)"`).exec(form[2]!)?.[1] ?? '');
  return { action: form[1]!, locale: field('locale'), back: field('back'), button: /<button[^>]*>([^<]*)<\/button>/.exec(form[2]!)?.[0] ?? '' };
}

const localeOf = async (db: Awaited<ReturnType<typeof system>>['db'], login: string) => (await db.select().from(accounts).where(eq(accounts.login, login)))[0]!.locale;

describe('console: the language switch in the signed-in header', () => {
  it('switches the account to the other language and comes back to the same page, without scripts', async () => {
    const s = await system();
    const { browser: b } = await signedIn(s.app, s.db, s.clock, 'vera', 'coordinator');
    await b.get('/console/clients?q=AB&done=x');
    expect(b.html).toContain('<html lang="ru">');
    const form = switchForm(b.html)!;
    // The other language's name, in that language, marked so for screen readers; the page itself, without the last action's flash.
    expect(form).toEqual({ action: '/console/account/locale', locale: 'en', back: '/console/clients?q=AB', button: '<button type="submit" class="plain" lang="en">English</button>' });

    const res = await b.post(form.action, { locale: form.locale, back: form.back });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/clients?q=AB');
    expect(await localeOf(s.db, 'vera')).toBe('en');
    await b.get(res.headers.get('location')!);
    expect(b.html).toContain('<html lang="en">');
    expect(switchForm(b.html)).toMatchObject({ locale: 'ru', button: '<button type="submit" class="plain" lang="ru">Русский</button>' });

    // And back.
    await b.post('/console/account/locale', { locale: 'ru', back: '/console/clients' });
    expect(await localeOf(s.db, 'vera')).toBe('ru');
    await b.get('/console/clients');
    expect(b.html).toContain('<html lang="ru">');
  });

  it('is on every signed-in page of every role, both in the row of links and in the phone menu', async () => {
    const s = await system();
    const { browser: b } = await signedIn(s.app, s.db, s.clock, 'ada', 'admin');
    for (const page of ['/console', '/console/clients', '/console/staff', '/console/audit', '/console/link']) {
      await b.get(page);
      expect(b.html.match(/class="lang-switch"/g), page).toHaveLength(2);
      expect(switchForm(b.html)!.back, page).toBe(page);
    }
  });

  it('comes back only to a page of this console; refuses a forged form and a wrong language; asks an anonymous visitor to sign in', async () => {
    const s = await system();
    const { browser: b } = await signedIn(s.app, s.db, s.clock, 'vera', 'worker');
    await b.get('/console/clients');
    for (const back of ['https://evil.example/console', '//evil.example/console', '/\\evil.example', '/elsewhere', '/console/../elsewhere', '/consolex', 'javascript:alert(1)', '/console/account/locale', '', '/console/%2e%2e/x']) {
      const res = await b.post('/console/account/locale', { locale: 'en', back });
      expect(res.headers.get('location'), back).toBe('/console');
    }
    expect((await b.post('/console/account/locale', { locale: 'de', back: '/console/clients' })).headers.get('location')).toBe('/console/clients');
    expect(await localeOf(s.db, 'vera')).toBe('en');

    await b.post('/console/account/locale', { locale: 'ru', back: '/console' });
    const forged = await b.post('/console/account/locale', { _csrf: 'forged', locale: 'en', back: '/console' });
    expect(forged.status).toBe(403);
    expect(await localeOf(s.db, 'vera')).toBe('ru');

    const anonymous = new TestBrowser(s.app);
    await anonymous.get('/console/login');
    const res = await anonymous.post('/console/account/locale', { locale: 'en', back: '/console' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/^\/console\/login/);
  });

  it('validates where to come back to', () => {
    expect(safeBack('/console', '/console/cases/4?x=1#f')).toBe('/console/cases/4?x=1');
    expect(safeBack('/console', '/console')).toBe('/console');
    expect(safeBack('/console', '/console/kb/naloxone/ru')).toBe('/console/kb/naloxone/ru');
    for (const bad of ['http://x/console', '//x/console', '/console\\..', '/console/\u0000', 'console/clients', '/console/account/locale', '/console-other']) expect(safeBack('/console', bad), bad).toBe('/console');
    expect(safeBack('', '/clients')).toBe('/clients');
    expect(safeBack('', '//x')).toBe('/');
  });
});
