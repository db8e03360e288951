import type { Locale } from '../../config.ts';
import type { InviteRow } from '../../community/invites.ts';
import type { CommunityFigures } from '../../community/figures.ts';
import { ANSWERED_BY, DECLINED, DEPTHS } from '../../community/figures.ts';
import { t } from '../../i18n/index.ts';
import { CsrfField } from '../auth/csrf.ts';
import type { LogEntry } from './data.ts';
import { formatDay, formatTime, SignedInHeader, type Chrome } from '../frame/chrome.tsx';
import { Errors, FilterButtons, FilterSelect, Layout } from '../frame/layout.tsx';
import { Pager } from '../frame/pager.tsx';
import { formatValue, REPORTS_CSS } from '../reports/views.tsx';

const COMMUNITY_CSS = `${REPORTS_CSS}
nav.tabs{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;margin:0 0 1rem;border-bottom:1px solid #dadce0}
nav.tabs a{display:inline-block;padding:.5rem 0;min-height:44px}
nav.tabs a[aria-current=page]{font-weight:700;color:#1a1a1a;text-decoration:none;border-bottom:3px solid #0b57d0}
input[type=number]{width:100%;font:inherit;padding:.6rem .75rem;min-height:44px;border:1px solid #5f6368;border-radius:6px;background:#fff;color:#1a1a1a}
.pair{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:0 1rem}
.badge.ok{background:#e6f4ea;color:#0d3b1e}
.badge.bad{background:#fdecea;color:#5c1010}
.inline{display:inline}
.link{font:.95rem/1.4 ui-monospace,Menlo,Consolas,monospace;word-break:break-all;background:#f1f3f4;padding:.5rem .75rem;border-radius:6px}
.log{list-style:none;padding:0;margin:0}
.log li{border-left:4px solid #5f6368;padding:.4rem .75rem;margin:.5rem 0;background:#f8f9fa;overflow-wrap:anywhere}
.log li.by-staff{border-color:#0b57d0}
.log .what{font-weight:600;margin:0}
.log blockquote{margin:.4rem 0 0;padding:.25rem .6rem;border-left:3px solid #8a5a00;background:#fff8e1;white-space:pre-wrap}
.figures h2{margin-top:2rem}
a.primary{display:inline-block;background:#0b57d0;color:#fff;font-weight:600;text-decoration:none;border-radius:6px;padding:.6rem 1.25rem}
button.danger{background:#fff;color:#b3261e;border:2px solid #b3261e}
p.meta+dl.facts{margin-top:.75rem}
.figures table{max-width:36rem}
#table-weeks th,#table-weeks td{white-space:nowrap;padding:.4rem .35rem}
#table-weeks caption{font-weight:400;font-size:.9rem;color:#444}`;

/** The printed page: the code large, the words around it, no console. */
const PRINT_CSS = `.poster{text-align:center;max-width:40rem;margin:0 auto}
.poster .title{display:none}
.poster .org{font-size:1.4rem;font-weight:700;margin:0 0 .5rem}
.poster .qr{width:min(100%,22rem);margin:1rem auto}
.poster .qr svg{display:block;width:100%;height:auto}
.poster .say{font-size:1.1rem;text-align:left;margin:1rem 0}
.poster .say.en{font-size:1rem;color:#333;border-top:1px solid #dadce0;padding-top:.75rem}
.poster .link{text-align:center;font-size:1.05rem}
@media print{
  header,nav,.noprint{display:none!important}
  main,main.wide{max-width:none;padding:0}
  h1{display:none}
  .poster .title{display:block;font-size:26pt;font-weight:700;text-align:center;margin:0 0 8pt}
  .poster{max-width:none}
  .poster .org{font-size:18pt}
  .poster .qr{width:11cm;margin:8pt auto}
  .poster .say{font-size:14pt}
  .poster .say.en{font-size:12pt}
  .poster .link{font-size:13pt;background:none}
  @page{size:A4;margin:15mm}
}`;

const say = (locale: Locale, id: string, args?: Record<string, string | number>) => t(locale, id, args);
/** An invite works to the end of its last day: that day is shown, not the midnight after it. */
const lastDay = (chrome: Chrome, expiresAt: Date) => formatDay(chrome, new Date(expiresAt.getTime() - 1));
type Tab = 'invites' | 'log' | 'figures';

