import { and, asc, desc, eq, isNull, ne } from 'drizzle-orm';
import type { Locale } from '../config.ts';
import { cases, clients } from '../db/schema/index.ts';
import { t } from '../i18n/index.ts';
import type { CaseDeps } from './deps.ts';

/**
 * Cases no worker has answered yet: after-hours ones first, oldest first, as the morning shift
 * should take them.
 */
export async function waitingCases(d: Pick<CaseDeps, 'db'>) {
  return d.db
    .select({ id: cases.id, pseudonym: clients.pseudonym, openedAt: cases.openedAt, afterHours: cases.afterHours, emergencyAt: cases.emergencyAt })
    .from(cases)
    .innerJoin(clients, eq(clients.id, cases.clientId))
    .where(and(ne(cases.status, 'closed'), isNull(cases.firstStaffReplyAt)))
    .orderBy(desc(cases.afterHours), asc(cases.openedAt))
    .limit(50);
}

export async function formatQueue(d: Pick<CaseDeps, 'db' | 'settings'>, locale: Locale): Promise<string> {
  const rows = await waitingCases(d);
  if (rows.length === 0) return t(locale, 'staff-queue-empty');
  const time = new Intl.DateTimeFormat(locale, { timeZone: d.settings.timeZone, day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  const lines = rows.map((r) =>
    t(locale, 'staff-queue-line', {
      case: r.id,
      pseudonym: r.pseudonym,
      since: time.format(r.openedAt),
      marks: `${r.afterHours ? ' 🌙' : ''}${r.emergencyAt ? ' 🚨' : ''}`,
    }),
  );
  return t(locale, 'staff-queue', { count: rows.length, lines: lines.join('\n') });
}
