import type { Context, Hono } from 'hono';
import type { ChatInviteLink, Message, User } from 'grammy/types';
import type { Locale } from '../../config.ts';
import { durationText } from '../../community/texts.ts';
import { t } from '../../i18n/index.ts';
import type { Sandbox } from '../sandbox.ts';
import { Chat, SimLayout, startCommand, userName } from './views.tsx';

export interface SimulatorParts {
  sandbox: Sandbox;
  localeOf: (c: Context) => Locale;
  html: (c: Context, node: unknown) => Response | Promise<Response>;
  back: (c: Context, path: string, params?: Record<string, string | undefined>, hash?: string) => Promise<Response>;
  clients: () => User[];
  workers: () => User[];
  players: () => User[];
  /** where a message's photo or file is served */
  fileSrc: (m: Message) => string | undefined;
  /** where links in messages lead for the person playing `id` (a deep link to the bot: its Start page) */
  linkHrefFor: (id: number, locale: Locale) => (url: string) => string | undefined;
  /** the organisation's time zone, when known */
  timeZone: () => string | undefined;
}

/** What went wrong, as a person in Telegram would be told (the emulator's errors name Telegram's). */
function errorText(locale: Locale, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const key = /USER_BANNED/.test(message)
    ? 'sim-err-banned'
    : /CHAT_SEND_\w+_FORBIDDEN/.test(message)
      ? 'sim-err-muted'
      : /INVITE_REQUEST_SENT/.test(message)
        ? 'sim-err-requested'
        : /INVITE_HASH|INVITE_REVOKED/.test(message)
          ? 'sim-err-link'
          : /USER_ALREADY_PARTICIPANT/.test(message)
            ? 'sim-err-already-in'
            : /not a member|NOT_PARTICIPANT/.test(message)
              ? 'sim-err-not-in'
              : undefined;
  return key ? t(locale, key) : message.slice(0, 300);
}

/** How long until then, as people say it, rounded up ("30 мин", "2 ч", "3 дн."). */
function timeLeft(locale: Locale, seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  if (minutes > 2 * 24 * 60) return durationText(locale, Math.ceil(minutes / (24 * 60)) * 24 * 60);
  if (minutes > 120) return durationText(locale, Math.ceil(minutes / 60) * 60);
  return durationText(locale, minutes);
}

/** An invite link a person can still open: not revoked, not expired (by the emulator's clock). */
function usable(l: ChatInviteLink, nowSec: number): boolean {
  return !l.is_revoked && (l.expire_date === undefined || l.expire_date > nowSec);
}

/**
 * The community chat (`/sandbox/community`) and the channel (`/sandbox/channel`): a played person
 * joins, writes, replies (staff's /warn, /mute, /ban, /unban by reply), leaves, and writes to the
 * channel's direct messages. The bot does the rest, as in Telegram: the simulator never makes invite
 * links or messages for it.
 */
