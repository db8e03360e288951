import { describe, expect, it } from 'vitest';
import { useFreshDatabases } from '../../test/support/database.ts';
import type { Db } from '../db/open.ts';
import { communityInvites, communityJoinRequests, communityMembers, communityQuestions, moderationActions } from '../db/schema/index.ts';
import { DEFAULT_SETTINGS } from '../organisation/settings.ts';
import { computeReport, figure } from '../reports/compute.ts';
import { toCsv, toMarkdown } from '../reports/format.ts';
import { communityFigures, communityInUse } from './figures.ts';

const testDatabase = useFreshDatabases();

const at = (iso: string) => new Date(iso);
let seq = 0;
const member = (over: Partial<typeof communityMembers.$inferInsert>) => ({ tgHash: `h${++seq}`, chatSealed: 'x', pseudonym: `P${seq}`, status: 'member', ...over });

/** March 2026 in Moscow: Mon 2 March … Tue 31 March; the period is 2 March 00:00 to 1 April 00:00 local. */
const period = { from: at('2026-03-01T21:00:00Z'), to: at('2026-03-31T21:00:00Z'), timeZone: 'Europe/Moscow' };

async function seed(db: Db) {
  const [bus, van, fest, peer] = await db
    .insert(communityInvites)
    .values([
      { source: 'unit', name: 'Автобус, Ладожская', unitId: 'bus', linkHash: 'a', linkSealed: 'a' },
      { source: 'unit', name: 'Фургон', unitId: 'van', linkHash: 'b', linkSealed: 'b' },
      { source: 'event', name: 'Фестиваль', linkHash: 'c', linkSealed: 'c' },
      { source: 'peer', linkHash: 'd', linkSealed: 'd', depth: 1 },
    ])
    .returning();
  const members = await db
    .insert(communityMembers)
    .values([
      // Before the period: still a member at its end.
      member({ source: 'unit', inviteId: bus!.id, joinedAt: at('2026-02-20T10:00:00Z') }),
      // In the period: three by the bus, one by the van, one at the festival, peers at depths 1, 2 and 4.
      member({ source: 'unit', inviteId: bus!.id, joinedAt: at('2026-03-02T10:00:00Z') }),
      member({ source: 'unit', inviteId: bus!.id, joinedAt: at('2026-03-03T10:00:00Z'), status: 'left', leftAt: at('2026-03-10T10:00:00Z') }),
      member({ source: 'unit', inviteId: bus!.id, joinedAt: at('2026-03-10T10:00:00Z') }),
      member({ source: 'unit', inviteId: van!.id, joinedAt: at('2026-03-11T10:00:00Z'), status: 'banned', leftAt: at('2026-03-20T10:00:00Z') }),
      member({ source: 'event', inviteId: fest!.id, joinedAt: at('2026-03-16T10:00:00Z') }),
      member({ source: 'peer', inviteId: peer!.id, depth: 1, joinedAt: at('2026-03-17T10:00:00Z') }),
      member({ source: 'peer', depth: 2, joinedAt: at('2026-03-18T10:00:00Z') }),
      member({ source: 'peer', depth: 4, joinedAt: at('2026-03-30T10:00:00Z') }),
      // Sunday 1 March, 23:30 in Moscow: the day before the period.
      member({ source: 'other', joinedAt: at('2026-03-01T20:30:00Z') }),
      // After the period, and someone who never got in.
      member({ source: 'other', joinedAt: at('2026-04-02T10:00:00Z') }),
      member({ status: 'applicant' }),
    ])
    .returning();
  const [first] = members;
  await db.insert(communityJoinRequests).values([
    { memberId: first!.id, requestedAt: at('2026-03-05T10:00:00Z'), outcome: 'declined_timeout' },
    { memberId: first!.id, requestedAt: at('2026-03-06T10:00:00Z'), outcome: 'declined_timeout' },
    { memberId: first!.id, requestedAt: at('2026-03-07T10:00:00Z'), outcome: 'declined_banned' },
    { memberId: first!.id, requestedAt: at('2026-03-08T10:00:00Z'), outcome: 'approved' },
    { memberId: first!.id, requestedAt: at('2026-02-08T10:00:00Z'), outcome: 'declined_invite' },
  ]);
  await db.insert(moderationActions).values([
    { memberId: first!.id, action: 'delete', rule: 'spam', at: at('2026-03-05T10:00:00Z') },
    { memberId: first!.id, action: 'warn', rule: 'spam', at: at('2026-03-05T10:00:00Z') },
    { memberId: first!.id, action: 'delete', rule: 'selling', at: at('2026-03-06T10:00:00Z') },
    { memberId: first!.id, action: 'mute', rule: 'selling', at: at('2026-03-06T10:00:00Z') },
    { memberId: first!.id, action: 'ban', rule: 'other', byStaffMember: null, at: at('2026-03-20T10:00:00Z') },
    { memberId: first!.id, action: 'warn', rule: 'insult', at: at('2026-04-05T10:00:00Z') },
  ]);
  const q = (id: number, asked: string, o: Partial<typeof communityQuestions.$inferInsert> = {}) => ({ memberId: first!.id, chatMessageId: id, askedAt: at(asked), ...o });
  await db.insert(communityQuestions).values([
    q(1, '2026-03-05T10:00:00Z', { status: 'answered', answeredBy: 'member', answeredAt: at('2026-03-05T10:04:00Z') }),
    q(2, '2026-03-05T11:00:00Z', { status: 'answered', answeredBy: 'staff', answeredAt: at('2026-03-05T11:10:00Z') }),
    q(3, '2026-03-05T12:00:00Z', { status: 'answered', answeredBy: 'worker', surfacedAt: at('2026-03-05T12:30:00Z'), answeredAt: at('2026-03-05T12:40:00Z') }),
    q(4, '2026-03-05T13:00:00Z', { status: 'private', answeredBy: 'worker', surfacedAt: at('2026-03-05T13:30:00Z'), answeredAt: at('2026-03-05T13:50:00Z') }),
    q(5, '2026-03-05T14:00:00Z', { status: 'surfaced', surfacedAt: at('2026-03-05T14:30:00Z') }),
    q(6, '2026-03-05T15:00:00Z'),
    q(7, '2026-02-05T15:00:00Z', { status: 'answered', answeredBy: 'member', answeredAt: at('2026-02-05T15:01:00Z') }),
  ]);
}

