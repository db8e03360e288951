import { eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import QRCode from 'qrcode';
import type { Locale } from '../../config.ts';
import type { Db } from '../../db/open.ts';
import { accounts } from '../../db/schema/index.ts';
import { t } from '../../i18n/index.ts';
import type { Logger } from '../../log.ts';
import type { Vault } from '../../privacy/vault.ts';
import type { ConsoleEnv } from '../app.tsx';
import { page } from '../frame/layout.tsx';
import { audit, totpRequired } from '../policy.ts';
import { EnrolPage, LoginPage, MessagePage, RecoveryCodesPage, RecoveryUsedPage, SetupPage, TotpPage } from '../views/pages.tsx';
import { checkTotp, confirmTotpEnrolment, findAccountByLogin, pendingTotpSecret, setupHint, type AccountProblem } from './accounts.ts';
import { isKnownAddress, normaliseLogin, rememberAddress, SignInThrottle, type Attempt, type Scope } from './login-limit.ts';
import { checkPassword, hashPassword, passwordProblemMessage, verifyNothing, verifyPassword, type PasswordProblem } from './password.ts';
import { ChangePasswordPage } from './password-page.tsx';
import { issueRecoveryCodes, useRecoveryCode } from './recovery-codes.ts';
import { sessionState, signInPaths } from './session-state.ts';
import { clearSessionCookie, createSession, revokeOtherSessions, revokeSessionByHash, setSessionCookie, type Account, type LoadedSession, type SessionDeps } from './sessions.ts';
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
  /** The client's address, for the sign-in throttle. */
  clientAddress: (c: Context) => string;
  /** The sign-in throttle (auth/login-limit.ts); tests give their own rules. */
  throttle?: SignInThrottle;
  /** How the login-wide delay is waited out before a password is checked (tests note it instead). */
  sleep?: (ms: number) => Promise<void>;
  /** This request's CSRF token for forms. */
  csrf: (c: Context<ConsoleEnv>) => string;
}

const fieldString = (v: unknown, max = 1100) => (typeof v === 'string' ? v.slice(0, max) : '');

/**
 * The sign-in routes: first-admin setup (`/setup/:token`), sign-in with password and a code from
 * the app or a recovery code (`/login`, `/login/totp`, `/login/recovery`), second-factor enrolment
 * with its QR code and recovery codes (`/totp/enrol`) and sign-out (`/logout`). Every attempt goes
 * through the sign-in throttle (login-limit.ts); failures and hold-backs are in the audit log.
 * Mounted by the console app after its headers, session and CSRF middleware.
 */
