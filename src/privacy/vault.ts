import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

interface Key {
  kid: string;
  mac: Buffer;
  enc: Buffer;
}

/** A short, public id of a key: which key sealed a value, without saying anything of the key. */
export function keyId(master: Buffer): string {
  return createHmac('sha256', master).update('netreach/key-id').digest('base64url').slice(0, 8);
}

function keyOf(master: Buffer): Key {
  if (master.length < 32) throw new Error('the secret key must be at least 32 bytes');
  return {
    kid: keyId(master),
    mac: Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'netreach/v1/mac', 32)),
    enc: Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'netreach/v1/enc', 32)),
  };
}

/** A sealed value that this vault cannot open: sealed under a key it no longer holds, or damaged. */
export class UnreadableError extends Error {}

/**
 * Keyed hashing and authenticated encryption of everything that could identify a client.
 *
 * - `hash` gives a stable look-up key (HMAC-SHA-256) so that a Telegram id can be found again
 *   without being stored.
 * - `seal`/`open` use AES-256-GCM with the purpose as associated data, so a value sealed for one
 *   column cannot be swapped into another.
 *
 * The vault holds the key in force and, while a rotation runs, the next one (`netreach keys
 * rotate`). Sealed values say which key sealed them (`v2.<key id>.…`); values from before key ids
 * (`v1.…`) were all sealed under the key in force before the first rotation. New values and hashes
 * use the newest key; `hashes` gives every key's hash, so look-ups find rows not re-hashed yet.
 * The keys can be replaced while the server runs: everything holds this one object.
 */
export class Vault {
  /** Newest first. */
  #keys: Key[] = [];
  /** The key the data had before any rotation: the one `v1.` values were sealed with. */
  #legacy: Key;

  constructor(master: Buffer, next?: Buffer) {
    this.#legacy = keyOf(master);
    this.setKeys(master, next);
  }

  /** Replaces the keys (a rotation staged, finished, or the key destroyed). */
  setKeys(current: Buffer, next?: Buffer): void {
    const keys = [keyOf(current)];
    if (next && !next.equals(current)) keys.unshift(keyOf(next));
    this.#keys = keys;
  }

  /** The id of the key new values are sealed with. */
  get kid(): string {
    return this.#keys[0]!.kid;
  }

  /** Ids of the keys held, newest first. */
  get kids(): string[] {
    return this.#keys.map((k) => k.kid);
  }

  /** Whether a rotation's next key is held beside the current one. */
  get rotating(): boolean {
    return this.#keys.length > 1;
  }

  hash(purpose: string, value: string | number | bigint): string {
    return hmac(this.#keys[0]!, purpose, value);
  }

  /** Every held key's hash of `value`, newest first: a look-up matches a row hashed under any of them. */
  hashes(purpose: string, value: string | number | bigint): string[] {
    return this.#keys.map((k) => hmac(k, purpose, value));
  }

  /** Derived secret bytes for a named use (e.g. the webhook secret token), stable across restarts. */
  derive(purpose: string, bytes = 32): Buffer {
    return createHmac('sha256', this.#keys[0]!.mac).update(`derive\0${purpose}`).digest().subarray(0, bytes);
  }

  seal(purpose: string, plaintext: string): string {
    const key = this.#keys[0]!;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key.enc, iv);
    cipher.setAAD(Buffer.from(purpose, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `v2.${key.kid}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
  }

  /** The id of the key `sealed` says it was sealed with (`v1.` values: the legacy key's). */
  static kidOf(sealed: string, legacyKid: string): string | undefined {
    if (sealed.startsWith('v1.')) return legacyKid;
    const m = /^v2\.([A-Za-z0-9_-]{8})\./.exec(sealed);
    return m?.[1];
  }

  /** Whether `sealed` was sealed with the newest key held. */
  isCurrent(sealed: string): boolean {
    return sealed.startsWith(`v2.${this.kid}.`);
  }

  open(purpose: string, sealed: string): string {
    let key: Key | undefined;
    let body: string;
    if (sealed.startsWith('v1.')) {
      key = this.#keys.find((k) => k.kid === this.#legacy.kid);
      body = sealed.slice(3);
    } else if (sealed.startsWith('v2.')) {
      const kid = sealed.slice(3, 11);
      key = this.#keys.find((k) => k.kid === kid);
      body = sealed.slice(12);
    } else {
      throw new UnreadableError('unknown sealed value format');
    }
    if (!key) throw new UnreadableError('sealed under a key this server does not hold');
    const raw = Buffer.from(body, 'base64url');
    if (raw.length < 28) throw new UnreadableError('sealed value is truncated');
    const decipher = createDecipheriv('aes-256-gcm', key.enc, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(purpose, 'utf8'));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    try {
      return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
    } catch {
      throw new UnreadableError('sealed value does not open (another purpose, or damaged)');
    }
  }

  /** `open`, or null when the value cannot be read (its key was destroyed, or it is damaged). */
  tryOpen(purpose: string, sealed: string): string | null {
    try {
      return this.open(purpose, sealed);
    } catch (err) {
      if (err instanceof UnreadableError) return null;
      throw err;
    }
  }

  sealJson(purpose: string, value: unknown): string {
    return this.seal(purpose, JSON.stringify(value));
  }

  openJson<T>(purpose: string, sealed: string): T {
    return JSON.parse(this.open(purpose, sealed)) as T;
  }
}

function hmac(key: Key, purpose: string, value: string | number | bigint): string {
  return createHmac('sha256', key.mac).update(`${purpose}\0${value}`).digest('base64url');
}
