import { reasonCode } from '../domain/close-reason.ts';
import { and, count, eq, gte, inArray, lt } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { cases, clients, messages, referrals } from '../db/schema/index.ts';
import { metFullyOnline, PHONE_CALL, taxonomyOf, type Localized, type Taxonomy } from '../domain/taxonomy.ts';
import { isOnDuty } from '../organisation/duty.ts';
import { localDateOf } from '../organisation/mobile-units.ts';
import type { Settings } from '../organisation/settings.ts';
import { change, median, percentile, pointChange, round, share, tally } from './stats.ts';

/**
 * The donor report: what the service did in a period, beside the previous period of equal
 * length. Built from the structure of cases only (times, codes, kinds, counts): never a message
 * body, a comment or any sealed column.
 *
 * The report is a flat list of figures (`section, metric, key`), so every format (Markdown, CSV,
 * JSON, xlsx) shows the same numbers. Counts and minutes change in per cent ("+89 %"); shares,
 * which are already percentages, change in percentage points ("+4.6 pp").
 */

export const SECTIONS = ['contacts', 'needs', 'services', 'referrals', 'online', 'outcomes', 'emergencies', 'response', 'voice', 'phone', 'feedback', 'workers'] as const;
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
  const current = await periodFigures(await loadPeriod(db, from, to), ctx);
  const previous = await periodFigures(await loadPeriod(db, prevFrom, from), ctx);
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
// Loading: explicit columns only (never `body_sealed`, `feedback_comment_sealed`, `reason_sealed`).

interface CaseData {
  id: number;
  clientId: number;
  openedAt: Date;
  firstStaffReplyAt: Date | null;
  status: string;
  channel: string;
  emergencyAt: Date | null;
  feedbackRating: number | null;
  needs: string[] | null;
  services: string[] | null;
  phoneCall: string | null;
  outcome: string | null;
  metOnline: boolean | null;
  recordedAt: Date | null;
  closeReason: string | null;
  claimedBy: number | null;
  firstContact: string;
}

interface PeriodData {
  cases: CaseData[];
  returningClients: Set<number>;
  /** Client messages per case and kind. */
  clientMessages: { caseId: number; kind: string; n: number }[];
  referrals: { caseId: number; kind: string; toRole: string | null; outcome: string }[];
}

