import type { Locale } from '../../config.ts';
import { ROLES as REFERRAL_ROLES } from '../../cases/referral.ts';
import { t } from '../../i18n/index.ts';
import { CsrfField } from '../auth/csrf.ts';
import { ROLES } from '../policy.ts';
import type { SignInFacts } from '../auth/sign-in-facts.ts';
import type { AccountRow } from './data.ts';
import type { RemovalOutcome } from '../../cases/staff-access.ts';
import { formatTime, SignedInHeader, type Chrome } from '../frame/chrome.tsx';
import { Errors, Layout } from '../frame/layout.tsx';
import { NewPasswordFields } from '../views/pages.tsx';

export const roleLabel = (locale: Locale, role: string) => t(locale, `console-role-${role.replace(/_/g, '-')}`);
const referralRoleLabel = (locale: Locale, role: string) => t(locale, `console-referral-role-${role.replace(/_/g, '-')}`);
const invalid = (on: boolean | undefined) => (on ? { 'aria-invalid': 'true', 'aria-describedby': 'form-errors' } : {});

/** The fields of the new-account form, as typed, and which of them the errors are about. */
export interface NewAccountForm {
  login: string;
  displayName: string;
  role: string;
  locale: string;
  invalid: { login?: boolean; displayName?: boolean; role?: boolean };
}

/** A link shown once, right after it was made: only its hash is kept. */
export interface ShownInvitation {
  url: string;
  expiresAt: Date;
}

function Badges(props: { chrome: Chrome; a: AccountRow; signIn?: SignInFacts }) {
  const { chrome, a, signIn } = props;
  const { locale } = chrome;
  return (
    <>
      {a.disabledAt ? <span class="badge em">{t(locale, 'console-staff-disabled')}</span> : null}
      {/* When the second factor was set, and how many recovery codes are left. */}
      {signIn?.totpSince ? (
        <>
          <span class="badge" data-totp-since={signIn.totpSince.toISOString()}>
            {t(locale, 'console-staff-totp-since', { date: formatTime(chrome, signIn.totpSince) })}
          </span>
          <span class={signIn.recoveryLeft <= 3 ? 'badge wait' : 'badge'} data-recovery-left={String(signIn.recoveryLeft)}>
            {t(locale, 'console-staff-recovery-left', { n: signIn.recoveryLeft })}
          </span>
        </>
      ) : (
        <span class="badge">{t(locale, a.totp ? 'console-staff-totp-on' : 'console-staff-totp-off')}</span>
      )}
      {signIn?.blockedUntil ? <span class="badge wait">{t(locale, 'console-audit-action-login-throttled')}</span> : null}
      <span class="badge">{a.staffMemberId !== null ? t(locale, 'console-staff-linked') : t(locale, 'console-staff-unlinked')}</span>
      {a.invitationExpiresAt ? <span class="badge wait">{t(locale, 'console-staff-invitation-pending')}</span> : null}
    </>
  );
}

function RoleSelect(props: { locale: Locale; id: string; value: string; invalid?: boolean }) {
  return (
    <select id={props.id} name="role" required {...invalid(props.invalid)}>
      {ROLES.map((r) => (
        <option value={r} selected={props.value === r}>
          {roleLabel(props.locale, r)}
        </option>
      ))}
    </select>
  );
}

