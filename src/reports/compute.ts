import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { cases, clients, messages, referrals } from '../db/schema/index.ts';
import { reasonCode } from '../domain/close-reason.ts';
import { metFullyOnline, PHONE_CALL, taxonomyOf, type Localized, type Taxonomy } from '../domain/taxonomy.ts';
import { shiftsOpeningOn } from '../organisation/duty.ts';
import { addDays, localDateOf } from '../organisation/mobile-units.ts';
import type { Settings } from '../organisation/settings.ts';
import { change, pointChange, round, share } from './stats.ts';
import { communityFigures, communityInUse, DECLINED, type CommunityFigures } from '../community/figures.ts';

/**
 * The donor report: what the service did in a period, beside the previous period of equal
 * length. Built from the structure of cases only (times, codes, kinds, counts): never a message
 * body, a comment or any sealed column.
 *
 * The report is a flat list of figures (`section, metric, key`), so every format (Markdown, CSV,
 * JSON, xlsx) shows the same numbers. Counts and minutes change in per cent ("+89 %"); shares,
 * which are already percentages, change in percentage points ("+4.6 pp").
 */

export const SECTIONS = ['contacts', 'needs', 'services', 'referrals', 'online', 'outcomes', 'emergencies', 'response', 'voice', 'phone', 'feedback', 'community', 'workers'] as const;
export type SectionId = (typeof SECTIONS)[number];
export type Unit = 'count' | 'percent' | 'minutes';

export interface ReportRow {
  section: SectionId;
  metric: string;
  /** A code (need, service, channel, outcome…), a split (`on_duty`), a worker, or "" for a single figure. */
  key: string;
  unit: Unit;
  current: number | null;
  previous: number | null;
  /** "+89 %", "-12 %", "±0 %", "new", "+4.6 pp", or "" when a side has no value. */
  change: string;
}

export interface ReportPeriod {
  /** The instants bounding the period, [from, to). */
  from: string;
  to: string;
  /** Its first and last calendar days in the organisation's time zone. */
  firstDay: string;
  lastDay: string;
}

export interface Report {
  organisation: Localized;
  timeZone: string;
  period: ReportPeriod;
  previousPeriod: ReportPeriod;
  /** The taxonomy whose labels the formats use (codes of older versions show as codes). */
  taxonomy: Taxonomy;
  byWorker: boolean;
  rows: ReportRow[];
}

export interface ReportOptions {
  from: Date;
  to: Date;
  settings: Settings;
  taxonomy?: Taxonomy;
  byWorker?: boolean;
  /** Names workers in the per-worker section; without it (or when it returns nothing) a worker is "Worker #<id>". */
  workerName?: (staffId: number) => string | undefined | Promise<string | undefined>;
}

/** The row with this section, metric and key, if the report has it. */
export function figure(report: Report, section: SectionId, metric: string, key = ''): ReportRow | undefined {
  return report.rows.find((r) => r.section === section && r.metric === metric && r.key === key);
}

export async function computeReport(db: Db, opts: ReportOptions): Promise<Report> {
  const { from, to, settings } = opts;
  if (!(to.getTime() > from.getTime())) throw new RangeError('the report period must end after it starts');
  const taxonomy = opts.taxonomy ?? taxonomyOf(opts.settings);
  const prevFrom = new Date(from.getTime() - (to.getTime() - from.getTime()));
  const workerLabel = async (id: number | null): Promise<string> => {
    if (id === null) return 'unclaimed';
    return (await opts.workerName?.(id)) ?? `Worker #${id}`;
  };
  const ctx = { settings, taxonomy, byWorker: opts.byWorker === true, workerLabel };
  const data = await loadPeriods(db, { prevFrom, from, to }, settings, ctx.byWorker);
  const current = await periodFigures(data.current, ctx);
  const previous = await periodFigures(data.previous, ctx);
  // The community chat's section, when the chat has been used at all.
  if (await communityInUse(db)) {
    current.push(...chatFigures(await communityFigures(db, { from, to, timeZone: settings.timeZone })));
    previous.push(...chatFigures(await communityFigures(db, { from: prevFrom, to: from, timeZone: settings.timeZone })));
  }
  return {
    organisation: settings.name,
    timeZone: settings.timeZone,
    period: describePeriod(settings, from, to),
    previousPeriod: describePeriod(settings, prevFrom, from),
    taxonomy,
    byWorker: ctx.byWorker,
    rows: mergePeriods(current, previous),
  };
}

