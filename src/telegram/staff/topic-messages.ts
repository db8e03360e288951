import type { Message } from 'grammy/types';
import { caseByTopic, type Case } from '../../cases/case-store.ts';
import type { CaseDeps } from '../../cases/deps.ts';

/** The topic a staff-group message belongs to, or undefined for the General topic and non-topic chatter. */
export function topicOf(message: Message): number | undefined {
  return message.is_topic_message && message.message_thread_id ? message.message_thread_id : undefined;
}

/** Whether the message really replies to another one: in a topic, Telegram makes every message "reply" to the topic's first message. */
export function realReplyTarget(message: Message): number | undefined {
  const target = message.reply_to_message;
  if (!target || target.message_id === message.message_thread_id || target.forum_topic_created) return undefined;
  return target.message_id;
}

/** The case whose topic a staff message was written in. */
export async function caseOfStaffMessage(d: CaseDeps, message: Message): Promise<Case | undefined> {
  const threadId = topicOf(message);
  return threadId === undefined ? undefined : caseByTopic(d, d.staffChatId, threadId);
}

/** A notice in the topic, answering the message that asked for it. */
export function replyInTopic(d: CaseDeps, message: Message, text: string) {
  return d.api.sendMessage(d.staffChatId, text, {
    message_thread_id: message.message_thread_id,
    reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true },
  });
}
