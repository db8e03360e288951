import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Keyed hashing and authenticated encryption of everything that could identify a client.
 *
 * - `hash` gives a stable look-up key (HMAC-SHA-256) so that a Telegram id can be found again
 *   without being stored.
 * - `seal`/`open` use AES-256-GCM with the purpose as associated data, so a value sealed for one
 *   column cannot be swapped into another.
 */
export class Vault {
  readonly #macKey: Buffer;
  readonly #encKey: Buffer;

  constructor(master: Buffer) {
    if (master.length < 32) throw new Error('the secret key must be at least 32 bytes');
    this.#macKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'netreach/v1/mac', 32));
    this.#encKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'netreach/v1/enc', 32));
  }

  hash(purpose: string, value: string | number | bigint): string {
    return createHmac('sha256', this.#macKey).update(`${purpose}\0${value}`).digest('base64url');
  }

  /** Derived secret bytes for a named use (e.g. the webhook secret token), stable across restarts. */
  derive(purpose: string, bytes = 32): Buffer {
    return createHmac('sha256', this.#macKey).update(`derive\0${purpose}`).digest().subarray(0, bytes);
  }

  seal(purpose: string, plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#encKey, iv);
    cipher.setAAD(Buffer.from(purpose, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `v1.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
  }

  open(purpose: string, sealed: string): string {
    if (!sealed.startsWith('v1.')) throw new Error('unknown sealed value format');
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    if (raw.length < 28) throw new Error('sealed value is truncated');
    const decipher = createDecipheriv('aes-256-gcm', this.#encKey, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(purpose, 'utf8'));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
  }

  sealJson(purpose: string, value: unknown): string {
    return this.seal(purpose, JSON.stringify(value));
  }

  openJson<T>(purpose: string, sealed: string): T {
    return JSON.parse(this.open(purpose, sealed)) as T;
  }
}
