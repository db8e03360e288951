import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { randomBytes } from 'node:crypto';
import type { Locale } from '../config.ts';
import type { Db } from '../db/open.ts';
import { t } from '../i18n/index.ts';
import type { Logger } from '../log.ts';
import type { Vault } from '../privacy/vault.ts';
import { checkTotp, confirmTotpEnrolment, findAccountByLogin, needsTotpEnrolment, pendingTotpSecret, type AccountProblem } from './auth/accounts.ts';
import { requestAddress } from './auth/client-address.ts';
import { csrfProtection, csrfToken } from './auth/csrf.ts';
import { isLocked, LoginLimiter, normaliseLogin, recordFailure, recordSuccess } from './auth/login-limit.ts';
import { passwordProblemMessage, verifyNothing, verifyPassword, type PasswordProblem } from './auth/password.ts';
import {
  clearSessionCookie,
  createSession,
  isSecureRequest,
  loadSession,
  revokeSessionByHash,
  sessionToken,
  setSessionCookie,
  type Account,
  type LoadedSession,
  type SessionDeps,
} from './auth/sessions.ts';
import { completeSetup, isSetupTokenValid } from './auth/setup.ts';
import { formatSecret, otpauthUri, UsedCodes } from './auth/totp.ts';
import { casesRoutes, type ConsoleBotDeps } from './cases/routes.tsx';
import type { LiveOptions } from './cases/live.ts';
import type { SettingsStore } from '../organisation/settings-store.ts';
import { reportsRoutes } from './reports/routes.tsx';
import { linkRoutes } from './link/routes.tsx';
import { clientsRoutes } from './clients/routes.tsx';
import { kbRoutes } from './kb/routes.tsx';
import { settingsRoutes } from './settings/routes.tsx';
import { staffRoutes } from './staff/routes.tsx';
import { deliveryRoutes } from './delivery/routes.tsx';
import { channelRoutes } from './channel/routes.tsx';
import { communityRoutes } from './community/routes.tsx';
import type { CommunityDeps } from '../community/deps.ts';
import type { RoutesContext } from './routes-context.ts';
import { audit, totpRequired } from './policy.ts';
import { page } from './frame/layout.tsx';
import { EnrolPage, LoginPage, MessagePage, SetupPage, TotpPage } from './views/pages.tsx';

