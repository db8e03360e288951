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
export function NewPasswordFields(props: { locale: Locale; invalid?: boolean }) {
  const { locale } = props;
  const invalidField = props.invalid ? { 'aria-invalid': 'true' } : {};
  return (
    <>
      <label for="password">{t(locale, 'console-new-password-field')}</label>
      <input id="password" name="password" type="password" autocomplete="new-password" required minlength={PASSWORD_MIN_LENGTH} aria-describedby={props.invalid ? 'password-hint form-errors' : 'password-hint'} {...invalidField} />
      <p class="hint" id="password-hint">
        {t(locale, 'console-password-hint', { min: PASSWORD_MIN_LENGTH })}
      </p>
      <label for="password2">{t(locale, 'console-password-confirm-field')}</label>
      <input id="password2" name="password2" type="password" autocomplete="new-password" required minlength={PASSWORD_MIN_LENGTH} {...invalidField} />
    </>
  );
}

export function LoginPage(props: FormPage & { login?: string }) {
  const { locale } = props;
  return (
    <Layout locale={locale} title={t(locale, 'console-login-title')} languageHref={props.languageHref}>
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

export function TotpPage(props: FormPage & { logoutAction: string }) {
  const { locale } = props;
  return (
    <Layout locale={locale} title={t(locale, 'console-totp-title')} header={<LogoutForm locale={locale} action={props.logoutAction} csrf={props.csrf} />}>
      <p>{t(locale, 'console-totp-intro')}</p>
      <Errors locale={locale} messages={props.errors ?? []} />
      <form method="post" action={props.action}>
        <CsrfField token={props.csrf} />
        <CodeField locale={locale} errors={props.errors} />
        <button type="submit">{t(locale, 'console-totp-submit')}</button>
      </form>
    </Layout>
  );
}

export function EnrolPage(props: FormPage & { logoutAction: string; secret: string; uri: string; required: boolean }) {
  const { locale } = props;
  return (
    <Layout locale={locale} title={t(locale, 'console-enrol-title')} header={<LogoutForm locale={locale} action={props.logoutAction} csrf={props.csrf} />}>
      <p>{t(locale, props.required ? 'console-enrol-required' : 'console-enrol-optional')}</p>
      <Errors locale={locale} messages={props.errors ?? []} />
      <ol>
        <li>{t(locale, 'console-enrol-step-app')}</li>
        <li>
          {t(locale, 'console-enrol-step-key')}
          <span class="hint">{t(locale, 'console-enrol-secret-label')}</span>
          <code class="secret" id="totp-secret">
            {props.secret}
          </code>
          <p class="hint">{t(locale, 'console-enrol-uri-label')}</p>
          <p class="uri" id="totp-uri">
            {props.uri}
          </p>
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