function describePeriod(settings: Settings, from: Date, to: Date): ReportPeriod {
  return { from: from.toISOString(), to: to.toISOString(), firstDay: localDateOf(settings, from), lastDay: localDateOf(settings, new Date(to.getTime() - 1)) };
}

// ---------------------------------------------------------------------------------------------
// Loading: the periods' cases are counted and grouped in the database, which hands back only
// groups with their counts and the percentiles, so a year of cases never crosses into this
// process. Explicit columns only (never `body_sealed`, `feedback_comment_sealed`, `reason_sealed`).

/** How many cases (or clients, referrals) share the values beside it. */
interface Group {
  n: number;
}

interface PeriodData {
  /** Cases by the codes most figures count, so each figure is a sum over these groups as it was over cases. */
  profiles: (Group & {
    channel: string;
    closed: boolean;
    recorded: boolean;
    closeReason: string | null;
    emergency: boolean;
    outcome: string | null;
    phoneCall: string | null;
    feedbackRating: number | null;
  })[];
  /** Recorded cases by their record's codes. */
  records: (Group & { emergency: boolean; needs: string[] | null; services: string[] | null; metOnline: boolean | null })[];
  /** Time to first reply over all cases (`onDuty` null) and split by whether the case opened on duty. */
  response: { onDuty: boolean | null; cases: number; answered: number; median: number | null; p90: number | null }[];
  /** Minutes from the emergency to the first staff reply (never below zero). */
  emergencyReplyMedian: number | null;
  /** Distinct clients by where they first came from; `returning`: of them, those with a case before the period. */
  clients: (Group & { firstContact: string; returning: number })[];
  voice: { clientMessages: number; voiceMessages: number; casesWithVoice: number };
  referrals: (Group & { kind: string; outcome: string; toRole: string | null; claimedBy: number | null })[];
  casesReferred: number;
  workers: { claimedBy: number | null; cases: number; closed: number; emergencies: number; metOnline: number; rated: number; positive: number; replyMedian: number | null }[];
  /** Recorded cases whose met-online flag was never stored, by worker and codes (derived from the taxonomy here). */
  unknownOnlineByWorker: (Group & { claimedBy: number | null; needs: string[] | null; services: string[] | null })[];
}

interface Bounds {
  prevFrom: Date;
  from: Date;
  to: Date;
}

type Row = Record<string, unknown>;

/**
 * Minutes between two instants as JavaScript computes them from dates (whole milliseconds, then
 * divided as doubles), so medians come out exactly as they did case by case. The interval between
 * the truncated instants is a whole number of milliseconds; rounding removes the float's last-bit
 * noise (and is cheaper than numeric arithmetic on every case).
 */
const minutes = (a: SQL, b: SQL) =>
  sql`(round(date_part('epoch', date_trunc('milliseconds', ${b}) - date_trunc('milliseconds', ${a})) * 1000) / 60000)`;

/** The rows of `query` (after `with` clauses, if any), through JSON so both drivers hand back the same types. */
async function rowsOf(db: Db, query: SQL, ctes: SQL[] = []): Promise<Row[]> {
  const result = await db.execute(sql`${ctes.length ? sql`with ${sql.join(ctes, sql`, `)} ` : sql``}select coalesce(json_agg(t), '[]'::json) as rows from (${query}) t`);
  const raw = (result as unknown as { rows: { rows: unknown }[] }).rows[0]!.rows;
  return (typeof raw === 'string' ? JSON.parse(raw) : raw) as Row[];
}

/**
 * The queries behind the report, each over the cases of both periods (`cur`: of the current one)
 * and each reading what it needs straight from the table and its indexes. They are independent.
 */
