import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { outbox } from '../db/schema/index.ts';
import type { Vault } from '../privacy/vault.ts';

/** What the outbox seals its payloads for (a value sealed for one purpose cannot be opened as another). */
export const OUTBOX_SEAL = 'outbox.payload';

/** A database handle or an open transaction: an item is queued with the change that causes it. */
export type Tx = Pick<Db, 'insert' | 'select' | 'update' | 'execute'>;

export interface NewItem {
  /** `group:<chat id>` or `client:<client row id>`: see `groupTarget` and `clientTarget`. */
  target: string;
  op: string;
  payload: Record<string, unknown>;
  lane?: number;
  caseId?: number;
  /** Queues at most one item with this key (a retried update cannot queue its copy twice). */
  dedupeKey?: string;
}

export const groupTarget = (chatId: number) => `group:${chatId}`;
export const clientTarget = (clientId: number) => `client:${clientId}`;
/** A community chat member's private chat, by their row in community_members (never their Telegram id). */
export const memberTarget = (memberId: number) => `member:${memberId}`;

/** The Telegram chat a target names when it is a group; a client's or member's chat is looked up by the op. */
export function parseTarget(target: string): { kind: 'group'; chatId: number } | { kind: 'client'; clientId: number } | { kind: 'member'; memberId: number } {
  const [kind, id] = target.split(':');
  if (kind === 'group') return { kind, chatId: Number(id) };
  if (kind === 'member') return { kind, memberId: Number(id) };
  return { kind: 'client', clientId: Number(id) };
}

/**
 * Stores items to send (payloads sealed). Returns false when an item with the same dedupe key was
 * queued before, so the caller can tell a retry from a first time.
 */
export async function enqueue(tx: Tx, vault: Vault, items: NewItem[]): Promise<number[] | false> {
  if (items.length === 0) return [];
  const rows = await tx
    .insert(outbox)
    .values(
      items.map((i) => ({
        target: i.target,
        op: i.op,
        lane: i.lane ?? 2,
        caseId: i.caseId ?? null,
        dedupeKey: i.dedupeKey ?? null,
        payloadSealed: vault.sealJson(OUTBOX_SEAL, i.payload),
      })),
    )
    .onConflictDoNothing()
    .returning({ id: outbox.id });
  return rows.length === items.length ? rows.map((r) => r.id) : false;
}

/** Items waiting to be sent, by kind of chat, and how old the oldest is (for /metrics and the console). */
export async function outboxDepth(db: Tx): Promise<{ kind: string; depth: number; oldestS: number; parked: number }[]> {
  const res = await db.execute<{ kind: string; depth: number; oldest_s: number; parked: number }>(sql`
    select split_part(target, ':', 1) as kind,
           count(*) filter (where status in ('pending', 'attempted'))::int as depth,
           coalesce(extract(epoch from now() - min(created_at) filter (where status in ('pending', 'attempted'))), 0)::float as oldest_s,
           count(*) filter (where status = 'parked')::int as parked
      from outbox where status <> 'done' group by 1`);
  const rows = (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as { kind: string; depth: number; oldest_s: number; parked: number }[];
  return rows.map((r) => ({ kind: r.kind, depth: Number(r.depth), oldestS: Number(r.oldest_s), parked: Number(r.parked) }));
}

/** What the case actions see of the outbox: queue items (with a transaction, or on their own) and wake their chats. */
export interface Outbox {
  /** Queues items; with `tx`, call `wake` after it commits. Their ids, or false when a dedupe key was queued before. */
  send(items: NewItem[], tx?: Db): Promise<number[] | false>;
  /** Waits up to `timeoutMs` for an item to be delivered ('done') or set aside ('parked'). */
  outcome(id: number, timeoutMs: number): Promise<{ status: 'done' | 'parked' | 'waiting'; lastError?: string }>;
  wake(...targets: string[]): Promise<void>;
}

/**
 * The outbox as /metrics reports it: waiting items and the oldest's age per kind of chat (the staff
 * group, other groups — the community chat —, clients, community members), and the staff group's backlog.
 */
export async function outboxSnapshot(db: Tx, staffChatId?: number) {
  const res = await db.execute<{ target: string; depth: number; oldest_s: number }>(sql`
    select case when target like 'group:%' then target else split_part(target, ':', 1) end as target,
           count(*)::int as depth,
           coalesce(extract(epoch from now() - min(created_at)), 0)::float as oldest_s
      from outbox where status in ('pending', 'attempted') group by 1`);
  const rows = (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as { target: string; depth: number; oldest_s: number }[];
  const kindOf = (target: string) =>
    target === 'client' ? ('client' as const) : target === 'member' || target !== `group:${staffChatId}` ? ('community' as const) : ('staff_group' as const);
  const byKind = new Map<'client' | 'staff_group' | 'community', { depth: number; oldestSeconds: number }>();
  for (const r of rows) {
    const kind = kindOf(r.target);
    const e = byKind.get(kind) ?? { depth: 0, oldestSeconds: 0 };
    byKind.set(kind, { depth: e.depth + Number(r.depth), oldestSeconds: Math.max(e.oldestSeconds, Number(r.oldest_s)) });
  }
  return {
    byChatKind: [...byKind].map(([chatKind, e]) => ({ chatKind, ...e })),
    staffGroups: [{ group: 1, backlog: byKind.get('staff_group')?.depth ?? 0 }],
  };
}

/** An item set aside after a refusal or a repeated failure, as an admin sees it (never its payload). */
export interface ParkedItem {
  id: number;
  kind: 'group' | 'client' | 'member';
  op: string;
  caseId: number | null;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
}

export async function parkedItems(db: Tx, limit = 100): Promise<ParkedItem[]> {
  const rows = await db
    .select({ id: outbox.id, target: outbox.target, op: outbox.op, caseId: outbox.caseId, attempts: outbox.attempts, lastError: outbox.lastError, createdAt: outbox.createdAt })
    .from(outbox)
    .where(eq(outbox.status, 'parked'))
    .orderBy(desc(outbox.id))
    .limit(limit);
  return rows.map(({ target, ...r }) => ({ ...r, kind: parseTarget(target).kind }));
}

/** Puts a parked item back in its chat's queue (at its old place: it goes before what came later). Returns its target. */
export async function retryParked(db: Tx, id: number): Promise<string | undefined> {
  const [row] = await db
    .update(outbox)
    .set({ status: 'pending', attempts: 0, notBefore: null })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'parked')))
    .returning({ target: outbox.target });
  return row?.target;
}

/** Gives a parked item up for good: its payload is erased, the row stays as the record. */
export async function discardParked(db: Tx, id: number): Promise<boolean> {
  const rows = await db
    .update(outbox)
    .set({ status: 'discarded', payloadSealed: null, doneAt: sql`now()` })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'parked')))
    .returning({ id: outbox.id });
  return rows.length > 0;
}
