import type { Vault } from '../privacy/vault.ts';
import type { Db } from '../db/open.ts';
import { currentCase } from './case-store.ts';
import { recordEvent, type NewEvent } from './timeline.ts';

/**
 * Records events in the client's open case, if there is one: self-service outside a case (the
 * menu browsed before ever writing) leaves no record at all.
 */
export async function recordInOpenCase(d: { db: Db; vault: Vault }, clientId: number, ...events: NewEvent[]): Promise<void> {
  const kase = await currentCase(d, clientId);
  if (!kase) return;
  for (const e of events) await recordEvent(d, kase.id, e);
}
