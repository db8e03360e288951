import { sql } from 'drizzle-orm';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/open.ts';
import { hasNextKey, NEXT_KEY_FILE, promoteNextKey, readKeyring, replaceKey, stageNextKey } from './key-files.ts';
import { auditKeys, reencrypt, sealedByKey, voidUnrecomputable, type RotationOptions, type RotationResult } from './rotation.ts';
import { keyId, Vault } from './vault.ts';

/**
 * What `netreach keys rotate|destroy|status` do, wherever they run: in the server (asked through
 * the control socket) or in the command itself when no server holds the database.
 */
export interface KeysContext {
  db: Db;
  dataDir: string;
  /** The vault every part of this process holds: its keys are replaced in place. */
  vault: Vault;
  /** The key came from NETREACH_SECRET_KEY: it cannot be replaced from here. */
  keyFromEnv: boolean;
}

/** Written once the tokens hashed under the old key are voided, so a resumed rotation does not void newer ones. */
const VOIDED_FILE = `${NEXT_KEY_FILE}.voided`;

export const ENV_KEY_REFUSAL =
  'the key comes from NETREACH_SECRET_KEY, which a running server cannot replace. To rotate or destroy it, move the key to a file: ' +
  'stop the server; write it to DATA_DIR/secret.key (printf %s "$NETREACH_SECRET_KEY" | base64 -w0 > DATA_DIR/secret.key; chmod 600 DATA_DIR/secret.key); ' +
  'remove NETREACH_SECRET_KEY from the environment (and from where it is kept); start the server; then run the command again. ' +
  'Every instance must then share that DATA_DIR key file.';

export interface RotateReport extends RotationResult {
  kid: string;
  previousKid: string;
  sessionsEnded?: number;
  tokensVoided?: number;
  recoveryCodesVoided?: number;
}

/**
 * Rotates the key: stages a next key (or takes the staged one: a rotation resumes), lets other
 * processes pick it up (`graceMs`: they poll the key files), voids what cannot be re-hashed,
 * re-seals everything, then makes the next key the key in force and overwrites the old one.
 */
export async function rotateKeys(ctx: KeysContext, opts: RotationOptions & { graceMs?: number } = {}): Promise<RotateReport> {
  if (ctx.keyFromEnv) throw new Error(ENV_KEY_REFUSAL);
  const ring = readKeyring(ctx.dataDir);
  if (!ring) throw new Error(`no key file in ${ctx.dataDir}`);
  const resumed = hasNextKey(ctx.dataDir);
  const next = ring.next ?? stageNextKey(ctx.dataDir);
  ctx.vault.setKeys(ring.current, next);
  const report = { kid: keyId(next), previousKid: keyId(ring.current) };
  if (!resumed) await auditKeys(ctx.db, 'keys.rotate.start', { from: report.previousKid, to: report.kid, ...(await sealedByKey(ctx.db)) });
  if (!existsSync(join(ctx.dataDir, VOIDED_FILE))) {
    // Every process must hash with the new key before the old tokens go, or one made meanwhile is lost.
    if (opts.graceMs) await new Promise((r) => setTimeout(r, opts.graceMs));
    const voided = await voidUnrecomputable(ctx.db);
    writeFileSync(join(ctx.dataDir, VOIDED_FILE), JSON.stringify(voided), { mode: 0o600 });
    Object.assign(report, voided);
    await auditKeys(ctx.db, 'keys.rotate.start', { sessions_ended: voided.sessionsEnded, links_voided: voided.tokensVoided, recovery_codes_voided: voided.recoveryCodesVoided });
  }
  const result = await reencrypt(ctx.db, ctx.vault, opts);
  if (!result.finished) return { ...report, ...result };
  promoteNextKey(ctx.dataDir);
  rmSync(join(ctx.dataDir, VOIDED_FILE), { force: true });
  ctx.vault.setKeys(next);
  await auditKeys(ctx.db, 'keys.rotate.finish', { key: report.kid, resealed: result.resealed, rehashed: result.rehashed, unlinked: result.unlinked, unreadable: result.unreadable });
  return { ...report, ...result };
}

export interface DestroyReport {
  kid: string;
  sessionsEnded: number;
  tokensVoided: number;
  recoveryCodesVoided: number;
}

/**
 * Replaces the key with a fresh one in one step: every sealed value, every hash is unreadable from
 * then on, in this process at once (and in others at their next poll of the key files). The staff
 * accounts' second-factor secrets are the one thing carried over (re-sealed under the new key):
 * without them nobody could sign in to the console to keep working.
 */
export async function destroyKeys(ctx: KeysContext): Promise<DestroyReport> {
  if (ctx.keyFromEnv) throw new Error(ENV_KEY_REFUSAL);
  const totp = ((await ctx.db.execute(sql`select id, totp_secret_sealed from accounts where totp_secret_sealed is not null`)) as unknown as { rows: { id: number; totp_secret_sealed: string }[] }).rows
    .map((r) => ({ id: r.id, secret: ctx.vault.tryOpen(`console-totp:${r.id}`, r.totp_secret_sealed) }));
  const key = replaceKey(ctx.dataDir);
  ctx.vault.setKeys(key);
  for (const t of totp) {
    const sealed = t.secret === null ? null : ctx.vault.seal(`console-totp:${t.id}`, t.secret);
    await ctx.db.execute(sql`update accounts set totp_secret_sealed = ${sealed} where id = ${t.id}`);
  }
  rmSync(join(ctx.dataDir, VOIDED_FILE), { force: true });
  // Queued calls and stored updates sealed under the old key can never be carried out: set aside,
  // or a staff group's queue would wait behind an item nobody can read.
  const fresh = `v2.${ctx.vault.kid}.%`;
  await ctx.db.execute(sql`update outbox set status = 'discarded', payload_sealed = null, last_error = 'key destroyed', done_at = now() where status in ('pending', 'attempted') and payload_sealed is not null and payload_sealed not like ${fresh}`);
  await ctx.db.execute(sql`update inbox set status = 'failed', last_error = 'key destroyed' where status = 'pending' and payload_sealed is not null and payload_sealed not like ${fresh}`);
  const voided = await voidUnrecomputable(ctx.db);
  await auditKeys(ctx.db, 'keys.destroy', { key: keyId(key), sessions_ended: voided.sessionsEnded, links_voided: voided.tokensVoided, recovery_codes_voided: voided.recoveryCodesVoided });
  return { kid: keyId(key), ...voided };
}

export interface KeysStatus {
  keyFromEnv: boolean;
  kid: string;
  /** The staged key of a rotation under way (or interrupted). */
  nextKid?: string;
  /** Sealed values per key id (`v1`: from before key ids, under the key in force before any rotation). */
  sealed: Record<string, number>;
}

export async function keysStatus(ctx: KeysContext): Promise<KeysStatus> {
  const ring = ctx.keyFromEnv ? undefined : readKeyring(ctx.dataDir);
  return {
    keyFromEnv: ctx.keyFromEnv,
    kid: ring ? keyId(ring.current) : ctx.vault.kids.at(-1)!,
    ...(ring?.next ? { nextKid: keyId(ring.next) } : {}),
    sealed: await sealedByKey(ctx.db),
  };
}
