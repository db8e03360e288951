import type { Locale } from '../../config.ts';
import { t } from '../../i18n/index.ts';
import { geoOf } from '../../domain/message-kind.ts';
import { CsrfField } from '../auth/csrf.ts';
import { type CaseSummary, type EarlierCase, type InboxRow, type ReferralEntry, type TimelineEntry, type TranscriptEntry } from './data.ts';
import { TIMELINE_CSS, TimelineItem } from './timeline-view.tsx';
import { can } from '../policy.ts';
import type { Child } from 'hono/jsx';
import type { CaseActionData } from './actions.ts';
import { ArticlesSection, AssigneeSection, CASE_ACTIONS_CSS, CloseForms, FollowUpsSection, OutcomeForm, QuickReplies, RecordSection, ReferForms, type FailedForm } from './action-views.tsx';
import { Errors, Layout, type Flash } from '../frame/layout.tsx';
import { formatClock, formatDay, formatDuration, formatTime, SignedInHeader, type Chrome } from '../frame/chrome.tsx';
import { shown } from '../../privacy/unreadable.ts';

export const statusLabel = (locale: Locale, status: string) => t(locale, `console-status-${status}`);
const needLabel = (chrome: Chrome, code: string) => chrome.taxonomy.needs.find((n) => n.code === code)?.label[chrome.locale] ?? code;

