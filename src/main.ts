import { parseConfig, readDotEnv } from './config.ts';
import { prepareDatabase } from './db/open.ts';
import { createLogger, safeError } from './log.ts';

/** Exit status for configuration mistakes (sysexits' EX_CONFIG), distinct from crashes. */
const EX_CONFIG = 78;

async function main(): Promise<void> {
  let fileEnv: Record<string, string>;
  try {
    fileEnv = readDotEnv();
  } catch (err) {
    console.error(`netreach: configuration error: ${(err as Error).message}`);
    process.exit(EX_CONFIG);
  }
  const parsed = parseConfig({ ...fileEnv, ...process.env });
  if (!parsed.ok) {
    for (const line of parsed.errors) console.error(`netreach: configuration error: ${line}`);
    process.exit(EX_CONFIG);
  }
  const config = parsed.config;
  // The database opens (a first start makes it) while the rest of the code loads.
  prepareDatabase(config);
  const { startNetreach, StartupError } = await import('./netreach.ts');
  const log = createLogger();
  process.on('unhandledRejection', (err) => log.error({ event: 'unhandled_rejection', err: safeError(err) }, 'unhandled rejection'));

  let app;
  try {
    app = await startNetreach(config, log);
  } catch (err) {
    if (err instanceof StartupError) {
      console.error(`netreach: ${err.message}`);
      process.exit(EX_CONFIG);
    }
    throw err;
  }
  console.error(`netreach: running in ${app.mode} mode at ${app.url}`);
  if (app.setupLink) console.error(`netreach: no console account yet: create the first admin at ${app.setupLink} (valid 24 h, once)`);

  let signals = 0;
  const shutdown = (signal: string) => {
    if (++signals > 1) process.exit(1); // a second Ctrl-C means "now"
    log.info({ event: 'shutdown', signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 8000);
    force.unref();
    app.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

await main();
