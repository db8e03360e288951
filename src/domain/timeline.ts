/**
 * What can happen in a case, as the kinds of its timeline's events. Pure data: the store is
 * `cases/timeline.ts`, the console draws it, reports count it.
 */
export const TIMELINE_KINDS = [
  // the client
  'client_message',
  'client_edit',
  'client_tap',
  'feedback',
  // the bot, to the client
  'bot_message',
  // staff
  'staff_message',
  'staff_edit',
  'note',
  'claimed',
  'assigned',
  'referred',
  'referral_taken',
  'referral_outcome',
  'external_referral',
  'followups_stopped',
  // the case itself
  'status',
  'emergency',
  'closed',
  'dropped',
  'reopened',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** Why the bot wrote to the client: the flow that sent a `bot_message`. */
export const BOT_FLOWS = [
  'emergency',
  'followup',
  'article',
  'article_offer',
  'organisation',
  'after_hours',
  'case_opened',
  'voice_hint',
  'not_relayed',
  'nearest_unit',
  'closing',
  'feedback_request',
  'slow_down',
  /** An answer from the self-service menu (schedule, privacy, talk to a person, …). */
  'menu',
] as const;
export type BotFlow = (typeof BOT_FLOWS)[number];

/** Who caused an event. */
export type TimelineActor = 'client' | 'bot' | 'staff' | 'system';
