import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

/**
 * `netreach admin create --login anna --name "Anna K." [--locale ru|en]`: an admin account from the
 * command line (whoever runs it runs the server). The password is read from standard input: typed
 * at the prompt, or piped (`printf '%s\n' "$PASSWORD" | netreach admin create …`).
 * Exit status: 0 created, 2 bad arguments or password, 78 configuration, 1 anything else.
 */
export interface AdminCliIo {
  env: Record<string, string | undefined>;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
}

export const ADMIN_USAGE = 'usage: netreach admin create --login LOGIN --name "DISPLAY NAME" [--locale ru|en]   (the password is read from standard input)';

export async function runAdminCli(argv: string[], io: AdminCliIo): Promise<number> {
  let values: { login?: string; name?: string; locale?: string };
  try {
    if (argv[0] !== 'create') throw new Error(argv[0] ? `unknown admin command "${argv[0]}"` : 'an admin command is required');
    ({ values } = parseArgs({ args: argv.slice(1), options: { login: { type: 'string' }, name: { type: 'string' }, locale: { type: 'string' } }, strict: true }));
    if (!values.login || !values.name) throw new Error('--login and --name are required');
    if (values.locale && values.locale !== 'ru' && values.locale !== 'en') throw new Error('--locale must be ru or en');
  } catch (err) {
    io.stderr.write(`netreach: ${(err as Error).message}\n${ADMIN_USAGE}\n`);
    return 2;
  }
  const password = await readPassword(io);
  const [{ parseConfig, readDotEnv }, { openDatabase }, { createAdmin }] = await Promise.all([
    import('../config.ts'),
    import('../db/open.ts'),
    import('./auth/setup.ts'),
  ]);
  const parsed = parseConfig({ ...readDotEnv(), ...io.env });
  if (!parsed.ok) {
    for (const line of parsed.errors) io.stderr.write(`netreach: configuration error: ${line}\n`);
    return 78;
  }
  const database = await openDatabase({ databaseUrl: parsed.config.databaseUrl, dataDir: parsed.config.dataDir });
  try {
    const result = await createAdmin(database.db, { login: values.login, displayName: values.name, password, locale: (values.locale as 'ru' | 'en' | undefined) ?? parsed.config.defaultLocale });
    if (!result.ok) {
      io.stderr.write(`netreach: the account was not created: ${result.problems.join(', ')}\n`);
      return 2;
    }
    io.stdout.write(`netreach: admin account "${values.login}" created; sign in at /console and set up the second factor\n`);
    return 0;
  } finally {
    await database.close();
  }
}

async function readPassword(io: AdminCliIo): Promise<string> {
  if (io.stdin.isTTY) io.stderr.write('Password (at least 12 characters): ');
  const rl = createInterface({ input: io.stdin, terminal: false });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return '';
}
