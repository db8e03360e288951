import { sql } from 'drizzle-orm';
import type { Db } from '../../db/open.ts';
import { auditLog } from '../../db/schema/index.ts';

/**
 * Writing the audit log. Most entries are written as they come; a view of a case is written once
 * per account, case and `VIEW_WINDOW_MS`: the case page, its live refresh every few seconds and a
 * reload all show the same conversation to the same person, and a log with a line per refresh
 * buries everything else. A view after the window, or by another account, is a new entry.
 */

export const VIEW_WINDOW_MS = 10 * 60_000;

/**
 * The views written once per window, and what makes two of them "the same": a transcript or a
 * case page (whether in full or by its live refresh) by account and case; a file of the transcript
 * by account, case and message (its detail), so each photo or voice message opened is traced.
 */
const ONCE_PER_WINDOW: Record<string, { byDetail: boolean }> = {
  'transcript.view': { byDetail: false },
  'case.view': { byDetail: false },
  'transcript.media': { byDetail: true },
};

export interface AuditWrite {
  accountId: number | null;
  action: string;
  caseId?: number;
  detail?: string;
  /** When it happened; the database's clock when absent (tests pass their clock). */
  at?: Date;
}

/** Pure: whether `e` is a view written once per account, case and window. */
export function isWindowedView(e: Pick<AuditWrite, 'accountId' | 'action' | 'caseId'>): boolean {
  return e.accountId !== null && e.caseId !== undefined && Object.hasOwn(ONCE_PER_WINDOW, e.action);
}

/**
 * Writes `e`, unless it is a view the same account already made of the same case within the
 * window before `e.at` (or the database's now). One statement, so the check and the write see the
 * same rows; two requests in the same instant may still both write, which the log can bear.
 */
export async function writeAudit(db: Db, e: AuditWrite): Promise<void> {
  const caseId = e.caseId ?? null;
  const detail = e.detail ?? null;
  if (!isWindowedView(e)) {
    await db.insert(auditLog).values({ accountId: e.accountId, action: e.action, caseId, detail, ...(e.at ? { at: e.at } : {}) });
    return;
  }
  const at = e.at ? sql`${e.at.toISOString()}::timestamptz` : sql`now()`;
  const sameDetail = ONCE_PER_WINDOW[e.action]!.byDetail ? sql`and ${auditLog.detail} is not distinct from ${detail}` : sql``;
  await db.execute(sql`
    insert into ${auditLog} (account_id, action, case_id, detail, at)
    select ${e.accountId}::integer, ${e.action}::text, ${caseId}::integer, ${detail}::text, ${at}
    where not exists (
      select 1 from ${auditLog}
      where ${auditLog.caseId} = ${caseId} and ${auditLog.accountId} = ${e.accountId} and ${auditLog.action} = ${e.action} ${sameDetail}
        and ${auditLog.at} > ${at} - ${sql.raw(`interval '${VIEW_WINDOW_MS / 1000} seconds'`)}
    )`);
}
