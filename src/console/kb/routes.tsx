import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Locale } from '../../config.ts';
import { contentHash } from '../../content/import.ts';
import {
  allowedSteps,
  articleHistory,
  checkNewArticle,
  checkRevision,
  createDraft,
  draftContent,
  draftOf,
  formOf,
  getArticle,
  getRevision,
  kindOf,
  knowledgeBase,
  publishRevision,
  refusal,
  returnRevision,
  saveDraft,
  submitRevision,
  verifierRoleLabel,
  verifyRevision,
  withdrawArticle,
  type FieldProblem,
  type Revision,
  type RevisionContent,
  type RevisionForm,
  type StepResult,
} from '../../content/revisions.ts';
import { taxonomyOf } from '../../domain/taxonomy.ts';
import { t } from '../../i18n/index.ts';
import { safeError } from '../../log.ts';
import { DEFAULT_SETTINGS } from '../../organisation/settings.ts';
import type { ConsoleEnv } from '../app.tsx';
import type { Flash } from '../frame/layout.tsx';
import { markdownToTelegram, telegramToMarkdown } from './markdown.ts';
import { lineDiff, previewBubbles, type Bubble } from './preview.ts';
import { audit, can, KB_KINDS, type KbKind } from '../policy.ts';
import { chromeOf, fieldString, guard, render, type RoutesContext } from '../routes-context.ts';
import { ArticlePage, EditorPage, KbListPage, LIST_FILTERS, problemText, RevisionPage, savedText, TelegramPreview, WithdrawPage, type EditorValues, type ListFilter } from './views.tsx';
import { MessagePage } from '../views/pages.tsx';

const SLUG = '{[a-z0-9]+(?:-[a-z0-9]+)*}';
// Grouped: Hono's trie router reads an unparenthesised alternation as `^ru|en$`, which also matches `ru/edit`.
const LOCALE = '{(?:ru|en)}';
const ID = '{[0-9]+}';
const MAX_BODY_FIELD = 20_000;
/** The editor's script: live preview and autosave. The pages work without it. */
const EDITOR_JS = readFileSync(new URL('./editor.js', import.meta.url), 'utf8');
/** The `?done=` a step redirects to, each with its flash. */
const REVISION_NOTICES: readonly string[] = ['submitted', 'verified', 'returned'];
const WHICH = ['ru', 'en', 'both'] as const;
type Which = (typeof WHICH)[number];
const localesOf = (w: Which): Locale[] => (w === 'both' ? ['ru', 'en'] : [w]);

type Intent = 'save' | 'preview' | 'autosave';

/** An editor's subject: what it writes a draft of, and the draft it found. */
interface Target {
  mode: 'new' | 'version' | 'draft';
  action: string;
  heading: string;
  slug: string;
  locale: Locale;
  kind: KbKind;
  /** The draft this writer has of it already, if any. */
  draft?: Revision;
}

/**
 * /kb: the knowledge-base editor and its verification workflow (content/revisions.ts holds the
 * rules). Writers type the editor's Markdown (markdown.ts); the database keeps the Telegram HTML it
 * converts to, which is what a specialist verifies and the bot sends. A draft is an article
 * revision in status `draft`, one per writer per article language, saved as typed (checked only
 * when it goes to review): by "Save the draft" without scripts, and as they type with them.
 */
