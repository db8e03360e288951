import type { Api } from 'grammy';
// Telegram's own entity type, passed on untouched to the Bot API client.
import type { MessageEntity } from 'grammy/types';
import { CAPTION_LIMIT } from '../domain/message-kind.ts';
import { isNotModified } from './api-errors.ts';

/** What a copy or an edit needs of a message: plain data, whichever adapter it came from. */
export interface MessageContent {
  messageId: number;
  text?: string;
  entities?: MessageEntity[];
  caption?: string;
  captionEntities?: MessageEntity[];
  /** A live location's moves arrive as edits; they are not mirrored (each would cost the staff group a call). */
  location?: boolean;
}

export interface CopiedPart {
  msgId: number;
  part: 'main' | 'caption';
}

/**
 * Copies a message (never forwards: a forward can reveal the sender's account). A caption over
 * Telegram's 1,024-character limit for copies is sent right after as its own message, replying
 * to the media, so nothing is cut.
 */
export async function copyWhole(
  api: Api,
  source: { chatId: number; message: MessageContent },
  target: { chatId: number; threadId?: number; replyTo?: number; directTopicId?: number },
): Promise<CopiedPart[]> {
  const { message } = source;
  const direct = target.directTopicId === undefined ? {} : { direct_messages_topic_id: target.directTopicId };
  const longCaption = message.caption !== undefined && message.caption.length > CAPTION_LIMIT;
  const main = await api.copyMessage(target.chatId, source.chatId, message.messageId, {
    message_thread_id: target.threadId,
    ...direct,
    reply_parameters: target.replyTo ? { message_id: target.replyTo, allow_sending_without_reply: true } : undefined,
    ...(longCaption ? { caption: '' } : {}),
  });
  const parts: CopiedPart[] = [{ msgId: main.message_id, part: 'main' }];
  if (longCaption) {
    const sent = await api.sendMessage(target.chatId, message.caption!, {
      entities: message.captionEntities,
      message_thread_id: target.threadId,
      ...direct,
      reply_parameters: { message_id: main.message_id, allow_sending_without_reply: true },
    });
    parts.push({ msgId: sent.message_id, part: 'caption' });
  }
  return parts;
}

/**
 * Mirrors an edit onto the copies of a message. `parts` are the copies as recorded in
 * message_pairs; returns any part it had to add (a caption that outgrew the limit).
 * "Not modified" answers are expected (the edit touched nothing we copy).
 */
export async function mirrorEdit(
  api: Api,
  target: { chatId: number; threadId?: number },
  parts: CopiedPart[],
  edited: MessageContent,
): Promise<CopiedPart[]> {
  const { chatId } = target;
  // A live location moving: its copy is a snapshot, and following every move would spend the staff group's budget.
  if (edited.location) return [];
  const main = parts.find((p) => p.part === 'main');
  const captionPart = parts.find((p) => p.part === 'caption');
  const ignoreNotModified = (err: unknown) => {
    if (!isNotModified(err)) throw err;
  };
  if (edited.text !== undefined && main) {
    await api.editMessageText(chatId, main.msgId, edited.text, { entities: edited.entities }).catch(ignoreNotModified);
    return [];
  }
  const caption = edited.caption ?? '';
  if (captionPart) {
    // The caption already lives in its own message; keep it there whatever its new length.
    if (caption === '') await api.deleteMessage(chatId, captionPart.msgId).catch(() => {});
    else await api.editMessageText(chatId, captionPart.msgId, caption, { entities: edited.captionEntities }).catch(ignoreNotModified);
    return [];
  }
  if (!main) return [];
  if (caption.length <= CAPTION_LIMIT) {
    await api.editMessageCaption(chatId, main.msgId, { caption, caption_entities: edited.captionEntities }).catch(ignoreNotModified);
    return [];
  }
  await api.editMessageCaption(chatId, main.msgId, { caption: '' }).catch(ignoreNotModified);
  const sent = await api.sendMessage(chatId, caption, {
    entities: edited.captionEntities,
    message_thread_id: target.threadId,
    reply_parameters: { message_id: main.msgId, allow_sending_without_reply: true },
  });
  return [{ msgId: sent.message_id, part: 'caption' }];
}
