import { Hono } from 'hono';
import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  channelOf,
  createPost,
  deletePost,
  deliveriesOf,
  getPost,
  listPosts,
  PHOTO_MAX_BYTES,
  PHOTO_TYPES,
  renderPost,
  schedulePost,
  sendNow,
  unschedulePost,
  updatePost,
  verifyPost,
  type ChannelActor,
  type ChannelPost,
  type PostInput,
  type Result,
  type RunningChannel,
} from '../../channel/index.ts';
import { telegramLength } from '../../content/articles.ts';
import { refusal, type FieldProblem } from '../../content/revisions.ts';
import type { Locale } from '../../config.ts';
import { t } from '../../i18n/index.ts';
import { localDateOf, localTimeOf, zonedDateTime } from '../../organisation/mobile-units.ts';
import { DEFAULT_SETTINGS } from '../../organisation/settings.ts';
import type { ConsoleEnv } from '../app.tsx';
import type { Bubble } from '../kb/preview.ts';
import { audit, can } from '../policy.ts';
import { chromeOf, fieldString, guard, render, type RoutesContext } from '../routes-context.ts';
import { ChannelListPage, ChannelOffPage, PostEditor, PostPage, type PostFormValues } from './views.tsx';

const MAX_BODY_FIELD = 20_000;
const NOTICES = ['saved', 'scheduled', 'sent', 'unscheduled', 'verified', 'deleted', 'edited'];

/**
 * /channel: posts to the channel (CHANNEL_ID) for coordinators and admins (`channel.post`), with
 * the knowledge base's editor and preview; medical specialists open a medical post to verify it.
 * Without a running channel the page says it is not configured.
 */
