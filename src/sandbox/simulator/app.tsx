import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Message } from 'grammy/types';
import type { Locale } from '../../config.ts';
import { t } from '../../i18n/index.ts';
import type { UserContent } from '../emulator/index.ts';
import { GENERAL_TOPIC_ID } from '../emulator/state.ts';
import type { Sandbox } from '../sandbox.ts';
import { mountCommunity } from './community.tsx';
import { MAX_UPLOAD_BYTES, mountFiles, uploadContent } from './files.ts';
import { CHAT_JS, liveFilterOf, simulatorEvents } from './live.ts';
import {
  Avatar,
  CallbackNotice,
  Chat,
  ChatLayout,
  ChatList,
  Composer,
  ReplyKeyboard,
  SimLayout,
  isService,
  linkTarget,
  preview,
  startCommand,
  topicIcon,
  userName,
  type ListRow,
} from './views.tsx';

/** The forum's General topic, as Telegram names it (thread 1; its messages carry no thread id). */
const GENERAL_NAME = 'General';

/** An Origin header's host; "null" (an opaque origin) and garbage have none. */
function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host || undefined;
  } catch {
    return undefined;
  }
}

/** The simulator's pages may run only their own script, load only their own images, post only to themselves. */
const CSP = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self'; media-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * The sandbox simulator: a person plays clients (a Telegram chat with the bot) and workers (the
 * staff group's topics) on the built-in emulator, with no Telegram account. Served only in sandbox
 * mode. Pages look and behave like Telegram's and work without scripts: a form posts, waits for the
 * bot, and comes back to the chat, which opens at its newest message (a scroller that starts at its
 * end, so no fragment in the address: going to the same address again reloads the page); where
 * scripts run, new messages appear by themselves (server-sent events) and the newest stays in view.
 */
