import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import type { Locale } from '../../config.ts';
import { t } from '../../i18n/index.ts';

/**
 * Readable at 360 px, 16-px inputs (no zoom on phones), 44-px touch targets, a visible focus ring,
 * text contrast of 7:1 or better. No scripts.
 */
const CSS = `*{box-sizing:border-box}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1a1a1a;background:#fff}
header{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:center;gap:0 1rem;padding:.5rem 1rem;border-bottom:1px solid #dadce0}
header .brand{font-weight:700}
main{max-width:30rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0 1rem}
a{color:#0b57d0}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
input[type=text],input[type=password]{width:100%;font:inherit;padding:.6rem .75rem;min-height:44px;border:1px solid #5f6368;border-radius:6px;background:#fff;color:#1a1a1a}
input[aria-invalid=true]{border:2px solid #b3261e}
.hint{font-size:.9rem;color:#444;margin:.25rem 0 0}
button{font:inherit;font-weight:600;margin-top:1.25rem;padding:.6rem 1.25rem;min-height:44px;border:0;border-radius:6px;background:#0b57d0;color:#fff;cursor:pointer}
button.plain{margin:0;background:none;color:#0b57d0;padding:.5rem;text-decoration:underline}
:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
.error{border-left:4px solid #b3261e;background:#fdecea;color:#5c1010;padding:.75rem 1rem;margin:1rem 0}
.error ul{margin:.25rem 0 0;padding-left:1.25rem}
.secret{display:block;font:1.2rem/1.5 ui-monospace,Menlo,Consolas,monospace;letter-spacing:.05em;word-break:break-all;background:#f1f3f4;padding:.5rem .75rem;border-radius:6px}
.uri{font:.85rem/1.4 ui-monospace,Menlo,Consolas,monospace;word-break:break-all;background:#f1f3f4;padding:.5rem .75rem;border-radius:6px}
ol{padding-left:1.25rem}
main.wide{max-width:48rem}
nav.top{display:flex;flex-wrap:wrap;align-items:center;gap:0 1rem}
@media (max-width:40rem){header nav.top{flex:1 1 100%;order:3}}
nav.top a{display:inline-block;padding:.5rem 0;min-height:44px}
.who{font-size:.9rem;color:#444}
fieldset{border:1px solid #dadce0;border-radius:8px;margin:0 0 1rem;padding:.25rem .75rem .75rem}
legend{font-weight:600;padding:0 .25rem}
select,textarea{width:100%;font:inherit;padding:.6rem .75rem;min-height:44px;border:1px solid #5f6368;border-radius:6px;background:#fff;color:#1a1a1a}
textarea{min-height:7rem;resize:vertical}
.check{display:flex;align-items:center;gap:.5rem;margin:.5rem 0;min-height:44px}
.check label{font-weight:400;margin:0;padding:.5rem 0}
.check input{width:1.25rem;height:1.25rem;margin:0}
.row{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
.row button,.row a.button{margin-top:.5rem}
a.button{display:inline-block;padding:.6rem 1rem;min-height:44px}
.cases{list-style:none;padding:0;margin:0}
.cases li{border:1px solid #dadce0;border-radius:8px;padding:.75rem;margin:.5rem 0}
.cases .title{font-weight:700;font-size:1.05rem}
.cases .title a{display:inline-block;padding:.25rem 0}
.meta{font-size:.9rem;color:#444;margin:.25rem 0 0}
.badge{display:inline-block;padding:0 .4rem;border-radius:4px;background:#f1f3f4;color:#1a1a1a;font-size:.85rem;margin-right:.25rem}
.badge.em{background:#fdecea;color:#5c1010;font-weight:600}
.badge.wait{background:#fff3cd;color:#4a3500}
.notice{border-left:4px solid #0b57d0;background:#eef3fd;padding:.75rem 1rem;margin:1rem 0}
dl.facts{display:grid;grid-template-columns:fit-content(50%) minmax(0,1fr);gap:.25rem 1rem;margin:0 0 1rem}
dl.facts dt{font-weight:600}dl.facts dd{margin:0}
.transcript{list-style:none;padding:0;margin:0}
.msg{border-left:4px solid #5f6368;padding:.5rem .75rem;margin:.5rem 0;background:#f8f9fa}
.msg.staff{border-color:#0b57d0;background:#eef3fd;margin-left:1.5rem}
.msg.note{border-color:#8a5a00;background:#fff8e1}
.msg .head{font-size:.85rem;color:#444;margin:0 0 .25rem}
.msg .body{white-space:pre-wrap;overflow-wrap:anywhere;margin:0}
.msg .label{font-style:italic;margin:0}
.msg .media{margin:0 0 .25rem}
.msg .media img,.msg .media video{display:block;max-width:100%;max-height:24rem;height:auto}
.msg .media audio{max-width:100%}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
.flash{position:sticky;top:0;z-index:10;display:flex;gap:.5rem 1rem;align-items:center;justify-content:space-between;margin:0;padding:.6rem 1rem;font-weight:600;box-shadow:0 2px 6px rgba(0,0,0,.15)}
.flash.ok{background:#e6f4ea;color:#0d3b1e;border-bottom:3px solid #188038}
.flash.error{background:#fdecea;color:#5c1010;border-bottom:3px solid #b3261e}
.flash a{color:inherit;font-weight:400}
nav.top form{display:inline-flex;margin:0}
nav.top form button.plain{margin:0;padding:.5rem 0;min-height:44px}
@media (min-width:40.01rem){header{flex-wrap:nowrap;gap:1.5rem}header .brand{flex:none}nav.top{gap:0 .9rem;font-size:.95rem;justify-content:flex-end}}
.narrow-only{display:none}
@media (max-width:40rem){header{flex-wrap:nowrap;padding:.25rem .75rem}.wide-only{display:none!important}.narrow-only{display:block}
details.menu{position:relative}
details.menu summary{list-style:none;cursor:pointer;min-height:44px;display:flex;align-items:center;padding:0 .5rem;border-radius:6px;color:#0b57d0;font-weight:600}
details.menu summary::-webkit-details-marker{display:none}
details.menu[open] nav.top{position:absolute;right:0;top:100%;z-index:20;background:#fff;border:1px solid #dadce0;border-radius:8px;box-shadow:0 4px 12px rgba(0,0,0,.15);padding:.25rem .75rem;display:flex;flex-direction:column;align-items:flex-start;min-width:14rem}}`;

