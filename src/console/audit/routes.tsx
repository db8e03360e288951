import { Hono } from 'hono';
import type { ConsoleEnv } from '../app.tsx';
import { localDateOf } from '../../organisation/mobile-units.ts';
import { audit } from '../policy.ts';
import { chromeOf, guard, render, type RoutesContext } from '../routes-context.ts';
import { accountChoices, allAudit, auditActions, auditQuery, listAudit, parseAuditFilters } from './data.ts';
import { auditCsvHeader, auditCsvRow, CSV_BOM } from './csv.ts';
import { AuditPage } from './views.tsx';

/**
 * /audit: the audit log (`audit.view`), newest first, filtered by who, action, case and period;
 * `?format=csv` downloads the whole filtered log (every page), and the download is itself audited.
 */
export function auditRoutes(x: RoutesContext): Hono<ConsoleEnv> {
  const app = new Hono<ConsoleEnv>();

  app.get('/audit', x.signedIn, guard(x, 'audit.view'), async (c) => {
    const chrome = chromeOf(x, c);
    const filters = parseAuditFilters((n) => c.req.query(n));
    if (c.req.query('format') === 'csv') {
      const { locale, timeZone } = chrome;
      // Who took a copy of the log, and of which part, is traced before a byte leaves.
      await audit(x.db, c.get('account')!.id, 'audit.download', undefined, auditQuery(filters, 1) || 'all');
      const encoder = new TextEncoder();
      const batches = allAudit(x.db, filters, timeZone);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(encoder.encode(CSV_BOM + auditCsvHeader(locale, timeZone)));
        },
        async pull(controller) {
          try {
            const next = await batches.next();
            if (next.done) return controller.close();
            controller.enqueue(encoder.encode(next.value.map((e) => auditCsvRow(locale, timeZone, e)).join('')));
          } catch (err) {
            controller.error(err);
          }
        },
        async cancel() {
          await batches.return(undefined);
        },
      });
      const day = localDateOf({ timeZone }, x.now());
      return c.body(body, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="netreach-audit-${day}.csv"`,
      });
    }
    // The form sends every field, empty ones too: the address is made the short one to share or bookmark.
    const sorted = (q: string) => [...new URLSearchParams(q)].map(([k, v]) => `${k}=${v}`).sort().join('&');
    const canonical = auditQuery(filters);
    if (sorted(new URL(c.req.url).search) !== sorted(canonical)) return c.redirect(`${x.base}/audit${canonical ? `?${canonical}` : ''}`, 303);
    const [{ entries, hasMore }, accounts, actions] = [await listAudit(x.db, filters, chrome.timeZone), await accountChoices(x.db), await auditActions(x.db)];
    return render(c, <AuditPage chrome={chrome} entries={entries} hasMore={hasMore} filters={filters} accounts={accounts} actions={actions} />);
  });
  return app;
}
