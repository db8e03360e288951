import type { Db } from '../../src/db/open.ts';
import { cases, clients, messages, referrals, staffMembers } from '../../src/db/schema/index.ts';
import { DEFAULT_TAXONOMY, metFullyOnline } from '../../src/domain/taxonomy.ts';
import { isOnDuty, nextDutyStart } from '../../src/organisation/duty.ts';
import { zonedDateTime } from '../../src/organisation/mobile-units.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../src/organisation/settings.ts';
import { mulberry32 } from '../../src/domain/seeded-random.ts';

/**
 * A seeded, deterministic dataset shaped like the paper's 301 coded cases (November 2019 – June
 * 2020), shifted to November 2025 – June 2026, plus a smaller previous period of equal length
 * (March – October 2025) for the comparison. Rows go in directly with Drizzle: clients, closed
 * cases with their closing record, messages without bodies, referrals, four staff members.
 *
 * The paper gives: nearly a sixth of requests for information on services and schedules, nearly a
 * third for offline services, exactly five about detox at home, four overdoses (an ambulance was
 * called in two), pandemic questions only from April; minor injection complications the most
 * common online need. The rest is spread over the other needs.
 */

export interface NeedPlan {
  needs: string[];
  n: number;
  /** Pandemic questions appear only from this local date on (the paper: "since April 2020"). */
  notBefore?: string;
}

/** The current period: 301 cases. Each line is a set of needs recorded together. */
export const CURRENT_PLAN: NeedPlan[] = [
  { needs: ['minor_injection_complications'], n: 54 },
  { needs: ['hr_hiv_hcv_information'], n: 46 },
  { needs: ['hr_hiv_hcv_information', 'hr_services'], n: 4 },
  { needs: ['home_detox_information'], n: 5 },
  { needs: ['pandemic_information'], n: 9, notBefore: '2026-04-01' },
  { needs: ['pandemic_information', 'psychological_support'], n: 3, notBefore: '2026-04-01' },
  { needs: ['psychological_support'], n: 18 },
  { needs: ['offline_services'], n: 96 },
  { needs: ['offline_services', 'psychological_support'], n: 4 },
  { needs: ['severe_injection_complications'], n: 30 },
  { needs: ['hr_services'], n: 28 },
  { needs: ['overdose'], n: 4 },
];

/** The previous period: 160 cases, three of them closed without a record (spam, duplicate). */
export const PREVIOUS_PLAN: NeedPlan[] = [
  { needs: ['minor_injection_complications'], n: 33 },
  { needs: ['hr_hiv_hcv_information'], n: 32 },
  { needs: ['home_detox_information'], n: 2 },
  { needs: ['psychological_support'], n: 14 },
  { needs: ['offline_services'], n: 45 },
  { needs: ['severe_injection_complications'], n: 15 },
  { needs: ['hr_services'], n: 15 },
  { needs: ['overdose'], n: 1 },
];
export const PREVIOUS_UNRECORDED = ['spam', 'spam', 'duplicate'];

export const PAPER_PERIOD = {
  /** 2025-11-01 … 2026-06-30 in Europe/Moscow: 242 days. */
  from: new Date('2025-10-31T21:00:00Z'),
  to: new Date('2026-06-30T21:00:00Z'),
  firstDay: '2025-11-01',
  lastDay: '2026-06-30',
};
const DAY = 86_400_000;
export const PREVIOUS_PERIOD = {
  from: new Date(PAPER_PERIOD.from.getTime() - (PAPER_PERIOD.to.getTime() - PAPER_PERIOD.from.getTime())),
  to: PAPER_PERIOD.from,
};

export interface PaperDataset {
  current: { from: Date; to: Date; cases: number };
  previous: { from: Date; to: Date; cases: number };
  staffIds: number[];
  /** Per need code, how many current-period cases record it. */
  needCounts: Record<string, number>;
}

/** Seeded, so the dataset is the same every run. */
export const rng = mulberry32;

