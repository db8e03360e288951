import type { Child } from 'hono/jsx';
import type { InlineKeyboardButton, KeyboardButton, MessageEntity, ReplyKeyboardMarkup } from 'grammy/types';
import type { Locale } from '../config.ts';
import type { WebMessage } from '../cases/web-transcript.ts';
import { t } from '../i18n/index.ts';
import { Formatted } from '../http/telegram-text.tsx';
import type { Challenge } from './abuse.ts';

/** Where the chat lives; the separate CHAT_PORT server serves it at the same path. */
export const CHAT_PATH = '/chat';
export const STATIC = `${CHAT_PATH}/static`;

export interface Frame {
  locale: Locale;
  org: string;
  /** Time of day in the organisation's zone (HH:MM). */
  timeOf: (d: Date) => string;
}

/** The other language's link, keeping the page. */
const otherLang = (f: Frame): Locale => (f.locale === 'ru' ? 'en' : 'ru');

function Head(props: { f: Frame; title: string; pow?: boolean }) {
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
      <meta name="referrer" content="no-referrer" />
      <meta name="robots" content="noindex, nofollow" />
      <title>{`${props.title} · ${props.f.org}`}</title>
      <link rel="stylesheet" href={`${STATIC}/chat.css`} />
      <script src={`${STATIC}/chat.js`} defer></script>
      {props.pow ? <script src={`${STATIC}/pow.js`} defer></script> : null}
    </head>
  );
}

function Top(props: { f: Frame; langHref?: string; langForm?: string; compact?: boolean; children?: Child }) {
  const { f } = props;
  const other = otherLang(f);
  return (
    <header class="top">
      <div>
        <h1>{props.compact ? f.org : `${t(f.locale, 'web-title')} · ${f.org}`}</h1>
        {props.children}
      </div>
      {props.langForm ? (
        <form method="post" action={props.langForm} class="lang">
          <input type="hidden" name="lang" value={other} />
          <button class="plain" lang={other}>
            {t(f.locale, 'web-lang-switch')}
          </button>
        </form>
      ) : (
        <a class="lang" href={props.langHref ?? `${CHAT_PATH}?lang=${other}`} lang={other} hreflang={other}>
          {t(f.locale, 'web-lang-switch')}
        </a>
      )}
    </header>
  );
}

export interface LandingProps {
  f: Frame;
  days: number;
  offer: { secret: string; sig: string };
  token: string;
  /** A conversation remembered on this device (its link), when the person asked for that. */
  remembered?: string;
  challenge?: Challenge;
  draft?: string;
  error?: string;
  remember?: boolean;
  /** The verified first steps, shown first when an overdose was described and the check holds the conversation back. */
  steps?: { text: string; entities?: MessageEntity[] };
}

