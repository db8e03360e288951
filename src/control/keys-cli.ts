import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { AdminCliIo } from '../console/cli.ts';

/**
 * `netreach keys rotate|destroy|status` and `netreach backup [--out FILE]`. With a server running on
 * this DATA_DIR, the server does the work (its control socket): the embedded database has no lock
 * and must never be opened by a second process. With no server, the command opens the database.
 * Exit status: 0 done, 2 bad arguments or no confirmation, 78 configuration (a key in
 * NETREACH_SECRET_KEY), 1 anything else (a rotation that stopped: run it again, it continues).
 */
export const KEYS_USAGE = `usage: netreach keys status
       netreach keys rotate
       netreach keys destroy [--yes-destroy-all-sealed-data]   (otherwise type: ${'destroy all sealed data'})
       netreach backup [--out FILE]`;

export const DESTROY_PHRASE = 'destroy all sealed data';

type Io = AdminCliIo;

export async function runKeysCli(argv: string[], io: Io): Promise<number> {
  const sub = argv[0];
  let values: Record<string, string | boolean | undefined>;
  try {
    if (sub !== 'rotate' && sub !== 'destroy' && sub !== 'status') throw new Error(sub ? `unknown keys command "${sub}"` : 'a keys command is required');
    ({ values } = parseArgs({
      args: argv.slice(1),
      options: { 'yes-destroy-all-sealed-data': { type: 'boolean' }, 'stop-after-batches': { type: 'string' }, 'batch-size': { type: 'string' } },
      strict: true,
    }));
  } catch (err) {
    io.stderr.write(`netreach: ${(err as Error).message}\n${KEYS_USAGE}\n`);
    return 2;
  }
  if (sub === 'destroy' && !values['yes-destroy-all-sealed-data']) {
    io.stderr.write(
      'This makes every message, name and id stored so far unreadable, for good, in one step: clients who write again are new clients, ' +
        'everyone is signed out of the console, invitations and recovery codes stop working. Backups made before stay readable to whoever has the old key.\n' +
        `Type "${DESTROY_PHRASE}" to confirm: `,
    );
    const typed = await readLine(io);
    if (typed.trim() !== DESTROY_PHRASE) {
      io.stderr.write('netreach: not confirmed; nothing was changed\n');
      return 2;
    }
  }
  const numeric = (name: string) => (typeof values[name] === 'string' ? Number(values[name]) : undefined);
  const options = { stopAfterBatches: numeric('stop-after-batches'), batchSize: numeric('batch-size') };
  return withSystem(io, async (s) => {
    const progress = (p: unknown) => {
      const x = p as { table: string; resealed: number; unreadable: number };
      io.stdout.write(`netreach: ${x.table}: ${x.resealed} re-sealed${x.unreadable ? `, ${x.unreadable} unreadable` : ''}\n`);
    };
    const args = sub === 'destroy' ? { confirmed: true } : sub === 'rotate' ? Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) : {};
    const result = (await s.run(sub, args, progress)) as Record<string, unknown>;
    if (sub === 'status') {
      const r = result as { keyFromEnv: boolean; kid: string; nextKid?: string; sealed: Record<string, number>; rotating?: boolean };
      io.stdout.write(`key: ${r.kid}${r.keyFromEnv ? ' (from NETREACH_SECRET_KEY)' : ' (DATA_DIR/secret.key)'}\n`);
      if (r.nextKid) io.stdout.write(`rotation: to ${r.nextKid}, ${r.rotating ? 'under way' : 'stopped: run `netreach keys rotate` to continue'}\n`);
      io.stdout.write(`sealed values by key: ${Object.entries(r.sealed).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}\n`);
      return 0;
    }
    if (sub === 'rotate') {
      if (!result.finished) {
        io.stderr.write(`netreach: the rotation stopped before the end (${String(result.resealed)} values re-sealed); run \`netreach keys rotate\` again to continue\n`);
        return 1;
      }
      io.stdout.write(
        `netreach: rotated to key ${String(result.kid)}: ${String(result.resealed)} values re-sealed, ${String(result.rehashed)} look-ups re-hashed` +
          `${result.unlinked ? `, ${String(result.unlinked)} not re-linkable (they start anew)` : ''}; the old key is overwritten and removed.\n` +
          'Console sessions, unused invitations and link codes, and recovery codes were voided: everyone signs in again, re-send invitations, each account makes new recovery codes.\n' +
          'Back up the new DATA_DIR/secret.key now (backups made before need the old key).\n',
      );
      return 0;
    }
    io.stdout.write(`netreach: the key is destroyed and replaced (new key ${String(result.kid)}): everything sealed before is unreadable. The bot keeps answering; returning clients are new clients.\n`);
    return 0;
  });
}

