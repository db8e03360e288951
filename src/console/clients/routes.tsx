import { Hono } from 'hono';

import { t } from '../../i18n/index.ts';
import type { ConsoleEnv } from '../app.tsx';
import { clientHistory, listClients, pseudonymSearch } from './data.ts';
import { audit } from '../policy.ts';
import { chromeOf, guard, render, type RoutesContext } from '../routes-context.ts';
import { ClientPage, ClientsPage } from './views.tsx';
import { MessagePage } from '../views/pages.tsx';
import { pageOf } from '../frame/pager.tsx';

/** /clients: pseudonyms with their number of cases; /clients/:id: one client's case history (audited). */
export function clientsRoutes(x: RoutesContext): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const view = guard(x, 'clients.view');

  app.get('/clients', x.signedIn, view, async (c) => {
    const search = pseudonymSearch(c.req.query('q'));
    const page = pageOf(c.req.query('page'));
    const { rows, hasMore } = await listClients(x.db, { search, page });
    return render(c, <ClientsPage chrome={chromeOf(x, c)} rows={rows} hasMore={hasMore} search={search} page={page} />);
  });

  app.get('/clients/:id{[0-9]+}', x.signedIn, view, async (c) => {
    const n = Number(c.req.param('id'));
    const client = Number.isSafeInteger(n) && n <= 2_147_483_647 ? await clientHistory(x.db, x.vault, n) : undefined;
    const locale = c.get('locale');
    if (!client) return render(c, <MessagePage locale={locale} title={t(locale, 'console-clients-not-found-title')} text={t(locale, 'console-clients-not-found')} href={`${x.base}/clients`} />, 404);
    await audit(x.db, c.get('account')!.id, 'clients.view', undefined, client.pseudonym);
    return render(c, <ClientPage chrome={chromeOf(x, c)} client={client} />);
  });
  return app;
}