/** The start page: the overdose button, the box to write in, and what can be read without writing. */
export function Landing(p: LandingProps) {
  const { f } = p;
  return (
    <html lang={f.locale}>
      <Head f={f} title={t(f.locale, 'web-title')} pow={Boolean(p.challenge)} />
      <body>
        <Top f={f}>
          <p>{t(f.locale, 'web-tagline', { org: f.org })}</p>
        </Top>
        <main class="page">
          {p.steps ? (
            <div class="alert article" role="alert">
              <Formatted text={p.steps.text} entities={p.steps.entities} opts={{ href: webHref }} />
            </div>
          ) : null}
          {p.remembered ? (
            <div class="box">
              <p>{t(f.locale, 'web-remembered')}</p>
              <p>
                <a href={p.remembered}>{t(f.locale, 'web-continue')}</a>
              </p>
              <form method="post" action={`${CHAT_PATH}/forget-device`}>
                <button class="plain">{t(f.locale, 'web-forget-device')}</button>
              </form>
            </div>
          ) : null}
          <form method="post" action={`${CHAT_PATH}/c/${p.offer.secret}#new`}>
            <OfferFields p={p} />
            <input type="hidden" name="press" value="menu:overdose" />
            <button class="sos">
              {t(f.locale, 'web-overdose-button')}
              <small>{t(f.locale, 'web-overdose-hint')}</small>
            </button>
          </form>
          <form method="post" action={`${CHAT_PATH}/c/${p.offer.secret}#new`} id="write" {...(p.challenge ? { 'data-pow': p.challenge.token, 'data-pow-bits': String(p.challenge.powBits) } : {})}>
            <OfferFields p={p} />
            {p.error ? (
              <p class="alert" role="alert">
                {p.error}
              </p>
            ) : null}
            <label for="text">{t(f.locale, 'web-write-label')}</label>
            <textarea id="text" name="text" maxlength={3000} placeholder={t(f.locale, 'web-write-placeholder')} required autofocus={Boolean(p.error)}>
              {p.draft ?? ''}
            </textarea>
            {p.challenge ? <ChallengeFields f={f} challenge={p.challenge} /> : null}
            <label class="check">
              <input type="checkbox" name="remember" value="1" checked={p.remember} /> <span>{t(f.locale, 'web-remember')}</span>
            </label>
            <p>
              <button class="send">{t(f.locale, 'web-send')}</button>
            </p>
          </form>
          <p class="note">{t(f.locale, 'web-privacy-short', { days: p.days })}</p>
          <p class="note">{t(f.locale, 'web-tor-hint')}</p>
          <h2>{t(f.locale, 'web-menu-title')}</h2>
          <ul class="menu">
            {INFO_TOPICS.map((topic) => (
              <li>
                <a href={`${CHAT_PATH}/info/${topic}?lang=${f.locale}`}>{t(f.locale, infoTitleKey(topic))}</a>
              </li>
            ))}
          </ul>
        </main>
      </body>
    </html>
  );
}

function OfferFields(props: { p: LandingProps }) {
  return (
    <>
      <input type="hidden" name="sig" value={props.p.offer.sig} />
      <input type="hidden" name="t" value={props.p.token} />
      <input type="hidden" name="lang" value={props.p.f.locale} />
    </>
  );
}

function ChallengeFields(props: { f: Frame; challenge: Challenge }) {
  const { f, challenge } = props;
  return (
    <fieldset class="box">
      <legend>{t(f.locale, 'web-challenge-title')}</legend>
      <p class="note">{t(f.locale, 'web-challenge-why')}</p>
      <input type="hidden" name="ct" value={challenge.token} />
      <input type="hidden" name="pow" value="" />
      <label for="answer">{challenge.question}</label>
      <input type="text" id="answer" name="answer" inputmode="numeric" autocomplete="off" />
      <p class="note" data-pow-status data-working={t(f.locale, 'web-pow-working')} data-done={t(f.locale, 'web-pow-done')} aria-live="polite"></p>
    </fieldset>
  );
}

/** What the start page offers to read without starting a conversation. */
export const INFO_TOPICS = ['overdose', 'wounds', 'hiv', 'detox', 'unit', 'hours', 'privacy'] as const;
export type InfoTopic = (typeof INFO_TOPICS)[number];
const infoTitleKey = (topic: InfoTopic) => (topic === 'hours' || topic === 'unit' || topic === 'privacy' ? `web-menu-${topic}` : `menu-${topic}`);

/** A page of verified text (an article, the hours, the mobile unit) or a list of articles. */
export function InfoPage(props: { f: Frame; topic: InfoTopic; body?: { text: string; entities?: MessageEntity[] }; articles?: { slug: string; title: string }[] }) {
  const { f } = props;
  const title = t(f.locale, infoTitleKey(props.topic));
  return (
    <html lang={f.locale}>
      <Head f={f} title={title} />
      <body>
        <Top f={f} langHref={`${CHAT_PATH}/info/${props.topic}?lang=${otherLang(f)}`} />
        <main class="page">
          <p>
            <a href={`${CHAT_PATH}?lang=${f.locale}`}>{t(f.locale, 'web-back-to-chat')}</a>
          </p>
          <h2>{title}</h2>
          {props.body ? (
            <div class="article">
              <Formatted text={props.body.text} entities={props.body.entities} opts={{ href: webHref }} />
            </div>
          ) : null}
          {props.articles ? (
            <ul class="menu">
              {props.articles.map((a) => (
                <li>
                  <a href={`${CHAT_PATH}/info/${props.topic}?lang=${f.locale}&a=${encodeURIComponent(a.slug)}`}>{a.title}</a>
                </li>
              ))}
            </ul>
          ) : null}
        </main>
      </body>
    </html>
  );
}

