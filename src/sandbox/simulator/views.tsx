import type { Child } from 'hono/jsx';
import type { InlineKeyboardButton, KeyboardButton, Message, PhotoSize, ReplyKeyboardMarkup, User } from 'grammy/types';
import type { Locale } from '../../config.ts';
import { t } from '../../i18n/index.ts';
import { SHOWN_PER_INLINE_ROW } from '../emulator/keyboards.ts';
import { TOPIC_ICONS } from '../emulator/topic-icons.ts';
import { Formatted, safeUrl } from '../../http/telegram-text.tsx';
import { CSS } from './style.ts';

/** Where the simulator's script is served (same origin: the pages' CSP allows only 'self' scripts). */
export const SCRIPT_PATH = '/sandbox/static/chat.js';

/** Styles used only where scripts are off: the file input shown as the browser draws it. */
const NOSCRIPT_CSS = '.compose input.file{position:static;display:block;width:100%;height:auto;min-height:0;opacity:1;margin:.3rem 0 0;padding:0 0 0 3.2rem;font-size:.85rem;line-height:1.3;clip-path:none}.picked{display:none}';

/** The played person and such, kept when the language is switched. */
function withLang(locale: Locale, keep: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams({ lang: locale });
  for (const [k, v] of Object.entries(keep)) if (v !== undefined && v !== '') q.set(k, v);
  return `?${q.toString()}`;
}

function Head(props: { locale: Locale; title: string; script?: boolean }) {
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
      <meta name="color-scheme" content="light" />
      <title>{`${props.title} · ${t(props.locale, 'sim-title')}`}</title>
      {/* Our own constant CSS, written as is (escaped, its child selectors would break). */}
      <style dangerouslySetInnerHTML={{ __html: CSS }} />
      {props.script ? (
        <>
          <noscript>
            <style dangerouslySetInnerHTML={{ __html: NOSCRIPT_CSS }} />
          </noscript>
          <script src={SCRIPT_PATH} defer></script>
        </>
      ) : null}
    </head>
  );
}

