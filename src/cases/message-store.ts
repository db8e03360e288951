import { and, eq, sql } from 'drizzle-orm';
import type { Locale } from '../config.ts';
import { t } from '../i18n/index.ts';
import type { Db } from '../db/open.ts';
import { messagePairs, messages } from '../db/schema/index.ts';
import type { MessageKind } from '../domain/message-kind.ts';
import type { CopiedPart } from './copy.ts';
import type { Actor } from './actor.ts';
import { openOrMark } from '../privacy/unreadable.ts';
import { SEAL, type CaseDeps } from './deps.ts';
import { recordEvent } from './timeline.ts';

export type Pair = typeof messagePairs.$inferSelect;
type Tx = Pick<CaseDeps, 'db' | 'vault'>;

export interface NewMessage {
  caseId: number;
  direction: 'client' | 'staff' | 'note';
  kind: MessageKind;
  body?: string;
  /** Telegram's file_id of the media, sealed like the text (`fileIdOf`). */
  fileId?: string;
  staffMemberId?: number;
  delivery?: 'delivered' | 'blocked' | 'failed' | 'not_relayed';
  /** Who wrote a staff message or note (Telegram or console); its timeline event names them. */
  actor?: Actor;
  /** More codes for the timeline event (an article's slug and version). */
  eventData?: Record<string, unknown>;
  /** When it was written, if not now (a client's message: Telegram's own time for it). */
  at?: Date;
}

const EVENT_OF = { client: 'client_message', staff: 'staff_message', note: 'note' } as const;

/** Where a relayed message came from: its id in its own chat, the other side is in the copies. */
export interface Relay {
  clientId: number;
  origin: 'client' | 'staff';
  original: number;
  staffChatId: number;
}

function pairRows(messageId: number, relay: Relay, copies: CopiedPart[]) {
  return copies.map((c) => ({
    messageId,
    clientId: relay.clientId,
    staffChatId: relay.staffChatId,
    origin: relay.origin,
    part: c.part,
    clientMsgId: relay.origin === 'client' ? relay.original : c.msgId,
    staffMsgId: relay.origin === 'client' ? c.msgId : relay.original,
  }));
}

/** Stores a message of a case (its text and file id sealed) and, when it was relayed, which copies it has. */
export async function recordMessage(d: Tx, m: NewMessage, relay?: Relay & { copies: CopiedPart[] }): Promise<number> {
  return d.db.transaction((tx) => writeMessage({ db: tx as unknown as Db, vault: d.vault }, m, relay));
}

/** `recordMessage` inside a transaction the caller holds (to queue its delivery with it). */
export async function writeMessage(d: Tx, m: NewMessage, relay?: Relay & { copies: CopiedPart[] }): Promise<number> {
  const [row] = await d.db
    .insert(messages)
    .values({
      caseId: m.caseId,
      direction: m.direction,
      kind: m.kind,
      bodySealed: m.body ? d.vault.seal(SEAL.messageBody, m.body) : null,
      fileSealed: m.fileId ? d.vault.seal(SEAL.messageFile, m.fileId) : null,
      staffMemberId: m.staffMemberId ?? m.actor?.staffMemberId ?? null,
      delivery: m.delivery ?? 'delivered',
    })
    .returning({ id: messages.id });
  if (relay && relay.copies.length > 0) await d.db.insert(messagePairs).values(pairRows(row!.id, relay, relay.copies));
  // The message is in the case's timeline from the same moment; its text stays in `messages`.
  await recordEvent(d, m.caseId, {
    kind: EVENT_OF[m.direction],
    ...(m.direction === 'client' ? { by: 'client' as const } : m.actor ? { actor: m.actor } : { by: 'system' as const }),
    data: { kind: m.kind, ...(m.delivery && m.delivery !== 'delivered' ? { delivery: m.delivery } : {}), ...m.eventData },
    messageId: row!.id,
    at: m.at,
  });
  return row!.id;
}

/** Records copies added later to an already relayed message (a caption that outgrew the limit on edit). */
export async function addPairs(d: Tx, base: Pair, copies: CopiedPart[]): Promise<void> {
  if (copies.length === 0) return;
  const origin = base.origin as Relay['origin'];
  const original = origin === 'client' ? base.clientMsgId : base.staffMsgId;
  await d.db.insert(messagePairs).values(pairRows(base.messageId, { clientId: base.clientId, staffChatId: base.staffChatId, origin, original }, copies));
}

/** Pairs of a message in the client's chat (the client's own message or the bot's copy of a staff one). */
export async function pairsOnClientSide(d: Pick<CaseDeps, 'db'>, clientId: number, clientMsgId: number): Promise<Pair[]> {
  return d.db
    .select()
    .from(messagePairs)
    .where(and(eq(messagePairs.clientId, clientId), eq(messagePairs.clientMsgId, clientMsgId)))
    .orderBy(messagePairs.id);
}

/** Pairs of a message in the staff group (a staff message or the bot's copy of a client one). */
export async function pairsOnStaffSide(d: Pick<CaseDeps, 'db'>, staffChatId: number, staffMsgId: number): Promise<Pair[]> {
  const [hit] = await d.db
    .select()
    .from(messagePairs)
    .where(and(eq(messagePairs.staffChatId, staffChatId), eq(messagePairs.staffMsgId, staffMsgId)));
  if (!hit) return [];
  return d.db.select().from(messagePairs).where(eq(messagePairs.messageId, hit.messageId)).orderBy(messagePairs.id);
}

/**
 * An edit: the new text, and the new file when the media was replaced (`fileId` given). The text
 * it replaced goes into the timeline's edit event, so staff can see what the message said before.
 */
export async function updateMessageBody(d: Tx, messageId: number, body: string | undefined, fileId?: string): Promise<void> {
  await d.db.transaction(async (tx) => {
    const [before] = await tx.select({ caseId: messages.caseId, direction: messages.direction, bodySealed: messages.bodySealed }).from(messages).where(eq(messages.id, messageId));
    if (!before) return;
    await tx
      .update(messages)
      .set({ bodySealed: body ? d.vault.seal(SEAL.messageBody, body) : null, ...(fileId ? { fileSealed: d.vault.seal(SEAL.messageFile, fileId) } : {}), editedAt: sql`now()` })
      .where(eq(messages.id, messageId));
    await recordEvent({ db: tx, vault: d.vault }, before.caseId, {
      kind: before.direction === 'client' ? 'client_edit' : 'staff_edit',
      by: before.direction === 'client' ? 'client' : 'system',
      text: before.bodySealed ? openOrMark(d.vault, SEAL.messageBody, before.bodySealed) : undefined,
      messageId,
    });
  });
}

/**
 * A message of the case as words for a web conversation (which cannot show Telegram's files): the
 * text, or a line naming the file with its caption (`file`: it was one).
 */
export async function storedText(d: Pick<CaseDeps, 'db' | 'vault'>, messageId: number, locale: Locale): Promise<{ text: string; file: boolean }> {
  const [m] = await d.db.select({ kind: messages.kind, bodySealed: messages.bodySealed }).from(messages).where(eq(messages.id, messageId));
  const body = m?.bodySealed ? d.vault.tryOpen(SEAL.messageBody, m.bodySealed) : null;
  if (m?.kind === 'text' && body) return { text: body, file: false };
  const label = t(locale, 'web-file-not-shown', { kind: t(locale, `web-kind-${m?.kind ?? 'other'}`) });
  return { text: body ? `${label}\n\n${body}` : label, file: true };
}