function reportQueries(db: Db, b: Bounds, settings: Settings, byWorker: boolean) {
  const prevFrom = sql`${b.prevFrom.toISOString()}::timestamptz`;
  const from = sql`${b.from.toISOString()}::timestamptz`;
  const to = sql`${b.to.toISOString()}::timestamptz`;
  const inPeriods = sql`c.opened_at >= ${prevFrom} and c.opened_at < ${to}`;
  const cur = sql`c.opened_at >= ${from}`;
  const reply = minutes(sql`c.opened_at`, sql`c.first_staff_reply_at`);

  // Duty hours as one set of instants, from the shifts of every local day the periods touch (a
  // night shift from the day before included), so each case is placed with one look-up. A window
  // the clocks skip can end before it starts: it holds no instant and is left out.
  const shifts = shiftsOpeningOn(settings, addDays(localDateOf(settings, b.prevFrom), -1), localDateOf(settings, new Date(b.to.getTime() - 1)));
  const duty = JSON.stringify(shifts.filter((s) => s.end > s.start).map((s) => [s.start.toISOString(), s.end.toISOString()]));

  return {
    // Cases two ways in one pass: by the codes most figures count, and (recorded ones) by their
    // record's codes, as text (quicker to group than jsonb); by worker too for the worker lines.
    profiles: () =>
      rowsOf(
        db,
        sql`select cur, channel, closed, recorded, close_reason, emergency, outcome, phone_call, feedback_rating, needs, services, met_online, claimed_by,
            count(*) as n, grouping(needs) = 0 as by_codes
          from (
            select ${cur} as cur, c.channel, c.status = 'closed' as closed, c.recorded_at is not null as recorded, c.close_reason,
              c.emergency_at is not null as emergency, c.outcome, c.phone_call, c.feedback_rating, c.needs::text as needs, c.services::text as services,
              c.met_online, ${byWorker ? sql`c.claimed_by` : sql`null::int`} as claimed_by
            from ${cases} c where ${inPeriods}
          ) x
          group by grouping sets (
            (cur, channel, closed, recorded, close_reason, emergency, outcome, phone_call, feedback_rating),
            (cur, recorded, emergency, needs, services, met_online, claimed_by)
          )`,
      ),
    // Times to the first reply: over all cases, split by duty hours (and by worker, with the
    // worker lines' counts). The duty hours are one value for the whole query, not a column.
    response: () =>
      rowsOf(
        db,
        sql`select cur, on_duty, grouping(on_duty) = 0 as by_duty,
            ${byWorker ? sql`claimed_by, grouping(claimed_by) = 0 as by_worker` : sql`null::int as claimed_by, false as by_worker`},
            count(*) as cases, count(reply) as answered,
            percentile_cont(array[0.5, 0.9]) within group (order by reply) filter (where reply is not null) as reply,
            percentile_cont(0.5) within group (order by emergency_reply) filter (where emergency_reply is not null) as emergency_reply_median,
            count(*) filter (where closed) as closed, count(*) filter (where emergency) as emergencies,
            count(*) filter (where recorded and met_online) as met_online,
            count(*) filter (where feedback_rating in (1, -1)) as rated, count(*) filter (where feedback_rating = 1) as positive
          from (
            select ${cur} as cur, c.opened_at <@ (select hours from duty) as on_duty, ${byWorker ? sql`c.claimed_by` : sql`null::int`} as claimed_by,
              ${reply} as reply,
              case when c.emergency_at is not null and c.first_staff_reply_at is not null
                then greatest(0, ${minutes(sql`c.emergency_at`, sql`c.first_staff_reply_at`)}) end as emergency_reply,
              c.status = 'closed' as closed, c.emergency_at is not null as emergency, c.recorded_at is not null as recorded, c.met_online, c.feedback_rating
            from ${cases} c where ${inPeriods}
          ) x
          group by grouping sets ((cur), (cur, on_duty)${byWorker ? sql`, (cur, claimed_by)` : sql``})`,
        [
          sql`duty as (
            select coalesce(range_agg(tstzrange((h->>0)::timestamptz, (h->>1)::timestamptz)), '{}'::tstzmultirange) as hours
            from jsonb_array_elements(${duty}::jsonb) h
          )`,
        ],
      ),
    referrals: () =>
      rowsOf(
        db,
        sql`select ${cur} as cur, r.kind, r.outcome, r.to_role, c.claimed_by, count(*) as n, count(distinct r.case_id) as cases
          from ${referrals} r join ${cases} c on c.id = r.case_id where ${inPeriods}
          group by grouping sets ((1), (1, r.kind, r.outcome, r.to_role, c.claimed_by))`,
      ),
    // Each client once: in which period they wrote, where they first came from, and whether they
    // had a case before both periods (looked up by key, so that cost follows the periods' clients).
    clients: () =>
      rowsOf(
        db,
        sql`select in_cur, in_prev, cl.first_contact, count(*) as n,
            count(*) filter (where exists (select 1 from ${cases} e where e.client_id = d.client_id and e.opened_at < ${prevFrom})) as older
          from (
            select c.client_id, bool_or(${cur}) as in_cur, bool_or(not ${cur}) as in_prev from ${cases} c where ${inPeriods} group by c.client_id
          ) d
          join ${clients} cl on cl.id = d.client_id
          group by in_cur, in_prev, cl.first_contact`,
      ),
    // Each period's case numbers: the lowest, the highest and how many. When no other case is
    // numbered in between (cases are numbered as they open, so this is the usual state), the
    // period's messages are those of that range of numbers and are counted from the index alone;
    // otherwise they are counted by joining the period's cases.
    messages: () =>
      rowsOf(
        db,
        sql`select r.cur, ${clientMessages(sql``, sql`count(*)`)} as n,
            ${clientMessages(sql`and m.kind = 'voice'`, sql`count(*)`)} as voice,
            ${clientMessages(sql`and m.kind = 'voice'`, sql`count(distinct m.case_id)`)} as voice_cases
          from ranges r`,
        [
          sql`p as materialized (select ${cur} as cur, c.id from ${cases} c where ${inPeriods})`,
          sql`ranges as materialized (
            select cur, lo, hi, (select count(*) from ${cases} k where k.id between lo and hi) = n as whole
            from (select ${cur} as cur, min(c.id) as lo, max(c.id) as hi, count(*) as n from ${cases} c where ${inPeriods} group by 1) x
          )`,
        ],
      ),
  };
}

