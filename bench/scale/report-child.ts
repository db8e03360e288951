import { readFileSync } from 'node:fs';
import pg from 'pg';
import { openDatabase } from '../../src/db/open.ts';
import { DEFAULT_SETTINGS } from '../../src/organisation/settings.ts';
import { computeReport } from '../../src/reports/compute.ts';
import { toXlsx } from '../../src/reports/format.ts';

/**
 * One donor report in a process of its own, so its peak resident memory is the report's and not
 * the benchmark's: `tsx report-child.ts <database url> <from ISO> <to ISO>` prints one JSON line.
 * The raw-SQL baseline reads the same cases (both periods) once in a single aggregate query.
 */
const [url, fromIso, toIso] = process.argv.slice(2) as [string, string, string];
const from = new Date(fromIso);
const to = new Date(toIso);
const prevFrom = new Date(from.getTime() - (to.getTime() - from.getTime()));

/**
 * This process's peak resident memory. On Linux from /proc (VmHWM): getrusage's maxrss of a
 * spawned process also counts the parent's memory it was forked from.
 */
function peakResidentMb(): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) return Number(kb) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
const database = await openDatabase({ databaseUrl: url, dataDir: '' });
let started = performance.now();
const report = await computeReport(database.db, { from, to, settings: DEFAULT_SETTINGS });
const reportMs = performance.now() - started;
started = performance.now();
await computeReport(database.db, { from, to, settings: DEFAULT_SETTINGS, byWorker: true });
const byWorkerMs = performance.now() - started;
started = performance.now();
const xlsx = await toXlsx(report, 'en');
const xlsxMs = performance.now() - started;
await database.close();
const peakRssMb = peakResidentMb();

const client = new pg.Client({ connectionString: url });
await client.connect();
const baseline: number[] = [];
for (let i = 0; i < 3; i++) {
  started = performance.now();
  await client.query(
    `select count(*), count(distinct client_id), count(recorded_at), count(emergency_at),
       percentile_cont(0.5) within group (order by extract(epoch from first_staff_reply_at - opened_at))
     from cases where opened_at >= $1 and opened_at < $2`,
    [prevFrom, to],
  );
  baseline.push(performance.now() - started);
}
await client.end();

const cases = report.rows.find((r) => r.section === 'contacts' && r.metric === 'cases');
console.log(
  JSON.stringify({
    reportMs,
    byWorkerMs,
    xlsxMs,
    xlsxBytes: xlsx.length,
    rows: report.rows.length,
    cases: cases?.current ?? null,
    previousCases: cases?.previous ?? null,
    baselineMs: Math.min(...baseline),
    rssBeforeMb,
    peakRssMb,
  }),
);
