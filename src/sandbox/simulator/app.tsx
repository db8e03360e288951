import { Hono, type Context } from 'hono';
import type { Locale } from '../../config.ts';
import { t } from '../../i18n/index.ts';
import type { Sandbox } from '../sandbox.ts';
import { mountCommunity } from './community.tsx';
import { Chat, SimLayout, startCommand, userName } from './views.tsx';

/**
 * The sandbox simulator: a person plays clients (a Telegram-like chat with the bot) and workers
 * (the staff group's topics) on the built-in emulator, with no Telegram account. Served only in
 * sandbox mode. Pages work without scripts: a form posts, waits for the bot, and comes back.
 */
export function createSimulatorApp(sandbox: Sandbox, opts: { defaultLocale: Locale; settle: () => Promise<void> }): Hono {
  const { emulator: emu } = sandbox;
  const app = new Hono();
  const localeOf = (c: Context): Locale => (c.req.query('lang') === 'en' ? 'en' : c.req.query('lang') === 'ru' ? 'ru' : opts.defaultLocale);
  const html = (c: Context, node: unknown) => c.html('<!doctype html>' + String(node));
  const botId = emu.botUser.id;
  const workers = () => emu.users().filter((u) => !u.is_bot && sandbox.workerIds.includes(u.id));
  const clients = () => emu.users().filter((u) => !u.is_bot && !sandbox.workerIds.includes(u.id));
  /** Everyone a person can play: the clients, then the sample workers. */
  const players = () => [...clients(), ...workers()];

  // No cookies here, so the one cross-site risk is a form posted from another page: refuse it.
  app.use('*', async (c, next) => {
    if (c.req.method === 'POST') {
      const origin = c.req.header('origin');
      if (origin && new URL(origin).host !== c.req.header('host')) return c.text(t(localeOf(c), 'sim-bad-origin'), 403);
    }
    await next();
  });

  const back = async (c: Context, path: string, params: Record<string, string | undefined> = {}, hash = '') => {
    await opts.settle();
    const q = new URLSearchParams();
    const lang = c.req.query('lang');
    if (lang) q.set('lang', lang);
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
    const query = q.toString();
    return c.redirect(`${path}${query ? `?${query}` : ''}${hash}`, 303);
  };

  app.get('/', (c) => {
    const locale = localeOf(c);
    const topics = emu.topics(sandbox.staffChatId);
    return html(
      c,
      <SimLayout locale={locale} title={t(locale, 'sim-title')}>
        <p class="muted">{t(locale, 'sim-intro')}</p>
        <h2>{t(locale, 'sim-clients')}</h2>
        {clients().length === 0 ? <p>{t(locale, 'sim-no-clients')}</p> : null}
        <ul>
          {clients().map((u) => (
            <li>
              <a href={`/sandbox/clients/${u.id}?lang=${locale}`}>{userName(u)}</a>
            </li>
          ))}
        </ul>
        <h2>{t(locale, 'sim-new-client')}</h2>
        <form method="post" action={`/sandbox/clients?lang=${locale}`}>
          <label for="name">{t(locale, 'sim-name')}</label>
          <input id="name" name="name" type="text" required maxlength={64} value={locale === 'ru' ? 'Марина' : 'Alex'} />
          <label for="language">{t(locale, 'sim-language')}</label>
          <select id="language" name="language">
            <option value="ru" selected={locale === 'ru'}>Русский</option>
            <option value="en" selected={locale === 'en'}>English</option>
          </select>
          <button type="submit">{t(locale, 'sim-create')}</button>
        </form>
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
        <h2>{t(locale, 'sim-staff')}</h2>
        {topics.length === 0 ? <p>{t(locale, 'sim-no-topics')}</p> : null}
        <ul>
          {topics.map((topic) => (
            <li>
              <a href={`/sandbox/staff/${topic.message_thread_id}?lang=${locale}`}>{topic.name}</a>
              {topic.closed ? ` (${t(locale, 'sim-closed')})` : ''}
            </li>
          ))}
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

  app.get('/clients/:id', (c) => {
    const locale = localeOf(c);
    const user = players().find((u) => u.id === Number(c.req.param('id')));
    if (!user) return c.text(t(locale, 'sim-not-found'), 404);
    const base = `/sandbox/clients/${user.id}`;
    return html(
      c,
      <SimLayout locale={locale} title={t(locale, 'sim-chat-with-bot', { name: userName(user) })}>
        <p>
          <a href={`/sandbox?lang=${locale}`}>{t(locale, 'sim-back')}</a> · <a href={`${base}?lang=${locale}`}>{t(locale, 'sim-refresh')}</a> ·{' '}
          <a href={`/sandbox/community?lang=${locale}&as=${user.id}`}>{t(locale, 'sim-in-community')}</a> ·{' '}
          <a href={`/sandbox/channel?lang=${locale}&as=${user.id}`}>{t(locale, 'sim-in-channel')}</a>
        </p>
        <Chat
          locale={locale}
          messages={emu.messages(user.id)}
          mine={(m) => m.from?.id === user.id}
          who={(m) => (m.from?.id === botId ? t(locale, 'sim-bot') : t(locale, 'sim-you'))}
          pressAction={`${base}/press?lang=${locale}`}
          startAction={`${base}/start?lang=${locale}`}
          botUsername={emu.botUser.username}
        />
        <form method="post" action={`${base}/send?lang=${locale}`}>
          <label for="text">{t(locale, 'sim-message')}</label>
          <textarea id="text" name="text" rows={2} required maxlength={4096} />
          <button type="submit">{t(locale, 'sim-send')}</button>
        </form>
        <form method="post" action={`${base}/location?lang=${locale}`}>
          <button type="submit">{t(locale, 'sim-send-location')}</button>
        </form>
        <form method="post" action={`${base}/voice?lang=${locale}`}>
          <button type="submit">{t(locale, 'sim-send-voice')}</button>
        </form>
      </SimLayout>,
    );
  });

  const clientAction = (path: string, act: (userId: number, form: Record<string, unknown>) => void) =>
    app.post(`/clients/:id/${path}`, async (c) => {
      const user = players().find((u) => u.id === Number(c.req.param('id')));
      if (!user) return c.text(t(localeOf(c), 'sim-not-found'), 404);
      try {
        act(user.id, await c.req.parseBody());
      } catch (err) {
        return c.text(String((err as Error).message), 400);
      }
      return back(c, `/sandbox/clients/${user.id}`);
    });
  clientAction('send', (id, form) => {
    const text = String(form.text ?? '').slice(0, 4096);
    if (text.trim()) emu.userSends(id, id, { text });
  });
  clientAction('location', (id) => emu.userSends(id, id, { location: { latitude: 59.9343, longitude: 30.3351 } }));
  clientAction('voice', (id) => emu.userSends(id, id, { voice: true, duration: 5 }));
  clientAction('press', (id, form) => emu.userPressesButton(id, id, Number(form.message_id), String(form.data)));
  // A URL button that opens the bot's chat: Telegram sends /start with the link's payload.
  clientAction('start', (id, form) => emu.userSends(id, id, { text: startCommand(form.payload) }));

  app.get('/staff/:thread', (c) => {
    const locale = localeOf(c);
    const thread = Number(c.req.param('thread'));
    const topic = emu.topics(sandbox.staffChatId).find((x) => x.message_thread_id === thread);
    if (!topic) return c.text(t(locale, 'sim-not-found'), 404);
    const base = `/sandbox/staff/${thread}`;
    const names = new Map(emu.users().map((u) => [u.id, userName(u)]));
    return html(
      c,
      <SimLayout locale={locale} title={t(locale, 'sim-topic', { name: topic.name })}>
        <p>
          <a href={`/sandbox?lang=${locale}`}>{t(locale, 'sim-back')}</a> · <a href={`${base}?lang=${locale}`}>{t(locale, 'sim-refresh')}</a>
        </p>
        <Chat
          locale={locale}
          messages={emu.messages(sandbox.staffChatId, { threadId: thread })}
          mine={(m) => m.from?.id !== botId}
          who={(m) => (m.from?.id === botId ? t(locale, 'sim-bot') : (names.get(m.from?.id ?? 0) ?? ''))}
          pressAction={`${base}/press?lang=${locale}`}
        />
        <form method="post" action={`${base}/send?lang=${locale}`}>
          <label for="worker">{t(locale, 'sim-as-worker')}</label>
          <select id="worker" name="worker">
            {workers().map((w) => (
              <option value={String(w.id)}>{userName(w)}</option>
            ))}
          </select>
          <label for="text">{t(locale, 'sim-message')}</label>
          <textarea id="text" name="text" rows={2} required maxlength={4096} />
          <button type="submit">{t(locale, 'sim-send')}</button>
        </form>
      </SimLayout>,
    );
  });

  const staffAction = (path: string, act: (thread: number, form: Record<string, unknown>) => void) =>
    app.post(`/staff/:thread/${path}`, async (c) => {
      const thread = Number(c.req.param('thread'));
      try {
        act(thread, await c.req.parseBody());
      } catch (err) {
        return c.text(String((err as Error).message), 400);
      }
      return back(c, `/sandbox/staff/${thread}`);
    });
  const workerOf = (form: Record<string, unknown>) => workers().find((w) => w.id === Number(form.worker))?.id ?? workers()[0]!.id;
  staffAction('send', (thread, form) => {
    const text = String(form.text ?? '').slice(0, 4096);
    if (text.trim()) emu.userSends(workerOf(form), sandbox.staffChatId, { text }, { message_thread_id: thread });
  });
  staffAction('press', (_thread, form) => emu.userPressesButton(workerOf(form), sandbox.staffChatId, Number(form.message_id), String(form.data)));

  mountCommunity(app, { sandbox, localeOf, html, back, clients, workers, players });
  return app;
}

