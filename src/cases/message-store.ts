import { and, eq, sql } from 'drizzle-orm';
import { messagePairs, messages } from '../db/schema/index.ts';
import type { MessageKind } from '../domain/message-kind.ts';
import type { CopiedPart } from '../telegram/copy.ts';
import { SEAL, type CaseDeps } from './deps.ts';

export type Pair = typeof messagePairs.$inferSelect;
type Tx = Pick<CaseDeps, 'db' | 'vault'>;

export interface NewMessage {
  caseId: number;
  direction: 'client' | 'staff' | 'note';
  kind: MessageKind;
  body?: string;
  staffMemberId?: number;
  delivery?: 'delivered' | 'blocked' | 'failed' | 'not_relayed';
}

/** Stores a message of a case (its text sealed) and, when it was relayed, which copies it has. */
export async function recordMessage(
  d: Tx,
  m: NewMessage,
  relay?: { clientId: number; origin: 'client' | 'staff'; original: number; staffChatId: number; copies: CopiedPart[] },
): Promise<number> {
  return d.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(messages)
      .values({
        caseId: m.caseId,
        direction: m.direction,
        kind: m.kind,
        bodySealed: m.body ? d.vault.seal(SEAL.messageBody, m.body) : null,
        staffMemberId: m.staffMemberId,
        delivery: m.delivery ?? 'delivered',
      })
      .returning({ id: messages.id });
    if (relay && relay.copies.length > 0) {
      await tx.insert(messagePairs).values(
        relay.copies.map((c) => ({
          messageId: row!.id,
          clientId: relay.clientId,
          staffChatId: relay.staffChatId,
          origin: relay.origin,
          part: c.part,
          clientMsgId: relay.origin === 'client' ? relay.original : c.msgId,
          staffMsgId: relay.origin === 'client' ? c.msgId : relay.original,
        })),
      );
    }
    return row!.id;
  });
}

export async function addPairs(d: Tx, base: Pair, copies: CopiedPart[]): Promise<void> {
  if (copies.length === 0) return;
  await d.db.insert(messagePairs).values(
    copies.map((c) => ({
      messageId: base.messageId,
      clientId: base.clientId,
      staffChatId: base.staffChatId,
      origin: base.origin,
      part: c.part,
      clientMsgId: base.origin === 'client' ? base.clientMsgId : c.msgId,
      staffMsgId: base.origin === 'client' ? c.msgId : base.staffMsgId,
    })),
  );
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

export async function updateMessageBody(d: Tx, messageId: number, body: string | undefined): Promise<void> {
  await d.db
    .update(messages)
    .set({ bodySealed: body ? d.vault.seal(SEAL.messageBody, body) : null, editedAt: sql`now()` })
    .where(eq(messages.id, messageId));
}
