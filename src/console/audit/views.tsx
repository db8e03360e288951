import type { Locale } from '../../config.ts';
import { t } from '../../i18n/index.ts';
import { auditQuery, isFiltered, type AuditEntry, type AuditFilters } from './data.ts';
import { auditActionLabel, auditDetailText, roleLabel } from './words.ts';
import { formatTime, SignedInHeader, type Chrome } from '../frame/chrome.tsx';
import { FilterSelect, Layout } from '../frame/layout.tsx';
import { Pager } from '../frame/pager.tsx';

export { auditActionLabel } from './words.ts';

/** Actions a coordinator should notice when scanning the log: sign-ins that failed or were held back. */
const ALERTS = new Set(['login.failed', 'login.throttled']);

/**
 * A table at desk width: one line per entry (a long detail is cut, whole in its tooltip and in the
 * CSV). On a phone each entry is a compact block, never wider than the screen: the action and
 * the case, then when and who, then the detail.
 */
const AUDIT_CSS = `main.wide{max-width:80rem}
.audit-bar{display:flex;flex-wrap:wrap;align-items:flex-start;gap:0 1rem;margin:.5rem 0 .75rem;border:1px solid #dadce0;border-radius:8px;padding:0 .75rem}
.audit-bar details{flex:1 1 12rem;min-width:0}
.audit-bar details[open]{flex-basis:100%}
.audit-bar .links{display:flex;flex-wrap:wrap;gap:0 1rem;align-items:center;min-height:44px}
.audit-bar .links a{display:inline-block;padding:.5rem 0}
/* Open, the form's own button downloads what it shows: the link (the filters in force) would be a second one. */
.audit-bar details[open]+.links{min-height:0}
.audit-bar details[open]+.links #audit-csv{display:none}
.audit-bar summary{cursor:pointer;min-height:44px;display:flex;flex-wrap:wrap;align-items:center;gap:0 .35rem;font-weight:600;list-style:none}
.audit-bar summary::-webkit-details-marker{display:none}
.audit-bar summary::before{content:"▸";font-size:.8rem}
.audit-bar details[open] summary::before{content:"▾"}
.audit-bar summary .now{font-weight:400;color:#444;overflow-wrap:anywhere}
.audit-filter{display:flex;flex-wrap:wrap;gap:0 .75rem;align-items:flex-end;padding:0 0 .75rem}
.audit-filter .f{flex:1 1 12rem;min-width:0}
.audit-filter .f.case{flex:0 1 7rem}
.audit-filter .f.day{flex:0 1 11rem}
.audit-filter label{margin:.5rem 0 .25rem;font-size:.9rem}
.audit-filter .buttons{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.audit-filter button{margin-top:.5rem}
.audit-filter button.secondary{background:#fff;color:#0b57d0;border:1px solid #0b57d0}
input[type=date]{width:100%;font:inherit;padding:.6rem .5rem;min-height:44px;border:1px solid #5f6368;border-radius:6px;background:#fff;color:#1a1a1a}
table.audit{width:100%;border-collapse:collapse;font-size:.95rem}
.audit th{text-align:left;font-size:.85rem;color:#444;font-weight:600;border-bottom:2px solid #dadce0;padding:.35rem .5rem;position:sticky;top:0;background:#fff}
.audit td{padding:.3rem .5rem;border-bottom:1px solid #ececec;white-space:nowrap;vertical-align:baseline}
.audit tbody tr:nth-child(even){background:#f8f9fa}
.audit .role{color:#444;font-size:.85rem}
.audit td.detail{width:100%;max-width:0;overflow:hidden;text-overflow:ellipsis;color:#444}
.audit .alert{color:#8c1d18;font-weight:600}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:47.99rem){
  table.audit,.audit tbody,.audit td{display:block}
  .audit thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
  .audit tr{display:flex;flex-wrap:wrap;align-items:baseline;gap:0 .5rem;padding:.45rem .25rem;border-bottom:1px solid #dadce0}
  .audit tbody tr:nth-child(even){background:none}
  .audit td{padding:0;border:0;white-space:normal;min-width:0;overflow-wrap:anywhere}
  .audit td.act{order:1;flex:1 0 calc(100% - 5.5rem);font-weight:600}
  .audit td.act.alert{font-weight:700}
  .audit td.case{order:2;margin-left:auto}
  .audit td.t{order:3;font-size:.85rem;color:#444;white-space:nowrap}
  .audit td.who{order:4;flex:1 1 0;min-width:8rem;font-size:.85rem}
  .audit td.detail{order:5;flex:1 0 100%;max-width:none;width:auto;font-size:.85rem}
  .audit td:empty{display:none}
}`;

export interface AuditPageProps {
  chrome: Chrome;
  entries: AuditEntry[];
  hasMore: boolean;
  filters: AuditFilters;
  accounts: Array<{ id: number; displayName: string; login: string }>;
  actions: string[];
}

/** `YYYY-MM-DD` as the reader writes a day. */
function dayText(locale: Locale, day: string): string {
  const [y, m, d] = day.split('-');
  return locale === 'en' ? `${d}/${m}/${y}` : `${d}.${m}.${y}`;
}

/** Pure: what the filters narrow the log to, in a few words, for the folded bar. */
export function filtersInWords(locale: Locale, f: AuditFilters, accounts: AuditPageProps['accounts']): string {
  const parts: string[] = [];
  if (f.accountId !== undefined) parts.push(accounts.find((a) => a.id === f.accountId)?.displayName ?? `#${f.accountId}`);
  if (f.action) parts.push(auditActionLabel(locale, f.action));
  if (f.caseId !== undefined) parts.push(t(locale, 'console-audit-case', { case: f.caseId }));
  if (f.from && f.to) parts.push(f.from === f.to ? dayText(locale, f.from) : t(locale, 'console-audit-period-range', { from: dayText(locale, f.from), to: dayText(locale, f.to) }));
  else if (f.from) parts.push(t(locale, 'console-audit-period-from', { from: dayText(locale, f.from) }));
  else if (f.to) parts.push(t(locale, 'console-audit-period-to', { to: dayText(locale, f.to) }));
  return parts.length > 0 ? parts.join(' · ') : t(locale, 'console-audit-filters-none');
}

