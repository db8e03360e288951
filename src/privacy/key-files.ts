import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { SECRET_KEY_FILE } from './secret-key.ts';

/** The key a rotation moves the data to, staged beside the key in force until the rotation is done. */
export const NEXT_KEY_FILE = `${SECRET_KEY_FILE}.next`;

export interface Keyring {
  current: Buffer;
  next?: Buffer;
}

export function readKey(path: string): Buffer | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const key = Buffer.from(text, 'base64');
  if (key.length < 32) throw new Error(`${path} is not a Netreach key (expected 32 bytes in base64)`);
  return key;
}

/** The key file and the staged next key, as they are in DATA_DIR now. */
export function readKeyring(dataDir: string): Keyring | undefined {
  const current = readKey(join(dataDir, SECRET_KEY_FILE));
  if (!current) return undefined;
  const next = readKey(join(dataDir, NEXT_KEY_FILE));
  return next ? { current, next } : { current };
}

/** Something cheap that changes whenever either key file does: the server polls it. */
export function keyFilesStamp(dataDir: string): string {
  return [SECRET_KEY_FILE, NEXT_KEY_FILE]
    .map((f) => {
      try {
        const s = statSync(join(dataDir, f));
        return `${s.ino}:${s.size}:${s.mtimeMs}`;
      } catch {
        return '-';
      }
    })
    .join('|');
}

/** Stages a new key for a rotation, or returns the one already staged (an interrupted rotation resumes). */
export function stageNextKey(dataDir: string): Buffer {
  const path = join(dataDir, NEXT_KEY_FILE);
  const staged = readKey(path);
  if (staged) return staged;
  const key = randomBytes(32);
  writeDurably(`${path}.tmp`, key.toString('base64') + '\n');
  renameSync(`${path}.tmp`, path);
  return key;
}

/** The staged key becomes the key in force (one rename); the old key's bytes are overwritten. */
export function promoteNextKey(dataDir: string): void {
  const path = join(dataDir, SECRET_KEY_FILE);
  const old = openIfExists(path);
  try {
    renameSync(join(dataDir, NEXT_KEY_FILE), path);
  } finally {
    if (old !== undefined) shred(old);
  }
}

/**
 * Replaces the key with a fresh one in one rename; the old key and any staged next key are
 * overwritten and removed. Everything sealed under them can no longer be read by anyone who did
 * not copy the key before.
 */
export function replaceKey(dataDir: string): Buffer {
  const path = join(dataDir, SECRET_KEY_FILE);
  const nextPath = join(dataDir, NEXT_KEY_FILE);
  const key = randomBytes(32);
  writeDurably(`${path}.tmp`, key.toString('base64') + '\n');
  const old = openIfExists(path);
  const oldNext = openIfExists(nextPath);
  try {
    renameSync(`${path}.tmp`, path);
    if (oldNext !== undefined) rmSync(nextPath, { force: true });
  } finally {
    if (old !== undefined) shred(old);
    if (oldNext !== undefined) shred(oldNext);
  }
  return key;
}

export const hasNextKey = (dataDir: string) => existsSync(join(dataDir, NEXT_KEY_FILE));

function writeDurably(path: string, text: string): void {
  rmSync(path, { force: true });
  writeFileSync(path, text, { mode: 0o600, flag: 'wx' });
  const fd = openSync(path, 'r');
  fsyncSync(fd);
  closeSync(fd);
}

function openIfExists(path: string): number | undefined {
  try {
    return openSync(path, 'r+');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Overwrites an (already unlinked or replaced) key file's bytes. On a journalling or copy-on-write
 * file system, or an SSD, older copies of the blocks may survive: the README says so.
 */
function shred(fd: number): void {
  try {
    // fstat through the fd: the path may already name the new key.
    const size = Math.max(64, fstatSync(fd).size);
    writeSync(fd, randomBytes(size), 0, size, 0);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
