import { and, count, eq, inArray, isNull } from 'drizzle-orm';
import { randomInt } from 'node:crypto';
import type { Db } from '../../db/open.ts';
import { recoveryCodes } from '../../db/schema/index.ts';
import type { Vault } from '../../privacy/vault.ts';

/**
 * One-time recovery codes: ten, issued when the second factor is set up and shown once; each signs
 * in once in place of a code from the app. Stored only as keyed hashes (the vault's HMAC, with a
 * purpose per account), so a copy of the database reveals none. A code is 8 characters from an
 * alphabet without look-alikes (no 0/o, 1/l/i), written `xxxx-xxxx`: about 40 bits, and the
 * sign-in throttle allows a handful of guesses an hour.
 */

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
const LENGTH = 8;

export function generateRecoveryCode(): string {
  let s = '';
  for (let i = 0; i < LENGTH; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

/** What was typed, as stored: lower case, without spaces or hyphens; null when it cannot be a code. */
export function normaliseRecoveryCode(input: string): string | null {
  const s = input.toLowerCase().replace(/[\s-]/g, '');
  if (s.length !== LENGTH) return null;
  for (const ch of s) if (!ALPHABET.includes(ch)) return null;
  return s;
}

const hashCode = (vault: Vault, accountId: number, normalised: string) => vault.hash(`console-recovery-code:${accountId}`, normalised);

/** A new set of codes for the account, replacing any earlier one; returns them for showing once. */
export async function issueRecoveryCodes(db: Db, vault: Vault, accountId: number, now: Date): Promise<string[]> {
  const codes = new Set<string>();
  while (codes.size < RECOVERY_CODE_COUNT) codes.add(generateRecoveryCode());
  const list = [...codes];
  await db.transaction(async (tx) => {
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.accountId, accountId));
    await tx.insert(recoveryCodes).values(list.map((c) => ({ accountId, codeHash: hashCode(vault, accountId, normaliseRecoveryCode(c)!), createdAt: now })));
  });
  return list;
}

/**
 * Spends a code: true (with how many are left) when it was one of the account's unused codes. Two
 * requests with the same code: only one spends it.
 */
export async function useRecoveryCode(db: Db, vault: Vault, accountId: number, input: string, now: Date): Promise<{ ok: true; left: number } | { ok: false }> {
  const code = normaliseRecoveryCode(input);
  if (!code) return { ok: false };
  const spent = await db
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(recoveryCodes.accountId, accountId), eq(recoveryCodes.codeHash, hashCode(vault, accountId, code)), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  if (spent.length === 0) return { ok: false };
  return { ok: true, left: (await recoveryCodesLeft(db, [accountId])).get(accountId) ?? 0 };
}

/** Unused codes per account (accounts with none are absent). */
export async function recoveryCodesLeft(db: Db, accountIds: readonly number[]): Promise<Map<number, number>> {
  if (accountIds.length === 0) return new Map();
  const rows = await db
    .select({ accountId: recoveryCodes.accountId, n: count() })
    .from(recoveryCodes)
    .where(and(inArray(recoveryCodes.accountId, [...accountIds]), isNull(recoveryCodes.usedAt)))
    .groupBy(recoveryCodes.accountId);
  return new Map(rows.map((r) => [r.accountId, Number(r.n)]));
}

/** With the second factor reset: its codes go too. */
export async function deleteRecoveryCodes(db: Db, accountId: number): Promise<void> {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.accountId, accountId));
}
