import { eq, sql } from 'drizzle-orm';
import { Api } from 'grammy';
import { Hono } from 'hono';
import { Writable } from 'node:stream';
import { afterEach } from 'vitest';
import { useFreshDatabases } from '../../../test/support/database.ts';
import { openCaseFor } from '../../cases/case-store.ts';
import { findOrCreateClient } from '../../cases/clients.ts';
import type { CaseDeps } from '../../cases/deps.ts';
import { syncDirectory } from '../../cases/external.ts';
import { recordActivity } from '../../cases/lifecycle.ts';
import { recordMessage } from '../../cases/message-store.ts';
import { upsertStaffMember } from '../../cases/staff-members.ts';
import { outboxOpsOf } from '../../telegram/outbox-ops.ts';
import { OutboxSender, type Op } from '../../outbox/sender.ts';
import { importPack } from '../../content/import.ts';
import { ContentLibrary } from '../../content/library.ts';
import { readPack } from '../../content/pack.ts';
import { cases } from '../../db/schema/index.ts';
import { createLogger } from '../../log.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../organisation/settings.ts';
import { TelegramEmulator } from '../../sandbox/emulator/index.ts';
import { createConsoleApp } from '../app.tsx';
import { topicButtons } from '../../telegram/staff/callbacks.ts';
import type { ConsoleBotDeps } from './routes.tsx';
import type { Role } from '../policy.ts';
import { signedIn, testClock, testVault } from '../testing.ts';

/**
 * The console's case pages over a fresh database, with the bot's case deps talking to a Telegram
 * emulator (a staff forum group with a worker, Vera), for the case tests. Call at a test file's top
 * level: it registers the clean-up.
 */
export function useCaseSystems() {
  const testDatabase = useFreshDatabases();
  const emulators: TelegramEmulator[] = [];
  afterEach(async () => {
    for (const e of emulators.splice(0)) await e.close();
  });

  return async function system(opts: { settings?: Partial<Settings>; content?: { unverified?: string[] } } = {}) {
    const d = await testDatabase();
    const db = d.db;
    const clock = testClock();
    const logs: string[] = [];
    const log = createLogger(new Writable({ write: (c, _e, done) => (logs.push(String(c)), done()) }), 'debug');
    const emu = new TelegramEmulator({ limits: false });
    emulators.push(emu);
    const worker = emu.createUser({ first_name: 'Vera' });
    const staff = emu.createForumGroup({ title: 'Staff', members: [worker.id], botIsAdmin: true });
    // grammY's Api against the emulator's HTTP app, without a socket.
    const api = new Api(emu.token, { apiRoot: 'http://emulator', fetch: ((url: string, init: RequestInit) => emu.app.request(url, init)) as never });
    const settings: Settings = { ...DEFAULT_SETTINGS, ...opts.settings };
    await syncDirectory(db, settings, clock.now());
    let content: ContentLibrary | undefined;
    if (opts.content) {
      // The pack verified by the settings' reviewer, except the articles named unverified.
      const unverified = new Set(opts.content.unverified ?? []);
      const pack = readPack();
      await importPack(db, pack.filter((e) => !unverified.has(e.slug)), settings.contentReviewer, clock.now());
      await importPack(db, pack.filter((e) => unverified.has(e.slug)), undefined, clock.now());
      content = new ContentLibrary(db, () => settings);
      await content.load();
    }
    // Queued calls are delivered before the action returns, so a test reads Telegram right after it.
    const outboxOps: Record<string, Op> = {};
    const outbox = new OutboxSender({ db, vault: testVault, log, ops: outboxOps, deliverBeforeReturning: true });
    const bot: ConsoleBotDeps = { db, vault: testVault, api, log, staffChatId: staff.id, staffLocale: 'ru', defaultLocale: 'ru', settings, now: clock.now, content, buttons: topicButtons('ru'), outbox };
    Object.assign(outboxOps, outboxOpsOf(bot));

    const newCase = async (name: string, text: string, language = 'ru') => {
      const user = emu.createUser({ first_name: name, language_code: language });
      emu.userSends(user.id, user.id, { text });
      const client = await findOrCreateClient(bot, user);
      const { kase } = await openCaseFor(bot, client.id);
      const topic = await api.createForumTopic(staff.id, `#${kase.id}`);
      await db.update(cases).set({ staffChatId: staff.id, topicId: topic.message_thread_id }).where(eq(cases.id, kase.id));
      await recordMessage(bot, { caseId: kase.id, direction: 'client', kind: 'text', body: text });
      const [row] = await db.select().from(cases).where(eq(cases.id, kase.id));
      return { user, client, kase: await recordActivity(bot, row!, 'client'), topicId: topic.message_thread_id };
    };

    const consoleApp = createConsoleApp({ db, vault: testVault, log, now: clock.now, bot: () => bot, live: { pollMs: 50, heartbeatMs: 60_000 } });
    const app = new Hono().route('/console', consoleApp);
    /** What the bot sent into a chat (and, for the staff group, into one topic). */
    const botTo = (chatId: number, threadId?: number) => emu.messages(chatId).filter((m) => m.from?.id === emu.botUser.id && (threadId === undefined || m.message_thread_id === threadId));
    return {
      d,
      db,
      clock,
      logs,
      emu,
      api,
      staff,
      worker,
      bot,
      app,
      newCase,
      botTo,
      as: (login: string, role: Role, o?: { staffMemberId?: number; locale?: 'ru' | 'en' }) => signedIn(app, db, clock, login, role, o),
    };
  };
}

export type CaseSystem = Awaited<ReturnType<ReturnType<typeof useCaseSystems>>>;

export const CLIENT_TEXT = 'У меня абсцесс на руке, что делать';

/** Two cases: #1 an emergency after hours, claimed by Vera, with a photo; #2 plain and newer. */
export async function twoCases(s: CaseSystem) {
  const first = await s.newCase('Client One', CLIENT_TEXT);
  await recordMessage(s.bot, { caseId: first.kase.id, direction: 'client', kind: 'photo' });
  const vera = await upsertStaffMember(s.bot, { id: s.worker.id, first_name: 'Vera' });
  await s.db
    .update(cases)
    .set({ emergencyAt: sql`now()`, afterHours: true, claimedBy: vera.id, status: 'open', lastActivityAt: sql`now() - interval '10 minutes'`, openedAt: sql`now() - interval '2 hours'` })
    .where(eq(cases.id, first.kase.id));
  const second = await s.newCase('Client Two', 'привет');
  return { first, second, vera };
}
