import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/support/database.ts';
import { openDatabase } from '../db/open.ts';
import { messages, cases, clients } from '../db/schema/index.ts';
import { NEXT_KEY_FILE } from '../privacy/key-files.ts';
import { runBackupCli, runKeysCli } from './keys-cli.ts';
import { loadOrCreateSecretKey } from '../privacy/secret-key.ts';
import { Vault } from '../privacy/vault.ts';

const drops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const d of drops.splice(0)) await d();
});

async function cli(run: typeof runKeysCli, argv: string[], env: Record<string, string>, stdin = '') {
  let out = '';
  let err = '';
  const code = await run(argv, {
    env: { TELEGRAM_BOT_TOKEN: '7000000001:AAFakeTokenForNetreachTests_0123456789', STAFF_CHAT_ID: '-1001234567890', ...env },
    stdin: Object.assign(Readable.from([stdin]), { isTTY: false }),
    stdout: new Writable({ write: (c, _e, done) => ((out += String(c)), done()) }),
    stderr: new Writable({ write: (c, _e, done) => ((err += String(c)), done()) }),
  });
  return { code, out, err };
}

describe('netreach keys with no server running (the command opens the database)', () => {
  it('rotate stopped after a batch says to run it again; run again, it finishes; backup and status', async () => {
    const fresh = await freshDatabase();
    drops.push(fresh.drop);
    const env = { DATA_DIR: fresh.dataDir, ...(fresh.databaseUrl ? { DATABASE_URL: fresh.databaseUrl } : {}) };
    // Some sealed data, written as a server would, then the database closed (no server runs).
    const vault = new Vault(loadOrCreateSecretKey(fresh.dataDir).key);
    const database = await openDatabase(fresh);
    const [client] = await database.db.insert(clients).values({ tgHash: vault.hash('tg.user', 5), chatSealed: vault.seal('client.chat', '5'), pseudonym: 'QQQQ' }).returning();
    const [kase] = await database.db.insert(cases).values({ clientId: client!.id }).returning();
    for (let i = 0; i < 5; i++) await database.db.insert(messages).values({ caseId: kase!.id, direction: 'client', kind: 'text', bodySealed: vault.seal('message.body', `текст ${i}`) });
    await database.close();

    const stopped = await cli(runKeysCli, ['rotate', '--batch-size', '2', '--stop-after-batches', '2'], env);
    expect(stopped.code).toBe(1);
    expect(stopped.err).toMatch(/run `netreach keys rotate` again/);
    expect(existsSync(join(fresh.dataDir, NEXT_KEY_FILE))).toBe(true);
    const status = await cli(runKeysCli, ['status'], env);
    expect(status.code).toBe(0);
    expect(status.out).toMatch(/rotation: to \S+, stopped/);
    const done = await cli(runKeysCli, ['rotate'], env);
    expect(done.err).toBe('');
    expect(done.code).toBe(0);
    expect(existsSync(join(fresh.dataDir, NEXT_KEY_FILE))).toBe(false);

    const out = join(fresh.dataDir, 'b.tar.gz');
    const backup = await cli(runBackupCli, ['--out', out], env);
    expect(backup.code).toBe(0);
    expect(backup.out).toMatch(/the key is not in the backup/);
    if (fresh.databaseUrl) expect(backup.out).toMatch(/pg_dump/);
    else expect(statSync(out).mode & 0o777).toBe(0o600);
  });

  it('destroy without the phrase changes nothing; a key from NETREACH_SECRET_KEY is refused with the steps (78)', async () => {
    const fresh = await freshDatabase();
    drops.push(fresh.drop);
    const env = { DATA_DIR: fresh.dataDir, ...(fresh.databaseUrl ? { DATABASE_URL: fresh.databaseUrl } : {}) };
    const key = loadOrCreateSecretKey(fresh.dataDir).key;
    expect((await cli(runKeysCli, ['destroy'], env, 'no\n')).code).toBe(2);
    expect(loadOrCreateSecretKey(fresh.dataDir).key.equals(key)).toBe(true);
    const refused = await cli(runKeysCli, ['rotate'], { ...env, NETREACH_SECRET_KEY: 'k'.repeat(40) });
    expect(refused.code).toBe(78);
    expect(refused.err).toMatch(/NETREACH_SECRET_KEY/);
    expect((await cli(runKeysCli, ['spin'], env)).code).toBe(2);
  });
});