function CommunityLayout(props: { chrome: Chrome; title: string; tab?: Tab; children: unknown; css?: string }) {
  const { locale, base } = props.chrome;
  const tab = (id: Tab, path: string) => (
    <a href={`${base}/community${path}`} {...(props.tab === id ? { 'aria-current': 'page' } : {})}>
      {say(locale, `console-community-tab-${id}`)}
    </a>
  );
  return (
    <Layout locale={locale} title={props.title} header={<SignedInHeader chrome={props.chrome} />} wide css={props.css ?? COMMUNITY_CSS}>
      {props.tab ? (
        <nav class="tabs" aria-label={say(locale, 'console-community-tabs')}>
          {tab('invites', '')}
          {tab('log', '/log')}
          {tab('figures', '/figures')}
        </nav>
      ) : null}
      {props.children as never}
    </Layout>
  );
}

export function CommunityOffPage(props: { chrome: Chrome }) {
  const { locale } = props.chrome;
  return (
    <CommunityLayout chrome={props.chrome} title={say(locale, 'console-community-title')}>
      <p class="notice" id="community-off">
        {say(locale, 'console-community-off')}
      </p>
    </CommunityLayout>
  );
}

export interface UnitOption {
  id: string;
  name: string;
}

export interface InviteFormValues {
  /** `unit:<id>`, `event` or `other`. */
  place: string;
  name: string;
  limit: string;
  expires: string;
}

export type InviteState = 'active' | 'revoked' | 'expired' | 'full';

export function inviteState(i: InviteRow, now: Date): InviteState {
  if (i.revokedAt) return 'revoked';
  if (i.expiresAt && i.expiresAt.getTime() <= now.getTime()) return 'expired';
  if (i.memberLimit !== null && i.joins >= i.memberLimit) return 'full';
  return 'active';
}

const stateBadge = (locale: Locale, s: InviteState) => <span class={s === 'active' ? 'badge ok' : s === 'revoked' ? 'badge bad' : 'badge wait'}>{say(locale, `console-community-state-${s}`)}</span>;

/** Where an invite leads people from, in words: the unit's name from the settings, an event, other. */
export function placeLabel(locale: Locale, units: UnitOption[], i: Pick<InviteRow, 'source' | 'unitId'>): string {
  if (i.source === 'unit') {
    const unit = units.find((u) => u.id === i.unitId);
    return say(locale, 'console-community-source-unit-named', { unit: unit?.name ?? i.unitId ?? '—' });
  }
  return say(locale, `console-community-source-${i.source}`);
}

