import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { randomBytes } from 'node:crypto';
import type { Locale, ProxyRange } from '../config.ts';
import type { Db } from '../db/open.ts';
import { t } from '../i18n/index.ts';
import type { Logger } from '../log.ts';
import type { Vault } from '../privacy/vault.ts';
import { requestAddress, TrustedProxies, trustProxies } from '../http/client-address.ts';
import { csrfProtection, csrfToken } from './auth/csrf.ts';
import type { SignInThrottle } from './auth/login-limit.ts';
import { authRoutes } from './auth/routes.tsx';
import { sessionState, signInPaths, type SessionState } from './auth/session-state.ts';
import { isSecureRequest, loadSession, sessionToken, type Account, type LoadedSession, type SessionDeps } from './auth/sessions.ts';
import { casesRoutes, type ConsoleBotDeps } from './cases/routes.tsx';
import { inboxRoutes } from './inbox/routes.tsx';
import type { LiveOptions } from './cases/live.ts';
import type { SettingsStore } from '../organisation/settings-store.ts';
import { reportsRoutes } from './reports/routes.tsx';
import { linkRoutes } from './link/routes.tsx';
import { clientsRoutes } from './clients/routes.tsx';
import { kbRoutes } from './kb/routes.tsx';
import { settingsRoutes } from './settings/routes.tsx';
import { staffRoutes } from './staff/routes.tsx';
import { auditRoutes } from './audit/routes.tsx';
import { deliveryRoutes } from './delivery/routes.tsx';
import { channelRoutes } from './channel/routes.tsx';
import { communityRoutes } from './community/routes.tsx';
import { accountRoutes } from './account/routes.tsx';
import type { CommunityDeps } from '../community/deps.ts';
import type { RoutesContext } from './routes-context.ts';
import { page } from './frame/layout.tsx';
import { MessagePage } from './views/pages.tsx';

export interface ConsoleDeps {
  db: Db;
  vault: Vault;
  log: Logger;
  now?: () => Date;
  /** Where the lead mounts the app (links and redirects need it): `/console`. */
  basePath?: string;
  /** Language before sign-in when the address has no `?lang=`: `ru`. */
  defaultLocale?: Locale;
  /** Reverse proxies whose X-Forwarded-For / -Proto / -Host are believed (TRUSTED_PROXIES); none by default. */
  trustedProxies?: readonly ProxyRange[];
  /** The client's address for the sign-in throttle; by default the socket's peer, or what a trusted proxy forwarded. */
  clientAddress?: (c: Context) => string;
  /** The sign-in throttle and how its short waits are waited (tests give their own). */
  throttle?: SignInThrottle;
  sleep?: (ms: number) => Promise<void>;
  /**
   * The bot's deps (`BotDeps` fits), for case actions that go through Telegram: replies from the
   * console. A getter, as the bot starts after the console is mounted; undefined until then.
   */
  bot?: () => ConsoleBotDeps | undefined;
  /** The community chat's deps (invitations through the Bot API); undefined when COMMUNITY_CHAT_ID is not set or not usable, or before the bot starts. */
  community?: () => CommunityDeps | undefined;
  /** Live updates (server-sent events): how often the database is polled, how long a stream lasts. */
  live?: LiveOptions;
  /** The organisation's settings in force, which the settings pages save into (applied live). */
  settings?: SettingsStore;
}

export { sessionState, type SessionState };

export type ConsoleEnv = {
  Variables: {
    session: LoadedSession | null;
    /** Set only for a fully signed-in session: what `requires(action)` checks. */
    account: Account | undefined;
    locale: Locale;
    csrfSecret: string | undefined;
  };
};

const PRE_SESSION_COOKIE = 'netreach_csrf';

