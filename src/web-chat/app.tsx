import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { streamSSE } from 'hono/streaming';
import { readFileSync } from 'node:fs';
import type { Locale } from '../config.ts';
import { isSecureRequest, requestHost, trustProxies, type TrustedProxies } from '../http/client-address.ts';
import { describesEmergency } from '../emergency/actions.ts';
import { EventLoop } from '../http/event-loop.ts';
import { t } from '../i18n/index.ts';
import { localTimeOf } from '../organisation/mobile-units.ts';
import { formatTodayAndTomorrow, formatWeek } from '../organisation/format.ts';
import { formatText } from '../bot-api/format.ts';
import { MENU_ARTICLES } from '../telegram/client/menu.ts';
import { safeError } from '../log.ts';
import {
  endConversation,
  findConversation,
  formToken,
  isOfferedSecret,
  lastMessageId,
  offerSecret,
  pageMessages,
  pressOnPage,
  sendFromPage,
  setPageLocale,
  startWith,
  WEB_MESSAGE_MAX,
  type Conversation,
  type Sent,
  type WebChatDeps,
} from './conversations.ts';
import { CHAT_CSS } from './style.ts';
import { CHAT_PATH, ConversationPage, EndConfirm, INFO_TOPICS, InfoPage, Landing, MessageItems, Notice, Watcher, type Frame, type InfoTopic, type LandingProps } from './views.tsx';

const COOKIE = 'nr_chat';
/** The verified articles the overdose page lists under the first steps. */
const OVERDOSE_ARTICLES = ['overdose-response', 'naloxone', 'stimulant-overdose', 'sedatives-alcohol-mix'];
const REMEMBER_DAYS = 30;
/** The no-script watcher's default interval while a conversation is open. */
const WATCH_DEFAULT_S = 30;
/** A form carries a message of at most WEB_MESSAGE_MAX characters; anything far larger is refused unread. */
const BODY_LIMIT = 64 * 1024;

/**
 * Every answer of the chat: nothing from another origin can load or be loaded (the watcher frame is
 * our own), no referrer leaves with the secret link, nothing is cached anywhere on the way.
 */
const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "frame-src 'self'",
  "frame-ancestors 'self'",
  "form-action 'self'",
  "base-uri 'none'",
].join('; ');

const SCRIPTS: Record<string, string> = {
  'chat.js': readFileSync(new URL('./static/chat.js', import.meta.url), 'utf8'),
  'pow.js': readFileSync(new URL('./static/pow.js', import.meta.url), 'utf8'),
};

export interface WebChatOptions {
  defaultLocale: Locale;
  trustedProxies: TrustedProxies;
}

/**
 * The anonymous web chat, a Hono app mounted at /chat (on the main server, and alone on CHAT_PORT).
 * It never reads the peer's address, the user agent or the referrer, and logs none of them.
 */
