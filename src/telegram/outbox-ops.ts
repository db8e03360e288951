import { topicOps } from '../cases/deliveries.ts';
import { alertOps } from '../emergency/alert-delivery.ts';
import type { Op } from '../outbox/sender.ts';
import type { BotDeps } from './deps.ts';

/** Every kind of item the bot's outbox delivers, by op name. */
export function outboxOpsOf(d: BotDeps): Record<string, Op> {
  return { ...topicOps(d), ...alertOps(d) };
}