/** Links in what the bot says: only the open web; a Telegram deep link means nothing on this page. */
const webHref = (url: string): string | undefined => (/^https?:/.test(url) && !/^https?:\/\/t\.me\//.test(url) ? url : undefined);

export interface ConversationProps {
  f: Frame;
  days: number;
  secret: string;
  pseudonym: string;
  /** The page's own address, as the person should save it. */
  link: string;
  messages: WebMessage[];
  token: string;
  created?: boolean;
  error?: string;
  draft?: string;
  remembered: boolean;
  /** How often the no-script watcher checks for new messages (0: not at all). */
  watchSeconds: number;
  /**
   * The page answers an action: the bot's first message after this one is `#new`, and the forms
   * post to `…#new`, so the browser opens the answer at its top without a script (the overdose
   * steps, not the questions after them, are what the eye must meet first).
   */
  newAfter?: number;
}

/** The conversation: its messages with the newest in view, and the box to write in under them. */
export function ConversationPage(p: ConversationProps) {
  const { f } = p;
  const base = `${CHAT_PATH}/c/${p.secret}`;
  const last = p.messages.at(-1);
  const forceReply = [...p.messages].reverse().find((m) => m.author === 'bot');
  const replyTo = forceReply?.markup && 'force_reply' in forceReply.markup ? forceReply : undefined;
  const keyboard = currentKeyboard(p.messages);
  return (
    <html lang={f.locale}>
      <Head f={f} title={t(f.locale, 'web-title')} />
      <body>
        <div class="chat" data-base={base} data-after={String(last?.id ?? 0)}>
          <Top f={f} langForm={`${base}/lang`} compact>
            <p>{t(f.locale, 'web-you-are', { pseudonym: p.pseudonym })}</p>
          </Top>
          <details class={p.created ? 'opts new' : 'opts'}>
            <summary>{t(f.locale, p.created ? 'web-save-link' : 'web-options')}</summary>
            <LinkBox f={f} link={p.link} created={p.created} />
            <p>
              <form method="post" action={`${base}/remember`}>
                <input type="hidden" name="on" value={p.remembered ? '0' : '1'} />
                <button class="plain">{t(f.locale, p.remembered ? 'web-remember-off' : 'web-remember-on')}</button>
              </form>
            </p>
            <p>
              <a href={`${base}/end`}>{t(f.locale, 'web-end')}</a>
            </p>
          </details>
          <div class="log" id="log" tabindex={0} aria-label={t(f.locale, 'web-title')}>
            <ol aria-live="polite">
              <MessageItems f={f} base={base} messages={p.messages} token={p.token} newAfter={p.error ? undefined : p.newAfter} />
            </ol>
          </div>
          {p.watchSeconds >= 0 ? <iframe class="watch" src={`${base}/watch?after=${last?.id ?? 0}&r=${p.watchSeconds}`} title={t(f.locale, 'web-check-now')}></iframe> : null}
          <form class="compose" method="post" action={`${base}#new`} id="write">
            <input type="hidden" name="t" value={p.token} />
            {replyTo ? <input type="hidden" name="reply_to" value={String(replyTo.id)} /> : null}
            {p.error ? (
              <p class="alert" role="alert">
                {p.error}
              </p>
            ) : null}
            {keyboard.length > 0 ? (
              <div class="quick" role="group" aria-label={t(f.locale, 'web-keyboard')}>
                {keyboard.map((label) => (
                  <button name="quick" value={label}>
                    {label}
                  </button>
                ))}
              </div>
            ) : null}
            {replyTo ? (
              <p class="note">
                {t(f.locale, 'web-replying-to')} <q>{replyTo.text.slice(0, 80)}</q>
              </p>
            ) : null}
            <label for="text" class="sr">
              {t(f.locale, 'web-write-label')}
            </label>
            <div class="row">
              <textarea id="text" name="text" maxlength={3000} placeholder={t(f.locale, 'web-write-placeholder')} autofocus={Boolean(p.error)}>
                {p.draft ?? ''}
              </textarea>
              <button class="send">{t(f.locale, 'web-send')}</button>
            </div>
          </form>
        </div>
      </body>
    </html>
  );
}

function LinkBox(props: { f: Frame; link: string; created?: boolean }) {
  const { f } = props;
  return (
    <div class={props.created ? 'ok linkbox' : 'linkbox'}>
      <p>{props.created ? t(f.locale, 'web-link-new') : t(f.locale, 'web-link-title')}</p>
      <p class="link" id="link">
        {props.link}
      </p>
      <p>
        <button type="button" class="plain" data-copy="#link" data-copied={t(f.locale, 'web-copied')} hidden>
          {t(f.locale, 'web-copy')}
        </button>
      </p>
      <p class="note">{t(f.locale, 'web-link-warning')}</p>
    </div>
  );
}

/** The reply keyboard the bot's latest word left in place (its text buttons; a location or contact request cannot be answered here). */
function currentKeyboard(messages: WebMessage[]): string[] {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!.markup;
    if (messages[i]!.author !== 'bot' || !m) continue;
    if ('remove_keyboard' in m) return [];
    if ('keyboard' in m) return (m as ReplyKeyboardMarkup).keyboard.flat().flatMap((b: KeyboardButton) => (typeof b === 'string' ? [b] : 'request_location' in b || 'request_contact' in b ? [] : [b.text]));
  }
  return [];
}

