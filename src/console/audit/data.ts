import { and, asc, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/open.ts';
import { accounts, auditLog } from '../../db/schema/index.ts';
import { addDays, zonedDateTime } from '../../organisation/mobile-units.ts';
import { pageOf } from '../frame/pager.tsx';

/** The audit log as the admins' page reads it: newest first, filtered, a page at a time. */

export const AUDIT_PAGE_SIZE = 100;

export interface AuditFilters {
  accountId?: number;
  action?: string;
  caseId?: number;
  /** The period's first and last calendar days (`YYYY-MM-DD`, both included) in the organisation's zone. */
  from?: string;
  to?: string;
  page: number;
}

/** Pure: a whole number from 1 to `max`, or undefined. */
const positive = (v: string | undefined, max: number) => {
  const n = Number((v ?? '').trim());
  return Number.isSafeInteger(n) && n >= 1 && n <= max ? n : undefined;
};

/** Pure: a real calendar day `YYYY-MM-DD` between 2000 and 2099, or undefined. */
export function dayOf(v: string | undefined): string | undefined {
  const s = (v ?? '').trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return undefined;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && s >= '2000-01-01' && s <= '2099-12-31' ? s : undefined;
}

/**
 * Filters from the query string; anything malformed is ignored (a case number past the column's
 * range too). A case may be typed as shown, `#12`; a period given backwards is turned round.
 */
export function parseAuditFilters(query: (name: string) => string | undefined): AuditFilters {
  const action = (query('action') ?? '').trim().slice(0, 100);
  let from = dayOf(query('from'));
  let to = dayOf(query('to'));
  if (from && to && to < from) [from, to] = [to, from];
  return {
    accountId: positive(query('account'), 2_147_483_647),
    action: action || undefined,
    caseId: positive((query('case') ?? '').trim().replace(/^#/, ''), 2_147_483_647),
    from,
    to,
    page: pageOf(query('page')),
  };
}

/** Pure: the query string of `f`, at `page` (default its own), without empty fields. */
export function auditQuery(f: AuditFilters, page = f.page): string {
  const p = new URLSearchParams();
  if (f.accountId !== undefined) p.set('account', String(f.accountId));
  if (f.action) p.set('action', f.action);
  if (f.caseId !== undefined) p.set('case', String(f.caseId));
  if (f.from) p.set('from', f.from);
  if (f.to) p.set('to', f.to);
  if (page > 1) p.set('page', String(page));
  return p.toString();
}

/** Pure: whether any filter narrows the log (the page number is not a filter). */
export function isFiltered(f: AuditFilters): boolean {
  return auditQuery(f, 1) !== '';
}

/** Pure: the instants [start, end) of the filter's period, days taken in `timeZone`. */
export function periodOf(f: Pick<AuditFilters, 'from' | 'to'>, timeZone: string): { start?: Date; end?: Date } {
  const zone = { timeZone };
  return {
    start: f.from ? zonedDateTime(zone, f.from, '00:00') : undefined,
    end: f.to ? zonedDateTime(zone, addDays(f.to, 1), '00:00') : undefined,
  };
}

export interface AuditEntry {
  id: number;
  at: Date;
  accountId: number | null;
  accountName: string | null;
  login: string | null;
  role: string | null;
  action: string;
  caseId: number | null;
  detail: string | null;
}

function whereOf(f: AuditFilters, timeZone: string): SQL[] {
  const where: SQL[] = [];
  if (f.accountId !== undefined) where.push(eq(auditLog.accountId, f.accountId));
  if (f.action) where.push(eq(auditLog.action, f.action));
  if (f.caseId !== undefined) where.push(eq(auditLog.caseId, f.caseId));
  const { start, end } = periodOf(f, timeZone);
  if (start) where.push(gte(auditLog.at, start));
  if (end) where.push(lt(auditLog.at, end));
  return where;
}

const ENTRY = {
  id: auditLog.id,
  at: auditLog.at,
  accountId: auditLog.accountId,
  accountName: accounts.displayName,
  login: accounts.login,
  role: accounts.role,
  action: auditLog.action,
  caseId: auditLog.caseId,
  detail: auditLog.detail,
};

/** A page of the filtered log, newest first; `timeZone` is the organisation's (the period's days). */
export async function listAudit(db: Db, f: AuditFilters, timeZone = 'UTC', pageSize = AUDIT_PAGE_SIZE): Promise<{ entries: AuditEntry[]; hasMore: boolean }> {
  const where = whereOf(f, timeZone);
  const rows = await db
    .select(ENTRY)
    .from(auditLog)
    .leftJoin(accounts, eq(accounts.id, auditLog.accountId))
    .where(where.length > 0 ? and(...where) : undefined)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(pageSize + 1)
    .offset((f.page - 1) * pageSize);
  return { entries: rows.slice(0, pageSize).map((r) => ({ ...r, at: new Date(r.at) })), hasMore: rows.length > pageSize };
}

/**
 * The whole filtered log (every page), newest first, `batch` entries at a time: each batch starts
 * after the last entry of the one before (by time and id), so a long log is read in steps of the
 * same cost and never held whole in memory.
 */
export async function* allAudit(db: Db, f: AuditFilters, timeZone = 'UTC', batch = 2000): AsyncGenerator<AuditEntry[]> {
  const where = whereOf(f, timeZone);
  // The last entry's time as the database holds it (to the microsecond; a Date keeps milliseconds).
  let last: { at: string; id: number } | undefined;
  for (;;) {
    const after = last ? [sql`(${auditLog.at}, ${auditLog.id}) < (${last.at}::timestamptz, ${last.id}::bigint)`] : [];
    const all = [...where, ...after];
    const rows = await db
      .select({ ...ENTRY, exactAt: sql<string>`${auditLog.at}::text` })
      .from(auditLog)
      .leftJoin(accounts, eq(accounts.id, auditLog.accountId))
      .where(all.length > 0 ? and(...all) : undefined)
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(batch);
    if (rows.length === 0) return;
    yield rows.map(({ exactAt: _, ...r }) => ({ ...r, at: new Date(r.at) }));
    if (rows.length < batch) return;
    const end = rows[rows.length - 1]!;
    last = { at: end.exactAt, id: end.id };
  }
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
