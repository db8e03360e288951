import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Actor } from '../../cases/actor.ts';
import { isBlocked } from '../../cases/api-errors.ts';
import { assignCase, claimCase, staffName } from '../../cases/assignment.ts';
import type { Case } from '../../cases/case-store.ts';
import { markClientBlocked, type Client } from '../../cases/clients.ts';
import { closeWithRecord, type CloseResult } from '../../cases/close.ts';
import type { Draft } from '../../cases/closing-record.ts';
import { suggestDraft } from '../../cases/closing-record.ts';
import { dropWithReason, type DropResult } from '../../cases/drop.ts';
import { directoryInForce, referExternally, type ExternalResult } from '../../cases/external.ts';
import { recordReferralOutcome, referInternally, type ReferralOutcome } from '../../cases/referral.ts';
import { reopenCase } from '../../cases/reopen.ts';
import { sendArticle, type ArticleResult } from '../../cases/send-article.ts';
import { stopFollowUps } from '../../cases/stop-follow-ups.ts';
import { consoleStaffMember } from '../../cases/staff-members.ts';
import { membersOf } from '../../cases/offer.ts';
import type { Locale } from '../../config.ts';
import { accounts, cases, clients, scheduledJobs, staffMembers } from '../../db/schema/index.ts';
import { t } from '../../i18n/index.ts';
import type { Localized } from '../../domain/taxonomy.ts';
import { onDutyNow } from '../../organisation/duty.ts';
import type { Db } from '../../db/open.ts';
import type { Vault } from '../../privacy/vault.ts';
import type { ConsoleBotDeps } from './routes.tsx';
import type { ReferInput } from './forms.ts';

/**
 * The console side of the case actions: each calls the same action in `cases/` that the staff
 * group's commands and buttons call, as the signed-in account, and turns a client who blocked the
 * bot into an answer the page can show.
 */

type Account = { id: number; displayName: string; staffMemberId: number | null };

/** The signed-in account as the one acting: counted for its linked staff member, named as in the console. */
export function consoleActor(account: Account): Actor {
  return { staffMemberId: account.staffMemberId, name: account.displayName, fromConsole: true, accountId: account.id };
}

/**
 * The account as a person who can hold cases: one not linked to the staff group gets a staff
 * member of its own (no Telegram user behind it, its console name), so it can take a case and
 * appear under its own name in the topic and the transcript. Linking it to Telegram later moves
 * its cases to the Telegram member (auth/link.ts).
 */
export async function actingAccount<A extends Account>(d: { db: Db; vault: Vault }, account: A): Promise<A> {
  if (account.staffMemberId !== null) return account;
  const member = await consoleStaffMember(d, account);
  await d.db.update(accounts).set({ staffMemberId: member.id }).where(and(eq(accounts.id, account.id), isNull(accounts.staffMemberId)));
  const [row] = await d.db.select({ staffMemberId: accounts.staffMemberId }).from(accounts).where(eq(accounts.id, account.id));
  return { ...account, staffMemberId: row?.staffMemberId ?? member.id };
}

async function load(d: Pick<ConsoleBotDeps, 'db'>, caseId: number): Promise<{ kase: Case; client: Client } | undefined> {
  const [row] = await d.db.select({ kase: cases, client: clients }).from(cases).innerJoin(clients, eq(clients.id, cases.clientId)).where(eq(cases.id, caseId));
  return row;
}

export type ClaimOutcome = 'ok' | 'unlinked' | 'closed' | 'not-found' | { taken: string };

/** "Take it": the case becomes the account's staff member's; a case someone else holds is refused, as in Telegram. */
export async function claimFromConsole(d: ConsoleBotDeps, caseId: number, account: Account): Promise<ClaimOutcome> {
  const result = await claimCase(d, consoleActor(account), { caseId });
  if (result.ok) return 'ok';
  return result.problem === 'taken' ? { taken: result.holder } : result.problem;
}

/** Hands the case to a staff member, whoever holds it now (as /assign does). */
export async function assignFromConsole(d: ConsoleBotDeps, caseId: number, staffMemberId: number | undefined, account: Account): Promise<'ok' | 'closed' | 'not-found' | 'member'> {
  if (staffMemberId === undefined) return (await load(d, caseId)) ? 'member' : 'not-found';
  const result = await assignCase(d, consoleActor(account), { caseId, staffMemberId });
  return result.ok ? 'ok' : result.problem;
}

/** An internal referral to a role (and a person, if chosen), with the reason. */
export async function referFromConsole(d: ConsoleBotDeps, caseId: number, input: ReferInput, account: Account): Promise<'ok' | 'closed' | 'not-found' | 'person'> {
  const result = await referInternally(d, consoleActor(account), { caseId, role: input.role, toStaffId: input.staffMemberId, reason: input.reason });
  return result.ok ? 'ok' : result.problem;
}

