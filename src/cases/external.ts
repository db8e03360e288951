import { eq, sql } from 'drizzle-orm';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Locale } from '../config.ts';
import type { Db } from '../db/open.ts';
import { cases, clients, externalOrganisations, referrals } from '../db/schema/index.ts';
import { escapeHtml, formatDate } from '../content/articles.ts';
import { t } from '../i18n/index.ts';
import type { Settings } from '../organisation/settings.ts';
import { clientChatId } from './clients.ts';
import type { CaseDeps } from './deps.ts';
import { REFER_PREFIX, REFERRAL_OUTCOMES } from './referral.ts';
import { recordMessage } from './message-store.ts';
import { consoleMark, telegramActor, type Actor } from './actor.ts';
import { postInTopic } from './topics.ts';

export const EXT_PREFIX = 'ext:';
type Org = typeof externalOrganisations.$inferSelect;

/**
 * The directory of organisations from the settings file, stored so referrals can point at rows.
 * An entry counts as verified (who and when) only when the organisation names a content reviewer;
 * an entry whose details changed is verified again.
 */
export async function syncDirectory(db: Db, settings: Settings, now: Date): Promise<void> {
  const reviewer = settings.contentReviewer;
  for (const o of settings.externalOrganisations) {
    const details = { kind: o.kind, name: o.name, address: o.address ?? null, contacts: o.contacts ?? null, hours: o.hours ?? null };
    const [existing] = await db.select().from(externalOrganisations).where(eq(externalOrganisations.slug, o.slug));
    const same = existing && JSON.stringify([existing.kind, existing.name, existing.address, existing.contacts, existing.hours]) === JSON.stringify(Object.values(details));
    const verification = reviewer ? { verifiedByName: `${reviewer.role} ${reviewer.name}`, verifiedAt: same && existing.verifiedAt ? existing.verifiedAt : now } : { verifiedByName: null, verifiedAt: null };
    if (existing) await db.update(externalOrganisations).set({ ...details, ...verification }).where(eq(externalOrganisations.id, existing.id));
    else await db.insert(externalOrganisations).values({ slug: o.slug, ...details, ...verification });
  }
}

/**
 * The directory as the settings in force list it. Rows stay in the table for the referrals that
 * point at them; an entry removed from the settings is no longer offered or sent.
 */
export async function directoryInForce(d: Pick<CaseDeps, 'db' | 'settings'>): Promise<Org[]> {
  const orgs = await d.db.select().from(externalOrganisations).orderBy(externalOrganisations.kind, externalOrganisations.slug);
  const listed = new Set(d.settings.externalOrganisations.map((o) => o.slug));
  return orgs.filter((o) => listed.has(o.slug));
}

export async function directoryKeyboard(d: CaseDeps, caseId: number): Promise<InlineKeyboardMarkup> {
  const orgs = await directoryInForce(d);
  return { inline_keyboard: orgs.map((o) => [{ text: `${o.verifiedAt ? '' : '⚠️ '}${o.name[d.staffLocale]}`, callback_data: `${EXT_PREFIX}${caseId}:${o.id}` }]) };
}

export function renderOrganisation(o: Org, locale: Locale, timeZone: string): string {
  const lines = [`<b>${escapeHtml(o.name[locale])}</b>`];
  if (o.address) lines.push(`📍 ${escapeHtml(o.address[locale])}`);
  if (o.hours) lines.push(`🕘 ${escapeHtml(o.hours[locale])}`);
  if (o.contacts) lines.push(`☎️ ${escapeHtml(o.contacts)}`);
  if (o.verifiedAt && o.verifiedByName) lines.push(`<i>${escapeHtml(t(locale, 'ext-verified', { who: o.verifiedByName, date: formatDate(o.verifiedAt, locale, timeZone) }))}</i>`);
  return lines.join('\n');
}

/** Sends the client an organisation's verified details and records the external referral. */
export async function sendExternalReferral(d: CaseDeps, caseId: number, orgId: number, by: { id: number; first_name: string }): Promise<string | undefined> {
  const problem = await referExternally(d, caseId, orgId, await telegramActor(d, by));
  if (problem === 'unverified') return t(d.staffLocale, 'ext-unverified');
  return problem ? t(d.staffLocale, 'staff-case-already-closed', { case: caseId }) : undefined;
}

/**
 * An external referral by `actor` (the directory's buttons, or the console): the client gets the
 * organisation's details only when they are verified. Undefined when done, else what stopped it.
 */
export async function referExternally(d: CaseDeps, caseId: number, orgId: number, actor: Actor): Promise<'closed' | 'unverified' | undefined> {
  const org = (await directoryInForce(d)).find((o) => o.id === orgId);
  const [kase] = await d.db.select().from(cases).where(eq(cases.id, caseId));
  if (!org || !kase || kase.status === 'closed') return 'closed';
  if (!org.verifiedAt) return 'unverified';
  const [client] = await d.db.select().from(clients).where(eq(clients.id, kase.clientId));
  const locale = client!.locale as Locale;
  await d.api.sendMessage(clientChatId(d, client!), renderOrganisation(org, locale, d.settings.timeZone), { parse_mode: 'HTML' });
  const [ref] = await d.db.insert(referrals).values({ caseId, kind: 'external', toOrganisationId: org.id, createdBy: actor.staffMemberId, takenAt: sql`now()` }).returning();
  await recordMessage(d, { caseId, direction: 'staff', kind: 'article', body: `ext:${org.slug}`, staffMemberId: actor.staffMemberId ?? undefined });
  await postInTopic(d, kase, t(d.staffLocale, 'ext-sent', { name: org.name[d.staffLocale] }) + consoleMark(d, actor), {
    reply_markup: { inline_keyboard: [REFERRAL_OUTCOMES.map((o) => ({ text: t(d.staffLocale, `referral-${o}`), callback_data: `${REFER_PREFIX}out:${ref!.id}:${o}` }))] },
  });
  d.log.info({ event: 'case.external_referral', case: caseId, organisation: org.slug }, 'external referral sent');
  return undefined;
}
