import { cancelFollowUps } from '../emergency/follow-ups.ts';
import type { Actor } from './actor.ts';
import type { CaseDeps } from './deps.ts';

/**
 * A worker stops a case's overdose follow-ups (the second-dose reminder, the "has help arrived?"
 * check), from the pinned alert's button in the topic or from the console. The pending ones are
 * cancelled, `followups_stopped` is recorded with the worker, and the pinned alert says who
 * stopped them; nothing else is posted in the topic. 'none': there was nothing to stop (no
 * emergency, or its follow-ups already stopped — a replayed press does its work once).
 */
export async function stopFollowUps(d: CaseDeps, actor: Actor, input: { caseId: number }): Promise<'ok' | 'none' | 'not-found'> {
  const result = await cancelFollowUps(d, input.caseId, 'staff', actor);
  if (result === 'ok') d.log.info({ event: 'case.followups_stopped', case: input.caseId, via: actor.fromConsole ? 'console' : 'telegram' }, 'a worker stopped the overdose follow-ups');
  return result;
}
