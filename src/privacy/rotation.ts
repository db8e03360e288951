import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { auditLog } from '../db/schema/index.ts';
import { Vault } from './vault.ts';

/**
 * Re-encrypting the database under a new key (`netreach keys rotate`), and what cannot be.
 *
 * Every sealed column is named here with the purpose it was sealed for (the purpose is the
 * value's associated data, so it must be known to open it). The walk goes table by table in
 * batches by primary key, each batch in one transaction, and touches only values still under an
 * older key: an interrupted run just runs again. Keyed hashes that can be recomputed from a sealed
 * value in the same row are recomputed in the same transaction; those whose source is not stored
 * (session, invitation, link-code and recovery-code hashes, known addresses, sign-in throttles)
 * are deleted: their tokens stop working (see README, "Keys and backups").
 */

type Row = Record<string, unknown>;

interface TableSpec {
  table: string;
  pk: string;
  /** Sealed columns and the purpose each was sealed for. */
  sealed: Record<string, (row: Row) => string>;
  /** Other columns the rehash reads. */
  extra?: string[];
  /** New values of the row's keyed hashes, from its opened sealed values; called only when those were re-sealed. */
  rehash?: (row: Row, opened: Partial<Record<string, string | null>>, vault: Vault) => Row;
}

const fixed = (purpose: string) => () => purpose;
const UNLINKED = 'unlinked:';

export const SEALED_COLUMNS: TableSpec[] = [
  { table: 'accounts', pk: 'id', sealed: { totp_secret_sealed: (r) => `console-totp:${r.id}` } },
  { table: 'case_events', pk: 'id', sealed: { text_sealed: fixed('case.event') } },
  { table: 'cases', pk: 'id', sealed: { feedback_comment_sealed: fixed('case.feedback') } },
  {
    table: 'clients',
    pk: 'id',
    sealed: { chat_sealed: fixed('client.chat') },
    extra: ['forgotten_at'],
    // The hash is of the Telegram user id; the sealed chat is that id for a private chat. A client
    // who wrote through a channel's direct messages cannot be re-linked: they will be a new client.
    rehash: (r, o, v) => {
      if (r.forgotten_at) return {};
      const chat = o.chat_sealed;
      return { tg_hash: chat && /^-?\d+$/.test(chat) ? v.hash('tg.user', chat) : `${UNLINKED}${r.id}` };
    },
  },
  {
    table: 'community_invites',
    pk: 'id',
    sealed: { link_sealed: fixed('community.invite.link') },
    rehash: (r, o, v) => ({ link_hash: o.link_sealed ? v.hash('community.invite', o.link_sealed) : `${UNLINKED}${r.id}` }),
  },
  {
    table: 'community_members',
    pk: 'id',
    sealed: { chat_sealed: fixed('community.member.chat') },
    rehash: (r, o, v) => ({ tg_hash: o.chat_sealed ? v.hash('tg.user', o.chat_sealed) : `${UNLINKED}${r.id}` }),
  },
  { table: 'moderation_actions', pk: 'id', sealed: { reason_sealed: fixed('community.reason'), appeal_sealed: fixed('community.appeal') } },
  { table: 'community_questions', pk: 'id', sealed: { body_sealed: fixed('community.question') } },
  { table: 'inbox', pk: 'update_id', sealed: { payload_sealed: fixed('inbox.update') } },
  { table: 'scheduled_jobs', pk: 'id', sealed: { payload_sealed: fixed('job.payload') } },
  { table: 'messages', pk: 'id', sealed: { body_sealed: fixed('message.body'), file_sealed: fixed('message.file') } },
  { table: 'outbox', pk: 'id', sealed: { payload_sealed: fixed('outbox.payload') } },
  { table: 'web_messages', pk: 'id', sealed: { body_sealed: fixed('web.message') } },
  { table: 'referrals', pk: 'id', sealed: { reason_sealed: fixed('message.body') } },
  {
    table: 'staff_members',
    pk: 'id',
    sealed: { user_sealed: fixed('staff.user'), name_sealed: fixed('staff.name') },
    // The @username is not stored, so its hash cannot be recomputed: cleared, and set again the
    // next time the member writes in the staff group.
    rehash: (r, o, v) => {
      const user = o.user_sealed;
      if (!user) return { tg_hash: `${UNLINKED}${r.id}`, username_hash: null };
      const tg = user.startsWith('console:') ? `console:${v.hash('console.account', user.slice('console:'.length))}` : v.hash('tg.user', user);
      return { tg_hash: tg, username_hash: null };
    },
  },
];

