import type { Locale } from '../../config.ts';
import { t } from '../../i18n/index.ts';
import { auditQuery, type AuditEntry, type AuditFilters } from './data.ts';
import { formatTime, SignedInHeader, type Chrome } from '../cases/views.tsx';
import { FilterButtons, FilterSelect, Layout } from '../frame/layout.tsx';
import { Pager } from '../frame/pager.tsx';

/** Actions written to the log that have words; any other shows as written (a newer page's action, say). */
export const AUDIT_ACTIONS_IN_WORDS = [
  'login',
  'logout',
  'account.setup',
  'account.password',
  'totp.enable',
  'transcript.view',
  'transcript.media',
  'case.view',
  'case.reply',
  'case.note',
  'clients.view',
  'reports.download',
  'research.export',
  'account.create',
  'account.role',
  'account.disable',
  'account.enable',
  'account.totp_reset',
  'account.invite',
  'account.unlink',
  'staff.roles',
  'delivery.retry',
  'delivery.discard',
] as const;

export function auditActionLabel(locale: Locale, action: string): string {
  return (AUDIT_ACTIONS_IN_WORDS as readonly string[]).includes(action) ? t(locale, `console-audit-action-${action.replace(/[._]/g, '-')}`) : action;
}

export function AuditPage(props: {
  chrome: Chrome;
  entries: AuditEntry[];
  hasMore: boolean;
  filters: AuditFilters;
  accounts: Array<{ id: number; displayName: string; login: string }>;
  actions: string[];
}) {
  const { chrome, filters } = props;
  const { locale, base } = chrome;
  const path = `${base}/audit`;
  const href = (page: number) => {
    const q = auditQuery(filters, page);
    return q ? `${path}?${q}` : path;
  };
  const filtered = auditQuery(filters, 1) !== '';
  return (
    <Layout locale={locale} title={t(locale, 'console-audit-title')} header={<SignedInHeader chrome={chrome} />} wide>
      <p class="hint">
        {t(locale, 'console-audit-intro', { tz: chrome.timeZone })} <a href={`${base}/delivery`}>{t(locale, 'console-delivery-link')}</a>
      </p>
      <form method="get" action={path} role="search">
        <fieldset>
          <legend>{t(locale, 'console-filters')}</legend>
          <FilterSelect
            id="audit-account"
            name="account"
            label={t(locale, 'console-audit-filter-account')}
            anyLabel={t(locale, 'console-audit-any')}
            options={props.accounts.map((a) => [String(a.id), `${a.displayName} (${a.login})`])}
            selected={filters.accountId === undefined ? undefined : String(filters.accountId)}
          />
          <FilterSelect
            id="audit-action"
            name="action"
            label={t(locale, 'console-audit-filter-action')}
            anyLabel={t(locale, 'console-audit-any')}
            options={[...new Set([...props.actions, ...(filters.action ? [filters.action] : [])])].map((a) => [a, auditActionLabel(locale, a)])}
            selected={filters.action}
          />
          <label for="audit-case">{t(locale, 'console-audit-filter-case')}</label>
          <input id="audit-case" name="case" type="text" inputmode="numeric" pattern="[0-9]*" maxlength={10} value={filters.caseId === undefined ? '' : String(filters.caseId)} />
          <FilterButtons locale={locale} resetHref={path} filtered={filtered} />
        </fieldset>
      </form>
      {props.entries.length === 0 ? (
        <p id="audit-empty">{t(locale, 'console-audit-empty')}</p>
      ) : (
        <ol class="cases" id="audit-entries">
          {props.entries.map((e) => (
            <li data-audit={String(e.id)}>
              <p class="title" style="margin:0">
                {auditActionLabel(locale, e.action)}
              </p>
              <p class="meta">
                <time datetime={e.at.toISOString()}>{formatTime(chrome, e.at)}</time>
                {' · '}
                {e.accountName !== null ? `${e.accountName} (${e.login})` : t(locale, 'console-audit-system')}
                {e.caseId !== null ? (
                  <>
                    {' · '}
                    <a href={`${base}/cases/${e.caseId}`}>{t(locale, 'console-audit-case', { case: e.caseId })}</a>
                  </>
                ) : null}
              </p>
              {e.detail ? <p class="meta audit-detail">{e.detail}</p> : null}
            </li>
          ))}
        </ol>
      )}
      <Pager locale={locale} page={filters.page} hasMore={props.hasMore} href={href} label={t(locale, 'console-audit-pages')} />
    </Layout>
  );
}
