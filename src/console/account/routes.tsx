import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import type { Locale } from '../../config.ts';
import { accounts } from '../../db/schema/index.ts';
import type { ConsoleEnv } from '../app.tsx';
import { fieldString, type RoutesContext } from '../routes-context.ts';

/**
 * Where `back` may send a browser after the language changes: a page of this console (a path under
 * `base`, with its query), never another site or a scheme-relative address; otherwise the console's
 * first page.
 */
export function safeBack(base: string, back: string): string {
  const home = base || '/';
  // Only a plain absolute path: no scheme, no "//host", no backslashes or control characters.
  if (!back.startsWith('/') || back.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(back)) return home;
  let url: URL;
  try {
    url = new URL(back, 'http://console.invalid');
  } catch {
    return home;
  }
  if (url.origin !== 'http://console.invalid') return home;
  const inside = base === '' || url.pathname === base || url.pathname.startsWith(`${base}/`);
  // Not the form's own address (a POST-only route), nor a path that climbs out with dot segments.
  if (!inside || url.pathname.startsWith(`${base}/account/`) || url.pathname !== decodeURIComponentSafe(url.pathname)) return home;
  return `${url.pathname}${url.search}`;
}

const decodeURIComponentSafe = (s: string) => {
  try {
    // A path that decodes to something else (%2e%2e, %2f) is refused rather than reasoned about.
    return decodeURIComponent(s) === s ? s : '';
  } catch {
    return '';
  }
};

/** The signed-in account's own preferences: the console's language. */
export function accountRoutes(x: RoutesContext): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();

  app.post('/account/locale', x.signedIn, async (c) => {
    const account = c.get('account')!;
    const body = await c.req.parseBody();
    const asked = fieldString(body.locale, 5);
    const back = safeBack(x.base, fieldString(body.back, 2000));
    if (asked !== 'ru' && asked !== 'en') return c.redirect(back, 303);
    const locale: Locale = asked;
    if (account.locale !== locale) {
      await x.db.update(accounts).set({ locale }).where(eq(accounts.id, account.id));
      x.log.info({ event: 'console.locale_changed', accountId: account.id, locale });
    }
    return c.redirect(back, 303);
  });

  return app;
}
