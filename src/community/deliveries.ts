import { eq } from 'drizzle-orm';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { apiError } from '../cases/api-errors.ts';
import { isThreadGone } from '../cases/topics.ts';
import type { Db } from '../db/open.ts';
import { communityState } from '../db/schema/index.ts';
import { t } from '../i18n/index.ts';
import { LANE } from '../outbox/limits.ts';
import type { Op } from '../outbox/sender.ts';
import { groupTarget, memberTarget, parseTarget, type NewItem } from '../outbox/store.ts';
import { COMMUNITY_JOBS, type CommunityDeps } from './deps.ts';
import { memberById, readableMemberChat } from './members.ts';

/**
 * What the community chat sends goes through the outbox, like the relay: paced within Telegram's
 * 20 messages a minute into one group and ~1 a second into a private chat, retried through
 * outages, and never dropped. An overdose reply in the chat takes the emergency lane.
 */
export const COMMUNITY_OPS = {
  /** A message in the community chat, optionally deleted after a while (welcomes). */
  chat: 'community.chat',
  /** Deletes a message in the community chat (a removed post, an expired welcome). */
  delete: 'community.delete',
  /** A message to one member in private: the rules, a warning, a mute. */
  member: 'community.member',
  /** A message in the staff group's "questions from the chat" topic. */
  staff: 'community.staff',
  /**
   * Declines a member's join request. Queued behind what the bot tells them, in their chat's
   * order: once a request is decided, Telegram no longer lets the bot write to someone who never
   * started it.
   */
  decline: 'community.decline',
} as const;

export function declineRequest(memberId: number, requestId: number): NewItem {
  return { target: memberTarget(memberId), op: COMMUNITY_OPS.decline, payload: {}, dedupeKey: `community.decline:${requestId}` };
}

export interface ChatPost {
  text: string;
  html?: boolean;
  replyTo?: number;
  keyboard?: InlineKeyboardMarkup;
  deleteAfterMinutes?: number;
  lane?: number;
}

export function chatPost(d: Pick<CommunityDeps, 'communityChatId'>, p: ChatPost, dedupeKey?: string): NewItem {
  const { lane, ...payload } = p;
  return { target: groupTarget(d.communityChatId), op: COMMUNITY_OPS.chat, lane: lane ?? LANE.normal, payload: { ...payload }, dedupeKey };
}

export function chatDeletion(d: Pick<CommunityDeps, 'communityChatId'>, messageId: number): NewItem {
  return { target: groupTarget(d.communityChatId), op: COMMUNITY_OPS.delete, payload: { messageId }, dedupeKey: `community.delete:${messageId}` };
}

/**
 * `publicNotice`: said in the chat instead (and deleted a minute later) when Telegram will not let
 * the bot write to the person — someone who never started it — so a removal is never silent.
 */
export function memberMessage(memberId: number, p: { text: string; html?: boolean; keyboard?: InlineKeyboardMarkup; publicNotice?: string }, dedupeKey?: string): NewItem {
  return { target: memberTarget(memberId), op: COMMUNITY_OPS.member, payload: { ...p }, dedupeKey };
}

export function staffTopicMessage(d: Pick<CommunityDeps, 'staffChatId'>, p: { text: string; html?: boolean; keyboard?: InlineKeyboardMarkup; questionId?: number; lane?: number }, dedupeKey?: string): NewItem {
  const { lane, ...payload } = p;
  return { target: groupTarget(d.staffChatId), op: COMMUNITY_OPS.staff, lane: lane ?? LANE.normal, payload: { ...payload }, dedupeKey };
}

const STAFF_TOPIC_KEY = 'staff_topic';
/** Maps a staff-topic message to the chat question it shows, so a reply to it answers that question. */
export const questionMessageKey = (staffMsgId: number) => `qmsg:${staffMsgId}`;

export async function stateValue(d: Pick<CommunityDeps, 'db'>, key: string): Promise<string | undefined> {
  return (await d.db.select().from(communityState).where(eq(communityState.key, key)))[0]?.value;
}

export async function setStateValue(db: Pick<Db, 'insert'>, key: string, value: string): Promise<void> {
  await db.insert(communityState).values({ key, value }).onConflictDoUpdate({ target: communityState.key, set: { value } });
}

/** The staff group's topic for the community chat, created on first need (and again if deleted). */
async function staffTopic(d: CommunityDeps): Promise<number> {
  const known = await stateValue(d, STAFF_TOPIC_KEY);
  if (known) return Number(known);
  const topic = await d.api.createForumTopic(d.staffChatId, t(d.staffLocale, 'community-staff-topic'));
  await setStateValue(d.db, STAFF_TOPIC_KEY, String(topic.message_thread_id));
  return topic.message_thread_id;
}

/** The staff group's topic for the community chat, if it has been created. */
export async function knownStaffTopic(d: Pick<CommunityDeps, 'db'>): Promise<number | undefined> {
  const v = await stateValue(d, STAFF_TOPIC_KEY);
  return v ? Number(v) : undefined;
}

