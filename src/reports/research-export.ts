import { and, gte, inArray, lt } from 'drizzle-orm';
import { randomBytes, randomInt } from 'node:crypto';
import type { Db } from '../db/open.ts';
import { cases, referrals } from '../db/schema/index.ts';
import { localDateOf } from '../organisation/mobile-units.ts';
import type { Settings } from '../organisation/settings.ts';
import { csvLines } from './format.ts';
import { isoWeek, replyBucket, type ReplyBucket } from './stats.ts';

/**
 * One row per case for thematic analysis by researchers and evaluators. What it never holds:
 * message text or comments, pseudonyms or client ids, case numbers, exact times, staff identities.
 * Each row gets a random id that is new in every export (so two exports cannot be joined row by
 * row), times are coarsened to the ISO week of opening and a reply-time bucket, and rows are
 * shuffled (the order of case numbers would otherwise leak).
 *
 * Small groups can still be recognisable (one overdose in a week): share exports with people
 * bound by the study's ethics approval, as the paper's authors were.
 */
export interface ResearchRow {
  id: string;
  week: string;
  channel: string;
  /** The closing record was saved; without it the record fields are empty. */
  recorded: boolean;
  taxonomy_version: number | null;
  needs: string[];
  services: string[];
  met_online: boolean | null;
  /** `kind:outcome` per referral, e.g. `internal:done`, `external:did_not_come`; internal ones carry the role: `internal:doctor:done`. */
  referrals: string[];
  phone_call: string | null;
  outcome: string | null;
  emergency: boolean;
  after_hours: boolean;
  first_reply: ReplyBucket;
  feedback_rating: number | null;
}

export const RESEARCH_COLUMNS = [
  'id',
  'week',
  'channel',
  'recorded',
  'taxonomy_version',
  'needs',
  'services',
  'met_online',
  'referrals',
  'phone_call',
  'outcome',
  'emergency',
  'after_hours',
  'first_reply',
  'feedback_rating',
] as const satisfies readonly (keyof ResearchRow)[];

export async function researchExport(db: Db, opts: { from: Date; to: Date; settings: Settings }): Promise<ResearchRow[]> {
  const inPeriod = and(gte(cases.openedAt, opts.from), lt(cases.openedAt, opts.to));
  // Explicit columns: nothing sealed, nothing that names a client, a worker or a topic.
  const rows = await db
    .select({
      n: cases.id,
      openedAt: cases.openedAt,
      firstStaffReplyAt: cases.firstStaffReplyAt,
      channel: cases.channel,
      taxonomyVersion: cases.taxonomyVersion,
      needs: cases.needs,
      services: cases.services,
      metOnline: cases.metOnline,
      phoneCall: cases.phoneCall,
      outcome: cases.outcome,
      emergencyAt: cases.emergencyAt,
      afterHours: cases.afterHours,
      feedbackRating: cases.feedbackRating,
      recordedAt: cases.recordedAt,
    })
    .from(cases)
    .where(inPeriod);
  const refs = await db
    .select({ caseId: referrals.caseId, kind: referrals.kind, toRole: referrals.toRole, outcome: referrals.outcome })
    .from(referrals)
    .where(inArray(referrals.caseId, db.select({ id: cases.id }).from(cases).where(inPeriod)))
    .orderBy(referrals.id);
  const refsOf = new Map<number, string[]>();
  for (const r of refs) {
    const code = r.kind === 'internal' && r.toRole ? `internal:${r.toRole}:${r.outcome}` : `${r.kind}:${r.outcome}`;
    refsOf.set(r.caseId, [...(refsOf.get(r.caseId) ?? []), code]);
  }
  const ids = new Set<string>();
  const freshId = () => {
    for (;;) {
      const id = randomBytes(6).toString('hex');
      if (!ids.has(id)) return ids.add(id), id;
    }
  };
  const out: ResearchRow[] = rows.map((c) => {
    // An unsaved closing form leaves a draft in the record columns: not a record, so not exported.
    const rec = c.recordedAt !== null;
    return {
      id: freshId(),
      week: isoWeek(localDateOf(opts.settings, c.openedAt)),
      channel: c.channel,
      recorded: rec,
      taxonomy_version: rec ? c.taxonomyVersion : null,
      needs: rec ? [...(c.needs ?? [])].sort() : [],
      services: rec ? [...(c.services ?? [])].sort() : [],
      met_online: rec ? c.metOnline : null,
      referrals: (refsOf.get(c.n) ?? []).sort(),
      phone_call: rec ? c.phoneCall : null,
      outcome: rec ? c.outcome : null,
      emergency: c.emergencyAt !== null,
      after_hours: c.afterHours,
      first_reply: replyBucket(c.firstStaffReplyAt ? (c.firstStaffReplyAt.getTime() - c.openedAt.getTime()) / 60_000 : undefined),
      feedback_rating: c.feedbackRating,
    };
  });
  // Shuffle, then order by week only: within a week the order says nothing.
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out.sort((a, b) => a.week.localeCompare(b.week));
}

const yesNo = (b: boolean | null) => (b === null ? '' : b ? 'yes' : 'no');

/** CSV (RFC 4180, CRLF): lists joined with `;`, booleans as yes/no, missing values empty. */
export function researchToCsv(rows: readonly ResearchRow[]): string {
  return csvLines([
    RESEARCH_COLUMNS,
    ...rows.map((r) => [
      r.id,
      r.week,
      r.channel,
      yesNo(r.recorded),
      r.taxonomy_version,
      r.needs.join(';'),
      r.services.join(';'),
      yesNo(r.met_online),
      r.referrals.join(';'),
      r.phone_call,
      r.outcome,
      yesNo(r.emergency),
      yesNo(r.after_hours),
      r.first_reply,
      r.feedback_rating,
    ]),
  ]);
}

export function researchToJson(rows: readonly ResearchRow[]): string {
  return JSON.stringify(rows, null, 2) + '\n';
}
