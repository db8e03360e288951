import { eq } from 'drizzle-orm';
import { topicOp, staffGroupOf } from '../cases/deliveries.ts';
import type { Case } from '../cases/case-store.ts';
import type { CaseDeps } from '../cases/deps.ts';
import { cases } from '../db/schema/index.ts';
import { LANE } from '../outbox/limits.ts';
import type { Op } from '../outbox/sender.ts';
import { groupTarget, type NewItem } from '../outbox/store.ts';
import { renderAlert } from './alert.ts';
import { observeEmergencyReply } from '../metrics/netreach.ts';
import { emergencyStateOf } from './state.ts';

export const ALERT_OP = 'alert.post';

/**
 * The staff alert for an overdose, queued ahead of everything else waiting for its group (lane 0),
 * once per case. It is drawn when it is delivered, so it shows the emergency as it stands then.
 */
export function alertItem(d: Pick<CaseDeps, 'staffChatId'>, kase: Pick<Case, 'id' | 'staffChatId'>): NewItem {
  return { target: groupTarget(staffGroupOf(d, kase)), op: ALERT_OP, caseId: kase.id, lane: LANE.emergency, payload: { queuedAt: Date.now() }, dedupeKey: `alert:${kase.id}` };
}

export function alertOps(d: CaseDeps): Record<string, Op> {
  return {
    [ALERT_OP]: topicOp(d, async (at, payload) => {
      const state = await emergencyStateOf(d, at.kase.id);
      if (!state) return {};
      const { text, keyboard } = renderAlert(d.settings, d.staffLocale, state, d.now(), d.buttons);
      const alert = await d.api.sendMessage(at.chatId, text, { message_thread_id: at.threadId, parse_mode: 'HTML', reply_markup: keyboard });
      await d.api.pinChatMessage(at.chatId, alert.message_id).catch((err: unknown) => {
        d.log.warn({ event: 'emergency.pin_failed', case: at.kase.id, code: (err as { error_code?: number }).error_code }, 'could not pin the alert');
      });
      d.log.warn({ event: 'emergency.raised', case: at.kase.id }, 'possible overdose: staff alerted');
      if (typeof payload.queuedAt === 'number') observeEmergencyReply('staff_alert', payload.queuedAt, Date.now());
      return {
        effects: async (tx) => {
          await tx.update(cases).set({ emergencyAlertMsgId: alert.message_id }).where(eq(cases.id, at.kase.id));
        },
      };
    }),
  };
}