export function StaffPage(props: { chrome: Chrome; accounts: AccountRow[]; signIn?: Map<number, SignInFacts>; form: NewAccountForm; errors: string[] }) {
  const { chrome, form } = props;
  const { locale, base } = chrome;
  return (
    <Layout locale={locale} title={t(locale, 'console-staff-title')} header={<SignedInHeader chrome={chrome} />} wide>
      <p>
        <a href="#new-account-title">{t(locale, 'console-staff-new-title')}</a>
      </p>
      <ul class="cases" id="accounts">
        {props.accounts.map((a) => (
          <li data-account={String(a.id)}>
            <p class="title" style="margin:0">
              <a href={`${base}/staff/${a.id}`}>{a.displayName}</a>
            </p>
            <p class="meta">
              {a.login} · {roleLabel(locale, a.role)}
            </p>
            <p class="meta">
              <Badges chrome={chrome} a={a} signIn={props.signIn?.get(a.id)} />
            </p>
            <p class="meta">
              {t(locale, 'console-staff-created')}: <time datetime={a.createdAt.toISOString()}>{formatTime(chrome, a.createdAt)}</time>
            </p>
          </li>
        ))}
      </ul>
      <section aria-labelledby="new-account-title">
        <h2 id="new-account-title">{t(locale, 'console-staff-new-title')}</h2>
        <p class="hint">{t(locale, 'console-staff-new-intro')}</p>
        <Errors locale={locale} messages={props.errors} />
        <form method="post" action={`${base}/staff`}>
          <CsrfField token={chrome.csrf} />
          <label for="new-login">{t(locale, 'console-login-field')}</label>
          <input id="new-login" name="login" type="text" value={form.login} autocapitalize="none" spellcheck={false} required maxlength={64} {...invalid(form.invalid.login)} />
          <p class="hint">{t(locale, 'console-login-hint')}</p>
          <label for="new-display-name">{t(locale, 'console-display-name-field')}</label>
          <input id="new-display-name" name="displayName" type="text" value={form.displayName} required maxlength={100} {...invalid(form.invalid.displayName)} />
          <label for="new-role">{t(locale, 'console-staff-role-field')}</label>
          <RoleSelect locale={locale} id="new-role" value={form.role} invalid={form.invalid.role} />
          <label for="new-locale">{t(locale, 'console-staff-locale-field')}</label>
          <select id="new-locale" name="locale">
            <option value="ru" selected={form.locale !== 'en'} lang="ru">
              Русский
            </option>
            <option value="en" selected={form.locale === 'en'} lang="en">
              English
            </option>
          </select>
          <button type="submit">{t(locale, 'console-staff-create')}</button>
        </form>
      </section>
    </Layout>
  );
}

