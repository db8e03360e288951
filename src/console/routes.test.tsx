import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { useFreshDatabases } from '../../test/support/database.ts';
import { createAccount } from './auth/accounts.ts';
import { createConsoleApp } from './app.tsx';
import { createLogger } from '../log.ts';
import { createDraft, submitRevision } from '../content/revisions.ts';
import { can, ROLES, walkPolicy, type Action, type Role } from './policy.ts';
import { signedIn, testClock, testVault, TestBrowser } from './testing.ts';
import { t } from '../i18n/index.ts';

/**
 * The authorisation walk: every route of the console, with what it needs, is listed here, and
 * each is requested as every role and as nobody. A route added without being listed fails the
 * first test, so nothing reaches production unguarded by accident.
 *
 * `need` is a policy action, 'signed-in' (any account past its second factor), or 'public'
 * (sign-in, set-up and invitation pages, scripts). Paths with ids use ones that exist where the
 * rule depends on the object (a medical article in review), and ids that do not exist elsewhere:
 * the guard answers before the lookup, so an allowed role gets 404 or 422, a refused one 403.
 */
type Need = Action | 'signed-in' | 'public';
interface Probe {
  need: Need;
  /** The concrete address under /console; `{rev}` is the medical revision in review. */
  path?: string;
  body?: Record<string, string>;
}

