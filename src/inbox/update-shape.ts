import { z } from 'zod';

/** Update types this version handles; anything else is stored, marked skipped and logged by type name only. */
export const HANDLED_UPDATE_TYPES = ['message', 'edited_message', 'callback_query', 'my_chat_member'] as const;

/** What we ask Telegram for: the types above plus those later features need. */
export const ALLOWED_UPDATES = [...HANDLED_UPDATE_TYPES, 'chat_join_request', 'chat_member'] as const;

const chat = z.object({ id: z.number().int(), type: z.string() });
const user = z.object({ id: z.number().int(), is_bot: z.boolean(), first_name: z.string() });
// Handlers read text and captions as strings (found by fuzzing: a number there was a TypeError in the relay).
const message = z.object({ message_id: z.number().int(), date: z.number().int(), chat, from: user.optional(), text: z.string().optional(), caption: z.string().optional() });
const member = z.object({ status: z.string(), user });

/** The least each handled type must carry for handlers to work without guessing. */
const shapes: Record<(typeof HANDLED_UPDATE_TYPES)[number], z.ZodType> = {
  message,
  edited_message: message,
  callback_query: z.object({ id: z.string(), from: user, message: z.object({ message_id: z.number().int(), chat }).optional(), data: z.string().optional() }),
  my_chat_member: z.object({ chat, from: user, date: z.number().int(), old_chat_member: member, new_chat_member: member }),
};

/** Anything Telegram could call an update: a JSON object with an integer update_id. */
export function isUpdate(u: unknown): u is Record<string, unknown> & { update_id: number } {
  return !!u && typeof u === 'object' && !Array.isArray(u) && Number.isSafeInteger((u as { update_id?: unknown }).update_id);
}

export type Triage = { verdict: 'handle'; kind: string } | { verdict: 'skip'; kind: string; reason: 'unknown_type' | 'malformed' };

/**
 * The type of an update: its one field besides update_id. Letters, digits and `_` only, at most 64,
 * since it is stored and logged: whatever else a malformed key holds cannot reach either.
 */
export function updateKind(update: Record<string, unknown>): string {
  const key = Object.keys(update).find((k) => k !== 'update_id');
  return key === undefined ? 'empty' : key.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 64);
}

export function triage(update: Record<string, unknown>): Triage {
  const kind = updateKind(update);
  // Own keys only: `constructor` or `__proto__` as a type must not find Object's.
  const shape = Object.hasOwn(shapes, kind) ? (shapes as Record<string, z.ZodType>)[kind] : undefined;
  if (!shape) return { verdict: 'skip', kind, reason: 'unknown_type' };
  if (!shape.safeParse(update[kind]).success) return { verdict: 'skip', kind, reason: 'malformed' };
  return { verdict: 'handle', kind };
}

/**
 * Updates that must be handled in order share a key: one private chat, or one forum topic of a
 * group. Different keys run concurrently.
 */
export function orderingKey(update: Record<string, unknown>): string {
  const body = update[updateKind(update)] as Record<string, unknown> | undefined;
  const msg = (body?.message ?? body) as { chat?: { id?: unknown }; message_thread_id?: unknown; is_topic_message?: unknown } | undefined;
  const chatId = msg?.chat?.id;
  if (typeof chatId !== 'number') {
    const from = (body?.from as { id?: unknown } | undefined)?.id;
    return typeof from === 'number' ? `user:${from}` : 'misc';
  }
  return msg?.is_topic_message && typeof msg.message_thread_id === 'number' ? `chat:${chatId}:${msg.message_thread_id}` : `chat:${chatId}`;
}
