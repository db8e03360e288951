import { raw } from 'hono/html';
import type { Locale } from '../../config.ts';
import { TELEGRAM_MESSAGE_LIMIT } from '../../content/articles.ts';
import { OVERDOSE_FLOW_SLUG, PLACEHOLDERS } from '../../content/pack.ts';
import type { ArticleEntry, ArticleRow, FieldProblem, InForce, Revision, RevisionForm, Step, WaitingRevision } from '../../content/revisions.ts';
import { t } from '../../i18n/index.ts';
import { CsrfField } from '../auth/csrf.ts';
import { diffHunks, telegramToPageHtml, type Bubble, type DiffLine } from './preview.ts';
import { KB_KINDS } from '../policy.ts';
import { formatTime, SignedInHeader, type Chrome } from '../frame/chrome.tsx';
import { Errors, FilterButtons, FilterSelect, Layout, type Flash } from '../frame/layout.tsx';

/**
 * A Telegram-like chat bubble; columns that stack on a phone; the diff's colours (contrast ≥ 7:1).
 * No child combinator: the page frame escapes a ">" in page styles.
 */
const KB_CSS = `.kb-list{list-style:none;padding:0;margin:0}
.kb-list li{border:1px solid #dadce0;border-radius:8px;padding:.75rem;margin:.5rem 0}
.kb-list h3{font-size:1.05rem;margin:0;overflow-wrap:anywhere}
.kb-list h3 a{display:inline-block;padding:.25rem 0}
.langs{display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin-top:.25rem}
.langs .lang{flex:1 1 14rem;min-width:0}
.langs a{display:inline-block;padding:.35rem 0;overflow-wrap:anywhere}
.slug{font-size:.8rem;color:#444}
.slug code{font-size:.8rem}
.badge.ok{background:#e6f4ea;color:#0d3b1e}
.tg{background:#dfe9d2;border-radius:12px;padding:.6rem .8rem;margin:.5rem 0;max-width:28rem;white-space:pre-wrap;overflow-wrap:anywhere;box-shadow:0 1px 1px rgba(0,0,0,.15)}
.tg-wrap{background:#b7c9a4;padding:.5rem;border-radius:8px}
.tg a{color:#0b57d0}
.tg blockquote{border-left:3px solid #0b57d0;margin:.25rem 0;padding-left:.5rem}
.tg pre,.tg code{font-family:ui-monospace,Menlo,Consolas,monospace}
.tg-step{font-size:.85rem;color:#1a1a1a;margin:.75rem 0 0;font-weight:600}
.tg-empty{color:#1a1a1a;margin:0;padding:.5rem}
.diff{font:.9rem/1.4 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;overflow-wrap:anywhere;background:#f8f9fa;padding:.5rem;border-radius:6px;margin:0}
.diff .added{background:#e6f4ea;color:#0d3b1e;display:block}
.diff .removed{background:#fdecea;color:#5c1010;display:block;text-decoration:line-through}
.diff .same{display:block;color:#444}
textarea.body{min-height:18rem;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:1rem;line-height:1.45}
.history{list-style:none;padding:0;margin:0}
.history li{border-left:4px solid #5f6368;padding:.5rem .75rem;margin:.5rem 0;background:#f8f9fa}
.history li.published{border-color:#137333}
.history li.in_review,.history li.verified{border-color:#8a5a00}
.history li.draft{border-color:#0b57d0}
.history p{margin:.15rem 0}
.inline{display:inline}
summary{min-height:44px;padding:.5rem 0;cursor:pointer;color:#0b57d0}
.field-error{color:#5c1010;font-size:.9rem;font-weight:600;margin:.25rem 0 0}
.field-error::before{content:"⚠ "}
.saved{font-size:.9rem;color:#0d3b1e;margin:.25rem 0 .5rem;min-height:1.35em}
.saved.bad{color:#5c1010;font-weight:600}
.saved.hint{color:#444}
.cheats{font-size:.9rem;color:#1a1a1a;margin:.25rem 0 .5rem;padding:0;list-style:none;display:flex;flex-wrap:wrap;gap:.15rem .9rem}
.cheats code{background:#f1f3f4;padding:0 .25rem;border-radius:4px}
.preview-problems{border-left:4px solid #b3261e;background:#fdecea;color:#5c1010;padding:.5rem .75rem .5rem 1.75rem;margin:.5rem 0;font-size:.9rem}
.choices{border:0;padding:0;margin:.5rem 0}
.choices .check{margin:.25rem 0}
.danger{background:#b3261e}
.ed-rest{margin-top:1.5rem}
[id]{scroll-margin-top:4.5rem}
@media (max-width:40rem){[id]{scroll-margin-top:7.5rem}}
@media (max-width:63.99rem){.ed-preview .tg-wrap{max-height:70vh;overflow:auto}}
.consequences li{margin:.35rem 0}
@media (min-width:64rem){main[data-editor=kb]{max-width:74rem}
.editor{display:grid;grid-template-columns:minmax(0,1fr) minmax(18rem,26rem);grid-template-rows:auto 1fr;column-gap:2rem;align-items:start}
.editor .ed-main,.editor .ed-rest{grid-column:1}
.editor .ed-preview{grid-column:2;grid-row:1 / span 2;position:sticky;top:3.5rem;max-height:calc(100vh - 4rem);overflow:auto}
.editor .ed-preview h2{margin-top:.5rem}}`;

