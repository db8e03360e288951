import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { Api, GrammyError, type Bot } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db/open.ts';
import { ensureSetupLink } from './console/auth/setup.ts';
import { LiveFeed } from './console/cases/live.ts';
import { createHttpApp } from './http/app.tsx';
import { mountWebhook } from './http/webhook.ts';
import { Inbox } from './inbox/inbox.ts';
import { ALLOWED_UPDATES } from './inbox/update-shape.ts';
import { safeError, type Logger } from './log.ts';
import { loadOrCreateSecretKey } from './privacy/secret-key.ts';
import { Vault } from './privacy/vault.ts';
import { NEXT_KEY_FILE, readKey } from './privacy/key-files.ts';
import { startKeyControl } from './control/keys-control.ts';
import { join } from 'node:path';
import { topicButtons } from './telegram/staff/callbacks.ts';
import { createSandbox, SANDBOX_API_PATH, type Sandbox } from './sandbox/sandbox.ts';
import { createSimulatorApp } from './sandbox/simulator/app.tsx';
import { createApiBot, createEmergencyApi, installFeatures, registerCommands } from './telegram/bot.ts';
import { pollUpdates } from './telegram/polling.ts';
import { syncDirectory } from './cases/external.ts';
import { loadTopicIcons } from './cases/topic-icons.ts';
import { ContentLibrary } from './content/library.ts';
import { importPack } from './content/import.ts';
import { readPack } from './content/pack.ts';
import { overdoseJobs, restoreEpisodes } from './emergency/flow.ts';
import { EmergencyResponder, LocaleMemory } from './emergency/responder.ts';
import { startPeriodic } from './jobs/periodic.ts';
import { Scheduler, type JobHandler } from './jobs/scheduler.ts';
import { contentFillChanged, DEFAULT_SETTINGS, directoryChanged, SANDBOX_SETTINGS } from './organisation/settings.ts';
import { openSettingsStore, type SettingsStore } from './organisation/settings-store.ts';
import { FloodGate } from './telegram/client/flood-gate.ts';
import { ChatLimits, type Clock, type Limits } from './outbox/limits.ts';
import { OutboxSender, type Op } from './outbox/sender.ts';
import { readyFor } from './outbox/ready.ts';
import { outboxSnapshot } from './outbox/store.ts';
import { registerOutboxCollector } from './metrics/netreach.ts';
import { outboxOpsOf } from './telegram/outbox-ops.ts';
import { communityOps } from './community/deliveries.ts';
import type { CommunityDeps } from './community/deps.ts';
import { communityJobs } from './community/jobs.ts';
import { startChannel } from './channel/index.ts';
import type { BotDeps } from './telegram/deps.ts';
import { endEventStreams } from './http/event-loop.ts';
import { WebTransport } from './web-chat/transport.ts';
import { WebChatGuard } from './web-chat/abuse.ts';
import type { WebChatDeps } from './web-chat/conversations.ts';
import { TrustedProxies } from './http/client-address.ts';
import { CHAT_PATH } from './web-chat/views.tsx';
import { createWebChatApp } from './web-chat/app.tsx';

export interface Netreach {
  /** The address of the HTTP server, e.g. http://127.0.0.1:3000 */
  url: string;
  /** The one-time link that creates the first console admin, while there is no account. */
  setupLink?: string;
  mode: Config['mode'];
  database: Database;
  inbox: Inbox;
  /** Delivers what the bot queued (tests wait for it to be idle). */
  outbox: OutboxSender;
  deps: BotDeps;
  /** The community chat's deps, when COMMUNITY_CHAT_ID is set and usable. */
  community?: BotDeps & CommunityDeps;
  /** The organisation's settings in force (the console saves new versions here). */
  settings: SettingsStore;
  /** Present in sandbox mode: the emulator the bot talks to. */
  sandbox?: Sandbox;
  /** The web chat alone (CHAT_HOST/CHAT_PORT), when configured. */
  chatUrl?: string;
  /** What the web chat's routes use (tests set a stricter guard). */
  webChat: WebChatDeps;
  stop(): Promise<void>;
}

export class StartupError extends Error {}

export const CONSOLE_PATH = '/console';

