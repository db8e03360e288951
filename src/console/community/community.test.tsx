import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { upsertStaffMember } from '../../cases/staff-members.ts';
import { COMMUNITY_SEAL, type CommunityDeps } from '../../community/deps.ts';
import { auditLog, communityInvites, communityJoinRequests, communityMembers, communityQuestions, moderationActions } from '../../db/schema/index.ts';
import { DEFAULT_SETTINGS } from '../../organisation/settings.ts';
import { createConsoleApp } from '../app.tsx';
import { useCaseSystems } from '../cases/test-system.ts';
import type { Role } from '../policy.ts';
import { signedIn, testVault, unescapeHtml } from '../testing.ts';

const system = useCaseSystems();
const settings = {
  timeZone: 'Europe/Moscow',
  mobileUnits: [{ id: 'bus', name: { ru: 'Автобус 1', en: 'Bus 1' }, stops: [], changes: [] }],
} as unknown as Partial<typeof DEFAULT_SETTINGS>;

/** The case test system with a community chat in the emulator, and a console that has its deps. */
async function withCommunity(opts: { configured?: boolean } = {}) {
  const s = await system({ settings });
  const chat = s.emu.createGroup({ title: 'Community', members: [], admins: [], botIsAdmin: true });
  const community = Object.assign(Object.create(s.bot) as CommunityDeps, { communityChatId: chat.id, botUsername: 'netreach_bot' });
  const consoleApp = createConsoleApp({ db: s.db, vault: testVault, log: s.bot.log, now: s.clock.now, bot: () => s.bot, community: () => (opts.configured === false ? undefined : community) });
  const app = new Hono().route('/console', consoleApp);
  const as = (login: string, role: Role) => signedIn(app, s.db, s.clock, login, role);
  return { s, chat, community, as };
}

const auditActions = async (s: Awaited<ReturnType<typeof system>>) => (await s.db.select().from(auditLog)).map((r) => r.action).filter((a) => a.startsWith('community.'));