export function Markers(props: { chrome: Chrome; row: Pick<InboxRow, 'emergency' | 'afterHours' | 'web' | 'waitingSeconds' | 'status'> }) {
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
      {row.web ? (
        <span class="badge" title={t(locale, 'console-marker-web-title')}>
          <span aria-hidden="true">🌐 </span>
          {t(locale, 'console-marker-web')}
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

export function kindLabel(locale: Locale, kind: string): string {
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

/** A staff message's author: their name and their console role (a member without an account is "staff"). */
function staffAs(locale: Locale, m: TranscriptEntry): string {
  const role = m.authorRole ? t(locale, `console-role-${m.authorRole.replace(/_/g, '-')}`) : t(locale, 'console-staff-member');
  return t(locale, 'console-staff-as', { name: m.author ?? t(locale, 'console-author-unknown'), role });
}

/** Where a long message folds: its first part stays, the rest opens on a tap (no script needed). */
export const FOLD_AFTER = 600;
const FOLD_KEEP = 300;

function Body(props: { locale: Locale; text: string }) {
  const { text } = props;
  if (text.length <= FOLD_AFTER) return <p class="body">{text}</p>;
  const space = text.lastIndexOf(' ', FOLD_KEEP);
  const cut = space > FOLD_KEEP * 0.7 ? space : FOLD_KEEP;
  return (
    <>
      <p class="body">{text.slice(0, cut)}…</p>
      <details class="more">
        <summary>{t(props.locale, 'console-msg-more', { n: text.length })}</summary>
        <p class="body">{text.slice(cut).trimStart()}</p>
      </details>
    </>
  );
}

/** What the nearest stop of today is from a point (the case page's settings in force), if any is left today. */
export type NearestStop = (latitude: number, longitude: number) => { distanceMetres: number; unit: string; place: string; from: string; to: string } | undefined;

const distanceText = (locale: Locale, metres: number) =>
  metres < 1000 ? t(locale, 'console-distance-m', { m: Math.round(metres / 10) * 10 }) : t(locale, 'console-distance-km', { km: (Math.round(metres / 100) / 10).toLocaleString(locale === 'en' ? 'en-GB' : 'ru-RU') });

/** A shared location: the point, a map link (a plain link: no map script or tiles on the page), the nearest stop today. */
function Location(props: { chrome: Chrome; point: NonNullable<ReturnType<typeof geoOf>>; nearest?: NearestStop }) {
  const { locale } = props.chrome;
  const { latitude, longitude, label } = props.point;
  const nearest = props.nearest?.(latitude, longitude);
  const map = `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=17/${latitude}/${longitude}`;
  return (
    <div class="geo">
      <p class="body">
        <span aria-hidden="true">📍 </span>
        {label ? `${label} · ` : ''}
        {latitude.toFixed(5)}, {longitude.toFixed(5)} ·{' '}
        <a href={map} rel="noopener noreferrer" target="_blank">
          {t(locale, 'console-location-map')}
        </a>
      </p>
      {props.nearest ? (
        <p class="hint">
          {nearest
            ? t(locale, 'console-location-nearest', { distance: distanceText(locale, nearest.distanceMetres), unit: nearest.unit, place: nearest.place, from: nearest.from, to: nearest.to })
            : t(locale, 'console-location-none')}
        </p>
      ) : null}
    </div>
  );
}

function Entry(props: { chrome: Chrome; m: TranscriptEntry; caseId?: number; articleTitle?: (slug: string) => string | undefined; clock?: boolean; nearest?: NearestStop }) {
  const { chrome, m } = props;
  const { locale } = chrome;
  const who =
    m.direction === 'client'
      ? t(locale, 'console-direction-client')
      : m.direction === 'note'
        ? t(locale, 'console-direction-note', { name: m.author ?? t(locale, 'console-author-unknown') })
        : staffAs(locale, m);
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
      ) : m.body !== undefined && (m.kind === 'location' || m.kind === 'venue') && geoOf(m.body) ? (
        <Location chrome={chrome} point={geoOf(m.body)!} nearest={props.nearest} />
      ) : m.body !== undefined ? (
        <Body locale={locale} text={shown(locale, m.body)} />
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
export function TranscriptPart(props: { chrome: Chrome; caseId: number; entries: TimelineEntry[]; articleTitle?: (slug: string) => string | undefined; nearest?: NearestStop }) {
  const timeline = props.entries.filter((e) => e.kind !== 'note');
  if (timeline.length === 0) return <p id="now">{t(props.chrome.locale, 'console-transcript-empty')}</p>;
  // Times to the second, with the day marked where it changes: an emergency is read second by second.
  const dayOf = (at: Date) => formatDay(props.chrome, at);
  return (
    <ol class="transcript">
      {timeline.map((e, i) => (
        <>
          {i === 0 || dayOf(timeline[i - 1]!.at) !== dayOf(e.at) ? <li class="day">{dayOf(e.at)}</li> : null}
          <TimelineItem chrome={props.chrome} e={e} renderMessage={(m) => <Entry chrome={props.chrome} m={m} caseId={props.caseId} articleTitle={props.articleTitle} nearest={props.nearest} clock />} />
        </>
      ))}
      {/* Where a link to the case lands (#now): the newest message, with the ones before it above. */}
      <li id="now" class="now" aria-hidden="true"></li>
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
  /** The frame's script (the newest message in view, focus on the flash). */
  frameScript?: string;
  /** The nearest stop today from a shared location. */
  nearest?: NearestStop;
  /** The client's other cases; undefined when the role may not see clients. */
  earlier?: EarlierCase[];
  historyHref?: string;
}

/**
 * The case as a conversation: the timeline with the newest message at the bottom and in view on
 * arrival, the composer under it (sticky where scripts run), and beside it — below it on a phone —
 * the facts, who has it, earlier cases, referrals, articles, notes and closing. Every action's
 * result shows in the flash at the top of the viewport; a form that comes back with errors is
 * where the page lands (its action ends with the form's #id).
 */
export const CASE_PAGE_CSS = `
main.case{max-width:80rem}
.case-grid{display:grid;grid-template-columns:minmax(0,1fr);gap:0 1.5rem;align-items:start}
@media (min-width:64rem){.case-grid{grid-template-columns:minmax(0,1fr) 24rem}
  html.js #conversation{position:sticky;top:0;height:100vh;display:flex;flex-direction:column}
  html.js #composer .hint{display:none}
  html.js #transcript{flex:1;overflow-y:auto;overscroll-behavior:contain;padding-right:.25rem}
  aside.side{border-left:1px solid #e3e3e3;padding-left:1.25rem}}
#conversation h2.sr,aside.side h2.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.now{height:0;margin:0;list-style:none;scroll-margin-top:55vh}
#composer{background:#fff;border-top:1px solid #dadce0;padding:.5rem 0}
html.js #composer{position:sticky;bottom:0;z-index:5;box-shadow:0 -4px 8px -6px rgba(0,0,0,.25)}
#composer textarea{min-height:3.25rem;max-height:40vh}
#composer .send{display:flex;gap:.5rem;align-items:flex-end}
#composer .send textarea{flex:1}
#composer .send button{margin:0;flex:none}
#composer h2{font-size:1rem;margin:.25rem 0}
#composer label{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
#composer details{margin:.5rem 0 0}
aside.side h2{font-size:1.05rem;margin:1.25rem 0 .4rem}
aside.side section:first-child h2{margin-top:.5rem}
aside.side ul.earlier{list-style:none;padding:0;margin:0}
aside.side ul.earlier li{padding:.2rem 0}
.msg details.more{border:0;margin:.25rem 0 0;padding:0}
.msg details.more summary{min-height:32px;font-weight:600;color:#0b57d0}
.geo .hint{margin:.1rem 0 0}
.unanswered{border-left:4px solid #b3261e;background:#fdecea;padding:.5rem .75rem;margin:.5rem 0}
.unanswered blockquote{margin:.25rem 0;padding:.25rem .5rem;background:#fff;border-radius:4px;white-space:pre-wrap}
`;

function Composer(props: CasePageProps & { path: string }) {
  const { chrome, path, actions } = props;
  const { locale } = chrome;
  const errors = props.replyErrors ?? [];
  const bad = errors.length > 0;
  return (
    <section id="composer" aria-labelledby="reply-title">
      <h2 id="reply-title">{t(locale, 'console-reply-title')}</h2>
      {bad ? (
        <div class="error" role="alert" id="reply-errors">
          <p style="margin:0">{errors.join(' ')}</p>
        </div>
      ) : null}
      <form method="post" action={`${path}/reply#composer`} id="reply">
        <CsrfField token={chrome.csrf} />
        <label for="reply-text">{t(locale, 'console-reply-field')}</label>
        <div class="send">
          <textarea
            id="reply-text"
            name="text"
            required
            maxlength={props.maxLength}
            placeholder={t(locale, 'console-reply-field')}
            aria-describedby={bad ? 'reply-hint reply-errors' : 'reply-hint'}
            autofocus={bad || props.replyText !== undefined}
            {...(bad ? { 'aria-invalid': 'true' } : {})}
          >
            {props.replyText ?? ''}
          </textarea>
          <button type="submit">{t(locale, 'console-reply-submit')}</button>
        </div>
        <p class="hint" id="reply-hint">
          {t(locale, 'console-reply-hint')}
        </p>
        {actions && actions.quickReplies.length > 0 ? (
          <details id="quick">
            <summary>{t(locale, 'console-act-quick-title')}</summary>
            <QuickReplies chrome={chrome} path={path} data={actions} />
          </details>
        ) : null}
      </form>
    </section>
  );
}

/** The flash for this page: the finished action, or the first form that came back with errors (and a link to it). */
function caseFlash(props: CasePageProps): Flash | undefined {
  const { locale } = props.chrome;
  if (props.notice) return { tone: 'ok', text: props.notice };
  const formHref: Record<string, string> = { close: '#close', drop: '#drop', refer: '#refer', external: '#external', article: '#articles', claim: '#assignee', assign: '#assignee', outcome: '#referrals', reopen: '#reopen', 'follow-ups': '#follow-ups' };
  if (props.replyErrors?.length) return { tone: 'error', text: props.replyErrors.join(' '), href: '#composer', hrefText: t(locale, 'console-flash-error-here') };
  if (props.noteErrors?.length) return { tone: 'error', text: props.noteErrors.join(' '), href: '#note', hrefText: t(locale, 'console-flash-error-here') };
  if (props.failed) return { tone: 'error', text: props.failed.errors.join(' '), href: formHref[props.failed.form] ?? '#main', hrefText: t(locale, 'console-flash-error-here') };
  return undefined;
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
      mainClass="case"
      flash={caseFlash(props)}
      css={CASE_ACTIONS_CSS + TIMELINE_CSS + CASE_PAGE_CSS}
      scripts={[...(props.entries ? [chrome.liveScript] : []), ...(props.frameScript ? [props.frameScript] : []), ...(open && props.canReply && actions && props.quickScript ? [props.quickScript] : [])]}
      mainData={props.entries ? { live: 'case', case: String(kase.id), events: `${base}/events`, part: `${path}?part=transcript`, target: 'transcript' } : {}}
    >
      <p class="meta">
        <Markers chrome={chrome} row={kase} />
      </p>
      <div class="case-grid">
        <section id="conversation" aria-labelledby="transcript-title">
          <h2 id="transcript-title" class="sr">
            {t(locale, 'console-transcript')}
          </h2>
          {props.entries ? (
            <>
              <p class="hint" id="live-status" role="status" data-updated={t(locale, 'console-live-updated')}></p>
              <div id="transcript">
                <TranscriptPart chrome={chrome} caseId={kase.id} entries={props.entries} articleTitle={props.articleTitle} nearest={props.nearest} />
              </div>
            </>
          ) : (
            <p id="now">{t(locale, 'console-transcript-hidden')}</p>
          )}
          {kase.clientBlocked ? <p class="notice">{t(locale, 'console-client-blocked')}</p> : null}
          {!open ? (
            <>
              {/* A form posted to a case that closed meanwhile: its form is gone, its error is not. */}
              {failed && failed.form !== 'outcome' && failed.form !== 'reopen' ? <Errors locale={locale} messages={failed.errors} /> : null}
              <p class="notice">{t(locale, 'console-case-closed')}</p>
              {kase.textErasedAt ? (
                <p class="notice" id="erased">
                  {t(locale, kase.textErasedBy === 'forget' ? 'console-case-erased-forget' : 'console-case-erased-retention', { date: formatDay(chrome, kase.textErasedAt) })}
                </p>
              ) : null}
              {actions?.record ? <RecordSection chrome={chrome} record={actions.record} /> : null}
              {/* Nothing to go back to once the text is erased: for a forgotten client, no one to write to. */}
              {actions && props.canClose && !kase.textErasedAt ? (
                <section aria-labelledby="reopen-title" id="reopen">
                  <h2 id="reopen-title">{t(locale, 'console-act-reopen-title')}</h2>
                  {failed?.form === 'reopen' ? <Errors locale={locale} messages={failed.errors} /> : null}
                  <form method="post" action={`${path}/reopen#reopen`}>
                    <CsrfField token={chrome.csrf} />
                    <p class="hint">{t(locale, 'console-act-reopen-hint')}</p>
                    <button type="submit">{t(locale, 'console-act-reopen-submit')}</button>
                  </form>
                </section>
              ) : null}
            </>
          ) : props.canReply ? (
            <Composer {...props} path={path} />
          ) : null}
        </section>
        <aside class="side" aria-labelledby="side-title">
          <h2 id="side-title" class="sr">
            {t(locale, 'console-case-side')}
          </h2>
          <section aria-label={t(locale, 'console-case-side')}>
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
              <dd>{kase.assignee !== null ? shown(locale, kase.assignee) : t(locale, 'console-unassigned')}</dd>
              {kase.needs.length > 0 ? (
                <>
                  <dt>{t(locale, 'console-case-needs')}</dt>
                  <dd>{kase.needs.map((n) => needLabel(chrome, n)).join(', ')}</dd>
                </>
              ) : null}
            </dl>
          </section>
          {open && actions && props.canAssign && actions.followUpsPending > 0 ? <FollowUpsSection chrome={chrome} path={path} pending={actions.followUpsPending} /> : null}
          {open && actions && props.canAssign ? <AssigneeSection chrome={chrome} path={path} data={actions} mine={props.staffMemberId != null && actions.claimedBy === props.staffMemberId} failed={failed} /> : null}
          {props.earlier ? (
            <section aria-labelledby="earlier-title" id="earlier">
              <h2 id="earlier-title">{t(locale, 'console-case-earlier')}</h2>
              {props.earlier.length === 0 ? (
                <p class="hint">{t(locale, 'console-case-earlier-none')}</p>
              ) : (
                <ul class="earlier">
                  {props.earlier.map((e) => (
                    <li>
                      <a href={`${base}/cases/${e.id}#now`}>
                        {e.emergency ? '🚨 ' : ''}
                        {t(locale, 'console-case-earlier-item', { case: e.id, opened: formatTime(chrome, e.openedAt), status: statusLabel(locale, e.status) })}
                      </a>
                    </li>
                  ))}
                </ul>
              )}
              {props.historyHref ? (
                <p>
                  <a href={props.historyHref}>{t(locale, 'console-case-history')}</a>
                </p>
              ) : null}
            </section>
          ) : null}
          <section aria-labelledby="referrals-title" id="referrals">
            <h2 id="referrals-title">{t(locale, 'console-referrals')}</h2>
            {props.referrals.length === 0 ? (
              <p class="hint">{t(locale, 'console-referrals-empty')}</p>
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
          {open && props.canReply && actions ? <ArticlesSection chrome={chrome} path={path} data={actions} failed={failed} /> : null}
          {props.entries ? (
            <section aria-labelledby="notes-title">
              <h2 id="notes-title">{t(locale, 'console-notes')}</h2>
              {notes.length === 0 ? (
                <p class="hint">{t(locale, 'console-notes-empty')}</p>
              ) : (
                <ol class="transcript" id="notes">
                  {notes.map((m) => (
                    <Entry chrome={chrome} m={m} />
                  ))}
                </ol>
              )}
              {props.canNote ? <NoteForm {...props} path={path} /> : null}
            </section>
          ) : null}
          {open && actions && props.canClose ? <CloseForms chrome={chrome} path={path} data={actions} failed={failed} answered={kase.answered} /> : null}
          <p>
            <a href={base || '/'}>{t(locale, 'console-back-to-inbox')}</a>
          </p>
        </aside>
      </div>
    </Layout>
  );
}

function NoteForm(props: CasePageProps & { path: string }) {
  const { chrome } = props;
  const { locale } = chrome;
  const errors = props.noteErrors ?? [];
  const bad = errors.length > 0;
  return (
    <form method="post" action={`${props.path}/notes#note`} id="note">
      <CsrfField token={chrome.csrf} />
      {bad ? (
        <div class="error" role="alert" id="note-errors">
          <p style="margin:0">{errors.join(' ')}</p>
        </div>
      ) : null}
      <label for="note-text">{t(locale, 'console-note-field')}</label>
      <textarea id="note-text" name="text" required maxlength={props.maxLength} aria-describedby={bad ? 'note-hint note-errors' : 'note-hint'} {...(bad ? { 'aria-invalid': 'true' } : {})}>
        {props.noteText ?? ''}
      </textarea>
      <p class="hint" id="note-hint">
        {t(locale, 'console-note-hint')}
      </p>
      <button type="submit">{t(locale, 'console-note-submit')}</button>
    </form>
  );
}
