import type { Locale } from '../../config.ts';
import { t } from '../../i18n/index.ts';
import { CsrfField } from '../auth/csrf.ts';
import { PASSWORD_MIN_LENGTH } from '../auth/password.ts';
import { Errors, Layout } from '../frame/layout.tsx';

/** What every form page gets: its language, the language link (before sign-in), the CSRF token. */
interface FormPage {
  locale: Locale;
  action: string;
  csrf: string;
  languageHref?: string;
  errors?: string[];
}

const invalid = (errors: string[] | undefined) => (errors && errors.length > 0 ? { 'aria-invalid': 'true', 'aria-describedby': 'form-errors' } : {});

export function SetupPage(props: FormPage & { login?: string; displayName?: string }) {
  const { locale } = props;
  return (
    <Layout locale={locale} title={t(locale, 'console-setup-title')} languageHref={props.languageHref}>
      <p>{t(locale, 'console-setup-intro')}</p>
      <Errors locale={locale} messages={props.errors ?? []} />
      <form method="post" action={props.action}>
        <CsrfField token={props.csrf} />
        <label for="login">{t(locale, 'console-login-field')}</label>
        <input id="login" name="login" type="text" value={props.login ?? ''} autocomplete="username" autocapitalize="none" spellcheck={false} required maxlength={64} aria-describedby="login-hint" />
        <p class="hint" id="login-hint">
          {t(locale, 'console-login-hint')}
        </p>
        <label for="displayName">{t(locale, 'console-display-name-field')}</label>
        <input id="displayName" name="displayName" type="text" value={props.displayName ?? ''} autocomplete="name" required maxlength={100} />
        <NewPasswordFields locale={locale} />
        <button type="submit">{t(locale, 'console-setup-submit')}</button>
      </form>
    </Layout>
  );
}

/** A new password, twice, with its rule: the first admin's setup and an invitation link (views/staff.tsx). */
/** `replacing`: the person changes a password they have, so the fields say "new". */
export function NewPasswordFields(props: { locale: Locale; invalid?: boolean; replacing?: boolean }) {
  const { locale } = props;
  const invalidField = props.invalid ? { 'aria-invalid': 'true' } : {};
  return (
    <>
      <label for="password">{t(locale, props.replacing ? 'console-password-new-field' : 'console-new-password-field')}</label>
      <input id="password" name="password" type="password" autocomplete="new-password" required minlength={PASSWORD_MIN_LENGTH} aria-describedby={props.invalid ? 'password-hint form-errors' : 'password-hint'} {...invalidField} />
      <p class="hint" id="password-hint">
        {t(locale, 'console-password-hint', { min: PASSWORD_MIN_LENGTH })}
      </p>
      <label for="password2">{t(locale, props.replacing ? 'console-password-new-confirm-field' : 'console-password-confirm-field')}</label>
      <input id="password2" name="password2" type="password" autocomplete="new-password" required minlength={PASSWORD_MIN_LENGTH} {...invalidField} />
    </>
  );
}

/** What a new installer is told on the login page: nothing (an admin exists), the printed setup link, or the command. */
export type SetupHint = 'setup-link' | 'no-admin' | null;

/** The command that creates an admin, with placeholders in the page's language. */
const adminCommand = (locale: Locale) => `npm run netreach -- admin create --login ${t(locale, 'console-login-setup-login-placeholder')} --name "${t(locale, 'console-login-setup-name-placeholder')}"`;