export function createWebChatApp(w: WebChatDeps, opts: WebChatOptions): Hono {
  const app = new Hono();
  const settings = () => w.d.settings;

  app.use('*', trustProxies(opts.trustedProxies));
  app.use('*', async (c, next) => {
    await next();
    c.header('content-security-policy', CSP);
    c.header('referrer-policy', 'no-referrer');
    c.header('x-content-type-options', 'nosniff');
    c.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
    c.header('cross-origin-opener-policy', 'same-origin');
    c.header('cross-origin-resource-policy', 'same-origin');
    if (!c.req.path.startsWith(`${CHAT_PATH}/static/`)) c.header('cache-control', 'no-store');
  });
  app.use(
    '*',
    bodyLimit({
      maxSize: BODY_LIMIT,
      onError: (c) => page(c, <Notice f={frame(localeOf(c))} title={t(localeOf(c), 'web-title')} text={t(localeOf(c), 'web-error-large', { max: WEB_MESSAGE_MAX })} role="alert" />, 413),
    }),
  );
  app.onError((err, c) => {
    w.d.log.error({ event: 'web_chat.error', err: safeError(err) }, 'web chat request failed');
    return page(c, <Notice f={frame(localeOf(c))} title={t(localeOf(c), 'web-title')} text={t(localeOf(c), 'web-error-failed', { numbers: settings().emergencyNumbers.join(', ') })} role="alert" />, 500);
  });
  app.notFound((c) => page(c, <Notice f={frame(localeOf(c))} title={t(localeOf(c), 'web-not-found-title')} text={t(localeOf(c), 'web-gone')} />, 404));

  const frame = (locale: Locale): Frame => ({ locale, org: settings().name[locale], timeOf: (d) => localTimeOf(settings(), d) });
  const page = (c: Context, node: unknown, status = 200) => c.html('<!doctype html>' + String(node), status as 200);

  /** The page's language: asked for (?lang= or the form), else the browser's first of ours, else the default. */
  function localeOf(c: Context, asked?: unknown): Locale {
    const want = asked ?? c.req.query('lang');
    if (want === 'ru' || want === 'en') return want;
    for (const part of (c.req.header('accept-language') ?? '').split(',')) {
      const tag = part.trim().slice(0, 2).toLowerCase();
      if (tag === 'ru' || tag === 'en') return tag;
    }
    return opts.defaultLocale;
  }

  const linkOf = (c: Context, secret: string) => `${isSecureRequest(c) ? 'https' : 'http'}://${requestHost(c)}${CHAT_PATH}/c/${secret}`;

  const remember = (c: Context, secret: string | undefined) => {
    if (secret) setCookie(c, COOKIE, secret, { path: CHAT_PATH, httpOnly: true, sameSite: 'Strict', secure: isSecureRequest(c), maxAge: REMEMBER_DAYS * 86400 });
    else deleteCookie(c, COOKIE, { path: CHAT_PATH, secure: isSecureRequest(c) });
  };

  async function landing(c: Context, locale: Locale, extra: Partial<LandingProps> = {}, status = 200) {
    const saved = getCookie(c, COOKIE);
    const found = saved ? await findConversation(w, saved) : undefined;
    if (saved && !found) remember(c, undefined);
    return page(
      c,
      <Landing
        f={frame(locale)}
        days={settings().retention.messageTextDays}
        offer={offerSecret(w)}
        token={formToken()}
        remembered={found ? `${CHAT_PATH}/c/${found.secret}` : undefined}
        challenge={w.guard.challengeNeeded() ? w.guard.issueChallenge(locale) : undefined}
        {...extra}
      />,
      status,
    );
  }

  async function conversation(c: Context, conv: Conversation, extra: { created?: boolean; error?: string; draft?: string; newAfter?: number } = {}, status = 200) {
    const locale = conv.client.locale as Locale;
    const watch = c.req.query('r');
    return page(
      c,
      <ConversationPage
        f={frame(locale)}
        days={settings().retention.messageTextDays}
        secret={conv.secret}
        pseudonym={conv.client.pseudonym}
        link={linkOf(c, conv.secret)}
        messages={await pageMessages(w, conv)}
        token={formToken()}
        remembered={getCookie(c, COOKIE) === conv.secret}
        watchSeconds={watch !== undefined && /^\d{1,4}$/.test(watch) ? Number(watch) : WATCH_DEFAULT_S}
        {...extra}
      />,
      status,
    );
  }

  /** What a refused send says, above the box that still holds the text. */
  function problemText(locale: Locale, sent: Exclude<Sent, { ok: true }>, length: number): string {
    if (sent.problem === 'empty') return t(locale, 'web-error-empty');
    if (sent.problem === 'too-long') return t(locale, 'web-error-too-long', { length, max: WEB_MESSAGE_MAX });
    return t(locale, sent.problem === 'busy' ? 'web-error-busy' : 'web-error-slow', { seconds: sent.retryAfterSec ?? 10 });
  }

  const withConversation = (handler: (c: Context, conv: Conversation) => Promise<Response>) => async (c: Context) => {
    const conv = await findConversation(w, c.req.param('secret') ?? '');
    if (!conv) return page(c, <Notice f={frame(localeOf(c))} title={t(localeOf(c), 'web-title')} text={t(localeOf(c), 'web-gone')} />, 404);
    return handler(c, conv);
  };

  app.get(`${CHAT_PATH}/static/:file`, (c) => {
    const file = c.req.param('file');
    const headers = { 'cache-control': 'public, max-age=3600' };
    if (file === 'chat.css') return c.body(CHAT_CSS, 200, { ...headers, 'content-type': 'text/css; charset=utf-8' });
    const script = SCRIPTS[file];
    if (script) return c.body(script, 200, { ...headers, 'content-type': 'text/javascript; charset=utf-8' });
    return c.notFound();
  });

  app.get(CHAT_PATH, (c) => landing(c, localeOf(c)));

  app.get(`${CHAT_PATH}/info/:topic`, async (c) => {
    const topic = c.req.param('topic') as InfoTopic;
    if (!INFO_TOPICS.includes(topic)) return c.notFound();
    const locale = localeOf(c);
    const f = frame(locale);
    const body = (html: string | undefined) => (html ? formatText(html, 'HTML', undefined) : undefined);
    if (topic === 'overdose') {
      // The first steps at once; the verified articles behind them, with their sources, under them.
      const articles = w.d.content.titles(OVERDOSE_ARTICLES, locale);
      const slug = c.req.query('a');
      if (slug !== undefined) return articles.some((a) => a.slug === slug) ? page(c, <InfoPage f={f} topic={topic} body={body(w.d.content.render(slug, locale))} />) : c.notFound();
      return page(c, <InfoPage f={f} topic={topic} body={body(w.d.emergency.firstSteps(locale).text)} articles={articles} />);
    }
    if (topic === 'hours') return page(c, <InfoPage f={f} topic={topic} body={body(formatWeek(settings(), w.d.now(), locale))} />);
    if (topic === 'unit') return page(c, <InfoPage f={f} topic={topic} body={body(formatTodayAndTomorrow(settings(), w.d.now(), locale))} />);
    if (topic === 'privacy') return page(c, <InfoPage f={f} topic={topic} body={body(t(locale, 'web-privacy', { days: settings().retention.messageTextDays, pseudonym: '…' }))} />);
    const articles = w.d.content.titles(MENU_ARTICLES[topic], locale);
    const slug = c.req.query('a') ?? (articles.length === 1 ? articles[0]!.slug : undefined);
    if (slug !== undefined) {
      if (!articles.some((a) => a.slug === slug)) return c.notFound();
      return page(c, <InfoPage f={f} topic={topic} body={body(w.d.content.render(slug, locale))} />);
    }
    return page(c, <InfoPage f={f} topic={topic} articles={articles} />);
  });

  /**
   * The first message (or the overdose button) starts a conversation. The start page's forms post
   * to the link they offer, so from the first answer on the address bar shows the conversation's
   * own link, scripts or not; sent again (a reload), the same form finds the conversation it made.
   */
  async function fromStartPage(c: Context, secret: string, form: Record<string, unknown>) {
    const locale = localeOf(c, form.lang);
    const text = typeof form.text === 'string' ? form.text : '';
    const overdose = form.press === 'menu:overdose';
    const token = String(form.t ?? '');
    const wantsCookie = form.remember === '1';
    if (!isOfferedSecret(w, secret, String(form.sig ?? '')) || token === '') {
      return landing(c, locale, { draft: text, remember: wantsCookie, error: t(locale, 'web-error-expired') }, 400);
    }
    const existing = await findConversation(w, secret);
    if (!existing && w.guard.challengeNeeded()) {
      const tried = typeof form.ct === 'string' && form.ct !== '';
      const passed = tried && w.guard.verifyChallenge(String(form.ct), String(form.answer ?? ''), String(form.pow ?? ''));
      if (!passed) {
        // The steps are never held back: an overdose gets them on this very page, the check under them.
        const urgent = overdose || describesEmergency(text);
        const steps = urgent ? formatText(w.d.emergency.firstSteps(locale).text, 'HTML', undefined) : undefined;
        return landing(c, locale, { draft: text, remember: wantsCookie, steps, error: tried ? t(locale, 'web-challenge-wrong') : undefined }, 429);
      }
    }
    if (!overdose) {
      const trimmed = text.trim();
      if (trimmed === '' || trimmed.length > WEB_MESSAGE_MAX) {
        const problem = trimmed === '' ? t(locale, 'web-error-empty') : t(locale, 'web-error-too-long', { length: trimmed.length, max: WEB_MESSAGE_MAX });
        return landing(c, locale, { draft: text, remember: wantsCookie, error: problem }, 422);
      }
    }
    const { conversation: conv, created, sent, newAfter } = await startWith(w, secret, locale, overdose ? { overdose: true, token } : { text, token });
    if (wantsCookie) remember(c, conv.secret);
    if (sent && !sent.ok) return conversation(c, conv, { created, error: problemText(locale, sent, text.trim().length), draft: text }, 429);
    return conversation(c, conv, { created, newAfter });
  }

  app.get(`${CHAT_PATH}/c/:secret`, withConversation((c, conv) => conversation(c, conv)));

  app.post(`${CHAT_PATH}/c/:secret`, async (c) => {
    const form = await c.req.parseBody();
    const secret = c.req.param('secret');
    if (typeof form.sig === 'string') return fromStartPage(c, secret, form);
    return withConversation(async (c, conv) => {
      const quick = typeof form.quick === 'string' ? form.quick : undefined;
      const text = quick ?? (typeof form.text === 'string' ? form.text : '');
      const replyTo = typeof form.reply_to === 'string' && /^\d{1,15}$/.test(form.reply_to) ? Number(form.reply_to) : undefined;
      const token = String(form.t ?? '') || formToken();
      const newAfter = await lastMessageId(w, conv);
      let sent: Sent;
      try {
        sent = await sendFromPage(w, conv, { text, token, replyTo });
      } catch (err) {
        // Whatever broke, the person's words come back to them in the box.
        w.d.log.error({ event: 'web_chat.send_failed', err: safeError(err) }, 'web chat message not handled');
        const numbers = settings().emergencyNumbers.join(', ');
        return conversation(c, conv, { error: t(conv.client.locale as Locale, 'web-error-failed', { numbers }), draft: text }, 500);
      }
      if (!sent.ok) {
        const status = sent.problem === 'slow-down' || sent.problem === 'busy' ? 429 : 422;
        if (sent.retryAfterSec) c.header('retry-after', String(sent.retryAfterSec));
        return conversation(c, conv, { error: problemText(conv.client.locale as Locale, sent, text.trim().length), draft: quick ? '' : text }, status);
      }
      return conversation(c, conv, { newAfter });
    })(c);
  });

  app.post(
    `${CHAT_PATH}/c/:secret/press`,
    withConversation(async (c, conv) => {
      const form = await c.req.parseBody();
      const messageId = Number(form.m);
      const newAfter = await lastMessageId(w, conv);
      const pressed = Number.isSafeInteger(messageId)
        ? await pressOnPage(w, conv, { messageId, data: String(form.d ?? ''), token: String(form.t ?? '') || formToken() })
        : 'no-such-button';
      if (pressed === 'no-such-button') return conversation(c, conv, { error: t(conv.client.locale as Locale, 'web-error-button') }, 409);
      return conversation(c, conv, { newAfter });
    }),
  );

  app.post(
    `${CHAT_PATH}/c/:secret/lang`,
    withConversation(async (c, conv) => {
      const form = await c.req.parseBody();
      if (form.lang === 'ru' || form.lang === 'en') await setPageLocale(w, conv, form.lang);
      return c.redirect(`${CHAT_PATH}/c/${conv.secret}#last`, 303);
    }),
  );

  app.post(
    `${CHAT_PATH}/c/:secret/remember`,
    withConversation(async (c, conv) => {
      const form = await c.req.parseBody();
      remember(c, form.on === '1' ? conv.secret : undefined);
      return c.redirect(`${CHAT_PATH}/c/${conv.secret}#last`, 303);
    }),
  );

  app.post(`${CHAT_PATH}/forget-device`, (c) => {
    remember(c, undefined);
    return c.redirect(CHAT_PATH, 303);
  });

  app.get(
    `${CHAT_PATH}/c/:secret/end`,
    withConversation(async (c, conv) => page(c, <EndConfirm f={frame(conv.client.locale as Locale)} base={`${CHAT_PATH}/c/${conv.secret}`} token={formToken()} />)),
  );

  app.post(
    `${CHAT_PATH}/c/:secret/end`,
    withConversation(async (c, conv) => {
      const locale = conv.client.locale as Locale;
      await endConversation(w, conv);
      if (getCookie(c, COOKIE) === conv.secret) remember(c, undefined);
      return page(c, <Notice f={frame(locale)} title={t(locale, 'web-end')} text={t(locale, 'web-ended')} />);
    }),
  );

  // The no-script watcher: a small frame that checks for new messages and offers to show them.
  app.get(
    `${CHAT_PATH}/c/:secret/watch`,
    withConversation(async (c, conv) => {
      const after = Number(c.req.query('after') ?? 0);
      const r = c.req.query('r') ?? '';
      const seconds = /^\d{1,4}$/.test(r) ? Math.max(Number(r) === 0 ? 0 : 5, Number(r)) : WATCH_DEFAULT_S;
      const newest = await lastMessageId(w, conv);
      return page(c, <Watcher f={frame(conv.client.locale as Locale)} base={`${CHAT_PATH}/c/${conv.secret}`} after={Number.isSafeInteger(after) ? after : 0} seconds={seconds} newest={newest} />);
    }),
  );

  // Where scripts run: the messages after one the page has, as list items to append.
  app.get(
    `${CHAT_PATH}/c/:secret/after/:id`,
    withConversation(async (c, conv) => {
      const after = Number(c.req.param('id'));
      if (!Number.isSafeInteger(after)) return c.notFound();
      const messages = await pageMessages(w, conv, after);
      const f = frame(conv.client.locale as Locale);
      return c.html(String(<MessageItems f={f} base={`${CHAT_PATH}/c/${conv.secret}`} messages={messages} token={formToken()} />));
    }),
  );

  // Where scripts run: a server-sent event each time the page has something new.
  app.get(
    `${CHAT_PATH}/c/:secret/events`,
    withConversation(async (c, conv) => {
      let last = Number(c.req.query('after') ?? 0) || 0;
      let pending = false;
      const loop = new EventLoop();
      const stop = w.transport.listen(conv.client.id, () => {
        pending = true;
        loop.wake();
      });
      // Another instance may have written the page (a reply delivered there): looked at now and then too.
      const poll = setInterval(() => {
        pending = true;
        loop.wake();
      }, 5000);
      return streamSSE(c, async (stream) => {
        try {
          await loop.run(stream, {
            maxMs: 10 * 60_000,
            heartbeatMs: 25_000,
            retryMs: 3000,
            pending: () => pending,
            flush: async (s) => {
              pending = false;
              // Only whether something came: the page fetches and opens the new messages itself.
              const newest = await lastMessageId(w, conv);
              if (newest <= last) return;
              last = newest;
              await s.writeSSE({ event: 'changed', data: String(last) });
            },
          });
        } finally {
          clearInterval(poll);
          stop();
        }
      });
    }),
  );

  return app;
}

