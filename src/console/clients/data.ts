import { and, desc, eq, like, ne, sql } from 'drizzle-orm';
import { SEAL } from '../../cases/deps.ts';
import type { Db } from '../../db/open.ts';
import { cases, clients, staffMembers } from '../../db/schema/index.ts';
import { PSEUDONYM_ALPHABET } from '../../domain/pseudonym.ts';
import type { Vault } from '../../privacy/vault.ts';
import { referralsOf, type ReferralEntry } from '../cases/data.ts';
import { openOrMark } from '../../privacy/unreadable.ts';

/**
 * What the clients pages read. A client is a pseudonym and the structure of their cases: nothing
 * that identifies them exists in the database to show (their Telegram id is only hashed and sealed).
 */

export const CLIENTS_PAGE_SIZE = 50;

/** Pure: the pseudonym search as typed, reduced to the characters a pseudonym has (so no pattern characters). */
export function pseudonymSearch(q: string | undefined): string {
  const allowed = new Set(PSEUDONYM_ALPHABET);
  return [...(q ?? '').trim().toUpperCase()].filter((ch) => allowed.has(ch)).join('').slice(0, 8);
}

export interface ClientRow {
  id: number;
  pseudonym: string;
  cases: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  hasOpenCase: boolean;
}

/**
 * Clients who wrote most recently first; `search` keeps pseudonyms containing it. The page is
 * chosen first (an index walk on last_seen_at), then only its clients' cases are counted.
 */
export async function listClients(db: Db, opts: { search: string; page: number }, pageSize = CLIENTS_PAGE_SIZE): Promise<{ rows: ClientRow[]; hasMore: boolean }> {
  const page = db
    .select({ id: clients.id, pseudonym: clients.pseudonym, firstSeenAt: clients.firstSeenAt, lastSeenAt: clients.lastSeenAt })
    .from(clients)
    // A pseudonym retired by /forget is held by a placeholder row that was never a client.
    .where(and(ne(clients.firstContact, 'retired'), opts.search ? like(clients.pseudonym, `%${opts.search}%`) : undefined))
    .orderBy(desc(clients.lastSeenAt), desc(clients.id))
    .limit(pageSize + 1)
    .offset((opts.page - 1) * pageSize)
    .as('page');
  const rows = await db
    .select({
      id: page.id,
      pseudonym: page.pseudonym,
      firstSeenAt: page.firstSeenAt,
      lastSeenAt: page.lastSeenAt,
      // Written out: inside a select-list subquery Drizzle leaves column names unqualified.
      cases: sql<string>`(select count(*) from ${cases} k where k.client_id = "page"."id")`,
      open: sql<boolean>`exists (select 1 from ${cases} k where k.client_id = "page"."id" and k.status <> 'closed')`,
    })
    .from(page)
    .orderBy(desc(page.lastSeenAt), desc(page.id));
  return {
    rows: rows.slice(0, pageSize).map((r) => ({
      id: r.id,
      pseudonym: r.pseudonym,
      cases: Number(r.cases),
      firstSeenAt: new Date(r.firstSeenAt),
      lastSeenAt: new Date(r.lastSeenAt),
      hasOpenCase: r.open === true,
    })),
    hasMore: rows.length > pageSize,
  };
}

export interface ClientCase {
  id: number;
  status: string;
  emergency: boolean;
  openedAt: Date;
  closedAt: Date | null;
  assignee: string | null;
  /** The closing record, once saved. */
  record: { needs: string[]; services: string[]; phoneCall: string | null; outcome: string | null; metOnline: boolean | null } | null;
  /** Closed without a record: the reason's code (spam, duplicate, …). */
  closeReason: string | null;
  referrals: ReferralEntry[];
}

export interface ClientHistory {
  id: number;
  pseudonym: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  cases: ClientCase[];
}

/** A client's cases, newest first, each with its closing record and referrals. */
export async function clientHistory(db: Db, vault: Vault, id: number): Promise<ClientHistory | undefined> {
  const [client] = await db
    .select({ id: clients.id, pseudonym: clients.pseudonym, firstSeenAt: clients.firstSeenAt, lastSeenAt: clients.lastSeenAt })
    .from(clients)
    .where(eq(clients.id, id));
  if (!client) return undefined;
  const rows = await db
    .select({
      id: cases.id,
      status: cases.status,
      emergencyAt: cases.emergencyAt,
      openedAt: cases.openedAt,
      closedAt: cases.closedAt,
      assigneeSealed: staffMembers.nameSealed,
      recordedAt: cases.recordedAt,
      needs: cases.needs,
      services: cases.services,
      phoneCall: cases.phoneCall,
      outcome: cases.outcome,
      metOnline: cases.metOnline,
      closeReason: cases.closeReason,
    })
    .from(cases)
    .leftJoin(staffMembers, eq(staffMembers.id, cases.claimedBy))
    .where(eq(cases.clientId, id))
    .orderBy(desc(cases.openedAt), desc(cases.id));
  const history: ClientCase[] = [];
  for (const r of rows) {
    history.push({
      id: r.id,
      status: r.status,
      emergency: r.emergencyAt !== null,
      openedAt: new Date(r.openedAt),
      closedAt: r.closedAt ? new Date(r.closedAt) : null,
      assignee: r.assigneeSealed ? openOrMark(vault, SEAL.staffName, r.assigneeSealed) : null,
      record: r.recordedAt ? { needs: r.needs ?? [], services: r.services ?? [], phoneCall: r.phoneCall, outcome: r.outcome, metOnline: r.metOnline } : null,
      closeReason: r.status === 'closed' && !r.recordedAt ? r.closeReason : null,
      referrals: await referralsOf(db, vault, r.id),
    });
  }
  return { ...client, firstSeenAt: new Date(client.firstSeenAt), lastSeenAt: new Date(client.lastSeenAt), cases: history };
}

