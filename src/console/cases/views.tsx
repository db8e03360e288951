import type { Locale } from '../../config.ts';
import type { Taxonomy } from '../../domain/taxonomy.ts';
import { t } from '../../i18n/index.ts';
import { CsrfField } from '../auth/csrf.ts';
import { OPEN_STATUSES, filterQuery, type CaseSummary, type InboxFilters, type InboxRow, type ReferralEntry, type TimelineEntry, type TranscriptEntry } from './data.ts';
import { TIMELINE_CSS, TimelineItem } from './timeline-view.tsx';
import { can, canUseKb } from '../policy.ts';
import type { Child } from 'hono/jsx';
import type { CaseActionData } from './actions.ts';
import { ArticlesSection, AssigneeSection, CASE_ACTIONS_CSS, CloseForms, FollowUpsSection, OutcomeForm, QuickReplies, RecordSection, ReferForms, type FailedForm } from './action-views.tsx';
import { Errors, FilterButtons, FilterSelect, Layout } from '../frame/layout.tsx';
import { LogoutForm } from '../views/pages.tsx';

/** What every signed-in page of case work needs to draw its header and links. */
export interface Chrome {
  locale: Locale;
  base: string;
  csrf: string;
  account: { displayName: string; login: string; role: string };
  timeZone: string;
  taxonomy: Taxonomy;
  liveScript: string;
}

export function SignedInHeader(props: { chrome: Chrome }) {
  const { locale, base, account } = props.chrome;
  return (
    <nav class="top" aria-label={t(locale, 'console-nav-label')}>
      <a href={base || '/'}>{t(locale, can(account.role, 'inbox.view') ? 'console-nav-inbox' : 'console-home-title')}</a>
      {can(account.role, 'clients.view') ? <a href={`${base}/clients`}>{t(locale, 'console-nav-clients')}</a> : null}
      {canUseKb(account.role) ? <a href={`${base}/kb`}>{t(locale, 'console-nav-kb')}</a> : null}
      {can(account.role, 'reports.view') ? <a href={`${base}/reports`}>{t(locale, 'console-nav-reports')}</a> : null}
      {can(account.role, 'channel.view') ? <a href={`${base}/channel`}>{t(locale, 'console-nav-channel')}</a> : null}
      {can(account.role, 'community.manage') ? <a href={`${base}/community`}>{t(locale, 'console-nav-community')}</a> : null}
      {can(account.role, 'settings.edit') ? <a href={`${base}/settings`}>{t(locale, 'console-nav-settings')}</a> : null}
      {can(account.role, 'staff.manage') ? <a href={`${base}/staff`}>{t(locale, 'console-nav-staff')}</a> : null}
      {can(account.role, 'audit.view') ? <a href={`${base}/audit`}>{t(locale, 'console-nav-audit')}</a> : null}
      <span class="who">{account.displayName}</span>
      <LogoutForm locale={locale} action={`${base}/logout`} csrf={props.chrome.csrf} />
    </nav>
  );
}

