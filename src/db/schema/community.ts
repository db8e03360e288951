import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * Invite links to the community chat, each with a source: a mobile unit, an event, a peer, or
 * other. The link itself is sealed (it names nobody, but a leaked list would let anyone in); its
 * keyed hash finds the invite when Telegram reports a join through it.
 */
export const communityInvites = pgTable(
  'community_invites',
  {
    id: serial('id').primaryKey(),
    source: text('source').notNull(), // unit | event | peer | other
    /** The unit's or event's name as the coordinator wrote it; null for peer invitations. */
    name: text('name'),
    /** For a unit: its id in the organisation's settings. */
    unitId: text('unit_id'),
    linkHash: text('link_hash').notNull().unique(),
    linkSealed: text('link_sealed').notNull(),
    memberLimit: integer('member_limit'),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    /** Peer invitations: the member who asked for it, and how far down a chain of peers it is. */
    inviterMemberId: integer('inviter_member_id'),
    depth: integer('depth').notNull().default(0),
    /** A console account, for links made there. */
    createdByAccount: integer('created_by_account'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('community_invites_inviter').on(t.inviterMemberId, t.createdAt)],
);

/**
 * People of the community chat, by pseudonym only: `tgHash` is the same keyed hash of the Telegram
 * user id the clients table uses, `chatSealed` the private chat the bot writes to (rules,
 * warnings, mutes). Names, usernames and phone numbers are never stored.
 */
export const communityMembers = pgTable(
  'community_members',
  {
    id: serial('id').primaryKey(),
    tgHash: text('tg_hash').notNull().unique(),
    chatSealed: text('chat_sealed').notNull(),
    pseudonym: text('pseudonym').notNull().unique(),
    locale: text('locale').notNull().default('ru'),
    /** applicant | member | left | banned */
    status: text('status').notNull(),
    /** How they came: unit | event | peer | other, and the invite. */
    source: text('source').notNull().default('other'),
    inviteId: integer('invite_id'),
    /** 0 for a unit's or event's link, 1 for a peer of such a member, and so on. */
    depth: integer('depth').notNull().default(0),
    /** Removals counted toward the next mute; staff /unban clears them. */
    strikes: integer('strikes').notNull().default(0),
    mutedUntil: timestamp('muted_until', { withTimezone: true }),
    joinedAt: timestamp('joined_at', { withTimezone: true }),
    leftAt: timestamp('left_at', { withTimezone: true }),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [index('community_members_status').on(t.status), index('community_members_invite').on(t.inviteId)],
);

/** Join requests and what became of them; the applicant is written to privately with the rules. */
export const communityJoinRequests = pgTable(
  'community_join_requests',
  {
    id: serial('id').primaryKey(),
    memberId: integer('member_id').notNull(),
    inviteId: integer('invite_id'),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    /** pending | approved | declined_timeout | declined_banned | declined_unreachable */
    outcome: text('outcome').notNull().default('pending'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [index('community_join_requests_member').on(t.memberId, t.outcome), index('community_join_requests_time').on(t.requestedAt)],
);

/** Every moderation action, with its rule: the coordinators' record, and the source of the figures. */
export const moderationActions = pgTable(
  'moderation_actions',
  {
    id: serial('id').primaryKey(),
    memberId: integer('member_id').notNull(),
    /** delete | warn | mute | ban | unban | unmute */
    action: text('action').notNull(),
    /** insult | personal_data | advertising | selling | spam | other (staff with a reason) */
    rule: text('rule').notNull(),
    /** Staff's own words for a manual action, sealed; the removed message's text is never kept. */
    reasonSealed: text('reason_sealed'),
    /** 'bot', or the staff member's id (staff_members) */
    byStaffMember: integer('by_staff_member'),
    untilAt: timestamp('until_at', { withTimezone: true }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** The member's appeal, sealed, and when a coordinator settled it. */
    appealSealed: text('appeal_sealed'),
    appealedAt: timestamp('appealed_at', { withTimezone: true }),
  },
  (t) => [index('moderation_actions_member').on(t.memberId, t.at), index('moderation_actions_at').on(t.at)],
);

/**
 * Members' questions in the chat, followed until someone answers. The question's text is sealed
 * (it goes into a case if the member takes it private) and erased with the retention rules.
 */
export const communityQuestions = pgTable(
  'community_questions',
  {
    id: serial('id').primaryKey(),
    memberId: integer('member_id').notNull(),
    /** The message's id in the community chat, for a link to it and for replies. */
    chatMessageId: integer('chat_message_id').notNull(),
    bodySealed: text('body_sealed'),
    askedAt: timestamp('asked_at', { withTimezone: true }).notNull(),
    /** open | surfaced | answered | private */
    status: text('status').notNull().default('open'),
    /** Who answered: member | staff | bot | worker (through the bot) */
    answeredBy: text('answered_by'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    surfacedAt: timestamp('surfaced_at', { withTimezone: true }),
    /** The knowledge-base article offered at once, if any. */
    articleSlug: text('article_slug'),
    /** The case opened when the member continued privately. */
    caseId: integer('case_id'),
    /** The one-time token of the "continue privately" deep link. */
    privateToken: text('private_token'),
  },
  (t) => [
    uniqueIndex('community_questions_message').on(t.chatMessageId),
    index('community_questions_status').on(t.status, t.askedAt),
    uniqueIndex('community_questions_token').on(t.privateToken),
  ],
);

/** The community chat's own ids the bot keeps: the staff topic for questions, the welcome to delete. */
export const communityState = pgTable('community_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
});

/**
 * Posts to the channel. They are public, so their text is not sealed. A post generated from the
 * schedule has a `key` (the week, or a stop's change on a date) so a changed change edits it.
 */
export const channelPosts = pgTable(
  'channel_posts',
  {
    id: serial('id').primaryKey(),
    /** manual | schedule_week | stop_change */
    kind: text('kind').notNull().default('manual'),
    key: text('key'),
    locale: text('locale').notNull().default('ru'),
    /** Telegram-flavoured markdown as in the knowledge base; rendered at delivery. */
    body: text('body').notNull(),
    /** A photo uploaded in the console: its bytes, kept until the first delivery gives a file_id. */
    photo: text('photo_base64'),
    photoMime: text('photo_mime'),
    photoFileId: text('photo_file_id'),
    /** Medical content needs a verifier, as knowledge-base articles do. */
    medical: boolean('medical').notNull().default(false),
    verifiedBy: text('verified_by'),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    /** draft | scheduled | sending | sent | failed | deleted */
    status: text('status').notNull().default('draft'),
    scheduledAt: timestamp('scheduled_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    telegramMessageId: integer('telegram_message_id'),
    editedAt: timestamp('edited_at', { withTimezone: true }),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    createdByAccount: integer('created_by_account'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [uniqueIndex('channel_posts_key').on(t.key), index('channel_posts_due').on(t.status, t.scheduledAt)],
);

/** Every delivery of a post (send, edit, delete) with its outcome. */
export const channelPostDeliveries = pgTable(
  'channel_post_deliveries',
  {
    id: serial('id').primaryKey(),
    postId: integer('post_id').notNull(),
    /** send | edit | delete */
    action: text('action').notNull(),
    /** ok | failed */
    outcome: text('outcome').notNull(),
    error: text('error'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('channel_post_deliveries_post').on(t.postId, t.at)],
);
