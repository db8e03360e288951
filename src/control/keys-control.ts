import { isAbsolute } from 'node:path';
import { startControl, type ControlHandler } from './server.ts';
import { safeError, type Logger } from '../log.ts';
import { hasNextKey, keyFilesStamp, readKeyring } from '../privacy/key-files.ts';
import type { Vault } from '../privacy/vault.ts';
import type { Database } from '../db/open.ts';
import { KEY_NOT_INCLUDED, PG_DUMP_ADVICE, RESTORE_HINT, writeBackup } from '../privacy/backup.ts';
import { destroyKeys, keysStatus, rotateKeys, type KeysContext, type RotateReport } from '../privacy/keys.ts';

/** How often a server looks at the key files, and so how long a rotation waits before it voids old tokens. */
export const KEY_POLL_MS = 2000;

/**
 * What the running server does for `netreach keys …` and `netreach backup` (through its control
 * socket). One rotation at a time: a second request follows the one under way.
 */
export function keysHandlers(ctx: KeysContext, database: Database): Record<string, ControlHandler> {
  let rotation: Promise<RotateReport> | undefined;
  const listeners = new Set<(p: unknown) => void>();
  return {
    status: async () => ({ ...(await keysStatus(ctx)), rotating: rotation !== undefined }),
    rotate: async (args, progress) => {
      listeners.add(progress);
      rotation ??= rotateKeys(ctx, {
        graceMs: typeof args.graceMs === 'number' ? args.graceMs : 2 * KEY_POLL_MS + 500,
        ...(typeof args.batchSize === 'number' ? { batchSize: args.batchSize } : {}),
        ...(typeof args.stopAfterBatches === 'number' ? { stopAfterBatches: args.stopAfterBatches } : {}),
        onProgress: (p) => listeners.forEach((l) => l(p)),
      }).finally(() => {
        rotation = undefined;
        listeners.clear();
      });
      return rotation;
    },
    destroy: async (args) => {
      if (args.confirmed !== true) throw new Error('not confirmed');
      if (rotation) await rotation.catch(() => {});
      return destroyKeys(ctx);
    },
    backup: async (args) => {
      if (database.kind !== 'pglite') return { advice: PG_DUMP_ADVICE };
      const out = args.out;
      if (typeof out !== 'string' || !isAbsolute(out)) throw new Error('the backup needs an absolute path');
      return { out, ...(await writeBackup(database, out)), note: `${KEY_NOT_INCLUDED}\n${RESTORE_HINT.replace('FILE', out)}` };
    },
  };
}

/**
 * In the server: watches the key files (a rotation staged or finished by another process, a key
 * destroyed) and loads them into the vault every part of the server holds, and opens the control
 * socket. A key from NETREACH_SECRET_KEY is never replaced from the files.
 */
export async function startKeyControl(o: { dataDir: string; keyFromEnv: boolean; vault: Vault; database: Database; log: Logger }): Promise<() => Promise<void>> {
  const ctx: KeysContext = { db: o.database.db, dataDir: o.dataDir, vault: o.vault, keyFromEnv: o.keyFromEnv };
  let stamp = keyFilesStamp(o.dataDir);
  if (!o.keyFromEnv && hasNextKey(o.dataDir)) o.log.warn({ event: 'keys.rotation_pending', kids: o.vault.kids }, 'a key rotation was started and not finished: both keys are in use until `netreach keys rotate` is run again');
  const timer = o.keyFromEnv
    ? undefined
    : setInterval(() => {
        const now = keyFilesStamp(o.dataDir);
        if (now === stamp) return;
        try {
          const ring = readKeyring(o.dataDir);
          if (!ring) return;
          stamp = now;
          const before = o.vault.kids.join(',');
          o.vault.setKeys(ring.current, ring.next);
          if (o.vault.kids.join(',') !== before) o.log.info({ event: 'keys.loaded', kids: o.vault.kids }, 'the key files changed: keys reloaded');
        } catch (err) {
          // A file caught half-written: the next look reads it whole.
          o.log.warn({ event: 'keys.load_failed', err: safeError(err) }, 'could not read the key files');
        }
      }, KEY_POLL_MS);
  timer?.unref();
  const control = await startControl(o.dataDir, keysHandlers(ctx, o.database), o.log);
  return async () => {
    if (timer) clearInterval(timer);
    await control?.close();
  };
}
