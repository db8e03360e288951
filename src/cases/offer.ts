import { and, inArray, isNotNull, ne, or, sql } from 'drizzle-orm';
import { accounts, cases, staffMembers } from '../db/schema/index.ts';
import { offeredNeeds } from '../domain/taxonomy.ts';
import { suggestNeeds } from './needs/rules.ts';
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

/**
 * The needs a new case's first words point to, for choosing who to offer it to: the rules'
 * pre-ticked needs and their hints alike (a wrong guess here costs a colleague a glance, not a
 * report's figure), among the needs the organisation offers.
 */
export function needsForOffer(settings: CaseDeps['settings'], text: string): string[] {
  if (!text.trim()) return [];
  const s = suggestNeeds({ messages: [text], emergency: false }, new Set(offeredNeeds(settings).map((n) => n.code)));
  return [...s.confident, ...s.hints];
}

/**
 * The staff-group member behind each person: a person chosen from the console's accounts through
 * the account's link, an older entry by its @username; undefined when neither is known yet.
 */
export async function membersOf(d: Pick<CaseDeps, 'db' | 'vault'>, people: readonly Person[]): Promise<{ person: Person; member?: typeof staffMembers.$inferSelect }[]> {
  const accountIds = people.flatMap((p) => (p.accountId ? [p.accountId] : []));
  const linked = accountIds.length ? await d.db.select({ id: accounts.id, staffMemberId: accounts.staffMemberId }).from(accounts).where(inArray(accounts.id, accountIds)) : [];
  const keys = people.flatMap((p) => (p.telegram ? [usernameKey(d, p.telegram)] : []));
  const memberIds = linked.flatMap((a) => (a.staffMemberId ? [a.staffMemberId] : []));
  if (keys.length === 0 && memberIds.length === 0) return people.map((person) => ({ person }));
  const members = await d.db
    .select()
    .from(staffMembers)
    .where(or(keys.length ? inArray(staffMembers.usernameHash, keys) : undefined, memberIds.length ? inArray(staffMembers.id, memberIds) : undefined));
  return people.map((person) => {
    const viaAccount = linked.find((a) => a.id === person.accountId)?.staffMemberId;
    const member = viaAccount ? members.find((m) => m.id === viaAccount) : person.telegram ? members.find((m) => m.usernameHash === usernameKey(d, person.telegram!)) : undefined;
    return { person, member };
  });
}

/** The worker to offer a new case to, among the people on duty now. */
export async function suggestWorker(d: CaseDeps, text: string): Promise<Candidate | undefined> {
  const onDuty = onDutyNow(d.settings, d.now()).filter((p) => p.accountId || p.telegram);
  if (onDuty.length === 0) return undefined;
  const counts = await d.db
    .select({ staffId: cases.claimedBy, open: sql<number>`count(*)::int` })
    .from(cases)
    .where(and(ne(cases.status, 'closed'), isNotNull(cases.claimedBy)))
    .groupBy(cases.claimedBy);
  const candidates = (await membersOf(d, onDuty)).map(({ person, member }) => ({
    person,
    roles: member?.specialisations ?? [],
    openCases: member ? Number(counts.find((c) => c.staffId === member.id)?.open ?? 0) : 0,
  }));
  return pickWorker(candidates, needsForOffer(d.settings, text));
}