export interface ConsoleDeps {
  db: Db;
  vault: Vault;
  log: Logger;
  now?: () => Date;
  /** Where the lead mounts the app (links and redirects need it): `/console`. */
  basePath?: string;
  /** Language before sign-in when the address has no `?lang=`: `ru`. */
  defaultLocale?: Locale;
  /** The client's address for rate limiting; by default the socket's peer, or what a local reverse proxy forwarded. */
  clientAddress?: (c: Context) => string;
  limiter?: LoginLimiter;
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

/**
 * Where a session stands: fully signed in, waiting for the code from the app, or (admin and
 * coordinator without a second factor yet) sent to enrol one.
 */
export type SessionState = 'anonymous' | 'needs-totp' | 'needs-enrolment' | 'ok';

export function sessionState(s: LoadedSession | null): SessionState {
  if (!s) return 'anonymous';
  if (s.account.totpEnabledAt && !s.verifiedAt) return 'needs-totp';
  if (needsTotpEnrolment(s.account)) return 'needs-enrolment';
  // Unverified without a factor to check (its role changed since): the session leads nowhere.
  return s.verifiedAt ? 'ok' : 'anonymous';
}

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
const fieldString = (v: unknown, max = 1100) => (typeof v === 'string' ? v.slice(0, max) : '');

/** The console: first-admin setup, sign-in with TOTP, sign-out, and case work (inbox, case pages, live updates). */
export function createConsoleApp(deps: ConsoleDeps): Hono<ConsoleEnv> {
  const now = deps.now ?? (() => new Date());
  const base = (deps.basePath ?? '/console').replace(/\/+$/, '');
  /** The signed-in page: `/console` (a mounted app's `/` has no trailing slash). */
  const home = base || '/';
  const sd: SessionDeps = { db: deps.db, vault: deps.vault, now };
  const limiter = deps.limiter ?? new LoginLimiter({ now });
  const usedCodes = new UsedCodes();
  const address = deps.clientAddress ?? requestAddress;
  const defaultLocale = deps.defaultLocale ?? 'ru';
  /** Failed attempts are logged with a keyed hash of the login, never the login itself. */
  const loginRef = (login: string) => deps.vault.hash('console-login-log', normaliseLogin(login)).slice(0, 12);

  const app = new Hono<ConsoleEnv>();

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

  const html = (c: Context<ConsoleEnv>, node: unknown, status: 200 | 400 | 401 | 403 | 404 | 422 | 429 = 200) => c.html(page(node as never), status);
  const csrf = (c: Context<ConsoleEnv>) => csrfToken(c.get('csrfSecret')!);
  /** Before sign-in the language lives in the address, so forms and links carry it. */
  const withLang = (c: Context<ConsoleEnv>, path: string) => (c.get('session') || c.get('locale') === defaultLocale ? path : `${path}?lang=${c.get('locale')}`);
  const languageHref = (c: Context<ConsoleEnv>) => `?lang=${c.get('locale') === 'ru' ? 'en' : 'ru'}`;

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

  /** Replaces the request's session (if any) with a new one: after setup, sign-in, and the second factor. */
  const startSession = async (c: Context<ConsoleEnv>, account: Account, verified: boolean) => {
    const old = c.get('session');
    if (old) await revokeSessionByHash(deps.db, old.tokenHash);
    const { token } = await createSession(sd, account.id, { verified });
    setSessionCookie(c, token);
  };
  const nextStep = (account: Account, verified: boolean) =>
    account.totpEnabledAt && !verified ? `${base}/login/totp` : needsTotpEnrolment(account) ? `${base}/totp/enrol` : home;

  const problemText = (locale: Locale, p: AccountProblem | 'password-mismatch') =>
    p === 'too-short' || p === 'too-long' || p === 'same-as-login'
      ? passwordProblemMessage(locale, p as PasswordProblem)
      : t(locale, `console-${p}`);

  // ---- First-admin setup ---------------------------------------------------------------
  const setupInvalid = (c: Context<ConsoleEnv>) => {
    const locale = c.get('locale');
    return html(c, <MessagePage locale={locale} title={t(locale, 'console-setup-invalid-title')} text={t(locale, 'console-setup-invalid')} href={withLang(c, `${base}/login`)} languageHref={languageHref(c)} />, 404);
  };

  app.get('/setup/:token', async (c) => {
    if (!(await isSetupTokenValid(deps.db, deps.vault, c.req.param('token'), now()))) return setupInvalid(c);
    const locale = c.get('locale');
    return html(c, <SetupPage locale={locale} action={withLang(c, `${base}/setup/${c.req.param('token')}`)} csrf={csrf(c)} languageHref={languageHref(c)} />);
  });

  app.post('/setup/:token', async (c) => {
    const token = c.req.param('token');
    const body = await c.req.parseBody();
    const input = { login: fieldString(body.login, 64), displayName: fieldString(body.displayName, 200), password: fieldString(body.password), locale: c.get('locale') };
    const locale = c.get('locale');
    const mismatch = input.password !== fieldString(body.password2);
    const result = mismatch ? null : await completeSetup(deps.db, deps.vault, token, input, now());
    if (result?.ok) {
      await audit(deps.db, result.account.id, 'account.setup');
      deps.log.info({ event: 'console.setup_done', accountId: result.account.id });
      await startSession(c, result.account, false);
      return c.redirect(`${base}/totp/enrol`, 303);
    }
    const problems = result ? result.problems : (['password-mismatch'] as const);
    if ((problems as readonly string[]).includes('link-invalid')) return setupInvalid(c);
    return html(
      c,
      <SetupPage
        locale={locale}
        action={withLang(c, `${base}/setup/${token}`)}
        csrf={csrf(c)}
        languageHref={languageHref(c)}
        login={input.login}
        displayName={input.displayName}
        errors={(problems as Array<AccountProblem | 'password-mismatch'>).map((p) => problemText(locale, p))}
      />,
      422,
    );
  });

  // ---- Sign-in ------------------------------------------------------------------------------
  const loginForm = (c: Context<ConsoleEnv>, login: string, errors: string[], status: 200 | 401 | 429) =>
    html(c, <LoginPage locale={c.get('locale')} action={withLang(c, `${base}/login`)} csrf={csrf(c)} languageHref={languageHref(c)} login={login} errors={errors} />, status);
  const lockedText = (locale: Locale, until: Date) => t(locale, 'console-login-locked', { minutes: Math.max(1, Math.ceil((until.getTime() - now().getTime()) / 60_000)) });

  app.get('/login', (c) => {
    const state = sessionState(c.get('session'));
    if (state !== 'anonymous') return c.redirect(state === 'ok' ? home : nextStep(c.get('session')!.account, false), 303);
    return loginForm(c, '', [], 200);
  });

  app.post('/login', async (c) => {
    const body = await c.req.parseBody();
    const login = fieldString(body.login, 200);
    const password = fieldString(body.password);
    const from = address(c);
    const locale = c.get('locale');
    const limited = limiter.lockedUntil(login, from);
    if (limited) {
      deps.log.warn({ event: 'console.login_refused', reason: 'rate_limited', login: loginRef(login) });
      return loginForm(c, login, [lockedText(locale, limited)], 429);
    }
    const account = await findAccountByLogin(deps.db, login);
    if (account && isLocked(account, now())) {
      deps.log.warn({ event: 'console.login_refused', reason: 'locked', accountId: account.id });
      return loginForm(c, login, [lockedText(locale, account.lockedUntil!)], 429);
    }
    const ok = account && account.disabledAt === null ? await verifyPassword(account.passwordHash, password) : await verifyNothing(password);
    if (!ok || !account) {
      const lockedNow = limiter.fail(login, from);
      const stored = account ? await recordFailure(deps.db, account.id, now()) : null;
      deps.log.warn({ event: 'console.login_failed', login: loginRef(login), locked: lockedNow || stored !== null });
      const until = limiter.lockedUntil(login, from) ?? stored;
      return loginForm(c, login, [until ? lockedText(locale, until) : t(locale, 'console-login-failed')], until ? 429 : 401);
    }
    const verified = !account.totpEnabledAt && !totpRequired(account.role);
    if (verified) {
      // With a second factor the counts are cleared only once the code is right too.
      limiter.succeed(login);
      await recordSuccess(deps.db, account.id);
      await audit(deps.db, account.id, 'login');
    }
    deps.log.info({ event: 'console.login_password_ok', accountId: account.id, verified });
    await startSession(c, account, verified);
    return c.redirect(nextStep(account, verified), 303);
  });

  app.get('/login/totp', (c) => {
    const s = c.get('session');
    const state = sessionState(s);
    if (state !== 'needs-totp') return c.redirect(state === 'anonymous' ? withLang(c, `${base}/login`) : home, 303);
    return html(c, <TotpPage locale={c.get('locale')} action={`${base}/login/totp`} logoutAction={`${base}/logout`} csrf={csrf(c)} />);
  });

  app.post('/login/totp', async (c) => {
    const s = c.get('session');
    if (sessionState(s) !== 'needs-totp') return c.redirect(`${base}/login`, 303);
    const account = s!.account;
    const locale = c.get('locale');
    const from = address(c);
    const form = (errors: string[], status: 401 | 429) =>
      html(c, <TotpPage locale={locale} action={`${base}/login/totp`} logoutAction={`${base}/logout`} csrf={csrf(c)} errors={errors} />, status);
    const limited = limiter.lockedUntil(account.login, from) ?? (isLocked(account, now()) ? account.lockedUntil : null);
    if (limited) return form([lockedText(locale, limited)], 429);
    const code = fieldString((await c.req.parseBody()).code, 20);
    if (!checkTotp(deps.vault, account, code, now(), usedCodes)) {
      limiter.fail(account.login, from);
      const stored = await recordFailure(deps.db, account.id, now());
      deps.log.warn({ event: 'console.totp_failed', accountId: account.id });
      const until = limiter.lockedUntil(account.login, from) ?? stored;
      return until ? form([lockedText(locale, until)], 429) : form([t(locale, 'console-totp-failed')], 401);
    }
    limiter.succeed(account.login);
    await recordSuccess(deps.db, account.id);
    await audit(deps.db, account.id, 'login');
    deps.log.info({ event: 'console.login_done', accountId: account.id });
    await startSession(c, account, true);
    return c.redirect(home, 303);
  });

  // ---- Second factor enrolment ------------------------------------------------------------------
  const enrolPage = async (c: Context<ConsoleEnv>, errors: string[] = []) => {
    const account = c.get('session')!.account;
    const secret = await pendingTotpSecret(deps.db, deps.vault, account);
    const locale = c.get('locale');
    return html(
      c,
      <EnrolPage
        locale={locale}
        action={`${base}/totp/enrol`}
        logoutAction={`${base}/logout`}
        csrf={csrf(c)}
        secret={formatSecret(secret)}
        uri={otpauthUri({ issuer: 'Netreach', account: account.login, secret })}
        required={totpRequired(account.role)}
        errors={errors}
      />,
      errors.length > 0 ? 422 : 200,
    );
  };
  /** Enrolment is open to a signed-in account without TOTP, and to admin/coordinator sent there after the password. */
  const mayEnrol = (s: LoadedSession | null) => {
    const state = sessionState(s);
    return (state === 'needs-enrolment' || state === 'ok') && !s!.account.totpEnabledAt;
  };

  app.get('/totp/enrol', async (c) => {
    const s = c.get('session');
    if (!mayEnrol(s)) return c.redirect(s ? nextStep(s.account, s.verifiedAt !== null) : withLang(c, `${base}/login`), 303);
    return enrolPage(c);
  });

  app.post('/totp/enrol', async (c) => {
    const s = c.get('session');
    if (!mayEnrol(s)) return c.redirect(s ? nextStep(s.account, s.verifiedAt !== null) : withLang(c, `${base}/login`), 303);
    const account = s!.account;
    const code = fieldString((await c.req.parseBody()).code, 20);
    if (!(await confirmTotpEnrolment(deps.db, deps.vault, account, code, now(), usedCodes))) return enrolPage(c, [t(c.get('locale'), 'console-totp-failed')]);
    await audit(deps.db, account.id, 'totp.enable');
    deps.log.info({ event: 'console.totp_enabled', accountId: account.id });
    await startSession(c, account, true);
    return c.redirect(home, 303);
  });

  // ---- Sign-out ------------------------------------------------------
  app.post('/logout', async (c) => {
    const s = c.get('session');
    if (s) {
      await revokeSessionByHash(deps.db, s.tokenHash);
      await audit(deps.db, s.account.id, 'logout');
    }
    clearSessionCookie(c);
    return c.redirect(`${base}/login`, 303);
  });

  // ---- Case work: the inbox (the signed-in page), a case, live updates -------------------------
  const routes: RoutesContext = { db: deps.db, vault: deps.vault, log: deps.log, base, now, bot: deps.bot, community: deps.community, live: deps.live, settings: deps.settings, signedIn, forbidden: forbiddenPage, csrf };
  app.route('/', casesRoutes(routes));
  app.route('/', reportsRoutes(routes));
  app.route('/', linkRoutes(routes));
  app.route('/', clientsRoutes(routes));
  app.route('/', kbRoutes(routes));
  app.route('/', settingsRoutes(routes));
  app.route('/', staffRoutes(routes));
  app.route('/', deliveryRoutes(routes));
  app.route('/', channelRoutes(routes));
  app.route('/', communityRoutes(routes));

  return app;
}

/** A 403 page for `requires(action)` (`onForbidden`) in the console's routes. */
export function forbiddenPage(c: Context): Response {
  const locale = (c.get('locale' as never) as Locale | undefined) ?? 'ru';
  return c.html(page(<MessagePage locale={locale} title={t(locale, 'console-forbidden-title')} text={t(locale, 'console-forbidden-text')} href="/console" />), 403);
}