/** The client messages of the period in `r` (a row of `ranges`): by number range when whole, else by joining `p`. */
const clientMessages = (kind: SQL, what: SQL) => sql`case when r.whole
  then (select ${what} from ${messages} m where m.direction = 'client' ${kind} and m.case_id between r.lo and r.hi)
  else (select ${what} from p join ${messages} m on m.case_id = p.id where p.cur = r.cur and m.direction = 'client' ${kind}) end`;

async function loadPeriods(db: Db, b: Bounds, settings: Settings, byWorker: boolean): Promise<{ current: PeriodData; previous: PeriodData }> {
  const q = reportQueries(db, b, settings, byWorker);
  // In two lines of about equal work, so PostgreSQL keeps two cores busy (PGlite takes them in turn).
  const [[clientRows, profiles], [response, messageRows, referralRows]] = await Promise.all([
    (async () => [await q.clients(), await q.profiles()])(),
    (async () => [await q.response(), await q.messages(), await q.referrals()])(),
  ]);
  const all = { profiles, response, referrals: referralRows, clients: clientRows, messages: messageRows };
  return { current: periodData(all, true), previous: periodData(all, false) };
}

function periodData(all: Record<'profiles' | 'response' | 'referrals' | 'clients' | 'messages', Row[]>, cur: boolean): PeriodData {
  const of = (rows: Row[]) => rows.filter((r) => r.cur === cur);
  const num = (v: unknown) => Number(v ?? 0);
  const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  // Codes come as the text of their JSON.
  const codes = (v: unknown) => {
    const list: unknown = typeof v === 'string' ? JSON.parse(v) : v;
    return Array.isArray(list) ? (list as string[]) : null;
  };
  const profiles = of(all.profiles);
  const response = of(all.response);
  const referralRows = of(all.referrals);
  const messageCounts = of(all.messages)[0];
  // The second grouping holds unrecorded cases too (their codes would be a closing form's draft).
  const records = profiles.filter((r) => r.by_codes === true && r.recorded === true);
  // A period's clients: those who wrote in it; returning when they had a case before it (for the
  // current period, a case in the previous one counts too).
  const clientRows = all.clients.filter((r) => (cur ? r.in_cur : r.in_prev) === true);
  const total = response.find((r) => r.by_duty !== true && r.by_worker !== true);
  return {
    profiles: profiles
      .filter((r) => r.by_codes !== true)
      .map((r) => ({
        channel: String(r.channel),
        closed: r.closed === true,
        recorded: r.recorded === true,
        closeReason: text(r.close_reason),
        emergency: r.emergency === true,
        outcome: text(r.outcome),
        phoneCall: text(r.phone_call),
        feedbackRating: numOrNull(r.feedback_rating),
        n: num(r.n),
      })),
    records: records.map((r) => ({ emergency: r.emergency === true, needs: codes(r.needs), services: codes(r.services), metOnline: r.met_online === null ? null : r.met_online === true, n: num(r.n) })),
    response: response
      .filter((r) => r === total || r.by_duty === true)
      .map((r) => {
        const q = Array.isArray(r.reply) ? (r.reply as unknown[]) : [];
        return { onDuty: r === total ? null : r.on_duty === true, cases: num(r.cases), answered: num(r.answered), median: numOrNull(q[0]), p90: numOrNull(q[1]) };
      }),
    emergencyReplyMedian: numOrNull(total?.emergency_reply_median),
    clients: clientRows.map((r) => ({ firstContact: String(r.first_contact), n: num(r.n), returning: cur && r.in_prev === true ? num(r.n) : num(r.older) })),
    voice: { clientMessages: num(messageCounts?.n), voiceMessages: num(messageCounts?.voice), casesWithVoice: num(messageCounts?.voice_cases) },
    referrals: referralRows
      .filter((r) => r.kind !== null)
      .map((r) => ({ kind: String(r.kind), outcome: String(r.outcome), toRole: text(r.to_role), claimedBy: numOrNull(r.claimed_by), n: num(r.n) })),
    casesReferred: num(referralRows.find((r) => r.kind === null)?.cases),
    workers: response
      .filter((r) => r.by_worker === true)
      .map((r) => ({
        claimedBy: numOrNull(r.claimed_by),
        cases: num(r.cases),
        closed: num(r.closed),
        emergencies: num(r.emergencies),
        metOnline: num(r.met_online),
        rated: num(r.rated),
        positive: num(r.positive),
        replyMedian: numOrNull(Array.isArray(r.reply) ? (r.reply as unknown[])[0] : null),
      })),
    unknownOnlineByWorker: records
      .filter((r) => r.met_online === null)
      .map((r) => ({ claimedBy: numOrNull(r.claimed_by), needs: codes(r.needs), services: codes(r.services), n: num(r.n) })),
  };
}

