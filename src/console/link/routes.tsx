import { Hono } from 'hono';
import type { Context, MiddlewareHandler } from 'hono';
import type { Db } from '../../db/open.ts';
import { t } from '../../i18n/index.ts';
import type { Vault } from '../../privacy/vault.ts';
import type { ConsoleEnv } from '../app.tsx';
import { CsrfField } from '../auth/csrf.ts';
import { createLinkCode, LINK_TTL_MS } from '../auth/link.ts';
import { SignedInHeader } from '../frame/chrome.tsx';
import { Layout, page } from '../frame/layout.tsx';
import { chromeOf } from '../routes-context.ts';

export interface LinkRoutesContext {
  db: Db;
  vault: Vault;
  base: string;
  now: () => Date;
  signedIn: MiddlewareHandler<ConsoleEnv>;
  csrf: (c: Context<ConsoleEnv>) => string;
}

/** `/console/link`: a one-time code that links this account to its member of the staff group. */
export function linkRoutes(x: LinkRoutesContext): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const render = (c: Context<ConsoleEnv>, code?: string) => {
    const locale = c.get('locale');
    const account = c.get('account')!;
    return c.html(
      page(
        <Layout locale={locale} title={t(locale, 'console-link-title')} header={<SignedInHeader chrome={chromeOf(x, c)} />}>
          <p id="link-status">{t(locale, account.staffMemberId === null ? 'console-link-unlinked' : 'console-link-linked')}</p>
          {code ? (
            <>
              <p>{t(locale, 'console-link-instructions', { minutes: LINK_TTL_MS / 60_000 })}</p>
              <code class="secret" id="link-command">{`/link ${code}`}</code>
            </>
          ) : null}
          <form method="post" action={`${x.base}/link`}>
            <CsrfField token={x.csrf(c)} />
            <button type="submit">{t(locale, 'console-link-create')}</button>
          </form>
          <p>
            <a href={x.base}>{t(locale, 'console-back')}</a>
          </p>
        </Layout>,
      ),
    );
  };
  app.get('/link', x.signedIn, (c) => render(c));
  app.post('/link', x.signedIn, async (c) => render(c, await createLinkCode(x.db, x.vault, c.get('account')!.id, x.now())));
  return app;
}
