import { Hono, type Context } from 'hono';
import type { Locale } from '../../config.ts';
import type { Db } from '../../db/open.ts';
import { t } from '../../i18n/index.ts';
import type { Logger } from '../../log.ts';
import type { Vault } from '../../privacy/vault.ts';
import type { ConsoleEnv } from '../app.tsx';
import { page } from '../frame/layout.tsx';
import { audit, totpRequired } from '../policy.ts';
import { EnrolPage, LoginPage, MessagePage, SetupPage, TotpPage } from '../views/pages.tsx';
import { checkTotp, confirmTotpEnrolment, findAccountByLogin, pendingTotpSecret, type AccountProblem } from './accounts.ts';
import { isLocked, LoginLimiter, normaliseLogin, recordFailure, recordSuccess } from './login-limit.ts';
import { passwordProblemMessage, verifyNothing, verifyPassword, type PasswordProblem } from './password.ts';
import { sessionState, signInPaths } from './session-state.ts';
import { clearSessionCookie, createSession, revokeSessionByHash, setSessionCookie, type Account, type LoadedSession, type SessionDeps } from './sessions.ts';
import { completeSetup, isSetupTokenValid } from './setup.ts';
import { formatSecret, otpauthUri, UsedCodes } from './totp.ts';

export interface AuthRoutesDeps {
  db: Db;
  vault: Vault;
  log: Logger;
  now: () => Date;
  /** Where the console is mounted: `/console`. */
  base: string;
  defaultLocale: Locale;
  /** The client's address for rate limiting. */
  clientAddress: (c: Context) => string;
  limiter?: LoginLimiter;
  /** This request's CSRF token for forms. */
  csrf: (c: Context<ConsoleEnv>) => string;
}

const fieldString = (v: unknown, max = 1100) => (typeof v === 'string' ? v.slice(0, max) : '');

/**
 * The sign-in routes: first-admin setup (`/setup/:token`), sign-in with password and code
 * (`/login`, `/login/totp`), second-factor enrolment (`/totp/enrol`) and sign-out (`/logout`).
 * Mounted by the console app after its headers, session and CSRF middleware.
 */
export function authRoutes(deps: AuthRoutesDeps): Hono<ConsoleEnv> {
  const { now, base } = deps;
  const { home, withLang, nextStep } = signInPaths(base, deps.defaultLocale);
  const sd: SessionDeps = { db: deps.db, vault: deps.vault, now };
  const limiter = deps.limiter ?? new LoginLimiter({ now });
  const usedCodes = new UsedCodes();
  const address = deps.clientAddress;
  const csrf = deps.csrf;
  /** Failed attempts are logged with a keyed hash of the login, never the login itself. */
  const loginRef = (login: string) => deps.vault.hash('console-login-log', normaliseLogin(login)).slice(0, 12);

  const app = new Hono<ConsoleEnv>();

  const html = (c: Context<ConsoleEnv>, node: unknown, status: 200 | 400 | 401 | 403 | 404 | 422 | 429 = 200) => c.html(page(node as never), status);
  const languageHref = (c: Context<ConsoleEnv>) => `?lang=${c.get('locale') === 'ru' ? 'en' : 'ru'}`;

  /** Replaces the request's session (if any) with a new one: after setup, sign-in, and the second factor. */
  const startSession = async (c: Context<ConsoleEnv>, account: Account, verified: boolean) => {
    const old = c.get('session');
    if (old) await revokeSessionByHash(deps.db, old.tokenHash);
    const { token } = await createSession(sd, account.id, { verified });
    setSessionCookie(c, token);
  };

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

  return app;
}