export async function runBackupCli(argv: string[], io: Io, now = new Date()): Promise<number> {
  let out: string;
  try {
    const { values } = parseArgs({ args: argv, options: { out: { type: 'string' } }, strict: true });
    out = resolve(values.out ?? `netreach-backup-${now.toISOString().slice(0, 19).replace(/:/g, '')}.tar.gz`);
  } catch (err) {
    io.stderr.write(`netreach: ${(err as Error).message}\n${KEYS_USAGE}\n`);
    return 2;
  }
  return withSystem(io, async (s) => {
    const result = (await s.run('backup', { out }, () => {})) as { out?: string; bytes?: number; note?: string; advice?: string };
    if (result.advice) {
      io.stdout.write(`netreach: ${result.advice}\n`);
      io.stdout.write(`netreach: ${(await import('../privacy/backup.ts')).KEY_NOT_INCLUDED}\n`);
      return 0;
    }
    io.stdout.write(`netreach: backup written to ${result.out} (${result.bytes} bytes, mode 0600)\n${(result.note ?? '').split('\n').map((l) => `netreach: ${l}\n`).join('')}`);
    return 0;
  });
}

interface System {
  run(cmd: string, args: Record<string, unknown>, progress: (p: unknown) => void): Promise<unknown>;
}

/** Runs through the server when one answers on DATA_DIR, or with the database opened here. */
async function withSystem(io: Io, work: (s: System) => Promise<number>): Promise<number> {
  const [{ parseConfig, readDotEnv }, { askServer }, { ENV_KEY_REFUSAL }] = await Promise.all([import('../config.ts'), import('./client.ts'), import('../privacy/keys.ts')]);
  const parsed = parseConfig({ ...readDotEnv(), ...io.env });
  if (!parsed.ok) {
    for (const line of parsed.errors) io.stderr.write(`netreach: configuration error: ${line}\n`);
    return 78;
  }
  const config = parsed.config;
  let local: { close(): Promise<void>; run: System['run'] } | undefined;
  const system: System = {
    run: async (cmd, args, progress) => {
      const answer = await askServer(config.dataDir, cmd, args, progress);
      if (answer.reached) {
        if (!answer.ok) throw new Error(answer.error);
        return answer.result;
      }
      local ??= await openLocally(config);
      return local.run(cmd, args, progress);
    },
  };
  try {
    return await work(system);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(`netreach: ${message}\n`);
    return message === ENV_KEY_REFUSAL ? 78 : 1;
  } finally {
    await local?.close();
  }
}

async function openLocally(config: { dataDir: string; databaseUrl?: string; secretKey?: string }): Promise<{ close(): Promise<void>; run: System['run'] }> {
  const [{ openDatabase }, { loadOrCreateSecretKey }, { readKey, NEXT_KEY_FILE }, { Vault }, { keysHandlers }, { join }] = await Promise.all([
    import('../db/open.ts'),
    import('../privacy/secret-key.ts'),
    import('../privacy/key-files.ts'),
    import('../privacy/vault.ts'),
    import('./keys-control.ts'),
    import('node:path'),
  ]);
  // A command makes no key: with none, there is nothing sealed to work on (the server makes it at its first start).
  if (!config.secretKey && !existsSync(join(config.dataDir, 'secret.key'))) throw new Error(`no key in ${config.dataDir} (DATA_DIR/secret.key): is DATA_DIR the server's?`);
  const { key } = loadOrCreateSecretKey(config.dataDir, config.secretKey);
  const vault = new Vault(key, config.secretKey ? undefined : readKey(join(config.dataDir, NEXT_KEY_FILE)));
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  // No other process holds an embedded database; PostgreSQL servers may run and pick the key up by polling.
  const handlers = keysHandlers({ db: database.db, dataDir: config.dataDir, vault, keyFromEnv: Boolean(config.secretKey) }, database);
  return {
    close: () => database.close(),
    run: (cmd, args, progress) => handlers[cmd]!({ ...(database.kind === 'pglite' && cmd === 'rotate' ? { graceMs: 0 } : {}), ...args }, progress),
  };
}

async function readLine(io: Io): Promise<string> {
  const rl = createInterface({ input: io.stdin, terminal: false });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return '';
}
