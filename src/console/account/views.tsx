import type { Locale } from '../../config.ts';
import { t } from '../../i18n/index.ts';
import { CsrfField } from '../auth/csrf.ts';

/**
 * The signed-in header's language switch: a one-button form that saves the other language as the
 * account's and comes back to the same page (`back`). Works without scripts. The button's words
 * are in the language it switches to, marked so (`lang`) for screen readers.
 */
export function LanguageSwitch(props: { locale: Locale; base: string; csrf: string; back?: string }) {
  const other: Locale = props.locale === 'ru' ? 'en' : 'ru';
  return (
    <form method="post" action={`${props.base}/account/locale`} class="lang-switch">
      <CsrfField token={props.csrf} />
      <input type="hidden" name="locale" value={other} />
      <input type="hidden" name="back" value={props.back ?? (props.base || '/')} />
      <button type="submit" class="plain" lang={other}>
        {t(props.locale, 'console-switch-language')}
      </button>
    </form>
  );
}
