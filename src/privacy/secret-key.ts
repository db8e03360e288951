import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SECRET_KEY_FILE = 'secret.key';

/**
 * Returns the master key: NETREACH_SECRET_KEY when given, otherwise the key file in DATA_DIR,
 * created on first start with mode 0600. Losing this file makes every stored identifier and
 * message unreadable, which is also why it never leaves DATA_DIR.
 */
export function loadOrCreateSecretKey(dataDir: string, fromEnv?: string): { key: Buffer; created: boolean } {
  if (fromEnv) return { key: Buffer.from(fromEnv, 'utf8'), created: false };
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, SECRET_KEY_FILE);
  try {
    const text = readFileSync(path, 'utf8').trim();
    const key = Buffer.from(text, 'base64');
    if (key.length < 32) throw new Error(`${path} is not a Netreach key (expected 32 bytes in base64)`);
    // Tighten a key file that was copied with loose permissions rather than refuse to start.
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    return { key, created: false };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const key = randomBytes(32);
  writeFileSync(path, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  return { key, created: true };
}
