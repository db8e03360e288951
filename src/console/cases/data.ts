import { and, asc, desc, eq, isNotNull, ne, sql, type SQL } from 'drizzle-orm';
import { CASE_STATUSES, type CaseStatus } from '../../domain/case-states.ts';
import { accounts, caseEvents, cases, clients, externalOrganisations, messages, referrals, staffMembers } from '../../db/schema/index.ts';
import type { TimelineKind } from '../../domain/timeline.ts';
import type { Db } from '../../db/open.ts';
import { SEAL } from '../../cases/deps.ts';
import type { Vault } from '../../privacy/vault.ts';
import { openOrMark } from '../../privacy/unreadable.ts';

/**
 * What the console's inbox and case pages read. Times that are compared with "now" are computed
 * by the database (its clock stamped them), so a waiting time never goes negative.
 */

export const OPEN_STATUSES = CASE_STATUSES.filter((s) => s !== 'closed') as Exclude<CaseStatus, 'closed'>[];

export interface InboxRow {
  id: number;
  pseudonym: string;
  status: CaseStatus;
  emergency: boolean;
  afterHours: boolean;
  /** The client writes from the anonymous web chat, not Telegram. */
  web: boolean;
  lastActivityAt: Date;
  /** Seconds the client has been waiting for a reply; null when the last word was the staff's. */
  waitingSeconds: number | null;
  assignee: string | null;
  needs: string[];
}

/**
 * When the client started waiting: the case's opening while no staff reply has come; after that,
 * the first client message since the last delivered staff message (none: not waiting).
 */
const waitingSince = sql<Date | null>`case when ${cases.firstStaffReplyAt} is null then ${cases.openedAt} else (
  select min(m.created_at) from ${messages} m
  where m.case_id = ${cases.id} and m.direction = 'client' and m.created_at > coalesce(
    (select max(s.created_at) from ${messages} s where s.case_id = ${cases.id} and s.direction = 'staff' and s.delivery = 'delivered'),
    '-infinity'::timestamptz)) end`;

const openName = (vault: Vault, sealed: string | null) => (sealed ? openOrMark(vault, SEAL.staffName, sealed) : null);

/** Needs suggested so far: the closing form's draft (or record) and, for an emergency, overdose. */
function needsOf(row: { needs: string[] | null; emergencyAt: Date | null }): string[] {
  const needs = new Set(row.needs ?? []);
  if (row.emergencyAt) needs.add('overdose');
  return [...needs];
}

/** The columns of an inbox row; the case page selects these and a few more. */
export const ROW_COLUMNS = {
  id: cases.id,
  pseudonym: clients.pseudonym,
  status: cases.status,
  emergencyAt: cases.emergencyAt,
  afterHours: cases.afterHours,
  channel: clients.channel,
  lastActivityAt: cases.lastActivityAt,
  needs: cases.needs,
  assigneeSealed: staffMembers.nameSealed,
  waitingSeconds: sql<string | null>`floor(extract(epoch from now() - (${waitingSince})))`,
};

export type RowData = { id: number; pseudonym: string; status: string; emergencyAt: Date | null; afterHours: boolean; channel: string; lastActivityAt: Date; needs: string[] | null; assigneeSealed: string | null; waitingSeconds: string | null };

export function toInboxRow(vault: Vault, r: RowData, waiting: boolean): InboxRow {
  return {
    id: r.id,
    pseudonym: r.pseudonym,
    status: r.status as CaseStatus,
    emergency: r.emergencyAt !== null,
    afterHours: r.afterHours,
    web: r.channel === 'web',
    lastActivityAt: new Date(r.lastActivityAt),
    waitingSeconds: !waiting || r.waitingSeconds === null ? null : Math.max(0, Number(r.waitingSeconds)),
    assignee: openName(vault, r.assigneeSealed),
    needs: needsOf(r),
  };
}


export interface CaseSummary extends Omit<InboxRow, 'lastActivityAt'> {
  lastActivityAt: Date;
  openedAt: Date;
  closedAt: Date | null;
  clientBlocked: boolean;
  topicId: number | null;
  clientId: number;
  /** A staff reply reached the client at least once. */
  answered: boolean;
  /** When the case's texts were erased, and why (`retention` or `forget`). */
  textErasedAt: Date | null;
  textErasedBy: string | null;
}

