import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * RFC 6238 time-based one-time passwords (RFC 4226 HOTP over a 30-second counter), as every
 * authenticator app reads them: SHA-1, 6 digits, 30 s, base32 secret. Checking accepts the
 * previous and the next step too (clocks on phones drift).
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32, upper case, without padding. */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/** Decodes base32, ignoring case, spaces, hyphens and padding; throws on any other character. */
export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s=-]/g, '');
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of clean) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new Error('not a base32 string');
    buffer = (buffer << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 255);
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  return Buffer.from(out);
}

export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

export interface TotpOptions {
  digits?: number;
  periodSeconds?: number;
  algorithm?: TotpAlgorithm;
}

/** RFC 4226 HOTP value of `counter` under `key`. */
export function hotp(key: Uint8Array, counter: number | bigint, digits = 6, algorithm: TotpAlgorithm = 'sha1'): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

export function timeStep(atMs: number, periodSeconds = 30): number {
  return Math.floor(atMs / 1000 / periodSeconds);
}

/** The code for the moment `atMs` (milliseconds since the epoch). `secret` is base32. */
export function totp(secret: string, atMs: number, opts: TotpOptions = {}): string {
  return hotp(base32Decode(secret), timeStep(atMs, opts.periodSeconds), opts.digits ?? 6, opts.algorithm);
}

/** A new random secret: 20 bytes (160 bits, RFC 4226's recommendation), base32. */
export function generateTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/** Strips what people type between digits ("123 456", "123-456"). */
export function normaliseCode(code: string): string {
  return code.replace(/[\s-]/g, '');
}

/**
 * Checks `code` against the steps around `atMs` (±`window`, default 1). Returns the matching time
 * step, so the caller can refuse the same code twice, or null.
 */
export function verifyTotp(secret: string, code: string, atMs: number, opts: TotpOptions & { window?: number } = {}): number | null {
  const digits = opts.digits ?? 6;
  const given = normaliseCode(code);
  if (!new RegExp(`^\\d{${digits}}$`).test(given)) return null;
  const key = base32Decode(secret);
  const now = timeStep(atMs, opts.periodSeconds);
  const window = opts.window ?? 1;
  let match: number | null = null;
  // Compare every candidate (no early exit) so the time taken does not depend on which matched.
  for (let step = now - window; step <= now + window; step++) {
    if (step < 0) continue;
    const expected = hotp(key, step, digits, opts.algorithm);
    if (timingSafeEqual(Buffer.from(expected), Buffer.from(given)) && match === null) match = step;
  }
  return match;
}

/** `otpauth://` URI (Key Uri Format) that authenticator apps import. */
export function otpauthUri(opts: { issuer: string; account: string; secret: string }): string {
  const label = `${encodeURIComponent(opts.issuer)}:${encodeURIComponent(opts.account)}`;
  const query = new URLSearchParams({ secret: opts.secret, issuer: opts.issuer, algorithm: 'SHA1', digits: '6', period: '30' });
  return `otpauth://totp/${label}?${query.toString().replace(/\+/g, '%20')}`;
}

/** The secret in groups of four, for typing into an app by hand. */
export function formatSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/**
 * Remembers the last accepted step per account, so a code seen over a shoulder cannot be used
 * again while it is still valid. In memory: a restart forgets, which costs at most one reuse.
 */
export class UsedCodes {
  readonly #last = new Map<number, number>();

  /** True (and remembered) when `step` is later than the last one accepted for `accountId`. */
  accept(accountId: number, step: number): boolean {
    const last = this.#last.get(accountId);
    if (last !== undefined && step <= last) return false;
    this.#last.set(accountId, step);
    if (this.#last.size > 10_000) this.#last.delete(this.#last.keys().next().value!);
    return true;
  }
}