function ActionForm(props: { chrome: Chrome; action: string; submit: string; hint?: string; id: string }) {
  return (
    <form method="post" action={props.action}>
      <CsrfField token={props.chrome.csrf} />
      {props.hint ? (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      <button type="submit" id={props.id} aria-describedby={props.hint ? `${props.id}-hint` : undefined}>
        {props.submit}
      </button>
    </form>
  );
}

/** What Telegram was asked when the account was disabled, and how it went (Telegram's own words when it refused). */
function TelegramOutcomes(props: { chrome: Chrome; outcomes: RemovalOutcome[] }) {
  const { chrome } = props;
  const { locale } = chrome;
  return (
    <ul id="telegram-outcomes">
      {props.outcomes.map((o) => (
        <li data-where={o.where} data-state={o.state}>
          {t(locale, `console-staff-telegram-${o.where}`)}:{' '}
          <span class={o.state === 'failed' ? 'badge em' : o.state === 'waiting' ? 'badge wait' : 'badge'}>{t(locale, `console-staff-telegram-${o.state}`)}</span>
          {o.error ? (
            <>
              {' '}
              <span lang="en">{o.error}</span>
            </>
          ) : null}{' '}
          <time datetime={o.queuedAt.toISOString()}>{formatTime(chrome, o.queuedAt)}</time>
        </li>
      ))}
    </ul>
  );
}

/** Live sessions and the latest request (never where from), and the admin's way to end them all. */
function SessionsSection(props: { chrome: Chrome; path: string; sessions: { count: number; lastSeenAt: Date | null } }) {
  const { chrome, sessions } = props;
  const { locale } = chrome;
  return (
    <section aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t(locale, 'console-staff-sessions-title')}</h2>
      <p id="sessions-status" data-sessions={String(sessions.count)}>
        {t(locale, 'console-staff-sessions-count', { n: sessions.count })}
        {sessions.lastSeenAt ? (
          <>
            {' '}
            {t(locale, 'console-staff-sessions-last-seen')} <time datetime={sessions.lastSeenAt.toISOString()}>{formatTime(chrome, sessions.lastSeenAt)}</time>
          </>
        ) : null}
      </p>
      {sessions.count > 0 ? (
        <form method="post" action={`${props.path}/sessions/end`}>
          <CsrfField token={chrome.csrf} />
          <p class="hint" id="sessions-end-hint">
            {t(locale, 'console-staff-sessions-end-hint')}
          </p>
          <div class="check">
            <input id="sessions-confirm" type="checkbox" name="confirm" value="yes" required />
            <label for="sessions-confirm">{t(locale, 'console-staff-sessions-confirm')}</label>
          </div>
          <button type="submit" id="sessions-end" aria-describedby="sessions-end-hint">
            {t(locale, 'console-staff-sessions-end')}
          </button>
        </form>
      ) : null}
    </section>
  );
}

export function AccountPage(props: {
  chrome: Chrome;
  a: AccountRow;
  signIn?: SignInFacts;
  sessions?: { count: number; lastSeenAt: Date | null };
  telegram?: RemovalOutcome[];
  errors: string[];
  notice?: string;
  invitation?: ShownInvitation;
  roleValue?: string;
}) {
  const { chrome, a } = props;
  const { locale, base } = chrome;
  const path = `${base}/staff/${a.id}`;
  return (
    <Layout locale={locale} title={a.displayName} header={<SignedInHeader chrome={chrome} />} wide>
      {props.invitation ? (
        <section class="notice" aria-labelledby="invitation-title" id="invitation">
          <h2 id="invitation-title" style="margin-top:0">
            {t(locale, 'console-staff-invitation-title')}
          </h2>
          <p>{t(locale, 'console-staff-invitation-text', { expires: formatTime(chrome, props.invitation.expiresAt) })}</p>
          <p class="uri" id="invitation-link">
            {props.invitation.url}
          </p>
        </section>
      ) : null}
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <Errors locale={locale} messages={props.errors} />
      <p class="meta">
        <Badges chrome={chrome} a={a} signIn={props.signIn} />
      </p>
      <dl class="facts">
        <dt>{t(locale, 'console-login-field')}</dt>
        <dd>{a.login}</dd>
        <dt>{t(locale, 'console-staff-role-field')}</dt>
        <dd id="account-role">{roleLabel(locale, a.role)}</dd>
        <dt>{t(locale, 'console-staff-locale-field')}</dt>
        <dd>{a.locale === 'en' ? 'English' : 'Русский'}</dd>
        <dt>{t(locale, 'console-staff-created')}</dt>
        <dd>
          <time datetime={a.createdAt.toISOString()}>{formatTime(chrome, a.createdAt)}</time>
        </dd>
        {a.disabledAt ? (
          <>
            <dt>{t(locale, 'console-staff-disabled-at')}</dt>
            <dd>
              <time datetime={a.disabledAt.toISOString()}>{formatTime(chrome, a.disabledAt)}</time>
            </dd>
          </>
        ) : null}
        {a.invitationExpiresAt ? (
          <>
            <dt>{t(locale, 'console-staff-invitation-until')}</dt>
            <dd>
              <time datetime={a.invitationExpiresAt.toISOString()}>{formatTime(chrome, a.invitationExpiresAt)}</time>
            </dd>
          </>
        ) : null}
      </dl>

      <section aria-labelledby="role-title">
        <h2 id="role-title">{t(locale, 'console-staff-role-title')}</h2>
        <form method="post" action={`${path}/role`}>
          <CsrfField token={chrome.csrf} />
          <label for="role">{t(locale, 'console-staff-role-field')}</label>
          <RoleSelect locale={locale} id="role" value={props.roleValue ?? a.role} invalid={props.roleValue !== undefined && props.errors.length > 0} />
          <p class="hint">{t(locale, 'console-staff-role-hint')}</p>
          <button type="submit">{t(locale, 'console-staff-role-submit')}</button>
        </form>
      </section>

      <section aria-labelledby="access-title">
        <h2 id="access-title">{t(locale, 'console-staff-access-title')}</h2>
        {a.disabledAt ? (
          <>
            {props.telegram && props.telegram.length > 0 ? <TelegramOutcomes chrome={chrome} outcomes={props.telegram} /> : null}
            <ActionForm
              chrome={chrome}
              id="enable"
              action={`${path}/enable`}
              submit={t(locale, 'console-staff-enable')}
              hint={props.telegram && props.telegram.length > 0 ? t(locale, 'console-staff-enable-telegram-hint') : undefined}
            />
          </>
        ) : (
          <>
            <ActionForm chrome={chrome} id="invite" action={`${path}/invite`} submit={t(locale, 'console-staff-invite')} hint={t(locale, 'console-staff-invite-hint')} />
            <ActionForm chrome={chrome} id="totp-reset" action={`${path}/totp-reset`} submit={t(locale, 'console-staff-totp-reset')} hint={t(locale, 'console-staff-totp-reset-hint')} />
            <ActionForm
              chrome={chrome}
              id="disable"
              action={`${path}/disable`}
              submit={t(locale, 'console-staff-disable')}
              hint={`${t(locale, 'console-staff-disable-hint')}${a.staffMemberId !== null ? ` ${t(locale, 'console-staff-disable-telegram-hint')}` : ''}`}
            />
          </>
        )}
      </section>

      {props.sessions ? <SessionsSection chrome={chrome} path={path} sessions={props.sessions} /> : null}

      {props.signIn ? (
        <section aria-labelledby="sign-in-title">
          <h2 id="sign-in-title">{t(locale, 'console-staff-sign-in-title')}</h2>
          {props.signIn.failures > 0 || props.signIn.blockedUntil ? (
            <>
              <p id="sign-in-status">
                {t(locale, 'console-staff-throttle-failures', { n: props.signIn.failures })}{' '}
                {props.signIn.blockedUntil ? t(locale, 'console-staff-throttle-until', { time: formatTime(chrome, props.signIn.blockedUntil) }) : null}
              </p>
              <ActionForm chrome={chrome} id="unlock" action={`${path}/unlock`} submit={t(locale, 'console-staff-unlock')} hint={t(locale, 'console-staff-unlock-hint')} />
            </>
          ) : (
            <p id="sign-in-status">{t(locale, 'console-staff-throttle-none')}</p>
          )}
        </section>
      ) : null}

      <section aria-labelledby="member-title">
        <h2 id="member-title">{t(locale, 'console-staff-member-title')}</h2>
        {a.staffMemberId === null ? (
          <p id="member-status">{t(locale, 'console-staff-member-none')}</p>
        ) : (
          <>
            <p id="member-status">{t(locale, 'console-staff-member-linked', { name: a.staffName ?? t(locale, 'console-author-unknown') })}</p>
            <form method="post" action={`${path}/referral-roles`}>
              <CsrfField token={chrome.csrf} />
              <fieldset>
                <legend>{t(locale, 'console-staff-referral-roles')}</legend>
                <p class="hint">{t(locale, 'console-staff-referral-roles-hint')}</p>
                {REFERRAL_ROLES.map((r) => (
                  <div class="check">
                    <input id={`referral-${r}`} type="checkbox" name="roles" value={r} checked={a.referralRoles.includes(r)} />
                    <label for={`referral-${r}`}>{referralRoleLabel(locale, r)}</label>
                  </div>
                ))}
                <button type="submit">{t(locale, 'console-staff-referral-roles-submit')}</button>
              </fieldset>
            </form>
            <ActionForm chrome={chrome} id="unlink" action={`${path}/unlink`} submit={t(locale, 'console-staff-unlink')} hint={t(locale, 'console-staff-unlink-hint')} />
          </>
        )}
      </section>
      <p>
        <a href={`${base}/staff`}>{t(locale, 'console-staff-back')}</a>
      </p>
    </Layout>
  );
}

/** The page an invitation link opens: the account it is for, and its new password. */
export function InvitePage(props: {
  locale: Locale;
  action: string;
  csrf: string;
  languageHref: string;
  account: { login: string; displayName: string; role: string };
  errors?: string[];
}) {
  const { locale, account } = props;
  const errors = props.errors ?? [];
  return (
    <Layout locale={locale} title={t(locale, 'console-invite-title')} languageHref={props.languageHref}>
      <p>{t(locale, 'console-invite-intro', { name: account.displayName, login: account.login, role: roleLabel(locale, account.role) })}</p>
      <Errors locale={locale} messages={errors} />
      <form method="post" action={props.action}>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="login" value={account.login} autocomplete="username" />
        <NewPasswordFields locale={locale} invalid={errors.length > 0} />
        <button type="submit">{t(locale, 'console-invite-submit')}</button>
      </form>
    </Layout>
  );
}