const NONE = '999999';
const ROUTES: Record<string, Probe[]> = {
  // The console's home is /console itself: the inbox, or a start page for roles without case work.
  'GET /': [{ need: 'signed-in', path: '' }, { need: 'inbox.view', path: '?part=list' }],
  'GET /events': [{ need: 'inbox.view' }],
  'GET /static/live.js': [{ need: 'public' }],
  'GET /static/frame.js': [{ need: 'public' }],
  'GET /static/quick-replies.js': [{ need: 'public' }],
  'GET /setup/:token': [{ need: 'public' }],
  'POST /setup/:token': [{ need: 'public' }],
  'GET /login': [{ need: 'public' }],
  'POST /login': [{ need: 'public' }],
  'GET /login/totp': [{ need: 'public' }],
  'POST /login/totp': [{ need: 'public' }],
  'POST /login/recovery': [{ need: 'public' }],
  'GET /totp/enrol': [{ need: 'public' }],
  'POST /totp/enrol': [{ need: 'public' }],
  'POST /logout': [{ need: 'public' }],
  'GET /password': [{ need: 'public' }],
  'POST /password': [{ need: 'public' }],
  'GET /invite/:token': [{ need: 'public' }],
  'POST /invite/:token': [{ need: 'public' }],
  'GET /link': [{ need: 'signed-in' }],
  'POST /link': [{ need: 'signed-in' }],
  'POST /account/locale': [{ need: 'signed-in' }],

  'GET /cases/:id{[0-9]+}': [{ need: 'case.view', path: `/cases/${NONE}` }, { need: 'transcript.view', path: `/cases/${NONE}?part=transcript` }],
  'GET /cases/:id{[0-9]+}/media/:message{[0-9]+}': [{ need: 'transcript.view', path: `/cases/${NONE}/media/${NONE}` }],
  'POST /cases/:id{[0-9]+}/reply': [{ need: 'case.reply', path: `/cases/${NONE}/reply`, body: { text: 'x' } }],
  'POST /cases/:id{[0-9]+}/quick': [{ need: 'case.reply', path: `/cases/${NONE}/quick` }],
  'POST /cases/:id{[0-9]+}/article': [{ need: 'case.reply', path: `/cases/${NONE}/article` }],
  'POST /cases/:id{[0-9]+}/notes': [{ need: 'case.note', path: `/cases/${NONE}/notes`, body: { text: 'x' } }],
  'POST /cases/:id{[0-9]+}/claim': [{ need: 'case.assign', path: `/cases/${NONE}/claim` }],
  'POST /cases/:id{[0-9]+}/assign': [{ need: 'case.assign', path: `/cases/${NONE}/assign` }],
  'POST /cases/:id{[0-9]+}/refer': [{ need: 'case.assign', path: `/cases/${NONE}/refer` }],
  'POST /cases/:id{[0-9]+}/external': [{ need: 'case.assign', path: `/cases/${NONE}/external` }],
  'POST /cases/:id{[0-9]+}/referrals/:ref{[0-9]+}/outcome': [{ need: 'case.assign', path: `/cases/${NONE}/referrals/${NONE}/outcome` }],
  'POST /cases/:id{[0-9]+}/close': [{ need: 'case.close', path: `/cases/${NONE}/close` }],
  'POST /cases/:id{[0-9]+}/drop': [{ need: 'case.close', path: `/cases/${NONE}/drop` }],
  'POST /cases/:id{[0-9]+}/reopen': [{ need: 'case.close', path: `/cases/${NONE}/reopen` }],
  'POST /cases/:id{[0-9]+}/follow-ups/stop': [{ need: 'case.assign', path: `/cases/${NONE}/follow-ups/stop` }],

  'GET /clients': [{ need: 'clients.view' }],
  'GET /clients/:id{[0-9]+}': [{ need: 'clients.view', path: `/clients/${NONE}` }],

  'GET /kb': [{ need: 'kb.edit' }],
  'GET /kb/new': [{ need: 'kb.edit' }],
  'POST /kb/new': [{ need: 'kb.edit' }],
  'POST /kb/preview': [{ need: 'kb.edit' }],
  'GET /kb/editor.js': [{ need: 'public' }],
  'GET /kb/:slug{[a-z0-9]+(?:-[a-z0-9]+)*}/:locale{(?:ru|en)}': [{ need: 'kb.edit', path: '/kb/no-such-article/ru' }],
  'GET /kb/:slug{[a-z0-9]+(?:-[a-z0-9]+)*}/:locale{(?:ru|en)}/edit': [{ need: 'kb.edit', path: '/kb/no-such-article/ru/edit' }],
  'POST /kb/:slug{[a-z0-9]+(?:-[a-z0-9]+)*}/:locale{(?:ru|en)}/edit': [{ need: 'kb.edit', path: '/kb/no-such-article/ru/edit' }],
  'GET /kb/:slug{[a-z0-9]+(?:-[a-z0-9]+)*}/withdraw': [{ need: 'kb.publish', path: '/kb/no-such-article/withdraw' }],
  'POST /kb/:slug{[a-z0-9]+(?:-[a-z0-9]+)*}/withdraw': [{ need: 'kb.publish', path: '/kb/no-such-article/withdraw' }],
  'GET /kb/revisions/:id{[0-9]+}': [{ need: 'kb.edit', path: `/kb/revisions/${NONE}` }],
  'GET /kb/revisions/:id{[0-9]+}/edit': [{ need: 'kb.edit', path: `/kb/revisions/${NONE}/edit` }],
  'POST /kb/revisions/:id{[0-9]+}/edit': [{ need: 'kb.edit', path: `/kb/revisions/${NONE}/edit` }],
  'POST /kb/revisions/:id{[0-9]+}/submit': [{ need: 'kb.edit', path: `/kb/revisions/${NONE}/submit` }],
  // Whether one may verify depends on the article's kind: a medical text in review, by someone else.
  'POST /kb/revisions/:id{[0-9]+}/verify': [{ need: 'kb.verify:medical', path: '/kb/revisions/{rev}/verify', body: { hash: 'stale' } }],
  'POST /kb/revisions/:id{[0-9]+}/return': [{ need: 'kb.verify:medical', path: '/kb/revisions/{rev}/return', body: { comment: 'Уточните дозировку по источнику.' } }],
  'POST /kb/revisions/:id{[0-9]+}/publish': [{ need: 'kb.publish', path: `/kb/revisions/${NONE}/publish` }],

  'GET /reports': [{ need: 'reports.view' }],
  'GET /reports/download': [{ need: 'reports.view', path: '/reports/download?format=csv' }],
  'GET /reports/research.csv': [{ need: 'research.export' }],

  'GET /settings': [{ need: 'settings.edit' }],
  'GET /settings/history': [{ need: 'settings.edit' }],
  'POST /settings/history/:id{[0-9]+}/restore': [{ need: 'settings.edit', path: `/settings/history/${NONE}/restore` }],
  'GET /settings/:section': [{ need: 'settings.edit', path: '/settings/no-such-section' }],
  'POST /settings/:section': [{ need: 'settings.edit', path: '/settings/no-such-section' }],
  'POST /settings/:section/:list{[a-z]+}': [{ need: 'settings.edit', path: '/settings/duty/shifts' }],
  'GET /settings/:section/:list{[a-z]+}/:i{[0-9]+}': [{ need: 'settings.edit', path: `/settings/duty/shifts/${NONE}` }],
  'POST /settings/:section/:list{[a-z]+}/:i{[0-9]+}': [{ need: 'settings.edit', path: `/settings/duty/shifts/${NONE}` }],
  'POST /settings/:section/:list{[a-z]+}/:i{[0-9]+}/:op{[a-z]+}': [{ need: 'settings.edit', path: `/settings/taxonomy/needs/${NONE}/remove` }],
  'GET /settings/mobile-units/units/:u{[0-9]+}': [{ need: 'settings.edit', path: `/settings/mobile-units/units/${NONE}` }],
  'POST /settings/mobile-units/units/:u{[0-9]+}': [{ need: 'settings.edit', path: `/settings/mobile-units/units/${NONE}` }],
  'POST /settings/mobile-units/units/:u{[0-9]+}/:list{[a-z]+}': [{ need: 'settings.edit', path: `/settings/mobile-units/units/${NONE}/stops` }],
  'GET /settings/mobile-units/units/:u{[0-9]+}/:list{[a-z]+}/:i{[a-z0-9]+}': [{ need: 'settings.edit', path: `/settings/mobile-units/units/${NONE}/changes/new` }],
  'POST /settings/mobile-units/units/:u{[0-9]+}/:list{[a-z]+}/:i{[0-9]+}': [{ need: 'settings.edit', path: `/settings/mobile-units/units/${NONE}/stops/${NONE}` }],
  'POST /settings/mobile-units/units/:u{[0-9]+}/:list{[a-z]+}/:i{[0-9]+}/:op{[a-z]+}': [{ need: 'settings.edit', path: `/settings/mobile-units/units/${NONE}/stops/${NONE}/remove` }],

  'GET /staff': [{ need: 'staff.manage' }],
  'POST /staff': [{ need: 'staff.manage' }],
  'GET /staff/:id{[0-9]+}': [{ need: 'staff.manage', path: `/staff/${NONE}` }],
  'POST /staff/:id{[0-9]+}/role': [{ need: 'staff.manage', path: `/staff/${NONE}/role` }],
  'POST /staff/:id{[0-9]+}/disable': [{ need: 'staff.manage', path: `/staff/${NONE}/disable` }],
  'POST /staff/:id{[0-9]+}/enable': [{ need: 'staff.manage', path: `/staff/${NONE}/enable` }],
  'POST /staff/:id{[0-9]+}/totp-reset': [{ need: 'staff.manage', path: `/staff/${NONE}/totp-reset` }],
  'POST /staff/:id{[0-9]+}/unlock': [{ need: 'staff.manage', path: `/staff/${NONE}/unlock` }],
  'POST /staff/:id{[0-9]+}/unlink': [{ need: 'staff.manage', path: `/staff/${NONE}/unlink` }],
  'POST /staff/:id{[0-9]+}/invite': [{ need: 'staff.manage', path: `/staff/${NONE}/invite` }],
  'POST /staff/:id{[0-9]+}/referral-roles': [{ need: 'staff.manage', path: `/staff/${NONE}/referral-roles` }],
  'POST /staff/:id{[0-9]+}/sessions/end': [{ need: 'staff.manage', path: `/staff/${NONE}/sessions/end` }],
  'GET /audit': [{ need: 'audit.view' }],
  'GET /delivery': [{ need: 'audit.view' }],
  'POST /delivery/:id{[0-9]+}/retry': [{ need: 'audit.view', path: `/delivery/${NONE}/retry` }],
  'POST /delivery/:id{[0-9]+}/discard': [{ need: 'audit.view', path: `/delivery/${NONE}/discard` }],
  'GET /channel': [{ need: 'channel.view' }],
  'GET /channel/new': [{ need: 'channel.post' }],
  'POST /channel/new': [{ need: 'channel.post' }],
  'GET /channel/:id{[0-9]+}': [{ need: 'channel.view', path: `/channel/${NONE}` }],
  'POST /channel/:id{[0-9]+}/edit': [{ need: 'channel.post', path: `/channel/${NONE}/edit` }],
  'POST /channel/:id{[0-9]+}/schedule': [{ need: 'channel.post', path: `/channel/${NONE}/schedule` }],
  'POST /channel/:id{[0-9]+}/send': [{ need: 'channel.post', path: `/channel/${NONE}/send` }],
  'POST /channel/:id{[0-9]+}/unschedule': [{ need: 'channel.post', path: `/channel/${NONE}/unschedule` }],
  'POST /channel/:id{[0-9]+}/verify': [{ need: 'channel.view', path: `/channel/${NONE}/verify` }],
  'POST /channel/:id{[0-9]+}/delete': [{ need: 'channel.post', path: `/channel/${NONE}/delete` }],
  'GET /community': [{ need: 'community.manage' }],
  'POST /community/invites': [{ need: 'community.manage' }],
  'GET /community/invites/:id{[0-9]+}': [{ need: 'community.manage', path: `/community/invites/${NONE}` }],
  'GET /community/invites/:id{[0-9]+}/print': [{ need: 'community.manage', path: `/community/invites/${NONE}/print` }],
  'POST /community/invites/:id{[0-9]+}/revoke': [{ need: 'community.manage', path: `/community/invites/${NONE}/revoke` }],
  'GET /community/log': [{ need: 'community.manage' }],
  'GET /community/figures': [{ need: 'community.manage' }],
};