// ---------------------------------------------------------------------------------------------
// Figures of one period

interface Fig {
  section: SectionId;
  metric: string;
  key: string;
  unit: Unit;
  value: number | null;
}

interface Ctx {
  settings: Settings;
  taxonomy: Taxonomy;
  byWorker: boolean;
  workerLabel: (id: number | null) => Promise<string>;
}

/** A duration in minutes as the report shows it: one decimal, or nothing. */
const inMinutes = (v: number | null) => (v === null ? null : round(v, 1));

/** Counts by key over groups that each stand for `n` cases (or clients, referrals…). */
function tallyOf<G extends Group>(groups: readonly G[], key: (g: G) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const g of groups) {
    const k = key(g);
    m.set(k, (m.get(k) ?? 0) + g.n);
  }
  return m;
}

const sum = <G>(groups: readonly G[], n: (g: G) => number) => groups.reduce((s, g) => s + n(g), 0);

async function periodFigures(data: PeriodData, ctx: Ctx): Promise<Fig[]> {
  const figs: Fig[] = [];
  let section: SectionId = 'contacts';
  const put = (metric: string, value: number | undefined | null, unit: Unit = 'count', key = '') =>
    figs.push({ section, metric, key, unit, value: value ?? null });
  const putTally = (metric: string, counts: Map<string, number>, keys: readonly string[] = []) => {
    for (const k of keys) put(metric, counts.get(k) ?? 0, 'count', k);
    for (const [k, n] of [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) if (!keys.includes(k)) put(metric, n, 'count', k);
  };

  // Each figure sums groups of cases that share the values it looks at, filtered as single cases would be.
  const all = data.profiles;
  const count = (groups: readonly Group[]) => sum(groups, (g) => g.n);
  const closed = all.filter((c) => c.closed);
  const recordedCases = all.filter((c) => c.recorded);
  const emergencies = all.filter((c) => c.emergency);
  const rated = all.filter((c) => c.feedbackRating === 1 || c.feedbackRating === -1);
  const cases = count(all);
  const recorded = count(recordedCases);
  const records = data.records;
  // The closing record's met-online flag, or (for records saved before it was stored) derived from its codes.
  const metOnline = (r: { needs: string[] | null; services: string[] | null; metOnline?: boolean | null }) =>
    r.metOnline ?? metFullyOnline(ctx.taxonomy, r.needs ?? [], r.services ?? []);

  // Contacts ---------------------------------------------------------------------------------
  section = 'contacts';
  const uniqueClients = sum(data.clients, (c) => c.n);
  const returning = sum(data.clients, (c) => c.returning);
  put('cases', cases);
  put('unique_clients', uniqueClients);
  put('new_clients', uniqueClients - returning);
  put('returning_clients', returning);
  put('cases_per_client', uniqueClients ? round(cases / uniqueClients, 2) : null, 'count');
  putTally('first_contact', tallyOf(data.clients, (c) => c.firstContact));
  putTally('case_channel', tallyOf(all, (c) => c.channel));
  put('closed', count(closed));
  put('still_open', cases - count(closed));
  put('recorded', recorded);
  putTally('closed_without_record', tallyOf(closed.filter((c) => !c.recorded), (c) => reasonCode(c.closeReason)));

  // Needs: the paper's table (themes and sub-themes) ------------------------------------------
  section = 'needs';
  const themeOf = new Map(ctx.taxonomy.needs.map((n) => [n.code, n.theme as string]));
  const themes = [...new Set(ctx.taxonomy.needs.map((n) => n.theme as string))];
  const needCounts = new Map<string, number>();
  const themeCounts = new Map<string, number>();
  for (const r of records) {
    for (const code of new Set(r.needs ?? [])) needCounts.set(code, (needCounts.get(code) ?? 0) + r.n);
    for (const th of new Set((r.needs ?? []).map((n) => themeOf.get(n) ?? 'other'))) themeCounts.set(th, (themeCounts.get(th) ?? 0) + r.n);
  }
  put('recorded', recorded);
  for (const th of [...themes, ...(themeCounts.has('other') ? ['other'] : [])]) {
    put('theme', themeCounts.get(th) ?? 0, 'count', th);
    put('theme_share', share(themeCounts.get(th) ?? 0, recorded), 'percent', th);
  }
  const needCodes = [...ctx.taxonomy.needs.map((n) => n.code), ...[...needCounts.keys()].filter((k) => !themeOf.has(k)).sort()];
  for (const code of needCodes) {
    put('need', needCounts.get(code) ?? 0, 'count', code);
    put('need_share', share(needCounts.get(code) ?? 0, recorded), 'percent', code);
  }
  put('cases_with_several_needs', sum(records, (r) => (new Set(r.needs).size > 1 ? r.n : 0)));

  // Services ---------------------------------------------------------------------------------
  section = 'services';
  const offlineService = new Map(ctx.taxonomy.services.map((s) => [s.code, s.offline]));
  const serviceCounts = new Map<string, number>();
  for (const r of records) for (const code of new Set(r.services ?? [])) serviceCounts.set(code, (serviceCounts.get(code) ?? 0) + r.n);
  const serviceCodes = [...ctx.taxonomy.services.map((s) => s.code), ...[...serviceCounts.keys()].filter((k) => !offlineService.has(k)).sort()];
  for (const code of serviceCodes) {
    put('service', serviceCounts.get(code) ?? 0, 'count', code);
    put('service_share', share(serviceCounts.get(code) ?? 0, recorded), 'percent', code);
  }
  put('cases_with_offline_service', sum(records, (r) => ((r.services ?? []).some((s) => offlineService.get(s) === true) ? r.n : 0)));

  // Referrals ---------------------------------------------------------------------------------
  section = 'referrals';
  put('cases_referred', data.casesReferred);
  for (const kind of ['internal', 'external']) {
    const refs = data.referrals.filter((r) => r.kind === kind);
    const all = sum(refs, (r) => r.n);
    const done = sum(refs, (r) => (r.outcome === 'done' ? r.n : 0));
    put('referrals', all, 'count', kind);
    put('completed', done, 'count', kind);
    put('completed_share', share(done, all), 'percent', kind);
  }
  const outcomes = ['pending', 'done', 'did_not_come', 'declined'];
  const internal = data.referrals.filter((r) => r.kind === 'internal');
  putTally('internal_outcome', tallyOf(internal, (r) => r.outcome), outcomes);
  putTally('external_outcome', tallyOf(data.referrals.filter((r) => r.kind === 'external'), (r) => r.outcome), outcomes);
  putTally('internal_to_role', tallyOf(internal, (r) => r.toRole ?? 'unspecified'));

  // Met online ------------------------------------------------------------------------------
  section = 'online';
  const metOnlineCount = sum(records, (r) => (metOnline(r) ? r.n : 0));
  put('recorded', recorded);
  put('met_fully_online', metOnlineCount);
  put('needed_offline', recorded - metOnlineCount);
  put('met_fully_online_share', share(metOnlineCount, recorded), 'percent');
  put('needed_offline_share', share(recorded - metOnlineCount, recorded), 'percent');

  // Outcomes ----------------------------------------------------------------------------------
  section = 'outcomes';
  putTally('outcome', tallyOf(recordedCases, (c) => c.outcome ?? 'not_recorded'), ['resolved', 'partly_resolved', 'referred', 'client_left', 'unknown']);

  // Emergencies -----------------------------------------------------------------------------
  section = 'emergencies';
  put('emergencies', count(emergencies));
  put('emergency_share', share(count(emergencies), cases), 'percent');
  put('ambulance_called', sum(records, (r) => (r.emergency && (r.services ?? []).includes('ambulance_called') ? r.n : 0)));
  putTally('outcome', tallyOf(emergencies, (c) => (c.recorded ? c.outcome ?? 'not_recorded' : c.closed ? 'not_recorded' : 'open')));
  put('first_staff_reply_median_min', inMinutes(data.emergencyReplyMedian), 'minutes');

  // Response times --------------------------------------------------------------------------
  section = 'response';
  const split = (onDuty: boolean | null) => data.response.find((r) => r.onDuty === onDuty) ?? { cases: 0, answered: 0, median: null, p90: null };
  const groups: [string, ReturnType<typeof split>][] = [
    ['all', split(null)],
    ['on_duty', split(true)],
    ['after_hours', split(false)],
  ];
  for (const [key, g] of groups) put('cases', g.cases, 'count', key);
  put('after_hours_share', share(groups[2]![1].cases, cases), 'percent');
  for (const [key, g] of groups) {
    put('answered', g.answered, 'count', key);
    put('first_reply_median_min', inMinutes(g.median), 'minutes', key);
    put('first_reply_p90_min', inMinutes(g.p90), 'minutes', key);
  }

  // Voice -----------------------------------------------------------------------------------
  section = 'voice';
  const { clientMessages, voiceMessages, casesWithVoice } = data.voice;
  put('client_messages', clientMessages);
  put('voice_messages', voiceMessages);
  put('voice_share', share(voiceMessages, clientMessages), 'percent');
  put('cases_with_voice', casesWithVoice);
  put('cases_with_voice_share', share(casesWithVoice, cases), 'percent');

  // Phone calls -----------------------------------------------------------------------------
  section = 'phone';
  const phone = tallyOf(recordedCases, (c) => c.phoneCall ?? 'not_recorded');
  const proposed = ['accepted', 'refused', 'client_left'].reduce((s, k) => s + (phone.get(k) ?? 0), 0);
  put('proposed', proposed);
  putTally('phone_call', phone, PHONE_CALL);
  put('accepted_share', share(phone.get('accepted') ?? 0, proposed), 'percent');

  // Feedback --------------------------------------------------------------------------------
  section = 'feedback';
  const positive = count(rated.filter((c) => c.feedbackRating === 1));
  put('rated', count(rated));
  put('positive', positive);
  put('negative', count(rated) - positive);
  put('positive_share', share(positive, count(rated)), 'percent');
  put('rated_share', share(count(rated), count(closed)), 'percent');

  // Per worker ------------------------------------------------------------------------------
  if (ctx.byWorker) {
    section = 'workers';
    const workers = [...data.workers].sort((a, b) => (a.claimedBy ?? Infinity) - (b.claimedBy ?? Infinity));
    for (const w of workers) {
      const key = await ctx.workerLabel(w.claimedBy);
      const derivedOnline = sum(data.unknownOnlineByWorker, (r) => (r.claimedBy === w.claimedBy && metOnline(r) ? r.n : 0));
      put('cases', w.cases, 'count', key);
      put('closed', w.closed, 'count', key);
      put('emergencies', w.emergencies, 'count', key);
      put('referrals', sum(data.referrals, (r) => (r.claimedBy === w.claimedBy ? r.n : 0)), 'count', key);
      put('met_fully_online', w.metOnline + derivedOnline, 'count', key);
      put('first_reply_median_min', inMinutes(w.replyMedian), 'minutes', key);
      put('rated', w.rated, 'count', key);
      put('positive', w.positive, 'count', key);
    }
  }
  return figs;
}

/** The community chat in a period: members, joins and how people came, declined requests, moderation, questions. */
function chatFigures(f: CommunityFigures): Fig[] {
  const figs: Fig[] = [];
  const put = (metric: string, value: number | null, unit: Unit = 'count', key = '') => figs.push({ section: 'community', metric, key, unit, value });
  put('members_at_end', f.membersAtEnd);
  put('joins', f.joins);
  put('leaves', f.leaves);
  for (const [k, n] of Object.entries(f.bySource)) put('joins_by_source', n, 'count', k);
  for (const [k, n] of Object.entries(f.byDepth)) put('joins_by_chain_step', n, 'count', k === '3+' ? 'depth_3_plus' : `depth_${k}`);
  for (const k of DECLINED) put('declined_requests', f.declined[k], 'count', k);
  for (const [k, n] of Object.entries(f.moderationByRule).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) put('moderation_by_rule', n, 'count', k);
  for (const [k, n] of Object.entries(f.moderationByAction).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) put('moderation_by_action', n, 'count', k);
  put('questions_asked', f.questions.asked);
  for (const [k, n] of Object.entries(f.questions.answeredBy)) if (k !== 'bot' || n > 0) put('questions_answered_by', n, 'count', k);
  put('questions_private', f.questions.private);
  put('questions_surfaced', f.questions.surfaced);
  put('answer_median_min', f.questions.medianMinutesToAnswer, 'minutes');
  return figs;
}

/** Joins the two periods' figures by (section, metric, key), in section order, current period's order first. */
function mergePeriods(current: Fig[], previous: Fig[]): ReportRow[] {
  const id = (f: Fig) => `${f.section}\u0000${f.metric}\u0000${f.key}`;
  const prev = new Map(previous.map((f) => [id(f), f]));
  const seen = new Set<string>();
  const rows: ReportRow[] = [];
  const add = (f: Fig, cur: number | null, before: number | null) => {
    rows.push({
      section: f.section,
      metric: f.metric,
      key: f.key,
      unit: f.unit,
      current: cur,
      previous: before,
      change: f.unit === 'percent' ? pointChange(cur, before) : change(cur, before),
    });
  };
  for (const f of current) {
    seen.add(id(f));
    add(f, f.value, prev.get(id(f))?.value ?? (f.unit === 'count' ? 0 : null));
  }
  for (const f of previous) if (!seen.has(id(f))) add(f, f.unit === 'count' ? 0 : null, f.value);
  // Previous-only rows (a channel nobody used this time) join their own metric's rows.
  const metricAt = new Map<string, number>();
  rows.forEach((r, i) => metricAt.has(`${r.section}\u0000${r.metric}`) || metricAt.set(`${r.section}\u0000${r.metric}`, i));
  const order = (r: ReportRow) => [SECTIONS.indexOf(r.section), metricAt.get(`${r.section}\u0000${r.metric}`) ?? 0];
  return rows
    .map((r, i) => ({ r, i, o: order(r) }))
    .sort((a, b) => a.o[0]! - b.o[0]! || a.o[1]! - b.o[1]! || a.i - b.i)
    .map((x) => x.r);
}
