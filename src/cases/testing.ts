import { eq } from 'drizzle-orm';
import { useCaseSystems, type CaseSystem } from '../console/cases/test-system.ts';
import { cases } from '../db/schema/index.ts';
import type { Actor } from './actor.ts';
import { upsertStaffMember } from './staff-members.ts';
import { timelineOf } from './timeline.ts';

/**
 * What the case actions' own tests share: the case systems (PGlite or PostgreSQL, and the Telegram
 * emulator with a staff forum group), a worker as an actor, and readers for the timeline and the
 * chats. Call `useActionSystems()` at a test file's top level.
 */
export function useActionSystems() {
  const system = useCaseSystems();
  return async (opts: Parameters<typeof system>[0] = {}) => {
    const s = await system(opts);
    const vera = await upsertStaffMember(s.bot, { id: s.worker.id, first_name: 'Vera' });
    const inTelegram: Actor = { staffMemberId: vera.id, name: 'Vera', fromConsole: false };
    const fromConsole = (accountId?: number): Actor => ({ staffMemberId: vera.id, name: 'Anna Console', fromConsole: true, accountId });
    return { ...s, vera, inTelegram, fromConsole };
  };
}

export type ActionSystem = CaseSystem & { vera: { id: number }; inTelegram: Actor; fromConsole: (accountId?: number) => Actor };

/** The kinds of a case's timeline, in order. */
export async function kindsOf(s: CaseSystem, caseId: number): Promise<string[]> {
  return (await timelineOf(s.bot, caseId)).map((e) => e.kind);
}

/** The events of one kind, with their texts opened. */
export async function eventsOf(s: CaseSystem, caseId: number, kind: string) {
  return (await timelineOf(s.bot, caseId)).filter((e) => e.kind === kind);
}

/** What the bot wrote in a topic (its service messages, such as a rename, left out). */
export function topicTexts(s: CaseSystem, topicId: number): string[] {
  return s.botTo(s.staff.id, topicId).map((m) => m.text ?? '').filter(Boolean);
}

/** What the bot wrote to a client. */
export function clientTexts(s: CaseSystem, userId: number): string[] {
  return s.botTo(userId).map((m) => m.text ?? '');
}

export async function caseRow(s: CaseSystem, id: number) {
  return (await s.db.select().from(cases).where(eq(cases.id, id)))[0]!;
}