export async function caseSummary(db: Db, vault: Vault, id: number): Promise<CaseSummary | undefined> {
  const [r] = await db
    .select({ ...ROW_COLUMNS, openedAt: cases.openedAt, closedAt: cases.closedAt, topicId: cases.topicId, blockedAt: clients.blockedAt, clientId: cases.clientId, firstStaffReplyAt: cases.firstStaffReplyAt, textErasedAt: cases.textErasedAt, textErasedBy: cases.textErasedBy })
    .from(cases)
    .innerJoin(clients, eq(clients.id, cases.clientId))
    .leftJoin(staffMembers, eq(staffMembers.id, cases.claimedBy))
    .where(eq(cases.id, id));
  if (!r) return undefined;
  return {
    ...toInboxRow(vault, r, r.status !== 'closed'),
    openedAt: new Date(r.openedAt),
    closedAt: r.closedAt ? new Date(r.closedAt) : null,
    clientBlocked: r.blockedAt !== null,
    topicId: r.topicId,
    clientId: r.clientId,
    answered: r.firstStaffReplyAt !== null,
    textErasedAt: r.textErasedAt ? new Date(r.textErasedAt) : null,
    textErasedBy: r.textErasedBy,
  };
}

export interface EarlierCase {
  id: number;
  status: string;
  emergency: boolean;
  openedAt: Date;
}

/** The client's other cases, newest first (the side panel links to them and to the whole history). */
export async function otherCasesOf(db: Db, clientId: number, exceptId: number, limit = 5): Promise<EarlierCase[]> {
  const rows = await db
    .select({ id: cases.id, status: cases.status, emergencyAt: cases.emergencyAt, openedAt: cases.openedAt })
    .from(cases)
    .where(and(eq(cases.clientId, clientId), ne(cases.id, exceptId)))
    .orderBy(desc(cases.openedAt), desc(cases.id))
    .limit(limit);
  return rows.map((r) => ({ id: r.id, status: r.status, emergency: r.emergencyAt !== null, openedAt: new Date(r.openedAt) }));
}

export interface TranscriptEntry {
  id: number;
  direction: 'client' | 'staff' | 'note';
  kind: string;
  /** The text or caption while it is kept; undefined for media without a caption or erased text. */
  body?: string;
  /** The text was erased on schedule (retention) or never existed. */
  erased: boolean;
  /** A photo, voice message or other file is kept for it (the media route serves it); false once retention erased it. */
  file: boolean;
  author: string | null;
  /** The console role of the author's account, when the staff member has one. */
  authorRole: string | null;
  delivery: string;
  at: Date;
}

/** The case's messages and notes in order, the text opened with the vault (only here, never in events or logs). */
export async function transcript(db: Db, vault: Vault, caseId: number): Promise<TranscriptEntry[]> {
  const rows = await db
    .select({
      id: messages.id,
      direction: messages.direction,
      kind: messages.kind,
      bodySealed: messages.bodySealed,
      // Whether there is a file; the file_id itself stays sealed.
      fileSealed: messages.fileSealed,
      delivery: messages.delivery,
      createdAt: messages.createdAt,
      authorSealed: staffMembers.nameSealed,
      authorRole: accounts.role,
    })
    .from(messages)
    .leftJoin(staffMembers, eq(staffMembers.id, messages.staffMemberId))
    .leftJoin(accounts, eq(accounts.staffMemberId, messages.staffMemberId))
    .where(eq(messages.caseId, caseId))
    .orderBy(asc(messages.id));
  return rows.map((r) => ({
    id: r.id,
    direction: r.direction as TranscriptEntry['direction'],
    kind: r.kind,
    body: r.bodySealed ? openOrMark(vault, SEAL.messageBody, r.bodySealed) : undefined,
    erased: r.bodySealed === null && (r.kind === 'text' || r.kind === 'article'),
    file: r.fileSealed !== null,
    author: openName(vault, r.authorSealed),
    authorRole: r.authorRole,
    delivery: r.delivery,
    at: new Date(r.createdAt),
  }));
}

export interface TimelineEntry {
  id: number;
  kind: TimelineKind;
  at: Date;
  actor: 'client' | 'bot' | 'staff' | 'system';
  /** The staff member or console account who acted, by name. */
  who: string | null;
  via: 'telegram' | 'console' | null;
  /** Codes: the bot's flow and step, a tap's button, a record's fields, a status change. */
  data: Record<string, unknown>;
  /** What the event showed (the bot's words, a tap's label, a reason, an edited message's earlier text), while kept. */
  text: string | null;
  /** For a message, note or edit: the message itself as the transcript shows it. */
  message?: TranscriptEntry;
}

/**
 * The case as one timeline: every event in order, with the messages it refers to opened (only
 * here, never in logs). Who acted is named by their staff member, else their console account.
 */
