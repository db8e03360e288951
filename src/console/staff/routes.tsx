import { Hono } from 'hono';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Locale } from '../../config.ts';
import { t } from '../../i18n/index.ts';
import type { ConsoleEnv } from '../app.tsx';
import { requestHost } from '../../http/client-address.ts';
import { changeRole, disableAccount, enableAccount, resetSecondFactor, setReferralRoles, unlinkStaffMember, type ChangeResult } from '../auth/account-changes.ts';
import { createAccount, type Account, type AccountProblem } from '../auth/accounts.ts';
import { acceptInvitation, createInvitation, invitedAccount, unusablePassword } from '../auth/invitations.ts';
import { clearThrottle } from '../auth/login-limit.ts';
import { passwordProblemMessage, type PasswordProblem } from '../auth/password.ts';
import { signInFacts } from '../auth/sign-in-facts.ts';
import { createSession, isSecureRequest, liveSessions, revokeAllSessions, revokeSessionByHash, setSessionCookie } from '../auth/sessions.ts';
import { queueRemoval, removalOutcomes } from '../../cases/staff-access.ts';
import { audit, isKnownRole, totpRequired, type Role } from '../policy.ts';
import { chromeOf, fieldString, guard, render, type RoutesContext } from '../routes-context.ts';
import { accountRow, listAccounts, type AccountRow } from './data.ts';
import { MessagePage } from '../views/pages.tsx';
import { AccountPage, InvitePage, StaffPage, type NewAccountForm, type ShownInvitation } from './views.tsx';

/** What `?done=` after a change may say (anything else says nothing). */
const DONE = ['role', 'disable', 'enable', 'totp-reset', 'unlink', 'roles', 'unlock', 'sessions'] as const;
const EMPTY_FORM: NewAccountForm = { login: '', displayName: '', role: 'worker', locale: 'ru', invalid: {} };

/**
 * /staff: accounts and roles (admins: `staff.manage`); /invite/:token: where an invited person chooses their password (the link is the authority).
 */