export function LoginPage(props: FormPage & { login?: string; setupHint?: SetupHint }) {
  const { locale } = props;
  return (
    <Layout locale={locale} title={t(locale, 'console-login-title')} languageHref={props.languageHref} css={AUTH_CSS}>
      {props.setupHint ? (
        <section class="notice" id="setup-hint" aria-labelledby="setup-hint-title">
          <h2 id="setup-hint-title" style="margin-top:0">
            {t(locale, props.setupHint === 'setup-link' ? 'console-login-setup-title' : 'console-login-no-admin-title')}
          </h2>
          {props.setupHint === 'setup-link' ? (
            <>
              <p>{t(locale, 'console-login-setup-link')}</p>
              <pre class="command">
                <code>netreach: no console account yet: create the first admin at http://…/console/setup/… (valid 24 h, once)</code>
              </pre>
              <p>{t(locale, 'console-login-setup-link-after')}</p>
            </>
          ) : null}
          <p>{t(locale, props.setupHint === 'setup-link' ? 'console-login-setup-cli' : 'console-login-no-admin')}</p>
          <pre class="command">
            <code>{adminCommand(locale)}</code>
          </pre>
          <p class="hint">{t(locale, 'console-login-setup-cli-hint')}</p>
        </section>
      ) : null}
      <Errors locale={locale} messages={props.errors ?? []} />
      <form method="post" action={props.action}>
        <CsrfField token={props.csrf} />
        <label for="login">{t(locale, 'console-login-field')}</label>
        <input id="login" name="login" type="text" value={props.login ?? ''} autocomplete="username" autocapitalize="none" spellcheck={false} required maxlength={64} {...invalid(props.errors)} />
        <label for="password">{t(locale, 'console-password-field')}</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required {...invalid(props.errors)} />
        <button type="submit">{t(locale, 'console-login-submit')}</button>
      </form>
    </Layout>
  );
}

/**
 * The sign-in pages' own rules: the key in groups of four that never break inside a group, the QR
 * code at a size phones scan from a screen, recovery codes in two columns where they fit.
 */
const AUTH_CSS = `.secret{word-break:normal;line-height:2}
.secret .group{display:inline-block;white-space:nowrap;margin-right:.6em}
.secret .group:last-child{margin-right:0}
.qr{margin:.75rem 0;line-height:0}
.qr svg{width:13rem;max-width:100%;height:auto;border:1px solid #dadce0;border-radius:6px}
details{margin:1rem 0}
summary{cursor:pointer;color:#0b57d0;text-decoration:underline;padding:.6rem 0;min-height:44px}
pre.command{white-space:pre-wrap;overflow-wrap:anywhere;font:.9rem/1.4 ui-monospace,Menlo,Consolas,monospace;background:#f1f3f4;padding:.5rem .75rem;border-radius:6px;margin:.5rem 0}
ol.codes{list-style:none;padding:0;margin:1rem 0;display:grid;grid-template-columns:repeat(auto-fill,minmax(9.5rem,1fr));gap:.5rem 1rem}
ol.codes li{font:1.25rem/1.5 ui-monospace,Menlo,Consolas,monospace;letter-spacing:.05em;background:#f1f3f4;border-radius:6px;padding:.35rem .75rem;text-align:center;white-space:nowrap}
.warning{border-left:4px solid #8a5a00;background:#fff8e1;color:#3d2800;padding:.75rem 1rem;margin:1rem 0;font-weight:600}
a.button.primary{background:#0b57d0;color:#fff;border-radius:6px;font-weight:600;text-decoration:none;padding:.6rem 1.25rem;margin-top:1rem}
@media print{header,a.button,form{display:none}ol.codes li{background:none;border:1px solid #000}}`;

function CodeField(props: { locale: Locale; errors?: string[] }) {
  const { locale } = props;
  return (
    <>
      <label for="code">{t(locale, 'console-totp-code-field')}</label>
      <input
        id="code"
        name="code"
        type="text"
        inputmode="numeric"
        pattern="[0-9 ]*"
        autocomplete="one-time-code"
        required
        maxlength={9}
        aria-describedby={props.errors && props.errors.length > 0 ? 'code-hint form-errors' : 'code-hint'}
        {...(props.errors && props.errors.length > 0 ? { 'aria-invalid': 'true' } : {})}
      />
      <p class="hint" id="code-hint">
        {t(locale, 'console-totp-code-hint')}
      </p>
    </>
  );
}