async function loadPeriod(db: Db, from: Date, to: Date): Promise<PeriodData> {
  const inPeriod = and(gte(cases.openedAt, from), lt(cases.openedAt, to));
  const caseIds = () => db.select({ id: cases.id }).from(cases).where(inPeriod);
  const caseRows = await db
    .select({
      id: cases.id,
      clientId: cases.clientId,
      openedAt: cases.openedAt,
      firstStaffReplyAt: cases.firstStaffReplyAt,
      status: cases.status,
      channel: cases.channel,
      emergencyAt: cases.emergencyAt,
      feedbackRating: cases.feedbackRating,
      needs: cases.needs,
      services: cases.services,
      phoneCall: cases.phoneCall,
      outcome: cases.outcome,
      metOnline: cases.metOnline,
      recordedAt: cases.recordedAt,
      closeReason: cases.closeReason,
      claimedBy: cases.claimedBy,
      firstContact: clients.firstContact,
    })
    .from(cases)
    .innerJoin(clients, eq(cases.clientId, clients.id))
    .where(inPeriod)
    .orderBy(cases.openedAt, cases.id);
  // A client is returning when they had a case before the period began.
  const returning = await db
    .selectDistinct({ clientId: cases.clientId })
    .from(cases)
    .where(and(lt(cases.openedAt, from), inArray(cases.clientId, db.select({ id: cases.clientId }).from(cases).where(inPeriod))));
  const clientMessages = await db
    .select({ caseId: messages.caseId, kind: messages.kind, n: count() })
    .from(messages)
    .where(and(eq(messages.direction, 'client'), inArray(messages.caseId, caseIds())))
    .groupBy(messages.caseId, messages.kind);
  const refs = await db
    .select({ caseId: referrals.caseId, kind: referrals.kind, toRole: referrals.toRole, outcome: referrals.outcome })
    .from(referrals)
    .where(inArray(referrals.caseId, caseIds()));
  return {
    cases: caseRows,
    returningClients: new Set(returning.map((r) => r.clientId)),
    clientMessages: clientMessages.map((m) => ({ ...m, n: Number(m.n) })),
    referrals: refs,
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

const minutesBetween = (a: Date, b: Date) => (b.getTime() - a.getTime()) / 60_000;
/** The closing record was saved (needs and services on an unsaved case are the form's draft, not a record). */
const hasRecord = (c: CaseData) => c.recordedAt !== null;

const nul = (v: number | undefined): number | null => (v === undefined ? null : v);

async function periodFigures(data: PeriodData, ctx: Ctx): Promise<Fig[]> {
  const figs: Fig[] = [];
  let section: SectionId = 'contacts';
  const put = (metric: string, value: number | undefined | null, unit: Unit = 'count', key = '') =>
    figs.push({ section, metric, key, unit, value: value ?? null });
  const putTally = (metric: string, counts: Map<string, number>, keys: readonly string[] = []) => {
    for (const k of keys) put(metric, counts.get(k) ?? 0, 'count', k);
    for (const [k, n] of [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) if (!keys.includes(k)) put(metric, n, 'count', k);
  };

  const all = data.cases;
  const recorded = all.filter(hasRecord);
  const closed = all.filter((c) => c.status === 'closed');

  // Contacts ---------------------------------------------------------------------------------
  section = 'contacts';
  const clientFirstContact = new Map(all.map((c) => [c.clientId, c.firstContact]));
  const uniqueClients = clientFirstContact.size;
  const returning = [...clientFirstContact.keys()].filter((id) => data.returningClients.has(id)).length;
  put('cases', all.length);
  put('unique_clients', uniqueClients);
  put('new_clients', uniqueClients - returning);
  put('returning_clients', returning);
  put('cases_per_client', uniqueClients ? round(all.length / uniqueClients, 2) : null, 'count');
  putTally('first_contact', tally(clientFirstContact.values()));
  putTally('case_channel', tally(all.map((c) => c.channel)));
  put('closed', closed.length);
  put('still_open', all.length - closed.length);
  put('recorded', recorded.length);
  putTally('closed_without_record', tally(closed.filter((c) => !hasRecord(c)).map((c) => reasonCode(c.closeReason))));

  // Needs: the paper's table (themes and sub-themes) ------------------------------------------
  section = 'needs';
  const themeOf = new Map(ctx.taxonomy.needs.map((n) => [n.code, n.theme as string]));
  const themes = [...new Set(ctx.taxonomy.needs.map((n) => n.theme as string))];
  const needCounts = tally(recorded.flatMap((c) => [...new Set(c.needs ?? [])]));
  const themeCounts = tally(recorded.flatMap((c) => [...new Set((c.needs ?? []).map((n) => themeOf.get(n) ?? 'other'))]));
  put('recorded', recorded.length);
  for (const th of [...themes, ...(themeCounts.has('other') ? ['other'] : [])]) {
    put('theme', themeCounts.get(th) ?? 0, 'count', th);
    put('theme_share', share(themeCounts.get(th) ?? 0, recorded.length), 'percent', th);
  }
  const needCodes = [...ctx.taxonomy.needs.map((n) => n.code), ...[...needCounts.keys()].filter((k) => !themeOf.has(k)).sort()];
  for (const code of needCodes) {
    put('need', needCounts.get(code) ?? 0, 'count', code);
    put('need_share', share(needCounts.get(code) ?? 0, recorded.length), 'percent', code);
  }
  put('cases_with_several_needs', recorded.filter((c) => new Set(c.needs).size > 1).length);

  // Services ---------------------------------------------------------------------------------
  section = 'services';
  const offlineService = new Map(ctx.taxonomy.services.map((s) => [s.code, s.offline]));
  const serviceCounts = tally(recorded.flatMap((c) => [...new Set(c.services ?? [])]));
  const serviceCodes = [...ctx.taxonomy.services.map((s) => s.code), ...[...serviceCounts.keys()].filter((k) => !offlineService.has(k)).sort()];
  for (const code of serviceCodes) {
    put('service', serviceCounts.get(code) ?? 0, 'count', code);
    put('service_share', share(serviceCounts.get(code) ?? 0, recorded.length), 'percent', code);
  }
  put('cases_with_offline_service', recorded.filter((c) => (c.services ?? []).some((s) => offlineService.get(s) === true)).length);

  // Referrals ---------------------------------------------------------------------------------
  section = 'referrals';
  put('cases_referred', new Set(data.referrals.map((r) => r.caseId)).size);
  for (const kind of ['internal', 'external']) {
    const refs = data.referrals.filter((r) => r.kind === kind);
    const done = refs.filter((r) => r.outcome === 'done').length;
    put('referrals', refs.length, 'count', kind);
    put('completed', done, 'count', kind);
    put('completed_share', share(done, refs.length), 'percent', kind);
  }
  const outcomes = ['pending', 'done', 'did_not_come', 'declined'];
  putTally('internal_outcome', tally(data.referrals.filter((r) => r.kind === 'internal').map((r) => r.outcome)), outcomes);
  putTally('external_outcome', tally(data.referrals.filter((r) => r.kind === 'external').map((r) => r.outcome)), outcomes);
  putTally('internal_to_role', tally(data.referrals.filter((r) => r.kind === 'internal').map((r) => r.toRole ?? 'unspecified')));

  // Met online ------------------------------------------------------------------------------
  section = 'online';
  const online = recorded.map((c) => c.metOnline ?? metFullyOnline(ctx.taxonomy, c.needs ?? [], c.services ?? []));
  const metOnline = online.filter(Boolean).length;
  put('recorded', recorded.length);
  put('met_fully_online', metOnline);
  put('needed_offline', recorded.length - metOnline);
  put('met_fully_online_share', share(metOnline, recorded.length), 'percent');
  put('needed_offline_share', share(recorded.length - metOnline, recorded.length), 'percent');

  // Outcomes ----------------------------------------------------------------------------------
  section = 'outcomes';
  putTally('outcome', tally(recorded.map((c) => c.outcome ?? 'not_recorded')), ['resolved', 'partly_resolved', 'referred', 'client_left', 'unknown']);

  // Emergencies -----------------------------------------------------------------------------
  section = 'emergencies';
  const emergencies = all.filter((c) => c.emergencyAt !== null);
  put('emergencies', emergencies.length);
  put('emergency_share', share(emergencies.length, all.length), 'percent');
  put('ambulance_called', emergencies.filter((c) => hasRecord(c) && (c.services ?? []).includes('ambulance_called')).length);
  putTally('outcome', tally(emergencies.map((c) => (hasRecord(c) ? c.outcome ?? 'not_recorded' : c.status === 'closed' ? 'not_recorded' : 'open'))));
  const emergencyReplies = emergencies.filter((c) => c.firstStaffReplyAt).map((c) => minutesBetween(c.emergencyAt!, c.firstStaffReplyAt!));
  put('first_staff_reply_median_min', round(median(emergencyReplies.map((m) => Math.max(0, m))), 1), 'minutes');

  // Response times --------------------------------------------------------------------------
  section = 'response';
  const split = all.map((c) => ({ c, onDuty: isOnDuty(ctx.settings, c.openedAt) }));
  const groups: [string, typeof split][] = [
    ['all', split],
    ['on_duty', split.filter((s) => s.onDuty)],
    ['after_hours', split.filter((s) => !s.onDuty)],
  ];
  for (const [key, g] of groups) put('cases', g.length, 'count', key);
  put('after_hours_share', share(groups[2]![1].length, all.length), 'percent');
  for (const [key, g] of groups) {
    const mins = g.filter((s) => s.c.firstStaffReplyAt).map((s) => minutesBetween(s.c.openedAt, s.c.firstStaffReplyAt!));
    put('answered', mins.length, 'count', key);
    put('first_reply_median_min', nul(round(median(mins), 1)), 'minutes', key);
    put('first_reply_p90_min', nul(round(percentile(mins, 90), 1)), 'minutes', key);
  }

  // Voice -----------------------------------------------------------------------------------
  section = 'voice';
  const clientMsgs = data.clientMessages.reduce((s, m) => s + m.n, 0);
  const voiceMsgs = data.clientMessages.filter((m) => m.kind === 'voice').reduce((s, m) => s + m.n, 0);
  const casesWithVoice = new Set(data.clientMessages.filter((m) => m.kind === 'voice' && m.n > 0).map((m) => m.caseId)).size;
  put('client_messages', clientMsgs);
  put('voice_messages', voiceMsgs);
  put('voice_share', share(voiceMsgs, clientMsgs), 'percent');
  put('cases_with_voice', casesWithVoice);
  put('cases_with_voice_share', share(casesWithVoice, all.length), 'percent');

  // Phone calls -----------------------------------------------------------------------------
  section = 'phone';
  const phone = tally(recorded.map((c) => c.phoneCall ?? 'not_recorded'));
  const proposed = ['accepted', 'refused', 'client_left'].reduce((s, k) => s + (phone.get(k) ?? 0), 0);
  put('proposed', proposed);
  putTally('phone_call', phone, PHONE_CALL);
  put('accepted_share', share(phone.get('accepted') ?? 0, proposed), 'percent');

  // Feedback --------------------------------------------------------------------------------
  section = 'feedback';
  const rated = all.filter((c) => c.feedbackRating === 1 || c.feedbackRating === -1);
  const positive = rated.filter((c) => c.feedbackRating === 1).length;
  put('rated', rated.length);
  put('positive', positive);
  put('negative', rated.length - positive);
  put('positive_share', share(positive, rated.length), 'percent');
  put('rated_share', share(rated.length, closed.length), 'percent');

  // Per worker ------------------------------------------------------------------------------
  if (ctx.byWorker) {
    section = 'workers';
    const byWorker = new Map<number | null, CaseData[]>();
    for (const c of all) byWorker.set(c.claimedBy, [...(byWorker.get(c.claimedBy) ?? []), c]);
    const refsByCase = tally(data.referrals.map((r) => r.caseId));
    const ids = [...byWorker.keys()].sort((a, b) => (a ?? Infinity) - (b ?? Infinity));
    for (const id of ids) {
      const list = byWorker.get(id)!;
      const key = await ctx.workerLabel(id);
      const mins = list.filter((c) => c.firstStaffReplyAt).map((c) => minutesBetween(c.openedAt, c.firstStaffReplyAt!));
      const wRated = list.filter((c) => c.feedbackRating === 1 || c.feedbackRating === -1);
      put('cases', list.length, 'count', key);
      put('closed', list.filter((c) => c.status === 'closed').length, 'count', key);
      put('emergencies', list.filter((c) => c.emergencyAt !== null).length, 'count', key);
      put('referrals', list.reduce((s, c) => s + (refsByCase.get(c.id) ?? 0), 0), 'count', key);
      put('met_fully_online', list.filter((c) => hasRecord(c) && (c.metOnline ?? metFullyOnline(ctx.taxonomy, c.needs ?? [], c.services ?? []))).length, 'count', key);
      put('first_reply_median_min', nul(round(median(mins), 1)), 'minutes', key);
      put('rated', wRated.length, 'count', key);
      put('positive', wRated.filter((c) => c.feedbackRating === 1).length, 'count', key);
    }
  }
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
