import { Hono } from 'hono';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Locale } from '../../config.ts';
import {
  allowedSteps,
  articleHistory,
  checkNewArticle,
  checkRevision,
  createDraft,
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
  type RevisionForm,
  type StepResult,
} from '../../content/revisions.ts';
import { taxonomyOf } from '../../domain/taxonomy.ts';
import { t } from '../../i18n/index.ts';
import { safeError } from '../../log.ts';
import { DEFAULT_SETTINGS } from '../../organisation/settings.ts';
import type { ConsoleEnv } from '../app.tsx';
import { lineDiff, previewBubbles } from './preview.ts';
import { audit, can, KB_KINDS, type KbKind } from '../policy.ts';
import { chromeOf, fieldString, guard, render, type RoutesContext } from '../routes-context.ts';
import { ArticlePage, EditorPage, KbListPage, LIST_FILTERS, RevisionPage, type ListFilter } from './views.tsx';
import { MessagePage } from '../views/pages.tsx';

const SLUG = '{[a-z0-9]+(?:-[a-z0-9]+)*}';
// Grouped: Hono's trie router reads an unparenthesised alternation as `^ru|en$`, which also matches `ru/edit`.
const LOCALE = '{(?:ru|en)}';
const ID = '{[0-9]+}';
const MAX_BODY_FIELD = 20_000;
/** The `?done=` a step redirects to, each with its notice. */
const REVISION_NOTICES: readonly string[] = ['saved', 'submitted', 'verified', 'returned'];