export function LogoutForm(props: { locale: Locale; action: string; csrf: string }) {
  return (
    <form method="post" action={props.action}>
      <CsrfField token={props.csrf} />
      <button type="submit" class="plain">
        {t(props.locale, 'console-logout')}
      </button>
    </form>
  );
}

export function TotpPage(props: FormPage & { logoutAction: string; recoveryAction: string; recoveryErrors?: string[] }) {
  const { locale } = props;
  const recoveryErrors = props.recoveryErrors ?? [];
  return (
    <Layout locale={locale} title={t(locale, 'console-totp-title')} header={<LogoutForm locale={locale} action={props.logoutAction} csrf={props.csrf} />} css={AUTH_CSS}>
      <p>{t(locale, 'console-totp-intro')}</p>
      <Errors locale={locale} messages={props.errors ?? []} />
      <form method="post" action={props.action}>
        <CsrfField token={props.csrf} />
        <CodeField locale={locale} errors={props.errors} />
        <button type="submit">{t(locale, 'console-totp-submit')}</button>
      </form>
      <details id="recovery" open={recoveryErrors.length > 0}>
        <summary>{t(locale, 'console-totp-recovery-summary')}</summary>
        {recoveryErrors.length > 0 ? (
          <div class="error" role="alert" id="recovery-errors">
            {recoveryErrors.map((e) => (
              <p style="margin:0">{e}</p>
            ))}
          </div>
        ) : null}
        <form method="post" action={props.recoveryAction}>
          <CsrfField token={props.csrf} />
          <label for="recovery-code">{t(locale, 'console-totp-recovery-field')}</label>
          <input
            id="recovery-code"
            name="recoveryCode"
            type="text"
            autocomplete="off"
            autocapitalize="none"
            spellcheck={false}
            required
            maxlength={20}
            aria-describedby={recoveryErrors.length > 0 ? 'recovery-hint recovery-errors' : 'recovery-hint'}
            {...(recoveryErrors.length > 0 ? { 'aria-invalid': 'true' } : {})}
          />
          <p class="hint" id="recovery-hint">
            {t(locale, 'console-totp-recovery-hint')}
          </p>
          <button type="submit">{t(locale, 'console-totp-recovery-submit')}</button>
        </form>
      </details>
    </Layout>
  );
}

/** The key in groups of four, each kept whole on one line (copied, it has no spaces). */
function SecretGroups(props: { secret: string }) {
  const groups = props.secret.replace(/\s+/g, '').match(/.{1,4}/g) ?? [];
  return (
    <code class="secret" id="totp-secret">
      {groups.map((g) => (
        <span class="group">{g}</span>
      ))}
    </code>
  );
}

export function EnrolPage(props: FormPage & { logoutAction: string; secret: string; uri: string; qrSvg: string; required: boolean }) {
  const { locale } = props;
  return (
    <Layout locale={locale} title={t(locale, 'console-enrol-title')} header={<LogoutForm locale={locale} action={props.logoutAction} csrf={props.csrf} />} css={AUTH_CSS}>
      <p>{t(locale, props.required ? 'console-enrol-required' : 'console-enrol-optional')}</p>
      <Errors locale={locale} messages={props.errors ?? []} />
      <ol>
        <li>{t(locale, 'console-enrol-step-app')}</li>
        <li>
          {t(locale, 'console-enrol-step-scan')}
          <div class="qr" id="totp-qr" role="img" aria-label={t(locale, 'console-enrol-qr-label')} data-otpauth={props.uri} dangerouslySetInnerHTML={{ __html: props.qrSvg }} />
          <p style="margin:.5rem 0 .25rem">{t(locale, 'console-enrol-step-key')}</p>
          <span class="hint">{t(locale, 'console-enrol-secret-label')}</span>
          <SecretGroups secret={props.secret} />
          <details>
            <summary>{t(locale, 'console-enrol-uri-summary')}</summary>
            <p class="hint">{t(locale, 'console-enrol-uri-label')}</p>
            <p class="uri" id="totp-uri">
              {props.uri}
            </p>
          </details>
        </li>
        <li>{t(locale, 'console-enrol-step-code')}</li>
      </ol>
      <form method="post" action={props.action}>
        <CsrfField token={props.csrf} />
        <CodeField locale={locale} errors={props.errors} />
        <button type="submit">{t(locale, 'console-enrol-submit')}</button>
      </form>
    </Layout>
  );
}

