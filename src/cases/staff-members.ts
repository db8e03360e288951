import { and, inArray, sql } from 'drizzle-orm';
import { staffMembers } from '../db/schema/index.ts';
import { HASH, SEAL, type CaseDeps } from './deps.ts';

export type StaffMember = typeof staffMembers.$inferSelect;

/** Records a member of the staff group the first time they act there (id hashed, name sealed). */
export async function upsertStaffMember(d: Pick<CaseDeps, 'db' | 'vault'>, user: { id: number; first_name: string; username?: string }): Promise<StaffMember> {
  const tgHash = d.vault.hash(HASH.telegramUser, user.id);
  const nameSealed = d.vault.seal(SEAL.staffName, user.first_name);
  const usernameHash = user.username ? usernameKey(d, user.username) : null;
  // During a key rotation the member may still be under the older key's hash: moved to the newest.
  const [moved] = await rehome(d, d.vault.hashes(HASH.telegramUser, user.id), { tgHash, userSealed: d.vault.seal(SEAL.staffUser, String(user.id)), nameSealed, usernameHash });
  if (moved) return moved;
  const [row] = await d.db
    .insert(staffMembers)
    .values({ tgHash, userSealed: d.vault.seal(SEAL.staffUser, String(user.id)), nameSealed, usernameHash })
    .onConflictDoUpdate({ target: staffMembers.tgHash, set: { lastSeenAt: sql`now()`, nameSealed, usernameHash } })
    .returning();
  return row!;
}

/** Marks a staff member who is a console account with no Telegram user behind it. */
export const CONSOLE_MEMBER_PREFIX = 'console:';

/**
 * The staff member of a console account not linked to Telegram: it lets the account hold cases
 * and sign its actions with its own name. Its key cannot collide with a Telegram user's hash.
 */
export async function consoleStaffMember(d: Pick<CaseDeps, 'db' | 'vault'>, account: { id: number; displayName: string }): Promise<StaffMember> {
  const tgHash = `${CONSOLE_MEMBER_PREFIX}${d.vault.hash(HASH.consoleAccount, account.id)}`;
  const nameSealed = d.vault.seal(SEAL.staffName, account.displayName);
  const older = d.vault.hashes(HASH.consoleAccount, account.id).map((h) => `${CONSOLE_MEMBER_PREFIX}${h}`);
  const [moved] = await rehome(d, older, { tgHash, userSealed: d.vault.seal(SEAL.staffUser, `${CONSOLE_MEMBER_PREFIX}${account.id}`), nameSealed });
  if (moved) return moved;
  const [row] = await d.db
    .insert(staffMembers)
    .values({ tgHash, userSealed: d.vault.seal(SEAL.staffUser, `${CONSOLE_MEMBER_PREFIX}${account.id}`), nameSealed })
    .onConflictDoUpdate({ target: staffMembers.tgHash, set: { lastSeenAt: sql`now()`, nameSealed } })
    .returning();
  return row!;
}

/** The look-up key of a Telegram @username, as named in duty hours (`@anna`) or seen on a message (`anna`). */
export function usernameKey(d: Pick<CaseDeps, 'vault'>, username: string): string {
  return d.vault.hash(HASH.telegramUsername, username.replace(/^@/, '').toLowerCase());
}

/** A member found under an older key's hash (a rotation under way) takes the newest key's values. */
async function rehome(d: Pick<CaseDeps, 'db' | 'vault'>, hashes: string[], set: Partial<typeof staffMembers.$inferInsert> & { tgHash: string }): Promise<StaffMember[]> {
  const older = hashes.slice(1);
  if (older.length === 0) return [];
  return d.db
    .update(staffMembers)
    .set({ ...set, lastSeenAt: sql`now()` })
    .where(and(inArray(staffMembers.tgHash, older), sql`not exists (select 1 from ${staffMembers} s where s.tg_hash = ${set.tgHash})`))
    .returning();
}