/**
 * Runs an action whose first step is a message to the client: a client who blocked the bot makes
 * it fail before anything is recorded, so the worker is told that instead of a generic failure.
 */
async function toClient<T>(d: ConsoleBotDeps, client: Client, send: () => Promise<T>): Promise<T | 'blocked'> {
  try {
    return await send();
  } catch (err) {
    // Only the client's refusal: a 403 from the staff group (the bot removed there) is another matter.
    if (!(isBlocked(err) && (err as { payload?: { chat_id?: unknown } }).payload?.chat_id !== d.staffChatId)) throw err;
    await markClientBlocked(d, client.id);
    return 'blocked';
  }
}

/** Sends the client an organisation of the directory (verified details only) and records the referral. */
export async function referExternallyFromConsole(d: ConsoleBotDeps, caseId: number, organisationId: number | undefined, account: Account): Promise<ExternalResult | 'blocked'> {
  const found = await load(d, caseId);
  if (!found) return 'not-found';
  if (organisationId === undefined) return 'organisation';
  return toClient(d, found.client, () => referExternally(d, consoleActor(account), { caseId, organisationId }));
}

/** How a referral of this case ended; the topic is told, since its outcome buttons were not pressed. */
export async function referralOutcomeFromConsole(d: ConsoleBotDeps, caseId: number, referralId: number | undefined, outcome: ReferralOutcome, account: Account): Promise<'ok' | 'not-found'> {
  if (referralId === undefined) return 'not-found';
  const result = await recordReferralOutcome(d, consoleActor(account), { referralId, outcome, caseId });
  return result === 'not-found' ? 'not-found' : 'ok';
}

/** Saves the closing record and closes the case, exactly as the topic's form does. */
export async function closeFromConsole(d: ConsoleBotDeps, caseId: number, draft: Draft, contact: string, account: Account): Promise<CloseResult> {
  return closeWithRecord(d, consoleActor(account), { caseId, draft, contactLine: contact });
}

/** Closes without a record, for a stated reason (as /drop). */
export async function dropFromConsole(d: ConsoleBotDeps, caseId: number, reason: string, account: Account): Promise<DropResult> {
  return dropWithReason(d, consoleActor(account), { caseId, reason });
}

/** Sends the client a verified article (as /kb); nothing unverified is in the library to send. */
export async function articleFromConsole(d: ConsoleBotDeps, caseId: number, slug: string, account: Account): Promise<ArticleResult | 'blocked'> {
  const found = await load(d, caseId);
  if (!found) return 'not-found';
  const content = d.content;
  if (!content) return 'unverified';
  return toClient(d, found.client, () => sendArticle({ ...d, content }, consoleActor(account), { caseId, slug }));
}

/** Stops the case's overdose follow-ups (as the pinned alert's button does). */
export async function stopFollowUpsFromConsole(d: ConsoleBotDeps, caseId: number, account: Account): Promise<'ok' | 'none' | 'not-found'> {
  return stopFollowUps(d, consoleActor(account), { caseId });
}

/** Opens a closed case again (the client has no other open case); its earlier record stays in the timeline. */
export async function reopenFromConsole(d: ConsoleBotDeps, caseId: number, account: Account): Promise<'ok' | 'not-found' | 'open' | 'other-open' | 'erased'> {
  const result = await reopenCase(d, consoleActor(account), { caseId });
  return result.ok ? 'ok' : result.problem;
}

// ---- What the case page shows for the actions ------------------------------------------------

export interface StaffOption {
  id: number;
  name: string;
  /** Named in the duty hours running now (matched by @username, as the case offer does). */
  onDuty: boolean;
  roles: string[];
}

export interface OrganisationOption {
  id: number;
  name: Localized;
  verified: boolean;
}

/** The closed case's record as stored (or, for a case closed without one, the reason's code). */
export interface ClosedRecord {
  recorded: boolean;
  taxonomyVersion: number | null;
  needs: string[];
  services: string[];
  phoneCall: string | null;
  outcome: string | null;
  metOnline: boolean | null;
  closeReason: string | null;
  closedBy: string | null;
}