/** Right after the second factor is set up: the ten recovery codes, shown this once. */
export function RecoveryCodesPage(props: { locale: Locale; codes: string[]; continueHref: string }) {
  const { locale } = props;
  return (
    <Layout locale={locale} title={t(locale, 'console-recovery-title')} css={AUTH_CSS}>
      <p role="status">{t(locale, 'console-recovery-intro', { count: props.codes.length })}</p>
      <p class="warning">{t(locale, 'console-recovery-warning')}</p>
      <h2 id="recovery-codes-title">{t(locale, 'console-recovery-list-label')}</h2>
      <ol class="codes" id="recovery-codes" aria-labelledby="recovery-codes-title">
        {props.codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <p class="hint">{t(locale, 'console-recovery-how')}</p>
      <p>
        <a class="button primary" id="recovery-continue" href={props.continueHref}>
          {t(locale, 'console-recovery-continue')}
        </a>
      </p>
    </Layout>
  );
}

/** After signing in with a recovery code: it is spent, and this many are left. */
export function RecoveryUsedPage(props: { locale: Locale; left: number; continueHref: string }) {
  const { locale } = props;
  return (
    <Layout locale={locale} title={t(locale, 'console-recovery-used-title')} css={AUTH_CSS}>
      <p role="status" id="recovery-left" data-left={String(props.left)}>
        {t(locale, 'console-recovery-used-text', { left: props.left })}
      </p>
      {props.left <= 3 ? <p class="warning">{t(locale, props.left === 0 ? 'console-recovery-used-none' : 'console-recovery-used-low')}</p> : null}
      <p>
        <a class="button primary" href={props.continueHref}>
          {t(locale, 'console-recovery-used-continue')}
        </a>
      </p>
    </Layout>
  );
}

export function HomePage(props: {
  locale: Locale;
  csrf: string;
  logoutAction: string;
  account: { displayName: string; login: string; role: string };
  enrolHref?: string;
  /** Where the reports are, for roles that may see them. */
  reportsHref?: string;
}) {
  const { locale, account } = props;
  const role = t(locale, `console-role-${account.role.replace(/_/g, '-')}`);
  return (
    <Layout locale={locale} title={t(locale, 'console-home-title')} header={<LogoutForm locale={locale} action={props.logoutAction} csrf={props.csrf} />}>
      <p id="signed-in" data-role={account.role}>
        {t(locale, 'console-home-signed-in', { name: account.displayName, login: account.login, role })}
      </p>
      {props.reportsHref ? (
        <p>
          <a href={props.reportsHref}>{t(locale, 'console-home-reports')}</a>
        </p>
      ) : (
        <p>{t(locale, 'console-home-placeholder')}</p>
      )}
      {props.enrolHref ? (
        <p>
          <a href={props.enrolHref}>{t(locale, 'console-home-enable-totp')}</a>
        </p>
      ) : null}
    </Layout>
  );
}

/** A page that only says something: an invalid link, an expired form, no access. */
export function MessagePage(props: { locale: Locale; title: string; text: string; href: string; languageHref?: string }) {
  return (
    <Layout locale={props.locale} title={props.title} languageHref={props.languageHref}>
      <p>{props.text}</p>
      <p>
        <a href={props.href}>{t(props.locale, 'console-back')}</a>
      </p>
    </Layout>
  );
}
