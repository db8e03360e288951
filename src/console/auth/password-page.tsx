import type { Locale } from '../../config.ts';
import { t } from '../../i18n/index.ts';
import { Errors, Layout } from '../frame/layout.tsx';
import { LogoutForm, NewPasswordFields } from '../views/pages.tsx';
import { CsrfField } from './csrf.ts';

/**
 * A signed-in person's own new password: the current one first (a session left open on someone
 * else's computer must not be enough), then the new one twice. Saving ends the account's other
 * sessions; this one stays.
 */
export function ChangePasswordPage(props: { locale: Locale; action: string; csrf: string; home: string; logoutAction: string; login: string; errors?: string[]; done?: boolean }) {
  const { locale } = props;
  const errors = props.errors ?? [];
  return (
    <Layout locale={locale} title={t(locale, 'console-password-change-title')} header={<LogoutForm locale={locale} action={props.logoutAction} csrf={props.csrf} />}>
      {props.done ? (
        <p class="notice" role="status" id="password-changed">
          {t(locale, 'console-password-change-done')}
        </p>
      ) : null}
      <p class="hint">{t(locale, 'console-password-change-intro')}</p>
      <Errors locale={locale} messages={errors} />
      <form method="post" action={props.action}>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="login" value={props.login} autocomplete="username" />
        <label for="current-password">{t(locale, 'console-password-current-field')}</label>
        <input id="current-password" name="current" type="password" autocomplete="current-password" required {...(errors.length > 0 ? { 'aria-invalid': 'true' } : {})} />
        <NewPasswordFields locale={locale} invalid={errors.length > 0} replacing />
        <button type="submit">{t(locale, 'console-password-change-submit')}</button>
      </form>
      <p>
        <a href={props.home}>{t(locale, 'console-password-change-back')}</a>
      </p>
    </Layout>
  );
}