/**
 * The result of the last action, pinned to the top of the viewport wherever the page is scrolled
 * (sticky, so it needs no script); announced by screen readers.
 */
export interface Flash {
  tone: 'ok' | 'error';
  text: string;
  /** Where the details are (the form with its errors): a link within the page. */
  href?: string;
  hrefText?: string;
}

export function Layout(props: {
  locale: Locale;
  title: string;
  children: Child;
  languageHref?: string;
  header?: Child;
  /** A wider page (the inbox, a case). */
  wide?: boolean;
  /** Scripts served by the console itself (`script-src 'self'`); the page works without them. */
  scripts?: string[];
  /** `data-*` attributes on <main> the scripts read (where to fetch a fragment from, which case). */
  mainData?: Record<string, string>;
  /** More style rules for this page (the reports' tables and charts). */
  css?: string;
  /** The last action's result, at the top of the viewport. */
  flash?: Flash;
  /** A class for <main> beside `wide` (the case page's two columns). */
  mainClass?: string;
}) {
  const other: Locale = props.locale === 'ru' ? 'en' : 'ru';
  return (
    <html lang={props.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{`${props.title} · ${t(props.locale, 'console-title')}`}</title>
        {/* Our own rules, never user text: unescaped, or quotes and `>` in them would be broken. */}
        <style>{raw(props.css ? `${CSS}\n${props.css}` : CSS)}</style>
        {(props.scripts ?? []).map((src) => (
          <script src={src} defer></script>
        ))}
      </head>
      <body>
        {props.flash ? (
          <div class={`flash ${props.flash.tone}`} id="flash" role={props.flash.tone === 'error' ? 'alert' : 'status'} tabindex={-1}>
            <span>{props.flash.text}</span>
            {props.flash.href ? <a href={props.flash.href}>{props.flash.hrefText}</a> : null}
          </div>
        ) : null}
        <header>
          <span class="brand">{t(props.locale, 'console-title')}</span>
          {props.header}
          {props.languageHref ? (
            <a href={props.languageHref} lang={other} hreflang={other}>
              {t(props.locale, 'console-switch-language')}
            </a>
          ) : null}
        </header>
        <main id="main" class={[props.wide ? 'wide' : '', props.mainClass ?? ''].filter(Boolean).join(' ') || undefined} {...Object.fromEntries(Object.entries(props.mainData ?? {}).map(([k, v]) => [`data-${k}`, v]))}>
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** The list of what to fix, announced by screen readers, above the form. */
export function Errors(props: { locale: Locale; messages: string[] }) {
  if (props.messages.length === 0) return null;
  return (
    <div class="error" role="alert" id="form-errors">
      {props.messages.length === 1 ? (
        <p style="margin:0">{props.messages[0]}</p>
      ) : (
        <>
          <p style="margin:0">{t(props.locale, 'console-errors-heading')}</p>
          <ul>
            {props.messages.map((m) => (
              <li>{m}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** A filter's choice: a label, "any" first, then the options as [value, text]. */
export function FilterSelect(props: { id: string; name: string; label: string; anyLabel: string; options: Array<[string, string]>; selected: string | undefined }) {
  return (
    <>
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name}>
        <option value="" selected={!props.selected}>
          {props.anyLabel}
        </option>
        {props.options.map(([value, text]) => (
          <option value={value} selected={props.selected === value}>
            {text}
          </option>
        ))}
      </select>
    </>
  );
}

/** A filter or search form's buttons: apply, and a way back to everything when something is filtered. */
export function FilterButtons(props: { locale: Locale; resetHref: string; filtered: boolean; submitLabel?: string }) {
  return (
    <div class="row">
      <button type="submit">{props.submitLabel ?? t(props.locale, 'console-filter-apply')}</button>
      {props.filtered ? (
        <a class="button" href={props.resetHref}>
          {t(props.locale, 'console-filter-reset')}
        </a>
      ) : null}
    </div>
  );
}

export function page(node: Child): string {
  return '<!doctype html>' + String(node);
}
