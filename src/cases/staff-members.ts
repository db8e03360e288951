import { sql } from 'drizzle-orm';
import { staffMembers } from '../db/schema/index.ts';
import { HASH, SEAL, type CaseDeps } from './deps.ts';

export type StaffMember = typeof staffMembers.$inferSelect;

/** Records a member of the staff group the first time they act there (id hashed, name sealed). */
export async function upsertStaffMember(d: Pick<CaseDeps, 'db' | 'vault'>, user: { id: number; first_name: string }): Promise<StaffMember> {
  const tgHash = d.vault.hash(HASH.telegramUser, user.id);
  const nameSealed = d.vault.seal(SEAL.staffName, user.first_name);
  const [row] = await d.db
    .insert(staffMembers)
    .values({ tgHash, userSealed: d.vault.seal(SEAL.staffUser, String(user.id)), nameSealed })
    .onConflictDoUpdate({ target: staffMembers.tgHash, set: { lastSeenAt: sql`now()`, nameSealed } })
    .returning();
  return row!;
}