export function InvitesPage(props: { chrome: Chrome; invites: InviteRow[]; units: UnitOption[]; values: InviteFormValues; errors?: string[]; invalid?: Partial<Record<keyof InviteFormValues, boolean>>; notice?: string; now: Date; today: string }) {
  const { chrome, units, values: v } = props;
  const { locale, base } = chrome;
  const invalid = (field: keyof InviteFormValues, hint?: string) => ({
    ...(props.invalid?.[field] ? { 'aria-invalid': 'true', 'aria-errormessage': 'form-errors' } : {}),
    ...(hint ? { 'aria-describedby': hint } : {}),
  });
  return (
    <CommunityLayout chrome={chrome} title={say(locale, 'console-community-title')} tab="invites">
      {props.notice ? (
        <p class="notice" role="status" id="community-done">
          {props.notice}
        </p>
      ) : null}
      <p class="hint">{say(locale, 'console-community-invites-intro')}</p>
      <p>
        <a href="#new-invite-title">{say(locale, 'console-community-new-jump')}</a>
      </p>
      <h2 id="invites-title">{say(locale, 'console-community-invites')}</h2>
      {props.invites.length === 0 ? <p id="invites-empty">{say(locale, 'console-community-invites-empty')}</p> : null}
      <ul class="cases" id="invites" aria-labelledby="invites-title">
        {props.invites.map((i) => {
          const state = inviteState(i, props.now);
          return (
            <li data-invite={String(i.id)}>
              <p class="title" style="margin:0">
                <a href={`${base}/community/invites/${i.id}`}>{i.name ?? say(locale, 'console-community-invite-heading', { id: i.id })}</a>
              </p>
              <p class="meta">
                {stateBadge(locale, state)}
                {placeLabel(locale, units, i)}
              </p>
              <p class="meta">
                {i.memberLimit === null ? say(locale, 'console-community-joins', { joins: i.joins }) : say(locale, 'console-community-joins-of', { joins: i.joins, limit: i.memberLimit })}
                {' · '}
                {i.expiresAt ? say(locale, 'console-community-expires', { date: lastDay(chrome, i.expiresAt) }) : say(locale, 'console-community-no-expiry')}
              </p>
              <p class="meta">
                {say(locale, 'console-community-created', { date: formatTime(chrome, i.createdAt) })}
                {i.revokedAt ? ` · ${say(locale, 'console-community-revoked-at', { date: formatTime(chrome, i.revokedAt) })}` : ''}
              </p>
            </li>
          );
        })}
      </ul>
      <section aria-labelledby="new-invite-title">
        <h2 id="new-invite-title">{say(locale, 'console-community-new')}</h2>
        <Errors locale={locale} messages={props.errors ?? []} />
        <form method="post" action={`${base}/community/invites`}>
          <CsrfField token={chrome.csrf} />
          <label for="invite-place">{say(locale, 'console-community-field-place')}</label>
          <select id="invite-place" name="place" {...invalid('place', 'invite-place-hint')}>
            {units.map((u) => (
              <option value={`unit:${u.id}`} selected={v.place === `unit:${u.id}`}>
                {say(locale, 'console-community-source-unit-named', { unit: u.name })}
              </option>
            ))}
            <option value="event" selected={v.place === 'event'}>
              {say(locale, 'console-community-source-event')}
            </option>
            <option value="other" selected={v.place === 'other'}>
              {say(locale, 'console-community-source-other')}
            </option>
          </select>
          <p class="hint" id="invite-place-hint">
            {say(locale, units.length ? 'console-community-place-hint' : 'console-community-place-hint-no-units')}
          </p>
          <label for="invite-name">{say(locale, 'console-community-field-name')}</label>
          <input id="invite-name" type="text" name="name" value={v.name} maxlength={100} {...invalid('name', 'invite-name-hint')} />
          <p class="hint" id="invite-name-hint">
            {say(locale, 'console-community-name-hint')}
          </p>
          <div class="pair">
            <div>
              <label for="invite-limit">{say(locale, 'console-community-field-limit')}</label>
              <input id="invite-limit" type="number" name="limit" min="1" max="99999" inputmode="numeric" value={v.limit} {...invalid('limit', 'invite-limit-hint')} />
              <p class="hint" id="invite-limit-hint">
                {say(locale, 'console-community-limit-hint')}
              </p>
            </div>
            <div>
              <label for="invite-expires">{say(locale, 'console-community-field-expires')}</label>
              <input id="invite-expires" type="date" name="expires" min={props.today} value={v.expires} {...invalid('expires', 'invite-expires-hint')} />
              <p class="hint" id="invite-expires-hint">
                {say(locale, 'console-community-expires-hint', { zone: chrome.timeZone })}
              </p>
            </div>
          </div>
          <button type="submit">{say(locale, 'console-community-create')}</button>
        </form>
      </section>
    </CommunityLayout>
  );
}

export function InvitePage(props: { chrome: Chrome; invite: InviteRow; units: UnitOption[]; link: string; now: Date; notice?: string; errors?: string[] }) {
  const { chrome, invite: i } = props;
  const { locale, base } = chrome;
  const state = inviteState(i, props.now);
  const title = i.name ?? say(locale, 'console-community-invite-heading', { id: i.id });
  return (
    <CommunityLayout chrome={chrome} title={title} tab="invites">
      <p>
        <a href={`${base}/community`}>{say(locale, 'console-community-back')}</a>
      </p>
      {props.notice ? (
        <p class="notice" role="status" id="community-done">
          {props.notice}
        </p>
      ) : null}
      <Errors locale={locale} messages={props.errors ?? []} />
      <p class="meta">
        {stateBadge(locale, state)}
        {placeLabel(locale, props.units, i)}
      </p>
      <dl class="facts">
        <dt>{say(locale, 'console-community-fact-joins')}</dt>
        <dd>{i.memberLimit === null ? String(i.joins) : say(locale, 'console-community-count-of', { joins: i.joins, limit: i.memberLimit })}</dd>
        <dt>{say(locale, 'console-community-fact-expires')}</dt>
        <dd>{i.expiresAt ? say(locale, 'console-community-last-day', { date: lastDay(chrome, i.expiresAt) }) : say(locale, 'console-community-no-expiry')}</dd>
        <dt>{say(locale, 'console-community-fact-created')}</dt>
        <dd>{formatTime(chrome, i.createdAt)}</dd>
        {i.revokedAt ? (
          <>
            <dt>{say(locale, 'console-community-fact-revoked')}</dt>
            <dd>{formatTime(chrome, i.revokedAt)}</dd>
          </>
        ) : null}
      </dl>
      <h2 id="link-title">{say(locale, 'console-community-link')}</h2>
      <p class="link" id="invite-link">
        {props.link}
      </p>
      <p class="hint">{say(locale, 'console-community-link-hint')}</p>
      {state === 'revoked' ? null : (
        <p class="row">
          <a class="button primary" href={`${base}/community/invites/${i.id}/print`}>
            {say(locale, 'console-community-print')}
          </a>
        </p>
      )}
      {i.revokedAt ? null : (
        <section aria-labelledby="revoke-title">
          <h2 id="revoke-title">{say(locale, 'console-community-revoke-title')}</h2>
          <p class="hint" id="revoke-hint">
            {say(locale, 'console-community-revoke-hint')}
          </p>
          <form method="post" action={`${base}/community/invites/${i.id}/revoke`}>
            <CsrfField token={chrome.csrf} />
            <button type="submit" class="danger" aria-describedby="revoke-hint">
              {say(locale, 'console-community-revoke')}
            </button>
          </form>
        </section>
      )}
    </CommunityLayout>
  );
}