export function AuditPage(props: AuditPageProps) {
  const { chrome, filters } = props;
  const { locale, base } = chrome;
  const path = `${base}/audit`;
  const href = (page: number) => {
    const q = auditQuery(filters, page);
    return q ? `${path}?${q}` : path;
  };
  const filtered = isFiltered(filters);
  const q = auditQuery(filters, 1);
  const csvHref = `${path}?${q ? `${q}&` : ''}format=csv`;
  return (
    <Layout locale={locale} title={t(locale, 'console-audit-title')} header={<SignedInHeader chrome={chrome} />} wide css={AUDIT_CSS}>
      <p class="hint">
        {t(locale, 'console-audit-intro', { tz: chrome.timeZone })} {t(locale, 'console-audit-once')} <a href={`${base}/delivery`}>{t(locale, 'console-delivery-link')}</a>
      </p>
      <div class="audit-bar">
        <details id="audit-filters">
          <summary>
            <span>{t(locale, 'console-filters')}:</span>
            <span class="now">{filtersInWords(locale, filters, props.accounts)}</span>
          </summary>
          <form method="get" action={path} role="search" class="audit-filter">
            <div class="f">
              <FilterSelect
                id="audit-account"
                name="account"
                label={t(locale, 'console-audit-filter-account')}
                anyLabel={t(locale, 'console-audit-any')}
                options={props.accounts.map((a) => [String(a.id), `${a.displayName} (${a.login})`])}
                selected={filters.accountId === undefined ? undefined : String(filters.accountId)}
              />
            </div>
            <div class="f">
              <FilterSelect
                id="audit-action"
                name="action"
                label={t(locale, 'console-audit-filter-action')}
                anyLabel={t(locale, 'console-audit-any')}
                options={[...new Set([...props.actions, ...(filters.action ? [filters.action] : [])])].map((a) => [a, auditActionLabel(locale, a)] as [string, string]).sort((a, b) => a[1].localeCompare(b[1], locale))}
                selected={filters.action}
              />
            </div>
            <div class="f case">
              <label for="audit-case">{t(locale, 'console-audit-filter-case')}</label>
              <input id="audit-case" name="case" type="text" inputmode="numeric" pattern="#?[0-9]*" maxlength={11} value={filters.caseId === undefined ? '' : String(filters.caseId)} />
            </div>
            <div class="f day">
              <label for="audit-from">{t(locale, 'console-audit-filter-from')}</label>
              <input id="audit-from" name="from" type="date" min="2000-01-01" max="2099-12-31" value={filters.from ?? ''} />
            </div>
            <div class="f day">
              <label for="audit-to">{t(locale, 'console-audit-filter-to')}</label>
              <input id="audit-to" name="to" type="date" min="2000-01-01" max="2099-12-31" value={filters.to ?? ''} />
            </div>
            <div class="buttons">
              <button type="submit">{t(locale, 'console-filter-apply')}</button>
              <button type="submit" class="secondary" name="format" value="csv">
                {t(locale, 'console-audit-download-filtered')}
              </button>
            </div>
          </form>
        </details>
        <div class="links">
          <a href={csvHref} id="audit-csv" download>
            {t(locale, 'console-audit-download')}
          </a>
          {filtered ? <a href={path}>{t(locale, 'console-filter-reset')}</a> : null}
        </div>
      </div>
      {props.entries.length === 0 ? (
        <p id="audit-empty">{t(locale, 'console-audit-empty')}</p>
      ) : (
        <table class="audit" id="audit-entries">
          <caption class="vh">{t(locale, 'console-audit-title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t(locale, 'console-audit-col-time')}</th>
              <th scope="col">{t(locale, 'console-audit-col-who')}</th>
              <th scope="col">{t(locale, 'console-audit-col-action')}</th>
              <th scope="col">{t(locale, 'console-audit-col-case')}</th>
              <th scope="col">{t(locale, 'console-audit-col-detail')}</th>
            </tr>
          </thead>
          <tbody>
            {props.entries.map((e) => {
              const detail = auditDetailText(locale, e.action, e.detail);
              return (
                <tr data-audit={String(e.id)}>
                  <td class="t">
                    <time datetime={e.at.toISOString()}>{formatTime(chrome, e.at)}</time>
                  </td>
                  <td class="who" title={e.login ?? undefined}>
                    {e.accountName !== null ? (
                      <>
                        {e.accountName}
                        {e.role ? <span class="role">{` · ${roleLabel(locale, e.role)}`}</span> : null}
                      </>
                    ) : (
                      <span class="role">{e.accountId === null ? t(locale, 'console-audit-no-account') : `#${e.accountId}`}</span>
                    )}
                  </td>
                  <td class={ALERTS.has(e.action) ? 'act alert' : 'act'}>{auditActionLabel(locale, e.action)}</td>
                  <td class="case">
                    {e.caseId !== null ? (
                      <a href={`${base}/cases/${e.caseId}`} aria-label={t(locale, 'console-audit-case', { case: e.caseId })}>
                        #{e.caseId}
                      </a>
                    ) : null}
                  </td>
                  <td class="detail" title={detail || undefined}>
                    {detail}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <Pager locale={locale} page={filters.page} hasMore={props.hasMore} href={href} label={t(locale, 'console-audit-pages')} />
    </Layout>
  );
}