type Rand = () => number;
const pick = <T>(r: Rand, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;
function weighted<T>(r: Rand, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [v, w] of items) if ((x -= w) < 0) return v;
  return items[items.length - 1]![0];
}
/** Log-normal-ish minutes around `median` (spread ×e^±sigma). */
const lognormal = (r: Rand, median: number, sigma: number) => {
  const z = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  return median * Math.exp(sigma * z);
};

interface Plan {
  needs: string[];
  services: string[];
  refs: { kind: 'internal' | 'external'; toRole: string | null; outcome: string }[];
  emergency: boolean;
  outcome: string;
}

const REF_OUTCOMES = [['done', 65], ['pending', 12], ['did_not_come', 16], ['declined', 7]] as const;

/** Services and referrals a worker would record for these needs. */
function planFor(r: Rand, needs: string[], overdoseIndex: number): Plan {
  const services = new Set<string>();
  const refs: Plan['refs'] = [];
  const internal = (role: string) => {
    services.add('internal_referral');
    refs.push({ kind: 'internal', toRole: role, outcome: weighted(r, REF_OUTCOMES) });
  };
  const external = () => {
    services.add('external_referral');
    refs.push({ kind: 'external', toRole: null, outcome: weighted(r, REF_OUTCOMES) });
  };
  let emergency = false;
  for (const need of needs) {
    switch (need) {
      case 'minor_injection_complications':
        services.add('verified_advice');
        if (r() < 0.2) internal('doctor');
        break;
      case 'hr_hiv_hcv_information':
        services.add('information');
        if (r() < 0.3) services.add('mobile_unit_invitation');
        break;
      case 'home_detox_information':
        services.add('information');
        internal(pick(r, ['doctor', 'social_worker']));
        break;
      case 'pandemic_information':
        services.add('information');
        break;
      case 'psychological_support':
        services.add('psychological_support');
        if (r() < 0.25) internal('psychologist');
        break;
      case 'offline_services':
        internal(weighted(r, [['social_worker', 45], ['doctor', 20], ['lawyer', 15], ['psychologist', 20]] as const));
        services.add('mobile_unit_invitation');
        if (r() < 0.4) external();
        if (r() < 0.2) services.add('accompaniment');
        break;
      case 'severe_injection_complications':
        internal('doctor');
        services.add('mobile_unit_invitation');
        if (r() < 0.3) external();
        break;
      case 'hr_services':
        services.add('information');
        services.add('mobile_unit_invitation');
        if (r() < 0.2) external();
        break;
      case 'overdose':
        emergency = true;
        services.add('overdose_guidance');
        // The paper: an ambulance was called in two of the four overdoses.
        if (overdoseIndex % 2 === 0) services.add('ambulance_called');
        break;
    }
  }
  const outcome = emergency
    ? overdoseIndex % 4 === 3 ? 'partly_resolved' : 'resolved'
    : refs.length > 0 && refs.some((x) => x.outcome === 'pending')
      ? 'referred'
      : weighted(r, [['resolved', 70], ['partly_resolved', 15], ['client_left', 8], ['unknown', 7]] as const);
  return { needs, services: [...services], refs, emergency, outcome };
}

/** A random opening moment in [from, to): about two in three land in duty hours, the rest at night and weekends. */
function openingMoment(r: Rand, settings: Settings, from: Date, to: Date): Date {
  for (;;) {
    const t = new Date(from.getTime() + Math.floor(r() * (to.getTime() - from.getTime())));
    if (isOnDuty(settings, t) || r() < 0.3) return t;
  }
}

interface CaseSpec {
  plan: Plan;
  openedAt: Date;
  notBefore?: string;
  closeReason?: string;
}

function specs(r: Rand, settings: Settings, plans: NeedPlan[], from: Date, to: Date, unrecorded: string[]): CaseSpec[] {
  const out: CaseSpec[] = [];
  let overdoses = 0;
  for (const p of plans) {
    const start = p.notBefore ? zonedDateTime(settings, p.notBefore, '00:00') : from;
    for (let i = 0; i < p.n; i++) {
      const plan = planFor(r, p.needs, p.needs.includes('overdose') ? overdoses++ : 0);
      out.push({ plan, openedAt: openingMoment(r, settings, start, to) });
    }
  }
  for (const reason of unrecorded) {
    out.push({ plan: { needs: [], services: [], refs: [], emergency: false, outcome: '' }, openedAt: openingMoment(r, settings, from, to), closeReason: reason });
  }
  return out.sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime());
}

