import { and, eq, sql } from 'drizzle-orm';
import type { Locale } from '../config.ts';
import type { Db } from '../db/open.ts';
import { cases, clients, externalOrganisations, referrals } from '../db/schema/index.ts';
import { escapeHtml, formatDate } from '../content/articles.ts';
import { t } from '../i18n/index.ts';
import type { Settings } from '../organisation/settings.ts';
import { clientAddress, toClient } from './clients.ts';
import type { CaseDeps } from './deps.ts';
import { consoleMark, type Actor } from './actor.ts';
import { recordBotMessage, recordEvent } from './timeline.ts';
import { postInTopic } from './topics.ts';

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

export function renderOrganisation(o: Org, locale: Locale, timeZone: string): string {
  const lines = [`<b>${escapeHtml(o.name[locale])}</b>`];
  if (o.address) lines.push(`📍 ${escapeHtml(o.address[locale])}`);
  if (o.hours) lines.push(`🕘 ${escapeHtml(o.hours[locale])}`);
  if (o.contacts) lines.push(`☎️ ${escapeHtml(o.contacts)}`);
  if (o.verifiedAt && o.verifiedByName) lines.push(`<i>${escapeHtml(t(locale, 'ext-verified', { who: o.verifiedByName, date: formatDate(o.verifiedAt, locale, timeZone) }))}</i>`);
  return lines.join('\n');
}

export type ExternalResult = 'ok' | 'not-found' | 'closed' | 'organisation' | 'unverified' | 'already';

/**
 * An external referral by `actor` (the directory's buttons, or the console): the client gets the
 * organisation's details only when they are verified. An organisation already sent in this case,
 * whose referral is still pending, is not sent again (a double tap, a retried update).
 */
export async function referExternally(d: CaseDeps, actor: Actor, input: { caseId: number; organisationId: number }): Promise<ExternalResult> {
  const [kase] = await d.db.select().from(cases).where(eq(cases.id, input.caseId));
  if (!kase) return 'not-found';
  if (kase.status === 'closed') return 'closed';
  const org = (await directoryInForce(d)).find((o) => o.id === input.organisationId);
  if (!org) return 'organisation';
  if (!org.verifiedAt) return 'unverified';
  const [pending] = await d.db
    .select({ id: referrals.id })
    .from(referrals)
    .where(and(eq(referrals.caseId, kase.id), eq(referrals.toOrganisationId, org.id), eq(referrals.outcome, 'pending')));
  if (pending) return 'already';
  const [client] = await d.db.select().from(clients).where(eq(clients.id, kase.clientId));
  const locale = client!.locale as Locale;
  const text = renderOrganisation(org, locale, d.settings.timeZone);
  const to = clientAddress(d, client!);
  await d.api.sendMessage(to.chatId, text, { parse_mode: 'HTML', ...toClient(to) });
  const [ref] = await d.db.insert(referrals).values({ caseId: kase.id, kind: 'external', toOrganisationId: org.id, createdBy: actor.staffMemberId, takenAt: sql`now()` }).returning();
  await recordEvent(d, kase.id, { kind: 'external_referral', actor, data: { referral: ref!.id, organisation: org.slug } });
  await recordBotMessage(d, kase.id, 'organisation', text, { actor, data: { organisation: org.slug } });
  await postInTopic(d, kase, t(d.staffLocale, 'ext-sent', { name: org.name[d.staffLocale] }) + consoleMark(d, actor), { reply_markup: d.buttons.referralOutcome(ref!.id) });
  d.log.info({ event: 'case.external_referral', case: kase.id, organisation: org.slug }, 'external referral sent');
  return 'ok';
}
