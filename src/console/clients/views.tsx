import type { Locale } from '../../config.ts';
import { t } from '../../i18n/index.ts';
import type { ReferralEntry } from '../cases/data.ts';
import type { ClientCase, ClientHistory, ClientRow } from './data.ts';
import { formatTime, SignedInHeader, type Chrome } from '../frame/chrome.tsx';
import { referralText } from '../cases/views.tsx';
import { FilterButtons, Layout } from '../frame/layout.tsx';
import { Pager } from '../frame/pager.tsx';
import { shown } from '../../privacy/unreadable.ts';

const time = (chrome: Chrome, at: Date) => <time datetime={at.toISOString()}>{formatTime(chrome, at)}</time>;

export function ClientsPage(props: { chrome: Chrome; rows: ClientRow[]; hasMore: boolean; search: string; page: number }) {
  const { chrome, search } = props;
  const { locale, base } = chrome;
  const path = `${base}/clients`;
  const href = (page: number) => {
    const q = new URLSearchParams();
    if (search) q.set('q', search);
    if (page > 1) q.set('page', String(page));
    return q.size > 0 ? `${path}?${q}` : path;
  };
  return (
    <Layout locale={locale} title={t(locale, 'console-clients-title')} header={<SignedInHeader chrome={chrome} />} wide>
      <p class="hint">{t(locale, 'console-clients-intro')}</p>
      <form method="get" action={path} role="search">
        <label for="clients-q">{t(locale, 'console-clients-search')}</label>
        <input id="clients-q" name="q" type="text" value={search} maxlength={20} autocapitalize="characters" spellcheck={false} aria-describedby="clients-q-hint" />
        <p class="hint" id="clients-q-hint">
          {t(locale, 'console-clients-search-hint')}
        </p>
        <FilterButtons locale={locale} resetHref={path} filtered={search !== ''} submitLabel={t(locale, 'console-clients-search-submit')} />
      </form>
      {props.rows.length === 0 ? (
        <p id="no-clients">{t(locale, search ? 'console-clients-none-found' : 'console-clients-empty')}</p>
      ) : (
        <ul class="cases" id="clients">
          {props.rows.map((r) => (
            <li data-client={String(r.id)}>
              <p class="title" style="margin:0">
                <a href={`${path}/${r.id}`}>{t(locale, 'console-clients-client', { pseudonym: r.pseudonym })}</a>
              </p>
              <p class="meta">
                <span class="badge">{t(locale, 'console-clients-cases', { count: r.cases })}</span>
                {r.hasOpenCase ? <span class="badge wait">{t(locale, 'console-clients-open-case')}</span> : null}
              </p>
              <p class="meta">
                {t(locale, 'console-clients-first-contact')}: {time(chrome, r.firstSeenAt)}
                {' · '}
                {t(locale, 'console-clients-last-contact')}: {time(chrome, r.lastSeenAt)}
              </p>
            </li>
          ))}
        </ul>
      )}
      <Pager locale={locale} page={props.page} hasMore={props.hasMore} href={href} label={t(locale, 'console-clients-pages')} />
    </Layout>
  );
}

function referralLine(locale: Locale, r: ReferralEntry): string {
  return `${referralText(locale, r)} · ${t(locale, `console-referral-outcome-${r.outcome.replace(/_/g, '-')}`)}`;
}

function CaseRecord(props: { chrome: Chrome; k: ClientCase }) {
  const { chrome, k } = props;
  const { locale, taxonomy } = chrome;
  const need = (code: string) => taxonomy.needs.find((n) => n.code === code)?.label[locale] ?? code;
  const service = (code: string) => taxonomy.services.find((s) => s.code === code)?.label[locale] ?? code;
  if (!k.record) {
    if (k.status !== 'closed') return <p class="meta">{t(locale, 'console-clients-no-record-yet')}</p>;
    const reason = k.closeReason ?? 'not_recorded';
    return <p class="meta">{t(locale, 'console-clients-closed-without-record', { reason: t(locale, `console-reports-key-${reason.replace(/_/g, '-')}`) })}</p>;
  }
  const r = k.record;
  const reopened = k.status !== 'closed';
  return (
    <>
    {reopened ? <p class="meta">{t(locale, 'console-clients-earlier-record')}</p> : null}
    <dl class="facts">
      <dt>{t(locale, 'record-needs')}</dt>
      <dd>{r.needs.map(need).join(', ') || '—'}</dd>
      <dt>{t(locale, 'record-services')}</dt>
      <dd>{r.services.map(service).join(', ') || '—'}</dd>
      <dt>{t(locale, 'record-phone')}</dt>
      <dd>{r.phoneCall ? t(locale, `record-phone-${r.phoneCall}`) : '—'}</dd>
      <dt>{t(locale, 'record-outcome')}</dt>
      <dd>{r.outcome ? t(locale, `record-outcome-${r.outcome}`) : '—'}</dd>
      <dt>{t(locale, 'console-clients-met')}</dt>
      <dd>{r.metOnline === null ? '—' : t(locale, r.metOnline ? 'record-online' : 'record-offline')}</dd>
    </dl>
    </>
  );
}

export function ClientPage(props: { chrome: Chrome; client: ClientHistory }) {
  const { chrome, client } = props;
  const { locale, base } = chrome;
  return (
    <Layout locale={locale} title={t(locale, 'console-clients-client', { pseudonym: client.pseudonym })} header={<SignedInHeader chrome={chrome} />} wide>
      <dl class="facts">
        <dt>{t(locale, 'console-clients-first-contact')}</dt>
        <dd>{time(chrome, client.firstSeenAt)}</dd>
        <dt>{t(locale, 'console-clients-last-contact')}</dt>
        <dd>{time(chrome, client.lastSeenAt)}</dd>
      </dl>
      <h2>{t(locale, 'console-clients-history')}</h2>
      {client.cases.length === 0 ? (
        <p>{t(locale, 'console-clients-no-cases')}</p>
      ) : (
        <ol class="cases" id="client-cases">
          {client.cases.map((k) => (
            <li data-case={String(k.id)}>
              <p class="title" style="margin:0">
                <a href={`${base}/cases/${k.id}`}>{t(locale, 'console-clients-case', { case: k.id })}</a>
              </p>
              <p class="meta">
                {k.emergency ? (
                  <span class="badge em">
                    <span aria-hidden="true">🚨 </span>
                    {t(locale, 'console-marker-emergency')}
                  </span>
                ) : null}
                <span class="badge">{t(locale, `console-status-${k.status}`)}</span>
              </p>
              <p class="meta">
                {t(locale, 'console-case-opened')}: {time(chrome, k.openedAt)}
                {k.closedAt ? (
                  <>
                    {' · '}
                    {t(locale, k.status === 'closed' ? 'console-clients-closed' : 'console-clients-closed-before')}: {time(chrome, k.closedAt)}
                  </>
                ) : null}
              </p>
              <p class="meta">{k.assignee ? t(locale, 'console-assignee', { name: shown(locale, k.assignee) }) : t(locale, 'console-unassigned')}</p>
              <CaseRecord chrome={chrome} k={k} />
              {k.referrals.length > 0 ? (
                <>
                  <p class="meta">{t(locale, 'console-referrals')}:</p>
                  <ul>
                    {k.referrals.map((r) => (
                      <li>
                        {referralLine(locale, r)} · {time(chrome, r.createdAt)}
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      <p>
        <a href={`${base}/clients`}>{t(locale, 'console-clients-back')}</a>
      </p>
    </Layout>
  );
}
