import type { CaseDeps } from '../cases/deps.ts';
import type { ContentLibrary } from '../content/library.ts';
import type { Scheduler } from '../jobs/scheduler.ts';

/** What the community chat's actions need beyond the case actions'. */
export interface CommunityDeps extends CaseDeps {
  /** COMMUNITY_CHAT_ID: the supergroup where the bot is an administrator. */
  communityChatId: number;
  /** The bot's @username, for "continue privately" deep links. */
  botUsername: string;
  scheduler: Scheduler;
  content: ContentLibrary;
}

/** Purposes for the vault, apart from the cases' own. */
export const COMMUNITY_SEAL = {
  memberChat: 'community.member.chat',
  inviteLink: 'community.invite.link',
  question: 'community.question',
  reason: 'community.reason',
  appeal: 'community.appeal',
} as const;

export const COMMUNITY_HASH = { inviteLink: 'community.invite' } as const;

/** Kinds of the stored jobs the community chat schedules. */
export const COMMUNITY_JOBS = {
  joinTimeout: 'community.join_timeout',
  deleteMessage: 'community.delete_message',
  questionDue: 'community.question_due',
} as const;
