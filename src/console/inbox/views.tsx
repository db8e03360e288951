import { t } from '../../i18n/index.ts';
import { formatDuration, formatShort, formatTime, SignedInHeader, type Chrome } from '../frame/chrome.tsx';
import { Layout } from '../frame/layout.tsx';
import { OPEN_STATUSES } from '../cases/data.ts';
import { kindLabel, statusLabel } from '../cases/views.tsx';
import { filterQuery, INBOX_VIEWS, type InboxCounts, type InboxFilters, type InboxListRow } from './data.ts';
import { shown } from '../../privacy/unreadable.ts';

/**
 * A list to scan on a phone: each case one block that is one link — who, markers, how long they
 * wait, the last message's first line, who holds it, what is new. Views as chips with counts;
 * the rarer filters folded away.
 */
export const INBOX_CSS = `
.chips{display:flex;gap:.4rem;overflow-x:auto;margin:0 0 .5rem;padding:.1rem 0 .3rem;scrollbar-width:thin}
.chips a{flex:none;display:inline-flex;align-items:center;gap:.35rem;min-height:40px;padding:.3rem .8rem;border:1px solid #c4c7c5;border-radius:999px;color:#1a1a1a;text-decoration:none;white-space:nowrap;font-size:.95rem}
.chips a[aria-current=page]{background:#0b57d0;border-color:#0b57d0;color:#fff;font-weight:600}
.chips .n{font-variant-numeric:tabular-nums;opacity:.85}
details.filters{margin:0 0 .5rem}
details.filters summary{cursor:pointer;min-height:40px;display:flex;align-items:center;color:#0b57d0}
details.filters form{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end}
details.filters label{margin:.25rem 0}
details.filters select{width:auto;min-width:12rem}
details.filters button{margin-top:0}
ul.inbox{list-style:none;margin:0;padding:0;border-top:1px solid #e3e3e3}
ul.inbox li{border-bottom:1px solid #e3e3e3}
ul.inbox li.em{border-left:4px solid #b3261e}
ul.inbox a.row{display:block;padding:.55rem .5rem;color:#1a1a1a;text-decoration:none;line-height:1.35}
ul.inbox a.row:hover,ul.inbox a.row:focus{background:#eef3fd}
ul.inbox .l1{display:flex;gap:.5rem;align-items:baseline}
ul.inbox .name{font-weight:700;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
ul.inbox .num{color:#5f6368;font-size:.85rem}
ul.inbox .time{margin-left:auto;color:#444;font-size:.85rem;white-space:nowrap;font-variant-numeric:tabular-nums}
ul.inbox .prev{display:block;color:#333;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;font-size:.95rem}
ul.inbox .prev .from{color:#5f6368}
ul.inbox .prev.none{color:#5f6368;font-style:italic}
ul.inbox .l3{display:flex;flex-wrap:wrap;gap:.15rem .5rem;align-items:center;font-size:.85rem;color:#444;margin-top:.15rem}
ul.inbox .wait{background:#fff3cd;color:#4a3500;border-radius:4px;padding:0 .35rem}
ul.inbox .em-mark{background:#fdecea;color:#5c1010;border-radius:4px;padding:0 .35rem;font-weight:600}
ul.inbox .unread{background:#0b57d0;color:#fff;border-radius:999px;padding:0 .5rem;font-weight:600}
ul.inbox li.unseen .name::after{content:"";display:inline-block;width:.5rem;height:.5rem;border-radius:50%;background:#0b57d0;margin-left:.35rem;vertical-align:middle}
.keys{font-size:.85rem;color:#5f6368;display:none}
html.js .keys{display:block}
@media (max-width:40rem){main.wide h1{font-size:1.2rem;margin:.25rem 0 .5rem}}
`;

function Preview(props: { chrome: Chrome; row: InboxListRow }) {
  const { locale } = props.chrome;
  const last = props.row.last;
  if (!last) return <span class="prev none">{t(locale, 'console-inbox-no-messages')}</span>;
  return (
    <span class="prev">
      <span class="from">{t(locale, last.direction === 'client' ? 'console-inbox-last-client' : 'console-inbox-last-staff')} </span>
      {last.line !== undefined ? shown(locale, last.line) : `[${kindLabel(locale, last.kind)}]`}
    </span>
  );
}

