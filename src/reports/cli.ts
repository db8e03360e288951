import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Locale } from '../config.ts';

/**
 * `netreach report` and `netreach export`: the donor report and the research export from the
 * command line, on the database the app uses (same environment, same `.env`).
 *
 *   netreach report --from 2026-01-01 --to 2026-06-30 [--format md|csv|json|xlsx] [--by worker] [--out file] [--lang ru|en]
 *   netreach export --from 2026-01-01 --to 2026-06-30 [--format csv|json] [--out file]
 *
 * `--from` and `--to` are calendar days in the organisation's time zone, both included.
 * Exit status: 0 done, 2 bad arguments (one line on stderr), 78 configuration, 1 anything else.
 */

export const USAGE = `usage:
  netreach report --from YYYY-MM-DD --to YYYY-MM-DD [--format md|csv|json|xlsx] [--by worker] [--out FILE] [--lang ru|en]
  netreach export --from YYYY-MM-DD --to YYYY-MM-DD [--format csv|json] [--out FILE]
Days are in the organisation's time zone; --to is included.`;

export interface CliIo {
  env: Record<string, string | undefined>;
  stdout: { write(chunk: string | Uint8Array): unknown; isTTY?: boolean };
  stderr: { write(chunk: string): unknown };
}

class UsageError extends Error {}

const isDay = (s: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

interface Parsed {
  command: 'report' | 'export';
  from: string;
  to: string;
  format: string;
  byWorker: boolean;
  out?: string;
  lang?: Locale;
}

export function parseCliArgs(argv: string[]): Parsed | 'help' {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') return 'help';
  if (command === undefined) throw new UsageError('a command is required: report or export');
  if (command !== 'report' && command !== 'export') throw new UsageError(`unknown command "${command}": expected report or export`);
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        format: { type: 'string' },
        by: { type: 'string' },
        out: { type: 'string' },
        lang: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    // Node's messages are long and multi-line; keep the first sentence.
    throw new UsageError(String((err as Error).message).split('\n')[0]!.replace(/\. To specify.*$/, ''));
  }
  if (values.help) return 'help';
  if (values.from === undefined) throw new UsageError('--from is required (a day like 2026-01-01)');
  if (values.to === undefined) throw new UsageError('--to is required (a day like 2026-06-30)');
  if (!isDay(values.from)) throw new UsageError(`--from must be a day like 2026-01-01, got "${values.from}"`);
  if (!isDay(values.to)) throw new UsageError(`--to must be a day like 2026-06-30, got "${values.to}"`);
  if (values.to < values.from) throw new UsageError(`--to (${values.to}) is before --from (${values.from})`);
  const formats = command === 'report' ? ['md', 'csv', 'json', 'xlsx'] : ['csv', 'json'];
  const format = values.format ?? formats[0]!;
  if (!formats.includes(format)) throw new UsageError(`--format must be one of ${formats.join(', ')} for ${command}, got "${format}"`);
  if (values.by !== undefined && (command !== 'report' || values.by !== 'worker')) {
    throw new UsageError(command === 'report' ? `--by must be "worker", got "${values.by}"` : '--by is only for report');
  }
  if (values.lang !== undefined && values.lang !== 'ru' && values.lang !== 'en') throw new UsageError(`--lang must be ru or en, got "${values.lang}"`);
  if (values.lang !== undefined && (command !== 'report' || format !== 'md' && format !== 'xlsx')) {
    throw new UsageError('--lang applies to the md and xlsx reports only');
  }
  if (values.out === '') throw new UsageError('--out needs a file name');
  return { command, from: values.from, to: values.to, format, byWorker: values.by === 'worker', out: values.out, lang: values.lang as Locale | undefined };
}

/** Runs the command; resolves with the exit status. Never calls process.exit. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let args: Parsed | 'help';
  try {
    args = parseCliArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr.write(`netreach: ${err.message} (netreach --help for usage)\n`);
    return 2;
  }
  if (args === 'help') {
    io.stdout.write(USAGE + '\n');
    return 0;
  }
  if (!args.out && args.format === 'xlsx' && io.stdout.isTTY) {
    io.stderr.write('netreach: an xlsx report is binary: give --out FILE or redirect the output\n');
    return 2;
  }

  // Loaded only now, so that a mistyped argument is answered at once.
  const [{ parseConfig, readDotEnv }, { openDatabase }, { addDays, zonedDateTime }, { readSettingsInForce }, { computeReport }, { toCsv, toJson, toMarkdown, toXlsx }, { researchExport, researchToCsv, researchToJson }] =
    await Promise.all([
      import('../config.ts'),
      import('../db/open.ts'),
      import('../organisation/mobile-units.ts'),
      import('../organisation/settings-store.ts'),
      import('./compute.ts'),
      import('./format.ts'),
      import('./research-export.ts'),
    ]);
  let fileEnv: Record<string, string>;
  try {
    fileEnv = readDotEnv();
  } catch (err) {
    io.stderr.write(`netreach: configuration error: ${(err as Error).message}\n`);
    return 78;
  }
  const parsed = parseConfig({ ...fileEnv, ...io.env });
  if (!parsed.ok) {
    for (const line of parsed.errors) io.stderr.write(`netreach: configuration error: ${line}\n`);
    return 78;
  }
  const config = parsed.config;
  mkdirSync(config.dataDir, { recursive: true });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  // The settings in force (the newest saved in the console), not a file the console has moved past.
  const loaded = await readSettingsInForce(database.db, config.dataDir);
  if (!loaded.ok) {
    await database.close();
    for (const line of loaded.errors) io.stderr.write(`netreach: configuration error: ${line}\n`);
    return 78;
  }
  const settings = loaded.settings;
  const from = zonedDateTime(settings, args.from, '00:00');
  const to = zonedDateTime(settings, addDays(args.to, 1), '00:00');
  let output: string | Buffer;
  try {
    if (args.command === 'report') {
      const report = await computeReport(database.db, { from, to, settings, byWorker: args.byWorker });
      const lang = args.lang ?? config.defaultLocale;
      output =
        args.format === 'csv' ? toCsv(report)
        : args.format === 'json' ? toJson(report)
        : args.format === 'xlsx' ? await toXlsx(report, lang)
        : toMarkdown(report, lang);
    } else {
      const rows = await researchExport(database.db, { from, to, settings });
      output = args.format === 'json' ? researchToJson(rows) : researchToCsv(rows);
    }
  } finally {
    await database.close();
  }
  if (args.out) {
    try {
      writeFileSync(args.out, output);
    } catch (err) {
      io.stderr.write(`netreach: cannot write ${args.out}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
      return 1;
    }
    io.stderr.write(`netreach: wrote ${args.out}\n`);
  } else {
    io.stdout.write(output);
  }
  return 0;
}