export function createSimulatorApp(
  sandbox: Sandbox,
  opts: {
    defaultLocale: Locale;
    settle: () => Promise<void>;
    /** the organisation's time zone, for the times under messages (the server's without it) */
    timeZone?: () => string | undefined;
  },
): Hono {
  const { emulator: emu } = sandbox;
  const app = new Hono();
  const localeOf = (c: Context): Locale => (c.req.query('lang') === 'en' ? 'en' : c.req.query('lang') === 'ru' ? 'ru' : opts.defaultLocale);
  const html = (c: Context, node: unknown) => c.html('<!doctype html>' + String(node));
  /** A page's live parts only (`?part=live`), for the script to put in place. */
  const part = (c: Context, node: unknown) => c.html(String(node), 200, { 'cache-control': 'no-store' });
  const botId = emu.botUser.id;
  const botName = () => emu.botUser.first_name;
  const workers = () => emu.users().filter((u) => !u.is_bot && sandbox.workerIds.includes(u.id));
  const clients = () => emu.users().filter((u) => !u.is_bot && !sandbox.workerIds.includes(u.id));
  /** Everyone a person can play: the clients, then the sample workers. */
  const players = () => [...clients(), ...workers()];
  const tz = () => opts.timeZone?.();
  const notFound = (c: Context) => c.text(t(localeOf(c), 'sim-not-found'), 404);
  const staffTitle = () => {
    const chat = emu.chats().find((x) => x.id === sandbox.staffChatId);
    return (chat && 'title' in chat ? chat.title : undefined) ?? 'Staff';
  };

  app.use('*', async (c, next) => {
    // No cookies here, so the one cross-site risk is a form posted from another page: refuse it.
    if (c.req.method === 'POST') {
      const origin = c.req.header('origin');
      if (origin && hostOf(origin) !== c.req.header('host')) return c.text(t(localeOf(c), 'sim-bad-origin'), 403);
    }
    await next();
    if (!c.res.headers.has('content-security-policy')) c.res.headers.set('content-security-policy', CSP);
    // Same-origin posts keep their Origin (with no-referrer a browser sends "null"); nothing leaks outside.
    c.res.headers.set('referrer-policy', 'same-origin');
  });
  app.post(
    '*',
    bodyLimit({ maxSize: MAX_UPLOAD_BYTES + 64 * 1024, onError: (c) => c.text(t(localeOf(c), 'sim-file-too-big', { mb: MAX_UPLOAD_BYTES / 1024 / 1024 }), 413) }),
  );

  const back = async (c: Context, path: string, params: Record<string, string | undefined> = {}, hash = '') => {
    await opts.settle();
    const q = new URLSearchParams();
    const lang = c.req.query('lang');
    if (lang) q.set('lang', lang);
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
    const query = q.toString();
    return c.redirect(`${path}${query ? `?${query}` : ''}${hash}`, 303);
  };

  app.get('/static/chat.js', (c) => c.body(CHAT_JS, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }));
  app.get('/events', (c) => simulatorEvents(c, emu, liveFilterOf(c)));
  const { fileSrc } = mountFiles(app, emu, notFound);

  /** The pinned message bar of a chat or topic (the emergency alert is pinned in its case topic). */
  const Pinned = (props: { locale: Locale; m: Message | undefined }) =>
    props.m ? (
      <a class="pin" href={`#m${props.m.message_id}`}>
        <span class="pbar" aria-hidden="true" />
        <span>
          <b>{t(props.locale, 'sim-pinned')}</b>
          <small>{preview(props.locale, props.m, 90)}</small>
        </span>
      </a>
    ) : null;

  /** What the last message of a chat says, for a list. */
  const lastOf = (messages: Message[], who: (m: Message) => string | undefined, locale: Locale) => {
    const m = messages.filter((x) => !isService(x) || x.text !== undefined).at(-1) ?? messages.at(-1);
    return m ? { who: isService(m) ? undefined : who(m), text: preview(locale, m, 70), date: m.date } : undefined;
  };

  // ---- the start page -------------------------------------------------------------------

  const clientRows = (locale: Locale): ListRow[] =>
    clients().map((u) => ({
      href: `/sandbox/clients/${u.id}?lang=${locale}`,
      name: userName(u),
      id: u.id,
      last: lastOf(emu.messages(u.id), (m) => (m.from?.id === u.id ? t(locale, 'sim-you') : undefined), locale),
    }));

  /** The staff group's topics as Telegram lists them: icon, current name, closed, the last message. */
  const topicRows = (locale: Locale): ListRow[] => {
    const names = new Map(emu.users().map((u) => [u.id, userName(u)]));
    const general = emu.messages(sandbox.staffChatId, { threadId: GENERAL_TOPIC_ID }).filter((m) => !isService(m) || m.text !== undefined);
    // The General topic first, as Telegram lists it (the bot's shift posts and /queue answers are there).
    const first: ListRow = {
      href: `/sandbox/staff/${GENERAL_TOPIC_ID}?lang=${locale}`,
      name: GENERAL_NAME,
      id: GENERAL_TOPIC_ID,
      icon: '#',
      last: lastOf(general, (m) => (m.from?.id === botId ? botName() : names.get(m.from?.id ?? 0)), locale),
    };
    return [first, ...emu.topics(sandbox.staffChatId).map((topic): ListRow => {
      const messages = emu.messages(sandbox.staffChatId, { threadId: topic.message_thread_id });
      const pinned = emu.pinned(sandbox.staffChatId, topic.message_thread_id);
      const emergency = Boolean(pinned?.text?.startsWith('🚨')) && !topic.name.includes('🚨');
      return {
        href: `/sandbox/staff/${topic.message_thread_id}?lang=${locale}`,
        name: topic.name,
        id: topic.message_thread_id,
        icon: topicIcon(topic.icon_custom_emoji_id) ?? '#',
        ...(emergency ? { marks: '🚨' } : {}),
        closed: topic.closed,
        last: lastOf(messages, (m) => (m.from?.id === botId ? botName() : names.get(m.from?.id ?? 0)), locale),
      };
    })];
  };

  app.get('/', (c) => {
    const locale = localeOf(c);
    const lists = (
      <>
        <ChatList timeZone={tz()} locale={locale} id="clients" rows={clientRows(locale)} empty={t(locale, 'sim-no-clients')} />
      </>
    );
    const topics = <ChatList timeZone={tz()} locale={locale} id="topics" rows={topicRows(locale)} empty={t(locale, 'sim-no-topics')} />;
    if (c.req.query('part')) return part(c, <>{lists}{topics}</>);
    return html(
      c,
      <SimLayout locale={locale} title={t(locale, 'sim-title')} live={{ events: '/sandbox/events', part: `/sandbox?lang=${locale}&part=live` }}>
        <p class="muted">{t(locale, 'sim-intro')}</p>
        <h2>{t(locale, 'sim-clients')}</h2>
        {lists}
        <h2>{t(locale, 'sim-new-client')}</h2>
        <form method="post" action={`/sandbox/clients?lang=${locale}`} class="panel">
          <label for="name">{t(locale, 'sim-name')}</label>
          <input id="name" name="name" type="text" required maxlength={64} value={locale === 'ru' ? 'Марина' : 'Alex'} />
          <label for="language">{t(locale, 'sim-language')}</label>
          <select id="language" name="language">
            <option value="ru" selected={locale === 'ru'}>Русский</option>
            <option value="en" selected={locale === 'en'}>English</option>
          </select>
          <button type="submit">{t(locale, 'sim-create')}</button>
        </form>
        <h2>
          <a href={`/sandbox/staff?lang=${locale}`}>{t(locale, 'sim-staff')}</a>
        </h2>
        {topics}
        <h2>{t(locale, 'sim-community-and-channel')}</h2>
        <ul>
          <li>
            <a href={`/sandbox/community?lang=${locale}`}>{t(locale, 'sim-community')}</a>
            {` — ${t(locale, 'sim-community-about')}`}
          </li>
          <li>
            <a href={`/sandbox/channel?lang=${locale}`}>{t(locale, 'sim-channel')}</a>
            {` — ${t(locale, 'sim-channel-about')}`}
          </li>
        </ul>
      </SimLayout>,
    );
  });

  app.post('/clients', async (c) => {
    const form = await c.req.parseBody();
    const name = String(form.name ?? '').trim().slice(0, 64) || 'Client';
    const language = form.language === 'en' ? 'en' : 'ru';
    const user = emu.createUser({ first_name: name, language_code: language });
    emu.userSends(user.id, user.id, { text: '/start' });
    return back(c, `/sandbox/clients/${user.id}`);
  });

  // ---- a client's chat with the bot -------------------------------------------------------

  /** Where a deep link to the bot in a message leads the person playing `id`: the bot's Start page. */
  const openBotFor = (id: number, locale: Locale) => (payload: string) => `/sandbox/clients/${id}/open?lang=${locale}${payload ? `&start=${encodeURIComponent(payload)}` : ''}`;
  const linkHrefFor = (id: number, locale: Locale) => (url: string) => linkTarget(url, emu.botUser.username, openBotFor(id, locale));

  app.get('/clients/:id', (c) => {
    const locale = localeOf(c);
    const user = players().find((u) => u.id === Number(c.req.param('id')));
    if (!user) return notFound(c);
    const base = `/sandbox/clients/${user.id}`;
    const q = `?lang=${locale}`;
    const chat = (
      <Chat
        locale={locale}
        messages={emu.messages(user.id)}
        mine={(m) => m.from?.id === user.id}
        who={(m) => (m.from?.id === user.id ? t(locale, 'sim-you') : m.from?.id === botId ? botName() : m.from ? userName(m.from) : '')}
        pressAction={`${base}/press${q}`}
        startAction={`${base}/start${q}`}
        botUsername={emu.botUser.username}
        fileSrc={fileSrc}
        linkHref={linkHrefFor(user.id, locale)}
        now={emu.now()}
        timeZone={tz()}
        empty={t(locale, 'sim-empty-chat')}
      />
    );
    const keyboard = emu.replyKeyboard(user.id);
    const kbd = <ReplyKeyboard locale={locale} keyboard={keyboard} send={`${base}/send${q}`} location={`${base}/location${q}`} contact={`${base}/contact${q}`} />;
    const pinned = <Pinned locale={locale} m={emu.pinned(user.id)} />;
    if (c.req.query('part')) {
      return part(
        c,
        <>
          {chat}
          {kbd}
          <div id="pinned" data-live="">
            {pinned}
          </div>
        </>,
      );
    }
    return html(
      c,
      <ChatLayout
        locale={locale}
        title={botName()}
        subtitle={t(locale, 'sim-bot-subtitle', { name: userName(user) })}
        avatar={{ name: botName(), id: botId }}
        back={{ href: `/sandbox${q}`, label: t(locale, 'sim-back') }}
        links={[
          { href: `${base}${q}`, label: t(locale, 'sim-refresh') },
          { href: `/sandbox/community?lang=${locale}&as=${user.id}`, label: t(locale, 'sim-in-community') },
          { href: `/sandbox/channel?lang=${locale}&as=${user.id}`, label: t(locale, 'sim-in-channel') },
        ]}
        live={{ events: `/sandbox/events?chat=${user.id}`, part: `${base}${q}&part=live` }}
        pinned={pinned}
        notice={<CallbackNotice locale={locale} text={c.req.query('toast') ?? c.req.query('err')} alert={c.req.query('alert') === '1' || c.req.query('err') !== undefined} />}
        composer={
          <Composer
            locale={locale}
            action={`${base}/send${q}`}
            placeholder={keyboard?.input_field_placeholder}
            extra={
              <>
                <div class="actions">
                  <button type="submit" formaction={`${base}/location${q}`} formnovalidate title={t(locale, 'sim-send-location-about')}>
                    {t(locale, 'sim-send-location')}
                  </button>
                  <button type="submit" formaction={`${base}/voice${q}`} formnovalidate title={t(locale, 'sim-send-voice-about')}>
                    {t(locale, 'sim-send-voice')}
                  </button>
                </div>
                {kbd}
              </>
            }
          />
        }
      >
        {chat}
      </ChatLayout>,
    );
  });

  // A deep link to the bot (t.me/<bot>?start=…) opens the bot's page with its Start button, as in Telegram.
  app.get('/clients/:id/open', (c) => {
    const locale = localeOf(c);
    const user = players().find((u) => u.id === Number(c.req.param('id')));
    if (!user) return notFound(c);
    const command = startCommand(c.req.query('start'));
    const payload = command.slice('/start'.length).trim();
    return html(
      c,
      <SimLayout locale={locale} title={botName()}>
        <div class="start">
          <Avatar name={botName()} id={botId} />
          <p class="muted">{`@${emu.botUser.username ?? ''}`}</p>
          <p>{t(locale, 'sim-open-bot-about', { name: userName(user), command })}</p>
          <form method="post" action={`/sandbox/clients/${user.id}/start?lang=${locale}`}>
            <input type="hidden" name="payload" value={payload} />
            <button type="submit">{t(locale, 'sim-start')}</button>
          </form>
        </div>
      </SimLayout>,
    );
  });

  /**
   * What the composer's form sends: a reply keyboard button's text; else the chosen photo or file
   * with the text as its caption; else the text.
   */
  const composed = async (form: Record<string, unknown>): Promise<UserContent | undefined> => {
    if (typeof form.kbd === 'string' && form.kbd) return { text: form.kbd.slice(0, 4096) };
    const text = String(form.text ?? '').replace(/\r\n?/g, '\n').slice(0, 4096);
    const file = form.file;
    if (file instanceof File && file.size > 0) {
      if (file.size > MAX_UPLOAD_BYTES) throw new Error('FILE_TOO_BIG');
      return uploadContent(Buffer.from(await file.arrayBuffer()), file.name, file.type, text);
    }
    return text.trim() ? { text } : undefined;
  };

  const errorText = (locale: Locale, err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    if (message === 'FILE_TOO_BIG') return t(locale, 'sim-file-too-big', { mb: MAX_UPLOAD_BYTES / 1024 / 1024 });
    if (/TOPIC_CLOSED/.test(message)) return t(locale, 'sim-err-topic-closed');
    return message.slice(0, 300);
  };

  /** The answer to a pressed button, once the bot has given it: a toast or an alert. */
  const answerOf = (queryId: string): Record<string, string | undefined> => {
    const a = emu.callbackAnswer(queryId);
    return a?.text ? { toast: a.text.slice(0, 200), alert: a.show_alert ? '1' : undefined } : {};
  };

  const clientAction = (path: string, act: (userId: number, form: Record<string, unknown>) => unknown) =>
    app.post(`/clients/:id/${path}`, async (c) => {
      const user = players().find((u) => u.id === Number(c.req.param('id')));
      if (!user) return notFound(c);
      let params: Record<string, string | undefined> = {};
      try {
        const done = await act(user.id, await c.req.parseBody());
        if (typeof done === 'function') {
          await opts.settle();
          params = (done as () => Record<string, string | undefined>)();
        }
      } catch (err) {
        return back(c, `/sandbox/clients/${user.id}`, { err: errorText(localeOf(c), err) });
      }
      return back(c, `/sandbox/clients/${user.id}`, params);
    });
  clientAction('send', async (id, form) => {
    const content = await composed(form);
    if (content) emu.userSends(id, id, content);
  });
  clientAction('location', (id) => emu.userSends(id, id, { location: { latitude: 59.9343, longitude: 30.3351 } }));
  clientAction('voice', (id) => emu.userSends(id, id, { voice: true, duration: 5 }));
  clientAction('contact', (id) => {
    const u = emu.users().find((x) => x.id === id)!;
    emu.userSends(id, id, { contact: { phone_number: '+79990000000', first_name: u.first_name } });
  });
  clientAction('press', (id, form) => {
    const q = emu.userPressesButton(id, id, Number(form.message_id), String(form.data));
    return () => answerOf(q.id);
  });
  // A URL button that opens the bot's chat: Telegram sends /start with the link's payload.
  clientAction('start', (id, form) => emu.userSends(id, id, { text: startCommand(form.payload) }));

  // ---- the staff group: its topics, and a topic as a worker sees it -----------------------

  app.get('/staff', (c) => {
    const locale = localeOf(c);
    const list = <ChatList timeZone={tz()} locale={locale} id="topics" rows={topicRows(locale)} empty={t(locale, 'sim-no-topics')} />;
    if (c.req.query('part')) return part(c, list);
    return html(
      c,
      <SimLayout locale={locale} title={staffTitle()} live={{ events: `/sandbox/events?chat=${sandbox.staffChatId}`, part: `/sandbox/staff?lang=${locale}&part=live` }}>
        <p class="muted">{t(locale, 'sim-staff-about')}</p>
        <h2>{t(locale, 'sim-topics')}</h2>
        {list}
      </SimLayout>,
    );
  });

  app.get('/staff/:thread', (c) => {
    const locale = localeOf(c);
    const thread = Number(c.req.param('thread'));
    const topic =
      thread === GENERAL_TOPIC_ID ? { message_thread_id: GENERAL_TOPIC_ID, name: GENERAL_NAME, closed: false, icon_custom_emoji_id: undefined } : emu.topics(sandbox.staffChatId).find((x) => x.message_thread_id === thread);
    if (!topic) return notFound(c);
    const base = `/sandbox/staff/${thread}`;
    const me = workers().find((w) => w.id === Number(c.req.query('as'))) ?? workers()[0]!;
    const q = `?lang=${locale}&as=${me.id}`;
    const names = new Map(emu.users().map((u) => [u.id, userName(u)]));
    const who = (m: Message) => (m.from?.id === botId ? botName() : (names.get(m.from?.id ?? 0) ?? ''));
    const messages = emu.messages(sandbox.staffChatId, { threadId: thread });
    const replyId = Number(c.req.query('reply'));
    const replyTo = replyId ? messages.find((m) => m.message_id === replyId) : undefined;
    const pinnedMessage = emu.pinned(sandbox.staffChatId, thread);
    const emergency = Boolean(pinnedMessage?.text?.startsWith('🚨')) && !topic.name.includes('🚨');
    const chat = (
      <Chat
        locale={locale}
        messages={messages}
        mine={(m) => m.from?.id === me.id}
        who={who}
        pressAction={`${base}/press${q}`}
        botUsername={emu.botUser.username}
        replyHref={(m) => `${base}${q}&reply=${m.message_id}#write`}
        fileSrc={fileSrc}
        linkHref={linkHrefFor(me.id, locale)}
        now={emu.now()}
        timeZone={tz()}
        empty={t(locale, 'sim-empty-chat')}
      />
    );
    const peer = (
      <div class="peerwrap" id="peer" data-live="">
        <span class="avatar icon" aria-hidden="true">
          {topicIcon(topic.icon_custom_emoji_id) ?? '#'}
        </span>
        <span class="peer">
          <h1>{topic.name}</h1>
          <span class="sub">{[emergency ? `🚨 ${t(locale, 'sim-emergency')}` : '', topic.closed ? `🔒 ${t(locale, 'sim-closed')}` : '', staffTitle()].filter(Boolean).join(' · ')}</span>
        </span>
      </div>
    );
    const pinned = <Pinned locale={locale} m={pinnedMessage} />;
    if (c.req.query('part')) {
      return part(
        c,
        <>
          {chat}
          {peer}
          <div id="pinned" data-live="">
            {pinned}
          </div>
        </>,
      );
    }
    return html(
      c,
      <ChatLayout
        locale={locale}
        title={topic.name}
        subtitle={staffTitle()}
        peer={peer}
        avatar={{ name: topic.name, id: thread }}
        back={{ href: `/sandbox/staff?lang=${locale}`, label: t(locale, 'sim-back-topics') }}
        links={[
          { href: `${base}${q}`, label: t(locale, 'sim-refresh') },
          { href: `/sandbox/clients/${me.id}?lang=${locale}`, label: t(locale, 'sim-private-chat') },
        ]}
        keep={{ as: String(me.id) }}
        live={{ events: `/sandbox/events?chat=${sandbox.staffChatId}&thread=${thread}`, part: `${base}${q}&part=live` }}
        pinned={pinned}
        notice={<CallbackNotice locale={locale} text={c.req.query('toast') ?? c.req.query('err')} alert={c.req.query('alert') === '1' || c.req.query('err') !== undefined} />}
        composer={
          <Composer
            locale={locale}
            action={`${base}/send${q}`}
            before={
              <>
                {topic.closed ? <p class="closed-note">{t(locale, 'sim-topic-closed-note')}</p> : null}
                <div class="as">
                  <label for="worker">{t(locale, 'sim-as-worker')}</label>
                  <select id="worker" name="worker">
                    {workers().map((w) => (
                      <option value={String(w.id)} selected={w.id === me.id}>
                        {userName(w)}
                      </option>
                    ))}
                  </select>
                </div>
                {replyTo ? (
                  <div class="replying">
                    <span>{`↩ ${who(replyTo)}: ${preview(locale, replyTo, 80)}`}</span>
                    <a href={`${base}${q}#write`}>{t(locale, 'sim-cancel-reply')}</a>
                    <input type="hidden" name="reply_to" value={String(replyTo.message_id)} />
                  </div>
                ) : null}
              </>
            }
          />
        }
      >
        {chat}
      </ChatLayout>,
    );
  });

  const workerOf = (form: Record<string, unknown>, c: Context) =>
    workers().find((w) => w.id === Number(form.worker))?.id ?? workers().find((w) => w.id === Number(c.req.query('as')))?.id ?? workers()[0]!.id;
  const staffAction = (path: string, act: (thread: number, worker: number, form: Record<string, unknown>) => unknown) =>
    app.post(`/staff/:thread/${path}`, async (c) => {
      const thread = Number(c.req.param('thread'));
      let worker = workers()[0]!.id;
      let params: Record<string, string | undefined> = {};
      try {
        const form = await c.req.parseBody();
        worker = workerOf(form, c);
        const done = await act(thread, worker, form);
        if (typeof done === 'function') {
          await opts.settle();
          params = (done as () => Record<string, string | undefined>)();
        }
      } catch (err) {
        return back(c, `/sandbox/staff/${thread}`, { as: String(worker), err: errorText(localeOf(c), err) });
      }
      return back(c, `/sandbox/staff/${thread}`, { as: String(worker), ...params });
    });
  staffAction('send', async (thread, worker, form) => {
    const content = await composed(form);
    const reply = Number(form.reply_to);
    if (content) emu.userSends(worker, sandbox.staffChatId, content, { message_thread_id: thread, ...(reply ? { reply_to_message_id: reply } : {}) });
  });
  staffAction('press', (_thread, worker, form) => {
    const q = emu.userPressesButton(worker, sandbox.staffChatId, Number(form.message_id), String(form.data));
    return () => answerOf(q.id);
  });

  mountCommunity(app, { sandbox, localeOf, html, back, clients, workers, players, fileSrc, linkHrefFor, timeZone: tz });
  return app;
}

