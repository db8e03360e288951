import type { Locale } from '../../config.ts';
import type { ChannelDelivery, ChannelPost } from '../../channel/posts.ts';
import type { FieldProblem } from '../../content/revisions.ts';
import { PLACEHOLDERS } from '../../content/pack.ts';
import { t } from '../../i18n/index.ts';
import { CsrfField } from '../auth/csrf.ts';
import type { Bubble } from '../kb/preview.ts';
import { formatTime, SignedInHeader, type Chrome } from '../frame/chrome.tsx';
import { problemText, TelegramPreview } from '../kb/views.tsx';
import { Errors, Layout } from '../frame/layout.tsx';

/** The knowledge base's bubble (TelegramPreview) and a post list that wraps at 360 px. */
const CHANNEL_CSS = `.tg{background:#dfe9d2;border-radius:12px;padding:.6rem .8rem;margin:.5rem 0;max-width:28rem;white-space:pre-wrap;overflow-wrap:anywhere;box-shadow:0 1px 1px rgba(0,0,0,.15)}
.tg-wrap{background:#b7c9a4;padding:.5rem;border-radius:8px}
.tg a{color:#0b57d0}
.tg blockquote{border-left:3px solid #0b57d0;margin:.25rem 0;padding-left:.5rem}
textarea.body{min-height:14rem;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.95rem}
.excerpt{margin:.25rem 0 0;overflow-wrap:anywhere}
.badge.ok{background:#e6f4ea;color:#0d3b1e}
.badge.bad{background:#fdecea;color:#5c1010}
input[type=datetime-local],input[type=file]{width:100%;max-width:100%;font:inherit;padding:.5rem;min-height:44px;border:1px solid #5f6368;border-radius:6px;background:#fff}
.inline{display:inline}
.log{list-style:none;padding:0;margin:0}
.log li{border-left:4px solid #137333;padding:.25rem .75rem;margin:.4rem 0;background:#f8f9fa;overflow-wrap:anywhere}
.log li.failed{border-color:#b3261e}`;

const say = (locale: Locale, id: string, args?: Record<string, string | number>) => t(locale, id, args);
const statusBadge = (locale: Locale, status: string) => (
  <span class={status === 'sent' ? 'badge ok' : status === 'failed' ? 'badge bad' : status === 'scheduled' || status === 'sending' ? 'badge wait' : 'badge'}>{say(locale, `console-channel-status-${status}`)}</span>
);
const kindBadge = (locale: Locale, kind: string) => (kind === 'manual' ? null : <span class="badge">{say(locale, `console-channel-kind-${kind.replace(/_/g, '-')}`)}</span>);
const excerpt = (body: string) => {
  const text = body.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
  return text.length > 140 ? `${text.slice(0, 140)}…` : text;
};

/** A form's problems in the reader's words (a caption's length has its own). */
export function channelProblemText(locale: Locale, p: FieldProblem): string {
  return p.code === 'body-too-long' ? say(locale, 'console-channel-too-long', p.args ?? {}) : problemText(locale, p);
}

function ChannelLayout(props: { chrome: Chrome; title: string; children: unknown }) {
  return (
    <Layout locale={props.chrome.locale} title={props.title} header={<SignedInHeader chrome={props.chrome} />} wide css={CHANNEL_CSS}>
      {props.children as never}
    </Layout>
  );
}

export function ChannelOffPage(props: { chrome: Chrome }) {
  const { locale } = props.chrome;
  return (
    <ChannelLayout chrome={props.chrome} title={say(locale, 'console-channel-title')}>
      <p class="notice">{say(locale, 'console-channel-off')}</p>
    </ChannelLayout>
  );
}

