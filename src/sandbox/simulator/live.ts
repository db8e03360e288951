import { readFileSync } from 'node:fs';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { EventLoop } from '../../http/event-loop.ts';
import type { Message } from 'grammy/types';
import type { TelegramEmulator } from '../emulator/index.ts';

/** The page script (static/chat.js), served from the simulator's own origin. */
export const CHAT_JS = readFileSync(new URL('./static/chat.js', import.meta.url), 'utf8');

/** Which changes a page follows: one chat (and in it one forum topic, or one user's direct messages topic), or any chat. */
export interface LiveFilter {
  chatId?: number;
  threadId?: number;
  /** a channel's direct messages chat: the user's topic */
  topicId?: number;
}

export function liveFilterOf(c: Context): LiveFilter {
  const num = (k: string) => {
    const v = c.req.query(k);
    return v !== undefined && /^-?\d{1,20}$/.test(v) ? Number(v) : undefined;
  };
  return { chatId: num('chat'), threadId: num('thread'), topicId: num('topic') };
}

/** Whether a change in a chat (a message stored, edited or deleted) is one the page shows. */
export function concerns(f: LiveFilter, chatId: number, threadId: number | undefined, topicId: number | undefined): boolean {
  if (f.chatId === undefined) return true;
  if (chatId !== f.chatId) return false;
  // A change whose thread is unknown (a deleted message) may be in the page's thread.
  if (f.threadId !== undefined && threadId !== undefined && threadId !== f.threadId) return false;
  if (f.topicId !== undefined && topicId !== undefined && topicId !== f.topicId) return false;
  return true;
}

/**
 * Server-sent events for a simulator page: `change` whenever the emulator stores, edits or deletes
 * a message the page shows (the payload says nothing more; the page fetches its parts again). A
 * stream ends after `maxMs` (the browser reconnects), with a comment every `heartbeatMs` meanwhile.
 */
export function simulatorEvents(c: Context, emu: TelegramEmulator, filter: LiveFilter, opts: { maxMs?: number; heartbeatMs?: number } = {}): Response {
  const maxMs = opts.maxMs ?? 5 * 60_000;
  const heartbeatMs = opts.heartbeatMs ?? 20_000;
  return streamSSE(c, async (stream) => {
    let pending = false;
    const loop = new EventLoop();
    const note = (chatId: number, threadId: number | undefined, topicId: number | undefined) => {
      if (!concerns(filter, chatId, threadId, topicId)) return;
      pending = true;
      loop.wake();
    };
    const onMessage = (m: Message) => note(m.chat.id, m.is_topic_message ? m.message_thread_id : undefined, m.direct_messages_topic?.topic_id);
    const onDelete = (d: { chat_id: number; message_thread_id?: number }) => note(d.chat_id, d.message_thread_id, undefined);
    emu.on('message', onMessage).on('edit', onMessage).on('delete', onDelete);
    try {
      await loop.run(stream, {
        maxMs,
        heartbeatMs,
        retryMs: 2000,
        pending: () => pending,
        flush: async (s) => {
          pending = false;
          await s.writeSSE({ event: 'change', data: '{}' });
          // A burst of changes (the bot's answer in several messages) makes a few events, not one each.
          await s.sleep(60);
        },
      });
    } finally {
      emu.off('message', onMessage).off('edit', onMessage).off('delete', onDelete);
    }
  });
}