export function mountCommunity(app: Hono, parts: SimulatorParts): void {
  const { sandbox, localeOf, html, back, clients, players, fileSrc, linkHrefFor, timeZone } = parts;
  const emu = sandbox.emulator;
  const botId = emu.botUser.id;
  const chatId = sandbox.communityChatId;
  const isWorker = (id: number) => sandbox.workerIds.includes(id);
  const nameOf = (locale: Locale, u: User) => (isWorker(u.id) ? t(locale, 'sim-as-admin', { name: userName(u) }) : userName(u));

  /** The played person: `as` in the query, else the first client, else the first worker. */
  const playedIn = (c: Context, among: User[]): User | undefined => {
    const id = Number(c.req.query('as'));
    return among.find((u) => u.id === id) ?? among[0];
  };

  const PersonChooser = (props: { locale: Locale; action: string; people: User[]; current: User }) => (
    <form method="get" action={props.action}>
      <input type="hidden" name="lang" value={props.locale} />
      <label for="as">{t(props.locale, 'sim-playing')}</label>
      <div class="row">
        <select id="as" name="as">
          {props.people.map((u) => (
            <option value={String(u.id)} selected={u.id === props.current.id}>
              {nameOf(props.locale, u)}
            </option>
          ))}
        </select>
        <button type="submit">{t(props.locale, 'sim-play')}</button>
      </div>
    </form>
  );

  const NoPeople = (props: { locale: Locale }) => (
    <p class="note">
      {t(props.locale, 'sim-no-people')} <a href={`/sandbox?lang=${props.locale}`}>{t(props.locale, 'sim-new-client')}</a>
    </p>
  );

  const Err = (props: { text: string | undefined }) =>
    props.text ? (
      <p class="error" role="alert">
        {props.text}
      </p>
    ) : null;

  // ---- the community chat -------------------------------------------------------------

  app.get('/community', (c) => {
    const locale = localeOf(c);
    const title = t(locale, 'sim-community');
    const people = players();
    const me = playedIn(c, people);
    if (!me) return html(c, <SimLayout locale={locale} title={title}><NoPeople locale={locale} /></SimLayout>);
    const q = (extra = '') => `?lang=${locale}&as=${me.id}${extra}`;
    const base = '/sandbox/community';
    const messages = emu.messages(chatId);
    const names = new Map(emu.users().map((u) => [u.id, nameOf(locale, u)]));
    const who = (m: Message) => (m.from?.id === botId ? emu.botUser.first_name : m.sender_chat ? (m.sender_chat.title ?? '') : (names.get(m.from?.id ?? 0) ?? ''));
    const member = emu.membership(chatId, me.id);
    const replyId = Number(c.req.query('reply'));
    const replyTo = member.inChat && replyId ? messages.find((m) => m.message_id === replyId) : undefined;
    const nowSec = Math.floor(emu.now() / 1000);
    const links = emu.inviteLinks(chatId).filter((l) => usable(l, nowSec));
    const left = member.untilDate ? timeLeft(locale, member.untilDate - nowSec) : '∞';
    const status =
      member.status === 'kicked'
        ? t(locale, 'sim-status-banned', { name: userName(me) })
        : member.inChat && member.status === 'restricted'
          ? t(locale, 'sim-status-muted', { name: userName(me), left })
          : member.inChat
            ? t(locale, 'sim-status-in', { name: userName(me) })
            : member.requested
              ? t(locale, 'sim-status-requested', { name: userName(me) })
              : t(locale, 'sim-status-out', { name: userName(me) });
    const chat = (
      <Chat
        locale={locale}
        messages={messages}
        mine={(m) => m.from?.id === me.id}
        who={who}
        pressAction={`${base}/press${q()}`}
        startAction={`${base}/start${q()}`}
        botUsername={emu.botUser.username}
        replyHref={member.inChat ? (m) => `${base}${q(`&reply=${m.message_id}`)}#write` : undefined}
        fileSrc={fileSrc}
        linkHref={linkHrefFor(me.id, locale)}
        now={emu.now()}
        timeZone={timeZone()}
        empty={t(locale, 'sim-community-empty')}
      />
    );
    if (c.req.query('part')) return c.html(String(chat), 200, { 'cache-control': 'no-store' });
    return html(
      c,
      <SimLayout locale={locale} title={title} keep={{ as: String(me.id) }} live={{ events: `/sandbox/events?chat=${chatId}`, part: `${base}${q()}&part=live` }}>
        <p>
          <a href={`/sandbox?lang=${locale}`}>{t(locale, 'sim-back')}</a> · <a href={`${base}${q()}`}>{t(locale, 'sim-refresh')}</a> ·{' '}
          <a href={`/sandbox/clients/${me.id}?lang=${locale}`}>{t(locale, 'sim-private-chat')}</a>
        </p>
        <PersonChooser locale={locale} action={base} people={people} current={me} />
        <p class={member.inChat && member.status !== 'restricted' ? 'muted' : 'note'} id="status">
          {status}
          {member.requested && !member.inChat ? (
            <>
              {' '}
              <a href={`/sandbox/clients/${me.id}?lang=${locale}`}>{t(locale, 'sim-open-private')}</a>
            </>
          ) : null}
        </p>
        <Err text={c.req.query('err')} />
        {chat}
        {member.inChat ? (
          <>
            <form method="post" action={`${base}/send${q()}`} id="write">
              {replyTo ? (
                <div class="replying">
                  <span>{`↩ ${who(replyTo)}: ${(replyTo.text ?? replyTo.caption ?? '…').slice(0, 80)}`}</span>
                  <a href={`${base}${q()}#write`}>{t(locale, 'sim-cancel-reply')}</a>
                  <input type="hidden" name="reply_to" value={String(replyTo.message_id)} />
                </div>
              ) : null}
              <label for="text">{t(locale, 'sim-message')}</label>
              <textarea id="text" name="text" rows={2} required maxlength={4096} />
              <button type="submit">{t(locale, 'sim-send')}</button>
            </form>
            {isWorker(me.id) ? <p class="muted">{t(locale, 'sim-staff-commands')}</p> : <p class="muted">{t(locale, 'sim-member-hint')}</p>}
            <form method="post" action={`${base}/leave${q()}`}>
              <button type="submit" class="secondary">{t(locale, 'sim-leave')}</button>
            </form>
          </>
        ) : member.status === 'kicked' ? null : (
          <div class="panel" id="write">
            <h2>{t(locale, 'sim-join')}</h2>
            <form method="post" action={`${base}/join${q()}`}>
              <p class="muted">{t(locale, 'sim-join-direct-about')}</p>
              <button type="submit">{t(locale, 'sim-join-direct')}</button>
            </form>
            {links.length ? (
              <form method="post" action={`${base}/join-link${q()}`}>
                <label for="link">{t(locale, 'sim-join-link')}</label>
                <div class="row">
                  <select id="link" name="link">
                    {links.map((l) => (
                      <option value={l.invite_link}>{`${l.name ?? l.invite_link}${l.creates_join_request ? ` · ${t(locale, 'sim-link-request')}` : ''}`}</option>
                    ))}
                  </select>
                  <button type="submit">{t(locale, 'sim-open-link')}</button>
                </div>
              </form>
            ) : (
              <p class="muted">
                {t(locale, 'sim-no-links')} <a href="/console/community">{t(locale, 'sim-console-community')}</a>
              </p>
            )}
          </div>
        )}
      </SimLayout>,
    );
  });

  /** A community action as the played person; a refusal (muted, banned…) is shown on the page. */
  const communityAction = (path: string, act: (me: User, form: Record<string, unknown>, c: Context) => string | void) =>
    app.post(`/community/${path}`, async (c) => {
      const me = players().find((u) => u.id === Number(c.req.query('as')));
      if (!me) return c.text(t(localeOf(c), 'sim-not-found'), 404);
      let to: string | void;
      try {
        to = act(me, await c.req.parseBody(), c);
      } catch (err) {
        return back(c, '/sandbox/community', { as: String(me.id), err: errorText(localeOf(c), err) }, '#write');
      }
      return to ? back(c, to) : back(c, '/sandbox/community', { as: String(me.id) }, '#write');
    });
  communityAction('send', (me, form) => {
    const text = String(form.text ?? '').slice(0, 4096);
    const reply = Number(form.reply_to);
    if (text.trim()) emu.userSends(me.id, chatId, { text }, reply ? { reply_to_message_id: reply } : {});
  });
  communityAction('join', (me) => void emu.userJoins(me.id, chatId));
  communityAction('join-link', (me, form) => {
    const got = emu.userJoinsByLink(me.id, String(form.link ?? ''));
    // A link that makes join requests: the bot writes the rules privately, so that chat is next.
    if (got.status === 'requested') return `/sandbox/clients/${me.id}`;
  });
  communityAction('leave', (me) => void emu.userLeaves(me.id, chatId));
  communityAction('press', (me, form) => void emu.userPressesButton(me.id, chatId, Number(form.message_id), String(form.data)));
  communityAction('start', (me, form) => {
    emu.userSends(me.id, me.id, { text: startCommand(form.payload) });
    return `/sandbox/clients/${me.id}`;
  });

  // ---- the channel --------------------------------------------------------------------

  app.get('/channel', (c) => {
    const locale = localeOf(c);
    const channel = emu.chats().find((x) => x.id === sandbox.channelId);
    const title = (channel && 'title' in channel ? channel.title : undefined) ?? t(locale, 'sim-channel');
    const base = '/sandbox/channel';
    const dm = emu.directMessagesChatOf(sandbox.channelId);
    const people = clients();
    const me = playedIn(c, people);
    const q = () => `?lang=${locale}${me ? `&as=${me.id}` : ''}`;
    const posts = (
      <Chat
        locale={locale}
        messages={emu.messages(sandbox.channelId)}
        mine={() => false}
        who={() => title}
        pressAction={`${base}/press-post${q()}`}
        fileSrc={fileSrc}
        linkHref={me ? linkHrefFor(me.id, locale) : undefined}
        now={emu.now()}
        timeZone={timeZone()}
        id="posts"
        empty={t(locale, 'sim-no-posts')}
      />
    );
    const conversation =
      dm && me ? (
        <Chat
          locale={locale}
          messages={emu.messages(dm.id, { topicId: me.id })}
          mine={(m) => m.from?.id === me.id}
          who={(m) => (m.from?.id === me.id ? t(locale, 'sim-you') : title)}
          pressAction={`${base}/press${q()}`}
          startAction={`${base}/start${q()}`}
          botUsername={emu.botUser.username}
          fileSrc={fileSrc}
          linkHref={linkHrefFor(me.id, locale)}
          now={emu.now()}
          timeZone={timeZone()}
          empty={t(locale, 'sim-no-conversation')}
        />
      ) : null;
    if (c.req.query('part')) return c.html(String(<>{posts}{conversation}</>), 200, { 'cache-control': 'no-store' });
    return html(
      c,
      <SimLayout
        locale={locale}
        title={t(locale, 'sim-channel-title', { title })}
        keep={me ? { as: String(me.id) } : {}}
        live={{ events: '/sandbox/events', part: `${base}${q()}&part=live` }}
      >
        <p>
          <a href={`/sandbox?lang=${locale}`}>{t(locale, 'sim-back')}</a> · <a href={`${base}${q()}`}>{t(locale, 'sim-refresh')}</a>
        </p>
        <h2>{t(locale, 'sim-posts')}</h2>
        {posts}
        <h2 id="dm">{t(locale, 'sim-write-channel')}</h2>
        {!dm ? (
          <p class="note">{t(locale, 'sim-no-direct-messages')}</p>
        ) : !me ? (
          <NoPeople locale={locale} />
        ) : (
          <>
            <p class="muted">{t(locale, 'sim-write-channel-about')}</p>
            <PersonChooser locale={locale} action={`${base}#dm`} people={people} current={me} />
            <Err text={c.req.query('err')} />
            <h2>{t(locale, 'sim-conversation', { name: userName(me) })}</h2>
            {conversation}
            <form method="post" action={`${base}/send${q()}`} id="write">
              <label for="text">{t(locale, 'sim-message')}</label>
              <textarea id="text" name="text" rows={2} required maxlength={4096} />
              <button type="submit">{t(locale, 'sim-send')}</button>
            </form>
          </>
        )}
      </SimLayout>,
    );
  });

  const channelAction = (path: string, act: (me: User, form: Record<string, unknown>) => string | void) =>
    app.post(`/channel/${path}`, async (c) => {
      const me = clients().find((u) => u.id === Number(c.req.query('as')));
      if (!me) return c.text(t(localeOf(c), 'sim-not-found'), 404);
      let to: string | void;
      try {
        to = act(me, await c.req.parseBody());
      } catch (err) {
        return back(c, '/sandbox/channel', { as: String(me.id), err: errorText(localeOf(c), err) }, '#dm');
      }
      return to ? back(c, to) : back(c, '/sandbox/channel', { as: String(me.id) }, '#write');
    });
  channelAction('send', (me, form) => {
    const text = String(form.text ?? '').slice(0, 4096);
    if (text.trim()) emu.userWritesToChannel(me.id, sandbox.channelId, { text });
  });
  channelAction('press', (me, form) => {
    const dm = emu.directMessagesChatOf(sandbox.channelId);
    if (dm) emu.userPressesButton(me.id, dm.id, Number(form.message_id), String(form.data));
  });
  channelAction('press-post', (me, form) => void emu.userPressesButton(me.id, sandbox.channelId, Number(form.message_id), String(form.data)));
  channelAction('start', (me, form) => {
    emu.userSends(me.id, me.id, { text: startCommand(form.payload) });
    return `/sandbox/clients/${me.id}`;
  });
}