/**
 * Starts everything main.ts starts: database, HTTP server, Telegram (or the sandbox emulator),
 * and the update loop. Tests call this too, so they run the system as `npm start` does.
 */
export async function startNetreach(config: Config, log: Logger, opts: { now?: () => Date; telegramLimits?: Limits; telegramClock?: Clock } = {}): Promise<Netreach> {
  const now = opts.now ?? (() => new Date());
  const { key, created } = loadOrCreateSecretKey(config.dataDir, config.secretKey);
  if (created) log.warn({ event: 'secret_key.created' }, 'created a new secret key in DATA_DIR/secret.key: back it up, without it stored data cannot be read');
  // A rotation staged before this start (or interrupted): both keys, so nothing is unreadable meanwhile.
  const vault = new Vault(key, config.secretKey ? undefined : readKey(join(config.dataDir, NEXT_KEY_FILE)));
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  log.info({ event: 'database.ready', kind: database.kind }, 'database ready');
  const opened = await openSettingsStore(database.db, { dataDir: config.dataDir, defaults: config.mode === 'sandbox' ? SANDBOX_SETTINGS : DEFAULT_SETTINGS, log, now });
  if (!opened.ok) {
    await database.close();
    throw new StartupError(opened.errors.join('; '));
  }
  const settingsStore = opened.store;
  /** What is in force at start; everything that runs later reads `inForce()`, so a save applies at once. */
  const settings = settingsStore.current;
  const inForce = () => settingsStore.current;

  const cleanups: (() => Promise<unknown>)[] = [() => database.close()];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await fn().catch(() => {});
  };
  try {
    // In the sandbox the emulator is served by our own HTTP server, so one port serves it all.
    const sandbox = config.mode === 'sandbox' ? createSandbox({ dataDir: config.dataDir }) : undefined;
    if (sandbox) cleanups.push(() => sandbox.close());
    let bot: Bot | undefined;
    // A webhook call can arrive before the bot is set up: it is stored, and handled once the bot is ready.
    let botIsReady!: (b: Bot) => void;
    const botReady = new Promise<Bot>((resolve) => (botIsReady = resolve));
    const inbox = new Inbox({ db: database.db, vault, log }, async (u) => (await botReady).handleUpdate(u));
    let emergency: EmergencyResponder | undefined;
    const onArrival = (u: Update) => emergency?.onArrival(u);

    const imported = await importPack(database.db, readPack(), settings.contentReviewer, now());
    log.info({ event: 'content.imported', ...imported }, settings.contentReviewer ? 'content pack imported and verified by the configured reviewer' : 'content pack imported: unverified until a reviewer verifies it');
    await syncDirectory(database.db, settings, now());
    const content = new ContentLibrary(database.db, inForce);
    await content.load();
    // Saved in the console, in force at once: the directory's table and the texts filled from settings follow.
    settingsStore.onChange(async (next, previous) => {
      if (directoryChanged(next, previous)) await syncDirectory(database.db, next, now());
      if (contentFillChanged(next, previous)) await content.load();
    });

    const http = createHttpApp({
      mode: config.mode,
      locale: config.defaultLocale,
      metricsToken: config.metricsToken,
      health: {
        database: () => database.ping(),
        telegram: async () => {
          if (!bot) throw new Error('not connected yet');
          await bot.api.getMe();
        },
      },
    });
    if (sandbox) {
      http.route(SANDBOX_API_PATH, sandbox.emulator.app);
      // The simulator answers after the bot has: queued updates fetched, the inbox idle.
      const settle = async () => {
        for (let i = 0; i < 50 && sandbox.emulator.pendingUpdateCount > 0; i++) await new Promise((r) => setTimeout(r, 20));
        await inbox.idle();
        await outbox.idle();
      };
      http.route('/sandbox', createSimulatorApp(sandbox, { defaultLocale: config.defaultLocale, settle, timeZone: () => inForce().timeZone }));
    }
    let botDeps: BotDeps | undefined;
    let communityDeps: CommunityDeps | undefined;
    // One feed of case activity for every console stream of this process; with PostgreSQL it hears
    // other instances through LISTEN/NOTIFY.
    const live = await LiveFeed.open(database.db, { log });
    cleanups.push(() => live.close());
    mountOnFirstRequest(http, CONSOLE_PATH, async () =>
      (await import('./console/app.tsx')).createConsoleApp({ db: database.db, vault, log, now, basePath: CONSOLE_PATH, defaultLocale: config.defaultLocale, trustedProxies: config.trustedProxies, bot: () => botDeps, community: () => communityDeps, settings: settingsStore, live: { feed: live } }),
    );
    // The web chat needs the bot (it speaks to it as a Telegram chat would), which starts after the
    // server listens: until then its pages answer 503.
    let webChat: Hono | undefined;
    const chatApp = new Hono().all('*', (c) => (webChat ? webChat.fetch(c.req.raw, c.env) : c.text('starting', 503, { 'retry-after': '5' })));
    http.route(CHAT_PATH, chatApp);
    const webhook = config.telegram.webhookUrl;
    const webhookSecret = vault.derive('telegram-webhook-secret').toString('base64url');
    if (webhook) mountWebhook(http, { path: webhook.pathname, secretToken: webhookSecret, inbox, log, onArrival });

    const server = await listen(http.fetch, config.host, config.port);
    cleanups.push(
      () =>
        new Promise<void>((r) => {
          server.close(() => r());
          // Open pages' event streams would hold the close for minutes.
          endEventStreams();
        }),
    );
    const url = `http://${urlHost(config.host)}:${(server.address() as AddressInfo).port}`;
    // With no account yet, a one-time link makes the first admin; it is printed, never logged.
    const setupLink = await ensureSetupLink(database.db, vault, url, now());

    const token = sandbox?.token ?? config.telegram.token!;
    const apiRoot = sandbox ? `${url}${SANDBOX_API_PATH}` : config.telegram.apiRoot;
    const staffChatId = sandbox?.staffChatId ?? config.telegram.staffChatId!;
    const botInfo = await getMe(token, apiRoot);
    const limits = new ChatLimits(opts.telegramLimits, opts.telegramClock);
    bot = createApiBot({ token, apiRoot, botInfo, limits });
    // Outermost on every API client: a call to a web conversation never reaches Telegram or its budgets.
    const webTransport = new WebTransport({ db: database.db, vault, log }, botInfo);
    bot.api.config.use(webTransport.transformer);
    await checkStaffChat(bot.api, staffChatId, botInfo.id);
    const locales = new LocaleMemory();
    const emergencyApi = createEmergencyApi({ token, apiRoot, limits });
    emergencyApi.config.use(webTransport.transformer);
    emergency = new EmergencyResponder(emergencyApi, content, locales, inForce, config.defaultLocale, log);
    const outboxOps: Record<string, Op> = {};
    const outbox = new OutboxSender({ db: database.db, vault, log, ops: outboxOps, ready: (target) => readyFor(limits, target) });
    const jobHandlers: Record<string, JobHandler> = {};
    const scheduler = new Scheduler({ db: database.db, vault, log, now }, jobHandlers);
    const deps: BotDeps = {
      db: database.db,
      vault,
      log,
      api: bot.api,
      staffChatId,
      staffLocale: config.defaultLocale,
      defaultLocale: config.defaultLocale,
      buttons: topicButtons(config.defaultLocale),
      get settings() {
        return settingsStore.current;
      },
      now,
      emergency,
      locales,
      scheduler,
      content,
      flood: new FloodGate(),
      topicIcons: await loadTopicIcons(bot.api, log),
      outbox,
    };
    botDeps = deps;
    Object.assign(outboxOps, outboxOpsOf(deps));
    const community = await communityDepsOf(deps, sandbox?.communityChatId ?? config.telegram.communityChatId, botInfo.username);
    communityDeps = community;
    if (community) {
      Object.assign(outboxOps, communityOps(community));
      Object.assign(jobHandlers, communityJobs(community));
    }
    outbox.start();
    registerOutboxCollector(() => outboxSnapshot(database.db, staffChatId));
    cleanups.push(async () => {
      registerOutboxCollector(undefined);
      await outbox.stop();
    });
    Object.assign(jobHandlers, overdoseJobs(deps));
    // Emergencies under way before a restart: the responder reads the clients' words as answers again.
    await restoreEpisodes(deps);
    installFeatures(bot, deps, community);
    await registerCommands(bot.api, staffChatId, config.defaultLocale).catch((err: unknown) =>
      log.warn({ event: 'telegram.commands_failed', err: safeError(err) }, 'could not register bot commands'),
    );
    botIsReady(bot);
    const webChatDeps: WebChatDeps = { d: deps, inbox, transport: webTransport, guard: new WebChatGuard(vault.derive('web-chat-guard')), bot: botInfo };
    webChat = createWebChatApp(webChatDeps, { defaultLocale: config.defaultLocale, trustedProxies: new TrustedProxies(config.trustedProxies) });
    let chatUrl: string | undefined;
    if (config.chat) {
      // The chat alone, for an onion service or a separate host: no console, no webhook, no metrics.
      const alone = new Hono();
      alone.get('/', (c) => c.redirect(CHAT_PATH, 302));
      alone.route('/', webChat);
      const chatServer = await listen(alone.fetch, config.chat.host, config.chat.port, 'CHAT_PORT');
      cleanups.push(() => new Promise<void>((r) => chatServer.close(() => r())));
      chatUrl = `http://${urlHost(config.chat.host)}:${(chatServer.address() as AddressInfo).port}${CHAT_PATH}`;
      log.info({ event: 'web_chat.alone', port: (chatServer.address() as AddressInfo).port }, 'the web chat is also served alone on CHAT_HOST:CHAT_PORT');
    }
    await scheduler.start();
    cleanups.push(() => scheduler.stop());
    const periodic = startPeriodic(deps);
    cleanups.push(async () => periodic.stop());
    const channelId = sandbox?.channelId ?? config.telegram.channelId;
    if (channelId !== undefined) {
      const channel = await startChannel(deps, { channelId });
      if (channel) cleanups.push(() => channel.stop());
    }
    if (sandbox) log.info({ event: 'sandbox.ready', path: SANDBOX_API_PATH }, 'sandbox: the Telegram emulator is served by this server');

    // `netreach keys …` and `netreach backup` ask this server through DATA_DIR/netreach.sock.
    cleanups.push(await startKeyControl({ dataDir: config.dataDir, keyFromEnv: Boolean(config.secretKey), vault, database, log }));

    const resumed = await inbox.resume();
    if (resumed > 0) log.info({ event: 'inbox.resumed', count: resumed }, 'resuming updates stored before the last stop');

    const polling = new AbortController();
    let pollingDone: Promise<void> = Promise.resolve();
    if (webhook) {
      await bot.api.setWebhook(webhook.href, { secret_token: webhookSecret, allowed_updates: [...ALLOWED_UPDATES] });
      log.info({ event: 'telegram.webhook' }, 'receiving updates by webhook');
    } else {
      // A webhook left by an earlier configuration would make getUpdates fail with 409.
      await bot.api.deleteWebhook();
      pollingDone = pollUpdates(bot.api, inbox, log, polling.signal, onArrival).catch((err) => {
        log.fatal({ event: 'polling.stopped', err: safeError(err) }, 'long polling stopped');
      });
      log.info({ event: 'telegram.polling' }, 'receiving updates by long polling');
    }

    let stopping: Promise<void> | undefined;
    return {
      url,
      setupLink: setupLink ?? undefined,
      mode: config.mode,
      database,
      inbox,
      outbox,
      deps,
      community,
      settings: settingsStore,
      sandbox,
      chatUrl,
      webChat: webChatDeps,
      stop: () =>
        (stopping ??= (async () => {
          polling.abort();
          await pollingDone;
          const finished = await inbox.drain(4000);
          if (!finished) log.warn({ event: 'inbox.drain_timeout' }, 'some updates were still running; they resume at the next start');
          await cleanup();
          log.info({ event: 'stopped' }, 'stopped');
        })()),
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

async function getMe(token: string, apiRoot: string): Promise<UserFromGetMe> {
  // No retry transformer here: an unreachable API at start must say so at once, not after minutes.
  try {
    return await new Api(token, { apiRoot }).getMe();
  } catch (err) {
    if (err instanceof GrammyError && err.error_code === 401) {
      throw new StartupError('TELEGRAM_BOT_TOKEN was rejected by Telegram (401 Unauthorized): check the token from @BotFather');
    }
    throw new StartupError(`cannot reach the Telegram Bot API at ${apiRoot} (check TELEGRAM_API_ROOT and the network): ${safeError(err).description ?? 'no answer'}`);
  }
}

/**
 * The staff group must be a forum where the bot may create topics; finding out at the first
 * client message would leave that client unanswered.
 */
async function checkStaffChat(api: Api, chatId: number, botId: number): Promise<void> {
  const fix = 'add the bot to the staff supergroup, turn on Topics, and make the bot an administrator allowed to manage topics';
  try {
    const chat = await api.getChat(chatId);
    if (chat.type !== 'supergroup' || !chat.is_forum) throw new StartupError(`STAFF_CHAT_ID must be a forum supergroup: turn on Topics in the group's settings`);
    const me = await api.getChatMember(chatId, botId);
    if (me.status !== 'administrator' || !me.can_manage_topics) throw new StartupError(`STAFF_CHAT_ID: the bot cannot manage topics there: ${fix}`);
  } catch (err) {
    if (err instanceof StartupError) throw err;
    if (err instanceof GrammyError && (err.error_code === 400 || err.error_code === 403)) {
      throw new StartupError(`STAFF_CHAT_ID: Telegram says "${err.description}": ${fix}`);
    }
    throw new StartupError(`cannot check the staff group: ${safeError(err).description ?? 'no answer'}`);
  }
}

/**
 * The community chat's deps, when COMMUNITY_CHAT_ID is set and the bot may work there. A chat the
 * bot cannot moderate is logged and left alone: the relay and the emergency replies must start
 * whatever the state of the community chat.
 */
async function communityDepsOf(deps: BotDeps, chatId: number | undefined, botUsername: string): Promise<(BotDeps & CommunityDeps) | undefined> {
  if (chatId === undefined) return undefined;
  const need = ['can_invite_users', 'can_restrict_members', 'can_delete_messages'] as const;
  try {
    const chat = await deps.api.getChat(chatId);
    const me = await deps.api.getChatMember(chatId, (await deps.api.getMe()).id);
    const missing = me.status === 'administrator' ? need.filter((r) => !me[r]) : [...need];
    if (chat.type !== 'supergroup' || missing.length > 0) {
      deps.log.error({ event: 'community.unusable', chat_type: chat.type, missing }, 'COMMUNITY_CHAT_ID: the bot must be an administrator of the supergroup allowed to invite users, restrict members and delete messages; the community chat is off');
      return undefined;
    }
  } catch (err) {
    deps.log.error({ event: 'community.unusable', err: safeError(err) }, 'COMMUNITY_CHAT_ID: cannot reach the chat (add the bot as an administrator); the community chat is off');
    return undefined;
  }
  // Inherits from deps rather than copying it, so `settings` stays the live getter.
  return Object.assign(Object.create(deps) as BotDeps, { communityChatId: chatId, botUsername });
}

function listen(fetch: (req: Request) => Response | Promise<Response>, host: string, port: number, name = 'PORT'): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname: host, port }, () => resolve(server));
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new StartupError(err.code === 'EADDRINUSE' ? `${name} ${port} is already in use on ${host}: choose another ${name}` : `cannot listen on ${host}:${port}: ${err.message}`)),
    );
  });
}

/**
 * Mounts an app that is built (and its code loaded) on the first request under `path`: the console,
 * with exceljs behind its reports, is most of our code and memory, and the bot needs none of it.
 * What the app does not match falls through to `http`'s own "not found", as when mounted directly.
 */
function mountOnFirstRequest(http: Hono, path: string, build: () => Promise<Hono<any>>): void {
  const unmatched = 'x-netreach-unmatched';
  let loaded: Promise<Hono> | undefined;
  const load = () =>
    (loaded ??= build().then(
      (app) => new Hono().route(path, app).notFound((c) => c.body(null, 404, { [unmatched]: '1' })),
      (err: unknown) => {
        loaded = undefined;
        throw err;
      },
    ));
  http.route(
    path,
    new Hono().all('*', async (c) => {
      const res = await (await load()).fetch(c.req.raw, c.env);
      return res.headers.has(unmatched) ? c.notFound() : res;
    }),
  );
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
