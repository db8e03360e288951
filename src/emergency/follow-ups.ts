import { eq } from 'drizzle-orm';
import type { Actor } from '../cases/actor.ts';
import { isNotModified } from '../cases/api-errors.ts';
import { readableAddress } from '../cases/clients.ts';
import type { CaseDeps } from '../cases/deps.ts';
import { recordEvent } from '../cases/timeline.ts';
import { clients } from '../db/schema/index.ts';
import { cancelJobs } from '../jobs/scheduler.ts';
import { safeError } from '../log.ts';
import type { EmergencyMemory } from './memory.ts';
import { renderAlert } from './alert.ts';
import { emergencyStateOf, FOLLOW_UP_JOBS, type EmergencyState, type StopReason } from './state.ts';

/** The bot's deps carry the responder, whose memory a close must clear; the console's case deps may not. */
type WithMemory = CaseDeps & { emergency?: { memory: EmergencyMemory } };

/**
 * Edits the case's pinned alert to show the emergency as it stands now. Never throws: an edit
 * that changes nothing ("message is not modified") or fails is logged at most.
 */
export async function refreshAlert(d: CaseDeps, caseId: number, state?: EmergencyState): Promise<void> {
  try {
    const s = state ?? (await emergencyStateOf(d, caseId));
    if (!s?.alertMsgId || s.staffChatId !== d.staffChatId) return;
    const { text, keyboard } = renderAlert(d.settings, d.staffLocale, s, d.now(), d.buttons);
    await d.api.editMessageText(d.staffChatId, s.alertMsgId, text, { parse_mode: 'HTML', reply_markup: keyboard ?? { inline_keyboard: [] } });
  } catch (err) {
    if (!isNotModified(err)) d.log.warn({ event: 'emergency.alert_edit_failed', case: caseId, err: safeError(err) }, 'could not update the emergency alert');
  }
}

/**
 * Stops a case's follow-ups: the pending second-dose reminder and "has help arrived?" check are
 * cancelled, `followups_stopped` is recorded with the reason (and the worker, for 'staff') once
 * per emergency, and the pinned alert says so. Closing a case calls it ('case_closed'), and then
 * the responder forgets the chat's emergency. Returns 'none' when there was nothing to stop (no
 * emergency, or its follow-ups already stopped), so a repeated call does its work once.
 */
export async function cancelFollowUps(d: CaseDeps, caseId: number, reason: StopReason, actor?: Actor): Promise<'ok' | 'none' | 'not-found'> {
  const cancelled = await cancelJobs(d.db, caseId, FOLLOW_UP_JOBS);
  const state = await emergencyStateOf(d, caseId);
  if (!state) return 'not-found';
  if (reason === 'case_closed') await forgetChat(d, state.clientId);
  if (!state.markedAt || !state.episode || state.episode.stopped) {
    if (cancelled.length > 0) await refreshAlert(d, caseId);
    return 'none';
  }
  const by = reason === 'staff' ? undefined : reason === 'case_closed' ? ('system' as const) : ('client' as const);
  await recordEvent(d, caseId, { kind: 'followups_stopped', ...(actor ? { actor } : { by: by ?? 'system' }), data: { reason, cancelled: cancelled.map((j) => j.kind) } });
  await refreshAlert(d, caseId);
  d.log.info({ event: 'emergency.followups_stopped', case: caseId, reason, cancelled: cancelled.length }, 'overdose follow-ups stopped');
  return 'ok';
}

async function forgetChat(d: WithMemory, clientId: number): Promise<void> {
  if (!d.emergency) return;
  const [client] = await d.db.select().from(clients).where(eq(clients.id, clientId));
  const to = client ? readableAddress(d, client) : null;
  if (to) d.emergency.memory.forget(to.chatId);
}