/** The console: first-admin setup, sign-in with TOTP, sign-out, and case work (inbox, case pages, live updates). */
export function createConsoleApp(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const now = deps.now ?? (() => new Date());
  const base = (deps.basePath ?? '/console').replace(/\/+$/, '');
  const defaultLocale = deps.defaultLocale ?? 'ru';
  const { home, withLang } = signInPaths(base, defaultLocale);
  const sd: SessionDeps = { db: deps.db, vault: deps.vault, now };
  const address = deps.clientAddress ?? requestAddress;

  const app = new Hono<ConsoleEnv>();

  // Forwarded headers count only from TRUSTED_PROXIES (client address, HTTPS, public host).
  app.use('*', trustProxies(new TrustedProxies(deps.trustedProxies ?? [])));
  app.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Content-Security-Policy', "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self'; media-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  });

  // Session, language and the CSRF secret of this request.
  app.use('*', async (c, next) => {
    const session = await loadSession(sd, sessionToken(c));
    c.set('session', session);
    c.set('account', sessionState(session) === 'ok' ? session!.account : undefined);
    const lang = c.req.query('lang');
    const asked: Locale | undefined = lang === 'en' || lang === 'ru' ? lang : undefined;
    c.set('locale', session ? (session.account.locale === 'en' ? 'en' : 'ru') : (asked ?? defaultLocale));
    let secret = session?.csrfSecret;
    if (!secret) {
      secret = getCookie(c, PRE_SESSION_COOKIE);
      if (!secret || secret.length > 100) {
        secret = randomBytes(32).toString('base64url');
        // Read back on the form's POST only; never a session, so no Max-Age.
        setCookie(c, PRE_SESSION_COOKIE, secret, { httpOnly: true, sameSite: 'Strict', path: '/', secure: isSecureRequest(c) });
      }
    }
    c.set('csrfSecret', secret);
    await next();
  });

  const csrf = (c: Context<ConsoleEnv>) => csrfToken(c.get('csrfSecret')!);

  app.use(
    '*',
    csrfProtection({
      secret: (c) => c.get('csrfSecret' as never),
      onReject: (c) => {
        const locale = c.get('locale' as never) as Locale;
        deps.log.warn({ event: 'console.csrf_rejected', method: c.req.method });
        return c.html(page(<MessagePage locale={locale} title={t(locale, 'console-csrf-title')} text={t(locale, 'console-csrf-text')} href={home} />), 403);
      },
    }),
  );

  /** Sends a session that is not fully signed in to its next step; lets a signed-in one through. */
  const signedIn: MiddlewareHandler<ConsoleEnv> = async (c, next) => {
    const state = sessionState(c.get('session'));
    if (state === 'anonymous') return c.redirect(withLang(c, `${base}/login`), 303);
    if (state === 'needs-totp') return c.redirect(`${base}/login/totp`, 303);
    if (state === 'needs-enrolment') return c.redirect(`${base}/totp/enrol`, 303);
    await next();
  };

  // ---- Sign-in: setup, password, second factor, enrolment, sign-out (auth/routes.tsx) -------------
  app.route('/', authRoutes({ db: deps.db, vault: deps.vault, log: deps.log, now, base, defaultLocale, clientAddress: address, throttle: deps.throttle, sleep: deps.sleep, csrf }));

  // ---- Case work: the inbox (the signed-in page), a case, live updates -------------------------
  const routes: RoutesContext = { db: deps.db, vault: deps.vault, log: deps.log, base, now, bot: deps.bot, community: deps.community, live: deps.live, settings: deps.settings, signedIn, forbidden: forbiddenPage, csrf };
  app.route('/', inboxRoutes(routes));
  app.route('/', casesRoutes(routes));
  app.route('/', reportsRoutes(routes));
  app.route('/', linkRoutes(routes));
  app.route('/', clientsRoutes(routes));
  app.route('/', kbRoutes(routes));
  app.route('/', settingsRoutes(routes));
  app.route('/', staffRoutes(routes));
  app.route('/', auditRoutes(routes));
  app.route('/', deliveryRoutes(routes));
  app.route('/', channelRoutes(routes));
  app.route('/', communityRoutes(routes));
  app.route('/', accountRoutes(routes));

  return app;
}

/** A 403 page for `requires(action)` (`onForbidden`) in the console's routes. */
export function forbiddenPage(c: Context): Response {
  const locale = (c.get('locale' as never) as Locale | undefined) ?? 'ru';
  return c.html(page(<MessagePage locale={locale} title={t(locale, 'console-forbidden-title')} text={t(locale, 'console-forbidden-text')} href="/console" />), 403);
}