/**
 * Inserts the dataset. Deterministic for a seed: the same rows (up to serial ids) every time.
 * Assumes an empty database (ids of clients and staff are whatever the sequences give).
 */
export async function seedPaperDataset(db: Db, opts: { seed?: number; settings?: Settings } = {}): Promise<PaperDataset> {
  const r = rng(opts.seed ?? 2020);
  const settings = opts.settings ?? DEFAULT_SETTINGS;

  const staff = await db
    .insert(staffMembers)
    .values(
      [1, 2, 3, 4].map((i) => ({
        tgHash: `dataset-staff-hash-${i}`,
        userSealed: `dataset-sealed-${i}`,
        specialisations: i === 4 ? ['doctor'] : i === 3 ? ['psychologist'] : [],
        firstSeenAt: new Date('2025-01-01T00:00:00Z'),
        lastSeenAt: new Date('2026-06-30T00:00:00Z'),
      })),
    )
    .returning({ id: staffMembers.id });
  const staffIds = staff.map((s) => s.id);
  const workerWeights = staffIds.map((id, i) => [id, [40, 30, 20, 10][i]!] as const);

  const previous = specs(r, settings, PREVIOUS_PLAN, PREVIOUS_PERIOD.from, PREVIOUS_PERIOD.to, PREVIOUS_UNRECORDED);
  const current = specs(r, settings, CURRENT_PLAN, PAPER_PERIOD.from, PAPER_PERIOD.to, []);

  // Clients: most come once; some return, within the period or from the previous one.
  const clientPool: { id: number; lastClosed: number }[] = [];
  let clientSeq = 0;
  const newClient = async (firstSeenAt: Date) => {
    clientSeq++;
    const code = String(clientSeq).padStart(4, '0');
    const firstContact = weighted(r, [['chat', 45], ['direct', 20], ['peer', 15], ['channel', 10], ['unit', 10]] as const);
    const [row] = await db
      .insert(clients)
      .values({ tgHash: `dataset-client-hash-${code}`, chatSealed: `dataset-chat-${code}`, pseudonym: `DS${code}`, locale: r() < 0.9 ? 'ru' : 'en', firstContact, firstSeenAt, lastSeenAt: firstSeenAt })
      .returning({ id: clients.id });
    const c = { id: row!.id, lastClosed: 0 };
    clientPool.push(c);
    return c;
  };

  const insertCases = async (list: CaseSpec[]) => {
    for (const spec of list) {
      const t0 = spec.openedAt.getTime();
      const candidates = clientPool.filter((c) => c.lastClosed < t0);
      const client = candidates.length > 0 && r() < 0.32 ? pick(r, candidates) : await newClient(spec.openedAt);
      const onDuty = isOnDuty(settings, spec.openedAt);
      const worker = weighted(r, workerWeights);
      // First staff reply: minutes in duty hours, the next shift otherwise; an emergency reaches the on-call worker at once.
      let replyMin: number;
      if (spec.plan.emergency) replyMin = 1 + r() * 3;
      else if (onDuty) replyMin = Math.min(lognormal(r, 9, 0.9), 600);
      else {
        const next = nextDutyStart(settings, spec.openedAt) ?? new Date(t0 + 12 * 3_600_000);
        replyMin = (next.getTime() - t0) / 60_000 + lognormal(r, 20, 0.8);
      }
      const firstReply = new Date(t0 + Math.round(replyMin * 60_000));
      const closedAt = new Date(firstReply.getTime() + Math.round((20 + r() * 60 * 24 * (spec.plan.refs.length ? 3 : 1)) * 60_000));
      client.lastClosed = closedAt.getTime();
      const recorded = !spec.closeReason;
      const rating = recorded && r() < 0.45 ? (r() < 0.88 ? 1 : -1) : null;
      const phoneCall = recorded ? weighted(r, [['not_proposed', 74], ['accepted', 11], ['refused', 10], ['client_left', 5]] as const) : null;
      const [row] = await db
        .insert(cases)
        .values({
          clientId: client.id,
          status: 'closed',
          channel: r() < 0.8 ? 'bot' : 'community',
          openedAt: spec.openedAt,
          lastActivityAt: closedAt,
          firstStaffReplyAt: firstReply,
          closedAt,
          closedBy: worker,
          claimedBy: worker,
          claimedAt: firstReply,
          emergencyAt: spec.plan.emergency ? spec.openedAt : null,
          afterHours: !onDuty,
          afterHoursReplyAt: onDuty || spec.plan.emergency ? null : spec.openedAt,
          feedbackRating: rating,
          feedbackAt: rating === null ? null : new Date(closedAt.getTime() + 600_000),
          taxonomyVersion: recorded ? DEFAULT_TAXONOMY.version : null,
          needs: recorded ? spec.plan.needs : null,
          services: recorded ? spec.plan.services : null,
          phoneCall,
          outcome: recorded ? spec.plan.outcome : null,
          metOnline: recorded ? metFullyOnline(DEFAULT_TAXONOMY, spec.plan.needs, spec.plan.services) : null,
          recordedAt: recorded ? closedAt : null,
          closeReason: spec.closeReason ?? null,
        })
        .returning({ id: cases.id });
      const caseId = row!.id;

      // Messages: structure only (no bodies). Some clients send voice messages.
      const msgs: (typeof messages.$inferInsert)[] = [];
      const nClient = 1 + Math.floor(r() * 6);
      const voice = r() < 0.17;
      const span = closedAt.getTime() - t0;
      for (let i = 0; i < nClient; i++) {
        const at = i === 0 ? spec.openedAt : new Date(t0 + Math.floor(r() * span));
        msgs.push({ caseId, direction: 'client', kind: voice && (i === 0 || r() < 0.4) ? 'voice' : r() < 0.08 ? 'photo' : 'text', createdAt: at });
      }
      const nStaff = 1 + Math.floor(r() * 4);
      for (let i = 0; i < nStaff; i++) {
        const at = i === 0 ? firstReply : new Date(firstReply.getTime() + Math.floor(r() * (closedAt.getTime() - firstReply.getTime())));
        msgs.push({ caseId, direction: 'staff', kind: 'text', staffMemberId: worker, createdAt: at });
      }
      if (spec.plan.refs.length > 0) msgs.push({ caseId, direction: 'note', kind: 'text', staffMemberId: worker, createdAt: firstReply });
      await db.insert(messages).values(msgs);

      if (spec.plan.refs.length > 0) {
        await db.insert(referrals).values(
          spec.plan.refs.map((ref) => ({
            caseId,
            kind: ref.kind,
            toRole: ref.toRole,
            toStaffId: ref.kind === 'internal' ? (ref.toRole === 'doctor' ? staffIds[3]! : ref.toRole === 'psychologist' ? staffIds[2]! : null) : null,
            createdBy: worker,
            createdAt: firstReply,
            takenAt: ref.kind === 'internal' ? new Date(firstReply.getTime() + 3_600_000) : null,
            outcome: ref.outcome,
            outcomeAt: ref.outcome === 'pending' ? null : new Date(closedAt.getTime() + 3 * DAY),
          })),
        );
      }
    }
  };
  await insertCases(previous);
  await insertCases(current);

  const needCounts: Record<string, number> = {};
  for (const p of CURRENT_PLAN) for (const n of p.needs) needCounts[n] = (needCounts[n] ?? 0) + p.n;
  return {
    current: { ...PAPER_PERIOD, cases: current.length },
    previous: { ...PREVIOUS_PERIOD, cases: previous.length },
    staffIds,
    needCounts,
  };
}