/** /kb: the knowledge-base editor and its verification workflow (content/revisions.ts holds the rules). */
export function kbRoutes(x: RoutesContext): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const edit = guard(x, 'kb.edit');
  const publish = guard(x, 'kb.publish');
  const settings = () => x.bot?.()?.settings ?? DEFAULT_SETTINGS;
  const needCodes = () => taxonomyOf(settings()).needs.map((n) => n.code);
  const kb = `${x.base}/kb`;
  const say = (c: Context<ConsoleEnv>, id: string, args?: Record<string, string | number>) => t(c.get('locale'), id, args);

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

  const formFields = async (c: Context<ConsoleEnv>) => {
    const body = await c.req.parseBody({ all: true });
    const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((s): s is string => typeof s === 'string').slice(0, 50);
    return {
      intent: fieldString(body.intent, 20),
      slug: fieldString(body.slug, 100).trim(),
      locale: fieldString(body.locale, 10),
      kind: fieldString(body.kind, 30),
      form: {
        title: fieldString(body.title, 1000),
        body: fieldString(body.body, MAX_BODY_FIELD),
        needs: list(body.needs).map((s) => s.slice(0, 100)),
        keywords: fieldString(body.keywords, 5000),
        sources: fieldString(body.sources, 10_000),
      } satisfies RevisionForm,
    };
  };

  /** The preview of a text not yet verified: the line that will name the verifier shows the kind of specialist. */
  const pendingPreview = (c: Context<ConsoleEnv>, slug: string, locale: Locale, kind: string, content: Parameters<typeof previewBubbles>[2]) =>
    previewBubbles(slug, locale, content, { name: say(c, 'console-kb-preview-pending'), role: verifierRoleLabel(`specialist_${kind}`, locale), at: x.now() }, settings());

  const refusalText = (c: Context<ConsoleEnv>, problem: Exclude<StepResult, { ok: true }>['problem'] | 'no-comment', kind?: string) =>
    say(c, `console-kb-refused-${problem}`, { kind: kind ? t(c.get('locale'), `console-kb-kind-${kind}`) : '' });
  const refusalStatus = (problem: string): ContentfulStatusCode =>
    problem === 'not-found' ? 404 : problem === 'wrong-status' || problem === 'hash-changed' || problem === 'exists' ? 409 : problem === 'no-comment' ? 422 : 403;

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
    const done = c.req.query('done');
    return render(
      c,
      <KbListPage
        chrome={chromeOf(x, c)}
        articles={articles.filter(matches)}
        toVerify={waiting.filter((r) => refusal(account, r, 'verify') === undefined)}
        toPublish={waiting.filter((r) => refusal(account, r, 'publish') === undefined)}
        filter={{ status, kind }}
        notice={done === 'withdrawn' ? say(c, 'console-kb-done-withdrawn') : undefined}
      />,
    );
  });

  // ---- A new article ---------------------------------------------------------------------------------
  const emptyForm: RevisionForm = { title: '', body: '', needs: [], keywords: '', sources: '' };
  app.get('/kb/new', x.signedIn, edit, (c) => {
    const slug = fieldString(c.req.query('slug'), 60);
    const locale = c.req.query('locale') === 'en' ? 'en' : 'ru';
    const kind = KB_KINDS.find((k) => k === c.req.query('kind')) ?? 'medical';
    return render(c, <EditorPage chrome={chromeOf(x, c)} mode="new" action={`${kb}/new`} heading={say(c, 'console-kb-new-title')} values={{ ...emptyForm, slug, locale, kind }} />);
  });

  app.post('/kb/new', x.signedIn, edit, async (c) => {
    const account = c.get('account')!;
    const f = await formFields(c);
    const values = { ...f.form, slug: f.slug, locale: f.locale, kind: f.kind };
    const again = (props: { problems?: FieldProblem[]; errors?: string[]; preview?: ReturnType<typeof pendingPreview> }, status: ContentfulStatusCode) =>
      render(c, <EditorPage chrome={chromeOf(x, c)} mode="new" action={`${kb}/new`} heading={say(c, 'console-kb-new-title')} values={values} {...props} />, status);
    const target = checkNewArticle(f);
    // The kind an existing article already has decides who verifies, whatever the form says.
    const kind = target.length === 0 ? ((await kindOf(x.db, f.slug)) ?? (f.kind as KbKind)) : (f.kind as KbKind);
    const { problems, content } = checkRevision(f.slug, kind, f.form, needCodes());
    if (target.length + problems.length > 0) return again({ problems: [...target, ...problems] }, 422);
    if (f.intent === 'preview') return again({ preview: pendingPreview(c, f.slug, f.locale as Locale, kind, content!) }, 200);
    const result = await createDraft(x.db, account, { slug: f.slug, locale: f.locale as Locale, kind, isNew: true }, content!, x.now());
    if (!result.ok) return again({ errors: [refusalText(c, result.problem)] }, refusalStatus(result.problem));
    await audit(x.db, account.id, 'kb.draft', undefined, `${f.slug}/${f.locale} #${result.revision.id}`);
    return c.redirect(`${kb}/revisions/${result.revision.id}?done=saved`, 303);
  });

  // ---- A revision --------------------------------------------------------------------------------------
  const revisionPage = async (c: Context<ConsoleEnv>, rev: Revision, extra: { errors?: string[]; comment?: string } = {}, status: ContentfulStatusCode = 200) => {
    const account = c.get('account')!;
    const locale = rev.locale as Locale;
    const preview = rev.verifiedAt
      ? previewBubbles(rev.slug, locale, rev, { name: rev.verifiedByName ?? '', role: verifierRoleLabel(rev.verifiedByRole ?? '', locale), at: rev.verifiedAt }, settings())
      : pendingPreview(c, rev.slug, locale, rev.kind, rev);
    const inForce = await getArticle(x.db, rev.slug, rev.locale);
    const why = refusal(account, rev, 'verify');
    const done = c.req.query('done');
    return render(
      c,
      <RevisionPage
        chrome={chromeOf(x, c)}
        revision={rev}
        preview={preview}
        diff={inForce ? lineDiff(inForce.body, rev.body) : undefined}
        steps={allowedSteps(account, rev)}
        whyNot={rev.status === 'in_review' && (why === 'own-revision' || why === 'other-kind') ? refusalText(c, why, rev.kind) : undefined}
        notice={done && REVISION_NOTICES.includes(done) ? say(c, `console-kb-done-${done}`) : undefined}
        {...extra}
      />,
      status,
    );
  };

  app.get(`/kb/revisions/:id${ID}`, x.signedIn, edit, async (c) => {
    const rev = await getRevision(x.db, revisionId(c));
    return rev ? revisionPage(c, rev) : notFound(c);
  });

  /** Runs a step; a refusal re-renders the revision with the reason, success goes back to it. */
  const stepRoute = (name: 'submit' | 'verify' | 'return' | 'publish', run: (c: Context<ConsoleEnv>, id: number, body: Record<string, unknown>) => Promise<StepResult | 'no-comment'>) => async (c: Context<ConsoleEnv>) => {
    const account = c.get('account')!;
    const id = revisionId(c);
    const body = await c.req.parseBody();
    const result = await run(c, id, body);
    const rev = await getRevision(x.db, id);
    if (!rev) return notFound(c);
    if (result === 'no-comment') return revisionPage(c, rev, { errors: [refusalText(c, 'no-comment')], comment: '' }, 422);
    if (!result.ok) return revisionPage(c, rev, { errors: [refusalText(c, result.problem, rev.kind)] }, refusalStatus(result.problem));
    const audited = { submit: 'kb.submit', verify: 'kb.verify', return: 'kb.return', publish: 'kb.publish' }[name];
    await audit(x.db, account.id, audited, undefined, `${rev.slug}/${rev.locale} #${rev.id}`);
    x.log.info({ event: `console.${audited}`, revision: rev.id });
    if (name === 'publish') {
      await reloadBot();
      return c.redirect(`${kb}/${rev.slug}/${rev.locale}?done=published`, 303);
    }
    return c.redirect(`${kb}/revisions/${id}?done=${{ submit: 'submitted', verify: 'verified', return: 'returned' }[name]}`, 303);
  };

  app.post(`/kb/revisions/:id${ID}/submit`, x.signedIn, edit, stepRoute('submit', (_c, id) => submitRevision(x.db, _c.get('account')!, id, x.now())));
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

  // ---- Changing a draft --------------------------------------------------------------------------------
  const draftEditor = (c: Context<ConsoleEnv>, rev: Revision, form: RevisionForm, props: { problems?: FieldProblem[]; errors?: string[]; preview?: ReturnType<typeof pendingPreview> } = {}, status: ContentfulStatusCode = 200) =>
    render(
      c,
      <EditorPage
        chrome={chromeOf(x, c)}
        mode="draft"
        action={`${kb}/revisions/${rev.id}/edit`}
        heading={say(c, 'console-kb-draft-title', { title: rev.title })}
        values={{ ...form, slug: rev.slug, locale: rev.locale, kind: rev.kind }}
        {...props}
      />,
      status,
    );

  app.get(`/kb/revisions/:id${ID}/edit`, x.signedIn, edit, async (c) => {
    const rev = await getRevision(x.db, revisionId(c));
    if (!rev) return notFound(c);
    const refused = refusal(c.get('account')!, rev, 'edit');
    if (refused) return revisionPage(c, rev, { errors: [refusalText(c, refused, rev.kind)] }, refusalStatus(refused));
    return draftEditor(c, rev, formOf(rev));
  });

  app.post(`/kb/revisions/:id${ID}/edit`, x.signedIn, edit, async (c) => {
    const account = c.get('account')!;
    const rev = await getRevision(x.db, revisionId(c));
    if (!rev) return notFound(c);
    const f = await formFields(c);
    const { problems, content } = checkRevision(rev.slug, rev.kind, f.form, needCodes());
    if (problems.length > 0) return draftEditor(c, rev, f.form, { problems }, 422);
    if (f.intent === 'preview') return draftEditor(c, rev, f.form, { preview: pendingPreview(c, rev.slug, rev.locale as Locale, rev.kind, content!) });
    const result = await saveDraft(x.db, account, rev.id, content!);
    if (!result.ok) return draftEditor(c, rev, f.form, { errors: [refusalText(c, result.problem, rev.kind)] }, refusalStatus(result.problem));
    await audit(x.db, account.id, 'kb.draft', undefined, `${rev.slug}/${rev.locale} #${rev.id}`);
    return c.redirect(`${kb}/revisions/${rev.id}?done=saved`, 303);
  });

  // ---- An article in one language ---------------------------------------------------------------------
  app.get(`/kb/:slug${SLUG}/:locale${LOCALE}`, x.signedIn, edit, async (c) => {
    const account = c.get('account')!;
    const slug = c.req.param('slug');
    const locale = c.req.param('locale') as Locale;
    const { article, revisions } = await articleHistory(x.db, slug, locale);
    if (!article && revisions.length === 0) return notFound(c);
    const other = await articleHistory(x.db, slug, locale === 'ru' ? 'en' : 'ru');
    const done = c.req.query('done');
    const preview =
      article &&
      (article.verifiedAt
        ? previewBubbles(slug, locale, article, { name: article.verifiedByName ?? '', role: article.verifiedByRole ?? '', at: article.verifiedAt }, settings())
        : pendingPreview(c, slug, locale, article.kind, article));
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
        notice={done === 'published' ? say(c, 'console-kb-done-published') : undefined}
      />,
    );
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
    return { slug, locale, kind: article?.kind ?? revisions[0]!.kind, title: article?.title ?? source.title, form: formOf(source) };
  };
  const versionEditor = (c: Context<ConsoleEnv>, b: NonNullable<Awaited<ReturnType<typeof versionBase>>>, form: RevisionForm, props: { problems?: FieldProblem[]; errors?: string[]; preview?: ReturnType<typeof pendingPreview> } = {}, status: ContentfulStatusCode = 200) =>
    render(
      c,
      <EditorPage
        chrome={chromeOf(x, c)}
        mode="version"
        action={`${kb}/${b.slug}/${b.locale}/edit`}
        heading={say(c, 'console-kb-version-title', { title: b.title })}
        values={{ ...form, slug: b.slug, locale: b.locale, kind: b.kind }}
        {...props}
      />,
      status,
    );

  app.get(`/kb/:slug${SLUG}/:locale${LOCALE}/edit`, x.signedIn, edit, async (c) => {
    const b = await versionBase(c);
    return b ? versionEditor(c, b, b.form) : notFound(c);
  });

  app.post(`/kb/:slug${SLUG}/:locale${LOCALE}/edit`, x.signedIn, edit, async (c) => {
    const account = c.get('account')!;
    const b = await versionBase(c);
    if (!b) return notFound(c);
    const f = await formFields(c);
    const { problems, content } = checkRevision(b.slug, b.kind, f.form, needCodes());
    if (problems.length > 0) return versionEditor(c, b, f.form, { problems }, 422);
    if (f.intent === 'preview') return versionEditor(c, b, f.form, { preview: pendingPreview(c, b.slug, b.locale, b.kind, content!) });
    const result = await createDraft(x.db, account, { slug: b.slug, locale: b.locale, kind: b.kind as KbKind, isNew: false }, content!, x.now());
    if (!result.ok) return versionEditor(c, b, f.form, { errors: [refusalText(c, result.problem)] }, refusalStatus(result.problem));
    await audit(x.db, account.id, 'kb.draft', undefined, `${b.slug}/${b.locale} #${result.revision.id}`);
    return c.redirect(`${kb}/revisions/${result.revision.id}?done=saved`, 303);
  });

  // ---- Withdrawing -------------------------------------------------------------------------------------
  app.post(`/kb/:slug${SLUG}/withdraw`, x.signedIn, publish, async (c) => {
    const account = c.get('account')!;
    const slug = c.req.param('slug');
    const locale = fieldString((await c.req.parseBody()).locale, 5) === 'en' ? 'en' : 'ru';
    const result = await withdrawArticle(x.db, account, slug, x.now());
    if (!result.ok) {
      if (result.problem === 'not-found') return notFound(c);
      const { article, revisions } = await articleHistory(x.db, slug, locale);
      return render(
        c,
        <ArticlePage
          chrome={chromeOf(x, c)}
          slug={slug}
          locale={locale}
          kind={article?.kind ?? revisions[0]?.kind ?? 'medical'}
          article={article}
          revisions={revisions}
          canEdit
          canWithdraw
          otherExists
          errors={[refusalText(c, result.problem)]}
        />,
        refusalStatus(result.problem),
      );
    }
    await audit(x.db, account.id, 'kb.withdraw', undefined, slug);
    x.log.info({ event: 'console.kb.withdraw' });
    await reloadBot();
    return c.redirect(`${kb}?done=withdrawn`, 303);
  });
  return app;
}