export interface CaseActionData {
  /** The client's language: quick replies and the closing message are in it. */
  clientLocale: Locale;
  /** The staff member who holds the case. */
  claimedBy: number | null;
  staff: StaffOption[];
  directory: OrganisationOption[];
  quickReplies: { id: string; label: string; text: string }[];
  /** Verified articles, those matching `query` when there is one. */
  articles: { slug: string; title: string }[];
  query: string;
  /** The record form's starting point: suggestions pre-selected, as /close does. */
  draft: Draft;
  /** The contact line the closing message ends with unless the worker writes another. */
  defaultContact: string;
  /** What the client receives when the case is closed (in their language), shown before closing a case nobody answered. */
  closingPreview: string;
  /** Needs the organisation switched off (the paper's pandemic need in a new install): not offered unless the case already has them. */
  needsOff: readonly string[];
  record?: ClosedRecord;
  /** Overdose follow-ups still due for this case (a worker may stop them). */
  followUpsPending: number;
}

export async function staffOptions(d: { db: Db; vault: Vault }, bot: ConsoleBotDeps | undefined): Promise<StaffOption[]> {
  const members = await d.db.select().from(staffMembers).orderBy(asc(staffMembers.id));
  const onDuty = new Set(bot ? (await membersOf(d, onDutyNow(bot.settings, bot.now()))).flatMap((p) => (p.member ? [p.member.id] : [])) : []);
  return members
    .map((m) => ({ id: m.id, name: staffName(d, m), onDuty: onDuty.has(m.id), roles: m.specialisations }))
    .sort((a, b) => Number(b.onDuty) - Number(a.onDuty) || a.name.localeCompare(b.name));
}

async function pendingFollowUps(d: { db: Db }, caseId: number): Promise<number> {
  const rows = await d.db
    .select({ id: scheduledJobs.id })
    .from(scheduledJobs)
    .where(and(eq(scheduledJobs.caseId, caseId), eq(scheduledJobs.status, 'pending')));
  return rows.length;
}

async function closedRecord(d: { db: Db; vault: Vault }, kase: Case): Promise<ClosedRecord> {
  const [closer] = kase.closedBy === null ? [] : await d.db.select().from(staffMembers).where(eq(staffMembers.id, kase.closedBy));
  // A record and its close share one moment; a drop after a reopen leaves the older record behind it.
  const recorded = kase.recordedAt !== null && (kase.closedAt === null || new Date(kase.recordedAt).getTime() >= new Date(kase.closedAt).getTime());
  return {
    recorded,
    taxonomyVersion: kase.taxonomyVersion,
    needs: kase.needs ?? [],
    services: kase.services ?? [],
    phoneCall: kase.phoneCall,
    outcome: kase.outcome,
    metOnline: kase.metOnline,
    closeReason: kase.closeReason,
    closedBy: closer ? staffName(d, closer) : null,
  };
}

/** Everything the action forms of one case need; undefined for a case that does not exist. */
export async function caseActionData(
  d: { db: Db; vault: Vault },
  bot: ConsoleBotDeps | undefined,
  caseId: number,
  opts: { locale: Locale; query?: string },
): Promise<CaseActionData | undefined> {
  const found = await load(d, caseId);
  if (!found) return undefined;
  const { kase, client } = found;
  const clientLocale: Locale = client.locale === 'en' ? 'en' : 'ru';
  const content = bot?.content;
  const query = (opts.query ?? '').trim().slice(0, 200);
  const slugs = query ? content?.search(query) : undefined;
  // Without the bot there are no settings in force, and nothing could be sent anyway.
  const directory = bot ? await directoryInForce(bot) : [];
  const open = kase.status !== 'closed';
  return {
    clientLocale,
    claimedBy: kase.claimedBy,
    staff: open ? await staffOptions(d, bot) : [],
    directory: directory.map((o) => ({ id: o.id, name: o.name, verified: o.verifiedAt !== null })),
    quickReplies: (bot?.settings.quickReplies ?? []).map((q) => ({ id: q.id, label: q.label[opts.locale], text: q.text[clientLocale] })),
    articles: content ? content.titles(slugs, opts.locale) : [],
    query,
    draft:
      open && bot
        ? await suggestDraft(bot, kase, (text) => content?.needsOfText(text) ?? [], (slug) => content?.needsOf(slug) ?? [])
        : { needs: kase.needs ?? [], services: kase.services ?? [], phoneCall: kase.phoneCall ?? 'not_proposed', outcome: kase.outcome },
    defaultContact: bot?.settings.closingContactLine[clientLocale] ?? '',
    needsOff: bot?.settings.needsOff ?? [],
    closingPreview: `${t(clientLocale, 'client-closed', { contact: bot?.settings.closingContactLine[clientLocale] ?? '' })}\n\n${t(clientLocale, 'client-feedback-ask')}`,
    record: open ? undefined : await closedRecord(d, kase),
    followUpsPending: open ? await pendingFollowUps(d, kase.id) : 0,
  };
}
