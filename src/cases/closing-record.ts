import { and, eq, isNotNull } from 'drizzle-orm';
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { Locale } from '../config.ts';
import { cases, messages, referrals } from '../db/schema/index.ts';
import { metFullyOnline, OUTCOMES, PHONE_CALL, taxonomyOf, type Taxonomy } from '../domain/taxonomy.ts';
import { t } from '../i18n/index.ts';
import type { Case } from './case-store.ts';
import { SEAL, type CaseDeps } from './deps.ts';

/** The record being filled in on the closing form: kept on the case row until saved. */
export interface Draft {
  needs: string[];
  services: string[];
  phoneCall: string;
  outcome: string | null;
}

export const RECORD_PREFIX = 'rec:';
type Field = 'n' | 's' | 'p' | 'o';

export function parseRecordData(data: string): { caseId: number; action: 'save' | 'cancel' } | { caseId: number; field: Field; index: number } | undefined {
  const m = /^rec:(\d{1,10}):(?:(save|cancel)|([nspo]):(\d{1,2}))$/.exec(data);
  if (!m) return undefined;
  if (m[2]) return { caseId: Number(m[1]), action: m[2] as 'save' | 'cancel' };
  return { caseId: Number(m[1]), field: m[3] as Field, index: Number(m[4]) };
}

/** Toggles a need or a service; picks the one phone-call answer or outcome. Pure. */
export function applyChoice(draft: Draft, taxonomy: Taxonomy, field: Field, index: number): Draft {
  const toggle = (list: string[], code: string | undefined) => (code === undefined ? list : list.includes(code) ? list.filter((c) => c !== code) : [...list, code]);
  switch (field) {
    case 'n':
      return { ...draft, needs: toggle(draft.needs, taxonomy.needs[index]?.code) };
    case 's':
      return { ...draft, services: toggle(draft.services, taxonomy.services[index]?.code) };
    case 'p':
      return { ...draft, phoneCall: PHONE_CALL[index] ?? draft.phoneCall };
    case 'o':
      return { ...draft, outcome: OUTCOMES[index] ?? draft.outcome };
  }
}

/** The form: needs and services to toggle, one phone answer, one outcome, then save. */
export function recordKeyboard(caseId: number, draft: Draft, taxonomy: Taxonomy, locale: Locale): InlineKeyboardMarkup {
  const mark = (on: boolean, text: string) => `${on ? '✅' : '▫️'} ${text}`;
  const data = (field: Field, i: number) => `${RECORD_PREFIX}${caseId}:${field}:${i}`;
  const pairs = <T,>(items: T[]) => items.reduce<T[][]>((rows, item, i) => (i % 2 ? rows[rows.length - 1]!.push(item) : rows.push([item]), rows), []);
  // Section titles are buttons too (a keyboard has no labels); pressing one does nothing.
  const header = (id: string): InlineKeyboardButton[] => [{ text: `— ${t(locale, id)} —`, callback_data: `${RECORD_PREFIX}${caseId}:-` }];
  return {
    inline_keyboard: [
      header('record-needs'),
      ...taxonomy.needs.map((n, i) => [{ text: mark(draft.needs.includes(n.code), n.label[locale]), callback_data: data('n', i) }]),
      header('record-services'),
      ...pairs(taxonomy.services.map((s, i) => ({ text: mark(draft.services.includes(s.code), s.label[locale]), callback_data: data('s', i) }))),
      header('record-phone'),
      ...pairs(PHONE_CALL.map((p, i) => ({ text: mark(draft.phoneCall === p, t(locale, `record-phone-${p}`)), callback_data: data('p', i) }))),
      header('record-outcome'),
      ...pairs(OUTCOMES.map((o, i) => ({ text: mark(draft.outcome === o, t(locale, `record-outcome-${o}`)), callback_data: data('o', i) }))),
      [
        { text: t(locale, 'record-save'), callback_data: `${RECORD_PREFIX}${caseId}:save` },
        { text: t(locale, 'record-cancel'), callback_data: `${RECORD_PREFIX}${caseId}:cancel` },
      ],
    ],
  };
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

/**
 * Suggested needs and services, pre-selected on the form (a suggestion, never a silent label):
 * from the emergency flag, the articles sent, the client's own words, and referrals made.
 */
export async function suggestDraft(
  d: Pick<CaseDeps, 'db' | 'vault' | 'settings'>,
  kase: Case,
  needsOfText: (text: string) => string[],
  needsOfArticle: (slug: string) => string[],
): Promise<Draft> {
  const needs = new Set<string>(kase.needs ?? []);
  const services = new Set<string>(kase.services ?? []);
  if (kase.emergencyAt) {
    needs.add('overdose');
    services.add('overdose_guidance');
  }
  const rows = await d.db.select().from(messages).where(and(eq(messages.caseId, kase.id), isNotNull(messages.bodySealed)));
  for (const row of rows) {
    const body = d.vault.open(SEAL.messageBody, row.bodySealed!);
    if (row.kind === 'article' && body.startsWith('kb:')) {
      for (const n of needsOfArticle(body.slice(3))) needs.add(n);
      services.add('verified_advice');
    } else if (row.direction === 'client') {
      for (const n of needsOfText(body)) needs.add(n);
    }
    if (row.direction === 'staff' && row.kind !== 'article') services.add('information');
  }
  const refs = await d.db.select().from(referrals).where(eq(referrals.caseId, kase.id));
  if (refs.some((r) => r.kind === 'internal')) services.add('internal_referral');
  if (refs.some((r) => r.kind === 'external')) services.add('external_referral');
  const known = new Set(taxonomyOf(d.settings).needs.map((n) => n.code));
  return { needs: [...needs].filter((n) => known.has(n)), services: [...services], phoneCall: kase.phoneCall ?? 'not_proposed', outcome: kase.outcome ?? null };
}
