import type { Child } from 'hono/jsx';
import type { Message, User } from 'grammy/types';
import type { Locale } from '../../config.ts';
import { t } from '../../i18n/index.ts';

const CSS = `*{box-sizing:border-box}
body{font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1a1a1a;background:#eef1f4}
header{display:flex;justify-content:space-between;gap:1rem;padding:.75rem 1rem;background:#fff;border-bottom:1px solid #dadce0}
main{max-width:34rem;margin:0 auto;padding:1rem}
h1{font-size:1.3rem;margin:.25rem 0 1rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
a{color:#0b57d0}
.chat{display:flex;flex-direction:column;gap:.5rem}
.msg{max-width:85%;padding:.5rem .75rem;border-radius:12px;background:#fff;white-space:pre-wrap;word-break:break-word}
.msg.mine{align-self:flex-end;background:#d9fdd3}
.msg .who{display:block;font-size:.8rem;color:#444;font-weight:600}
.msg .media{font-style:italic;color:#444}
.kbd{display:flex;flex-wrap:wrap;gap:.25rem;margin-top:.4rem}
.kbd form{margin:0}
.kbd button{margin:0;background:#fff;color:#0b57d0;border:1px solid #0b57d0;padding:.35rem .6rem;min-height:36px}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input[type=text],select,textarea{width:100%;font:inherit;padding:.55rem .7rem;min-height:44px;border:1px solid #5f6368;border-radius:6px;background:#fff}
button{font:inherit;font-weight:600;margin-top:.75rem;padding:.55rem 1.1rem;min-height:44px;border:0;border-radius:6px;background:#0b57d0;color:#fff;cursor:pointer}
:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
ul{padding-left:1.2rem}.muted{color:#444}
header nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem}
.msg .quote{display:block;border-left:3px solid #0b57d0;padding-left:.5rem;margin:.1rem 0 .3rem;font-size:.85rem;color:#444;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.msg .tools{display:block;text-align:right;font-size:.85rem;margin-top:.2rem}
.msg .tools a{display:inline-block;padding:.3rem .2rem;min-height:32px}
.msg img{display:block;max-width:100%;height:auto;border-radius:8px;margin:.25rem 0}
.msg.service{align-self:center;background:transparent;color:#444;font-size:.9rem;text-align:center;padding:.1rem .5rem}
.kbd a{display:inline-flex;align-items:center;background:#fff;color:#0b57d0;border:1px solid #0b57d0;border-radius:6px;padding:.35rem .6rem;min-height:36px;font-weight:600;text-decoration:none}
button.secondary{background:#fff;color:#0b57d0;border:1px solid #0b57d0}
.row{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end}.row select{flex:1 1 12rem;width:auto;min-width:0;max-width:100%}.row button{flex:0 0 auto}
.panel{background:#fff;border:1px solid #dadce0;border-radius:10px;padding:.25rem 1rem 1rem;margin:1rem 0}
.note{background:#fff8e1;border:1px solid #f0d48a;border-radius:8px;padding:.6rem .8rem}
.error{background:#fdecea;border:1px solid #e6a19a;border-radius:8px;padding:.6rem .8rem;color:#8c1d18}
.replying{display:flex;justify-content:space-between;gap:.5rem;align-items:baseline;background:#fff;border-left:3px solid #0b57d0;padding:.4rem .6rem;margin-top:.75rem;overflow:hidden}
.replying span{overflow:hidden;text-overflow:ellipsis;white-space:nowrap;min-width:0}`;

/** The played person and such, kept when the language is switched. */
function withLang(locale: Locale, keep: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams({ lang: locale });
  for (const [k, v] of Object.entries(keep)) if (v !== undefined && v !== '') q.set(k, v);
  return `?${q.toString()}`;
}