const kindLabel = (locale: Locale, kind: string) => t(locale, `console-kb-kind-${kind}`);
const langLabel = (locale: Locale, l: string) => t(locale, `console-kb-lang-${l}`);
const statusLabel = (locale: Locale, s: string) => t(locale, `console-kb-status-${s.replace(/_/g, '-')}`);
const inForceLabel = (locale: Locale, s: InForce) => t(locale, `console-kb-inforce-${s}`);
const roleLabel = (locale: Locale, role: string) => t(locale, `console-role-${role.replace(/_/g, '-')}`);

/** A problem with a field, in the reader's words. */
export function problemText(locale: Locale, p: FieldProblem): string {
  return t(locale, `console-kb-problem-${p.code}`, p.args);
}

const clocks = new Map<string, Intl.DateTimeFormat>();
/**
 * "Черновик сохранён в 04:12" (today, on the organisation's clock), or with the date on another
 * day: message `<id>-at` with `$time`, or `<id>-on` with `$date`.
 */
export function savedText(chrome: Pick<Chrome, 'locale' | 'timeZone'>, at: Date, now: Date, id = 'console-kb-saved'): string {
  const key = `${chrome.locale}\u0000${chrome.timeZone}`;
  let clock = clocks.get(key);
  if (!clock) clocks.set(key, (clock = new Intl.DateTimeFormat(chrome.locale === 'en' ? 'en-GB' : 'ru-RU', { timeZone: chrome.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })));
  const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: chrome.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  return day(at) === day(now) ? t(chrome.locale, `${id}-at`, { time: clock.format(at) }) : t(chrome.locale, `${id}-on`, { date: formatTime(chrome, at) });
}

function KbLayout(props: { chrome: Chrome; title: string; flash?: Flash; editor?: boolean; children: unknown }) {
  return (
    <Layout
      locale={props.chrome.locale}
      title={props.title}
      header={<SignedInHeader chrome={props.chrome} />}
      wide
      css={KB_CSS}
      flash={props.flash}
      {...(props.editor ? { scripts: [`${props.chrome.base}/kb/editor.js`], mainData: { editor: 'kb' } } : {})}
    >
      {props.children as never}
    </Layout>
  );
}

function InForceBadge(props: { locale: Locale; state: InForce }) {
  return <span class={props.state === 'verified' ? 'badge ok' : 'badge wait'}>{inForceLabel(props.locale, props.state)}</span>;
}

