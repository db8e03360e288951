import { and, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import { cases, staffMembers } from '../db/schema/index.ts';
import { onDutyNow } from '../organisation/duty.ts';
import type { Person } from '../organisation/settings.ts';
import type { CaseDeps } from './deps.ts';
import { usernameKey } from './staff-members.ts';

/** Which specialist role answers which need first; needs without one go to whoever is on duty. */
export const ROLE_FOR_NEED: Record<string, string> = {
  minor_injection_complications: 'doctor',
  severe_injection_complications: 'doctor',
  overdose: 'doctor',
  psychological_support: 'psychologist',
  offline_services: 'social_worker',
  home_detox_information: 'doctor',
};

export interface Candidate {
  person: Person;
  roles: string[];
  openCases: number;
}

/**
 * Pure: among the people on duty, those whose roles match a suggested need, else everyone on
 * duty; the one with the fewest open cases first (ties: the order in the duty schedule).
 */
export function pickWorker(candidates: Candidate[], needs: string[]): Candidate | undefined {
  const wanted = new Set(needs.map((n) => ROLE_FOR_NEED[n]).filter((r): r is string => !!r));
  const matching = candidates.filter((c) => c.roles.some((r) => wanted.has(r)));
  const pool = matching.length > 0 ? matching : candidates;
  return [...pool].sort((a, b) => a.openCases - b.openCases)[0];
}

/** The worker to offer a new case to, from the duty schedule and what the staff group has seen of them. */
export async function suggestWorker(d: CaseDeps, needs: string[]): Promise<Candidate | undefined> {
  const onDuty = onDutyNow(d.settings, d.now()).filter((p) => p.telegram);
  if (onDuty.length === 0) return undefined;
  const keys = onDuty.map((p) => usernameKey(d, p.telegram!));
  const members = await d.db.select().from(staffMembers).where(inArray(staffMembers.usernameHash, keys));
  const counts = await d.db
    .select({ staffId: cases.claimedBy, open: sql<number>`count(*)::int` })
    .from(cases)
    .where(and(ne(cases.status, 'closed'), isNotNull(cases.claimedBy)))
    .groupBy(cases.claimedBy);
  const candidates = onDuty.map((person) => {
    const member = members.find((m) => m.usernameHash === usernameKey(d, person.telegram!));
    return {
      person,
      roles: member?.specialisations ?? [],
      openCases: member ? Number(counts.find((c) => c.staffId === member.id)?.open ?? 0) : 0,
    };
  });
  return pickWorker(candidates, needs);
}