export function SimLayout(props: { locale: Locale; title: string; keep?: Record<string, string | undefined>; children: Child }) {
  const l = props.locale;
  return (
    <html lang={l}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${t(l, 'sim-title')}`}</title>
        <style>{CSS}</style>
      </head>
      <body>
        <header>
          <nav aria-label={t(l, 'sim-nav')}>
            <a href={`/sandbox?lang=${l}`}>{t(l, 'sim-title')}</a>
            <a href={`/sandbox/community?lang=${l}`}>{t(l, 'sim-community')}</a>
            <a href={`/sandbox/channel?lang=${l}`}>{t(l, 'sim-channel')}</a>
          </nav>
          <a href={withLang(l === 'ru' ? 'en' : 'ru', props.keep)}>{l === 'ru' ? 'English' : 'Русский'}</a>
        </header>
        <main>
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** How a message reads in the simulator: its text, or what kind of media it is (a photo shown when `photoSrc` has it). */
function Body(props: { m: Message; locale: Locale; photoSrc?: (m: Message) => string | undefined }) {
  const m = props.m;
  if (m.text !== undefined) return <>{m.text}</>;
  if (m.new_chat_members) return <>{t(props.locale, 'sim-joined', { name: m.new_chat_members.map(userName).join(', ') })}</>;
  if (m.left_chat_member) return <>{t(props.locale, 'sim-left', { name: userName(m.left_chat_member) })}</>;
  const src = m.photo ? props.photoSrc?.(m) : undefined;
  const kind = m.photo ? '🖼 photo' : m.voice ? '🎤 voice' : m.video ? '🎬 video' : m.document ? '📄 document' : m.sticker ? 'sticker' : m.location ? '📍 location' : m.video_note ? 'video note' : m.forum_topic_created ? `# ${m.forum_topic_created.name}` : m.pinned_message ? '📌 pinned' : m.forum_topic_closed ? '# closed' : m.forum_topic_reopened ? '# reopened' : m.forum_topic_edited ? `# ${m.forum_topic_edited.name ?? ''}` : '…';
  return (
    <>
      {src ? <img src={src} alt={t(props.locale, 'sim-photo')} loading="lazy" /> : <span class="media">{kind}</span>}
      {m.caption ? `${src ? '' : '\n'}${m.caption}` : ''}
    </>
  );
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

const isService = (m: Message) => Boolean(m.new_chat_members || m.left_chat_member || m.pinned_message || m.forum_topic_created || m.forum_topic_closed || m.forum_topic_reopened || m.forum_topic_edited);

/**
 * A conversation; the viewer's own messages on the right; inline buttons are forms that press
 * them; a URL button that opens the bot's chat (a deep link) is a form that sends /start with
 * its payload (to `startAction`), any other URL button a link.
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
  photoSrc?: (m: Message) => string | undefined;
  empty?: string;
}) {
  const l = props.locale;
  return (
    <div class="chat" aria-live="polite">
      {props.messages.length === 0 && props.empty ? <p class="muted">{props.empty}</p> : null}
      {props.messages.map((m) =>
        isService(m) && m.text === undefined ? (
          <div class="msg service" id={`m${m.message_id}`}>
            <Body m={m} locale={l} />
          </div>
        ) : (
          <div class={`msg${props.mine(m) ? ' mine' : ''}`} id={`m${m.message_id}`}>
            <span class="who">{props.who(m)}</span>
            {m.reply_to_message && !m.reply_to_message.forum_topic_created ? (
              <span class="quote">
                {`${props.who(m.reply_to_message)}: ${(m.reply_to_message.text ?? m.reply_to_message.caption ?? '…').slice(0, 80)}`}
              </span>
            ) : null}
            <Body m={m} locale={l} photoSrc={props.photoSrc} />
            {m.reply_markup?.inline_keyboard?.length ? (
              <div class="kbd">
                {m.reply_markup.inline_keyboard.flat().map((b) => {
                  if ('callback_data' in b && b.callback_data) {
                    return (
                      <form method="post" action={props.pressAction}>
                        <input type="hidden" name="message_id" value={String(m.message_id)} />
                        <input type="hidden" name="data" value={b.callback_data} />
                        <button type="submit">{b.text}</button>
                      </form>
                    );
                  }
                  if ('url' in b && b.url) {
                    const payload = props.startAction ? startPayload(b.url, props.botUsername) : undefined;
                    return payload !== undefined ? (
                      <form method="post" action={props.startAction}>
                        <input type="hidden" name="payload" value={payload} />
                        <button type="submit">{b.text}</button>
                      </form>
                    ) : (
                      <a href={b.url} target="_blank" rel="noopener noreferrer">{`${b.text} ↗`}</a>
                    );
                  }
                  return null;
                })}
              </div>
            ) : null}
            {props.replyHref ? (
              <span class="tools">
                <a href={props.replyHref(m)} aria-label={t(l, 'sim-reply-to', { name: props.who(m) })}>{t(l, 'sim-reply')}</a>
              </span>
            ) : null}
          </div>
        ),
      )}
    </div>
  );
}

export function userName(u: User): string {
  return [u.first_name, u.last_name].filter(Boolean).join(' ');
}
