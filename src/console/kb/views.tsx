import { raw } from 'hono/html';
import type { Locale } from '../../config.ts';
import { TELEGRAM_MESSAGE_LIMIT } from '../../content/articles.ts';
import { OVERDOSE_FLOW_SLUG, PLACEHOLDERS } from '../../content/pack.ts';
import type { ArticleEntry, ArticleRow, FieldProblem, InForce, Revision, RevisionForm, Step, WaitingRevision } from '../../content/revisions.ts';
import { t } from '../../i18n/index.ts';
import { CsrfField } from '../auth/csrf.ts';
import { diffHunks, telegramToPageHtml, type Bubble, type DiffLine } from './preview.ts';
import { KB_KINDS } from '../policy.ts';
import { formatTime, SignedInHeader, type Chrome } from '../cases/views.tsx';
import { Errors, FilterButtons, FilterSelect, Layout } from '../frame/layout.tsx';

/** A Telegram-like chat bubble; columns that stack on a phone; the diff's colours (contrast ≥ 7:1). */
const KB_CSS = `.kb-list{list-style:none;padding:0;margin:0}
.kb-list>li{border:1px solid #dadce0;border-radius:8px;padding:.75rem;margin:.5rem 0}
.langs{display:flex;flex-wrap:wrap;gap:.5rem 1rem}
.langs>div{flex:1 1 14rem;min-width:0}
.langs a{display:inline-block;padding:.25rem 0;overflow-wrap:anywhere}
.badge.ok{background:#e6f4ea;color:#0d3b1e}
.tg{background:#dfe9d2;border-radius:12px;padding:.6rem .8rem;margin:.5rem 0;max-width:28rem;white-space:pre-wrap;overflow-wrap:anywhere;box-shadow:0 1px 1px rgba(0,0,0,.15)}
.tg-wrap{background:#b7c9a4;padding:.5rem;border-radius:8px}
.tg a{color:#0b57d0}
.tg blockquote{border-left:3px solid #0b57d0;margin:.25rem 0;padding-left:.5rem}
.tg pre,.tg code{font-family:ui-monospace,Menlo,Consolas,monospace}
.tg-step{font-size:.85rem;color:#1a1a1a;margin:.75rem 0 0;font-weight:600}
.diff{font:.9rem/1.4 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;overflow-wrap:anywhere;background:#f8f9fa;padding:.5rem;border-radius:6px;margin:0}
.diff .added{background:#e6f4ea;color:#0d3b1e;display:block}
.diff .removed{background:#fdecea;color:#5c1010;display:block;text-decoration:line-through}
.diff .same{display:block;color:#444}
textarea.body{min-height:18rem;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.95rem}
.history{list-style:none;padding:0;margin:0}
.history li{border-left:4px solid #5f6368;padding:.5rem .75rem;margin:.5rem 0;background:#f8f9fa}
.history li.published{border-color:#137333}
.history li.in_review,.history li.verified{border-color:#8a5a00}
.history p{margin:.15rem 0}
.inline{display:inline}
summary{min-height:44px;padding:.5rem 0;cursor:pointer;color:#0b57d0}`;

const kindLabel = (locale: Locale, kind: string) => t(locale, `console-kb-kind-${kind}`);
const langLabel = (locale: Locale, l: string) => t(locale, `console-kb-lang-${l}`);
const statusLabel = (locale: Locale, s: string) => t(locale, `console-kb-status-${s.replace(/_/g, '-')}`);
const inForceLabel = (locale: Locale, s: InForce) => t(locale, `console-kb-inforce-${s}`);
const roleLabel = (locale: Locale, role: string) => t(locale, `console-role-${role.replace(/_/g, '-')}`);

/** A problem with a field, in the reader's words. */
export function problemText(locale: Locale, p: FieldProblem): string {
  return t(locale, `console-kb-problem-${p.code}`, p.args);
}