/**
 * The sheet for a unit's window or an event's table: the organisation, the code to scan, what the
 * chat is and that joining accepts its rules (in Russian, then English), and the link in letters.
 */
export function PrintPage(props: { chrome: Chrome; invite: InviteRow; org: { ru: string; en: string }; link: string; qrSvg: string }) {
  const { chrome, invite: i, org } = props;
  const { locale, base } = chrome;
  return (
    <CommunityLayout chrome={chrome} title={say(locale, 'console-community-poster-title')} css={`${COMMUNITY_CSS}\n${PRINT_CSS}`}>
      <div class="noprint">
        <p class="row">
          <a href={`${base}/community/invites/${i.id}`}>{say(locale, 'console-community-back-invite')}</a>
        </p>
        <p class="notice">{say(locale, 'console-community-print-hint')}</p>
      </div>
      <div class="poster">
        {/* On paper the heading is the poster's own, in Russian first (the page's title is in the console's language). */}
        <p class="title" lang="ru">
          {t('ru', 'console-community-poster-title')}
        </p>
        <p class="org" lang="ru">
          {org.ru}
        </p>
        <div class="qr" role="img" aria-label={say(locale, 'console-community-qr-label')} dangerouslySetInnerHTML={{ __html: props.qrSvg }}></div>
        <p class="say" lang="ru">
          {t('ru', 'console-community-poster-text', { org: org.ru })}
        </p>
        <p class="say en" lang="en">
          <strong>{t('en', 'console-community-poster-title')}.</strong> {t('en', 'console-community-poster-text', { org: org.en })}
        </p>
        <p class="link" id="invite-link">
          {props.link}
        </p>
      </div>
    </CommunityLayout>
  );
}

const actionLabel = (locale: Locale, action: string) => {
  const s = t(locale, `community-action-${action}`);
  return s === `community-action-${action}` ? action : s;
};
/** A rule in words: the console's own, else the chat's (a rule added to the moderation later), else its code. */
export const ruleLabel = (locale: Locale, rule: string) => {
  const id = `console-community-rule-${rule.replace(/_/g, '-')}`;
  const own = t(locale, id);
  if (own !== id) return own;
  const chat = t(locale, `community-rule-${rule}`);
  return chat === `community-rule-${rule}` ? rule : chat;
};