describe('console: the community chat', () => {
  it('says the chat is not configured when it is not; a worker may not open it and does not see the link', async () => {
    const { as } = await withCommunity({ configured: false });
    const { browser } = await as('coord', 'coordinator');
    expect((await browser.get('/console/community')).status).toBe(200);
    expect(browser.html).toContain('Чат сообщества не настроен');
    expect(browser.html).toContain('href="/console/community"');
    expect((await browser.get('/console/community/figures')).status).toBe(200);
    expect(browser.html).toContain('Чат сообщества не настроен');
    const w = await as('worker', 'worker');
    expect((await w.browser.get('/console/community')).status).toBe(403);
    expect((await w.browser.get('/console/community/log')).status).toBe(403);
    expect(w.browser.html).not.toContain('href="/console/community"');
  });

  it('a coordinator creates an invite for a unit through the form, opens it, prints its QR code and revokes it', async () => {
    const { s, chat, as } = await withCommunity();
    const { browser } = await as('coord', 'coordinator');
    await browser.get('/console/community');
    expect(browser.html).toContain('Мобильный пункт «Автобус 1»');
    expect(browser.html).toContain('Приглашений пока нет');
    // A wrong form is answered with what to fix, and nothing is created.
    let res = await browser.post('/console/community/invites', { place: 'event', name: '', limit: '0', expires: '2020-01-01' });
    expect(res.status).toBe(422);
    expect(browser.html).toContain('Напишите название');
    expect(browser.html).toContain('от 1 до 99999');
    expect(browser.html).toContain('сегодня или позже');
    expect(await s.db.select().from(communityInvites)).toEqual([]);

    res = await browser.post('/console/community/invites', { place: 'unit:bus', name: '', limit: '50', expires: '2099-12-31' });
    expect(res.status).toBe(303);
    const [invite] = await s.db.select().from(communityInvites);
    expect(invite).toMatchObject({ source: 'unit', unitId: 'bus', name: 'Автобус 1', memberLimit: 50 });
    // The end of that day in Moscow (the emulator checks expiry on its own clock, today's).
    expect(invite!.expiresAt!.toISOString()).toBe('2099-12-31T21:00:00.000Z');
    expect(res.headers.get('location')).toBe(`/console/community/invites/${invite!.id}?done=created`);
    // Telegram made the link: join requests on, the name and the expiry given.
    const link = testVault.open(COMMUNITY_SEAL.inviteLink, invite!.linkSealed);
    const user = s.emu.createUser({ first_name: 'Оля' });
    expect(s.emu.userJoinsByLink(user.id, link).status).toBe('requested');

    // Two people came in through it.
    for (const n of [1, 2]) await s.db.insert(communityMembers).values({ tgHash: `h${n}`, chatSealed: 'x', pseudonym: `P${n}`, status: 'member', source: 'unit', inviteId: invite!.id, joinedAt: s.clock.now() });
    await browser.get('/console/community');
    expect(browser.html).toContain('вступили: 2 из 50');
    expect(browser.html).toContain('действует');
    expect(browser.html).not.toContain(link);

    await browser.get(`/console/community/invites/${invite!.id}`);
    expect(browser.html).toContain(link);
    await browser.get(`/console/community/invites/${invite!.id}/print`);
    expect(browser.html).toMatch(/<div class="qr" role="img"[^>]*><svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*viewBox/);
    expect(browser.html).toContain(link);
    expect(unescapeHtml(browser.html)).toContain('сотрудники организации «Гуманитарное действие» отвечают');
    expect(browser.html).toContain('the staff of Humanitarian Action answer');
    expect(browser.html).toContain('@media print');

    await browser.get(`/console/community/invites/${invite!.id}`);
    res = await browser.post(`/console/community/invites/${invite!.id}/revoke`);
    expect(res.headers.get('location')).toBe('/console/community?done=revoked');
    expect((await s.db.select().from(communityInvites))[0]!.revokedAt).not.toBeNull();
    expect(() => s.emu.userJoinsByLink(s.emu.createUser({ first_name: 'Ира' }).id, link)).toThrow(/revoked/);
    await browser.get('/console/community?done=revoked');
    expect(browser.html).toContain('Приглашение отозвано');
    expect(browser.html).toContain('отозвано');
    expect(await auditActions(s)).toEqual(['community.invite_create', 'community.invite_view', 'community.invite_print', 'community.invite_view', 'community.invite_revoke']);
    // Nobody logged the link.
    expect(s.logs.join('')).not.toContain(link);
    expect(chat.id).toBeLessThan(0);
  });

  it('lists moderation actions, newest first, with the rule in words, who acted, and the appeal; filters by rule and pages by 50', async () => {
    const { s, as } = await withCommunity();
    const [m] = await s.db.insert(communityMembers).values({ tgHash: 'h', chatSealed: 'x', pseudonym: 'Лиса-42', status: 'member' }).returning();
    const vera = await upsertStaffMember(s.bot, { id: s.worker.id, first_name: 'Vera' });
    const t0 = s.clock.now().getTime();
    await s.db.insert(moderationActions).values([
      { memberId: m!.id, action: 'delete', rule: 'spam', at: new Date(t0 - 3_600_000) },
      { memberId: m!.id, action: 'warn', rule: 'spam', at: new Date(t0 - 3_600_000), appealSealed: testVault.seal(COMMUNITY_SEAL.appeal, 'Это была не реклама'), appealedAt: new Date(t0 - 1_800_000) },
      { memberId: m!.id, action: 'mute', rule: 'other', byStaffMember: vera.id, reasonSealed: testVault.seal(COMMUNITY_SEAL.reason, 'флуд'), untilAt: new Date(t0 + 86_400_000), at: new Date(t0 - 60_000) },
    ]);
    const { browser } = await as('coord', 'coordinator');
    await browser.get('/console/community/log');
    const html = unescapeHtml(browser.html);
    expect(html).toMatch(/запрет писать · Лиса-42[\s\S]*правило: решение сотрудника · Vera · до 03\.03\.2026, 13:00[\s\S]*Причина: флуд[\s\S]*предупреждение · Лиса-42[\s\S]*правило: спам · бот[\s\S]*Это была не реклама[\s\S]*удаление сообщения/);
    await browser.get('/console/community/log?rule=other');
    expect(browser.html).toContain('Лиса-42');
    expect(browser.html).not.toContain('правило: спам');
    expect(await auditActions(s)).toEqual(['community.log_view', 'community.log_view']);

    await s.db.insert(moderationActions).values(Array.from({ length: 60 }, (_, i) => ({ memberId: m!.id, action: 'delete', rule: 'selling', at: new Date(t0 - 7_200_000 - i * 1000) })));
    await browser.get('/console/community/log');
    expect(browser.html.match(/data-action=/g)).toHaveLength(50);
    expect(browser.html).toContain('href="/console/community/log?page=2"');
    await browser.get('/console/community/log?page=2');
    expect(browser.html.match(/data-action=/g)).toHaveLength(13);
  });

  it('counts the chat for a period, anonymously', async () => {
    const { s, as } = await withCommunity();
    const [inv] = await s.db.insert(communityInvites).values({ source: 'unit', unitId: 'bus', name: 'Автобус у метро', linkHash: 'x', linkSealed: 'x' }).returning();
    const now = s.clock.now().getTime();
    const day = 86_400_000;
    const members = await s.db
      .insert(communityMembers)
      .values([
        { tgHash: 'a', chatSealed: 'x', pseudonym: 'Ёж-Альфа', status: 'member', source: 'unit', inviteId: inv!.id, joinedAt: new Date(now - 3 * day) },
        { tgHash: 'b', chatSealed: 'x', pseudonym: 'Ёж-Бета', status: 'member', source: 'peer', depth: 1, joinedAt: new Date(now - 2 * day) },
        { tgHash: 'c', chatSealed: 'x', pseudonym: 'Ёж-Гамма', status: 'left', source: 'event', joinedAt: new Date(now - 10 * day), leftAt: new Date(now - day) },
      ])
      .returning();
    await s.db.insert(communityJoinRequests).values({ memberId: members[0]!.id, requestedAt: new Date(now - day), outcome: 'declined_timeout' });
    await s.db.insert(moderationActions).values({ memberId: members[0]!.id, action: 'warn', rule: 'insult', at: new Date(now - day) });
    await s.db.insert(communityQuestions).values({ memberId: members[0]!.id, chatMessageId: 7, askedAt: new Date(now - day), status: 'answered', answeredBy: 'member', answeredAt: new Date(now - day + 12 * 60_000) });
    const { browser } = await as('admin', 'admin');
    await browser.get('/console/community/figures');
    const html = unescapeHtml(browser.html);
    // The default period: the last 30 days.
    expect(html).toContain('value="2026-02-01"');
    expect(html).toContain('value="2026-03-02"');
    expect(html).toMatch(/data-figure="members-now"><dt>Участников сейчас<\/dt><dd><span class="v">2</);
    expect(html).toMatch(/data-figure="joins"><dt>Вступили<\/dt><dd><span class="v">3</);
    expect(html).toMatch(/Мобильный пункт «Автобус 1»<\/th><td class="n">1</);
    expect(html).toMatch(/1 — пригласил участник<\/th><td class="n">1</);
    expect(html).toMatch(/не приняли правила вовремя<\/th><td class="n">1</);
    expect(html).toMatch(/оскорбления и травля<\/th><td class="n">1</);
    expect(html).toMatch(/ответил участник<\/th><td class="n">1</);
    expect(html).toContain('12 мин');
    expect(html).not.toContain('Ёж-');
    // A wrong period is said so.
    expect((await browser.get('/console/community/figures?from=2026-03-05&to=2026-03-01')).status).toBe(422);
  });
});