export function authRoutes(deps: AuthRoutesDeps): Hono<ConsoleEnv> {
  const { now, base } = deps;
  const { home, withLang, nextStep } = signInPaths(base, deps.defaultLocale);
  const sd: SessionDeps = { db: deps.db, vault: deps.vault, now };
  const throttle = deps.throttle ?? new SignInThrottle({ db: deps.db, vault: deps.vault, now });
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
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
  const loginForm = async (c: Context<ConsoleEnv>, login: string, errors: string[], status: 200 | 401 | 429) =>
    html(
      c,
      <LoginPage locale={c.get('locale')} action={withLang(c, `${base}/login`)} csrf={csrf(c)} languageHref={languageHref(c)} login={login} errors={errors} setupHint={await setupHint(deps.db)} />,
      status,
    );
  const waitText = (locale: Locale, until: Date) => {
    const seconds = Math.max(1, Math.ceil((until.getTime() - now().getTime()) / 1000));
    return seconds < 60 ? t(locale, 'console-wait-seconds', { n: seconds }) : t(locale, 'console-wait-minutes', { n: Math.ceil(seconds / 60) });
  };
  const throttledText = (locale: Locale, scope: Scope, until: Date) => t(locale, `console-login-throttled-${scope === 'login' ? 'pair' : scope}`, { wait: waitText(locale, until) });
  const nextTry = (locale: Locale, until: Date | null) => (until ? [t(locale, 'console-login-next-try', { wait: waitText(locale, until) })] : []);

  /** What the audit log says about an attempt: the account when there is one, else a keyed hash of the login (never the login or the address). */
  const attemptDetail = (what: string, account: Account | undefined, login: string) => (account ? what : `${what}, unknown login ${loginRef(login)}`);

  /**
   * Whether the attempt may go ahead: refused (audited once per hold-back, logged) or, while the
   * login is under attack from elsewhere, after a short wait. Returns the refusal's text, if any.
   */
  const admit = async (attempt: Attempt, account: Account | undefined, locale: Locale): Promise<string | null> => {
    const verdict = await throttle.check(attempt);
    if (verdict.refused) {
      const { scope, until, first } = verdict.refused;
      if (first) await audit(deps.db, account?.id ?? null, 'login.throttled', undefined, attemptDetail(`${attempt.step}, ${scope}`, account, attempt.login));
      deps.log.warn({ event: 'console.login_refused', reason: 'throttled', scope, step: attempt.step, ...(account ? { accountId: account.id } : { login: loginRef(attempt.login) }) });
      return throttledText(locale, scope, until);
    }
    if (verdict.delayMs > 0) {
      deps.log.info({ event: 'console.login_delayed', ms: verdict.delayMs, ...(account ? { accountId: account.id } : { login: loginRef(attempt.login) }) });
      await sleep(verdict.delayMs);
    }
    return null;
  };

  /** A failed attempt: counted, audited, logged; returns when this login may next be tried from this address. */
  const failed = async (attempt: Attempt, account: Account | undefined, what: 'password' | 'code' | 'recovery-code'): Promise<Date | null> => {
    const until = await throttle.fail(attempt);
    await audit(deps.db, account?.id ?? null, 'login.failed', undefined, attemptDetail(what, account, attempt.login));
    deps.log.warn({ event: what === 'password' ? 'console.login_failed' : 'console.totp_failed', step: what, ...(account ? { accountId: account.id } : { login: loginRef(attempt.login) }) });
    return until;
  };

  /** Password and second factor done: the pair's counts go, the address becomes known to the account. */
  const signedInFrom = async (account: Account, from: string) => {
    await throttle.succeed({ login: account.login, address: from });
    await rememberAddress(deps.db, deps.vault, account.id, from, now());
  };

  app.get('/login', async (c) => {
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
    const account = await findAccountByLogin(deps.db, login);
    const attempt: Attempt = { login, address: from, knownAddress: account ? await isKnownAddress(deps.db, deps.vault, account.id, from) : false, step: 'password' };
    const refused = await admit(attempt, account, locale);
    if (refused) return loginForm(c, login, [refused], 429);
    const ok = account && account.disabledAt === null ? await verifyPassword(account.passwordHash, password) : await verifyNothing(password);
    if (!ok || !account) {
      const until = await failed(attempt, account, 'password');
      return loginForm(c, login, [t(locale, 'console-login-failed'), ...nextTry(locale, until)], 401);
    }
    const verified = !account.totpEnabledAt && !totpRequired(account.role);
    if (verified) {
      // With a second factor the counts are cleared only once the code is right too.
      await signedInFrom(account, from);
      await audit(deps.db, account.id, 'login');
    }
    deps.log.info({ event: 'console.login_password_ok', accountId: account.id, verified });
    await startSession(c, account, verified);
    return c.redirect(nextStep(account, verified), 303);
  });

  const totpForm = (c: Context<ConsoleEnv>, errors: { code?: string[]; recovery?: string[] }, status: 200 | 401 | 429) =>
    html(
      c,
      <TotpPage
        locale={c.get('locale')}
        action={`${base}/login/totp`}
        recoveryAction={`${base}/login/recovery`}
        logoutAction={`${base}/logout`}
        csrf={csrf(c)}
        errors={errors.code}
        recoveryErrors={errors.recovery}
      />,
      status,
    );

  app.get('/login/totp', (c) => {
    const s = c.get('session');
    const state = sessionState(s);
    if (state !== 'needs-totp') return c.redirect(state === 'anonymous' ? withLang(c, `${base}/login`) : home, 303);
    return totpForm(c, {}, 200);
  });

  /** The second step, with a code from the app or a recovery code: the same throttle (the account's `code` scope). */
  const secondStep = async (c: Context<ConsoleEnv>, kind: 'code' | 'recovery-code') => {
    const s = c.get('session');
    if (sessionState(s) !== 'needs-totp') return c.redirect(`${base}/login`, 303);
    const account = s!.account;
    const locale = c.get('locale');
    const from = address(c);
    const errorsOf = (list: string[]) => (kind === 'code' ? { code: list } : { recovery: list });
    const attempt: Attempt = { login: account.login, address: from, knownAddress: await isKnownAddress(deps.db, deps.vault, account.id, from), step: 'code' };
    const refused = await admit(attempt, account, locale);
    if (refused) return totpForm(c, errorsOf([refused]), 429);
    const body = await c.req.parseBody();
    if (kind === 'code') {
      if (!checkTotp(deps.vault, account, fieldString(body.code, 20), now(), usedCodes)) {
        const until = await failed(attempt, account, 'code');
        return totpForm(c, errorsOf([t(locale, 'console-totp-failed'), ...nextTry(locale, until)]), 401);
      }
    }
    let left: number | undefined;
    if (kind === 'recovery-code') {
      const used = await useRecoveryCode(deps.db, deps.vault, account.id, fieldString(body.recoveryCode, 40), now());
      if (!used.ok) {
        const until = await failed(attempt, account, 'recovery-code');
        return totpForm(c, errorsOf([t(locale, 'console-totp-recovery-failed'), ...nextTry(locale, until)]), 401);
      }
      left = used.left;
      await audit(deps.db, account.id, 'login.recovery_code', undefined, `left: ${left}`);
    }
    await signedInFrom(account, from);
    await audit(deps.db, account.id, 'login');
    deps.log.info({ event: 'console.login_done', accountId: account.id, with: kind });
    await startSession(c, account, true);
    if (left === undefined) return c.redirect(home, 303);
    return html(c, <RecoveryUsedPage locale={locale} left={left} continueHref={home} />);
  };

  app.post('/login/totp', (c) => secondStep(c, 'code'));
  app.post('/login/recovery', (c) => secondStep(c, 'recovery-code'));

  // ---- Second factor enrolment ------------------------------------------------------------------
  const enrolPage = async (c: Context<ConsoleEnv>, errors: string[] = []) => {
    const account = c.get('session')!.account;
    const secret = await pendingTotpSecret(deps.db, deps.vault, account);
    const locale = c.get('locale');
    const uri = otpauthUri({ issuer: 'Netreach', account: account.login, secret });
    // Drawn here, as markup in the page: no script, no image request, nothing leaves the server.
    const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, color: { dark: '#000000', light: '#ffffff' } });
    return html(
      c,
      <EnrolPage
        locale={locale}
        action={`${base}/totp/enrol`}
        logoutAction={`${base}/logout`}
        csrf={csrf(c)}
        secret={formatSecret(secret)}
        uri={uri}
        qrSvg={qrSvg}
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
    const codes = await issueRecoveryCodes(deps.db, deps.vault, account.id, now());
    await audit(deps.db, account.id, 'totp.enable');
    deps.log.info({ event: 'console.totp_enabled', accountId: account.id });
    await signedInFrom(account, address(c));
    await startSession(c, account, true);
    // Shown in answer to the form, never at an address of their own: reloading cannot show them again.
    return html(c, <RecoveryCodesPage locale={c.get('locale')} codes={codes} continueHref={home} />);
  });

  // ---- Own password --------------------------------------------------------------------------
  const passwordPage = (c: Context<ConsoleEnv>, opts: { errors?: string[]; done?: boolean }, status: 200 | 401 | 422 | 429 = 200) => {
    const s = c.get('session')!;
    return html(
      c,
      <ChangePasswordPage locale={c.get('locale')} action={`${base}/password`} csrf={csrf(c)} home={home} logoutAction={`${base}/logout`} login={s.account.login} errors={opts.errors} done={opts.done} />,
      status,
    );
  };

  app.get('/password', (c) => {
    if (sessionState(c.get('session')) !== 'ok') return c.redirect(withLang(c, `${base}/login`), 303);
    return passwordPage(c, { done: c.req.query('done') === '1' });
  });

  /**
   * The current password is checked through the sign-in throttle (a session left open must not
   * become a way to guess it); the new one replaces it and every other session of the account
   * ends, this one stays.
   */
  app.post('/password', async (c) => {
    const s = c.get('session');
    if (sessionState(s) !== 'ok') return c.redirect(withLang(c, `${base}/login`), 303);
    const account = s!.account;
    const locale = c.get('locale');
    const body = await c.req.parseBody();
    const from = address(c);
    const attempt: Attempt = { login: account.login, address: from, knownAddress: await isKnownAddress(deps.db, deps.vault, account.id, from), step: 'password' };
    const refused = await admit(attempt, account, locale);
    if (refused) return passwordPage(c, { errors: [refused] }, 429);
    if (!(await verifyPassword(account.passwordHash, fieldString(body.current)))) {
      const until = await failed(attempt, account, 'password');
      return passwordPage(c, { errors: [t(locale, 'console-password-current-wrong'), ...nextTry(locale, until)] }, 401);
    }
    const password = fieldString(body.password);
    const problems: Array<PasswordProblem | 'password-mismatch'> = checkPassword(password, account.login);
    if (password !== fieldString(body.password2)) problems.push('password-mismatch');
    if (problems.length > 0) return passwordPage(c, { errors: problems.map((p) => problemText(locale, p)) }, 422);
    await deps.db.update(accounts).set({ passwordHash: await hashPassword(password) }).where(eq(accounts.id, account.id));
    await revokeOtherSessions(deps.db, account.id, s!.tokenHash);
    await throttle.succeed({ login: account.login, address: from });
    await audit(deps.db, account.id, 'account.password_change');
    deps.log.info({ event: 'console.password_changed', accountId: account.id });
    return c.redirect(`${base}/password?done=1`, 303);
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