const testDatabase = useFreshDatabases();

async function consoleUnderTest() {
  const d = await testDatabase();
  const clock = testClock();
  const log = createLogger(process.stderr, 'silent');
  const consoleApp = createConsoleApp({ db: d.db, vault: testVault, log, now: clock.now, live: { pollMs: 50, heartbeatMs: 60_000, maxMs: 200 } });
  return { d, clock, consoleApp, app: new Hono().route('/console', consoleApp) };
}

const routeKey = (r: { method: string; path: string }) => `${r.method} ${r.path}`;
const csrfTitle = (locale: 'ru' | 'en') => t(locale, 'console-csrf-title');

describe('the authorisation walk over every console route', () => {
  it('lists every route the console serves, and no route it does not', async () => {
    const { consoleApp } = await consoleUnderTest();
    const served = new Set(consoleApp.routes.filter((r) => r.method !== 'ALL').map(routeKey));
    expect([...served].filter((k) => !(k in ROUTES)), 'routes missing from the table').toEqual([]);
    expect(Object.keys(ROUTES).filter((k) => !served.has(k)), 'listed routes that do not exist').toEqual([]);
  });

  it('answers each route as the policy table says, for every role', async () => {
    const { d, clock, app } = await consoleUnderTest();
    // A medical article in review, written by someone who is not among the probing accounts.
    const author = await createAccount(d.db, { login: 'author', displayName: 'Author', role: 'coordinator', password: 'a long enough passphrase' });
    if (!author.ok) throw new Error('no author');
    const content = { title: 'Налоксон', body: 'Текст статьи.', needs: ['overdose'], keywords: ['налоксон'], sources: [{ title: 'WHO', url: 'https://www.who.int/' }] };
    const draft = await createDraft(d.db, author.account, { slug: 'walk-naloxone', locale: 'ru', kind: 'medical', isNew: true }, content, clock.now());
    if (!draft.ok) throw new Error(draft.problem);
    expect((await submitRevision(d.db, author.account, draft.revision.id, clock.now())).ok).toBe(true);
    const concrete = (template: string, p: Probe) => (p.path ?? template.split(' ')[1]!).replace('{rev}', String(draft.revision.id));

    const sessions = new Map<Role, { browser: TestBrowser; csrf: string }>();
    for (const role of ROLES) {
      const { browser } = await signedIn(app, d.db, clock, `walk-${role}`, role);
      await browser.get('/console/link');
      sessions.set(role, { browser, csrf: browser.csrf() });
    }
    const request = async (browser: TestBrowser, csrf: string, method: string, path: string, body: Record<string, string> = {}) => {
      const res = method === 'GET' ? await browser.get(`/console${path}`) : await browser.post(`/console${path}`, { _csrf: csrf, ...body });
      const text = await res.text();
      if (res.status === 403 && (text.includes(csrfTitle('ru')) || text.includes(csrfTitle('en')))) throw new Error(`${method} ${path}: refused by the CSRF check, not the policy`);
      return res;
    };
    const got = async (role: Role, method: string, path: string, body?: Record<string, string>) => {
      const s = sessions.get(role)!;
      const res = await request(s.browser, s.csrf, method, path, body);
      const toLogin = res.status === 303 && /\/console\/login/.test(res.headers.get('location') ?? '');
      return res.status !== 403 && !toLogin;
    };

    const probes = Object.entries(ROUTES).flatMap(([key, list]) => list.filter((p) => p.need !== 'public').map((p) => ({ key, method: key.split(' ')[0]!, path: concrete(key, p), probe: p })));
    const byAction = new Map<Action, typeof probes>();
    for (const p of probes) {
      const need = p.probe.need;
      if (need !== 'signed-in' && need !== 'public') byAction.set(need, [...(byAction.get(need) ?? []), p]);
    }

    for (const [action, list] of byAction) {
      for (const p of list) {
        const mismatches = await walkPolicy((role, a) => (a === action ? got(role, p.method, p.path, p.probe.body) : can(role, a)), [action]);
        expect(mismatches, `${p.method} ${p.path}`).toEqual([]);
      }
    }
    for (const p of probes.filter((x) => x.probe.need === 'signed-in')) {
      for (const role of ROLES) expect(await got(role, p.method, p.path), `${role}: ${p.method} ${p.path}`).toBe(true);
    }
  });

  it('sends someone not signed in to the sign-in page from every route that is not public', async () => {
    const { app } = await consoleUnderTest();
    const nobody = new TestBrowser(app);
    await nobody.get('/console/login');
    const csrf = nobody.csrf();
    for (const [key, list] of Object.entries(ROUTES)) {
      for (const p of list.filter((x) => x.need !== 'public')) {
        const method = key.split(' ')[0]!;
        const path = (p.path ?? key.split(' ')[1]!).replace('{rev}', NONE);
        const res = method === 'GET' ? await nobody.get(`/console${path}`) : await nobody.post(`/console${path}`, { _csrf: csrf, ...p.body });
        expect([res.status, res.headers.get('location')], `${method} ${path}`).toEqual([303, '/console/login']);
      }
    }
  });
});
