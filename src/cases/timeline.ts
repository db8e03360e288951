import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { caseEvents } from '../db/schema/index.ts';
import type { BotFlow, TimelineActor, TimelineKind } from '../domain/timeline.ts';
import type { Vault } from '../privacy/vault.ts';
import type { Actor } from './actor.ts';
import { SEAL } from './deps.ts';
import { openOrMark } from '../privacy/unreadable.ts';

/** A database handle or a transaction of one: events are written in the same transaction as what they record. */
type Writer = Pick<Db, 'insert'>;

export interface NewEvent {
  kind: TimelineKind;
  /** A staff member acting (Telegram or console); otherwise `by`. */
  actor?: Actor;
  by?: Exclude<TimelineActor, 'staff'>;
  /** Codes only: never text, names or identifiers of people. */
  data?: Record<string, unknown>;
  /** What was shown (the bot's words, a button's label, a reason): sealed, erased by retention. */
  text?: string;
  messageId?: number;
  /** When it happened, if not now (the emergency reply goes out before anything is stored). */
  at?: Date;
}

export type CaseEventRow = typeof caseEvents.$inferSelect;

/** Appends one event to a case's timeline. */
export async function recordEvent(d: { db: Writer; vault: Vault }, caseId: number, e: NewEvent): Promise<number> {
  const [row] = await d.db
    .insert(caseEvents)
    .values({
      caseId,
      kind: e.kind,
      actor: e.actor ? 'staff' : (e.by ?? 'system'),
      staffMemberId: e.actor?.staffMemberId ?? null,
      accountId: e.actor?.accountId ?? null,
      via: e.actor ? (e.actor.fromConsole ? 'console' : 'telegram') : null,
      data: e.data ?? {},
      textSealed: e.text ? d.vault.seal(SEAL.event, e.text) : null,
      messageId: e.messageId ?? null,
      ...(e.at ? { at: e.at } : {}),
    })
    .returning({ id: caseEvents.id });
  return row!.id;
}

/** What the bot said to the client in a case, and which flow said it. */
export function recordBotMessage(
  d: { db: Writer; vault: Vault },
  caseId: number,
  flow: BotFlow,
  text: string,
  more: { data?: Record<string, unknown>; at?: Date; actor?: Actor } = {},
): Promise<number> {
  return recordEvent(d, caseId, { kind: 'bot_message', by: 'bot', actor: more.actor, text, data: { flow, ...more.data }, at: more.at });
}

/** One case's timeline in order, texts opened (null once retention erased them). */
export async function timelineOf(d: { db: Db; vault: Vault }, caseId: number): Promise<(CaseEventRow & { text: string | null })[]> {
  const rows = await d.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.at), asc(caseEvents.id));
  return rows.map((r) => ({ ...r, text: r.textSealed ? openOrMark(d.vault, SEAL.event, r.textSealed) : null }));
}
