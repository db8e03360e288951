#!/usr/bin/env node
// netreach command line: `netreach report …`, `netreach export …` (see src/reports/cli.ts).
// Plain JS so that it runs with `node`; it loads the TypeScript sources through tsx, as `npm start` does.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/reports/cli.ts');
try {
  process.exitCode = await runCli(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr });
} catch (err) {
  process.stderr.write(`netreach: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
  process.exitCode = 1;
}
