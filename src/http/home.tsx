import type { Mode, Locale } from '../config.ts';
import { t } from '../i18n/index.ts';
import { VERSION } from '../version.ts';

/** The start page: which mode is running and which version, readable with scripts off. */
export function HomePage(props: { mode: Mode; locale: Locale }) {
  const { locale } = props;
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{t(locale, 'home-title')}</title>
        <style>{'body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}a{color:#0b57d0}'}</style>
      </head>
      <body>
        <main>
          <h1>{t(locale, 'home-title')}</h1>
          <p>{t(locale, 'home-tagline')}</p>
          <p id="mode" data-mode={props.mode}>
            {t(locale, props.mode === 'telegram' ? 'home-mode-telegram' : 'home-mode-sandbox')}
          </p>
          <p id="version">{t(locale, 'home-version', { version: VERSION })}</p>
          <p>
            {props.mode === 'sandbox' ? (
              <>
                <a href="/sandbox">{t(locale, 'home-simulator')}</a> ·{' '}
              </>
            ) : null}
            <a href="/chat">{t(locale, 'home-web-chat')}</a> · <a href="/console">{t(locale, 'home-console')}</a> · <a href="/healthz">{t(locale, 'home-health')}</a>
          </p>
        </main>
      </body>
    </html>
  );
}