export function staffRoutes(x: RoutesContext): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const manage = guard(x, 'staff.manage');

  /** The account in the address; a number past the column's range finds nothing rather than failing. */
  const idOf = (c: Context<ConsoleEnv>) => {
    const n = Number(c.req.param('id'));
    return Number.isSafeInteger(n) && n <= 2_147_483_647 ? n : 0;
  };
  const notFound = (c: Context<ConsoleEnv>) => {
    const locale = c.get('locale');
    return render(c, <MessagePage locale={locale} title={t(locale, 'console-staff-not-found-title')} text={t(locale, 'console-staff-not-found')} href={`${x.base}/staff`} />, 404);
  };
  /** The invitation link as the person will open it: this server's address as the admin reached it. */
  const inviteUrl = (c: Context<ConsoleEnv>, token: string) => {
    const url = new URL(c.req.url);
    return `${isSecureRequest(c) ? 'https:' : url.protocol}//${requestHost(c)}${x.base}/invite/${token}`;
  };
  const issueInvitation = async (c: Context<ConsoleEnv>, accountId: number): Promise<ShownInvitation> => {
    const { token, expiresAt } = await createInvitation(x.db, x.vault, accountId, x.now());
    return { url: inviteUrl(c, token), expiresAt };
  };

  const staffPage = async (c: Context<ConsoleEnv>, form = EMPTY_FORM, errors: string[] = [], status: ContentfulStatusCode = 200) => {
    const accounts = await listAccounts(x.db, x.vault, x.now());
    const signIn = await signInFacts(x.db, x.vault, accounts.map((a) => a.id), x.now());
    return render(c, <StaffPage chrome={chromeOf(x, c)} accounts={accounts} signIn={signIn} form={form} errors={errors} />, status);
  };

  const accountPage = async (
    c: Context<ConsoleEnv>,
    a: AccountRow,
    extra: { errors?: string[]; invitation?: ShownInvitation; roleValue?: string } = {},
    status: ContentfulStatusCode = 200,
  ) => {
    const done = DONE.find((d) => d === c.req.query('done'));
    const notice = done ? t(c.get('locale'), `console-staff-done-${done}`) : undefined;
    const signIn = (await signInFacts(x.db, x.vault, [a.id], x.now())).get(a.id);
    const sessions = await liveSessions(x.db, a.id, x.now());
    const telegram = await removalOutcomes(x.db, a.id);
    return render(
      c,
      <AccountPage chrome={chromeOf(x, c)} a={a} signIn={signIn} sessions={sessions} telegram={telegram} errors={extra.errors ?? []} notice={notice} invitation={extra.invitation} roleValue={extra.roleValue} />,
      status,
    );
  };

  // ---- Accounts ------------------------------------------------------------------------------------
  app.get('/staff', x.signedIn, manage, (c) => staffPage(c));

  app.post('/staff', x.signedIn, manage, async (c) => {
    const locale = c.get('locale');
    const body = await c.req.parseBody();
    const form: NewAccountForm = {
      login: fieldString(body.login, 64),
      displayName: fieldString(body.displayName, 200),
      role: fieldString(body.role, 40),
      locale: fieldString(body.locale, 5) === 'en' ? 'en' : 'ru',
      invalid: {},
    };
    // createAccount checks every field, the role too; the password is one nobody knows until the link is used.
    const result = await createAccount(x.db, { login: form.login, displayName: form.displayName, role: form.role as Role, password: unusablePassword(), locale: form.locale as Locale });
    if (!result.ok) {
      const problems: AccountProblem[] = result.problems;
      form.invalid = {
        login: problems.includes('login-invalid') || problems.includes('login-taken'),
        displayName: problems.includes('display-name-invalid'),
        role: problems.includes('role-invalid'),
      };
      return staffPage(c, form, problems.map((p) => t(locale, `console-${p}`)), 422);
    }
    const created = result.account;
    const invitation = await issueInvitation(c, created.id);
    const admin = c.get('account')!;
    await audit(x.db, admin.id, 'account.create', undefined, `${created.login}: ${created.role}`);
    await audit(x.db, admin.id, 'account.invite', undefined, created.login);
    x.log.info({ event: 'console.account_created', accountId: created.id, by: admin.id });
    return accountPage(c, (await accountRow(x.db, x.vault, x.now(), created.id))!, { invitation }, 201);
  });

  app.get('/staff/:id{[0-9]+}', x.signedIn, manage, async (c) => {
    const a = await accountRow(x.db, x.vault, x.now(), idOf(c));
    return a ? accountPage(c, a) : notFound(c);
  });

  /**
   * An account change: applied, audited, and answered with the account page (a redirect on
   * success, so reloading does not repeat it); a refusal re-renders the page with its reason.
   */
  const changed = async (c: Context<ConsoleEnv>, result: ChangeResult, auditAction: string, detail: (r: Extract<ChangeResult, { ok: true }>) => string, done: string, roleValue?: string) => {
    const locale = c.get('locale');
    if (!result.ok && result.problem === 'not-found') return notFound(c);
    const id = idOf(c);
    if (!result.ok) {
      const a = (await accountRow(x.db, x.vault, x.now(), id))!;
      return accountPage(c, a, { errors: [t(locale, `console-staff-error-${result.problem}`)], roleValue }, 422);
    }
    const admin = c.get('account')!;
    await audit(x.db, admin.id, auditAction, undefined, detail(result));
    x.log.info({ event: `console.${auditAction}`, accountId: id, by: admin.id });
    return c.redirect(`${x.base}/staff/${id}?done=${done}`, 303);
  };

  app.post('/staff/:id{[0-9]+}/role', x.signedIn, manage, async (c) => {
    const role = fieldString((await c.req.parseBody()).role, 40);
    if (!isKnownRole(role)) {
      const a = await accountRow(x.db, x.vault, x.now(), idOf(c));
      return a ? accountPage(c, a, { errors: [t(c.get('locale'), 'console-role-invalid')], roleValue: role }, 422) : notFound(c);
    }
    const result = await changeRole(x.db, idOf(c), role);
    return changed(c, result, 'account.role', (r) => `${r.after.login}: ${r.before.role} → ${r.after.role}`, 'role', role);
  });

  /**
   * Disabling ends the sessions (account-changes.ts) and, for an account linked to a member of the
   * staff group, queues that person's removal from the group and from the community chat's
   * administrators (cases/staff-access.ts): audited as this admin, its outcome on the account page.
   */
  app.post('/staff/:id{[0-9]+}/disable', x.signedIn, manage, async (c) => {
    const result = await disableAccount(x.db, idOf(c), x.now());
    const answer = await changed(c, result, 'account.disable', (r) => r.after.login, 'disable');
    const memberId = result.ok ? result.before.staffMemberId : null;
    if (!result.ok || memberId === null) return answer;
    const bot = x.bot?.();
    if (!bot) {
      x.log.warn({ event: 'console.account.telegram_not_queued', accountId: result.after.id }, 'the bot is not running: the person stays in the staff group');
      return answer;
    }
    const admin = c.get('account')!;
    const removal = { accountId: result.after.id, login: result.after.login, staffMemberId: memberId, byAccountId: admin.id, at: x.now() };
    await queueRemoval({ db: x.db, vault: x.vault, staffChatId: bot.staffChatId, communityChatId: x.community?.()?.communityChatId, outbox: bot.outbox }, removal);
    return answer;
  });

  /** An admin ends every session of an account (a lost phone, a shared computer): confirmed, audited with how many ended. */
  app.post('/staff/:id{[0-9]+}/sessions/end', x.signedIn, manage, async (c) => {
    const a = await accountRow(x.db, x.vault, x.now(), idOf(c));
    if (!a) return notFound(c);
    if (fieldString((await c.req.parseBody()).confirm, 10) !== 'yes') return accountPage(c, a, { errors: [t(c.get('locale'), 'console-staff-sessions-unconfirmed')] }, 422);
    const { count } = await liveSessions(x.db, a.id, x.now());
    await revokeAllSessions(x.db, a.id);
    const admin = c.get('account')!;
    await audit(x.db, admin.id, 'account.sessions_end', undefined, `${a.login}: ${count}`);
    x.log.info({ event: 'console.account.sessions_end', accountId: a.id, by: admin.id, count });
    // Their own sessions included: the next page is the sign-in.
    return c.redirect(a.id === admin.id ? `${x.base}/login` : `${x.base}/staff/${a.id}?done=sessions`, 303);
  });
  app.post('/staff/:id{[0-9]+}/enable', x.signedIn, manage, async (c) => changed(c, await enableAccount(x.db, idOf(c)), 'account.enable', (r) => r.after.login, 'enable'));
  app.post('/staff/:id{[0-9]+}/totp-reset', x.signedIn, manage, async (c) =>
    changed(c, await resetSecondFactor(x.db, idOf(c)), 'account.totp_reset', (r) => r.after.login, 'totp-reset'),
  );
  app.post('/staff/:id{[0-9]+}/unlink', x.signedIn, manage, async (c) =>
    changed(c, await unlinkStaffMember(x.db, idOf(c)), 'account.unlink', (r) => `${r.after.login}: staff_member=${r.before.staffMemberId ?? '—'}`, 'unlink'),
  );

  /** Clears the sign-in throttle's counts for the account's login (its delays end at once). */
  app.post('/staff/:id{[0-9]+}/unlock', x.signedIn, manage, async (c) => {
    const a = await accountRow(x.db, x.vault, x.now(), idOf(c));
    if (!a) return notFound(c);
    await clearThrottle(x.db, x.vault, a.login);
    await audit(x.db, c.get('account')!.id, 'account.unlock', undefined, a.login);
    x.log.info({ event: 'console.account.unlock', accountId: a.id, by: c.get('account')!.id });
    return c.redirect(`${x.base}/staff/${a.id}?done=unlock`, 303);
  });

  /** A new link for a forgotten password (or an invitation that expired); only the latest works. */
  app.post('/staff/:id{[0-9]+}/invite', x.signedIn, manage, async (c) => {
    const a = await accountRow(x.db, x.vault, x.now(), idOf(c));
    if (!a) return notFound(c);
    if (a.disabledAt) return accountPage(c, a, { errors: [t(c.get('locale'), 'console-staff-error-disabled')] }, 422);
    const invitation = await issueInvitation(c, a.id);
    await audit(x.db, c.get('account')!.id, 'account.invite', undefined, a.login);
    return accountPage(c, (await accountRow(x.db, x.vault, x.now(), a.id))!, { invitation });
  });

  app.post('/staff/:id{[0-9]+}/referral-roles', x.signedIn, manage, async (c) => {
    const a = await accountRow(x.db, x.vault, x.now(), idOf(c));
    if (!a) return notFound(c);
    if (a.staffMemberId === null) return accountPage(c, a, { errors: [t(c.get('locale'), 'console-staff-error-not-linked')] }, 422);
    const body = await c.req.parseBody({ all: true });
    const asked = ([] as unknown[]).concat(body.roles ?? []).map((v) => fieldString(v, 40));
    const result = await setReferralRoles(x.db, a.staffMemberId, asked);
    if (!result) return notFound(c);
    await audit(x.db, c.get('account')!.id, 'staff.roles', undefined, `${a.login}: ${result.before.join(', ') || '—'} → ${result.after.join(', ') || '—'}`);
    return c.redirect(`${x.base}/staff/${a.id}?done=roles`, 303);
  });

  // ---- The invitation link ---------------------------------------------------------------------------
  /** Before sign-in the language is the address's `?lang=`, else the one the admin chose for the account. */
  const inviteLocale = (c: Context<ConsoleEnv>, account: { locale: string }): Locale => {
    const asked = c.req.query('lang');
    return asked === 'en' || asked === 'ru' ? asked : account.locale === 'en' ? 'en' : 'ru';
  };
  const invitePage = (c: Context<ConsoleEnv>, account: Pick<Account, 'login' | 'displayName' | 'role' | 'locale'>, errors: string[] = [], status: ContentfulStatusCode = 200) => {
    const locale = inviteLocale(c, account);
    const lang = c.req.query('lang');
    const action = `${x.base}/invite/${c.req.param('token')}${lang === 'en' || lang === 'ru' ? `?lang=${lang}` : ''}`;
    return render(c, <InvitePage locale={locale} action={action} csrf={x.csrf(c)} languageHref={`?lang=${locale === 'ru' ? 'en' : 'ru'}`} account={account} errors={errors} />, status);
  };
  const inviteInvalid = (c: Context<ConsoleEnv>) => {
    const locale = c.get('locale');
    return render(c, <MessagePage locale={locale} title={t(locale, 'console-invite-invalid-title')} text={t(locale, 'console-invite-invalid')} href={`${x.base}/login`} />, 404);
  };

  app.get('/invite/:token', async (c) => {
    const account = await invitedAccount(x.db, x.vault, c.req.param('token'), x.now());
    return account ? invitePage(c, account) : inviteInvalid(c);
  });

  app.post('/invite/:token', async (c) => {
    const token = c.req.param('token');
    const body = await c.req.parseBody();
    const account = await invitedAccount(x.db, x.vault, token, x.now());
    if (!account) return inviteInvalid(c);
    const result = await acceptInvitation(x.db, x.vault, token, fieldString(body.password, 1100), fieldString(body.password2, 1100), x.now());
    if (!result.ok) {
      if (result.problems.includes('link-invalid')) return inviteInvalid(c);
      const locale = inviteLocale(c, account);
      const text = (p: PasswordProblem | 'password-mismatch') => (p === 'password-mismatch' ? t(locale, 'console-password-mismatch') : passwordProblemMessage(locale, p));
      return invitePage(c, account, (result.problems as Array<PasswordProblem | 'password-mismatch'>).map(text), 422);
    }
    await audit(x.db, result.account.id, 'account.password', undefined, 'invitation');
    x.log.info({ event: 'console.invitation_accepted', accountId: result.account.id });
    // Signed in at once, as after the first admin's setup; the second factor (to enter, or to
    // enrol where the role requires one) is the signed-in pages' next step.
    const old = c.get('session');
    if (old) await revokeSessionByHash(x.db, old.tokenHash);
    const verified = !result.account.totpEnabledAt && !totpRequired(result.account.role);
    const { token: sessionToken } = await createSession({ db: x.db, vault: x.vault, now: x.now }, result.account.id, { verified });
    setSessionCookie(c, sessionToken);
    if (verified) await audit(x.db, result.account.id, 'login');
    return c.redirect(x.base || '/', 303);
  });

  return app;
}
