import { and, asc, eq, isNotNull } from 'drizzle-orm';
import { cases, messages, referrals } from '../db/schema/index.ts';
import { metFullyOnline, offeredNeeds, OUTCOMES, PHONE_CALL, taxonomyOf, type Taxonomy } from '../domain/taxonomy.ts';
import type { Case } from './case-store.ts';
import { SEAL, type CaseDeps } from './deps.ts';
import { RULE_NEEDS, suggestNeeds } from './needs/rules.ts';

/** The record being filled in on the closing form: kept on the case row until saved. */
export interface Draft {
  /** Needs ticked (on a suggestion: the pre-ticked ones). */
  needs: string[];
  /** Needs suggested but not pre-ticked, to show unticked; only on a suggestion (never stored). */
  hints?: string[];
  services: string[];
  phoneCall: string;
  outcome: string | null;
}

/** A field of the form: needs, services, phone call, outcome. */
export type Field = 'n' | 's' | 'p' | 'o';

/**
 * Sets a need or a service on or off; picks the one phone-call answer or outcome. Pure. A choice
 * carries the state it sets (not a toggle), so a press delivered twice leaves the form as one did.
 */
export function applyChoice(draft: Draft, taxonomy: Taxonomy, field: Field, index: number, on = true): Draft {
  const set = (list: string[], code: string | undefined) => (code === undefined ? list : on ? (list.includes(code) ? list : [...list, code]) : list.filter((c) => c !== code));
  switch (field) {
    case 'n':
      return { ...draft, needs: set(draft.needs, taxonomy.needs[index]?.code) };
    case 's':
      return { ...draft, services: set(draft.services, taxonomy.services[index]?.code) };
    case 'p':
      return { ...draft, phoneCall: PHONE_CALL[index] ?? draft.phoneCall };
    case 'o':
      return { ...draft, outcome: OUTCOMES[index] ?? draft.outcome };
  }
}

export function draftOf(kase: Case): Draft {
  return { needs: kase.needs ?? [], services: kase.services ?? [], phoneCall: kase.phoneCall ?? 'not_proposed', outcome: kase.outcome ?? null };
}

export async function saveDraft(d: Pick<CaseDeps, 'db'>, caseId: number, draft: Draft): Promise<void> {
  await d.db.update(cases).set({ needs: draft.needs, services: draft.services, phoneCall: draft.phoneCall, outcome: draft.outcome }).where(eq(cases.id, caseId));
}

/** What is missing before the record can be saved; empty when it is complete. */
export function missingFields(draft: Draft): string[] {
  return [...(draft.needs.length === 0 ? ['record-needs'] : []), ...(draft.outcome === null ? ['record-outcome'] : [])];
}

/** The record as stored: with the taxonomy version and whether it was met fully online. */
export function finalRecord(draft: Draft, taxonomy: Taxonomy) {
  return {
    taxonomyVersion: taxonomy.version,
    needs: draft.needs,
    services: draft.services,
    phoneCall: draft.phoneCall,
    outcome: draft.outcome,
    metOnline: metFullyOnline(taxonomy, draft.needs, draft.services),
  };
}

/** A suggestion for the closing form: `needs` pre-ticked, `hints` shown unticked. */
export type SuggestedDraft = Draft & { hints: string[] };

/**
 * Suggested needs and services for the form (a suggestion, never a silent label). Needs come from
 * `needs/rules.ts` over the emergency flag, the client's own words and the articles sent: only the
 * needs its rules are precise about are pre-ticked (`needs`), the others are `hints`; needs
 * already chosen on the case stay ticked. Services: from the emergency, the articles and messages
 * sent, and referrals made.
 *
 * `needsOfText` (the needs of the articles a text matches) is used only for needs the rules do not
 * know — an organisation's own codes — and only as hints: for the default needs it was wrong too
 * often (a drug named read as an overdose).
 */
export async function suggestDraft(
  d: Pick<CaseDeps, 'db' | 'vault' | 'settings'>,
  kase: Case,
  needsOfText: (text: string) => string[],
  needsOfArticle: (slug: string) => string[],
): Promise<SuggestedDraft> {
  const services = new Set<string>(kase.services ?? []);
  if (kase.emergencyAt) services.add('overdose_guidance');
  const clientTexts: string[] = [];
  const articleNeeds: string[][] = [];
  const rows = await d.db
    .select()
    .from(messages)
    .where(and(eq(messages.caseId, kase.id), isNotNull(messages.bodySealed)))
    .orderBy(asc(messages.id));
  for (const row of rows) {
    // Unreadable after the key was destroyed: nothing to suggest from it.
    const body = d.vault.tryOpen(SEAL.messageBody, row.bodySealed!);
    if (body === null) continue;
    if (row.kind === 'article' && body.startsWith('kb:')) {
      articleNeeds.push(needsOfArticle(body.slice(3)));
      services.add('verified_advice');
    } else if (row.direction === 'client') {
      clientTexts.push(body);
    }
    if (row.direction === 'staff' && row.kind !== 'article') services.add('information');
  }
  const refs = await d.db.select().from(referrals).where(eq(referrals.caseId, kase.id));
  if (refs.some((r) => r.kind === 'internal')) services.add('internal_referral');
  if (refs.some((r) => r.kind === 'external')) services.add('external_referral');

  // Needs the organisation switched off are never suggested (a case that has one keeps it).
  const known = new Set(offeredNeeds(d.settings).map((n) => n.code));
  const suggested = suggestNeeds({ messages: clientTexts, articleNeeds, emergency: Boolean(kase.emergencyAt) }, known);
  const all = new Set(taxonomyOf(d.settings).needs.map((n) => n.code));
  const needs = [...new Set([...(kase.needs ?? []).filter((n) => all.has(n)), ...suggested.confident])];
  const others = clientTexts.flatMap((t) => needsOfText(t)).filter((n) => known.has(n) && !RULE_NEEDS.has(n));
  const hints = [...new Set([...suggested.hints, ...others])].filter((n) => !needs.includes(n));
  return { needs, hints, services: [...services], phoneCall: kase.phoneCall ?? 'not_proposed', outcome: kase.outcome ?? null };
}

/** The longest contact line a worker may give the closing message. */
export const CONTACT_MAX_LENGTH = 300;

/**
 * `/close [how to reach us]`: the record form's starting point — suggestions pre-selected and
 * kept as the case's draft — and the contact line the closing message will end with.
 */
export async function startRecord(
  d: Pick<CaseDeps, 'db' | 'vault' | 'settings'>,
  kase: Case,
  contactLine: string,
  content: { needsOfText(text: string): string[]; needsOf(slug: string): string[] },
): Promise<SuggestedDraft> {
  const draft = await suggestDraft(d, kase, (text) => content.needsOfText(text), (slug) => content.needsOf(slug));
  await saveDraft(d, kase.id, draft);
  await d.db.update(cases).set({ closeContactLine: contactLine.trim().slice(0, CONTACT_MAX_LENGTH) || null }).where(eq(cases.id, kase.id));
  return draft;
}