export function kbRoutes(x: RoutesContext): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const edit = guard(x, 'kb.edit');
  const publish = guard(x, 'kb.publish');
  const settings = () => x.bot?.()?.settings ?? DEFAULT_SETTINGS;
  const needCodes = () => taxonomyOf(settings()).needs.map((n) => n.code);
  const kb = `${x.base}/kb`;
  const say = (c: Context<ConsoleEnv>, id: string, args?: Record<string, string | number>) => t(c.get('locale'), id, args);
  const ok = (text: string): Flash => ({ tone: 'ok', text });
  const failed = (c: Context<ConsoleEnv>, text: string, href?: string): Flash => ({ tone: 'error', text, ...(href ? { href, hrefText: say(c, 'console-kb-to-form') } : {}) });

  /** The bot sends a new text at once: its in-memory library is loaded again. */
  const reloadBot = async () => {
    try {
      await x.bot?.()?.content?.load();
    } catch (err) {
      x.log.error({ event: 'console.kb_reload_error', err: safeError(err) }, 'content library reload failed');
    }
  };

  const notFound = (c: Context<ConsoleEnv>) =>
    render(c, <MessagePage locale={c.get('locale')} title={say(c, 'console-kb-not-found-title')} text={say(c, 'console-kb-not-found')} href={kb} />, 404);

  const revisionId = (c: Context<ConsoleEnv>) => {
    const n = Number(c.req.param('id'));
    return Number.isSafeInteger(n) && n <= 2_147_483_647 ? n : 0;
  };

  const savedAt = (rev: Revision) => rev.savedAt ?? rev.createdAt;
  const saved = (c: Context<ConsoleEnv>, rev: Revision, id?: string) => savedText(chromeOf(x, c), savedAt(rev), x.now(), id);

  const formFields = async (c: Context<ConsoleEnv>) => {
    const body = await c.req.parseBody({ all: true });
    const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((s): s is string => typeof s === 'string').slice(0, 50);
    const intent = fieldString(body.intent, 20);
    return {
      intent: (intent === 'preview' || intent === 'autosave' ? intent : 'save') as Intent,
      slug: fieldString(body.slug, 100).trim(),
      locale: fieldString(body.locale, 10),
      kind: fieldString(body.kind, 30),
      format: fieldString(body.format, 10) === 'html' ? ('html' as const) : ('markdown' as const),
      draftHash: fieldString(body.draftHash, 100),
      form: {
        title: fieldString(body.title, 1000),
        body: fieldString(body.body, MAX_BODY_FIELD),
        needs: list(body.needs).map((s) => s.slice(0, 100)),
        keywords: fieldString(body.keywords, 5000),
        sources: fieldString(body.sources, 10_000),
      } satisfies RevisionForm,
    };
  };
  type Fields = Awaited<ReturnType<typeof formFields>>;

  /** The body as it will be stored (Telegram HTML) and what the conversion found wrong. */
  const converted = (format: 'markdown' | 'html', body: string): { html: string; problems: FieldProblem[] } => {
    if (format === 'html') return { html: body, problems: [] };
    const r = markdownToTelegram(body);
    return { html: r.html, problems: r.problems.map((p) => ({ field: 'body', code: `body-${p.code}`, args: { ...p.args, line: p.line } })) };
  };

  /** Stored content as the editor shows it: the body in Markdown when it converts back unchanged, else as Telegram HTML. */
  const editorForm = (content: RevisionContent): RevisionForm & { format: 'markdown' | 'html' } => {
    const form = formOf(content);
    const md = telegramToMarkdown(form.body);
    return md === undefined ? { ...form, format: 'html' } : { ...form, body: md, format: 'markdown' };
  };

  /** Everything between a text and a review: the Markdown's and the checks' problems, one of each. */
  const problemsOf = (slug: string, kind: string, form: RevisionForm, format: 'markdown' | 'html'): { problems: FieldProblem[]; html: string } => {
    const conv = converted(format, form.body);
    const checked = checkRevision(slug, kind, { ...form, body: conv.html }, needCodes()).problems;
    const seen = new Set<string>();
    const problems = [...conv.problems, ...checked].filter((p) => {
      const key = `${p.field}:${p.code}:${JSON.stringify(p.args ?? {})}`;
      return !seen.has(key) && Boolean(seen.add(key));
    });
    return { problems, html: conv.html };
  };

  /** The messages the bot would send for what the form holds; the line naming the verifier shows the kind of specialist. */
  const previewOf = (c: Context<ConsoleEnv>, slug: string, locale: Locale, kind: string, form: RevisionForm, format: 'markdown' | 'html') => {
    const { problems, html } = problemsOf(slug, kind, form, format);
    const content = draftContent({ ...form, body: html });
    const empty = content.title === '' && content.body === '';
    const bubbles: Bubble[] = empty ? [] : pendingPreview(c, slug, locale, kind, content);
    return { bubbles, problems: problems.filter((p) => p.field === 'body').map((p) => problemText(c.get('locale'), p)) };
  };

  const pendingPreview = (c: Context<ConsoleEnv>, slug: string, locale: Locale, kind: string, content: Parameters<typeof previewBubbles>[2]) =>
    previewBubbles(slug, locale, content, { name: t(locale, 'console-kb-preview-pending'), role: verifierRoleLabel(`specialist_${kind}`, locale), at: x.now() }, settings());

  const refusalText = (c: Context<ConsoleEnv>, problem: Exclude<StepResult, { ok: true }>['problem'] | 'no-comment', kind?: string) =>
    say(c, `console-kb-refused-${problem}`, { kind: kind ? t(c.get('locale'), `console-kb-kind-${kind}`) : '' });
  const refusalStatus = (problem: string): ContentfulStatusCode =>
    problem === 'not-found' ? 404 : problem === 'wrong-status' || problem === 'hash-changed' || problem === 'exists' || problem === 'conflict' ? 409 : problem === 'no-comment' ? 422 : 403;

  app.get('/kb/editor.js', (c) => c.body(EDITOR_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' }));

  // ---- The list ------------------------------------------------------------------------------------
  app.get('/kb', x.signedIn, edit, async (c) => {
    const account = c.get('account')!;
    const status = LIST_FILTERS.find((s) => s === c.req.query('status')) as ListFilter | undefined;
    const kind = KB_KINDS.find((k) => k === c.req.query('kind'));
    const { articles, waiting } = await knowledgeBase(x.db);
    const matches = (e: (typeof articles)[number]) =>
      (!kind || e.kind === kind) &&
      (!status ||
        Object.values(e.locales).some((l) =>
          status === 'in-review' ? l.inReview > 0 : status === 'to-publish' ? l.toPublish > 0 : status === 'drafts' ? l.drafts > 0 : l.inForce === status,
        ));
    return render(
      c,
      <KbListPage
        chrome={chromeOf(x, c)}
        articles={articles.filter(matches)}
        toVerify={waiting.filter((r) => refusal(account, r, 'verify') === undefined)}
        toPublish={waiting.filter((r) => refusal(account, r, 'publish') === undefined)}
        filter={{ status, kind }}
      />,
    );
  });

  // ---- The editor: one page for a new article, a new version and a draft ----------------------------

  const editorPage = (
    c: Context<ConsoleEnv>,
    target: Target,
    values: EditorValues,
    props: { problems?: FieldProblem[]; errors?: string[]; flash?: Flash } = {},
    status: ContentfulStatusCode = 200,
  ) => {
    const preview = previewOf(c, values.slug, (values.locale === 'en' ? 'en' : 'ru') as Locale, values.kind, values, values.format);
    return render(
      c,
      <EditorPage
        chrome={chromeOf(x, c)}
        mode={target.mode}
        action={target.action}
        heading={target.heading}
        values={values}
        preview={preview.bubbles}
        previewProblems={preview.problems}
        saved={target.draft ? saved(c, target.draft) : undefined}
        {...props}
      />,
      status,
    );
  };

  const valuesOf = (target: Pick<Target, 'slug' | 'locale' | 'kind'>, f: Fields, draftHash = f.draftHash): EditorValues => ({
    ...f.form,
    slug: target.slug,
    locale: target.locale,
    kind: target.kind,
    format: f.format,
    draftHash,
  });

  /**
   * Saves what the form holds as this writer's draft of the target (creating it the first time),
   * unchecked; answers as the intent asks: the preview re-rendered, the autosave's JSON, or a
   * redirect (to the revision when it is ready for review, else back to the editor, which marks what
   * still needs doing).
   */
  const saveFromForm = async (c: Context<ConsoleEnv>, target: Target, f: Fields, isNew: boolean): Promise<Response> => {
    const account = c.get('account')!;
    const json = (status: ContentfulStatusCode, body: Record<string, unknown>) => c.json(body, status);
    if (f.intent === 'preview') return editorPage(c, target, valuesOf(target, f));

    const { problems, html } = problemsOf(target.slug, target.kind, f.form, f.format);
    const content = draftContent({ ...f.form, body: html });
    const draft = target.draft ?? (await draftOf(x.db, account, target.slug, target.locale));
    const refused = (problem: string, status: ContentfulStatusCode, kind?: string) => {
      const text = refusalText(c, problem as never, kind);
      if (f.intent === 'autosave') return json(status, { ok: false, message: say(c, 'console-kb-autosave-failed', { reason: text }) });
      return editorPage(c, { ...target, draft }, valuesOf(target, f), { errors: [text], flash: failed(c, text, '#kb-form') }, status);
    };

    let revision: Revision | undefined;
    let created = false;
    if (draft) {
      const why = refusal(account, draft, 'edit');
      if (why) return refused(why, refusalStatus(why), draft.kind);
      // Saved meanwhile in another tab or on another device: not overwritten unseen.
      if (f.draftHash !== draft.contentHash && contentHash(content) !== draft.contentHash) {
        const text = saved(c, draft, 'console-kb-conflict');
        if (f.intent === 'autosave') return json(409, { ok: false, conflict: true, message: text });
        return editorPage(c, { ...target, draft }, valuesOf(target, f, draft.contentHash), { errors: [text], flash: failed(c, text, '#kb-form') }, 409);
      }
      const result = await saveDraft(x.db, account, draft.id, content, x.now());
      if (!result.ok) return refused(result.problem, refusalStatus(result.problem), draft.kind);
      revision = await getRevision(x.db, draft.id);
    } else {
      const result = await createDraft(x.db, account, { slug: target.slug, locale: target.locale, kind: target.kind, isNew }, content, x.now());
      if (!result.ok) return refused(result.problem, refusalStatus(result.problem));
      revision = await getRevision(x.db, result.revision.id);
      created = true;
    }
    const rev = revision!;
    // Every save by hand is audited, and a draft's creation; the autosave's changes in between are not.
    if (created || f.intent === 'save') await audit(x.db, account.id, 'kb.draft', undefined, `${rev.slug}/${rev.locale} #${rev.id}`);
    const editUrl = `${kb}/revisions/${rev.id}/edit`;
    if (f.intent === 'autosave') return json(200, { ok: true, message: saved(c, rev), hash: rev.contentHash, action: editUrl });
    return c.redirect(problems.length === 0 ? `${kb}/revisions/${rev.id}?done=saved` : `${editUrl}?done=saved`, 303);
  };

  // ---- A new article ---------------------------------------------------------------------------------
  const emptyForm: RevisionForm = { title: '', body: '', needs: [], keywords: '', sources: '' };
  const newTarget = (c: Context<ConsoleEnv>, slug: string, locale: Locale, kind: KbKind): Target => ({ mode: 'new', action: `${kb}/new`, heading: say(c, 'console-kb-new-title'), slug, locale, kind });

  app.get('/kb/new', x.signedIn, edit, async (c) => {
    const slug = fieldString(c.req.query('slug'), 60);
    const locale = c.req.query('locale') === 'en' ? 'en' : 'ru';
    const kind = KB_KINDS.find((k) => k === c.req.query('kind')) ?? 'medical';
    const draft = slug && (await draftOf(x.db, c.get('account')!, slug, locale));
    if (draft) return c.redirect(`${kb}/revisions/${draft.id}/edit`, 303);
    return editorPage(c, newTarget(c, slug, locale, kind), { ...emptyForm, slug, locale, kind, format: 'markdown', draftHash: '' });
  });

  app.post('/kb/new', x.signedIn, edit, async (c) => {
    const f = await formFields(c);
    const bad = checkNewArticle(f);
    const target = newTarget(c, f.slug, (f.locale === 'en' ? 'en' : 'ru') as Locale, (KB_KINDS.find((k) => k === f.kind) ?? 'medical') as KbKind);
    if (bad.length > 0 && f.intent !== 'preview') {
      if (f.intent === 'autosave') return c.json({ ok: false, message: say(c, 'console-kb-autosave-needs-slug') }, 422);
      const values = { ...valuesOf(target, f), slug: f.slug, locale: f.locale, kind: f.kind };
      return editorPage(c, target, values, { problems: bad, flash: failed(c, say(c, 'console-kb-not-saved'), '#kb-form') }, 422);
    }
    // The kind an existing article already has decides who verifies, whatever the form says.
    if (bad.length === 0) target.kind = (await kindOf(x.db, f.slug)) ?? target.kind;
    return saveFromForm(c, target, f, true);
  });

  // ---- Changing a draft --------------------------------------------------------------------------------
  const draftTarget = (c: Context<ConsoleEnv>, rev: Revision): Target => ({
    mode: 'draft',
    action: `${kb}/revisions/${rev.id}/edit`,
    heading: say(c, 'console-kb-draft-title', { title: rev.title || rev.slug }),
    slug: rev.slug,
    locale: rev.locale as Locale,
    kind: rev.kind as KbKind,
    draft: rev,
  });

  app.get(`/kb/revisions/:id${ID}/edit`, x.signedIn, edit, async (c) => {
    const rev = await getRevision(x.db, revisionId(c));
    if (!rev) return notFound(c);
    const refused = refusal(c.get('account')!, rev, 'edit');
    if (refused) {
      const text = refusalText(c, refused, rev.kind);
      return revisionPage(c, rev, { errors: [text], flash: failed(c, text) }, refusalStatus(refused));
    }
    const form = editorForm(rev);
    const values: EditorValues = { ...form, slug: rev.slug, locale: rev.locale, kind: rev.kind, draftHash: rev.contentHash };
    // Back from "Save the draft" with something still missing: what, next to each field.
    if (c.req.query('done') === 'saved') {
      const { problems } = problemsOf(rev.slug, rev.kind, form, form.format);
      const text = `${saved(c, rev)}. ${say(c, problems.length > 0 ? 'console-kb-saved-incomplete' : 'console-kb-done-saved')}`;
      // The flash leads to the first field marked.
      const first = problems[0] && `#kb-${problems[0].field}`;
      return editorPage(c, draftTarget(c, rev), values, { problems, flash: first ? { tone: 'ok', text, href: first, hrefText: say(c, 'console-kb-to-marked') } : ok(text) });
    }
    return editorPage(c, draftTarget(c, rev), values);
  });

  app.post(`/kb/revisions/:id${ID}/edit`, x.signedIn, edit, async (c) => {
    const rev = await getRevision(x.db, revisionId(c));
    if (!rev) return notFound(c);
    return saveFromForm(c, draftTarget(c, rev), await formFields(c), false);
  });

  // ---- A new version of an article ----------------------------------------------------------------------
  /** Prefilled from the text in force, or from `?from=<revision>` (revising a returned one), or the latest revision. */
  const versionBase = async (c: Context<ConsoleEnv>) => {
    const slug = c.req.param('slug')!;
    const locale = c.req.param('locale') as Locale;
    const { article, revisions } = await articleHistory(x.db, slug, locale);
    const from = Number(c.req.query('from'));
    const source = revisions.find((r) => r.id === from) ?? article ?? revisions[0];
    if (!source) return undefined;
    const target: Target = {
      mode: 'version',
      action: `${kb}/${slug}/${locale}/edit`,
      heading: say(c, 'console-kb-version-title', { title: article?.title || source.title || slug }),
      slug,
      locale,
      kind: (article?.kind ?? revisions[0]!.kind) as KbKind,
    };
    return { target, source };
  };

  app.get(`/kb/:slug${SLUG}/:locale${LOCALE}/edit`, x.signedIn, edit, async (c) => {
    const b = await versionBase(c);
    if (!b) return notFound(c);
    // A writer has one draft of an article's language: this one goes on where they left it.
    const draft = await draftOf(x.db, c.get('account')!, b.target.slug, b.target.locale);
    if (draft) return c.redirect(`${kb}/revisions/${draft.id}/edit`, 303);
    const form = editorForm(b.source);
    return editorPage(c, b.target, { ...form, slug: b.target.slug, locale: b.target.locale, kind: b.target.kind, draftHash: '' });
  });

  app.post(`/kb/:slug${SLUG}/:locale${LOCALE}/edit`, x.signedIn, edit, async (c) => {
    const b = await versionBase(c);
    if (!b) return notFound(c);
    return saveFromForm(c, b.target, await formFields(c), false);
  });

  // ---- The live preview (the editor's script) -----------------------------------------------------------
  app.post('/kb/preview', x.signedIn, edit, async (c) => {
    const f = await formFields(c);
    const locale = (f.locale === 'en' ? 'en' : 'ru') as Locale;
    const kind = KB_KINDS.find((k) => k === f.kind) ?? 'medical';
    const preview = previewOf(c, f.slug, locale, kind, f.form, f.format);
    return c.html(String(<TelegramPreview chrome={chromeOf(x, c)} bubbles={preview.bubbles} problems={preview.problems} class="ed-preview" />));
  });

  // ---- A revision --------------------------------------------------------------------------------------
  /** The body as its author wrote it: Markdown when it converts back, else the stored HTML. */
  const sourceOf = (body: string) => telegramToMarkdown(body) ?? body;

  const revisionPage = async (c: Context<ConsoleEnv>, rev: Revision, extra: { errors?: string[]; comment?: string; flash?: Flash } = {}, status: ContentfulStatusCode = 200) => {
    const account = c.get('account')!;
    const locale = rev.locale as Locale;
    const preview = rev.verifiedAt
      ? previewBubbles(rev.slug, locale, rev, { name: rev.verifiedByName ?? '', role: verifierRoleLabel(rev.verifiedByRole ?? '', locale), at: rev.verifiedAt }, settings())
      : pendingPreview(c, rev.slug, locale, rev.kind, rev);
    const inForce = await getArticle(x.db, rev.slug, rev.locale);
    const why = refusal(account, rev, 'verify');
    const done = c.req.query('done');
    const isDraft = rev.status === 'draft';
    const draftProblems = isDraft ? problemsOf(rev.slug, rev.kind, editorForm(rev), editorForm(rev).format).problems.map((p) => problemText(c.get('locale'), p)) : [];
    const flash =
      extra.flash ??
      (done === 'saved' && isDraft
        ? ok(`${saved(c, rev)}. ${say(c, draftProblems.length > 0 ? 'console-kb-saved-incomplete' : 'console-kb-done-saved')}`)
        : done && REVISION_NOTICES.includes(done)
          ? ok(say(c, `console-kb-done-${done}`))
          : undefined);
    return render(
      c,
      <RevisionPage
        chrome={chromeOf(x, c)}
        revision={rev}
        articleTitle={inForce?.title || rev.title || rev.slug}
        preview={preview}
        diff={inForce ? lineDiff(sourceOf(inForce.body), sourceOf(rev.body)) : undefined}
        source={sourceOf(rev.body)}
        steps={allowedSteps(account, rev)}
        draft={isDraft ? { saved: saved(c, rev), problems: draftProblems } : undefined}
        whyNot={rev.status === 'in_review' && (why === 'own-revision' || why === 'other-kind') ? refusalText(c, why, rev.kind) : undefined}
        errors={extra.errors}
        comment={extra.comment}
        flash={flash}
      />,
      status,
    );
  };

  app.get(`/kb/revisions/:id${ID}`, x.signedIn, edit, async (c) => {
    const rev = await getRevision(x.db, revisionId(c));
    return rev ? revisionPage(c, rev) : notFound(c);
  });

  /** Runs a step; a refusal re-renders the revision with the reason, success goes back to it. */
  const stepRoute =
    (name: 'submit' | 'verify' | 'return' | 'publish', run: (c: Context<ConsoleEnv>, id: number, body: Record<string, unknown>) => Promise<StepResult | 'no-comment' | 'incomplete'>) =>
    async (c: Context<ConsoleEnv>) => {
      const account = c.get('account')!;
      const id = revisionId(c);
      const body = await c.req.parseBody();
      const result = await run(c, id, body);
      const rev = await getRevision(x.db, id);
      if (!rev) return notFound(c);
      const refused = (text: string, status: ContentfulStatusCode, extra: { comment?: string } = {}) =>
        revisionPage(c, rev, { errors: [text], flash: failed(c, text, name === 'return' ? '#return-form' : undefined), ...extra }, status);
      if (result === 'no-comment') return refused(refusalText(c, 'no-comment'), 422, { comment: '' });
      if (result === 'incomplete') return refused(say(c, 'console-kb-refused-incomplete'), 422);
      if (!result.ok) return refused(refusalText(c, result.problem, rev.kind), refusalStatus(result.problem));
      const audited = { submit: 'kb.submit', verify: 'kb.verify', return: 'kb.return', publish: 'kb.publish' }[name];
      await audit(x.db, account.id, audited, undefined, `${rev.slug}/${rev.locale} #${rev.id}`);
      x.log.info({ event: `console.${audited}`, revision: rev.id });
      if (name === 'publish') {
        await reloadBot();
        return c.redirect(`${kb}/${rev.slug}/${rev.locale}?done=published`, 303);
      }
      return c.redirect(`${kb}/revisions/${id}?done=${{ submit: 'submitted', verify: 'verified', return: 'returned' }[name]}`, 303);
    };

  app.post(
    `/kb/revisions/:id${ID}/submit`,
    x.signedIn,
    edit,
    stepRoute('submit', async (c, id) => {
      // A draft is saved as typed; only a complete one goes to review.
      const rev = await getRevision(x.db, id);
      if (rev && refusal(c.get('account')!, rev, 'submit') === undefined) {
        const form = editorForm(rev);
        if (problemsOf(rev.slug, rev.kind, form, form.format).problems.length > 0) return 'incomplete';
      }
      return submitRevision(x.db, c.get('account')!, id, x.now());
    }),
  );
  app.post(
    `/kb/revisions/:id${ID}/verify`,
    x.signedIn,
    edit,
    stepRoute('verify', (c, id, body) => verifyRevision(x.db, c.get('account')!, id, fieldString(body.hash, 100), x.now())),
  );
  app.post(
    `/kb/revisions/:id${ID}/return`,
    x.signedIn,
    edit,
    stepRoute('return', async (c, id, body) => {
      const comment = fieldString(body.comment, 2000).trim();
      if (comment !== '') return returnRevision(x.db, c.get('account')!, id, comment);
      // Someone who may not return it is told so, not asked for a comment.
      const rev = await getRevision(x.db, id);
      const refused = rev && refusal(c.get('account')!, rev, 'return');
      return refused ? { ok: false, problem: refused } : 'no-comment';
    }),
  );
  app.post(`/kb/revisions/:id${ID}/publish`, x.signedIn, publish, stepRoute('publish', (c, id) => publishRevision(x.db, c.get('account')!, id, x.now())));

  // ---- An article in one language ---------------------------------------------------------------------
  /** Both languages' texts in force: their titles, states, and which can still be withdrawn. */
  const textsOf = async (slug: string) => {
    const texts: Partial<Record<Locale, { title: string; state: 'verified' | 'unverified' | 'withdrawn' | 'none' }>> = {};
    for (const l of ['ru', 'en'] as const) {
      const a = await getArticle(x.db, slug, l);
      if (a) texts[l] = { title: a.title, state: a.status === 'verified' ? 'verified' : a.status === 'withdrawn' ? 'withdrawn' : 'unverified' };
    }
    const withdrawable = (['ru', 'en'] as const).filter((l) => texts[l] && texts[l]!.state !== 'withdrawn');
    return { texts, withdrawable };
  };

  const articlePage = async (c: Context<ConsoleEnv>, slug: string, locale: Locale, extra: { errors?: string[]; flash?: Flash } = {}, status: ContentfulStatusCode = 200) => {
    const account = c.get('account')!;
    const { article, revisions } = await articleHistory(x.db, slug, locale);
    if (!article && revisions.length === 0) return notFound(c);
    const other = await articleHistory(x.db, slug, locale === 'ru' ? 'en' : 'ru');
    const preview =
      article &&
      (article.verifiedAt
        ? previewBubbles(slug, locale, article, { name: article.verifiedByName ?? '', role: article.verifiedByRole ?? '', at: article.verifiedAt }, settings())
        : pendingPreview(c, slug, locale, article.kind, article));
    const draft = await draftOf(x.db, account, slug, locale);
    const { withdrawable } = await textsOf(slug);
    const done = c.req.query('done');
    const which = WHICH.find((w) => `withdrawn-${w}` === done);
    const flash = extra.flash ?? (done === 'published' ? ok(say(c, 'console-kb-done-published')) : which ? ok(say(c, `console-kb-done-withdrawn-${which}`)) : undefined);
    return render(
      c,
      <ArticlePage
        chrome={chromeOf(x, c)}
        slug={slug}
        locale={locale}
        kind={article?.kind ?? revisions[0]!.kind}
        article={article}
        revisions={revisions}
        preview={preview}
        canEdit={can(account.role, 'kb.edit')}
        canWithdraw={can(account.role, 'kb.publish')}
        otherExists={Boolean(other.article) || other.revisions.length > 0}
        withdrawable={withdrawable}
        draft={draft ? { id: draft.id, saved: saved(c, draft, 'console-kb-your-draft') } : undefined}
        errors={extra.errors}
        flash={flash}
      />,
      status,
    );
  };

  app.get(`/kb/:slug${SLUG}/:locale${LOCALE}`, x.signedIn, edit, (c) => articlePage(c, c.req.param('slug'), c.req.param('locale') as Locale));

  // ---- Withdrawing: which language, what it means, confirmed ----------------------------------------------
  const withdrawPage = async (c: Context<ConsoleEnv>, slug: string, which: Which | undefined, back: Locale, extra: { errors?: string[]; flash?: Flash } = {}, status: ContentfulStatusCode = 200) => {
    const { texts, withdrawable } = await textsOf(slug);
    if (!texts.ru && !texts.en) return notFound(c);
    const mine = c.get('locale');
    const title = (texts[mine] ?? texts[mine === 'ru' ? 'en' : 'ru'])!.title;
    // Only what is still in force can be chosen.
    const valid = which && localesOf(which).every((l) => withdrawable.includes(l)) ? which : undefined;
    return render(
      c,
      <WithdrawPage chrome={chromeOf(x, c)} slug={slug} title={title} back={back} which={valid} texts={texts} withdrawable={withdrawable} errors={extra.errors} flash={extra.flash} />,
      status,
    );
  };
  const backOf = (v: unknown): Locale => (v === 'en' ? 'en' : 'ru');

  app.get(`/kb/:slug${SLUG}/withdraw`, x.signedIn, publish, async (c) => {
    const slug = c.req.param('slug');
    const back = backOf(c.req.query('back'));
    if (slug === 'overdose-flow') {
      const text = refusalText(c, 'flow-withdraw');
      return articlePage(c, slug, back, { errors: [text], flash: failed(c, text) }, 403);
    }
    return withdrawPage(c, slug, WHICH.find((w) => w === c.req.query('which')), back);
  });

  app.post(`/kb/:slug${SLUG}/withdraw`, x.signedIn, publish, async (c) => {
    const account = c.get('account')!;
    const slug = c.req.param('slug');
    const body = await c.req.parseBody();
    const back = backOf(body.back);
    const which = WHICH.find((w) => w === body.which);
    // Nothing is withdrawn without the choice of language and its confirmation.
    if (!which || body.confirm !== 'yes') {
      if (slug !== 'overdose-flow') return withdrawPage(c, slug, which, back);
    }
    const result = await withdrawArticle(x.db, account, slug, x.now(), localesOf(which ?? 'both'));
    if (!result.ok) {
      if (result.problem === 'not-found') return notFound(c);
      const text = refusalText(c, result.problem);
      return articlePage(c, slug, back, { errors: [text], flash: failed(c, text) }, refusalStatus(result.problem));
    }
    await audit(x.db, account.id, 'kb.withdraw', undefined, `${slug}/${localesOf(which!).join('+')}`);
    x.log.info({ event: 'console.kb.withdraw', locales: localesOf(which!) });
    await reloadBot();
    const { article } = await articleHistory(x.db, slug, back);
    return c.redirect(`${kb}/${slug}/${article ? back : localesOf(which!)[0]}?done=withdrawn-${which}`, 303);
  });
  return app;
}