/** The list alone: what the live script fetches (`?part=list`) and puts in place of the old one. */
export function InboxList(props: { chrome: Chrome; rows: InboxListRow[]; filtered: boolean; now: Date }) {
  const { chrome, rows } = props;
  const { locale, base } = chrome;
  if (rows.length === 0) return <p id="no-cases">{t(locale, props.filtered ? 'console-inbox-empty-view' : 'console-inbox-empty')}</p>;
  return (
    <ul class="inbox">
      {rows.map((r) => (
        <li data-case={String(r.id)} class={[r.emergency ? 'em' : '', r.unread > 0 ? 'unseen' : ''].filter(Boolean).join(' ') || undefined}>
          <a class="row" href={`${base}/cases/${r.id}#now`}>
            <span class="l1">
              <span class="name">
                {r.emergency ? <span aria-hidden="true">🚨 </span> : null}
                {r.pseudonym}
              </span>
              <span class="num">#{r.id}</span>
              <time class="time" datetime={r.lastActivityAt.toISOString()} title={formatTime(chrome, r.lastActivityAt)}>
                {formatShort(chrome, r.lastActivityAt, props.now)}
              </time>
            </span>
            <Preview chrome={chrome} row={r} />
            <span class="l3">
              {r.emergency ? <span class="em-mark">{t(locale, 'console-marker-emergency')}</span> : null}
              {r.afterHours ? (
                <span>
                  <span aria-hidden="true">🌙 </span>
                  {t(locale, 'console-marker-after-hours')}
                </span>
              ) : null}
              {r.web ? (
                <span>
                  <span aria-hidden="true">🌐 </span>
                  {t(locale, 'console-marker-web')}
                </span>
              ) : null}
              {r.waitingSeconds !== null ? <span class="wait">{t(locale, 'console-waiting', { time: formatDuration(locale, r.waitingSeconds) })}</span> : null}
              <span>{statusLabel(locale, r.status)}</span>
              <span>{r.assignee ? t(locale, 'console-assignee', { name: shown(locale, r.assignee) }) : t(locale, 'console-unassigned')}</span>
              {r.unread > 0 ? <span class="unread">{t(locale, 'console-inbox-unread', { n: r.unread })}</span> : null}
            </span>
          </a>
        </li>
      ))}
    </ul>
  );
}

export function InboxPage(props: { chrome: Chrome; rows: InboxListRow[]; counts: InboxCounts; filters: InboxFilters; linked: boolean; inboxScript: string; now: Date; enrolHref?: string }) {
  const { chrome, filters } = props;
  const { locale, base } = chrome;
  const home = base || '/';
  const query = filterQuery(filters);
  const href = (q: string) => (q ? `${home}?${q}` : home);
  return (
    <Layout
      locale={locale}
      title={t(locale, 'console-inbox-title')}
      header={<SignedInHeader chrome={chrome} />}
      wide
      css={INBOX_CSS}
      scripts={[chrome.liveScript, props.inboxScript]}
      mainData={{ live: 'inbox', events: `${base}/events`, part: `${home}?${query ? `${query}&` : ''}part=list`, target: 'case-list' }}
    >
      {props.enrolHref ? (
        <p class="notice" id="signed-in">
          <a href={props.enrolHref}>{t(locale, 'console-home-enable-totp')}</a>
        </p>
      ) : null}
      <nav class="chips" aria-label={t(locale, 'console-inbox-views')}>
        {INBOX_VIEWS.map((v) => (
          <a href={href(filterQuery({ view: v, status: filters.status }))} aria-current={filters.view === v ? 'page' : undefined} data-view={v}>
            {t(locale, `console-inbox-view-${v}`)} <span class="n">{props.counts[v]}</span>
          </a>
        ))}
      </nav>
      {filters.view === 'mine' && !props.linked ? (
        <p class="hint" id="mine-hint">
          {t(locale, 'console-filter-mine-unlinked')} <a href={`${base}/link`}>{t(locale, 'console-link-title')}</a>
        </p>
      ) : null}
      <details class="filters" open={filters.status !== undefined}>
        <summary>{filters.status ? t(locale, 'console-inbox-filters-status', { status: statusLabel(locale, filters.status) }) : t(locale, 'console-inbox-filters-more')}</summary>
        <form method="get" action={home} role="search">
          {filters.view !== 'all' ? <input type="hidden" name="view" value={filters.view} /> : null}
          <div>
            <label for="filter-status">{t(locale, 'console-filter-status')}</label>
            <select id="filter-status" name="status">
              <option value="" selected={!filters.status}>
                {t(locale, 'console-filter-status-any')}
              </option>
              {OPEN_STATUSES.map((s) => (
                <option value={s} selected={filters.status === s}>
                  {statusLabel(locale, s)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">{t(locale, 'console-filter-apply')}</button>
          {filters.status ? (
            <a class="button" href={href(filterQuery({ view: filters.view }))}>
              {t(locale, 'console-filter-reset')}
            </a>
          ) : null}
        </form>
      </details>
      <p class="hint" id="live-status" role="status" data-updated={t(locale, 'console-live-updated')}></p>
      <div id="case-list">
        <InboxList chrome={chrome} rows={props.rows} filtered={query !== ''} now={props.now} />
      </div>
      <p class="keys">{t(locale, 'console-inbox-keys')}</p>
    </Layout>
  );
}
