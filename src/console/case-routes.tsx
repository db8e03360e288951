import { readFileSync } from 'node:fs';
import type { Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { CaseDeps } from '../cases/deps.ts';
import type { ContentLibrary } from '../content/library.ts';
import { t } from '../i18n/index.ts';
import { safeError } from '../log.ts';
import type { ConsoleEnv } from './app.tsx';
import { caseSummary, listInbox, parseFilters, referralsOf, transcript } from './case-data.ts';
import { liveEvents } from './live.ts';
import { chromeOf, fieldString, guard as guardOf, LIVE_SCRIPT_PATH, render, type RoutesContext } from './routes-context.ts';
import { audit, can, type Action } from './policy.ts';
import { noteFromConsole, REPLY_MAX_LENGTH, replyFromConsole } from './reply.ts';
import { CasePage, InboxList, InboxPage, TranscriptPart, type CasePageProps, type Chrome } from './views/cases.tsx';
import { HomePage, MessagePage } from './views/pages.tsx';

/**
 * What the console needs of the bot to act on cases: the case actions' deps (its Bot API, the
 * staff group, the settings) and, when there, the content library for article titles. The bot's
 * `BotDeps` is one; the console takes it through a getter because the bot starts after the console.
 */
export type ConsoleBotDeps = CaseDeps & { content?: ContentLibrary };

const LIVE_JS = readFileSync(new URL('./static/live.js', import.meta.url), 'utf8');

/** The inbox (`/`), a case (`/cases/:id`) with its reply and note forms, live events and the live script. */
export function registerCaseRoutes(app: Hono<ConsoleEnv>, x: RoutesContext): void {
  const home = x.base || '/';
  const guard = (action: Action) => guardOf(x, action);
  const fragment = (c: Context<ConsoleEnv>, node: unknown) => c.html(String(node));
  const chrome = (c: Context<ConsoleEnv>): Chrome => chromeOf(x, c);

  app.get(LIVE_SCRIPT_PATH, (c) => c.body(LIVE_JS, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));

  // ---- Inbox -------------------------------------------------------------------------------------
  app.get('/', x.signedIn, async (c, next) => {
    const account = c.get('account')!;
    // Roles without case work (researchers) get the signed-in page; the list itself is guarded.
    if (!can(account.role, 'inbox.view') && c.req.query('part') === undefined) {
      return render(
        c,
        <HomePage locale={c.get('locale')} csrf={x.csrf(c)} logoutAction={`${x.base}/logout`} account={account} enrolHref={account.totpEnabledAt ? undefined : `${x.base}/totp/enrol`} reportsHref={can(account.role, 'reports.view') ? `${x.base}/reports` : undefined} />,
      );
    }
    await next();
  });
  app.get('/', guard('inbox.view'), async (c) => {
    const account = c.get('account')!;
    const filters = parseFilters((n) => c.req.query(n));
    const rows = await listInbox(x.db, x.vault, filters, account.staffMemberId);
    const ch = chrome(c);
    if (c.req.query('part') === 'list') return fragment(c, <InboxList chrome={ch} rows={rows} />);
    return render(c, <InboxPage chrome={ch} rows={rows} filters={filters} linked={account.staffMemberId !== null} enrolHref={account.totpEnabledAt ? undefined : `${x.base}/totp/enrol`} />);
  });

  app.get('/events', x.signedIn, guard('inbox.view'), (c) => liveEvents(c, x.db, x.live));

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

  /** The case page; every showing of the conversation is written to the audit log. */
  const casePage = async (c: Context<ConsoleEnv>, extra: Partial<CasePageProps> = {}, status: ContentfulStatusCode = 200) => {
    const account = c.get('account')!;
    const id = caseId(c);
    const kase = await caseSummary(x.db, x.vault, id);
    if (!kase) return notFound(c);
    const readable = can(account.role, 'transcript.view');
    const entries = readable ? await transcript(x.db, x.vault, id) : undefined;
    await audit(x.db, account.id, readable ? 'transcript.view' : 'case.view', id);
    const done = c.req.query('done');
    const locale = c.get('locale');
    return render(
      c,
      <CasePage
        chrome={chrome(c)}
        kase={kase}
        entries={entries}
        referrals={await referralsOf(x.db, x.vault, id)}
        canReply={can(account.role, 'case.reply')}
        canNote={can(account.role, 'case.note')}
        notice={done === 'reply' ? t(locale, 'console-reply-sent') : done === 'note' ? t(locale, 'console-note-saved') : undefined}
        maxLength={REPLY_MAX_LENGTH}
        articleTitle={articleTitle(locale)}
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
    const entries = await transcript(x.db, x.vault, id);
    await audit(x.db, c.get('account')!.id, 'transcript.view', id, 'live');
    return fragment(c, <TranscriptPart chrome={chrome(c)} entries={entries} articleTitle={articleTitle(c.get('locale'))} />);
  });

  app.post('/cases/:id{[0-9]+}/reply', x.signedIn, guard('case.reply'), async (c) => {
    const account = c.get('account')!;
    const locale = c.get('locale');
    const id = caseId(c);
    const text = fieldString((await c.req.parseBody()).text, REPLY_MAX_LENGTH + 1000);
    const again = (problem: string, status: ContentfulStatusCode) =>
      casePage(c, { replyText: text, replyErrors: [t(locale, `console-reply-${problem}`, { max: REPLY_MAX_LENGTH })] }, status);
    const bot = x.bot?.();
    if (!bot) return again('no-bot', 503);
    let result;
    try {
      result = await replyFromConsole(bot, { caseId: id, text, author: { name: account.displayName, staffMemberId: account.staffMemberId } });
    } catch (err) {
      x.log.error({ event: 'console.reply_error', case: id, err: safeError(err) }, 'console reply failed');
      return again('failed', 502);
    }
    // What went (or was meant to go) to a client is traced; a form sent back unfilled is not.
    if (result.ok || result.problem === 'blocked' || result.problem === 'failed') await audit(x.db, account.id, 'case.reply', id, result.ok ? undefined : result.problem);
    if (result.ok) return c.redirect(`${x.base}/cases/${id}?done=reply`, 303);
    if (result.problem === 'not-found') return notFound(c);
    return again(result.problem, result.problem === 'blocked' || result.problem === 'failed' ? 502 : 422);
  });

  app.post('/cases/:id{[0-9]+}/notes', x.signedIn, guard('case.note'), async (c) => {
    const account = c.get('account')!;
    const locale = c.get('locale');
    const id = caseId(c);
    const text = fieldString((await c.req.parseBody()).text, REPLY_MAX_LENGTH + 1000);
    const result = await noteFromConsole(x, { caseId: id, text, staffMemberId: account.staffMemberId });
    if (result === 'not-found') return notFound(c);
    if (result !== 'ok') return casePage(c, { noteText: text, noteErrors: [t(locale, `console-note-${result}`, { max: REPLY_MAX_LENGTH })] }, 422);
    await audit(x.db, account.id, 'case.note', id);
    x.log.info({ event: 'console.note', case: id }, 'note added from the console');
    return c.redirect(`${x.base}/cases/${id}?done=note`, 303);
  });
}