export function channelRoutes(x: RoutesContext): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const base = `${x.base}/channel`;
  const settings = () => x.bot?.()?.settings ?? DEFAULT_SETTINGS;
  const say = (c: Context<ConsoleEnv>, id: string, args?: Record<string, string | number>) => t(c.get('locale'), id, args);
  const channel = () => channelOf(x.bot?.());
  const actorOf = (c: Context<ConsoleEnv>): ChannelActor => {
    const a = c.get('account')!;
    return { accountId: a.id, role: a.role, name: a.displayName };
  };
  /** Who may open the pages (those who post, and the medical specialists who verify), and who may post. */
  const viewGuard = guard(x, 'channel.view');
  const postGuard = guard(x, 'channel.post');
  /** The running channel, or the "not configured" page. */
  const withChannel = (run: (c: Context<ConsoleEnv>, ch: RunningChannel) => Promise<Response>) => async (c: Context<ConsoleEnv>) => {
    const ch = channel();
    if (!ch) return render(c, <ChannelOffPage chrome={chromeOf(x, c)} />);
    return run(c, ch);
  };
  const postId = (c: Context<ConsoleEnv>) => {
    const n = Number(c.req.param('id'));
    return Number.isSafeInteger(n) && n > 0 && n <= 2_147_483_647 ? n : 0;
  };
  const preview = (body: string, locale: Locale): Bubble[] => {
    const html = renderPost(body, locale, settings());
    return [{ html, length: telegramLength(html), locale }];
  };
  const refusedText = (c: Context<ConsoleEnv>, r: Exclude<Result, { ok: true }>) => (r.problem === 'telegram' ? say(c, 'console-channel-refused-telegram', { error: r.error ?? '' }) : say(c, `console-channel-refused-${r.problem}`));
  const refusedStatus = (r: Exclude<Result, { ok: true }>): ContentfulStatusCode =>
    r.problems ? 422 : r.problem === 'not-found' ? 404 : r.problem === 'not-allowed' || r.problem === 'own-post' ? 403 : r.problem === 'telegram' ? 502 : 409;

  /** The form as typed; a photo read and checked (type, size). */
  const formOf = async (c: Context<ConsoleEnv>): Promise<{ intent: string; values: PostFormValues; input: PostInput; problems: FieldProblem[] }> => {
    const body = await c.req.parseBody();
    const locale: Locale = body.locale === 'en' ? 'en' : 'ru';
    const values = { body: fieldString(body.body, MAX_BODY_FIELD), locale, medical: body.medical === '1' };
    const input: PostInput = { ...values, removePhoto: body.removePhoto === '1' };
    const problems: FieldProblem[] = [];
    const file = body.photo;
    if (file instanceof File && file.size > 0) {
      if (!(PHOTO_TYPES as readonly string[]).includes(file.type)) problems.push({ field: 'body', code: 'photo-type' });
      else if (file.size > PHOTO_MAX_BYTES) problems.push({ field: 'body', code: 'photo-size' });
      else input.photo = { base64: Buffer.from(await file.arrayBuffer()).toString('base64'), mime: file.type };
    }
    return { intent: fieldString(body.intent, 20), values, input, problems };
  };
  const problemsText = (c: Context<ConsoleEnv>, ps: FieldProblem[]) => ps.filter((p) => p.code.startsWith('photo-')).map((p) => say(c, `console-channel-problem-${p.code}`));
  const onlyBody = (ps: FieldProblem[]) => ps.filter((p) => !p.code.startsWith('photo-'));

  /** "YYYY-MM-DDTHH:MM" in the organisation's zone. */
  const localValue = (at: Date) => `${localDateOf(settings(), at)}T${localTimeOf(settings(), at)}`;

  const postPage = async (c: Context<ConsoleEnv>, post: ChannelPost, extra: Partial<Parameters<typeof PostPage>[0]> = {}, status: ContentfulStatusCode = 200) => {
    const actor = actorOf(c);
    const mayVerify = post.medical && !post.verifiedAt && ['draft', 'scheduled', 'failed'].includes(post.status) && refusal({ id: actor.accountId, role: actor.role }, { status: 'in_review', kind: 'medical', createdBy: post.createdByAccount }, 'verify') === undefined;
    const done = c.req.query('done');
    return render(
      c,
      <PostPage
        chrome={chromeOf(x, c)}
        post={post}
        deliveries={await deliveriesOf(x.db, post.id)}
        preview={preview(post.body, post.locale === 'en' ? 'en' : 'ru')}
        mayPost={can(actor.role, 'channel.post')}
        mayVerify={mayVerify}
        scheduleValue={localValue(post.scheduledAt && post.scheduledAt > x.now() ? post.scheduledAt : new Date(x.now().getTime() + 3_600_000))}
        notice={done && NOTICES.includes(done) ? say(c, `console-channel-done-${done}`) : undefined}
        {...extra}
      />,
      status,
    );
  };

  // ---- The list -------------------------------------------------------------------------------------
  app.get(
    '/channel',
    x.signedIn,
    viewGuard,
    withChannel(async (c, ch) => {
      const done = c.req.query('done');
      return render(
        c,
        <ChannelListPage
          chrome={chromeOf(x, c)}
          channelTitle={ch.title}
          posts={await listPosts(x.db)}
          mayPost={can(c.get('account')!.role, 'channel.post')}
          notice={done && NOTICES.includes(done) ? say(c, `console-channel-done-${done}`) : undefined}
        />,
      );
    }),
  );

  // ---- A new post -------------------------------------------------------------------------------------
  const newEditor = (c: Context<ConsoleEnv>, values: PostFormValues, props: { problems?: FieldProblem[]; errors?: string[]; preview?: Bubble[] } = {}, status: ContentfulStatusCode = 200) =>
    render(c, <PostEditor chrome={chromeOf(x, c)} action={`${base}/new`} heading={say(c, 'console-channel-new')} values={values} sent={false} hasPhoto={false} {...props} />, status);

  app.get(
    '/channel/new',
    x.signedIn,
    postGuard,
    withChannel(async (c, ch) => newEditor(c, { body: '', locale: ch.d.defaultLocale, medical: false })),
  );

  app.post(
    '/channel/new',
    x.signedIn,
    postGuard,
    withChannel(async (c, ch) => {
      const f = await formOf(c);
      if (f.problems.length > 0) return newEditor(c, f.values, { errors: problemsText(c, f.problems) }, 422);
      if (f.intent === 'preview') return newEditor(c, f.values, { preview: preview(f.values.body, f.values.locale as Locale) });
      const result = await createPost(ch.d, actorOf(c), f.input);
      if (!result.ok) return newEditor(c, f.values, { problems: onlyBody(result.problems ?? []), errors: result.problems ? [] : [refusedText(c, result)] }, refusedStatus(result));
      await audit(x.db, actorOf(c).accountId, 'channel.create', undefined, `#${result.post.id}`);
      return c.redirect(`${base}/${result.post.id}?done=saved`, 303);
    }),
  );

  // ---- A post -------------------------------------------------------------------------------------------
  app.get(
    '/channel/:id{[0-9]+}',
    x.signedIn,
    viewGuard,
    withChannel(async (c) => {
      const post = await getPost(x.db, postId(c));
      return post ? postPage(c, post) : c.redirect(base, 303);
    }),
  );

  app.post(
    '/channel/:id{[0-9]+}/edit',
    x.signedIn,
    postGuard,
    withChannel(async (c, ch) => {
      const post = await getPost(x.db, postId(c));
      if (!post) return c.redirect(base, 303);
      const f = await formOf(c);
      if (f.problems.length > 0) return postPage(c, post, { editor: { values: f.values, errors: problemsText(c, f.problems) } }, 422);
      if (f.intent === 'preview') return postPage(c, post, { editor: { values: f.values, preview: preview(f.values.body, f.values.locale as Locale) } });
      const result = await updatePost(ch, actorOf(c), post.id, f.input);
      if (!result.ok) return postPage(c, post, { editor: { values: f.values, problems: onlyBody(result.problems ?? []), errors: result.problems ? [] : [refusedText(c, result)] } }, refusedStatus(result));
      await audit(x.db, actorOf(c).accountId, post.status === 'sent' ? 'channel.edit_sent' : 'channel.edit', undefined, `#${post.id}`);
      return c.redirect(`${base}/${post.id}?done=${post.status === 'sent' ? 'edited' : 'saved'}`, 303);
    }),
  );

  /** A button's action on a post: run, audit, back to the post with a notice (or its page with the refusal). */
  const step = (path: string, guard: MiddlewareHandler<ConsoleEnv>, auditAs: string, done: string, run: (c: Context<ConsoleEnv>, ch: RunningChannel, id: number) => Promise<Result>) =>
    app.post(
      `/channel/:id{[0-9]+}/${path}`,
      x.signedIn,
      guard,
      withChannel(async (c, ch) => {
        const id = postId(c);
        const result = await run(c, ch, id);
        if (!result.ok) {
          const post = await getPost(x.db, id);
          return post ? postPage(c, post, { errors: [refusedText(c, result)] }, refusedStatus(result)) : c.redirect(base, 303);
        }
        await audit(x.db, actorOf(c).accountId, auditAs, undefined, `#${id}`);
        return c.redirect(done === 'deleted' ? `${base}?done=deleted` : `${base}/${id}?done=${done}`, 303);
      }),
    );

  step('schedule', postGuard, 'channel.schedule', 'scheduled', async (c, ch, id) => {
    const at = fieldString((await c.req.parseBody()).at, 30);
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(at);
    const when = m ? zonedDateTime(settings(), m[1]!, m[2]!) : undefined;
    if (!when || Number.isNaN(when.getTime())) return { ok: false, problem: 'wrong-status' };
    return schedulePost(ch.d, actorOf(c), id, when);
  });
  step('send', postGuard, 'channel.send', 'sent', (c, ch, id) => sendNow(ch, actorOf(c), id));
  step('unschedule', postGuard, 'channel.unschedule', 'unscheduled', (c, ch, id) => unschedulePost(ch.d, actorOf(c), id));
  step('verify', viewGuard, 'channel.verify', 'verified', (c, ch, id) => verifyPost(ch.d, actorOf(c), id));
  step('delete', postGuard, 'channel.delete', 'deleted', (c, ch, id) => deletePost(ch, actorOf(c), id));
  return app;
}
