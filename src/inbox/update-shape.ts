import { z } from 'zod';

/** Update types this version handles; anything else is stored, marked skipped and logged by type name only. */
export const HANDLED_UPDATE_TYPES = ['message', 'edited_message', 'callback_query', 'my_chat_member', 'chat_join_request', 'chat_member'] as const;

/** What we ask Telegram for: the types above (chat_member is sent only to bots that ask for it). */
export const ALLOWED_UPDATES = [...HANDLED_UPDATE_TYPES] as const;

const chat = z.object({ id: z.number().int(), type: z.string() });
const user = z.object({ id: z.number().int(), is_bot: z.boolean(), first_name: z.string() });
const message = z.object({ message_id: z.number().int(), date: z.number().int(), chat, from: user.optional() });

/** The least each handled type must carry for handlers to work without guessing. */
const shapes: Record<(typeof HANDLED_UPDATE_TYPES)[number], z.ZodType> = {
  message,
  edited_message: message,
  callback_query: z.object({ id: z.string(), from: user, message: z.object({ message_id: z.number().int(), chat }).optional() }),
  my_chat_member: z.object({ chat, from: user, date: z.number().int() }),
  chat_join_request: z.object({ chat, from: user, user_chat_id: z.number().int(), date: z.number().int() }),
  chat_member: z.object({
    chat,
    from: user,
    date: z.number().int(),
    old_chat_member: z.object({ status: z.string(), user }),
    new_chat_member: z.object({ status: z.string(), user }),
  }),
};

export type Triage = { verdict: 'handle'; kind: string } | { verdict: 'skip'; kind: string; reason: 'unknown_type' | 'malformed' };

/** The type of an update: its one field besides update_id. */
export function updateKind(update: Record<string, unknown>): string {
  return Object.keys(update).find((k) => k !== 'update_id') ?? 'empty';
}

export function triage(update: Record<string, unknown>): Triage {
  const kind = updateKind(update);
  const shape = (shapes as Record<string, z.ZodType | undefined>)[kind];
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