describe('the community chat in figures', () => {
  it('says whether there is anything to count', async () => {
    const { db } = await testDatabase();
    expect(await communityInUse(db)).toBe(false);
    await db.insert(communityInvites).values({ source: 'event', name: 'x', linkHash: 'z', linkSealed: 'z' });
    expect(await communityInUse(db)).toBe(true);
  });

  it('counts a period: members, weeks, sources, chains, declined requests, moderation and questions', async () => {
    const { db } = await testDatabase();
    await seed(db);
    const f = await communityFigures(db, period);
    // Members now: everyone with status member (the one joined after the period too).
    expect(f.membersNow).toBe(9);
    // At the end of March: all who joined by then except the two who left in March.
    expect(f.membersAtEnd).toBe(8);
    expect(f.joins).toBe(8);
    expect(f.leaves).toBe(2);
    expect(f.weeks).toEqual([
      // Members at each week's end: the two from before, plus joins, less leaves.
      { week: '2026-03-02', joins: 2, leaves: 0, members: 4 },
      { week: '2026-03-09', joins: 2, leaves: 1, members: 5 },
      { week: '2026-03-16', joins: 3, leaves: 1, members: 7 },
      { week: '2026-03-23', joins: 0, leaves: 0, members: 7 },
      { week: '2026-03-30', joins: 1, leaves: 0, members: 8 },
    ]);
    expect(f.bySource).toEqual({ unit: 4, event: 1, peer: 3, other: 0 });
    expect(f.byUnit).toEqual([
      { unitId: 'bus', name: 'Автобус, Ладожская', joins: 3 },
      { unitId: 'van', name: 'Фургон', joins: 1 },
    ]);
    expect(f.byDepth).toEqual({ '0': 5, '1': 1, '2': 1, '3+': 1 });
    expect(f.declined).toEqual({ declined_timeout: 2, declined_invite: 0, declined_banned: 1 });
    expect(f.moderation).toBe(5);
    expect(f.moderationByRule).toEqual({ spam: 2, selling: 2, other: 1 });
    expect(f.moderationByAction).toEqual({ delete: 2, warn: 1, mute: 1, ban: 1 });
    expect(f.questions).toEqual({
      asked: 6,
      answeredBy: { member: 1, staff: 1, worker: 1, bot: 0 },
      private: 1,
      surfaced: 3,
      // 4, 10, 40 and 50 minutes.
      medianMinutesToAnswer: 25,
    });
  });

  it('counts nothing in an empty period, with its weeks listed', async () => {
    const { db } = await testDatabase();
    const f = await communityFigures(db, { from: at('2026-01-04T21:00:00Z'), to: at('2026-01-11T21:00:00Z'), timeZone: 'Europe/Moscow' });
    expect(f).toMatchObject({ membersNow: 0, joins: 0, leaves: 0, moderation: 0, questions: { asked: 0, medianMinutesToAnswer: null } });
    expect(f.weeks).toEqual([{ week: '2026-01-05', joins: 0, leaves: 0, members: 0 }]);
  });

  it('adds a "Community chat" section to the report, beside the previous period, only once the chat is used', async () => {
    const { db } = await testDatabase();
    const settings = { ...DEFAULT_SETTINGS, timeZone: 'Europe/Moscow' };
    const before = await computeReport(db, { from: period.from, to: period.to, settings });
    expect(before.rows.filter((r) => r.section === 'community')).toEqual([]);
    await seed(db);
    const report = await computeReport(db, { from: period.from, to: period.to, settings });
    expect(figure(report, 'community', 'joins')).toMatchObject({ current: 8, previous: 2, change: '+300 %' });
    // The previous period, as long, ends where this one starts: 20 February and 1 March are in it.
    expect(figure(report, 'community', 'members_at_end')).toMatchObject({ current: 8, previous: 2 });
    expect(figure(report, 'community', 'joins_by_source', 'peer')).toMatchObject({ current: 3 });
    expect(figure(report, 'community', 'joins_by_chain_step', 'depth_3_plus')).toMatchObject({ current: 1 });
    expect(figure(report, 'community', 'declined_requests', 'declined_invite')).toMatchObject({ current: 0, previous: 1 });
    expect(figure(report, 'community', 'moderation_by_rule', 'selling')).toMatchObject({ current: 2 });
    expect(figure(report, 'community', 'questions_answered_by', 'member')).toMatchObject({ current: 1, previous: 1 });
    expect(figure(report, 'community', 'answer_median_min')).toMatchObject({ current: 25, previous: 1, unit: 'minutes' });
    const md = toMarkdown(report, 'ru');
    expect(md).toContain('## Чат сообщества');
    expect(md).toContain('| Вступили по источнику: мероприятие | 1 | 0 |');
    expect(toCsv(report)).toContain('community,moderation_by_action,delete,2,0,');
  });
});