export interface RotationProgress {
  table: string;
  resealed: number;
  unreadable: number;
}

export interface RotationResult {
  /** Values re-sealed under the new key. */
  resealed: number;
  /** Values under an older key that did not open (damaged): they stay unreadable. */
  unreadable: number;
  /** Rows re-linked to the new key's hashes, and those that could not be (they start anew). */
  rehashed: number;
  unlinked: number;
  /** False when stopped by `stopAfterBatches` (a test of an interruption). */
  finished: boolean;
}

export interface RotationOptions {
  batchSize?: number;
  /** Stop after this many batches, as an interruption would (tests). */
  stopAfterBatches?: number;
  onProgress?: (p: RotationProgress) => void;
}

const rowsOf = (r: unknown) => (r as { rows: Row[] }).rows;

/** Sealed columns of the database that this file does not name: a rotation would leave them behind. */
export async function unknownSealedColumns(db: Db): Promise<string[]> {
  const known = new Set(SEALED_COLUMNS.flatMap((t) => Object.keys(t.sealed).map((c) => `${t.table}.${c}`)));
  const cols = rowsOf(await db.execute(sql`select table_name, column_name from information_schema.columns where table_schema = 'public' and column_name like '%\_sealed'`));
  return cols.map((c) => `${c.table_name}.${c.column_name}`).filter((c) => !known.has(c));
}

/** Values in the database under each key id (`v1` for values from before key ids). */
export async function sealedByKey(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const t of SEALED_COLUMNS) {
    for (const c of Object.keys(t.sealed)) {
      const q = sql.raw(`select case when ${c} like 'v1.%' then 'v1' else substr(${c}, 4, 8) end as kid, count(*)::int as n from ${t.table} where ${c} like 'v_.%' group by 1`);
      for (const r of rowsOf(await db.execute(q))) counts[String(r.kid)] = (counts[String(r.kid)] ?? 0) + Number(r.n);
    }
  }
  return counts;
}

/**
 * Re-seals and re-hashes everything under `vault`'s older key with its newest. `vault` must hold
 * both (the current key and the staged next one). Returns with `finished` when a final pass finds
 * nothing left under the older key (values written meanwhile by a server that had not picked up
 * the new key yet are caught by the next pass).
 */
