import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { CaseDeps } from '../../cases/deps.ts';
import type { ContentLibrary } from '../../content/library.ts';
import { t } from '../../i18n/index.ts';
import { safeError } from '../../log.ts';
import type { ConsoleEnv } from '../app.tsx';
import { caseSummary, caseTimeline, messageFile, otherCasesOf, referralsOf } from './data.ts';
import { markSeen } from '../inbox/data.ts';
import { nearestStopToday } from '../../organisation/mobile-units.ts';
import { chromeOf, fieldString, FRAME_SCRIPT_PATH, guard as guardOf, render, type RoutesContext } from '../routes-context.ts';
import { audit, can, type Action } from '../policy.ts';
import { addNote } from '../../cases/note.ts';
import { REPLY_MAX_LENGTH, replyToClient } from '../../cases/reply.ts';
import { REASON_MAX_LENGTH } from '../../cases/referral.ts';
import { CasePage, TranscriptPart, type CasePageProps, type NearestStop } from './views.tsx';
import type { Chrome } from '../frame/chrome.tsx';
import { MessagePage } from '../views/pages.tsx';
import type { FailedForm } from './action-views.tsx';
import { reasonCode } from '../../domain/close-reason.ts';
import { taxonomyOf } from '../../domain/taxonomy.ts';
import {
  actingAccount,
  articleFromConsole,
  assignFromConsole,
  caseActionData,
  claimFromConsole,
  closeFromConsole,
  dropFromConsole,
  referExternallyFromConsole,
  referFromConsole,
  consoleActor,
  referralOutcomeFromConsole,
  reopenFromConsole,
  stopFollowUpsFromConsole,
} from './actions.ts';
import { parseCloseForm, parseId, parseOutcome, parseReferForm, withQuickReply, type FormBody } from './forms.ts';
import { UnreadableError } from '../../privacy/vault.ts';

/**
 * What the console needs of the bot to act on cases: the case actions' deps (its Bot API, the
 * staff group, the settings) and, when there, the content library for article titles. The bot's
 * `BotDeps` is one; the console takes it through a getter because the bot starts after the console.
 */
export type ConsoleBotDeps = CaseDeps & { content?: ContentLibrary };

const QUICK_JS = readFileSync(new URL('../static/quick-replies.js', import.meta.url), 'utf8');
const QUICK_SCRIPT_PATH = '/static/quick-replies.js';

/** Telegram lets bots download files up to 20 MB; the media route passes on nothing larger. */
export const MEDIA_MAX_BYTES = 20 * 1024 * 1024;
/** How long Telegram may take to answer getFile and to start sending the file. */
const MEDIA_WAIT_MS = 15_000;

/**
 * The type a file is served with: by kind for photos (Telegram re-encodes them as JPEG) and voice
 * messages (Ogg Opus); otherwise Telegram's, when it is media or a PDF a browser shows safely, and
 * application/octet-stream for anything else (an HTML "document" must never render as a page).
 */
export function mediaType(kind: string, telegramType: string | null): string {
  if (kind === 'photo') return 'image/jpeg';
  if (kind === 'voice') return 'audio/ogg';
  const type = (telegramType ?? '').split(';')[0]!.trim().toLowerCase();
  return /^(?:image\/(?:jpeg|png|gif|webp)|audio\/[a-z0-9.+-]+|video\/[a-z0-9.+-]+|application\/pdf)$/.test(type) ? type : 'application/octet-stream';
}

/** Which notice a finished action's redirect (`?done=`) shows. */
const DONE_NOTICES: Record<string, string> = {
  reply: 'console-reply-sent',
  note: 'console-note-saved',
  claim: 'console-act-done-claim',
  assign: 'console-act-done-assign',
  refer: 'console-act-done-refer',
  external: 'console-act-done-external',
  outcome: 'console-act-done-outcome',
  close: 'console-act-done-close',
  drop: 'console-act-done-drop',
  article: 'console-act-done-article',
  reopen: 'console-act-done-reopen',
  'follow-ups': 'console-act-done-follow-ups',
  'follow-ups-none': 'console-act-done-follow-ups-none',
};

