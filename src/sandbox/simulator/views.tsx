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
ul{padding-left:1.2rem}.muted{color:#444}`;

export function SimLayout(props: { locale: Locale; title: string; children: Child }) {
  return (
    <html lang={props.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${t(props.locale, 'sim-title')}`}</title>
        <style>{CSS}</style>
      </head>
      <body>
        <header>
          <a href="/sandbox">{t(props.locale, 'sim-title')}</a>
          <a href={`?lang=${props.locale === 'ru' ? 'en' : 'ru'}`}>{props.locale === 'ru' ? 'English' : 'Русский'}</a>
        </header>
        <main>
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** How a message reads in the simulator: its text, or what kind of media it is. */
function Body(props: { m: Message }) {
  const m = props.m;
  if (m.text !== undefined) return <>{m.text}</>;
  const kind = m.photo ? '🖼 photo' : m.voice ? '🎤 voice' : m.video ? '🎬 video' : m.document ? '📄 document' : m.sticker ? 'sticker' : m.location ? '📍 location' : m.video_note ? 'video note' : m.forum_topic_created ? `# ${m.forum_topic_created.name}` : m.pinned_message ? '📌 pinned' : m.forum_topic_closed ? '# closed' : m.forum_topic_reopened ? '# reopened' : m.forum_topic_edited ? `# ${m.forum_topic_edited.name ?? ''}` : '…';
  return (
    <>
      <span class="media">{kind}</span>
      {m.caption ? `\n${m.caption}` : ''}
    </>
  );
}

/** A conversation; the viewer's own messages on the right; inline buttons are forms that press them. */
export function Chat(props: { locale: Locale; messages: Message[]; mine: (m: Message) => boolean; who: (m: Message) => string; pressAction: string }) {
  return (
    <div class="chat" aria-live="polite">
      {props.messages.map((m) => (
        <div class={`msg${props.mine(m) ? ' mine' : ''}`} id={`m${m.message_id}`}>
          <span class="who">{props.who(m)}</span>
          <Body m={m} />
          {m.reply_markup?.inline_keyboard?.length ? (
            <div class="kbd">
              {m.reply_markup.inline_keyboard.flat().map((b) =>
                'callback_data' in b && b.callback_data ? (
                  <form method="post" action={props.pressAction}>
                    <input type="hidden" name="message_id" value={String(m.message_id)} />
                    <input type="hidden" name="data" value={b.callback_data} />
                    <button type="submit">{b.text}</button>
                  </form>
                ) : null,
              )}
            </div>
          ) : null}
        </div>
      ))}
    </div>
  );
}

export function userName(u: User): string {
  return [u.first_name, u.last_name].filter(Boolean).join(' ');
}
