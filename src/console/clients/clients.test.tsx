import { eq, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { useFreshDatabases } from '../../../test/support/database.ts';
import { openCaseFor } from '../../cases/case-store.ts';
import { findOrCreateClient } from '../../cases/clients.ts';
import { recordMessage } from '../../cases/message-store.ts';
import { upsertStaffMember } from '../../cases/staff-members.ts';
import { auditLog, cases, clients, referrals } from '../../db/schema/index.ts';
import { createLogger } from '../../log.ts';
import { DEFAULT_SETTINGS } from '../../organisation/settings.ts';
import { createConsoleApp } from '../app.tsx';
import { pseudonymSearch } from './data.ts';
import { ROLES, walkPolicy, type Role } from '../policy.ts';
import { signedIn, testClock, testVault, type TestBrowser } from '../testing.ts';

const testDatabase = useFreshDatabases();

/** Telegram users as the bot sees them: ids, names and usernames that must never reach these pages. */
const ALICE = { id: 730_001_234, first_name: 'Alice', last_name: 'Smirnova', username: 'alice_tg', language_code: 'ru' };
const BORIS = { id: 730_009_876, first_name: 'Boris', username: 'boris_tg', language_code: 'en' };
const ALICE_TEXT = 'мне нужна помощь с абсцессом';

async function system() {
  const d = await testDatabase();
  const db = d.db;
  const clock = testClock();
  const log = createLogger(new Writable({ write: (_c, _e, done) => done() }));
  const deps = { db, vault: testVault, defaultLocale: 'ru' as const, settings: DEFAULT_SETTINGS, log, now: clock.now };
  const app = new Hono().route('/console', createConsoleApp({ db, vault: testVault, log, now: clock.now, bot: () => ({ settings: DEFAULT_SETTINGS }) as never }));
  return { db, clock, deps, app, as: (login: string, role: Role) => signedIn(app, db, clock, login, role) };
}
type System = Awaited<ReturnType<typeof system>>;

/**
 * Alice: a closed case with its record and a referral to a doctor, then an open one claimed by
 * Vera; Boris: one case dropped as spam.
 */
async function history(s: System) {
  const alice = await findOrCreateClient(s.deps, ALICE);
  const { kase: first } = await openCaseFor(s.deps as never, alice.id);
  await recordMessage(s.deps, { caseId: first.id, direction: 'client', kind: 'text', body: ALICE_TEXT });
  const vera = await upsertStaffMember(s.deps, { id: 555_000_111, first_name: 'Vera' });
  await s.db.insert(referrals).values({ caseId: first.id, kind: 'internal', toRole: 'doctor', toStaffId: vera.id, outcome: 'done' });
  await s.db
    .update(cases)
    .set({
      status: 'closed',
      openedAt: new Date('2026-02-01T09:00:00Z'),
      closedAt: sql`now() - interval '30 days'`,
      recordedAt: sql`now() - interval '30 days'`,
      needs: ['minor_injection_complications'],
      services: ['verified_advice', 'mobile_unit_invitation'],
      phoneCall: 'accepted',
      outcome: 'resolved',
      metOnline: false,
      claimedBy: vera.id,
    })
    .where(eq(cases.id, first.id));
  const { kase: second } = await openCaseFor(s.deps as never, alice.id);
  await s.db.update(cases).set({ claimedBy: vera.id, status: 'open' }).where(eq(cases.id, second.id));

  const boris = await findOrCreateClient(s.deps, BORIS);
  const { kase: spam } = await openCaseFor(s.deps as never, boris.id);
  await s.db.update(cases).set({ status: 'closed', closedAt: sql`now()`, closeReason: 'spam' }).where(eq(cases.id, spam.id));
  return { alice, boris, first, second, spam };
}

const clientIds = (html: string) => [...html.matchAll(/data-client="(\d+)"/g)].map((m) => Number(m[1]));
const identifying = [String(ALICE.id), ALICE.first_name, ALICE.last_name, ALICE.username, String(BORIS.id), BORIS.first_name, BORIS.username, ALICE_TEXT];

describe('console: clients', () => {
  it('lists clients by pseudonym with their cases, first and last contact and an open-case marker; searches; nothing identifying', async () => {
    const s = await system();
    const { alice, boris } = await history(s);
    const { browser: b } = await s.as('anna', 'worker');
    expect((await b.get('/console/clients')).status).toBe(200);
    expect(clientIds(b.html).sort()).toEqual([alice.id, boris.id].sort());
    expect(b.html).toContain(`Клиент ${alice.pseudonym}`);
    expect(b.html).toMatch(new RegExp(`Клиент ${alice.pseudonym}[\\s\\S]*?2 обращения[\\s\\S]*?есть открытое обращение[\\s\\S]*?Первый контакт`));
    expect(b.html).toMatch(new RegExp(`Клиент ${boris.pseudonym}</a></p><p class="meta"><span class="badge">1 обращение</span></p>`));
    for (const s of identifying) expect(b.html).not.toContain(s);
    for (const [, id] of b.html.matchAll(/<(?:input|select|textarea) id="([^"]+)"/g)) expect(b.html).toContain(`for="${id}"`);

    // Search: part of the pseudonym, any case, stray characters dropped.
    await b.get(`/console/clients?q=${encodeURIComponent(` ${alice.pseudonym.slice(1, 3).toLowerCase()}% `)}`);
    expect(clientIds(b.html)).toContain(alice.id);
    expect(b.html).toContain(`value="${alice.pseudonym.slice(1, 3)}"`);
    await b.get(`/console/clients?q=${alice.pseudonym}`);
    expect(clientIds(b.html)).toEqual([alice.id]);
    await b.get('/console/clients?q=ZZZZZZZZ');
    expect(b.html).toContain('Клиентов с таким псевдонимом нет.');
    expect(pseudonymSearch(' k7_q%f ')).toBe('K7QF');
  });

  it('pages the list, most recent contact first', async () => {
    const s = await system();
    for (let i = 0; i < 53; i++) {
      await s.db.insert(clients).values({ tgHash: `h${i}`, chatSealed: 'x', pseudonym: `P${i + 100}`, lastSeenAt: new Date(Date.UTC(2026, 0, 1, 0, i)) });
    }
    const { browser: b } = await s.as('anna', 'worker');
    await b.get('/console/clients');
    const first = clientIds(b.html);
    expect(first).toHaveLength(50);
    expect(b.html).toMatch(/<li data-client="\d+"><p class="title" style="margin:0"><a [^>]+>Клиент P152</); // the latest contact leads
    expect(b.html).toContain('href="/console/clients?page=2"');
    await b.get('/console/clients?page=2');
    const second = clientIds(b.html);
    expect(second).toHaveLength(3);
    expect(second.filter((id) => first.includes(id))).toEqual([]);
    expect(b.html).not.toContain('rel="next"');
    expect(b.html).toContain('href="/console/clients"');
  });

  it("shows a client's case history with records and referrals, and audits the view", async () => {
    const s = await system();
    const { alice, boris, first, second, spam } = await history(s);
    const { browser: b, account } = await s.as('anna', 'worker');
    expect((await b.get(`/console/clients/${alice.id}`)).status).toBe(200);
    expect(b.html).toContain(`<h1>Клиент ${alice.pseudonym}</h1>`);
    // Newest first, each linking to its case page.
    expect([...b.html.matchAll(/data-case="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([second.id, first.id]);
    expect(b.html).toContain(`href="/console/cases/${first.id}"`);
    expect(b.html).toContain('Карточка обращения ещё не заполнена.');
    expect(b.html).toContain('Взял(а): Vera');
    expect(b.html).toContain('Открыто: <time datetime="2026-02-01T09:00:00.000Z">01.02.2026, 12:00</time>');
    expect(b.html).toContain('Лёгкие осложнения от инъекций');
    expect(b.html).toContain('Проверенный совет, Приглашение в мобильный пункт');
    expect(b.html).toContain('Согласился');
    expect(b.html).toContain('Решено');
    expect(b.html).toContain('понадобился офлайн-шаг');
    expect(b.html).toContain('К кому: врач, Vera · выполнено');
    for (const s of identifying) expect(b.html).not.toContain(s);
    expect(await s.db.select({ accountId: auditLog.accountId, action: auditLog.action, detail: auditLog.detail }).from(auditLog).where(eq(auditLog.action, 'clients.view'))).toEqual([
      { accountId: account.id, action: 'clients.view', detail: alice.pseudonym },
    ]);

    await b.get(`/console/clients/${boris.id}`);
    expect(b.html).toContain(`href="/console/cases/${spam.id}"`);
    expect(b.html).toContain('Закрыто без карточки; причина: спам.');

    // A case closed with a record and opened again: open, its earlier record said to be the earlier one.
    await s.db.update(cases).set({ status: 'closed', closedAt: sql`now()`, closeReason: 'duplicate' }).where(eq(cases.id, second.id));
    await s.db.update(cases).set({ status: 'open', reopenCount: 1 }).where(eq(cases.id, first.id));
    await b.get(`/console/clients/${alice.id}`);
    const reopened = b.html.slice(b.html.indexOf(`data-case="${first.id}"`));
    expect(reopened).toContain('в работе');
    expect(reopened).toContain('Закрывалось: ');
    expect(reopened).toContain('Обращение открыто снова; карточка до повторного открытия:');
    expect(reopened.slice(0, reopened.indexOf('Решено'))).not.toMatch(/Закрыто: /);

    expect((await b.get('/console/clients/999999')).status).toBe(404);
    expect((await b.get('/console/clients/99999999999999')).status).toBe(404);
  });

  it('answers 403 to roles without clients.view, on the list and on a history', async () => {
    const s = await system();
    const { alice } = await history(s);
    const browsers = new Map<Role, TestBrowser>();
    for (const role of ROLES) browsers.set(role, (await s.as(role.replace(/_/g, '-'), role)).browser);
    for (const path of ['/console/clients', `/console/clients/${alice.id}`]) {
      const mismatches = await walkPolicy(
        async (role) => {
          const res = await browsers.get(role)!.get(path);
          expect([200, 403]).toContain(res.status);
          if (res.status === 403) expect(await res.text()).not.toContain(alice.pseudonym);
          return res.status !== 403;
        },
        ['clients.view'],
      );
      expect(mismatches).toEqual([]);
    }
  });
});
