import { and, desc, eq, isNotNull, isNull, ne, sql, type SQL } from 'drizzle-orm';
import { SEAL } from '../../cases/deps.ts';
import type { CaseStatus } from '../../domain/case-states.ts';
import type { Db } from '../../db/open.ts';
import { caseReads, cases, clients, messages, staffMembers } from '../../db/schema/index.ts';
import type { Vault } from '../../privacy/vault.ts';
import { OPEN_STATUSES, ROW_COLUMNS, toInboxRow, type InboxRow } from '../cases/data.ts';
import { openOrMark } from '../../privacy/unreadable.ts';

/** The inbox's views, each a chip with its count: one at a time, "all" when none is chosen. */
export const INBOX_VIEWS = ['all', 'mine', 'unassigned', 'emergency', 'after'] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

export interface InboxFilters {
  view: InboxView;
  status?: Exclude<CaseStatus, 'closed'>;
}

/** Filters from the query string; anything unknown is ignored. `mine=1`, `emergency=1`, `after=1` are the older addresses of three views. */
export function parseFilters(query: (name: string) => string | undefined): InboxFilters {
  const status = query('status');
  const asked = query('view');
  const older = query('mine') === '1' ? 'mine' : query('emergency') === '1' ? 'emergency' : query('after') === '1' ? 'after' : undefined;
  return {
    view: (INBOX_VIEWS as readonly string[]).includes(asked ?? '') ? (asked as InboxView) : (older ?? 'all'),
    status: (OPEN_STATUSES as string[]).includes(status ?? '') ? (status as InboxFilters['status']) : undefined,
  };
}

export function filterQuery(f: Partial<InboxFilters>): string {
  const p = new URLSearchParams();
  if (f.view && f.view !== 'all') p.set('view', f.view);
  if (f.status) p.set('status', f.status);
  return p.toString();
}

function viewCondition(view: InboxView, staffMemberId: number | null): SQL | undefined {
  if (view === 'mine') return staffMemberId === null ? sql`false` : eq(cases.claimedBy, staffMemberId);
  if (view === 'unassigned') return isNull(cases.claimedBy);
  if (view === 'emergency') return isNotNull(cases.emergencyAt);
  if (view === 'after') return eq(cases.afterHours, true);
  return undefined;
}

export type InboxCounts = Record<InboxView, number>;

/** How many open cases each view holds (within the status filter), for the chips. */
export async function inboxCounts(db: Db, staffMemberId: number | null, status?: InboxFilters['status']): Promise<InboxCounts> {
  const n = (cond: SQL | undefined) => sql<string>`count(*) filter (where ${cond ?? sql`true`})`;
  const [row] = await db
    .select({
      all: n(undefined),
      mine: n(viewCondition('mine', staffMemberId)),
      unassigned: n(viewCondition('unassigned', staffMemberId)),
      emergency: n(viewCondition('emergency', staffMemberId)),
      after: n(viewCondition('after', staffMemberId)),
    })
    .from(cases)
    .where(and(ne(cases.status, 'closed'), status ? eq(cases.status, status) : undefined));
  return Object.fromEntries(INBOX_VIEWS.map((v) => [v, Number(row?.[v] ?? 0)])) as InboxCounts;
}

export interface InboxListRow extends InboxRow {
  /** The last message's first line while its text is kept; its kind otherwise (a photo, a voice message). */
  last: { direction: 'client' | 'staff'; kind: string; line?: string } | null;
  /** The client's messages since this account last opened the case (all of them if it never did). */
  unread: number;
}

/** How long a preview line may be: the list is read on a phone. */
export const PREVIEW_MAX = 90;

/** The first non-empty line of a text, cut to `max` characters at a word where it can be. */
export function firstLine(text: string, max = PREVIEW_MAX): string {
  const line = text.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '';
  if (line.length <= max) return line;
  const cut = line.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The open cases of a view, newest activity first, with each one's last message and unread count for this account. */
export async function listInbox(db: Db, vault: Vault, f: InboxFilters, viewer: { accountId: number; staffMemberId: number | null }, limit = 200): Promise<InboxListRow[]> {
  const lastMessage = sql`(select m.id from ${messages} m where m.case_id = ${cases.id} and m.direction <> 'note' order by m.id desc limit 1)`;
  const rows = await db
    .select({
      ...ROW_COLUMNS,
      lastDirection: messages.direction,
      lastKind: messages.kind,
      lastBody: messages.bodySealed,
      unread: sql<string>`(select count(*) from ${messages} u where u.case_id = ${cases.id} and u.direction = 'client' and u.created_at > coalesce(${caseReads.seenAt}, '-infinity'::timestamptz))`,
    })
    .from(cases)
    .innerJoin(clients, eq(clients.id, cases.clientId))
    .leftJoin(staffMembers, eq(staffMembers.id, cases.claimedBy))
    .leftJoin(messages, eq(messages.id, lastMessage))
    .leftJoin(caseReads, and(eq(caseReads.caseId, cases.id), eq(caseReads.accountId, viewer.accountId)))
    .where(and(ne(cases.status, 'closed'), f.status ? eq(cases.status, f.status) : undefined, viewCondition(f.view, viewer.staffMemberId)))
    .orderBy(desc(cases.lastActivityAt), desc(cases.id))
    .limit(limit);
  return rows.map((r) => ({
    ...toInboxRow(vault, r, true),
    last: r.lastDirection
      ? {
          direction: r.lastDirection === 'client' ? 'client' : 'staff',
          kind: r.lastKind ?? 'text',
          line: r.lastBody && (r.lastKind === 'text' || r.lastKind === 'photo' || r.lastKind === 'document' || r.lastKind === 'video') ? firstLine(openOrMark(vault, SEAL.messageBody, r.lastBody)) : undefined,
        }
      : null,
    unread: Number(r.unread),
  }));
}

/** The account has seen the case now (the database's clock, which stamps the messages): its unread count starts again from here. */
export async function markSeen(db: Db, accountId: number, caseId: number): Promise<void> {
  await db
    .insert(caseReads)
    .values({ accountId, caseId, seenAt: sql`now()` })
    .onConflictDoUpdate({ target: [caseReads.accountId, caseReads.caseId], set: { seenAt: sql`greatest(${caseReads.seenAt}, excluded.seen_at)` } });
}