export async function reencrypt(db: Db, vault: Vault, opts: RotationOptions = {}): Promise<RotationResult> {
  if (!vault.rotating) throw new Error('no next key is staged');
  const unknown = await unknownSealedColumns(db);
  if (unknown.length > 0) throw new Error(`these sealed columns are not known to the rotation (src/privacy/rotation.ts): ${unknown.join(', ')}`);
  const batchSize = opts.batchSize ?? 200;
  const oldKids = vault.kids.slice(1);
  const result: RotationResult = { resealed: 0, unreadable: 0, rehashed: 0, unlinked: 0, finished: false };
  let batches = 0;

  for (let pass = 0; pass < 5; pass++) {
    let convertedThisPass = 0;
    for (const t of SEALED_COLUMNS) {
      const cols = Object.keys(t.sealed);
      const underOld = cols.map((c) => [`${c} like 'v1.%'`, ...oldKids.map((k) => `${c} like 'v2.${k}.%'`)].join(' or ')).join(' or ');
      const hashCols = t.rehash ? Object.keys(t.rehash({ id: 0 }, Object.fromEntries(cols.map((c) => [c, null])), vault)) : [];
      let cursor: unknown = null;
      for (;;) {
        if (opts.stopAfterBatches !== undefined && batches >= opts.stopAfterBatches) return result;
        const progress: RotationProgress = { table: t.table, resealed: 0, unreadable: 0 };
        const done = await db.transaction(async (tx) => {
          const after = cursor === null ? sql`true` : sql`${sql.raw(t.pk)} > ${cursor}`;
          const select = [t.pk, ...cols, ...(t.extra ?? [])].join(', ');
          const rows = rowsOf(await tx.execute(sql`select ${sql.raw(select)} from ${sql.raw(t.table)} where ${after} and (${sql.raw(underOld)}) order by ${sql.raw(t.pk)} limit ${batchSize} for update`));
          for (const row of rows) {
            const set: Row = {};
            const opened: Record<string, string | null> = {};
            let changed = false;
            for (const c of cols) {
              const value = row[c] as string | null;
              if (value === null || vault.isCurrent(value)) {
                opened[c] = value === null ? null : vault.tryOpen(t.sealed[c]!(row), value);
                continue;
              }
              const plain = vault.tryOpen(t.sealed[c]!(row), value);
              opened[c] = plain;
              if (plain === null) {
                progress.unreadable++;
                continue;
              }
              set[c] = vault.seal(t.sealed[c]!(row), plain);
              progress.resealed++;
              changed = true;
            }
            if (changed && t.rehash) {
              const hashes = t.rehash(row, opened, vault);
              for (const [col, h] of Object.entries(hashes)) {
                // A row made meanwhile under the new hash (the same person) keeps it; this one is set apart.
                if (typeof h === 'string' && !h.startsWith(UNLINKED) && hashCols.includes(col)) {
                  const clash = rowsOf(await tx.execute(sql`select 1 from ${sql.raw(t.table)} where ${sql.raw(col)} = ${h} and ${sql.raw(t.pk)} <> ${row[t.pk]}`));
                  if (clash.length > 0) {
                    set[col] = `${UNLINKED}${row[t.pk]}`;
                    result.unlinked++;
                    continue;
                  }
                }
                set[col] = h;
                if (typeof h === 'string' && h.startsWith(UNLINKED)) result.unlinked++;
                else if (h !== null) result.rehashed++;
              }
            }
            if (Object.keys(set).length > 0) {
              const assignments = sql.join(
                Object.entries(set).map(([col, v]) => sql`${sql.raw(col)} = ${v}`),
                sql`, `,
              );
              await tx.execute(sql`update ${sql.raw(t.table)} set ${assignments} where ${sql.raw(t.pk)} = ${row[t.pk]}`);
            }
            cursor = row[t.pk];
          }
          return rows.length < batchSize;
        });
        batches++;
        result.resealed += progress.resealed;
        result.unreadable += progress.unreadable;
        convertedThisPass += progress.resealed;
        if (progress.resealed + progress.unreadable > 0) opts.onProgress?.(progress);
        if (done) break;
      }
    }
    if (convertedThisPass === 0) {
      result.finished = true;
      return result;
    }
  }
  return result;
}

/**
 * Deletes what was hashed under the older key from a source that is not stored: console sessions
 * (everyone signs in again), unused one-time links (setup, invitations, link codes: send them
 * again), recovery codes (each account makes new ones), known addresses and sign-in throttles.
 */
export async function voidUnrecomputable(db: Db): Promise<{ sessionsEnded: number; tokensVoided: number; recoveryCodesVoided: number }> {
  const count = async (q: SQL) => rowsOf(await db.execute(q)).length;
  await db.execute(sql`delete from known_addresses`);
  await db.execute(sql`delete from login_throttle`);
  return {
    sessionsEnded: await count(sql`delete from sessions returning 1`),
    tokensVoided: await count(sql`delete from one_time_tokens where used_at is null returning 1`),
    recoveryCodesVoided: await count(sql`delete from recovery_codes where used_at is null returning 1`),
  };
}

/** An audit line (counts only, never a value). */
export async function auditKeys(db: Db, action: 'keys.rotate.start' | 'keys.rotate.finish' | 'keys.destroy', detail: Record<string, number | string | boolean>): Promise<void> {
  await db.insert(auditLog).values({ accountId: null, action, detail: Object.entries(detail).map(([k, v]) => `${k}=${v}`).join(' ') });
}

/** Every sealed value in the database with the purpose it was sealed for (tests check each opens). */
export async function everySealed(db: Db): Promise<{ where: string; purpose: string; value: string }[]> {
  const out: { where: string; purpose: string; value: string }[] = [];
  for (const t of SEALED_COLUMNS) {
    const rows = rowsOf(await db.execute(sql.raw(`select * from ${t.table}`)));
    for (const r of rows) for (const [c, purpose] of Object.entries(t.sealed)) if (typeof r[c] === 'string' && /^v[12]\./.test(r[c] as string)) out.push({ where: `${t.table}.${c}#${String(r[t.pk])}`, purpose: purpose(r), value: r[c] as string });
  }
  return out;
}