function KbLayout(props: { chrome: Chrome; title: string; children: unknown }) {
  return (
    <Layout locale={props.chrome.locale} title={props.title} header={<SignedInHeader chrome={props.chrome} />} wide css={KB_CSS}>
      {props.children as never}
    </Layout>
  );
}

function Notice(props: { text?: string }) {
  return props.text ? (
    <p class="notice" role="status">
      {props.text}
    </p>
  ) : null;
}

function InForceBadge(props: { locale: Locale; state: InForce }) {
  return <span class={props.state === 'verified' ? 'badge ok' : 'badge wait'}>{inForceLabel(props.locale, props.state)}</span>;
}

// ---- The list ----------------------------------------------------------------------------------------

export const LIST_FILTERS = ['verified', 'unverified', 'withdrawn', 'in-review', 'to-publish', 'drafts'] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];

export interface KbListProps {
  chrome: Chrome;
  articles: ArticleEntry[];
  /** Revisions this account may verify now, oldest first. */
  toVerify: WaitingRevision[];
  /** Verified revisions this account may publish. */
  toPublish: WaitingRevision[];
  filter: { status?: ListFilter; kind?: string };
  notice?: string;
}

function WaitingList(props: { chrome: Chrome; id: string; title: string; rows: WaitingRevision[] }) {
  const { chrome } = props;
  if (props.rows.length === 0) return null;
  return (
    <section aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      <ul class="cases">
        {props.rows.map((r) => (
          <li data-revision={String(r.id)}>
            <p class="title" style="margin:0">
              <a href={`${chrome.base}/kb/revisions/${r.id}`}>{r.title}</a>
            </p>
            <p class="meta">
              <span class="badge">{langLabel(chrome.locale, r.locale)}</span>
              <span class="badge">{kindLabel(chrome.locale, r.kind)}</span>
              {r.submittedAt && r.status === 'in_review' ? t(chrome.locale, 'console-kb-rev-submitted', { date: formatTime(chrome, r.submittedAt) }) : null}
              {r.verifiedAt && r.status === 'verified' ? t(chrome.locale, 'console-kb-rev-verified-at', { date: formatTime(chrome, r.verifiedAt) }) : null}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function KbListPage(props: KbListProps) {
  const { chrome, filter } = props;
  const { locale, base } = chrome;
  const filtered = Boolean(filter.status || filter.kind);
  return (
    <KbLayout chrome={chrome} title={t(locale, 'console-kb-title')}>
      <Notice text={props.notice} />
      <p class="row">
        <a class="button" href={`${base}/kb/new`}>
          {t(locale, 'console-kb-new-article')}
        </a>
      </p>
      <WaitingList chrome={chrome} id="to-verify" title={t(locale, 'console-kb-waiting-verify')} rows={props.toVerify} />
      <WaitingList chrome={chrome} id="to-publish" title={t(locale, 'console-kb-waiting-publish')} rows={props.toPublish} />
      <form method="get" action={`${base}/kb`} role="search">
        <fieldset>
          <legend>{t(locale, 'console-filters')}</legend>
          <FilterSelect id="kb-filter-status" name="status" label={t(locale, 'console-kb-filter-status')} anyLabel={t(locale, 'console-filter-status-any')} options={LIST_FILTERS.map((s) => [s, t(locale, `console-kb-show-${s}`)])} selected={filter.status} />
          <FilterSelect id="kb-filter-kind" name="kind" label={t(locale, 'console-kb-filter-kind')} anyLabel={t(locale, 'console-filter-status-any')} options={KB_KINDS.map((k) => [k, kindLabel(locale, k)])} selected={filter.kind} />
          <FilterButtons locale={locale} resetHref={`${base}/kb`} filtered={filtered} />
        </fieldset>
      </form>
      <h2 id="articles-title">{t(locale, 'console-kb-articles')}</h2>
      {props.articles.length === 0 ? (
        <p>{t(locale, 'console-kb-empty')}</p>
      ) : (
        <ul class="kb-list" aria-labelledby="articles-title">
          {props.articles.map((a) => (
            <li data-slug={a.slug}>
              <p class="meta" style="margin:0 0 .25rem">
                <code>{a.slug}</code> <span class="badge">{kindLabel(locale, a.kind)}</span>
              </p>
              <div class="langs">
                {(['ru', 'en'] as const).map((l) => {
                  const e = a.locales[l];
                  return (
                    <div lang={l} data-locale={l}>
                      {e ? (
                        <>
                          <a href={`${base}/kb/${a.slug}/${l}`}>
                            <span class="badge">{l.toUpperCase()}</span> {e.title}
                          </a>
                          <p class="meta" lang={locale}>
                            <InForceBadge locale={locale} state={e.inForce} />
                            {e.inReview > 0 ? <span class="badge wait">{t(locale, 'console-kb-badge-in-review', { count: e.inReview })}</span> : null}
                            {e.toPublish > 0 ? <span class="badge wait">{t(locale, 'console-kb-badge-to-publish', { count: e.toPublish })}</span> : null}
                            {e.drafts > 0 ? <span class="badge">{t(locale, 'console-kb-badge-drafts', { count: e.drafts })}</span> : null}
                          </p>
                        </>
                      ) : (
                        <a href={`${base}/kb/new?slug=${a.slug}&locale=${l}&kind=${a.kind}`} lang={locale}>
                          <span class="badge">{l.toUpperCase()}</span> {t(locale, 'console-kb-missing-locale')}
                        </a>
                      )}
                    </div>
                  );
                })}
              </div>
            </li>
          ))}
        </ul>
      )}
    </KbLayout>
  );
}

// ---- What the bot will send ---------------------------------------------------------------------------

export function TelegramPreview(props: { chrome: Chrome; bubbles: Bubble[]; id?: string }) {
  const { locale } = props.chrome;
  const id = props.id ?? 'preview';
  return (
    <section aria-labelledby={`${id}-title`} id={id}>
      <h2 id={`${id}-title`}>{t(locale, 'console-kb-preview-title')}</h2>
      <div class="tg-wrap">
        {props.bubbles.map((b) => (
          <>
            {b.step ? <p class="tg-step">{t(locale, 'console-kb-preview-step', { step: b.step })}</p> : null}
            <div class="tg" data-length={String(b.length)}>
              {raw(telegramToPageHtml(b.html))}
            </div>
          </>
        ))}
      </div>
      <p class="hint">
        {props.bubbles.length === 1
          ? t(locale, 'console-kb-length', { length: props.bubbles[0]!.length, limit: TELEGRAM_MESSAGE_LIMIT })
          : t(locale, 'console-kb-length-steps', { longest: Math.max(0, ...props.bubbles.map((b) => b.length)), limit: TELEGRAM_MESSAGE_LIMIT })}
      </p>
    </section>
  );
}

// ---- An article in one language ---------------------------------------------------------------------

export interface ArticlePageProps {
  chrome: Chrome;
  slug: string;
  locale: Locale;
  kind: string;
  article?: ArticleRow;
  revisions: Revision[];
  preview?: Bubble[];
  canEdit: boolean;
  canWithdraw: boolean;
  otherExists: boolean;
  notice?: string;
  errors?: string[];
}

function RevisionSummary(props: { chrome: Chrome; r: Revision }) {
  const { chrome, r } = props;
  const { locale } = chrome;
  const unknown = t(locale, 'console-kb-author-unknown');
  return (
    <li class={r.status} data-revision={String(r.id)}>
      <p>
        <a href={`${chrome.base}/kb/revisions/${r.id}`}>{t(locale, 'console-kb-rev-heading', { id: r.id })}</a> <span class="badge">{statusLabel(locale, r.status)}</span>
      </p>
      <p class="meta">{t(locale, 'console-kb-rev-author', { name: r.authorName ?? unknown, date: formatTime(chrome, r.createdAt) })}</p>
      {r.submittedAt ? <p class="meta">{t(locale, 'console-kb-rev-submitted', { date: formatTime(chrome, r.submittedAt) })}</p> : null}
      {r.verifiedAt ? (
        <p class="meta">{t(locale, 'console-kb-rev-verified', { name: r.verifiedByName ?? unknown, role: r.verifiedByRole ? roleLabel(locale, r.verifiedByRole) : unknown, date: formatTime(chrome, r.verifiedAt) })}</p>
      ) : null}
      {r.publishedAt ? <p class="meta">{t(locale, 'console-kb-rev-published', { name: r.publisherName ?? unknown, date: formatTime(chrome, r.publishedAt) })}</p> : null}
      {r.reviewComment ? <p class="meta">{t(locale, 'console-kb-rev-comment', { comment: r.reviewComment })}</p> : null}
    </li>
  );
}

export function ArticlePage(props: ArticlePageProps) {
  const { chrome, article, slug } = props;
  const { locale, base } = chrome;
  const path = `${base}/kb/${slug}/${props.locale}`;
  const other = props.locale === 'ru' ? 'en' : 'ru';
  const title = article?.title ?? props.revisions[0]?.title ?? slug;
  const state: InForce = !article ? 'none' : article.status === 'verified' ? 'verified' : article.status === 'withdrawn' ? 'withdrawn' : 'unverified';
  return (
    <KbLayout chrome={chrome} title={title}>
      <Notice text={props.notice} />
      <Errors locale={locale} messages={props.errors ?? []} />
      <dl class="facts">
        <dt>{t(locale, 'console-kb-fact-slug')}</dt>
        <dd>
          <code>{slug}</code>
        </dd>
        <dt>{t(locale, 'console-kb-fact-locale')}</dt>
        <dd>{langLabel(locale, props.locale)}</dd>
        <dt>{t(locale, 'console-kb-fact-kind')}</dt>
        <dd>{kindLabel(locale, props.kind)}</dd>
        <dt>{t(locale, 'console-kb-fact-status')}</dt>
        <dd>
          <InForceBadge locale={locale} state={state} />
        </dd>
        {article ? (
          <>
            <dt>{t(locale, 'console-kb-fact-version')}</dt>
            <dd>{article.version}</dd>
            <dt>{t(locale, 'console-kb-fact-verified-by')}</dt>
            <dd>{article.verifiedByName ? `${article.verifiedByName} (${article.verifiedByRole})` : '—'}</dd>
            <dt>{t(locale, 'console-kb-fact-verified-at')}</dt>
            <dd>{article.verifiedAt ? <time datetime={article.verifiedAt.toISOString()}>{formatTime(chrome, article.verifiedAt)}</time> : '—'}</dd>
            <dt>{t(locale, 'console-kb-fact-origin')}</dt>
            <dd>{t(locale, `console-kb-origin-${article.origin === 'console' ? 'console' : 'pack'}`)}</dd>
          </>
        ) : null}
      </dl>
      <div class="row">
        {props.canEdit ? (
          <a class="button" href={`${path}/edit`}>
            {t(locale, 'console-kb-new-version')}
          </a>
        ) : null}
        <a class="button" href={props.otherExists ? `${base}/kb/${slug}/${other}` : `${base}/kb/new?slug=${slug}&locale=${other}&kind=${props.kind}`}>
          {t(locale, props.otherExists ? 'console-kb-other-locale' : 'console-kb-write-other-locale', { lang: langLabel(locale, other) })}
        </a>
      </div>
      {!article ? <p>{t(locale, 'console-kb-no-text')}</p> : state === 'withdrawn' ? <p class="notice">{t(locale, 'console-kb-withdrawn-note')}</p> : null}
      {props.preview ? <TelegramPreview chrome={chrome} bubbles={props.preview} /> : null}
      {props.canWithdraw && article && state !== 'withdrawn' && slug !== OVERDOSE_FLOW_SLUG ? (
        <form method="post" action={`${base}/kb/${slug}/withdraw`}>
          <CsrfField token={chrome.csrf} />
          <input type="hidden" name="locale" value={props.locale} />
          <p class="hint" id="withdraw-hint">
            {t(locale, 'console-kb-withdraw-hint')}
          </p>
          <button type="submit" aria-describedby="withdraw-hint">
            {t(locale, 'console-kb-withdraw')}
          </button>
        </form>
      ) : null}
      <section aria-labelledby="history-title">
        <h2 id="history-title">{t(locale, 'console-kb-history')}</h2>
        {props.revisions.length === 0 ? (
          <p>{t(locale, 'console-kb-history-empty')}</p>
        ) : (
          <ol class="history">
            {props.revisions.map((r) => (
              <RevisionSummary chrome={chrome} r={r} />
            ))}
          </ol>
        )}
      </section>
      <p>
        <a href={`${base}/kb`}>{t(locale, 'console-kb-back')}</a>
      </p>
    </KbLayout>
  );
}

// ---- One revision ---------------------------------------------------------------------------------

export interface RevisionPageProps {
  chrome: Chrome;
  revision: Revision;
  preview: Bubble[];
  /** The body's changes against the text in force (absent for a new article). */
  diff?: DiffLine[];
  steps: Step[];
  /** Why this specialist may not verify it, when that is worth saying. */
  whyNot?: string;
  notice?: string;
  errors?: string[];
  comment?: string;
}

export function RevisionPage(props: RevisionPageProps) {
  const { chrome, revision: r } = props;
  const { locale, base } = chrome;
  const path = `${base}/kb/revisions/${r.id}`;
  const can = (s: Step) => props.steps.includes(s);
  const commentInvalid = (props.errors ?? []).length > 0 && props.comment !== undefined;
  return (
    <KbLayout chrome={chrome} title={t(locale, 'console-kb-rev-title', { id: r.id, title: r.title })}>
      <Notice text={props.notice} />
      <Errors locale={locale} messages={props.errors ?? []} />
      <p class="meta">
        <span class="badge">{statusLabel(locale, r.status)}</span> <span class="badge">{langLabel(locale, r.locale)}</span> <span class="badge">{kindLabel(locale, r.kind)}</span>{' '}
        <a href={`${base}/kb/${r.slug}/${r.locale}`}>{t(locale, 'console-kb-to-article', { slug: r.slug })}</a>
      </p>
      <ol class="history">
        <RevisionSummary chrome={chrome} r={r} />
      </ol>
      {props.whyNot ? <p class="notice">{props.whyNot}</p> : null}
      <div class="row">
        {can('edit') ? (
          <a class="button" href={`${path}/edit`}>
            {t(locale, 'console-kb-edit-draft')}
          </a>
        ) : null}
        {can('submit') ? (
          <form method="post" action={`${path}/submit`} class="inline">
            <CsrfField token={chrome.csrf} />
            <button type="submit">{t(locale, 'console-kb-submit')}</button>
          </form>
        ) : null}
        {can('publish') ? (
          <form method="post" action={`${path}/publish`} class="inline">
            <CsrfField token={chrome.csrf} />
            <button type="submit" aria-describedby="publish-hint">
              {t(locale, 'console-kb-publish')}
            </button>
            <p class="hint" id="publish-hint">
              {t(locale, 'console-kb-publish-hint')}
            </p>
          </form>
        ) : null}
        {r.status === 'rejected' || r.status === 'superseded' || r.status === 'published' ? (
          <a class="button" href={`${base}/kb/${r.slug}/${r.locale}/edit?from=${r.id}`}>
            {t(locale, 'console-kb-revise')}
          </a>
        ) : null}
      </div>
      <TelegramPreview chrome={chrome} bubbles={props.preview} />
      {props.diff ? (
        <section aria-labelledby="diff-title">
          <h2 id="diff-title">{t(locale, 'console-kb-diff-title')}</h2>
          {props.diff.every((d) => d.kind === 'same') ? (
            <p>{t(locale, 'console-kb-diff-none')}</p>
          ) : (
            <pre class="diff">
              {diffHunks(props.diff).map((d) =>
                d === 'gap' ? (
                  <span class="same">{'  …\n'}</span>
                ) : (
                  <span class={d.kind}>
                    {d.kind === 'added' ? '+ ' : d.kind === 'removed' ? '− ' : '  '}
                    {d.text}
                    {'\n'}
                  </span>
                ),
              )}
            </pre>
          )}
        </section>
      ) : null}
      <section aria-labelledby="source-title">
        <h2 id="source-title">{t(locale, 'console-kb-source-title')}</h2>
        <dl class="facts">
          <dt>{t(locale, 'console-kb-field-needs')}</dt>
          <dd>{r.needs.map((n) => chrome.taxonomy.needs.find((x) => x.code === n)?.label[locale] ?? n).join(', ')}</dd>
          <dt>{t(locale, 'console-kb-field-keywords')}</dt>
          <dd>{r.keywords.join(', ') || '—'}</dd>
        </dl>
        <details>
          <summary>{t(locale, 'console-kb-source-body')}</summary>
          <pre class="diff">{r.body}</pre>
        </details>
      </section>
      {can('verify') ? (
        <form method="post" action={`${path}/verify`}>
          <CsrfField token={chrome.csrf} />
          <input type="hidden" name="hash" value={r.contentHash} />
          <p class="hint" id="verify-hint">
            {t(locale, 'console-kb-verify-hint', { hash: r.contentHash.slice(0, 12) })}
          </p>
          <button type="submit" aria-describedby="verify-hint">
            {t(locale, 'console-kb-verify')}
          </button>
        </form>
      ) : null}
      {can('return') ? (
        <section aria-labelledby="return-title">
          <h2 id="return-title">{t(locale, 'console-kb-return-title')}</h2>
          <form method="post" action={`${path}/return`}>
            <CsrfField token={chrome.csrf} />
            <label for="return-comment">{t(locale, 'console-kb-return-field')}</label>
            <textarea id="return-comment" name="comment" required maxlength={2000} {...(commentInvalid ? { 'aria-invalid': 'true', 'aria-describedby': 'form-errors' } : {})}>
              {props.comment ?? ''}
            </textarea>
            <button type="submit">{t(locale, 'console-kb-return')}</button>
          </form>
        </section>
      ) : null}
      <p>
        <a href={`${base}/kb`}>{t(locale, 'console-kb-back')}</a>
      </p>
    </KbLayout>
  );
}

// ---- The editor -----------------------------------------------------------------------------------

export interface EditorPageProps {
  chrome: Chrome;
  /** A new article (its slug, language and kind are fields), a new version of one, or a draft changed. */
  mode: 'new' | 'version' | 'draft';
  action: string;
  values: RevisionForm & { slug: string; locale: string; kind: string };
  problems?: FieldProblem[];
  /** A refusal or conflict not tied to a field. */
  errors?: string[];
  preview?: Bubble[];
  heading: string;
}

export function EditorPage(props: EditorPageProps) {
  const { chrome, values: v } = props;
  const { locale } = chrome;
  const problems = props.problems ?? [];
  const messages = [...(props.errors ?? []), ...problems.map((p) => problemText(locale, p))];
  const invalid = (field: string) => (problems.some((p) => p.field === field) ? { 'aria-invalid': 'true' } : {});
  const describe = (field: string, hint?: string) => {
    const ids = [hint, problems.some((p) => p.field === field) ? 'form-errors' : undefined].filter(Boolean).join(' ');
    return ids ? { 'aria-describedby': ids } : {};
  };
  const isFlow = v.slug === OVERDOSE_FLOW_SLUG;
  const needs = [...chrome.taxonomy.needs.map((n) => ({ code: n.code, label: n.label[locale] })), ...v.needs.filter((c) => !chrome.taxonomy.needs.some((n) => n.code === c)).map((c) => ({ code: c, label: c }))];
  return (
    <KbLayout chrome={chrome} title={props.heading}>
      <Errors locale={locale} messages={messages} />
      <form method="post" action={props.action}>
        <CsrfField token={chrome.csrf} />
        {props.mode === 'new' ? (
          <>
            <label for="kb-slug">{t(locale, 'console-kb-field-slug')}</label>
            <input id="kb-slug" type="text" name="slug" value={v.slug} required maxlength={60} autocomplete="off" {...invalid('slug')} {...describe('slug', 'kb-slug-hint')} />
            <p class="hint" id="kb-slug-hint">
              {t(locale, 'console-kb-slug-hint')}
            </p>
            <label for="kb-locale">{t(locale, 'console-kb-field-locale')}</label>
            <select id="kb-locale" name="locale" {...invalid('locale')}>
              {(['ru', 'en'] as const).map((l) => (
                <option value={l} selected={v.locale === l}>
                  {langLabel(locale, l)}
                </option>
              ))}
            </select>
            <label for="kb-kind">{t(locale, 'console-kb-field-kind')}</label>
            <select id="kb-kind" name="kind" {...invalid('kind')} {...describe('kind', 'kb-kind-hint')}>
              {KB_KINDS.map((k) => (
                <option value={k} selected={v.kind === k}>
                  {kindLabel(locale, k)}
                </option>
              ))}
            </select>
            <p class="hint" id="kb-kind-hint">
              {t(locale, 'console-kb-kind-hint')}
            </p>
          </>
        ) : (
          <p class="meta">
            <code>{v.slug}</code> <span class="badge">{langLabel(locale, v.locale)}</span> <span class="badge">{kindLabel(locale, v.kind)}</span>
          </p>
        )}
        <label for="kb-title">{t(locale, 'console-kb-field-title')}</label>
        <input id="kb-title" type="text" name="title" value={v.title} required maxlength={200} {...invalid('title')} {...describe('title')} />
        <label for="kb-body">{t(locale, 'console-kb-field-body')}</label>
        <textarea id="kb-body" class="body" name="body" required {...invalid('body')} {...describe('body', 'kb-body-hint')}>
          {v.body}
        </textarea>
        <p class="hint" id="kb-body-hint">
          {t(locale, 'console-kb-body-hint', { placeholders: PLACEHOLDERS.map((p) => `{${p}}`).join(', ') })}
          {isFlow ? ` ${t(locale, 'console-kb-flow-hint')}` : ''}
        </p>
        <fieldset {...describe('needs')}>
          <legend>{t(locale, 'console-kb-field-needs')}</legend>
          {needs.map((n) => (
            <div class="check">
              <input id={`kb-need-${n.code}`} type="checkbox" name="needs" value={n.code} checked={v.needs.includes(n.code)} {...invalid('needs')} />
              <label for={`kb-need-${n.code}`}>{n.label}</label>
            </div>
          ))}
        </fieldset>
        <label for="kb-keywords">{t(locale, 'console-kb-field-keywords')}</label>
        <input id="kb-keywords" type="text" name="keywords" value={v.keywords} {...invalid('keywords')} {...describe('keywords', 'kb-keywords-hint')} />
        <p class="hint" id="kb-keywords-hint">
          {t(locale, 'console-kb-keywords-hint')}
        </p>
        <label for="kb-sources">{t(locale, 'console-kb-field-sources')}</label>
        <textarea id="kb-sources" name="sources" {...invalid('sources')} {...describe('sources', 'kb-sources-hint')}>
          {v.sources}
        </textarea>
        <p class="hint" id="kb-sources-hint">
          {t(locale, 'console-kb-sources-hint')}
        </p>
        <div class="row">
          <button type="submit" name="intent" value="save">
            {t(locale, 'console-kb-save')}
          </button>
          <button type="submit" name="intent" value="preview" class="plain">
            {t(locale, 'console-kb-preview')}
          </button>
        </div>
      </form>
      {props.preview ? <TelegramPreview chrome={chrome} bubbles={props.preview} /> : null}
    </KbLayout>
  );
}
