import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import type { ConsoleEnv } from '../app.tsx';
import { liveEvents } from '../cases/live.ts';
import { chromeOf, FRAME_SCRIPT_PATH, guard, LIVE_SCRIPT_PATH, render, type RoutesContext } from '../routes-context.ts';
import { can } from '../policy.ts';
import { HomePage } from '../views/pages.tsx';
import { inboxCounts, listInbox, parseFilters } from './data.ts';
import { InboxList, InboxPage } from './views.tsx';

const script = (name: string) => readFileSync(new URL(`../static/${name}`, import.meta.url), 'utf8');
const LIVE_JS = script('live.js');
const FRAME_JS = script('frame.js');
const js = { 'Content-Type': 'text/javascript; charset=utf-8' };

/** The inbox (`/`, the signed-in page), its live events and the scripts the case-work pages share. */
export function inboxRoutes(x: RoutesContext): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();

  app.get(LIVE_SCRIPT_PATH, (c) => c.body(LIVE_JS, 200, js));
  app.get(FRAME_SCRIPT_PATH, (c) => c.body(FRAME_JS, 200, js));

  app.get('/', x.signedIn, async (c, next) => {
    const account = c.get('account')!;
    // Roles without case work (researchers) get the signed-in page; the list itself is guarded.
    if (!can(account.role, 'inbox.view') && c.req.query('part') === undefined) {
      return render(
        c,
        <HomePage locale={c.get('locale')} csrf={x.csrf(c)} logoutAction={`${x.base}/logout`} account={account} enrolHref={account.totpEnabledAt ? undefined : `${x.base}/totp/enrol`} reportsHref={can(account.role, 'reports.view') ? `${x.base}/reports` : undefined} />,
      );
    }
    await next();
  });
  app.get('/', guard(x, 'inbox.view'), async (c) => {
    const account = c.get('account')!;
    const filters = parseFilters((n) => c.req.query(n));
    const rows = await listInbox(x.db, x.vault, filters, { accountId: account.id, staffMemberId: account.staffMemberId });
    const chrome = chromeOf(x, c);
    const filtered = filters.view !== 'all' || filters.status !== undefined;
    if (c.req.query('part') === 'list') return c.html(String(<InboxList chrome={chrome} rows={rows} filtered={filtered} now={x.now()} />));
    const counts = await inboxCounts(x.db, account.staffMemberId, filters.status);
    return render(
      c,
      <InboxPage
        chrome={chrome}
        rows={rows}
        counts={counts}
        filters={filters}
        linked={account.staffMemberId !== null}
        now={x.now()}
        inboxScript={`${x.base}${FRAME_SCRIPT_PATH}`}
        enrolHref={account.totpEnabledAt ? undefined : `${x.base}/totp/enrol`}
      />,
    );
  });

  app.get('/events', x.signedIn, guard(x, 'inbox.view'), (c) => liveEvents(c, x.db, x.live));
  return app;
}
