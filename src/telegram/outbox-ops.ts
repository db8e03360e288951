import { clientOps } from '../cases/client-deliveries.ts';
import { topicOps } from '../cases/deliveries.ts';
import { forgetOps } from '../cases/forget.ts';
import { staffAccessOps } from '../cases/staff-access.ts';
import { alertOps } from '../emergency/alert-delivery.ts';
import type { Op } from '../outbox/sender.ts';
import type { CaseDeps } from '../cases/deps.ts';

/** Every kind of item the bot's outbox delivers, by op name. */
export function outboxOpsOf(d: CaseDeps): Record<string, Op> {
  return { ...topicOps(d), ...clientOps(d), ...alertOps(d), ...forgetOps(d), ...staffAccessOps(d) };
}