/** The slug, small: it names the article in addresses and the pack, it is not what people read. */
function Slug(props: { locale: Locale; slug: string; children?: unknown }) {
  return (
    <p class="slug">
      {t(props.locale, 'console-kb-fact-slug')}: <code>{props.slug}</code>
      {props.children as never}
    </p>
  );
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
  flash?: Flash;
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
            <p class="title" style="margin:0" lang={r.locale}>
              <a href={`${chrome.base}/kb/revisions/${r.id}`}>{r.title || r.slug}</a>
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

/** The title to head an article with: in the reader's language when it has one, else the other's, else the slug. */
function headingOf(a: ArticleEntry, locale: Locale): { title: string; lang: Locale } {
  const other: Locale = locale === 'ru' ? 'en' : 'ru';
  for (const l of [locale, other]) if (a.locales[l]?.title) return { title: a.locales[l]!.title, lang: l };
  return { title: a.slug, lang: 'en' };
}

export function KbListPage(props: KbListProps) {
  const { chrome, filter } = props;
  const { locale, base } = chrome;
  const filtered = Boolean(filter.status || filter.kind);
  return (
    <KbLayout chrome={chrome} title={t(locale, 'console-kb-title')} flash={props.flash}>
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
          {props.articles.map((a) => {
            const heading = headingOf(a, locale);
            return (
              <li data-slug={a.slug}>
                <h3 lang={heading.lang}>
                  <a href={`${base}/kb/${a.slug}/${a.locales[heading.lang] ? heading.lang : locale}`}>{heading.title}</a>
                </h3>
                <Slug locale={locale} slug={a.slug}>
                  {' · '}
                  {kindLabel(locale, a.kind)}
                </Slug>
                <div class="langs">
                  {(['ru', 'en'] as const).map((l) => {
                    const e = a.locales[l];
                    return (
                      <div class="lang" data-locale={l}>
                        {e ? (
                          <>
                            <a href={`${base}/kb/${a.slug}/${l}`}>
                              <span class="badge">{l.toUpperCase()}</span>
                              {e.title && l !== heading.lang ? <span lang={l}>{e.title}</span> : t(locale, `console-kb-text-${l}`)}
                            </a>
                            <p class="meta">
                              <InForceBadge locale={locale} state={e.inForce} />
                              {e.inReview > 0 ? <span class="badge wait">{t(locale, 'console-kb-badge-in-review', { count: e.inReview })}</span> : null}
                              {e.toPublish > 0 ? <span class="badge wait">{t(locale, 'console-kb-badge-to-publish', { count: e.toPublish })}</span> : null}
                              {e.drafts > 0 ? <span class="badge">{t(locale, 'console-kb-badge-drafts', { count: e.drafts })}</span> : null}
                            </p>
                          </>
                        ) : (
                          <a href={`${base}/kb/new?slug=${a.slug}&locale=${l}&kind=${a.kind}`}>
                            <span class="badge">{l.toUpperCase()}</span> {t(locale, 'console-kb-missing-locale')}
                          </a>
                        )}
                      </div>
                    );
                  })}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </KbLayout>
  );
}

// ---- What the bot will send ---------------------------------------------------------------------------

export function TelegramPreview(props: { chrome: Chrome; bubbles: Bubble[]; id?: string; problems?: string[]; class?: string }) {
  const { locale } = props.chrome;
  const id = props.id ?? 'preview';
  const problems = props.problems ?? [];
  return (
    <section aria-labelledby={`${id}-title`} id={id} class={props.class}>
      <h2 id={`${id}-title`}>{t(locale, 'console-kb-preview-title')}</h2>
      <div class="tg-wrap">
        {props.bubbles.length === 0 ? <p class="tg-empty">{t(locale, 'console-kb-preview-empty')}</p> : null}
        {props.bubbles.map((b) => (
          <>
            {b.step ? <p class="tg-step">{t(locale, 'console-kb-preview-step', { step: b.step })}</p> : null}
            <div class="tg" data-length={String(b.length)} lang={b.locale}>
              {raw(telegramToPageHtml(b.html))}
            </div>
          </>
        ))}
      </div>
      {problems.length > 0 ? (
        <ul class="preview-problems" aria-label={t(locale, 'console-kb-preview-problems')}>
          {problems.map((p) => (
            <li>{p}</li>
          ))}
        </ul>
      ) : null}
      {props.bubbles.length > 0 ? (
        <p class="hint">
          {props.bubbles.length === 1
            ? t(locale, 'console-kb-length', { length: props.bubbles[0]!.length, limit: TELEGRAM_MESSAGE_LIMIT })
            : t(locale, 'console-kb-length-steps', { longest: Math.max(0, ...props.bubbles.map((b) => b.length)), limit: TELEGRAM_MESSAGE_LIMIT })}
        </p>
      ) : null}
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
  /** Which languages have a text in force the bot sends or could (not withdrawn). */
  withdrawable: Locale[];
  /** This account's draft of this text, and when it was saved ("You have a draft… saved at 04:12."). */
  draft?: { id: number; saved: string };
  flash?: Flash;
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

const stateOf = (article?: ArticleRow): InForce => (!article ? 'none' : article.status === 'verified' ? 'verified' : article.status === 'withdrawn' ? 'withdrawn' : 'unverified');

/** The choice of what to withdraw; the next page says what it means and asks to confirm. */
function WithdrawChoice(props: { chrome: Chrome; slug: string; pageLocale: Locale; withdrawable: Locale[]; selected?: string }) {
  const { chrome, slug } = props;
  const { locale, base } = chrome;
  const options: Array<[string, string]> = [
    ...props.withdrawable.map((l): [string, string] => [l, t(locale, `console-kb-withdraw-only-${l}`)]),
    ...(props.withdrawable.length === 2 ? [['both', t(locale, 'console-kb-withdraw-both')] as [string, string]] : []),
  ];
  const selected = props.selected ?? (props.withdrawable.includes(props.pageLocale) ? props.pageLocale : options[0]?.[0]);
  return (
    <form method="get" action={`${base}/kb/${slug}/withdraw`} id="withdraw">
      <input type="hidden" name="back" value={props.pageLocale} />
      <fieldset class="choices">
        <legend>{t(locale, 'console-kb-withdraw-which')}</legend>
        {options.map(([value, label]) => (
          <div class="check">
            <input type="radio" id={`withdraw-${value}`} name="which" value={value} checked={value === selected} />
            <label for={`withdraw-${value}`}>{label}</label>
          </div>
        ))}
      </fieldset>
      <button type="submit" aria-describedby="withdraw-hint">
        {t(locale, 'console-kb-withdraw')}
      </button>
      <p class="hint" id="withdraw-hint">
        {t(locale, 'console-kb-withdraw-hint')}
      </p>
    </form>
  );
}

export function ArticlePage(props: ArticlePageProps) {
  const { chrome, article, slug } = props;
  const { locale, base } = chrome;
  const path = `${base}/kb/${slug}/${props.locale}`;
  const other = props.locale === 'ru' ? 'en' : 'ru';
  const title = article?.title || props.revisions.find((r) => r.title)?.title || slug;
  const state = stateOf(article);
  return (
    <KbLayout chrome={chrome} title={title} flash={props.flash}>
      <Errors locale={locale} messages={props.errors ?? []} />
      <Slug locale={locale} slug={slug}>
        {' · '}
        {langLabel(locale, props.locale)} · {kindLabel(locale, props.kind)}
      </Slug>
      <dl class="facts">
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
      {props.draft ? (
        <p class="notice">
          {props.draft.saved} <a href={`${base}/kb/revisions/${props.draft.id}/edit`}>{t(locale, 'console-kb-continue-draft')}</a>
        </p>
      ) : null}
      <div class="row">
        {props.canEdit ? (
          <a class="button" href={props.draft ? `${base}/kb/revisions/${props.draft.id}/edit` : `${path}/edit`}>
            {t(locale, props.draft ? 'console-kb-continue-draft' : 'console-kb-new-version')}
          </a>
        ) : null}
        <a class="button" href={props.otherExists ? `${base}/kb/${slug}/${other}` : `${base}/kb/new?slug=${slug}&locale=${other}&kind=${props.kind}`}>
          {t(locale, props.otherExists ? 'console-kb-other-locale' : 'console-kb-write-other-locale', { lang: langLabel(locale, other) })}
        </a>
      </div>
      {!article ? <p>{t(locale, 'console-kb-no-text')}</p> : state === 'withdrawn' ? <p class="notice">{t(locale, 'console-kb-withdrawn-note')}</p> : null}
      {props.preview ? <TelegramPreview chrome={chrome} bubbles={props.preview} /> : null}
      {props.canWithdraw && props.withdrawable.length > 0 && slug !== OVERDOSE_FLOW_SLUG ? (
        <section aria-labelledby="withdraw-title">
          <h2 id="withdraw-title">{t(locale, 'console-kb-withdraw-title')}</h2>
          <WithdrawChoice chrome={chrome} slug={slug} pageLocale={props.locale} withdrawable={props.withdrawable} />
        </section>
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

// ---- Withdrawing: what it means, confirmed -----------------------------------------------------------

export interface WithdrawPageProps {
  chrome: Chrome;
  slug: string;
  /** The article's title in the reader's language (or the other's). */
  title: string;
  /** The article page to go back to. */
  back: Locale;
  /** What was chosen; undefined: choose first. */
  which?: 'ru' | 'en' | 'both';
  /** Each language's text in force (title, whether the bot sends it). */
  texts: Partial<Record<Locale, { title: string; state: InForce }>>;
  withdrawable: Locale[];
  flash?: Flash;
  errors?: string[];
}

export function WithdrawPage(props: WithdrawPageProps) {
  const { chrome, slug, which } = props;
  const { locale, base } = chrome;
  const chosen: Locale[] = which === 'both' ? ['ru', 'en'] : which ? [which] : [];
  const stays = (['ru', 'en'] as const).filter((l) => !chosen.includes(l) && props.texts[l]?.state === 'verified');
  const backHref = `${base}/kb/${slug}/${props.back}`;
  return (
    <KbLayout chrome={chrome} title={t(locale, which ? `console-kb-withdraw-page-title-${which}` : 'console-kb-withdraw-page-title', { title: props.title })} flash={props.flash}>
      <Errors locale={locale} messages={props.errors ?? []} />
      <Slug locale={locale} slug={slug} />
      {which ? (
        <>
          <h2>{t(locale, 'console-kb-withdraw-consequences')}</h2>
          <ul class="consequences">
            {chosen.map((l) => (
              <li>
                {t(locale, `console-kb-withdraw-no-more-${l}`, { title: props.texts[l]?.title ?? props.title })}
                {stays.length > 0 ? ` ${t(locale, `console-kb-withdraw-fallback-${l}`)}` : ''}
              </li>
            ))}
            {stays.length === 0 ? <li>{t(locale, 'console-kb-withdraw-nobody')}</li> : null}
            {stays.map((l) => (
              <li>{t(locale, `console-kb-withdraw-stays-${l}`, { title: props.texts[l]!.title })}</li>
            ))}
            <li>{t(locale, 'console-kb-withdraw-pack')}</li>
            <li>{t(locale, 'console-kb-withdraw-return')}</li>
          </ul>
          <form method="post" action={`${base}/kb/${slug}/withdraw`} id="withdraw-confirm">
            <CsrfField token={chrome.csrf} />
            <input type="hidden" name="which" value={which} />
            <input type="hidden" name="back" value={props.back} />
            <input type="hidden" name="confirm" value="yes" />
            <div class="row">
              <button type="submit" class="danger">
                {t(locale, `console-kb-withdraw-confirm-${which}`)}
              </button>
              <a class="button" href={backHref}>
                {t(locale, 'console-kb-withdraw-cancel')}
              </a>
            </div>
          </form>
        </>
      ) : props.withdrawable.length > 0 ? (
        <WithdrawChoice chrome={chrome} slug={slug} pageLocale={props.back} withdrawable={props.withdrawable} />
      ) : (
        <p>
          {t(locale, 'console-kb-withdraw-nothing')} <a href={backHref}>{t(locale, 'console-kb-back-to-article')}</a>
        </p>
      )}
    </KbLayout>
  );
}

// ---- One revision ---------------------------------------------------------------------------------

export interface RevisionPageProps {
  chrome: Chrome;
  revision: Revision;
  /** The article's title in the revision's language (the text in force's), to link back to it. */
  articleTitle: string;
  preview: Bubble[];
  /** The body's changes against the text in force (absent for a new article). */
  diff?: DiffLine[];
  /** The body as its author wrote it (Markdown when it converts back, else Telegram HTML). */
  source: string;
  steps: Step[];
  /** For a draft: when it was saved, and what still stands between it and a review. */
  draft?: { saved: string; problems: string[] };
  /** Why this specialist may not verify it, when that is worth saying. */
  whyNot?: string;
  flash?: Flash;
  errors?: string[];
  comment?: string;
}

export function RevisionPage(props: RevisionPageProps) {
  const { chrome, revision: r } = props;
  const { locale, base } = chrome;
  const path = `${base}/kb/revisions/${r.id}`;
  const can = (s: Step) => props.steps.includes(s);
  const commentInvalid = (props.errors ?? []).length > 0 && props.comment !== undefined;
  const blocked = (props.draft?.problems.length ?? 0) > 0;
  return (
    <KbLayout chrome={chrome} title={t(locale, 'console-kb-rev-title', { id: r.id, title: r.title || r.slug })} flash={props.flash}>
      <Errors locale={locale} messages={props.errors ?? []} />
      <p class="meta">
        <span class="badge">{statusLabel(locale, r.status)}</span> <span class="badge">{langLabel(locale, r.locale)}</span> <span class="badge">{kindLabel(locale, r.kind)}</span>{' '}
        <a href={`${base}/kb/${r.slug}/${r.locale}`} lang={r.locale}>
          {t(locale, 'console-kb-to-article', { title: props.articleTitle })}
        </a>
      </p>
      <Slug locale={locale} slug={r.slug} />
      <ol class="history">
        <RevisionSummary chrome={chrome} r={r} />
      </ol>
      {props.draft ? <p class="saved">{props.draft.saved}</p> : null}
      {blocked ? (
        <div class="notice" id="draft-problems">
          <p style="margin:0">{t(locale, 'console-kb-draft-incomplete')}</p>
          <ul>
            {props.draft!.problems.map((p) => (
              <li>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {props.whyNot ? <p class="notice">{props.whyNot}</p> : null}
      <div class="row">
        {can('edit') ? (
          <a class="button" href={`${path}/edit`}>
            {t(locale, 'console-kb-edit-draft')}
          </a>
        ) : null}
        {can('submit') && !blocked ? (
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
          <dd>{r.needs.map((n) => chrome.taxonomy.needs.find((x) => x.code === n)?.label[locale] ?? n).join(', ') || '—'}</dd>
          <dt>{t(locale, 'console-kb-field-keywords')}</dt>
          <dd>{r.keywords.join(', ') || '—'}</dd>
        </dl>
        <details>
          <summary>{t(locale, 'console-kb-source-body')}</summary>
          <pre class="diff">{props.source}</pre>
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
          <form method="post" action={`${path}/return#return-form`} id="return-form">
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

/** What the editor's form holds: the fields as typed, the body in Markdown (or Telegram HTML, see `format`). */
export type EditorValues = RevisionForm & {
  slug: string;
  locale: string;
  kind: string;
  /** `markdown`: the body is this editor's syntax; `html`: a stored text it cannot write, kept as Telegram HTML. */
  format: 'markdown' | 'html';
  /** The content hash of the draft as the page loaded it ('' before there is one): a save over a newer one is a conflict. */
  draftHash: string;
};

export interface EditorPageProps {
  chrome: Chrome;
  /** A new article (its slug, language and kind are fields), a new version of one, or a draft changed. */
  mode: 'new' | 'version' | 'draft';
  /** Where the form posts (and the script autosaves). */
  action: string;
  values: EditorValues;
  problems?: FieldProblem[];
  /** A refusal or conflict not tied to a field. */
  errors?: string[];
  preview: Bubble[];
  /** The body's problems, shown under the preview (links, placeholders, length). */
  previewProblems?: string[];
  heading: string;
  /** "Draft saved at 04:12", when there is a draft. */
  saved?: string;
  flash?: Flash;
}

function FieldError(props: { locale: Locale; id: string; problems: FieldProblem[]; field: string }) {
  const mine = props.problems.filter((p) => p.field === props.field);
  if (mine.length === 0) return null;
  return (
    <div class="field-error" id={`${props.id}-error`}>
      {mine.map((p) => (
        <p style="margin:0">{problemText(props.locale, p)}</p>
      ))}
    </div>
  );
}

/** The editor's syntax, as examples. */
function Cheats(props: { locale: Locale }) {
  const { locale } = props;
  const items: Array<[string, string]> = [
    ['**…**', t(locale, 'console-kb-md-bold')],
    ['_…_', t(locale, 'console-kb-md-italic')],
    ['[…](https://…)', t(locale, 'console-kb-md-link')],
    ['- ', t(locale, 'console-kb-md-list')],
    ['> ', t(locale, 'console-kb-md-quote')],
    ['`…`', t(locale, 'console-kb-md-code')],
  ];
  return (
    <ul class="cheats" id="kb-body-cheats">
      {items.map(([code, what]) => (
        <li>
          <code>{code}</code> {what}
        </li>
      ))}
    </ul>
  );
}

export function EditorPage(props: EditorPageProps) {
  const { chrome, values: v } = props;
  const { locale } = chrome;
  const problems = props.problems ?? [];
  const has = (field: string) => problems.some((p) => p.field === field);
  const invalid = (field: string) => (has(field) ? { 'aria-invalid': 'true' } : {});
  const describe = (field: string, id: string, ...hints: string[]) => {
    const ids = [...hints, has(field) ? `${id}-error` : undefined].filter(Boolean).join(' ');
    return ids ? { 'aria-describedby': ids } : {};
  };
  const isFlow = v.slug === OVERDOSE_FLOW_SLUG;
  const markdown = v.format === 'markdown';
  const needs = [...chrome.taxonomy.needs.map((n) => ({ code: n.code, label: n.label[locale] })), ...v.needs.filter((c) => !chrome.taxonomy.needs.some((n) => n.code === c)).map((c) => ({ code: c, label: c }))];
  const buttons = (
    <div class="row">
      <button type="submit" name="intent" value="save">
        {t(locale, 'console-kb-save')}
      </button>
      <button type="submit" name="intent" value="preview" class="plain" formaction={`${props.action}#preview`}>
        {t(locale, 'console-kb-preview')}
      </button>
    </div>
  );
  return (
    <KbLayout chrome={chrome} title={props.heading} flash={props.flash} editor>
      <Errors locale={locale} messages={props.errors ?? []} />
      <form method="post" action={`${props.action}#kb-form`} id="kb-form" class="editor" data-preview={`${chrome.base}/kb/preview`} data-signed-out={t(locale, 'console-kb-autosave-signed-out')} data-offline={t(locale, 'console-kb-autosave-offline')}>
        <div class="ed-main">
          <CsrfField token={chrome.csrf} />
          <input type="hidden" name="format" value={v.format} />
          <input type="hidden" name="draftHash" value={v.draftHash} />
          <p class={props.saved ? 'saved' : 'saved hint'} id="kb-saved" role="status" aria-live="polite">
            {props.saved ?? t(locale, 'console-kb-not-saved-yet')}
          </p>
          {props.mode === 'new' ? (
            <>
              <label for="kb-slug">{t(locale, 'console-kb-field-slug')}</label>
              <input id="kb-slug" type="text" name="slug" value={v.slug} required maxlength={60} autocomplete="off" spellcheck={false} {...invalid('slug')} {...describe('slug', 'kb-slug', 'kb-slug-hint')} />
              <FieldError locale={locale} id="kb-slug" problems={problems} field="slug" />
              <p class="hint" id="kb-slug-hint">
                {t(locale, 'console-kb-slug-hint')}
              </p>
              <label for="kb-locale">{t(locale, 'console-kb-field-locale')}</label>
              <select id="kb-locale" name="locale" {...invalid('locale')} {...describe('locale', 'kb-locale')}>
                {(['ru', 'en'] as const).map((l) => (
                  <option value={l} selected={v.locale === l}>
                    {langLabel(locale, l)}
                  </option>
                ))}
              </select>
              <FieldError locale={locale} id="kb-locale" problems={problems} field="locale" />
              <label for="kb-kind">{t(locale, 'console-kb-field-kind')}</label>
              <select id="kb-kind" name="kind" {...invalid('kind')} {...describe('kind', 'kb-kind', 'kb-kind-hint')}>
                {KB_KINDS.map((k) => (
                  <option value={k} selected={v.kind === k}>
                    {kindLabel(locale, k)}
                  </option>
                ))}
              </select>
              <FieldError locale={locale} id="kb-kind" problems={problems} field="kind" />
              <p class="hint" id="kb-kind-hint">
                {t(locale, 'console-kb-kind-hint')}
              </p>
            </>
          ) : (
            <>
              <input type="hidden" name="slug" value={v.slug} />
              <input type="hidden" name="locale" value={v.locale} />
              <input type="hidden" name="kind" value={v.kind} />
              <Slug locale={locale} slug={v.slug}>
                {' · '}
                {langLabel(locale, v.locale)} · {kindLabel(locale, v.kind)}
              </Slug>
            </>
          )}
          <label for="kb-title">{t(locale, 'console-kb-field-title')}</label>
          <input id="kb-title" type="text" name="title" value={v.title} required maxlength={200} lang={v.locale} {...invalid('title')} {...describe('title', 'kb-title')} />
          <FieldError locale={locale} id="kb-title" problems={problems} field="title" />
          <label for="kb-body">{t(locale, 'console-kb-field-body')}</label>
          {markdown ? <Cheats locale={locale} /> : null}
          <textarea id="kb-body" class="body" name="body" required lang={v.locale} {...invalid('body')} {...describe('body', 'kb-body', ...(markdown ? ['kb-body-cheats'] : []), 'kb-body-hint')}>
            {v.body}
          </textarea>
          <FieldError locale={locale} id="kb-body" problems={problems} field="body" />
          <p class="hint" id="kb-body-hint">
            {markdown ? t(locale, 'console-kb-body-hint-md') : t(locale, 'console-kb-body-hint-html')} {t(locale, 'console-kb-placeholders', { placeholders: PLACEHOLDERS.map((p) => `{${p}}`).join(', ') })}
            {isFlow ? ` ${t(locale, 'console-kb-flow-hint')}` : ''}
          </p>
          {buttons}
        </div>
        <TelegramPreview chrome={chrome} bubbles={props.preview} problems={props.previewProblems} class="ed-preview" />
        <div class="ed-rest">
          <fieldset id="kb-needs" {...describe('needs', 'kb-needs')}>
            <legend>{t(locale, 'console-kb-field-needs')}</legend>
            <FieldError locale={locale} id="kb-needs" problems={problems} field="needs" />
            {needs.map((n) => (
              <div class="check">
                <input id={`kb-need-${n.code}`} type="checkbox" name="needs" value={n.code} checked={v.needs.includes(n.code)} {...invalid('needs')} />
                <label for={`kb-need-${n.code}`}>{n.label}</label>
              </div>
            ))}
          </fieldset>
          <label for="kb-keywords">{t(locale, 'console-kb-field-keywords')}</label>
          <input id="kb-keywords" type="text" name="keywords" value={v.keywords} lang={v.locale} {...invalid('keywords')} {...describe('keywords', 'kb-keywords', 'kb-keywords-hint')} />
          <FieldError locale={locale} id="kb-keywords" problems={problems} field="keywords" />
          <p class="hint" id="kb-keywords-hint">
            {t(locale, 'console-kb-keywords-hint')}
          </p>
          <label for="kb-sources">{t(locale, 'console-kb-field-sources')}</label>
          <textarea id="kb-sources" name="sources" {...invalid('sources')} {...describe('sources', 'kb-sources', 'kb-sources-hint')}>
            {v.sources}
          </textarea>
          <FieldError locale={locale} id="kb-sources" problems={problems} field="sources" />
          <p class="hint" id="kb-sources-hint">
            {t(locale, 'console-kb-sources-hint')}
          </p>
          {buttons}
        </div>
      </form>
    </KbLayout>
  );
}