/** The messages as list items (the page, and the fragment a script appends). */
export function MessageItems(props: { f: Frame; base: string; messages: WebMessage[]; token: string; newAfter?: number }) {
  const { f } = props;
  const byId = new Map(props.messages.map((m) => [m.id, m]));
  const after = props.newAfter;
  const firstNew = after === undefined ? undefined : props.messages.find((m) => m.id > after && m.author === 'bot')?.id;
  return (
    <>
      {props.messages.map((m, i) => {
        const quoted = m.replyTo !== undefined ? byId.get(m.replyTo) : undefined;
        const inline = m.author === 'bot' && m.markup && 'inline_keyboard' in m.markup ? m.markup.inline_keyboard : undefined;
        return (
          <li class={m.author === 'client' ? 'msg me' : m.fromStaff ? 'msg staff' : 'msg'} id={m.id === firstNew ? 'new' : i === props.messages.length - 1 ? 'last' : `m${m.id}`} data-id={String(m.id)}>
            <span class="who">{m.author === 'client' ? t(f.locale, 'web-me') : t(f.locale, m.fromStaff ? 'web-staff' : 'web-bot', { org: f.org })}</span>
            {quoted ? <span class="quote">{quoted.text.slice(0, 120)}</span> : null}
            <Formatted text={m.text} entities={m.entities} opts={{ href: webHref }} />
            {inline ? <Buttons base={props.base} messageId={m.id} rows={inline} token={props.token} /> : null}
            <span class="when">
              {f.timeOf(m.at)}
              {m.edited ? ` · ${t(f.locale, 'web-edited')}` : ''}
            </span>
          </li>
        );
      })}
    </>
  );
}