const options = (p: Record<string, unknown>) => ({
  ...(p.html ? { parse_mode: 'HTML' as const } : {}),
  ...(p.keyboard ? { reply_markup: p.keyboard as InlineKeyboardMarkup } : {}),
  link_preview_options: { is_disabled: true },
});

/** Gone already, or too old to delete: nothing more to do, and nothing to retry. */
const moot = (err: unknown) => {
  const e = apiError(err);
  return e?.code === 400 && /message to delete not found|message can't be deleted|MESSAGE_ID_INVALID/i.test(e.description);
};

export function communityOps(d: CommunityDeps): Record<string, Op> {
  return {
    [COMMUNITY_OPS.chat]: {
      async deliver(item, p) {
        const { chatId } = parseTarget(item.target) as { chatId: number };
        const sent = await d.api.sendMessage(chatId, String(p.text), {
          ...options(p),
          ...(typeof p.replyTo === 'number' ? { reply_parameters: { message_id: p.replyTo, allow_sending_without_reply: true } } : {}),
        });
        const minutes = typeof p.deleteAfterMinutes === 'number' ? p.deleteAfterMinutes : undefined;
        return {
          effects: async (tx) => {
            if (minutes) await d.scheduler.schedule(COMMUNITY_JOBS.deleteMessage, new Date(d.now().getTime() + minutes * 60_000), { messageId: sent.message_id }, { tx });
          },
        };
      },
    },
    [COMMUNITY_OPS.delete]: {
      async deliver(item, p) {
        const { chatId } = parseTarget(item.target) as { chatId: number };
        await d.api.deleteMessage(chatId, Number(p.messageId));
        return {};
      },
      async refused(_item, _p, err) {
        return moot(err) ? {} : undefined;
      },
    },
    [COMMUNITY_OPS.member]: {
      async deliver(item, p) {
        const { memberId } = parseTarget(item.target) as { memberId: number };
        const member = await memberById(d, memberId);
        // Gone, or their chat sealed under a destroyed key: nobody to write to.
        const chatId = member ? readableMemberChat(d, member) : null;
        if (chatId === null) return {};
        await d.api.sendMessage(chatId, String(p.text), options(p));
        return {};
      },
      // A person who never started the bot (past a join request's grace) or blocked it cannot be
      // written to; that is their choice, not a failure to retry.
      async refused(_item, p, err) {
        if (apiError(err)?.code !== 403) return undefined;
        const notice = typeof p.publicNotice === 'string' ? p.publicNotice : undefined;
        return { effects: async () => (notice ? [chatPost(d, { text: notice, deleteAfterMinutes: 1 })] : []) };
      },
    },
    [COMMUNITY_OPS.decline]: {
      async deliver(item) {
        const { memberId } = parseTarget(item.target) as { memberId: number };
        const member = await memberById(d, memberId);
        const chatId = member ? readableMemberChat(d, member) : null;
        if (chatId !== null) await d.api.declineChatJoinRequest(d.communityChatId, chatId);
        return {};
      },
      // Withdrawn, or decided by an admin by hand meanwhile: nothing left to decline.
      async refused(_item, _p, err) {
        return /HIDE_REQUESTER_MISSING|USER_ALREADY_PARTICIPANT/i.test(apiError(err)?.description ?? '') ? {} : undefined;
      },
    },
    [COMMUNITY_OPS.staff]: {
      async deliver(_item, p) {
        const threadId = await staffTopic(d);
        try {
          const sent = await d.api.sendMessage(d.staffChatId, String(p.text), { ...options(p), message_thread_id: threadId });
          return {
            effects: async (tx) => {
              if (typeof p.questionId === 'number') await setStateValue(tx, questionMessageKey(sent.message_id), String(p.questionId));
            },
          };
        } catch (err) {
          if (!isThreadGone(err)) throw err;
          await d.db.delete(communityState).where(eq(communityState.key, STAFF_TOPIC_KEY));
          return { again: true };
        }
      },
    },
  };
}

/**
 * Runs `work` in one transaction with a `queue` that puts items in the outbox inside it, and wakes
 * their chats once it has committed. `queue` says false when the items were queued before (a
 * retried update).
 */
export async function withOutbox<T>(d: Pick<CommunityDeps, 'db' | 'outbox'>, work: (tx: Db, queue: (items: NewItem[]) => Promise<boolean>) => Promise<T>): Promise<T> {
  const targets = new Set<string>();
  const result = await d.db.transaction(async (raw) => {
    const tx = raw as unknown as Db;
    return work(tx, async (items) => {
      const queued = await d.outbox.send(items, tx);
      if (queued === false) return false;
      for (const i of items) targets.add(i.target);
      return true;
    });
  });
  if (targets.size > 0) await d.outbox.wake(...targets);
  return result;
}