export function ChannelListPage(props: { chrome: Chrome; channelTitle: string; posts: ChannelPost[]; mayPost: boolean; notice?: string }) {
  const { chrome } = props;
  const { locale, base } = chrome;
  return (
    <ChannelLayout chrome={chrome} title={say(locale, 'console-channel-title')}>
      <p class="meta">{say(locale, 'console-channel-into', { title: props.channelTitle })}</p>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.mayPost ? (
        <p class="row">
          <a class="button" href={`${base}/channel/new`}>
            {say(locale, 'console-channel-new')}
          </a>
        </p>
      ) : null}
      {props.posts.length === 0 ? <p>{say(locale, 'console-channel-empty')}</p> : null}
      <ul class="cases">
        {props.posts.map((p) => (
          <li data-post={String(p.id)}>
            <p class="title" style="margin:0">
              <a href={`${base}/channel/${p.id}`}>{say(locale, 'console-channel-post-heading', { id: p.id })}</a>
            </p>
            <p class="meta">
              {statusBadge(locale, p.status)}
              {kindBadge(locale, p.kind)}
              {p.medical ? <span class={p.verifiedAt ? 'badge ok' : 'badge wait'}>{say(locale, p.verifiedAt ? 'console-channel-medical-verified' : 'console-channel-medical-unverified')}</span> : null}
              {p.photo || p.photoFileId ? <span class="badge">{say(locale, 'console-channel-photo-badge')}</span> : null}
              {p.status === 'sent' && p.sentAt ? say(locale, 'console-channel-sent-at', { date: formatTime(chrome, p.sentAt) }) : p.status === 'scheduled' && p.scheduledAt ? say(locale, 'console-channel-scheduled-at', { date: formatTime(chrome, p.scheduledAt) }) : null}
            </p>
            <p class="excerpt" lang={p.locale}>{excerpt(p.body)}</p>
          </li>
        ))}
      </ul>
    </ChannelLayout>
  );
}

export interface PostFormValues {
  body: string;
  locale: string;
  medical: boolean;
}

/** The editor: the knowledge base's text field and preview, a photo, the language and the medical mark. */
export function PostEditor(props: { chrome: Chrome; action: string; values: PostFormValues; sent: boolean; hasPhoto: boolean; problems?: FieldProblem[]; errors?: string[]; preview?: Bubble[]; heading: string; withPage?: boolean }) {
  const { chrome, values: v } = props;
  const { locale } = chrome;
  const problems = props.problems ?? [];
  const messages = [...(props.errors ?? []), ...problems.map((p) => channelProblemText(locale, p))];
  const invalid = problems.length > 0 ? { 'aria-invalid': 'true', 'aria-describedby': 'form-errors post-body-hint' } : { 'aria-describedby': 'post-body-hint' };
  const form = (
    <section {...(props.withPage === false ? { 'aria-labelledby': 'editor-title' } : {})}>
      {props.withPage === false ? <h2 id="editor-title">{props.heading}</h2> : null}
      <Errors locale={locale} messages={messages} />
      <form method="post" action={props.action} enctype="multipart/form-data">
        <CsrfField token={chrome.csrf} />
        <label for="post-body">{say(locale, 'console-channel-field-body')}</label>
        <textarea id="post-body" class="body" name="body" required {...invalid}>
          {v.body}
        </textarea>
        <p class="hint" id="post-body-hint">
          {say(locale, 'console-channel-body-hint', { placeholders: PLACEHOLDERS.map((p) => `{${p}}`).join(', ') })}
        </p>
        {props.sent ? (
          <input type="hidden" name="locale" value={v.locale} />
        ) : (
          <>
            <label for="post-locale">{say(locale, 'console-channel-field-locale')}</label>
            <select id="post-locale" name="locale">
              {(['ru', 'en'] as const).map((l) => (
                <option value={l} selected={v.locale === l}>
                  {say(locale, `console-kb-lang-${l}`)}
                </option>
              ))}
            </select>
            <label for="post-photo">{say(locale, 'console-channel-field-photo')}</label>
            <input id="post-photo" type="file" name="photo" accept="image/jpeg,image/png" aria-describedby="post-photo-hint" />
            <p class="hint" id="post-photo-hint">
              {say(locale, 'console-channel-photo-hint')}
            </p>
            {props.hasPhoto ? (
              <div class="check">
                <input id="post-remove-photo" type="checkbox" name="removePhoto" value="1" />
                <label for="post-remove-photo">{say(locale, 'console-channel-remove-photo')}</label>
              </div>
            ) : null}
          </>
        )}
        {props.sent ? (
          v.medical ? <input type="hidden" name="medical" value="1" /> : null
        ) : (
          <div class="check">
            <input id="post-medical" type="checkbox" name="medical" value="1" checked={v.medical} aria-describedby="post-medical-hint" />
            <label for="post-medical">{say(locale, 'console-channel-field-medical')}</label>
          </div>
        )}
        {props.sent ? null : (
          <p class="hint" id="post-medical-hint">
            {say(locale, 'console-channel-medical-hint')}
          </p>
        )}
        <div class="row">
          <button type="submit" name="intent" value="save">
            {say(locale, props.sent ? 'console-channel-save-sent' : 'console-channel-save')}
          </button>
          <button type="submit" name="intent" value="preview" class="plain">
            {say(locale, 'console-kb-preview')}
          </button>
        </div>
      </form>
      {props.preview ? <TelegramPreview chrome={chrome} bubbles={props.preview} /> : null}
    </section>
  );
  if (props.withPage === false) return form;
  return (
    <ChannelLayout chrome={chrome} title={props.heading}>
      <p>
        <a href={`${chrome.base}/channel`}>{say(locale, 'console-channel-back')}</a>
      </p>
      {form}
    </ChannelLayout>
  );
}

