import { eq } from 'drizzle-orm';
import { cases } from '../db/schema/index.ts';
import type { Actor } from './actor.ts';
import type { CaseDeps } from './deps.ts';
import { recordMessage } from './message-store.ts';
import { REPLY_MAX_LENGTH } from './reply.ts';

export type NoteResult = 'ok' | 'empty' | 'too-long' | 'not-found';

/** An internal note on a case (from the topic's /note or the console): stored sealed, never sent to the client. */
export async function addNote(d: Pick<CaseDeps, 'db' | 'vault' | 'log'>, actor: Actor, input: { caseId: number; text: string }): Promise<NoteResult> {
  const text = input.text.replace(/\r\n?/g, '\n').trim();
  if (text === '') return 'empty';
  if (text.length > REPLY_MAX_LENGTH) return 'too-long';
  const [kase] = await d.db.select({ id: cases.id }).from(cases).where(eq(cases.id, input.caseId));
  if (!kase) return 'not-found';
  await recordMessage(d, { caseId: kase.id, direction: 'note', kind: 'text', body: text, actor });
  d.log.info({ event: 'case.note', case: kase.id }, 'note added');
  return 'ok';
}
