import { and, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../db/open.ts';
import { communityInvites, communityJoinRequests, communityMembers, communityQuestions, moderationActions } from '../db/schema/index.ts';

/**
 * The community chat in anonymous counts, for the console and the reports: who joined and left and
 * how they came, requests declined, moderation by rule and action, questions and who answered them.
 * Aggregates only, computed in the database: never a pseudonym, a sealed column or a message.
 */

export const SOURCES = ['unit', 'event', 'peer', 'other'] as const;
export const DEPTHS = ['0', '1', '2', '3+'] as const;
export const DECLINED = ['declined_timeout', 'declined_invite', 'declined_banned'] as const;
export const ANSWERED_BY = ['member', 'staff', 'worker', 'bot'] as const;

export interface CommunityFigures {
  /** Members now (status member), whatever the period. */
  membersNow: number;
  /** Members at the end of the period: joined before it ended and not gone by then. */
  membersAtEnd: number;
  /** People who joined (first joined) in the period, and people who left or were removed. */
  joins: number;
  leaves: number;
  /** Per week (its Monday, a local YYYY-MM-DD), every week the period touches, with the members at its end (or the period's, if sooner). */
  weeks: { week: string; joins: number; leaves: number; members: number }[];
  /** Joins by source; unit joins also by unit (its id in the settings, or the invite's name). */
  bySource: Record<(typeof SOURCES)[number], number>;
  byUnit: { unitId: string | null; name: string | null; joins: number }[];
  /** Joins by how far down a chain of peer invitations they are: 0 (a place's link), 1, 2, 3+. */
  byDepth: Record<(typeof DEPTHS)[number], number>;
  /** Join requests made in the period and declined, by outcome. */
  declined: Record<(typeof DECLINED)[number], number>;
  /** Moderation actions in the period. */
  moderation: number;
  moderationByRule: Record<string, number>;
  moderationByAction: Record<string, number>;
  questions: {
    asked: number;
    answeredBy: Record<(typeof ANSWERED_BY)[number], number>;
    /** Taken private by a worker ("continue privately"). */
    private: number;
    /** Gone to the staff group because nobody answered in time. */
    surfaced: number;
    /** Minutes from a question to its answer (any answer, a private one included), median; null with none. */
    medianMinutesToAnswer: number | null;
  };
}

export interface FigureOptions {
  from: Date;
  to: Date;
  /** The organisation's zone: weeks start on its Mondays. */
  timeZone: string;
}

const n = (v: unknown) => Number(v ?? 0);
const count = sql<number>`count(*)::int`;

function tally<K extends string>(keys: readonly K[], rows: { key: string | null; n: unknown }[]): Record<K, number> & Record<string, number> {
  const out = Object.fromEntries(keys.map((k) => [k, 0])) as Record<string, number>;
  for (const r of rows) out[r.key ?? 'other'] = (out[r.key ?? 'other'] ?? 0) + n(r.n);
  return out as Record<K, number> & Record<string, number>;
}

/** Whether the community chat has anything to count at all (so reports leave it out when unused). */
export async function communityInUse(db: Db): Promise<boolean> {
  const member = await db.select({ id: communityMembers.id }).from(communityMembers).limit(1);
  if (member.length > 0) return true;
  return (await db.select({ id: communityInvites.id }).from(communityInvites).limit(1)).length > 0;
}

export async function communityFigures(db: Db, o: FigureOptions): Promise<CommunityFigures> {
  const m = communityMembers;
  const from = o.from.toISOString();
  const to = o.to.toISOString();
  /** The column's instant within the period. */
  const within = (col: SQL | AnyPgColumn) => sql`${col} >= ${from}::timestamptz and ${col} < ${to}::timestamptz`;
  const [now] = await db.select({ n: count }).from(m).where(sql`${m.status} = 'member'`);
  const [atEnd] = await db
    .select({ n: count })
    .from(m)
    .where(sql`${m.joinedAt} < ${to}::timestamptz and (${m.leftAt} is null or ${m.leftAt} >= ${to}::timestamptz) and ${m.status} <> 'applicant'`);
  const [moves] = await db
    .select({
      joins: sql<number>`count(*) filter (where ${within(m.joinedAt)})::int`,
      leaves: sql<number>`count(*) filter (where ${within(m.leftAt)})::int`,
    })
    .from(m);

  // Every week the period touches, Monday first, with its joins and leaves (a local week).
  const local = (col: SQL) => sql`date_trunc('week', ${col} at time zone ${o.timeZone})::date`;
  const weekRows = await db
    .select({
      week: sql<string>`to_char(w.week, 'YYYY-MM-DD')`,
      joins: sql<number>`(select count(*)::int from ${m} j where j.joined_at >= ${from}::timestamptz and j.joined_at < ${to}::timestamptz and ${local(sql`j.joined_at`)} = w.week)`,
      leaves: sql<number>`(select count(*)::int from ${m} l where l.left_at >= ${from}::timestamptz and l.left_at < ${to}::timestamptz and ${local(sql`l.left_at`)} = w.week)`,
      members: sql<number>`(select count(*)::int from ${m} e, lateral (select least(((w.week + 7)::timestamp at time zone ${o.timeZone}), ${to}::timestamptz) as at) t
        where e.status <> 'applicant' and e.joined_at < t.at and (e.left_at is null or e.left_at >= t.at))`,
    })
    .from(
      sql`(select generate_series(${local(sql`${from}::timestamptz`)}, ${local(sql`(${to}::timestamptz - interval '1 millisecond')`)}, interval '1 week')::date as week) w`,
    )
    .orderBy(sql`w.week`);

  const joinedIn = within(m.joinedAt);
  const sourceRows = await db.select({ key: m.source, n: count }).from(m).where(joinedIn).groupBy(m.source);
  const unitRows = await db
    .select({ unitId: communityInvites.unitId, name: sql<string | null>`min(${communityInvites.name})`, joins: count })
    .from(m)
    .innerJoin(communityInvites, sql`${communityInvites.id} = ${m.inviteId}`)
    .where(sql`${joinedIn} and ${m.source} = 'unit'`)
    .groupBy(communityInvites.unitId)
    .orderBy(sql`count(*) desc`);
  const depthKey = sql<string>`case when ${m.depth} >= 3 then '3+' else ${m.depth}::text end`;
  const depthRows = await db.select({ key: depthKey, n: count }).from(m).where(joinedIn).groupBy(depthKey);

  const r = communityJoinRequests;
  const declinedRows = await db
    .select({ key: r.outcome, n: count })
    .from(r)
    .where(and(within(r.requestedAt), sql`${r.outcome} like 'declined%'`))
    .groupBy(r.outcome);

  const a = moderationActions;
  const ruleRows = await db.select({ key: a.rule, n: count }).from(a).where(within(a.at)).groupBy(a.rule);
  const actionRows = await db.select({ key: a.action, n: count }).from(a).where(within(a.at)).groupBy(a.action);

  const q = communityQuestions;
  const [qs] = await db
    .select({
      asked: count,
      private: sql<number>`count(*) filter (where ${q.status} = 'private')::int`,
      surfaced: sql<number>`count(*) filter (where ${q.surfacedAt} is not null)::int`,
      median: sql<number | null>`percentile_cont(0.5) within group (order by extract(epoch from ${q.answeredAt} - ${q.askedAt}) / 60) filter (where ${q.answeredAt} is not null)`,
    })
    .from(q)
    .where(within(q.askedAt));
  const answeredRows = await db
    .select({ key: q.answeredBy, n: count })
    .from(q)
    .where(and(within(q.askedAt), sql`${q.status} = 'answered'`))
    .groupBy(q.answeredBy);

  const median = qs?.median;
  return {
    membersNow: n(now?.n),
    membersAtEnd: n(atEnd?.n),
    joins: n(moves?.joins),
    leaves: n(moves?.leaves),
    weeks: weekRows.map((w) => ({ week: String(w.week), joins: n(w.joins), leaves: n(w.leaves), members: n(w.members) })),
    bySource: tally(SOURCES, sourceRows),
    byUnit: unitRows.map((u) => ({ unitId: u.unitId, name: u.name, joins: n(u.joins) })),
    byDepth: tally(DEPTHS, depthRows),
    declined: tally(DECLINED, declinedRows),
    moderation: ruleRows.reduce((s, x) => s + n(x.n), 0),
    moderationByRule: tally([], ruleRows),
    moderationByAction: tally([], actionRows),
    questions: {
      asked: n(qs?.asked),
      answeredBy: tally(ANSWERED_BY, answeredRows),
      private: n(qs?.private),
      surfaced: n(qs?.surfaced),
      medianMinutesToAnswer: median === null || median === undefined ? null : Math.round(Number(median) * 10) / 10,
    },
  };
}