const STYLES = {
  time: { dateStyle: 'short', timeStyle: 'short' },
  clock: { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' },
  day: { dateStyle: 'long' },
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

const statusLabel = (locale: Locale, status: string) => t(locale, `console-status-${status}`);
const needLabel = (chrome: Chrome, code: string) => chrome.taxonomy.needs.find((n) => n.code === code)?.label[chrome.locale] ?? code;

function Markers(props: { chrome: Chrome; row: Pick<InboxRow, 'emergency' | 'afterHours' | 'waitingSeconds' | 'status'> }) {
  const { locale } = props.chrome;
  const { row } = props;
  return (
    <>
      {row.emergency ? (
        <span class="badge em">
          <span aria-hidden="true">🚨 </span>
          {t(locale, 'console-marker-emergency')}
        </span>
      ) : null}
      {row.afterHours ? (
        <span class="badge">
          <span aria-hidden="true">🌙 </span>
          {t(locale, 'console-marker-after-hours')}
        </span>
      ) : null}
      <span class="badge">{statusLabel(locale, row.status)}</span>
      {row.waitingSeconds !== null ? (
        <span class="badge wait">{t(locale, 'console-waiting', { time: formatDuration(locale, row.waitingSeconds) })}</span>
      ) : row.status !== 'closed' ? (
        <span class="badge">{t(locale, 'console-answered')}</span>
      ) : null}
    </>
  );
}

/** The list of cases alone: what the live script fetches (`?part=list`) and puts in place of the old one. */
export function InboxList(props: { chrome: Chrome; rows: InboxRow[] }) {
  const { chrome, rows } = props;
  const { locale, base } = chrome;
  if (rows.length === 0) return <p id="no-cases">{t(locale, 'console-inbox-empty')}</p>;
  return (
    <ul class="cases">
      {rows.map((r) => (
        <li data-case={String(r.id)}>
          <p class="title" style="margin:0">
            <a href={`${base}/cases/${r.id}`}>{t(locale, 'console-case-heading', { case: r.id, pseudonym: r.pseudonym })}</a>
          </p>
          <p class="meta">
            <Markers chrome={chrome} row={r} />
          </p>
          <p class="meta">
            {r.assignee ? t(locale, 'console-assignee', { name: r.assignee }) : t(locale, 'console-unassigned')}
            {' · '}
            {t(locale, 'console-last-activity')}: <time datetime={r.lastActivityAt.toISOString()}>{formatTime(chrome, r.lastActivityAt)}</time>
          </p>
          {r.needs.length > 0 ? <p class="meta">{t(locale, 'console-needs', { needs: r.needs.map((n) => needLabel(chrome, n)).join(', ') })}</p> : null}
        </li>
      ))}
    </ul>
  );
}

export function InboxPage(props: { chrome: Chrome; rows: InboxRow[]; filters: InboxFilters; linked: boolean; enrolHref?: string }) {
  const { chrome, filters } = props;
  const { locale, base, account } = chrome;
  const query = filterQuery(filters);
  const role = t(locale, `console-role-${account.role.replace(/_/g, '-')}`);
  return (
    <Layout
      locale={locale}
      title={t(locale, 'console-inbox-title')}
      header={<SignedInHeader chrome={chrome} />}
      wide
      scripts={[chrome.liveScript]}
      mainData={{ live: 'inbox', events: `${base}/events`, part: `${base || '/'}?${query ? `${query}&` : ''}part=list`, target: 'case-list' }}
    >
      <p id="signed-in" class="who" data-role={account.role}>
        {t(locale, 'console-home-signed-in', { name: account.displayName, login: account.login, role })}
        {props.enrolHref ? (
          <>
            {' '}
            <a href={props.enrolHref}>{t(locale, 'console-home-enable-totp')}</a>
          </>
        ) : null}
      </p>
      <form method="get" action={base || '/'} role="search">
        <fieldset>
          <legend>{t(locale, 'console-filters')}</legend>
          <FilterSelect id="filter-status" name="status" label={t(locale, 'console-filter-status')} anyLabel={t(locale, 'console-filter-status-any')} options={OPEN_STATUSES.map((s) => [s, statusLabel(locale, s)])} selected={filters.status} />
          <div class="check">
            <input id="filter-mine" type="checkbox" name="mine" value="1" checked={filters.mine} aria-describedby={props.linked ? undefined : 'mine-hint'} />
            <label for="filter-mine">
              {t(locale, 'console-filter-mine')}
            </label>
          </div>
          {props.linked ? null : (
            <p class="hint" id="mine-hint">
              {t(locale, 'console-filter-mine-unlinked')} <a href={`${chrome.base}/link`}>{t(locale, 'console-link-title')}</a>
            </p>
          )}
          <div class="check">
            <input id="filter-emergency" type="checkbox" name="emergency" value="1" checked={filters.emergency} />
            <label for="filter-emergency">
              <span aria-hidden="true">🚨</span> {t(locale, 'console-filter-emergency')}
            </label>
          </div>
          <div class="check">
            <input id="filter-after" type="checkbox" name="after" value="1" checked={filters.afterHours} />
            <label for="filter-after">
              <span aria-hidden="true">🌙</span> {t(locale, 'console-filter-after-hours')}
            </label>
          </div>
          <FilterButtons locale={locale} resetHref={base || '/'} filtered={query !== ''} />
        </fieldset>
      </form>
      <p class="hint" id="live-status" role="status" data-updated={t(locale, 'console-live-updated')}></p>
      <div id="case-list">
        <InboxList chrome={chrome} rows={props.rows} />
      </div>
    </Layout>
  );
}

function kindLabel(locale: Locale, kind: string): string {
  const known = ['photo', 'voice', 'video', 'video_note', 'document', 'sticker', 'location', 'venue', 'audio', 'animation', 'contact', 'article', 'text'];
  return t(locale, `console-kind-${known.includes(kind) ? kind.replace(/_/g, '-') : 'other'}`);
}

/**
 * A message's file from Telegram, through the console's media route: a photo as a picture, a voice
 * message or audio as a player, a video as a player, anything else as a link. Players load nothing
 * until played; each fetch is audited.
 */
function Media(props: { locale: Locale; m: TranscriptEntry; href: string }) {
  const { locale, m, href } = props;
  const open = (key: string) => <a href={href}>{t(locale, key)}</a>;
  if (m.kind === 'photo') {
    return (
      <p class="media">
        <img src={href} loading="lazy" alt={t(locale, m.direction === 'client' ? 'console-media-photo-client' : 'console-media-photo-staff')} />
      </p>
    );
  }
  if (m.kind === 'voice' || m.kind === 'audio') {
    return (
      <p class="media">
        <audio controls preload="none" src={href}>
          {open('console-media-listen')}
        </audio>
      </p>
    );
  }
  if (m.kind === 'video' || m.kind === 'video_note') {
    return (
      <p class="media">
        <video controls preload="none" src={href}>
          {open('console-media-watch')}
        </video>
      </p>
    );
  }
  return <p class="media">{open('console-media-open')}</p>;
}

function Entry(props: { chrome: Chrome; m: TranscriptEntry; caseId?: number; articleTitle?: (slug: string) => string | undefined; clock?: boolean }) {
  const { chrome, m } = props;
  const { locale } = chrome;
  const who =
    m.direction === 'client'
      ? t(locale, 'console-direction-client')
      : m.direction === 'note'
        ? t(locale, 'console-direction-note', { name: m.author ?? t(locale, 'console-author-unknown') })
        : t(locale, 'console-direction-staff', { name: m.author ?? t(locale, 'console-author-unknown') });
  const isArticle = m.kind === 'article' && m.body?.startsWith('kb:');
  const slug = isArticle ? m.body!.slice(3) : undefined;
  // Once retention erased the file reference, the label for its kind stays.
  const media = m.file && props.caseId !== undefined ? <Media locale={locale} m={m} href={`${chrome.base}/cases/${props.caseId}/media/${m.id}`} /> : null;
  return (
    <li class={`msg ${m.direction}`} id={`m${m.id}`} data-message={String(m.id)}>
      <p class="head">
        {who} · <time datetime={m.at.toISOString()}>{props.clock ? formatClock(chrome, m.at) : formatTime(chrome, m.at)}</time>
        {m.kind !== 'text' ? ` · ${kindLabel(locale, m.kind)}` : ''}
      </p>
      {media}
      {slug !== undefined ? (
        <p class="label">{t(locale, 'console-article-sent', { title: props.articleTitle?.(slug) ?? slug })}</p>
      ) : m.body !== undefined ? (
        <p class="body">{m.body}</p>
      ) : m.erased ? (
        <p class="label">{t(locale, 'console-text-erased')}</p>
      ) : media ? null : (
        <p class="label">[{kindLabel(locale, m.kind)}]</p>
      )}
      {m.delivery === 'blocked' ? <p class="label">{t(locale, 'console-delivery-blocked')}</p> : m.delivery === 'failed' ? <p class="label">{t(locale, 'console-delivery-failed')}</p> : null}
    </li>
  );
}

/**
 * The case's timeline — messages, the bot's messages, the client's taps and every action, in
 * order; notes have their own section — what the live script re-fetches (`?part=transcript`).
 */
export function TranscriptPart(props: { chrome: Chrome; caseId: number; entries: TimelineEntry[]; articleTitle?: (slug: string) => string | undefined }) {
  const timeline = props.entries.filter((e) => e.kind !== 'note');
  if (timeline.length === 0) return <p>{t(props.chrome.locale, 'console-transcript-empty')}</p>;
  // Times to the second, with the day marked where it changes: an emergency is read second by second.
  const dayOf = (at: Date) => formatDay(props.chrome, at);
  return (
    <ol class="transcript">
      {timeline.map((e, i) => (
        <>
          {i === 0 || dayOf(timeline[i - 1]!.at) !== dayOf(e.at) ? <li class="day">{dayOf(e.at)}</li> : null}
          <TimelineItem chrome={props.chrome} e={e} renderMessage={(m) => <Entry chrome={props.chrome} m={m} caseId={props.caseId} articleTitle={props.articleTitle} clock />} />
        </>
      ))}
    </ol>
  );
}

/** Where a referral went, in words (the case page and a client's history). */
export function referralText(locale: Locale, r: ReferralEntry): string {
  const to =
    r.kind === 'external'
      ? (r.organisation?.[locale] ?? '—')
      : [r.toRole ? t(locale, `console-referral-role-${r.toRole.replace(/_/g, '-')}`) : null, r.toPerson].filter(Boolean).join(', ') || '—';
  return t(locale, r.kind === 'external' ? 'console-referral-external' : 'console-referral-internal', { to });
}

export interface CasePageProps {
  chrome: Chrome;
  kase: CaseSummary;
  /** The timeline; undefined when the role may not read the conversation: then neither messages nor notes are shown. */
  entries?: TimelineEntry[];
  referrals: ReferralEntry[];
  canReply: boolean;
  canNote: boolean;
  replyText?: string;
  noteText?: string;
  replyErrors?: string[];
  noteErrors?: string[];
  notice?: string;
  maxLength: number;
  articleTitle?: (slug: string) => string | undefined;
  /** What the action forms need (and a closed case's record). */
  actions?: CaseActionData;
  canAssign?: boolean;
  canClose?: boolean;
  /** The account's staff-group member (null: not linked, so it cannot hold a case). */
  staffMemberId?: number | null;
  /** An action form that came back with errors. */
  failed?: FailedForm;
  /** The quick-reply script (inserts at the cursor where scripts run). */
  quickScript?: string;
}

function TextForm(props: { chrome: Chrome; id: string; action: string; title: string; field: string; hint: string; submit: string; value?: string; errors?: string[]; maxLength: number; children?: Child }) {
  const { chrome } = props;
  const hasErrors = (props.errors ?? []).length > 0;
  return (
    <section aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      {hasErrors ? (
        <div class="error" role="alert" id={`${props.id}-errors`}>
          <p style="margin:0">{props.errors!.join(' ')}</p>
        </div>
      ) : null}
      <form method="post" action={props.action}>
        <CsrfField token={chrome.csrf} />
        <label for={`${props.id}-text`}>{props.field}</label>
        <textarea
          id={`${props.id}-text`}
          name="text"
          required
          maxlength={props.maxLength}
          aria-describedby={hasErrors ? `${props.id}-hint ${props.id}-errors` : `${props.id}-hint`}
          {...(hasErrors ? { 'aria-invalid': 'true' } : {})}
        >
          {props.value ?? ''}
        </textarea>
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
        <button type="submit">{props.submit}</button>
        {props.children}
      </form>
    </section>
  );
}

export function CasePage(props: CasePageProps) {
  const { chrome, kase } = props;
  const { locale, base } = chrome;
  const path = `${base}/cases/${kase.id}`;
  const notes = (props.entries ?? []).flatMap((e) => (e.kind === 'note' && e.message ? [e.message] : []));
  const { actions, failed } = props;
  const open = kase.status !== 'closed';
  return (
    <Layout
      locale={locale}
      title={t(locale, 'console-case-heading', { case: kase.id, pseudonym: kase.pseudonym })}
      header={<SignedInHeader chrome={chrome} />}
      wide
      css={CASE_ACTIONS_CSS + TIMELINE_CSS}
      scripts={[...(props.entries ? [chrome.liveScript] : []), ...(open && props.canReply && actions && props.quickScript ? [props.quickScript] : [])]}
      mainData={props.entries ? { live: 'case', case: String(kase.id), events: `${base}/events`, part: `${path}?part=transcript`, target: 'transcript' } : {}}
    >
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <p class="meta">
        <Markers chrome={chrome} row={kase} />
      </p>
      <dl class="facts">
        <dt>{t(locale, 'console-case-opened')}</dt>
        <dd>
          <time datetime={kase.openedAt.toISOString()}>{formatTime(chrome, kase.openedAt)}</time>
        </dd>
        <dt>{t(locale, 'console-last-activity')}</dt>
        <dd>
          <time datetime={kase.lastActivityAt.toISOString()}>{formatTime(chrome, kase.lastActivityAt)}</time>
        </dd>
        <dt>{t(locale, 'console-case-assignee')}</dt>
        <dd>{kase.assignee ?? t(locale, 'console-unassigned')}</dd>
        {kase.needs.length > 0 ? (
          <>
            <dt>{t(locale, 'console-case-needs')}</dt>
            <dd>{kase.needs.map((n) => needLabel(chrome, n)).join(', ')}</dd>
          </>
        ) : null}
      </dl>
      {kase.clientBlocked ? <p class="notice">{t(locale, 'console-client-blocked')}</p> : null}
      {open && actions && props.canAssign && actions.followUpsPending > 0 ? <FollowUpsSection chrome={chrome} path={path} pending={actions.followUpsPending} /> : null}
      {open && actions && props.canAssign ? <AssigneeSection chrome={chrome} path={path} data={actions} linked={props.staffMemberId !== null && props.staffMemberId !== undefined} mine={props.staffMemberId != null && actions.claimedBy === props.staffMemberId} failed={failed} /> : null}
      <section aria-labelledby="transcript-title">
        <h2 id="transcript-title">{t(locale, 'console-transcript')}</h2>
        {props.entries ? (
          <>
            <p class="hint" id="live-status" role="status" data-updated={t(locale, 'console-live-updated')}></p>
            <div id="transcript">
              <TranscriptPart chrome={chrome} caseId={kase.id} entries={props.entries} articleTitle={props.articleTitle} />
            </div>
          </>
        ) : (
          <p>{t(locale, 'console-transcript-hidden')}</p>
        )}
      </section>
      {!open ? (
        <>
          {/* A form posted to a case that closed meanwhile: its form is gone, its error is not. */}
          {failed && failed.form !== 'outcome' && failed.form !== 'reopen' ? <Errors locale={locale} messages={failed.errors} /> : null}
          <p class="notice">{t(locale, 'console-case-closed')}</p>
          {actions?.record ? <RecordSection chrome={chrome} record={actions.record} /> : null}
          {actions && props.canClose ? (
            <section aria-labelledby="reopen-title">
              <h2 id="reopen-title">{t(locale, 'console-act-reopen-title')}</h2>
              {failed?.form === 'reopen' ? <Errors locale={locale} messages={failed.errors} /> : null}
              <form method="post" action={`${path}/reopen`}>
                <CsrfField token={chrome.csrf} />
                <p class="hint">{t(locale, 'console-act-reopen-hint')}</p>
                <button type="submit">{t(locale, 'console-act-reopen-submit')}</button>
              </form>
            </section>
          ) : null}
        </>
      ) : props.canReply ? (
        <TextForm
          chrome={chrome}
          id="reply"
          action={`${path}/reply`}
          title={t(locale, 'console-reply-title')}
          field={t(locale, 'console-reply-field')}
          hint={t(locale, 'console-reply-hint')}
          submit={t(locale, 'console-reply-submit')}
          value={props.replyText}
          errors={props.replyErrors}
          maxLength={props.maxLength}
        >
          {actions ? <QuickReplies chrome={chrome} path={path} data={actions} /> : null}
        </TextForm>
      ) : null}
      {open && props.canReply && actions ? <ArticlesSection chrome={chrome} path={path} data={actions} failed={failed} /> : null}
      {props.entries ? (
        <section aria-labelledby="notes-title">
          <h2 id="notes-title">{t(locale, 'console-notes')}</h2>
          {notes.length === 0 ? (
            <p>{t(locale, 'console-notes-empty')}</p>
          ) : (
            <ol class="transcript" id="notes">
              {notes.map((m) => (
                <Entry chrome={chrome} m={m} />
              ))}
            </ol>
          )}
        </section>
      ) : null}
      {props.canNote && props.entries ? (
        <TextForm
          chrome={chrome}
          id="note"
          action={`${path}/notes`}
          title={t(locale, 'console-note-title')}
          field={t(locale, 'console-note-field')}
          hint={t(locale, 'console-note-hint')}
          submit={t(locale, 'console-note-submit')}
          value={props.noteText}
          errors={props.noteErrors}
          maxLength={props.maxLength}
        />
      ) : null}
      <section aria-labelledby="referrals-title">
        <h2 id="referrals-title">{t(locale, 'console-referrals')}</h2>
        {props.referrals.length === 0 ? (
          <p>{t(locale, 'console-referrals-empty')}</p>
        ) : (
          <ul>
            {props.referrals.map((r) => (
              <li data-referral={String(r.id)}>
                {referralText(locale, r)} · {t(locale, `console-referral-outcome-${r.outcome.replace(/_/g, '-')}`)} ·{' '}
                <time datetime={r.createdAt.toISOString()}>{formatTime(chrome, r.createdAt)}</time>
                {r.outcome === 'pending' && actions && props.canAssign ? <OutcomeForm chrome={chrome} path={path} referral={r} failed={failed} /> : null}
              </li>
            ))}
          </ul>
        )}
        {open && actions && props.canAssign ? <ReferForms chrome={chrome} path={path} data={actions} failed={failed} /> : null}
      </section>
      {open && actions && props.canClose ? <CloseForms chrome={chrome} path={path} data={actions} failed={failed} /> : null}
      <p>
        <a href={base || '/'}>{t(locale, 'console-back-to-inbox')}</a>
      </p>
    </Layout>
  );
}