export interface PostPageProps {
  chrome: Chrome;
  post: ChannelPost;
  deliveries: ChannelDelivery[];
  preview: Bubble[];
  mayPost: boolean;
  mayVerify: boolean;
  /** The schedule field's value: a local "YYYY-MM-DDTHH:MM". */
  scheduleValue: string;
  editor?: { values: PostFormValues; problems?: FieldProblem[]; errors?: string[]; preview?: Bubble[] };
  errors?: string[];
  notice?: string;
}

export function PostPage(props: PostPageProps) {
  const { chrome, post: p } = props;
  const { locale, base } = chrome;
  const path = `${base}/channel/${p.id}`;
  const editable = ['draft', 'scheduled', 'failed'].includes(p.status);
  const heading = say(locale, 'console-channel-post-heading', { id: p.id });
  const button = (action: string, label: string, hint?: string) => (
    <form method="post" action={`${path}/${action}`} class="inline">
      <CsrfField token={chrome.csrf} />
      <button type="submit" {...(hint ? { 'aria-describedby': hint } : {})}>
        {say(locale, label)}
      </button>
    </form>
  );
  return (
    <ChannelLayout chrome={chrome} title={heading}>
      <p>
        <a href={`${base}/channel`}>{say(locale, 'console-channel-back')}</a>
      </p>
      <p class="meta">
        {statusBadge(locale, p.status)}
        {kindBadge(locale, p.kind)}
        {p.medical ? <span class={p.verifiedAt ? 'badge ok' : 'badge wait'}>{say(locale, p.verifiedAt ? 'console-channel-medical-verified' : 'console-channel-medical-unverified')}</span> : null}
      </p>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <Errors locale={locale} messages={props.errors ?? []} />
      <dl class="facts">
        {p.scheduledAt && p.status !== 'sent' ? (
          <>
            <dt>{say(locale, 'console-channel-fact-scheduled')}</dt>
            <dd>{formatTime(chrome, p.scheduledAt)}</dd>
          </>
        ) : null}
        {p.sentAt && p.status !== 'sending' ? (
          <>
            <dt>{say(locale, 'console-channel-fact-sent')}</dt>
            <dd>{formatTime(chrome, p.sentAt)}</dd>
          </>
        ) : null}
        {p.editedAt ? (
          <>
            <dt>{say(locale, 'console-channel-fact-edited')}</dt>
            <dd>{formatTime(chrome, p.editedAt)}</dd>
          </>
        ) : null}
        {p.verifiedAt ? (
          <>
            <dt>{say(locale, 'console-channel-fact-verified')}</dt>
            <dd>{say(locale, 'console-channel-verified-by', { name: p.verifiedBy ?? '—', date: formatTime(chrome, p.verifiedAt) })}</dd>
          </>
        ) : null}
        {p.photo || p.photoFileId ? (
          <>
            <dt>{say(locale, 'console-channel-field-photo')}</dt>
            <dd>{say(locale, 'console-channel-photo-badge')}</dd>
          </>
        ) : null}
      </dl>
      <TelegramPreview chrome={chrome} bubbles={props.preview} />
      {props.mayVerify ? (
        <section aria-labelledby="verify-title">
          <h2 id="verify-title">{say(locale, 'console-channel-verify-title')}</h2>
          <p class="hint" id="verify-hint">
            {say(locale, 'console-channel-verify-hint')}
          </p>
          {button('verify', 'console-channel-verify', 'verify-hint')}
        </section>
      ) : null}
      {props.mayPost && editable ? (
        <section aria-labelledby="send-title">
          <h2 id="send-title">{say(locale, 'console-channel-send-title')}</h2>
          {p.medical && !p.verifiedAt ? <p class="notice">{say(locale, 'console-channel-needs-verifying')}</p> : null}
          <form method="post" action={`${path}/schedule`}>
            <CsrfField token={chrome.csrf} />
            <label for="post-at">{say(locale, 'console-channel-field-at', { zone: chrome.timeZone })}</label>
            <input id="post-at" type="datetime-local" name="at" value={props.scheduleValue} required />
            <div class="row">
              <button type="submit">{say(locale, 'console-channel-schedule')}</button>
            </div>
          </form>
          <div class="row">
            {button('send', 'console-channel-send-now')}
            {p.status === 'scheduled' ? button('unschedule', 'console-channel-unschedule') : null}
          </div>
        </section>
      ) : null}
      {props.mayPost && (editable || (p.status === 'sent' && !p.medical)) ? (
        <PostEditor
          chrome={chrome}
          action={`${path}/edit`}
          values={props.editor?.values ?? { body: p.body, locale: p.locale, medical: p.medical }}
          problems={props.editor?.problems}
          errors={props.editor?.errors}
          preview={props.editor?.preview}
          sent={p.status === 'sent'}
          hasPhoto={p.photo !== null || p.photoFileId !== null}
          heading={say(locale, p.status === 'sent' ? 'console-channel-edit-sent' : 'console-channel-edit')}
          withPage={false}
        />
      ) : null}
      {props.mayPost && p.status === 'sent' && p.medical ? <p class="hint">{say(locale, 'console-channel-medical-sent-hint')}</p> : null}
      {props.mayPost && (editable || p.status === 'sent') ? (
        <section aria-labelledby="delete-title">
          <h2 id="delete-title">{say(locale, 'console-channel-delete-title')}</h2>
          <p class="hint" id="delete-hint">
            {say(locale, p.status === 'sent' ? 'console-channel-delete-sent-hint' : 'console-channel-delete-hint')}
          </p>
          {button('delete', 'console-channel-delete', 'delete-hint')}
        </section>
      ) : null}
      <section aria-labelledby="log-title">
        <h2 id="log-title">{say(locale, 'console-channel-log-title')}</h2>
        {props.deliveries.length === 0 ? <p>{say(locale, 'console-channel-log-empty')}</p> : null}
        <ul class="log">
          {props.deliveries.map((d) => (
            <li class={d.outcome}>
              {formatTime(chrome, d.at)} · {say(locale, `console-channel-action-${d.action}`)} · {say(locale, `console-channel-outcome-${d.outcome}`)}
              {d.error ? <span class="meta"> — {d.error}</span> : null}
            </li>
          ))}
        </ul>
      </section>
    </ChannelLayout>
  );
}
