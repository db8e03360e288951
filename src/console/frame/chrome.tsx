import type { Locale } from '../../config.ts';
import type { Taxonomy } from '../../domain/taxonomy.ts';
import { t } from '../../i18n/index.ts';
import { can, canUseKb } from '../policy.ts';
import { LogoutForm } from '../views/pages.tsx';
import { LanguageSwitch } from '../account/views.tsx';

/** What every signed-in page of case work needs to draw its header and links. */
export interface Chrome {
  locale: Locale;
  base: string;
  csrf: string;
  account: { displayName: string; login: string; role: string };
  timeZone: string;
  taxonomy: Taxonomy;
  liveScript: string;
  /** This page's address (path and query) for forms that come back to it: the language switch. */
  path?: string;
}

function NavLinks(props: { chrome: Chrome }) {
  const { locale, base, account } = props.chrome;
  return (
    <>
      <a href={base || '/'}>{t(locale, can(account.role, 'inbox.view') ? 'console-nav-inbox' : 'console-home-title')}</a>
      {can(account.role, 'clients.view') ? <a href={`${base}/clients`}>{t(locale, 'console-nav-clients')}</a> : null}
      {canUseKb(account.role) ? <a href={`${base}/kb`}>{t(locale, 'console-nav-kb')}</a> : null}
      {can(account.role, 'reports.view') ? <a href={`${base}/reports`}>{t(locale, 'console-nav-reports')}</a> : null}
      {can(account.role, 'channel.view') ? <a href={`${base}/channel`}>{t(locale, 'console-nav-channel')}</a> : null}
      {can(account.role, 'community.manage') ? <a href={`${base}/community`}>{t(locale, 'console-nav-community')}</a> : null}
      {can(account.role, 'settings.edit') ? <a href={`${base}/settings`}>{t(locale, 'console-nav-settings')}</a> : null}
      {can(account.role, 'staff.manage') ? <a href={`${base}/staff`}>{t(locale, 'console-nav-staff')}</a> : null}
      {can(account.role, 'audit.view') ? <a href={`${base}/audit`}>{t(locale, 'console-nav-audit')}</a> : null}
      {/* The name opens the account's own page: today, changing the password. */}
      <a class="who" href={`${base}/password`} title={t(locale, 'console-password-change-title')}>
        {account.displayName}
      </a>
      <LanguageSwitch locale={locale} base={base} csrf={props.chrome.csrf} back={props.chrome.path} />
      <LogoutForm locale={locale} action={`${base}/logout`} csrf={props.chrome.csrf} />
    </>
  );
}

/**
 * The signed-in navigation: a row of links on a wide screen; on a phone one "Menu" button (a
 * <details>, so it needs no script) that keeps the page's first screen for the work itself.
 */
export function SignedInHeader(props: { chrome: Chrome }) {
  const label = t(props.chrome.locale, 'console-nav-label');
  return (
    <>
      <nav class="top wide-only" aria-label={label}>
        <NavLinks chrome={props.chrome} />
      </nav>
      <details class="menu narrow-only">
        <summary>
          <span aria-hidden="true">☰ </span>
          {t(props.chrome.locale, 'console-menu')}
        </summary>
        <nav class="top" aria-label={label}>
          <NavLinks chrome={props.chrome} />
        </nav>
      </details>
    </>
  );
}

const STYLES = {
  time: { dateStyle: 'short', timeStyle: 'short' },
  clock: { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
  day: { dateStyle: 'long' },
  hm: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  dm: { day: 'numeric', month: 'short' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

/**
 * One formatter per language, zone and style, kept: building one costs a few hundred microseconds
 * and a page of 200 cases formats hundreds of times.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(chrome: Pick<Chrome, 'locale' | 'timeZone'>, style: keyof typeof STYLES): Intl.DateTimeFormat {
  const key = `${chrome.locale}\u0000${chrome.timeZone}\u0000${style}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.DateTimeFormat(chrome.locale === 'en' ? 'en-GB' : 'ru-RU', { timeZone: chrome.timeZone, ...STYLES[style] })));
  return f;
}

export function formatTime(chrome: Pick<Chrome, 'locale' | 'timeZone'>, at: Date): string {
  return formatter(chrome, 'time').format(at);
}

/** A time of day to the second, for the timeline (its days are marked between the entries). */
export function formatClock(chrome: Pick<Chrome, 'locale' | 'timeZone'>, at: Date): string {
  return formatter(chrome, 'clock').format(at);
}

/** For a list read at a glance: the time alone today, the day and month before (the full time in the title). */
export function formatShort(chrome: Pick<Chrome, 'locale' | 'timeZone'>, at: Date, now: Date): string {
  const day = (d: Date) => formatter(chrome, 'day').format(d);
  return day(at) === day(now) ? formatter(chrome, 'hm').format(at) : formatter(chrome, 'dm').format(at);
}

/** A day, for the timeline's day marks. */
export function formatDay(chrome: Pick<Chrome, 'locale' | 'timeZone'>, at: Date): string {
  return formatter(chrome, 'day').format(at);
}

export function formatDuration(locale: Locale, seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t(locale, 'console-duration-minutes', { m: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t(locale, 'console-duration-hours', { h: hours, m: minutes % 60 });
  return t(locale, 'console-duration-days', { d: Math.floor(hours / 24), h: hours % 24 });
}