/** A page of the sandbox that is not a chat: the start page, the community chat, the channel. */
export function SimLayout(props: { locale: Locale; title: string; keep?: Record<string, string | undefined>; live?: LiveSource; children: Child }) {
  const l = props.locale;
  return (
    <html lang={l}>
      <Head locale={l} title={props.title} script={Boolean(props.live)} />
      <body class="page">
        <header class="site">
          <nav aria-label={t(l, 'sim-nav')}>
            <a href={`/sandbox?lang=${l}`}>{t(l, 'sim-title')}</a>
            <a href={`/sandbox/community?lang=${l}`}>{t(l, 'sim-community')}</a>
            <a href={`/sandbox/channel?lang=${l}`}>{t(l, 'sim-channel')}</a>
          </nav>
          <a href={withLang(l === 'ru' ? 'en' : 'ru', props.keep)} lang={l === 'ru' ? 'en' : 'ru'}>
            {l === 'ru' ? 'English' : 'Русский'}
          </a>
        </header>
        <main id="main" {...liveAttrs(props.live)}>
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** Where a page hears of changes (server-sent events) and fetches its changed parts. */
export interface LiveSource {
  events: string;
  part: string;
}

function liveAttrs(live: LiveSource | undefined): Record<string, string> {
  return live ? { 'data-events': live.events, 'data-part': live.part } : {};
}

/** A person's or chat's round picture: the first letter on a colour of their own, as Telegram draws one without a photo. */
export function Avatar(props: { name: string; id: number; small?: boolean }) {
  const letter = [...(props.name.trim() || '?')][0]!.toUpperCase();
  return (
    <span class={`avatar c${colorIndex(props.id)}${props.small ? ' small' : ''}`} aria-hidden="true">
      {letter}
    </span>
  );
}

/** Telegram's colour of a peer: one of seven, by id. */
export function colorIndex(id: number): number {
  return Math.abs(Math.trunc(id)) % 7;
}

/**
 * A chat as Telegram shows it on a phone: a bar with the way back, the chat's picture, name and
 * what it is; the messages; the pinned message under the bar; the composer at the bottom.
 */
export function ChatLayout(props: {
  locale: Locale;
  title: string;
  subtitle: string;
  avatar: { name: string; id: number };
  /** the chat's picture, name and what it is, when the page draws them itself (id="peer", live) */
  peer?: Child;
  back: { href: string; label: string };
  /** more places, in the chat's menu */
  links?: { href: string; label: string }[];
  keep?: Record<string, string | undefined>;
  live?: LiveSource;
  pinned?: Child;
  notice?: Child;
  composer?: Child;
  children: Child;
}) {
  const l = props.locale;
  return (
    <html lang={l}>
      <Head locale={l} title={props.title} script />
      <body class="tg">
        <header class="top">
          <div class="bar">
            <a class="back" href={props.back.href} aria-label={props.back.label} title={props.back.label}>
              <span aria-hidden="true">←</span>
            </a>
            {props.peer ?? (
              <div class="peerwrap" id="peer" data-live="">
                <Avatar name={props.avatar.name} id={props.avatar.id} />
                <span class="peer">
                  <h1>{props.title}</h1>
                  <span class="sub">{props.subtitle}</span>
                </span>
              </div>
            )}
            <details class="menu">
              <summary aria-label={t(l, 'sim-chat-menu')} title={t(l, 'sim-chat-menu')}>
                <span aria-hidden="true">⋮</span>
              </summary>
              <nav aria-label={t(l, 'sim-chat-menu')}>
                <a href={`/sandbox?lang=${l}`}>{t(l, 'sim-title')}</a>
                {(props.links ?? []).map((x) => (
                  <a href={x.href}>{x.label}</a>
                ))}
                <a href={withLang(l === 'ru' ? 'en' : 'ru', props.keep)} lang={l === 'ru' ? 'en' : 'ru'}>
                  {l === 'ru' ? 'English' : 'Русский'}
                </a>
              </nav>
            </details>
          </div>
          <div id="pinned" data-live="">
            {props.pinned ?? null}
          </div>
        </header>
        {props.notice ?? null}
        <main id="main" class="wall" {...liveAttrs(props.live)}>
          {props.children}
        </main>
        <a href="#last" class="to-last" id="to-last" hidden aria-label={t(l, 'sim-scroll-down')}>
          <span aria-hidden="true">↓</span>
        </a>
        {props.composer ?? null}
      </body>
    </html>
  );
}

/** What a callback button's press got back: a toast, or an alert to close. */
export function CallbackNotice(props: { locale: Locale; text?: string; alert?: boolean }) {
  if (!props.text) return null;
  return props.alert ? (
    <dialog open class="alert" aria-labelledby="alert-text">
      <p id="alert-text">{props.text}</p>
      <form method="dialog">
        <button type="submit">OK</button>
      </form>
    </dialog>
  ) : (
    <div class="toast" role="status">
      {props.text}
    </div>
  );
}

// ---- messages -------------------------------------------------------------------------

const fmt = (locale: Locale, o: Intl.DateTimeFormatOptions, timeZone?: string) => new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { ...o, ...(timeZone ? { timeZone } : {}) });

/** The time a message was sent, as Telegram writes it under the message (in `timeZone`, else the server's). */
export function timeOf(locale: Locale, unix: number, timeZone?: string): string {
  return fmt(locale, { hour: '2-digit', minute: '2-digit' }, timeZone).format(new Date(unix * 1000));
}

const dayKey = (unix: number, timeZone?: string) => new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', ...(timeZone ? { timeZone } : {}) }).format(new Date(unix * 1000));

/** The day above a day's first message: today, yesterday, or the date. */
export function dayOf(locale: Locale, unix: number, nowMs: number, timeZone?: string): string {
  const key = dayKey(unix, timeZone);
  if (key === dayKey(nowMs / 1000, timeZone)) return t(locale, 'sim-today');
  if (key === dayKey(nowMs / 1000 - 86_400, timeZone)) return t(locale, 'sim-yesterday');
  const sameYear = key.slice(0, 4) === dayKey(nowMs / 1000, timeZone).slice(0, 4);
  return fmt(locale, sameYear ? { day: 'numeric', month: 'long' } : { day: 'numeric', month: 'long', year: 'numeric' }, timeZone).format(new Date(unix * 1000));
}

/** The forum topic icon's emoji, from its custom emoji id (Telegram's set of topic icons). */
export function topicIcon(customEmojiId: string | undefined): string | undefined {
  return customEmojiId ? TOPIC_ICONS.find(([, id]) => id === customEmojiId)?.[0] : undefined;
}

const duration = (s: number | undefined) => {
  const v = Math.max(0, Math.round(s ?? 0));
  return `${Math.floor(v / 60)}:${String(v % 60).padStart(2, '0')}`;
};

const size = (locale: Locale, bytes: number | undefined) => {
  if (bytes === undefined) return '';
  const [n, unit] = bytes >= 1024 * 1024 ? [bytes / 1024 / 1024, locale === 'ru' ? 'МБ' : 'MB'] : [Math.max(1, Math.round(bytes / 1024)), locale === 'ru' ? 'КБ' : 'KB'];
  return `${n >= 10 || Number.isInteger(n) ? Math.round(n) : n.toFixed(1)} ${unit}`;
};

export const isService = (m: Message) =>
  Boolean(m.new_chat_members || m.left_chat_member || m.pinned_message || m.forum_topic_created || m.forum_topic_closed || m.forum_topic_reopened || m.forum_topic_edited);

/** What a service message says (a topic created, renamed, closed; a message pinned; someone joined). */
export function serviceText(locale: Locale, m: Message, who: (m: Message) => string): string {
  if (m.new_chat_members) return t(locale, 'sim-joined', { name: m.new_chat_members.map(userName).join(', ') });
  if (m.left_chat_member) return t(locale, 'sim-left', { name: userName(m.left_chat_member) });
  if (m.forum_topic_created) return t(locale, 'sim-svc-topic-created', { name: `${topicIcon(m.forum_topic_created.icon_custom_emoji_id) ?? ''} ${m.forum_topic_created.name}`.trim() });
  if (m.forum_topic_edited) {
    const e = m.forum_topic_edited;
    const parts: string[] = [];
    if (e.name !== undefined) parts.push(t(locale, 'sim-svc-topic-renamed', { name: e.name }));
    if (e.icon_custom_emoji_id !== undefined) parts.push(t(locale, 'sim-svc-topic-icon', { icon: topicIcon(e.icon_custom_emoji_id) ?? '—' }));
    return parts.join(' · ') || t(locale, 'sim-svc-topic-renamed', { name: '' });
  }
  if (m.forum_topic_closed) return t(locale, 'sim-svc-topic-closed');
  if (m.forum_topic_reopened) return t(locale, 'sim-svc-topic-reopened');
  if (m.pinned_message) return t(locale, 'sim-svc-pinned', { name: who(m), text: preview(locale, m.pinned_message as Message, 50) });
  return '…';
}

/** A message in one line: its text, or what it is (for lists, quotes and the pinned bar). */
export function preview(locale: Locale, m: Message, max = 80): string {
  const s = m.text ?? (m.caption ? `${mediaLabel(locale, m) ?? ''} ${m.caption}`.trim() : undefined) ?? mediaLabel(locale, m) ?? (isService(m) ? serviceText(locale, m, () => '') : '…');
  const line = s.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function mediaLabel(locale: Locale, m: Message): string | undefined {
  if (m.photo) return `🖼 ${t(locale, 'sim-photo')}`;
  if (m.document) return `📄 ${m.document.file_name ?? t(locale, 'sim-document')}`;
  if (m.voice) return `🎤 ${t(locale, 'sim-voice')}`;
  if (m.video) return `🎬 ${t(locale, 'sim-video')}`;
  if (m.video_note) return `⏺ ${t(locale, 'sim-video-note')}`;
  if (m.animation) return `🎞 GIF`;
  if (m.audio) return `🎵 ${m.audio.title ?? t(locale, 'sim-audio')}`;
  if (m.sticker) return `${m.sticker.emoji ?? ''} ${t(locale, 'sim-sticker')}`.trim();
  if (m.location) return `📍 ${t(locale, m.location.live_period ? 'sim-live-location' : 'sim-location')}`;
  if (m.venue) return `📍 ${m.venue.title}`;
  if (m.contact) return `👤 ${m.contact.first_name}`;
  if (m.poll) return `📊 ${m.poll.question}`;
  return undefined;
}

/** How a message's media reads: a photo shown, a file to download, a voice message's length… */
function Media(props: { m: Message; locale: Locale; src?: string }) {
  const { m, locale: l, src } = props;
  if (m.photo) {
    const big: PhotoSize | undefined = m.photo.at(-1);
    return src ? (
      <a class="photo" href={src} target="_blank" rel="noopener">
        <img src={src} alt={m.caption ? `${t(l, 'sim-photo')}: ${m.caption.slice(0, 100)}` : t(l, 'sim-photo')} width={big?.width} height={big?.height} loading="lazy" />
      </a>
    ) : (
      <span class="file">
        <span class="ficon" aria-hidden="true">🖼</span>
        <span>{t(l, 'sim-photo')}</span>
      </span>
    );
  }
  const file = (icon: string, name: string, detail: string) => {
    const inner = (
      <>
        <span class="ficon" aria-hidden="true">
          {icon}
        </span>
        <span class="fname">
          <span>{name}</span>
          <small>{detail}</small>
        </span>
      </>
    );
    return src ? (
      <a class="file" href={src} download>
        {inner}
      </a>
    ) : (
      <span class="file">{inner}</span>
    );
  };
  if (m.document) return file('📄', m.document.file_name ?? t(l, 'sim-document'), size(l, m.document.file_size));
  if (m.voice) return file('🎤', t(l, 'sim-voice'), duration(m.voice.duration));
  if (m.video) return file('🎬', t(l, 'sim-video'), duration(m.video.duration));
  if (m.video_note) return file('⏺', t(l, 'sim-video-note'), duration(m.video_note.duration));
  if (m.animation) return file('🎞', 'GIF', size(l, m.animation.file_size));
  if (m.audio) return file('🎵', m.audio.title ?? m.audio.file_name ?? t(l, 'sim-audio'), duration(m.audio.duration));
  if (m.sticker) return <span class="sticker">{m.sticker.emoji ?? '🖼'}</span>;
  if (m.location || m.venue) {
    const loc = (m.venue?.location ?? m.location)!;
    const map = `https://www.openstreetmap.org/?mlat=${loc.latitude}&mlon=${loc.longitude}#map=16/${loc.latitude}/${loc.longitude}`;
    return (
      <a class="file" href={map} target="_blank" rel="noopener noreferrer">
        <span class="ficon" aria-hidden="true">
          📍
        </span>
        <span class="fname">
          <span>{m.venue ? m.venue.title : t(l, m.location?.live_period ? 'sim-live-location' : 'sim-location')}</span>
          <small>{m.venue ? m.venue.address : `${loc.latitude.toFixed(4)}, ${loc.longitude.toFixed(4)}`}</small>
        </span>
      </a>
    );
  }
  if (m.contact) return file('👤', [m.contact.first_name, m.contact.last_name].filter(Boolean).join(' '), m.contact.phone_number);
  if (m.poll) {
    return (
      <span class="poll">
        <b>{m.poll.question}</b>
        <span class="sub">{t(l, 'sim-poll')}</span>
        <ul>
          {m.poll.options.map((o) => (
            <li>{o.text}</li>
          ))}
        </ul>
      </span>
    );
  }
  return null;
}

/** The start payload of a URL button that opens the bot's chat (https://t.me/<bot>?start=…), if it is one. */
export function startPayload(url: string, botUsername: string | undefined): string | undefined {
  if (!botUsername) return undefined;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const domain = u.protocol === 'tg:' ? u.searchParams.get('domain') : /^(www\.)?(t|telegram)\.me$/i.test(u.hostname) ? u.pathname.replace(/^\//, '') : undefined;
  if (!domain || domain.toLowerCase() !== botUsername.toLowerCase()) return undefined;
  return u.searchParams.get('start') ?? '';
}

/** What Telegram sends when a deep link to the bot is opened: /start, with the payload when there is one. */
export function startCommand(payload: unknown): string {
  const p = String(payload ?? '').replace(/[^A-Za-z0-9_-]/g, '').slice(0, 64);
  return p ? `/start ${p}` : '/start';
}

/**
 * Where a link in a message leads in the simulator: a deep link to the bot opens the bot's chat
 * for the played person (`openBot`, a page with Telegram's Start button); other web links go out;
 * anything else is not a link.
 */
export function linkTarget(url: string, botUsername: string | undefined, openBot: ((payload: string) => string) | undefined): string | undefined {
  const safe = safeUrl(url);
  if (!safe) return undefined;
  const payload = startPayload(safe, botUsername);
  if (payload !== undefined) return openBot ? openBot(startCommand(payload).slice('/start '.length)) : undefined;
  return /^(https?|mailto):/.test(safe) ? safe : undefined;
}

/** The inline keyboard under a message, row by row as the bot sent it (Telegram shows up to 8 in a row). */
function InlineKeyboard(props: { m: Message; pressAction: string; startAction?: string; botUsername?: string; locale: Locale }) {
  const rows = props.m.reply_markup?.inline_keyboard ?? [];
  const button = (b: InlineKeyboardButton) => {
    if ('callback_data' in b && b.callback_data) {
      return (
        <form method="post" action={props.pressAction}>
          <input type="hidden" name="message_id" value={String(props.m.message_id)} />
          <input type="hidden" name="data" value={b.callback_data} />
          <button type="submit">{b.text}</button>
        </form>
      );
    }
    if ('url' in b && b.url) {
      const payload = props.startAction ? startPayload(b.url, props.botUsername) : undefined;
      if (payload !== undefined) {
        return (
          <form method="post" action={props.startAction}>
            <input type="hidden" name="payload" value={payload} />
            <button type="submit">{b.text}</button>
          </form>
        );
      }
      const href = safeUrl(b.url);
      return href && /^https?:/.test(href) ? (
        <a href={href} target="_blank" rel="noopener noreferrer" class="url">
          {b.text}
          <span class="out" aria-hidden="true">
            ↗
          </span>
        </a>
      ) : (
        <span class="btn off">{b.text}</span>
      );
    }
    // copy_text, web_app, login_url, switch_inline_query…: shown, not played in the sandbox.
    return (
      <span class="btn off" title={t(props.locale, 'sim-button-not-played')}>
        {b.text}
      </span>
    );
  };
  return (
    <div class="ikb" role="group" aria-label={t(props.locale, 'sim-buttons')}>
      {rows.map((row) => (
        <div class="r">{row.slice(0, SHOWN_PER_INLINE_ROW).map(button)}</div>
      ))}
    </div>
  );
}

/**
 * The bot's reply keyboard under the composer, row by row as sent: a button sends its text (a
 * location or contact button sends those), by the composer's own form (`name="kbd"`).
 */
export function ReplyKeyboard(props: { locale: Locale; keyboard: ReplyKeyboardMarkup | undefined; send: string; location?: string; contact?: string }) {
  const kb = props.keyboard;
  if (!kb?.keyboard.length) return <div id="kbd" data-live="" />;
  const button = (b: KeyboardButton) => {
    const text = typeof b === 'string' ? b : b.text;
    const o = typeof b === 'string' ? {} : (b as { request_location?: boolean; request_contact?: boolean });
    const action = o.request_location && props.location ? props.location : o.request_contact && props.contact ? props.contact : props.send;
    return (
      <button type="submit" name="kbd" value={text} formaction={action} formnovalidate>
        {text}
      </button>
    );
  };
  return (
    <div id="kbd" data-live="" class="rkb" role="group" aria-label={t(props.locale, 'sim-keyboard')}>
      {kb.keyboard.map((row) => (
        <div class="r">{row.map(button)}</div>
      ))}
    </div>
  );
}

/**
 * A conversation as Telegram draws it: days apart, the viewer's own messages on the right in green,
 * others' on the left with the sender's name over each run of theirs, the time (and "edited") in the
 * corner, formatting from the stored entities, photos and files, the inline keyboard under its
 * message row by row. Inline buttons are forms that press them; a URL button that opens the bot's
 * chat (a deep link) is a form that sends /start with its payload (to `startAction`), any other URL
 * button a link. The newest message is followed by the `#last` anchor (the ↓ button's target).
 */
export function Chat(props: {
  locale: Locale;
  messages: Message[];
  mine: (m: Message) => boolean;
  who: (m: Message) => string;
  pressAction: string;
  startAction?: string;
  botUsername?: string;
  /** a "reply" link under each message */
  replyHref?: (m: Message) => string;
  /** where a message's photo or file is served, when it has one the simulator can serve */
  fileSrc?: (m: Message) => string | undefined;
  /** where links in messages lead (see linkTarget); without it, web links go out */
  linkHref?: (url: string) => string | undefined;
  /** the emulator's clock (for "today") */
  now?: number;
  /** the time zone times are shown in (the organisation's); the server's without it */
  timeZone?: string;
  empty?: string;
  /** the element's id ("chat", whose newest message is followed by #last; another one's by #<id>-last) */
  id?: string;
}) {
  const l = props.locale;
  const id = props.id ?? 'chat';
  /** a message's element id (#m<id> in the page's own chat; prefixed in a second one on the page) */
  const mid = (n: number) => (id === 'chat' ? `m${n}` : `${id}-m${n}`);
  const now = props.now ?? Date.now();
  const author = (m: Message) => (m.sender_chat ? `c${m.sender_chat.id}` : `u${m.from?.id ?? 0}`);
  const out: Child[] = [];
  let day = '';
  props.messages.forEach((m, i) => {
    const d = dayKey(m.date, props.timeZone);
    if (d !== day) {
      day = d;
      out.push(
        <div class="day" role="separator" id={`${id}-d${d}`}>
          <span>{dayOf(l, m.date, now, props.timeZone)}</span>
        </div>,
      );
    }
    if (isService(m) && m.text === undefined) {
      out.push(
        <div class="msg service" id={mid(m.message_id)}>
          <span>{serviceText(l, m, props.who)}</span>
        </div>,
      );
      return;
    }
    const prev = props.messages[i - 1];
    const next = props.messages[i + 1];
    const same = (o: Message | undefined) => o !== undefined && !isService(o) && author(o) === author(m) && dayKey(o.date, props.timeZone) === d;
    const first = !same(prev);
    const last = !same(next);
    const mine = props.mine(m);
    const text = m.text ?? m.caption;
    const entities = m.text !== undefined ? m.entities : m.caption_entities;
    const src = props.fileSrc?.(m);
    const media = m.text === undefined;
    const onlyMedia = media && !text && Boolean(m.photo || m.sticker);
    const hasKb = Boolean(m.reply_markup?.inline_keyboard?.length);
    const replied = m.reply_to_message && !m.reply_to_message.forum_topic_created ? m.reply_to_message : undefined;
    const origin = m.forward_origin;
    const forwardedFrom = origin ? (origin.type === 'user' ? userName(origin.sender_user) : origin.type === 'hidden_user' ? origin.sender_user_name : origin.type === 'chat' ? (origin.sender_chat.title ?? '') : (origin.chat.title ?? '')) : undefined;
    const meta = (
      <span class="meta">
        {m.edit_date ? `${t(l, 'sim-edited')} ` : ''}
        <time datetime={new Date(m.date * 1000).toISOString()}>{timeOf(l, m.date, props.timeZone)}</time>
        {mine ? (
          <span class="ticks" aria-hidden="true">
            {' ✓✓'}
          </span>
        ) : null}
      </span>
    );
    out.push(
      <div class={`msg${mine ? ' mine' : ''}${first ? ' first' : ''}${last ? ' last' : ''}${hasKb ? ' has-kb' : ''}`} id={mid(m.message_id)}>
        <div class={`bubble${onlyMedia ? ' bare' : ''}`}>
          {first ? <span class={`who c${colorIndex(m.sender_chat?.id ?? m.from?.id ?? 0)}`}>{props.who(m)}</span> : <span class="sr">{`${props.who(m)}: `}</span>}
          {forwardedFrom !== undefined ? <span class="fwd">{t(l, 'sim-forwarded', { name: forwardedFrom })}</span> : null}
          {replied ? (
            <a class="quote" href={`#${mid(replied.message_id)}`}>
              <b>{props.who(replied)}</b>
              <span>{preview(l, replied, 80)}</span>
            </a>
          ) : null}
          {media ? <Media m={m} locale={l} src={src} /> : null}
          {text ? (
            <div class="text">
              <Formatted text={text} entities={entities} opts={{ href: props.linkHref ?? ((u) => linkTarget(u, undefined, undefined)) }} />
              {meta}
            </div>
          ) : (
            meta
          )}
        </div>
        {hasKb ? <InlineKeyboard m={m} pressAction={props.pressAction} startAction={props.startAction} botUsername={props.botUsername} locale={l} /> : null}
        {props.replyHref ? (
          <a class="reply" href={props.replyHref(m)} aria-label={t(l, 'sim-reply-to', { name: props.who(m) })} title={t(l, 'sim-reply')}>
            <span aria-hidden="true">↩</span>
          </a>
        ) : null}
      </div>,
    );
  });
  return (
    <div class="chat" id={id} data-live="" role="log" aria-live="polite" aria-relevant="additions">
      {props.messages.length === 0 && props.empty ? (
        <p class="empty" id={`${id}-empty`}>
          {props.empty}
        </p>
      ) : null}
      {out}
      <span id={id === 'chat' ? 'last' : `${id}-last`} class="end" data-last={String(props.messages.at(-1)?.message_id ?? 0)} data-mine={props.messages.length && props.mine(props.messages.at(-1)!) ? '1' : '0'} />
    </div>
  );
}

/** One row of a chat list (Telegram's list of chats or of a forum's topics). */
export interface ListRow {
  href: string;
  name: string;
  id: number;
  /** the topic's icon emoji, or a colour when it has none */
  icon?: string;
  marks?: string;
  closed?: boolean;
  last?: { who?: string; text: string; date: number };
}

/** A list of chats or topics: picture, name, the last message and its time. */
export function ChatList(props: { locale: Locale; rows: ListRow[]; id?: string; empty?: string; closedLabel?: string; timeZone?: string }) {
  const l = props.locale;
  return (
    <ul class="list" id={props.id} data-live={props.id ? '' : undefined}>
      {props.rows.length === 0 && props.empty ? <li class="none">{props.empty}</li> : null}
      {props.rows.map((r) => {
        // Named by the chat (and its marks) alone; the last message describes it.
        const k = `${props.id ?? 'row'}-${r.id}`;
        const label = [`${k}-n`, r.marks ? `${k}-m` : '', r.closed ? `${k}-c` : ''].filter(Boolean).join(' ');
        return (
        <li>
          <a href={r.href} aria-labelledby={label} aria-describedby={r.last ? `${k}-l` : undefined}>
            {r.icon ? (
              <span class="avatar icon" aria-hidden="true">
                {r.icon}
              </span>
            ) : (
              <Avatar name={r.name} id={r.id} />
            )}
            <span class="row-main">
              <span class="row-top">
                <span class="row-name" id={`${k}-n`}>
                  {r.name}
                </span>
                {r.marks ? (
                  <span class="marks" id={`${k}-m`}>
                    {r.marks}
                  </span>
                ) : null}
                {r.closed ? <span class="closed" id={`${k}-c`}>{`🔒 ${props.closedLabel ?? t(l, 'sim-closed')}`}</span> : null}
                {r.last ? <time class="row-time">{timeOf(l, r.last.date, props.timeZone)}</time> : null}
              </span>
              {r.last ? (
                <span class="row-last" id={`${k}-l`}>
                  {r.last.who ? <b>{`${r.last.who}: `}</b> : null}
                  {r.last.text}
                </span>
              ) : null}
            </span>
          </a>
        </li>
        );
      })}
    </ul>
  );
}

/** The composer: text, a photo or file (📎), the send button; `extra` goes under it (actions, the reply keyboard). */
export function Composer(props: {
  locale: Locale;
  action: string;
  before?: Child;
  extra?: Child;
  placeholder?: string;
  file?: boolean;
}) {
  const l = props.locale;
  return (
    <footer class="composer" id="write">
      <form method="post" action={props.action} enctype="multipart/form-data" class="compose">
        {props.before ?? null}
        <div class="line">
          {props.file === false ? null : (
            <label class="attach" for="file" title={t(l, 'sim-attach')}>
              <span aria-hidden="true">📎</span>
              <span class="sr">{t(l, 'sim-attach')}</span>
            </label>
          )}
          <label for="text" class="sr">
            {t(l, 'sim-message')}
          </label>
          <textarea id="text" name="text" rows={1} maxlength={4096} placeholder={props.placeholder ?? t(l, 'sim-message')} />
          <button type="submit" class="send" aria-label={t(l, 'sim-send')} title={t(l, 'sim-send')}>
            <span aria-hidden="true">➤</span>
          </button>
        </div>
        {props.file === false ? null : (
          <>
            <input type="file" id="file" name="file" class="file" />
            <output class="picked" id="picked" for="file" />
          </>
        )}
        {props.extra ?? null}
      </form>
    </footer>
  );
}

export function userName(u: User): string {
  return [u.first_name, u.last_name].filter(Boolean).join(' ');
}