function Buttons(props: { base: string; messageId: number; rows: InlineKeyboardButton[][]; token: string }) {
  return (
    <div class="keys">
      {props.rows.map((row) => (
        <div class="row">
          {row.map((b) => {
            if ('callback_data' in b && b.callback_data !== undefined) {
              return (
                <form method="post" action={`${props.base}/press#new`}>
                  <input type="hidden" name="m" value={String(props.messageId)} />
                  <input type="hidden" name="d" value={b.callback_data} />
                  <input type="hidden" name="t" value={props.token} />
                  <button>{b.text}</button>
                </form>
              );
            }
            const href = 'url' in b && b.url ? webHref(b.url) : undefined;
            return href ? (
              <a href={href} target="_blank" rel="noopener noreferrer nofollow">
                {b.text}
              </a>
            ) : null;
          })}
        </div>
      ))}
    </div>
  );
}

/**
 * The small frame under the conversation that, without scripts, checks for new messages every
 * few seconds and offers to show them; the page itself never reloads on its own, so nothing the
 * person is typing is lost. The interval is theirs to change or stop. `newest` is the page's newest
 * message now: above `after` (the newest the page shows), there is something new to show.
 */
export function Watcher(props: { f: Frame; base: string; after: number; seconds: number; newest: number }) {
  const fresh = props.newest > props.after;
  const { f, base } = props;
  const at = (s: number) => `${base}/watch?after=${props.after}&r=${s}`;
  return (
    <html lang={f.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="referrer" content="no-referrer" />
        {props.seconds > 0 && !fresh ? <meta http-equiv="refresh" content={`${props.seconds};url=${at(props.seconds)}`} /> : null}
        <link rel="stylesheet" href={`${STATIC}/chat.css`} />
      </head>
      <body class="watcher">
        {fresh ? (
          <p class="new">
            {t(f.locale, 'web-new-messages')} ·{' '}
            {/* A query of its own: the page may already be at `base#…`, where a link differing only in its fragment would not reload it. */}
            <a href={`${base}?seen=${props.newest}#last`} target="_top">
              {t(f.locale, 'web-show-new')}
            </a>
          </p>
        ) : (
          <>
            <p>{props.seconds > 0 ? t(f.locale, 'web-waiting', { seconds: props.seconds }) : t(f.locale, 'web-waiting-off')}</p>
            <p role="group" aria-label={t(f.locale, 'web-refresh-every')}>
              <a href={at(props.seconds)}>{t(f.locale, 'web-check-now')}</a>
              {' · '}
              {[10, 30, 60].map((s) => (
                <>
                  <a href={at(s)} aria-current={s === props.seconds ? 'true' : undefined}>
                    {t(f.locale, 'web-every', { seconds: s })}
                  </a>
                  {' · '}
                </>
              ))}
              <a href={at(0)} aria-current={props.seconds === 0 ? 'true' : undefined}>
                {t(f.locale, 'web-refresh-stop')}
              </a>
            </p>
          </>
        )}
      </body>
    </html>
  );
}

export function EndConfirm(props: { f: Frame; base: string; token: string }) {
  const { f } = props;
  return (
    <html lang={f.locale}>
      <Head f={f} title={t(f.locale, 'web-end')} />
      <body>
        <main class="page">
          <h2>{t(f.locale, 'web-end-title')}</h2>
          <p class="pre-line">{t(f.locale, 'web-end-explain')}</p>
          <form method="post" action={`${props.base}/end`}>
            <input type="hidden" name="t" value={props.token} />
            <p>
              <button class="danger">{t(f.locale, 'web-end-confirm')}</button>
            </p>
          </form>
          <p>
            <a href={`${props.base}#last`} autofocus>
              {t(f.locale, 'web-end-cancel')}
            </a>
          </p>
        </main>
      </body>
    </html>
  );
}

/** A short page with one message and a way to start again (erased, unknown link, refused request). */
export function Notice(props: { f: Frame; title: string; text: string; role?: 'alert' }) {
  const { f } = props;
  return (
    <html lang={f.locale}>
      <Head f={f} title={props.title} />
      <body>
        <Top f={f} />
        <main class="page">
          <h2>{props.title}</h2>
          <p role={props.role}>{props.text}</p>
          <p>
            <a href={`${CHAT_PATH}?lang=${f.locale}`}>{t(f.locale, 'web-new-chat')}</a>
          </p>
        </main>
      </body>
    </html>
  );
}
