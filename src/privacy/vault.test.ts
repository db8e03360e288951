import { mkdtempSync, statSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateSecretKey, SECRET_KEY_FILE } from './secret-key.ts';
import { UnreadableError, Vault } from './vault.ts';

const vault = new Vault(Buffer.alloc(32, 7));

describe('vault', () => {
  it('seals and opens text, including emoji and Cyrillic', () => {
    const text = 'Помогите, он не дышит 😟';
    const sealed = vault.seal('message.body', text);
    expect(sealed).not.toContain('дышит');
    expect(vault.open('message.body', sealed)).toBe(text);
  });

  it('gives different ciphertexts for the same text', () => {
    expect(vault.seal('p', 'same')).not.toBe(vault.seal('p', 'same'));
  });

  it('refuses a value sealed for another purpose or tampered with', () => {
    const sealed = vault.seal('client.chat', '12345');
    expect(() => vault.open('staff.user', sealed)).toThrow();
    const raw = Buffer.from(sealed.slice(12), 'base64url');
    raw[raw.length - 1]! ^= 1;
    expect(() => vault.open('client.chat', `${sealed.slice(0, 12)}${raw.toString('base64url')}`)).toThrow();
    expect(() => vault.open('client.chat', 'v9.abc')).toThrow(/format/);
  });

  it('opens nothing with another key', () => {
    const other = new Vault(Buffer.alloc(32, 8));
    expect(() => other.open('p', vault.seal('p', 'x'))).toThrow();
  });

  it('hashes stably per purpose and key, without revealing the input', () => {
    expect(vault.hash('tg.user', 42)).toBe(vault.hash('tg.user', '42'));
    expect(vault.hash('tg.user', 42)).not.toBe(vault.hash('other', 42));
    expect(vault.hash('tg.user', 42)).not.toBe(new Vault(Buffer.alloc(32, 9)).hash('tg.user', 42));
    expect(vault.hash('tg.user', 987654321)).not.toContain('987654321');
  });

  it('round-trips JSON', () => {
    const value = { update_id: 1, message: { text: 'hi' } };
    expect(vault.openJson('inbox.update', vault.sealJson('inbox.update', value))).toEqual(value);
  });
});

describe('keyring', () => {
  const oldKey = Buffer.alloc(32, 1);
  const newKey = Buffer.alloc(32, 2);
  /** A value in the format written before key ids (v1), under `master`. */
  const legacySeal = (master: Buffer, purpose: string, text: string) => {
    const v = new Vault(master).seal(purpose, text);
    return `v1.${v.slice(12)}`;
  };

  it('marks what it seals with the key id, and opens by key id', () => {
    const old = new Vault(oldKey);
    const both = new Vault(oldKey, newKey);
    expect(old.kid).toHaveLength(8);
    expect(both.kid).not.toBe(old.kid);
    expect(both.kids).toEqual([both.kid, old.kid]);
    const a = old.seal('p', 'under the old key');
    const b = both.seal('p', 'under the new key');
    expect(a.startsWith(`v2.${old.kid}.`)).toBe(true);
    expect(b.startsWith(`v2.${both.kid}.`)).toBe(true);
    expect(both.open('p', a)).toBe('under the old key');
    expect(both.open('p', b)).toBe('under the new key');
    expect(() => old.open('p', b)).toThrow(UnreadableError);
    expect(old.tryOpen('p', b)).toBeNull();
    expect(both.isCurrent(b)).toBe(true);
    expect(both.isCurrent(a)).toBe(false);
  });

  it('reads v1 values with the key held before any rotation, and not after it', () => {
    const v1 = legacySeal(oldKey, 'p', 'older format');
    expect(new Vault(oldKey).open('p', v1)).toBe('older format');
    const rotating = new Vault(oldKey, newKey);
    expect(rotating.open('p', v1)).toBe('older format');
    expect(Vault.kidOf(v1, rotating.kids[1]!)).toBe(rotating.kids[1]);
    rotating.setKeys(newKey);
    expect(rotating.tryOpen('p', v1)).toBeNull();
    expect(new Vault(newKey).tryOpen('p', v1)).toBeNull();
  });

  it('hashes with the newest key and gives every key\'s hash for look-ups', () => {
    const old = new Vault(oldKey);
    const both = new Vault(oldKey, newKey);
    expect(both.hash('tg.user', 42)).toBe(new Vault(newKey).hash('tg.user', 42));
    expect(both.hashes('tg.user', 42)).toEqual([new Vault(newKey).hash('tg.user', 42), old.hash('tg.user', 42)]);
    expect(old.hashes('tg.user', 42)).toEqual([old.hash('tg.user', 42)]);
    expect(both.rotating).toBe(true);
    both.setKeys(newKey);
    expect(both.rotating).toBe(false);
  });

  it('tryOpen gives null for a value sealed for another purpose', () => {
    expect(vault.tryOpen('a', vault.seal('b', 'x'))).toBeNull();
  });
});

describe('secret key', () => {
  it('is created once with mode 0600 and read back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netreach-key-'));
    const first = loadOrCreateSecretKey(dir);
    expect(first.created).toBe(true);
    expect(first.key).toHaveLength(32);
    expect(statSync(join(dir, SECRET_KEY_FILE)).mode & 0o777).toBe(0o600);
    const second = loadOrCreateSecretKey(dir);
    expect(second.created).toBe(false);
    expect(second.key.equals(first.key)).toBe(true);
    expect(readFileSync(join(dir, SECRET_KEY_FILE), 'utf8').trim()).toBe(first.key.toString('base64'));
  });

  it('uses NETREACH_SECRET_KEY instead of a file when given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netreach-key-'));
    const { key, created } = loadOrCreateSecretKey(dir, 'k'.repeat(40));
    expect(created).toBe(false);
    expect(key.toString()).toBe('k'.repeat(40));
    expect(() => statSync(join(dir, SECRET_KEY_FILE))).toThrow();
  });
});