export function LogPage(props: { chrome: Chrome; entries: LogEntry[]; rules: string[]; rule?: string; page: number; hasMore: boolean }) {
  const { chrome } = props;
  const { locale, base } = chrome;
  const href = (page: number) => `${base}/community/log?${new URLSearchParams({ ...(props.rule ? { rule: props.rule } : {}), ...(page > 1 ? { page: String(page) } : {}) }).toString()}`.replace(/\?$/, '');
  return (
    <CommunityLayout chrome={chrome} title={say(locale, 'console-community-log-title')} tab="log">
      <p class="hint">{say(locale, 'console-community-log-intro')}</p>
      <form method="get" action={`${base}/community/log`} role="search">
        <FilterSelect id="log-rule" name="rule" label={say(locale, 'console-community-filter-rule')} anyLabel={say(locale, 'console-community-filter-rule-any')} options={props.rules.map((r) => [r, ruleLabel(locale, r)])} selected={props.rule} />
        <FilterButtons locale={locale} resetHref={`${base}/community/log`} filtered={props.rule !== undefined} />
      </form>
      {props.entries.length === 0 ? <p id="log-empty">{say(locale, props.rule ? 'console-community-log-empty-rule' : 'console-community-log-empty')}</p> : null}
      <ol class="log" id="moderation-log">
        {props.entries.map((e) => (
          <li class={e.by.kind === 'staff' ? 'by-staff' : undefined} data-action={String(e.id)}>
            <p class="what">
              {actionLabel(locale, e.action)} · {e.pseudonym}
            </p>
            <p class="meta">
              <time datetime={e.at.toISOString()}>{formatTime(chrome, e.at)}</time>
              {' · '}
              {say(locale, 'console-community-log-rule', { rule: ruleLabel(locale, e.rule) })}
              {' · '}
              {e.by.kind === 'bot' ? say(locale, 'console-community-by-bot') : e.by.name ? say(locale, 'console-community-by', { name: e.by.name }) : say(locale, 'console-community-by-staff')}
              {e.untilAt ? ` · ${say(locale, 'console-community-until', { date: formatTime(chrome, e.untilAt) })}` : e.action === 'mute' ? ` · ${say(locale, 'console-community-until-forever')}` : ''}
            </p>
            {e.reason ? <p class="meta">{say(locale, 'console-community-reason', { reason: e.reason })}</p> : null}
            {e.appeal ? (
              <blockquote>
                <span class="meta">{say(locale, 'console-community-appeal', { date: e.appealedAt ? formatTime(chrome, e.appealedAt) : '' })}</span>
                {'\n'}
                {e.appeal}
              </blockquote>
            ) : null}
          </li>
        ))}
      </ol>
      <Pager locale={locale} page={props.page} hasMore={props.hasMore} href={href} label={say(locale, 'console-community-log-pages')} />
    </CommunityLayout>
  );
}

