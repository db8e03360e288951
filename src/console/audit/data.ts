import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/open.ts';
import { accounts, auditLog } from '../../db/schema/index.ts';
import { pageOf } from '../frame/pager.tsx';

/** The audit log as the admins' page reads it: newest first, filtered, a page at a time. */

export const AUDIT_PAGE_SIZE = 100;

export interface AuditFilters {
  accountId?: number;
  action?: string;
  caseId?: number;
  page: number;
}

/** Pure: a whole number from 1 to `max`, or undefined. */
const positive = (v: string | undefined, max: number) => {
  const n = Number((v ?? '').trim());
  return Number.isSafeInteger(n) && n >= 1 && n <= max ? n : undefined;
};

/** Filters from the query string; anything malformed is ignored (a case number past the column's range too). */
export function parseAuditFilters(query: (name: string) => string | undefined): AuditFilters {
  const action = (query('action') ?? '').trim().slice(0, 100);
  return {
    accountId: positive(query('account'), 2_147_483_647),
    action: action || undefined,
    caseId: positive(query('case'), 2_147_483_647),
    page: pageOf(query('page')),
  };
}

/** Pure: the query string of `f`, at `page` (default its own), without empty fields. */
export function auditQuery(f: AuditFilters, page = f.page): string {
  const p = new URLSearchParams();
  if (f.accountId !== undefined) p.set('account', String(f.accountId));
  if (f.action) p.set('action', f.action);
  if (f.caseId !== undefined) p.set('case', String(f.caseId));
  if (page > 1) p.set('page', String(page));
  return p.toString();
}

export interface AuditEntry {
  id: number;
  at: Date;
  accountId: number | null;
  accountName: string | null;
  login: string | null;
  action: string;
  caseId: number | null;
  detail: string | null;
}

export async function listAudit(db: Db, f: AuditFilters, pageSize = AUDIT_PAGE_SIZE): Promise<{ entries: AuditEntry[]; hasMore: boolean }> {
  const where: SQL[] = [];
  if (f.accountId !== undefined) where.push(eq(auditLog.accountId, f.accountId));
  if (f.action) where.push(eq(auditLog.action, f.action));
  if (f.caseId !== undefined) where.push(eq(auditLog.caseId, f.caseId));
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      accountId: auditLog.accountId,
      accountName: accounts.displayName,
      login: accounts.login,
      action: auditLog.action,
      caseId: auditLog.caseId,
      detail: auditLog.detail,
    })
    .from(auditLog)
    .leftJoin(accounts, eq(accounts.id, auditLog.accountId))
    .where(where.length > 0 ? and(...where) : undefined)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(pageSize + 1)
    .offset((f.page - 1) * pageSize);
  return { entries: rows.slice(0, pageSize).map((r) => ({ ...r, at: new Date(r.at) })), hasMore: rows.length > pageSize };
}

/**
 * The actions the log holds, for the filter's choices. The log grows with every view, the actions
 * do not: each is found by one step along the action index, after the one before (a "loose
 * index scan"), instead of reading every entry.
 */
export async function auditActions(db: Db): Promise<string[]> {
  const result = await db.execute(sql`
    with recursive found(action) as (
      (select ${auditLog.action} from ${auditLog} order by ${auditLog.action} limit 1)
      union all
      select (select a.action from ${auditLog} a where a.action > found.action order by a.action limit 1) from found where found.action is not null
    )
    select action from found where action is not null`);
  return (result as unknown as { rows: { action: string }[] }).rows.map((r) => r.action);
}

/** Every account, disabled ones too (their entries stay), for the filter's choices. */
export async function accountChoices(db: Db): Promise<Array<{ id: number; displayName: string; login: string }>> {
  return db.select({ id: accounts.id, displayName: accounts.displayName, login: accounts.login }).from(accounts).orderBy(asc(accounts.displayName), asc(accounts.id));
}
