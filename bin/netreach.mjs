#!/usr/bin/env node
// netreach command line: `netreach report …`, `netreach export …` (src/reports/cli.ts) and
// `netreach admin create …` (src/console/cli.ts), `netreach keys rotate|destroy|status` and
// `netreach backup` (src/control/keys-cli.ts).
// Plain JS so that it runs with `node`; it loads the TypeScript sources through tsx, as `npm start` does.
import { register } from 'tsx/esm/api';

register();
const argv = process.argv.slice(2);
try {
  if (argv[0] === 'admin') {
    const { runAdminCli } = await import('../src/console/cli.ts');
    process.exitCode = await runAdminCli(argv.slice(1), { env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
  } else if (argv[0] === 'keys' || argv[0] === 'backup') {
    const { runKeysCli, runBackupCli } = await import('../src/control/keys-cli.ts');
    const io = { env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
    process.exitCode = argv[0] === 'keys' ? await runKeysCli(argv.slice(1), io) : await runBackupCli(argv.slice(1), io);
  } else {
    const { runCli } = await import('../src/reports/cli.ts');
    process.exitCode = await runCli(argv, { env: process.env, stdout: process.stdout, stderr: process.stderr });
  }
} catch (err) {
  process.stderr.write(`netreach: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
  process.exitCode = 1;
}