/** A case (`/cases/:id`): its conversation, the reply and note forms, and every action on it. */
export function casesRoutes(x: RoutesContext): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();
  const home = x.base || '/';
  const guard = (action: Action) => guardOf(x, action);
  const fragment = (c: Context<ConsoleEnv>, node: unknown) => c.html(String(node));
  const chrome = (c: Context<ConsoleEnv>): Chrome => chromeOf(x, c);

  app.get(QUICK_SCRIPT_PATH, (c) => c.body(QUICK_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));

  // ---- A case ------------------------------------------------------------------------------------
  const notFound = (c: Context<ConsoleEnv>) => {
    const locale = c.get('locale');
    return render(c, <MessagePage locale={locale} title={t(locale, 'console-case-not-found-title')} text={t(locale, 'console-case-not-found')} href={home} />, 404);
  };
  /** The case number in the address; one past the column's range finds nothing rather than failing. */
  const caseId = (c: Context<ConsoleEnv>) => {
    const n = Number(c.req.param('id'));
    return Number.isSafeInteger(n) && n <= 2_147_483_647 ? n : 0;
  };
  const articleTitle = (locale: 'ru' | 'en') => (slug: string) => x.bot?.()?.content?.titles([slug], locale)[0]?.title;
  /** The nearest stop today from a shared location, by the settings in force (none before the bot starts). */
  const nearestStop = (): NearestStop | undefined => {
    const bot = x.bot?.();
    if (!bot) return undefined;
    return (latitude, longitude) => {
      const n = nearestStopToday(bot.settings, x.now(), latitude, longitude);
      const locale = bot.staffLocale;
      return n ? { distanceMetres: n.distanceMetres, unit: n.visit.unitName[locale], place: n.visit.address[locale], from: n.visit.from, to: n.visit.to } : undefined;
    };
  };

  /** The case page; every showing of the conversation is written to the audit log. */
  const casePage = async (c: Context<ConsoleEnv>, extra: Partial<CasePageProps> = {}, status: ContentfulStatusCode = 200) => {
    const account = c.get('account')!;
    const id = caseId(c);
    const kase = await caseSummary(x.db, x.vault, id);
    if (!kase) return notFound(c);
    const readable = can(account.role, 'transcript.view');
    const entries = readable ? await caseTimeline(x.db, x.vault, id) : undefined;
    await audit(x.db, account.id, readable ? 'transcript.view' : 'case.view', id);
    if (readable) await markSeen(x.db, account.id, id);
    const done = DONE_NOTICES[c.req.query('done') ?? ''];
    const locale = c.get('locale');
    const seesClients = can(account.role, 'clients.view');
    return render(
      c,
      <CasePage
        chrome={chrome(c)}
        kase={kase}
        entries={entries}
        referrals={await referralsOf(x.db, x.vault, id)}
        canReply={can(account.role, 'case.reply')}
        canNote={can(account.role, 'case.note')}
        canAssign={can(account.role, 'case.assign')}
        canClose={can(account.role, 'case.close')}
        staffMemberId={account.staffMemberId}
        notice={done ? t(locale, done) : undefined}
        maxLength={REPLY_MAX_LENGTH}
        articleTitle={articleTitle(locale)}
        actions={await caseActionData(x, x.bot?.(), id, { locale, query: c.req.query('kb') })}
        quickScript={`${x.base}${QUICK_SCRIPT_PATH}`}
        frameScript={`${x.base}${FRAME_SCRIPT_PATH}`}
        nearest={nearestStop()}
        earlier={seesClients ? await otherCasesOf(x.db, kase.clientId, kase.id) : undefined}
        historyHref={seesClients ? `${x.base}/clients/${kase.clientId}` : undefined}
        {...extra}
      />,
      status,
    );
  };

  app.get('/cases/:id{[0-9]+}', x.signedIn, guard('case.view'), async (c) => {
    if (c.req.query('part') !== 'transcript') return casePage(c);
    if (!can(c.get('account')!.role, 'transcript.view')) return x.forbidden(c);
    const id = caseId(c);
    if (!(await caseSummary(x.db, x.vault, id))) return notFound(c);
    const entries = await caseTimeline(x.db, x.vault, id);
    await audit(x.db, c.get('account')!.id, 'transcript.view', id, 'live');
    await markSeen(x.db, c.get('account')!.id, id);
    return fragment(c, <TranscriptPart chrome={chrome(c)} caseId={id} entries={entries} articleTitle={articleTitle(c.get('locale'))} nearest={nearestStop()} />);
  });

  // ---- A photo, voice message or other file of the transcript, fetched from Telegram ----------------
  const mediaProblem = (c: Context<ConsoleEnv>, which: 'gone' | 'failed' | 'too-big' | 'no-bot', status: ContentfulStatusCode) => {
    const locale = c.get('locale');
    const href = `${x.base}/cases/${caseId(c)}`;
    return render(c, <MessagePage locale={locale} title={t(locale, `console-media-${which}-title`)} text={t(locale, `console-media-${which}`)} href={href} />, status);
  };

  app.get('/cases/:id{[0-9]+}/media/:message{[0-9]+}', x.signedIn, guard('transcript.view'), async (c) => {
    const account = c.get('account')!;
    const id = caseId(c);
    const n = Number(c.req.param('message'));
    const messageId = Number.isSafeInteger(n) ? n : 0;
    // Only a message of this case that still has its file (retention erases the reference).
    const file = await messageFile(x.db, x.vault, id, messageId);
    if (!file) return mediaProblem(c, 'gone', 404);
    const bot = x.bot?.();
    if (!bot) return mediaProblem(c, 'no-bot', 503);
    const failed = (stage: string, err?: unknown) => {
      // Never the file_id, the file's path or the URL (it holds the bot's token).
      x.log.warn({ event: 'console.media_failed', case: id, message: messageId, stage, ...(err ? { err: safeError(err) } : {}) }, 'media not fetched from Telegram');
      return mediaProblem(c, 'failed', 502);
    };
    const waiting = new AbortController();
    const timer = setTimeout(() => waiting.abort(), MEDIA_WAIT_MS);
    const stop = () => waiting.abort();
    c.req.raw.signal?.addEventListener('abort', stop);
    let upstream: Response;
    try {
      let info;
      try {
        info = await bot.api.getFile(file.fileId, waiting.signal as Parameters<typeof bot.api.getFile>[1]);
      } catch (err) {
        // Telegram answers "Bad Request: file is too big" for files over its limit for bots.
        if (/too big/i.test(safeError(err).description ?? '')) return mediaProblem(c, 'too-big', 502);
        return failed('getFile', err);
      }
      if (info.file_size !== undefined && info.file_size > MEDIA_MAX_BYTES) return mediaProblem(c, 'too-big', 502);
      if (!info.file_path) return failed('no-path');
      const apiRoot = bot.api.options?.apiRoot ?? 'https://api.telegram.org';
      const fetchFile = (bot.api.options?.fetch as typeof fetch | undefined) ?? fetch;
      const path = info.file_path.split('/').map(encodeURIComponent).join('/');
      try {
        upstream = await fetchFile(`${apiRoot}/file/bot${bot.api.token}/${path}`, { signal: waiting.signal });
      } catch (err) {
        return failed('download', { name: err instanceof Error ? err.name : typeof err });
      }
    } finally {
      clearTimeout(timer);
      c.req.raw.signal?.removeEventListener('abort', stop);
    }
    if (!upstream.ok || !upstream.body) {
      await upstream.body?.cancel().catch(() => {});
      return failed('download', { name: 'HttpStatus', code: upstream.status });
    }
    const length = Number(upstream.headers.get('content-length') ?? NaN);
    if (length > MEDIA_MAX_BYTES) {
      await upstream.body.cancel().catch(() => {});
      return mediaProblem(c, 'too-big', 502);
    }
    await audit(x.db, account.id, 'transcript.media', id, String(messageId));
    // Counted as it passes: a file that turns out larger than the cap is cut off with an error.
    let seen = 0;
    const capped = upstream.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, out) {
          seen += chunk.byteLength;
          if (seen > MEDIA_MAX_BYTES) out.error(new Error('file larger than the limit'));
          else out.enqueue(chunk);
        },
      }),
    );
    return c.body(capped, 200, {
      'Content-Type': mediaType(file.kind, upstream.headers.get('content-type')),
      'Content-Disposition': 'inline',
      'Cache-Control': 'no-store',
      ...(Number.isFinite(length) && length >= 0 ? { 'Content-Length': String(length) } : {}),
    });
  });

  app.post('/cases/:id{[0-9]+}/reply', x.signedIn, guard('case.reply'), async (c) => {
    const account = await actingAccount(x, c.get('account')!);
    const locale = c.get('locale');
    const id = caseId(c);
    const text = fieldString((await c.req.parseBody()).text, REPLY_MAX_LENGTH + 1000);
    const again = (problem: string, status: ContentfulStatusCode) =>
      casePage(c, { replyText: text, replyErrors: [t(locale, `console-reply-${problem}`, { max: REPLY_MAX_LENGTH })] }, status);
    const bot = x.bot?.();
    if (!bot) return again('no-bot', 503);
    let result;
    try {
      result = await replyToClient(bot, consoleActor(account), { caseId: id, text });
    } catch (err) {
      x.log.error({ event: 'console.reply_error', case: id, err: safeError(err) }, 'console reply failed');
      return again('failed', 502);
    }
    // What went (or was meant to go) to a client is traced; a form sent back unfilled is not.
    if (!result.ok && result.problem === 'already-sent') return again('failed', 409);
    if (result.ok || result.problem === 'blocked' || result.problem === 'failed') await audit(x.db, account.id, 'case.reply', id, result.ok ? undefined : result.problem);
    if (result.ok) return c.redirect(`${x.base}/cases/${id}?done=reply#now`, 303);
    if (result.problem === 'not-found') return notFound(c);
    return again(result.problem, result.problem === 'blocked' || result.problem === 'failed' ? 502 : 422);
  });

  app.post('/cases/:id{[0-9]+}/notes', x.signedIn, guard('case.note'), async (c) => {
    const account = await actingAccount(x, c.get('account')!);
    const locale = c.get('locale');
    const id = caseId(c);
    const text = fieldString((await c.req.parseBody()).text, REPLY_MAX_LENGTH + 1000);
    const result = await addNote(x, consoleActor(account), { caseId: id, text });
    if (result === 'not-found') return notFound(c);
    if (result !== 'ok') return casePage(c, { noteText: text, noteErrors: [t(locale, `console-note-${result}`, { max: REPLY_MAX_LENGTH })] }, 422);
    await audit(x.db, account.id, 'case.note', id);
    x.log.info({ event: 'console.note', case: id }, 'note added from the console');
    return c.redirect(`${x.base}/cases/${id}?done=note#notes-title`, 303);
  });

  // ---- Acting on a case: claim, assign, refer, outcomes, close, drop, articles, quick replies -------
  type Outcome = { done: string; detail?: string } | { failed: Omit<FailedForm, 'form'>; status: ContentfulStatusCode } | 'not-found';
  const problem = (locale: 'ru' | 'en', id: string, status: ContentfulStatusCode, invalid: string[] = [], values: Record<string, string> = {}, args?: Record<string, string | number>) => ({
    failed: { errors: [t(locale, id, args)], invalid, values },
    status,
  });

  /**
   * One action from the case page: the policy's guard, the form read, the action run as the
   * signed-in account, the audit entry, then back to the case (or the form again with its errors).
   */
  const action = (path: string, policy: Action, form: FailedForm['form'], auditAs: string, run: (c: Context<ConsoleEnv>, bot: ConsoleBotDeps, body: FormBody) => Promise<Outcome>) =>
    app.post(`/cases/:id{[0-9]+}/${path}`, x.signedIn, guard(policy), async (c) => {
      // The run reads the account from the context: it acts as a person who can hold the case.
      const account = await actingAccount(x, c.get('account')!);
      c.set('account', account);
      const locale = c.get('locale');
      const id = caseId(c);
      const body = (await c.req.parseBody({ all: true })) as FormBody;
      const ref = c.req.param('ref' as never) as string | undefined;
      const again = (failed: Omit<FailedForm, 'form'>, status: ContentfulStatusCode) => casePage(c, { failed: { form, ...(ref ? { referralId: Number(ref) } : {}), ...failed } }, status);
      const bot = x.bot?.();
      if (!bot) return again(problem(locale, 'console-act-no-bot', 503).failed, 503);
      let outcome: Outcome;
      try {
        outcome = await run(c, bot, body);
      } catch (err) {
        // What was typed or chosen comes back with the error, to try again once the page shows what was done.
        const values = Object.fromEntries(Object.entries(body).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])));
        // The client's address was sealed under a destroyed key: nothing can reach them, say so.
        if (err instanceof UnreadableError) return again(problem(locale, 'console-reply-unreachable', 409, [], values).failed, 409);
        x.log.error({ event: 'console.case_action_error', action: auditAs, case: id, err: safeError(err) }, 'console case action failed');
        const draft = form === 'close' ? parseCloseForm(body, taxonomyOf(bot.settings)).draft : undefined;
        return again({ ...problem(locale, 'console-act-failed', 502, [], values).failed, draft }, 502);
      }
      if (outcome === 'not-found') return notFound(c);
      if ('failed' in outcome) return again(outcome.failed, outcome.status);
      await audit(x.db, account.id, auditAs, id, outcome.detail);
      x.log.info({ event: `console.${auditAs}`, case: id }, 'case action from the console');
      return c.redirect(`${x.base}/cases/${id}?done=${outcome.done}#now`, 303);
    });
  const closedProblem = (locale: 'ru' | 'en', values: Record<string, string> = {}) => problem(locale, 'console-act-closed', 409, [], values);

  action('claim', 'case.assign', 'claim', 'case.claim', async (c, bot) => {
    const locale = c.get('locale');
    const result = await claimFromConsole(bot, caseId(c), c.get('account')!);
    if (result === 'ok') return { done: 'claim' };
    if (result === 'not-found') return result;
    if (result === 'unlinked') return problem(locale, 'console-act-claim-unlinked', 409);
    if (result === 'closed') return closedProblem(locale);
    return problem(locale, 'console-act-claim-taken', 409, [], {}, { name: result.taken });
  });

  action('assign', 'case.assign', 'assign', 'case.assign', async (c, bot, body) => {
    const locale = c.get('locale');
    const member = parseId(body, 'member');
    const values = { member: String(member ?? '') };
    const result = await assignFromConsole(bot, caseId(c), member, c.get('account')!);
    if (result === 'ok') return { done: 'assign', detail: `staff:${member}` };
    if (result === 'not-found') return result;
    if (result === 'closed') return closedProblem(locale, values);
    return problem(locale, 'console-act-assign-member', 422, ['member'], values);
  });

  action('refer', 'case.assign', 'refer', 'case.refer', async (c, bot, body) => {
    const locale = c.get('locale');
    const { input, problems } = parseReferForm(body);
    const values = { role: input.role, person: String(input.staffMemberId ?? ''), reason: input.reason };
    if (problems.length > 0) {
      return { failed: { errors: problems.map((p) => t(locale, `console-act-refer-problem-${p}`, { max: REASON_MAX_LENGTH })), invalid: problems.map((p) => (p === 'role' ? 'role' : 'reason')), values }, status: 422 };
    }
    const result = await referFromConsole(bot, caseId(c), input, c.get('account')!);
    if (result === 'ok') return { done: 'refer', detail: `role:${input.role}` };
    if (result === 'not-found') return result;
    if (result === 'closed') return closedProblem(locale, values);
    return problem(locale, 'console-act-refer-problem-person', 422, ['person'], values);
  });

  action('external', 'case.assign', 'external', 'case.refer', async (c, bot, body) => {
    const locale = c.get('locale');
    const organisation = parseId(body, 'organisation');
    const values = { organisation: String(organisation ?? '') };
    const result = await referExternallyFromConsole(bot, caseId(c), organisation, c.get('account')!);
    if (result === 'ok') return { done: 'external', detail: `organisation:${organisation}` };
    if (result === 'not-found') return result;
    if (result === 'closed') return closedProblem(locale, values);
    if (result === 'blocked') return problem(locale, 'console-act-blocked', 502, [], values);
    return problem(locale, result === 'unverified' ? 'console-act-external-problem-unverified' : 'console-act-external-problem-choose', 422, ['organisation'], values);
  });

  action('referrals/:ref{[0-9]+}/outcome', 'case.assign', 'outcome', 'case.referral_outcome', async (c, bot, body) => {
    const locale = c.get('locale');
    const referralId = Number(c.req.param('ref'));
    const outcome = parseOutcome(body);
    if (!outcome) return { failed: { errors: [t(locale, 'console-act-outcome-problem')], invalid: ['outcome'], values: {}, referralId }, status: 422 };
    const result = await referralOutcomeFromConsole(bot, caseId(c), Number.isSafeInteger(referralId) ? referralId : undefined, outcome, c.get('account')!);
    return result === 'ok' ? { done: 'outcome', detail: `referral:${referralId}:${outcome}` } : result;
  });

  action('close', 'case.close', 'close', 'case.close', async (c, bot, body) => {
    const locale = c.get('locale');
    const { draft, contact } = parseCloseForm(body, taxonomyOf(bot.settings));
    // Closing a case nobody answered says so first, with what the client will receive.
    const summary = body.unanswered === '1' ? undefined : await caseSummary(x.db, x.vault, caseId(c));
    if (summary && !summary.answered && summary.status !== 'closed') {
      return { failed: { errors: [t(locale, 'console-close-unanswered-required')], invalid: ['unanswered'], values: { contact }, draft }, status: 422 };
    }
    const result = await closeFromConsole(bot, caseId(c), draft, contact, c.get('account')!);
    if (result.ok) return { done: 'close', detail: `outcome:${draft.outcome}` };
    if (result.problem === 'not-found') return 'not-found';
    const values = { contact };
    if (result.problem === 'closed') return closedProblem(locale, values);
    if (result.problem !== 'missing') return 'not-found';
    return {
      failed: {
        errors: [t(locale, 'console-act-record-missing', { fields: result.fields.map((f) => t(locale, f)).join(', ') })],
        invalid: result.fields.map((f) => (f === 'record-needs' ? 'needs' : 'outcome')),
        values,
        draft,
      },
      status: 422,
    };
  });

  action('drop', 'case.close', 'drop', 'case.drop', async (c, bot, body) => {
    const locale = c.get('locale');
    const reason = fieldString(body.reason, REASON_MAX_LENGTH + 100);
    const values = { reason };
    const result = await dropFromConsole(bot, caseId(c), reason, c.get('account')!);
    if (result === 'ok') return { done: 'drop', detail: `reason:${reasonCode(reason)}` };
    if (result === 'not-found') return result;
    if (result === 'closed') return closedProblem(locale, values);
    return problem(locale, `console-act-drop-problem-${result}`, 422, ['reason'], values, { max: REASON_MAX_LENGTH });
  });

  action('reopen', 'case.close', 'reopen', 'case.reopen', async (c, bot) => {
    const locale = c.get('locale');
    const result = await reopenFromConsole(bot, caseId(c), c.get('account')!);
    if (result === 'ok') return { done: 'reopen' };
    if (result === 'not-found') return result;
    return problem(locale, `console-act-reopen-${result}`, 409);
  });

  action('follow-ups/stop', 'case.assign', 'follow-ups', 'case.stop_follow_ups', async (c, bot) => {
    const result = await stopFollowUpsFromConsole(bot, caseId(c), c.get('account')!);
    if (result === 'not-found') return result;
    return { done: result === 'ok' ? 'follow-ups' : 'follow-ups-none' };
  });

  action('article', 'case.reply', 'article', 'case.article', async (c, bot, body) => {
    const locale = c.get('locale');
    const slug = fieldString(body.slug, 200);
    const result = await articleFromConsole(bot, caseId(c), slug, c.get('account')!);
    if (result === 'ok') return { done: 'article', detail: `article:${slug}` };
    if (result === 'not-found') return result;
    if (result === 'closed') return closedProblem(locale);
    if (result === 'blocked') return problem(locale, 'console-act-blocked', 502);
    return problem(locale, 'console-act-article-unverified', 422);
  });

  // Without scripts, a quick reply comes back in the reply box after what was typed (nothing is sent).
  app.post('/cases/:id{[0-9]+}/quick', x.signedIn, guard('case.reply'), async (c) => {
    const body = await c.req.parseBody();
    const typed = fieldString(body.text, REPLY_MAX_LENGTH + 1000);
    const quickId = fieldString(body.quick, 60);
    const data = await caseActionData(x, x.bot?.(), caseId(c), { locale: c.get('locale') });
    if (!data) return notFound(c);
    const quick = data.quickReplies.find((q) => q.id === quickId);
    return casePage(c, { replyText: quick ? withQuickReply(typed, quick.text) : typed });
  });
  return app;
}