function CountTable(props: { id: string; caption: string; head: string; rows: [string, number | string][]; locale: Locale }) {
  return (
    <div class="scroll">
      <table id={props.id}>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.head}</th>
            <th scope="col" class="n">
              {say(props.locale, 'console-community-col-count')}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map(([label, n]) => (
            <tr>
              <th scope="row">{label}</th>
              <td class="n">{typeof n === 'number' ? formatValue(props.locale, n, 'count') : n}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function FiguresPage(props: { chrome: Chrome; from: string; to: string; errors: string[]; invalid: { from?: boolean; to?: boolean }; figures?: CommunityFigures; units: UnitOption[] }) {
  const { chrome, figures: f } = props;
  const { locale, base } = chrome;
  const num = (n: number) => formatValue(locale, n, 'count');
  const dateField = (id: string, name: 'from' | 'to') => (
    <div>
      <label for={id}>{say(locale, `console-reports-${name}`)}</label>
      <input id={id} name={name} type="date" value={props[name]} required aria-describedby="dates-hint" {...(props.invalid[name] ? { 'aria-invalid': 'true', 'aria-errormessage': 'form-errors' } : {})} />
    </div>
  );
  const unitName = (u: { unitId: string | null; name: string | null }) => props.units.find((x) => x.id === u.unitId)?.name ?? u.name ?? u.unitId ?? '—';
  const day = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'ru-RU', { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const weekLabel = (week: string) => day.format(new Date(`${week}T12:00:00Z`));
  return (
    <CommunityLayout chrome={chrome} title={say(locale, 'console-community-figures-title')} tab="figures">
      <p class="hint">{say(locale, 'console-community-figures-intro')}</p>
      <Errors locale={locale} messages={props.errors} />
      <form method="get" action={`${base}/community/figures`}>
        <div class="dates">
          {dateField('figures-from', 'from')}
          {dateField('figures-to', 'to')}
        </div>
        <p class="hint" id="dates-hint">
          {say(locale, 'console-community-dates-hint', { tz: chrome.timeZone })}
        </p>
        <button type="submit">{say(locale, 'console-filter-apply')}</button>
      </form>
      {f ? (
        <div class="figures">
          <h2 id="key-figures">{say(locale, 'console-community-key-figures')}</h2>
          <dl class="kf">
            {(
              [
                ['members-now', f.membersNow],
                ['joins', f.joins],
                ['leaves', f.leaves],
                ['moderation', f.moderation],
                ['asked', f.questions.asked],
                ['median', f.questions.medianMinutesToAnswer === null ? '—' : say(locale, 'console-community-minutes', { n: f.questions.medianMinutesToAnswer })],
              ] as [string, number | string][]
            ).map(([k, v]) => (
              <div data-figure={k}>
                <dt>{say(locale, `console-community-kf-${k}`)}</dt>
                <dd>
                  <span class="v">{typeof v === 'number' ? num(v) : v}</span>
                </dd>
              </div>
            ))}
          </dl>

          <h2 id="weeks-title">{say(locale, 'console-community-weeks')}</h2>
          <div class="scroll">
            <table id="table-weeks">
              <caption>{say(locale, 'console-community-weeks-caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{say(locale, 'console-community-col-week')}</th>
                  <th scope="col" class="n">
                    {say(locale, 'console-community-col-joins')}
                  </th>
                  <th scope="col" class="n">
                    {say(locale, 'console-community-col-leaves')}
                  </th>
                  <th scope="col" class="n">
                    {say(locale, 'console-community-col-members')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {f.weeks.map((w) => (
                  <tr>
                    <th scope="row">{weekLabel(w.week)}</th>
                    <td class="n">{num(w.joins)}</td>
                    <td class="n">{num(w.leaves)}</td>
                    <td class="n">{num(w.members)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          <h2 id="sources-title">{say(locale, 'console-community-sources')}</h2>
          <CountTable
            id="table-sources"
            locale={locale}
            caption={say(locale, 'console-community-sources-caption')}
            head={say(locale, 'console-community-col-source')}
            rows={[
              ...f.byUnit.map((u): [string, number] => [say(locale, 'console-community-source-unit-named', { unit: unitName(u) }), u.joins]),
              ...(f.byUnit.length === 0 ? [[say(locale, 'console-community-source-unit'), f.bySource.unit] as [string, number]] : []),
              [say(locale, 'console-community-source-event'), f.bySource.event],
              [say(locale, 'console-community-source-peer'), f.bySource.peer],
              [say(locale, 'console-community-source-other'), f.bySource.other],
            ]}
          />
          <CountTable id="table-depth" locale={locale} caption={say(locale, 'console-community-depth-caption')} head={say(locale, 'console-community-col-depth')} rows={DEPTHS.map((d) => [say(locale, `console-community-depth-${d === '3+' ? '3' : d}`), f.byDepth[d]])} />

          <h2 id="declined-title">{say(locale, 'console-community-declined')}</h2>
          <CountTable id="table-declined" locale={locale} caption={say(locale, 'console-community-declined-caption')} head={say(locale, 'console-community-col-outcome')} rows={DECLINED.map((d) => [say(locale, `console-community-${d.replace(/_/g, '-')}`), f.declined[d]])} />

          <h2 id="moderation-title">{say(locale, 'console-community-moderation')}</h2>
          {f.moderation === 0 ? <p>{say(locale, 'console-community-moderation-none')}</p> : null}
          {f.moderation > 0 ? (
            <>
              <CountTable id="table-rules" locale={locale} caption={say(locale, 'console-community-by-rule')} head={say(locale, 'console-community-col-rule')} rows={Object.entries(f.moderationByRule).sort((a, b) => b[1] - a[1]).map(([r, n]) => [ruleLabel(locale, r), n])} />
              <CountTable id="table-actions" locale={locale} caption={say(locale, 'console-community-by-action')} head={say(locale, 'console-community-col-action')} rows={Object.entries(f.moderationByAction).sort((a, b) => b[1] - a[1]).map(([a, n]) => [actionLabel(locale, a), n])} />
            </>
          ) : null}

          <h2 id="questions-title">{say(locale, 'console-community-questions')}</h2>
          <CountTable
            id="table-questions"
            locale={locale}
            caption={say(locale, 'console-community-questions-caption')}
            head={say(locale, 'console-community-col-questions')}
            rows={[
              [say(locale, 'console-community-q-asked'), f.questions.asked],
              ...ANSWERED_BY.filter((b) => b !== 'bot' || f.questions.answeredBy.bot > 0).map((b): [string, number] => [say(locale, `console-community-q-answered-${b}`), f.questions.answeredBy[b]]),
              [say(locale, 'console-community-q-private'), f.questions.private],
              [say(locale, 'console-community-q-surfaced'), f.questions.surfaced],
              [say(locale, 'console-community-q-median'), f.questions.medianMinutesToAnswer === null ? '—' : say(locale, 'console-community-minutes', { n: f.questions.medianMinutesToAnswer })],
            ]}
          />
          <p class="hint">{say(locale, 'console-community-figures-privacy')}</p>
        </div>
      ) : null}
    </CommunityLayout>
  );
}