export async function caseTimeline(db: Db, vault: Vault, caseId: number): Promise<TimelineEntry[]> {
  const [rows, transcriptRows] = await Promise.all([
    db
      .select({ e: caseEvents, memberSealed: staffMembers.nameSealed, account: accounts.displayName })
      .from(caseEvents)
      .leftJoin(staffMembers, eq(staffMembers.id, caseEvents.staffMemberId))
      .leftJoin(accounts, eq(accounts.id, caseEvents.accountId))
      .where(eq(caseEvents.caseId, caseId))
      .orderBy(asc(caseEvents.at), asc(caseEvents.id)),
    transcript(db, vault, caseId),
  ]);
  const byMessage = new Map(transcriptRows.map((m) => [m.id, m]));
  return rows.map(({ e, memberSealed, account }) => {
    // A console account acts under its own name, whether or not it is linked to a staff member.
    const who = e.via === 'console' ? (account ?? openName(vault, memberSealed)) : openName(vault, memberSealed);
    const message = e.messageId !== null ? byMessage.get(e.messageId) : undefined;
    return {
      id: e.id,
      kind: e.kind as TimelineKind,
      at: new Date(e.at),
      actor: e.actor as TimelineEntry['actor'],
      who,
      via: (e.via as TimelineEntry['via']) ?? null,
      data: e.data,
      text: e.textSealed ? openOrMark(vault, SEAL.event, e.textSealed) : null,
      message: message && who && e.via === 'console' ? { ...message, author: who } : message,
    };
  });
}

/** A message's file as the media route needs it: its kind and Telegram file_id (opened here, never logged). */
export async function messageFile(db: Db, vault: Vault, caseId: number, messageId: number): Promise<{ kind: string; fileId: string } | undefined> {
  const [row] = await db
    .select({ kind: messages.kind, fileSealed: messages.fileSealed })
    .from(messages)
    .where(and(eq(messages.id, messageId), eq(messages.caseId, caseId), isNotNull(messages.fileSealed)));
  return row?.fileSealed ? { kind: row.kind, fileId: vault.open(SEAL.messageFile, row.fileSealed) } : undefined;
}

export interface ReferralEntry {
  id: number;
  kind: 'internal' | 'external';
  toRole: string | null;
  toPerson: string | null;
  organisation: { ru: string; en: string } | null;
  outcome: string;
  createdAt: Date;
}

export async function referralsOf(db: Db, vault: Vault, caseId: number): Promise<ReferralEntry[]> {
  const rows = await db
    .select({
      id: referrals.id,
      kind: referrals.kind,
      toRole: referrals.toRole,
      personSealed: staffMembers.nameSealed,
      organisation: externalOrganisations.name,
      outcome: referrals.outcome,
      createdAt: referrals.createdAt,
    })
    .from(referrals)
    .leftJoin(staffMembers, eq(staffMembers.id, referrals.toStaffId))
    .leftJoin(externalOrganisations, eq(externalOrganisations.id, referrals.toOrganisationId))
    .where(eq(referrals.caseId, caseId))
    .orderBy(asc(referrals.id));
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind === 'external' ? 'external' : 'internal',
    toRole: r.toRole,
    toPerson: openName(vault, r.personSealed),
    organisation: r.organisation,
    outcome: r.outcome,
    createdAt: new Date(r.createdAt),
  }));
}

/** A case's activity time in whole microseconds since 1970, as text: exact, unlike a JavaScript Date. */
const activityMark = sql<string>`((extract(epoch from ${cases.lastActivityAt}) * 1000000)::bigint)::text`;

/** The latest activity mark (see `activitySince`), or null with no cases yet. */
export async function latestActivity(db: Db): Promise<bigint | null> {
  const [row] = await db.select({ at: sql<string | null>`((extract(epoch from max(${cases.lastActivityAt})) * 1000000)::bigint)::text` }).from(cases);
  return row?.at ? BigInt(row.at) : null;
}

/** Cases whose activity is newer than the mark `since` (microseconds), oldest change first. */
export async function activitySince(db: Db, since: bigint | null, limit = 100): Promise<Array<{ id: number; at: Date; mark: bigint }>> {
  const rows = await db
    .select({ id: cases.id, at: cases.lastActivityAt, mark: activityMark })
    .from(cases)
    .where(since === null ? undefined : sql`${cases.lastActivityAt} > 'epoch'::timestamptz + (${since.toString()} || ' microseconds')::interval`)
    .orderBy(asc(cases.lastActivityAt), asc(cases.id))
    .limit(limit);
  return rows.map((r) => ({ id: r.id, at: new Date(r.at), mark: BigInt(r.mark) }));
}
