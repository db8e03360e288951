import { randomBytes } from 'node:crypto';
import type { ChatFullInfo, ChatInviteLink, ChatMember, ChatPermissions, MenuButton, Message, User } from 'grammy/types';
import type { Engine } from '../engine.ts';
import { E, badRequest } from '../../../bot-api/errors.ts';
import type { Params } from '../params.ts';
import { DEFAULT_PERMISSIONS, adminRights, untilDateOf, type ChatRecord, type MemberRecord } from '../state.ts';
import type { HandlerTable } from './types.ts';

const NO_GIFTS = { unlimited_gifts: false, limited_gifts: false, unique_gifts: false, premium_subscription: false, gifts_from_channels: false };

export function fullInfo(e: Engine, rec: ChatRecord): ChatFullInfo {
  const info: Record<string, unknown> = { ...rec.chat, accent_color_id: 0, max_reaction_count: 11, accepted_gift_types: NO_GIFTS };
  if (rec.kind !== 'private') {
    if (rec.description) info.description = rec.description;
    if (rec.kind === 'supergroup') info.permissions = { ...rec.permissions };
    const primary = [...rec.inviteLinks.values()].find((l) => l.is_primary && !l.is_revoked);
    if (primary && e.botRight(rec, 'can_invite_users')) info.invite_link = primary.invite_link;
    // A direct messages chat names its channel (Bot API 9.2: ChatFullInfo.parent_chat).
    const parent = rec.parentId !== undefined ? e.state.chats.get(rec.parentId) : undefined;
    if (parent) info.parent_chat = parent.chat;
    const pinned = [...rec.pinned.values()].flat().sort((a, b) => b - a)[0];
    const pm = pinned !== undefined ? rec.messages.get(pinned) : undefined;
    if (pm) info.pinned_message = pm;
  }
  return info as unknown as ChatFullInfo;
}

const PERMISSION_KEYS = [
  'can_send_messages',
  'can_send_audios',
  'can_send_documents',
  'can_send_photos',
  'can_send_videos',
  'can_send_video_notes',
  'can_send_voice_notes',
  'can_send_polls',
  'can_send_other_messages',
  'can_add_web_page_previews',
  'can_react_to_messages',
  'can_edit_tag',
  'can_change_info',
  'can_invite_users',
  'can_pin_messages',
  'can_manage_topics',
] as const;

const MEDIA_PERMISSIONS = ['can_send_audios', 'can_send_documents', 'can_send_photos', 'can_send_videos', 'can_send_video_notes', 'can_send_voice_notes'] as const;

/**
 * ChatPermissions as the Bot API server reads them for restrictChatMember: an omitted
 * permission is false (can_react_to_messages follows can_send_messages, can_edit_tag
 * can_pin_messages); without use_independent_chat_permissions, can_send_other_messages or
 * can_add_web_page_previews imply sending text and every media kind, can_send_polls text.
 */
function permissionsOf(given: ChatPermissions, independent: boolean): ChatPermissions {
  const g = given as Record<string, unknown>;
  const out: Record<string, boolean> = {};
  for (const k of PERMISSION_KEYS) out[k] = g[k] === true;
  if (g.can_react_to_messages === undefined) out.can_react_to_messages = out.can_send_messages as boolean;
  if (g.can_edit_tag === undefined) out.can_edit_tag = out.can_pin_messages as boolean;
  if (!independent) {
    if (out.can_send_other_messages || out.can_add_web_page_previews) {
      for (const k of MEDIA_PERMISSIONS) out[k] = true;
      out.can_send_messages = true;
    }
    if (out.can_send_polls) out.can_send_messages = true;
  }
  return out as ChatPermissions;
}

/** The ChatMember variant for a member record, with every field the variant requires. */
export function chatMember(e: Engine, rec: ChatRecord, m: MemberRecord, user: User): ChatMember {
  switch (m.status) {
    case 'creator':
      return { status: 'creator', user, is_anonymous: false };
    case 'administrator': {
      const r = { ...adminRights(), ...m.rights };
      if (rec.kind !== 'channel') {
        // for channels only (Bot API: ChatMemberAdministrator)
        delete r.can_post_messages;
        delete r.can_edit_messages;
        delete r.can_manage_direct_messages;
      }
      return { status: 'administrator', user, can_be_edited: m.promotedBy === e.botUser.id, ...r } as ChatMember;
    }
    case 'member':
      return m.untilDate ? { status: 'member', user, until_date: m.untilDate } : { status: 'member', user };
    case 'restricted': {
      const perms: Record<string, boolean> = {};
      const given = m.permissions as Record<string, boolean | undefined> | undefined;
      for (const k of PERMISSION_KEYS) perms[k] = given?.[k] ?? (DEFAULT_PERMISSIONS as Record<string, boolean | undefined>)[k] ?? true;
      return { status: 'restricted', user, is_member: m.isMember ?? true, ...perms, until_date: m.untilDate ?? 0 } as unknown as ChatMember;
    }
    case 'left':
      return { status: 'left', user };
    case 'kicked':
      return { status: 'kicked', user, until_date: m.untilDate ?? 0 };
  }
}

function userOf(e: Engine, id: number): User {
  if (id === e.botUser.id) return e.botSender;
  const u = e.state.users.get(id);
  if (!u) throw E.userNotFound();
  return u;
}

function group(e: Engine, p: Params): ChatRecord {
  const rec = e.chat(p.reqId('chat_id'));
  if (rec.kind === 'private') throw E.methodForPrivateChat();
  e.assertBotInChat(rec);
  return rec;
}

const isIn = (m: MemberRecord): boolean =>
  m.status === 'creator' || m.status === 'administrator' || m.status === 'member' || (m.status === 'restricted' && m.isMember !== false);

/** How a user came into the chat, as ChatMemberUpdated tells it. */
export interface JoinedVia {
  /** the invite link used (as the bot sees it, see linkView) */
  invite_link?: ChatInviteLink;
  /** approved after a join request sent without an invite link */
  via_join_request?: true;
}

/** Changes a member's status and queues chat_member (delivered only if allowed_updates asks for it). */
export function setMember(e: Engine, rec: ChatRecord, next: MemberRecord, by: User, via: JoinedVia = {}): void {
  const user = userOf(e, next.userId);
  const old = e.state.member(rec, next.userId);
  rec.members.set(next.userId, next);
  const chat_member = {
    chat: rec.chat,
    from: by,
    date: e.date(),
    old_chat_member: chatMember(e, rec, old, user),
    new_chat_member: chatMember(e, rec, next, user),
    ...(via.invite_link ? { invite_link: via.invite_link } : {}),
    ...(via.via_join_request ? { via_join_request: true as const } : {}),
  };
  if (next.userId === e.botUser.id) e.queueUpdate({ my_chat_member: chat_member });
  else e.queueUpdate({ chat_member });
}

/**
 * A user comes into the chat (joins, or is let in): chat_member, and in a supergroup the
 * new_chat_members service message from the newcomer. A restricted user who had left comes
 * back restricted, as on Telegram.
 */
export function admit(e: Engine, rec: ChatRecord, user: User, by: User, via: JoinedVia = {}): Message | undefined {
  const old = e.state.member(rec, user.id);
  const next: MemberRecord = old.status === 'restricted' ? { ...old, isMember: true } : { userId: user.id, status: 'member' };
  setMember(e, rec, next, by, via);
  if (rec.kind !== 'supergroup') return undefined;
  const m: Message = e.newMessage(rec, user);
  m.new_chat_members = [user];
  return e.store(rec, m, e.botSees(rec, m));
}

/**
 * An invite link as Telegram shows it to the bot: the count of pending join requests made
 * through it (only when there are some), and the secret part hidden when another
 * administrator created it (Bot API: ChatInviteLink.invite_link).
 */
export function linkView(e: Engine, rec: ChatRecord, l: ChatInviteLink): ChatInviteLink {
  const out: ChatInviteLink = { ...l };
  if (l.creator.id !== e.botUser.id) out.invite_link = l.invite_link.replace(/[^/+]+$/, '...');
  const pending = [...rec.joinRequestLinks.values()].filter((link) => link === l.invite_link).length;
  if (pending > 0) out.pending_join_request_count = pending;
  else delete out.pending_join_request_count;
  return out;
}

/** A supergroup's or channel's new invite link (creates the chat's primary link when `primary`). */
function newLink(e: Engine, primary: boolean): ChatInviteLink {
  return {
    invite_link: `https://t.me/+${randomBytes(12).toString('base64url')}`,
    creator: e.botSender,
    creates_join_request: false,
    is_primary: primary,
    is_revoked: false,
  };
}

/** TDLib's checks before a ban or restriction (worded as it words them). */
function assertMayRestrict(e: Engine, rec: ChatRecord): void {
  if (rec.parentId !== undefined) throw badRequest("can't restrict members in the chat; users must be banned in the corresponding channel chat");
  if (!e.botRight(rec, 'can_restrict_members')) throw E.notEnoughRights('restrict/unrestrict chat member');
}

function targetMember(e: Engine, rec: ChatRecord, p: Params, opts: { editableAdmin?: boolean } = {}): MemberRecord {
  const userId = p.reqInt('user_id');
  userOf(e, userId);
  if (userId === e.botUser.id) throw E.cantRestrictSelf();
  const m = e.state.member(rec, userId);
  if (m.status === 'creator') throw E.cantRemoveOwner();
  // TDLib demotes an administrator the bot itself promoted before banning them; any other is out of reach.
  if (m.status === 'administrator' && !(opts.editableAdmin && m.promotedBy === e.botUser.id)) throw E.userIsAdmin();
  return m;
}

/** The rights promoteChatMember takes (the channel-only ones are dropped in a supergroup, as the Bot API server does). */
export const PROMOTE_RIGHTS = [
  'is_anonymous',
  'can_manage_chat',
  'can_delete_messages',
  'can_manage_video_chats',
  'can_restrict_members',
  'can_promote_members',
  'can_change_info',
  'can_invite_users',
  'can_post_stories',
  'can_edit_stories',
  'can_delete_stories',
  'can_pin_messages',
  'can_manage_topics',
] as const;
export const CHANNEL_ONLY_RIGHTS = ['can_post_messages', 'can_edit_messages', 'can_manage_direct_messages'] as const;

/** Whether the bot holds an administrator right in the chat (the owner holds them all). */
function botHolds(e: Engine, rec: ChatRecord, right: string): boolean {
  const m = e.botMember(rec);
  if (m.status === 'creator') return true;
  return m.status === 'administrator' && (m.rights as unknown as Record<string, boolean> | undefined)?.[right] === true;
}

function inviteLink(e: Engine, rec: ChatRecord, p: Params): ChatInviteLink {
  const link = p.reqStr('invite_link');
  const l = rec.inviteLinks.get(link);
  if (!l) throw E.inviteLinkNotFound();
  return l;
}

function applyLinkOptions(p: Params, l: ChatInviteLink): void {
  const name = p.str('name');
  if (name !== undefined) {
    if (name.length > 32) throw badRequest('invite link name is too long');
    if (name) l.name = name;
    else delete l.name;
  }
  const expire = p.int('expire_date');
  if (expire !== undefined) {
    if (expire) l.expire_date = expire;
    else delete l.expire_date;
  }
  const limit = p.int('member_limit');
  if (limit !== undefined) {
    if (limit < 0 || limit > 99999) throw badRequest('member_limit must be between 1 and 99999');
    if (limit) l.member_limit = limit;
    else delete l.member_limit;
  }
  const cjr = p.bool('creates_join_request');
  if (cjr !== undefined) l.creates_join_request = cjr;
  if (l.creates_join_request && l.member_limit) throw badRequest("can't combine member_limit with creates_join_request");
}

export const chatMethods: HandlerTable = {
  getChat: (e, p) => {
    const rec = e.chat(p.reqId('chat_id'));
    e.assertBotInChat(rec);
    return fullInfo(e, rec);
  },

  getChatMember: (e, p) => {
    const rec = e.chat(p.reqId('chat_id'));
    e.assertBotInChat(rec);
    const userId = p.reqInt('user_id');
    const user = userOf(e, userId);
    if (rec.kind === 'private') {
      const inChat = userId === rec.chat.id || userId === e.botUser.id;
      return chatMember(e, rec, { userId, status: inChat ? 'member' : 'left' }, user);
    }
    return chatMember(e, rec, e.state.member(rec, userId), user);
  },

  getChatAdministrators: (e, p) => {
    const rec = group(e, p);
    return [...rec.members.values()]
      .filter((m) => m.status === 'creator' || m.status === 'administrator')
      .map((m) => chatMember(e, rec, m, userOf(e, m.userId)));
  },

  getChatMemberCount: (e, p) => {
    const rec = e.chat(p.reqId('chat_id'));
    e.assertBotInChat(rec);
    if (rec.kind === 'private') return 2;
    return [...rec.members.values()].filter(isIn).length;
  },

  banChatMember: (e, p) => {
    const rec = group(e, p);
    assertMayRestrict(e, rec);
    const m = targetMember(e, rec, p, { editableAdmin: true });
    const until = untilDateOf(p.int('until_date'), e.date());
    if (p.bool('revoke_messages')) {
      for (const [id, msg] of rec.messages) {
        if (msg.from?.id !== m.userId) continue;
        rec.messages.delete(id);
        e.emit('delete', { chat_id: rec.chat.id, message_id: id });
      }
    }
    // A banned user's pending join request goes with the ban.
    rec.joinRequests.delete(m.userId);
    rec.joinRequestLinks.delete(m.userId);
    setMember(e, rec, { userId: m.userId, status: 'kicked', untilDate: until }, e.botSender);
    return true;
  },

  unbanChatMember: (e, p) => {
    const rec = group(e, p);
    assertMayRestrict(e, rec);
    const userId = p.reqInt('user_id');
    userOf(e, userId);
    const m = e.state.member(rec, userId);
    const onlyIfBanned = p.bool('only_if_banned') === true;
    if (m.status === 'kicked' || (!onlyIfBanned && isIn(m))) {
      if (m.status === 'creator') throw E.cantRemoveOwner();
      if (m.status === 'administrator') throw E.userIsAdmin();
      // Bot API: without only_if_banned, unbanning a member removes them from the chat.
      setMember(e, rec, { userId, status: 'left' }, e.botSender);
    }
    return true;
  },

  /**
   * Promotes (any right true) or demotes (every right false) a member, as Telegram allows a bot:
   * only with can_promote_members, only an administrator it promoted itself ("CHAT_ADMIN_REQUIRED"
   * for the others, whoever made them), never the owner ("can't remove chat owner"), and only
   * rights the bot holds ("RIGHT_FORBIDDEN"). A demoted administrator is a member again; demoting
   * someone who is not an administrator changes nothing.
   */
  promoteChatMember: (e, p) => {
    const rec = group(e, p);
    const userId = p.reqInt('user_id');
    userOf(e, userId);
    const m = e.state.member(rec, userId);
    if (m.status === 'creator') throw E.cantRemoveOwner();
    if (!botHolds(e, rec, 'can_promote_members')) throw E.chatAdminRequired();
    if (m.status === 'administrator' && m.promotedBy !== e.botUser.id) throw E.chatAdminRequired();
    const keys = rec.kind === 'channel' ? [...PROMOTE_RIGHTS, ...CHANNEL_ONLY_RIGHTS] : PROMOTE_RIGHTS;
    const asked = Object.fromEntries(keys.map((k) => [k, p.bool(k) === true])) as Record<string, boolean>;
    const granted = keys.filter((k) => asked[k] && k !== 'is_anonymous');
    if (granted.length === 0 && !asked.is_anonymous) {
      if (m.status === 'administrator') setMember(e, rec, { userId, status: 'member' }, e.botSender);
      return true;
    }
    for (const k of granted) if (!botHolds(e, rec, k)) throw badRequest('RIGHT_FORBIDDEN');
    if (!isIn(m)) throw badRequest('USER_NOT_PARTICIPANT');
    // Every administrator may manage the chat (Telegram adds it to any promotion).
    const rights = adminRights({ ...Object.fromEntries(PROMOTE_RIGHTS.map((k) => [k, asked[k]])), can_manage_chat: true });
    if (rec.kind === 'channel') for (const k of CHANNEL_ONLY_RIGHTS) (rights as unknown as Record<string, boolean>)[k] = asked[k]!;
    setMember(e, rec, { userId, status: 'administrator', rights, promotedBy: e.botUser.id }, e.botSender);
    return true;
  },

  restrictChatMember: (e, p) => {
    const rec = group(e, p);
    if (rec.kind !== 'supergroup') throw badRequest('method is available only for supergroups');
    assertMayRestrict(e, rec);
    const m = targetMember(e, rec, p);
    const given = p.json<ChatPermissions>('permissions');
    if (!given || typeof given !== 'object') throw E.paramEmpty('permissions');
    const perms = permissionsOf(given, p.bool('use_independent_chat_permissions') === true);
    const until = untilDateOf(p.int('until_date'), e.date());
    // Restricted only in what the chat itself allows its members; nothing less means an ordinary member.
    const chatPerms = rec.permissions as Record<string, boolean | undefined>;
    const allAllowed = PERMISSION_KEYS.every((k) => (perms as Record<string, boolean>)[k] || chatPerms[k] !== true);
    if (!allAllowed) setMember(e, rec, { userId: m.userId, status: 'restricted', permissions: perms, untilDate: until, isMember: isIn(m) }, e.botSender);
    else if (isIn(m)) setMember(e, rec, { userId: m.userId, status: 'member' }, e.botSender);
    else if (m.status !== 'left') setMember(e, rec, { userId: m.userId, status: 'left' }, e.botSender);
    return true;
  },

  approveChatJoinRequest: (e, p) => {
    const rec = group(e, p);
    if (!e.botRight(rec, 'can_invite_users')) throw E.notEnoughRights('manage chat join requests');
    const userId = p.reqInt('user_id');
    const user = userOf(e, userId);
    if (!rec.joinRequests.has(userId)) throw E.hideRequesterMissing();
    const link = rec.joinRequestLinks.get(userId);
    rec.joinRequests.delete(userId);
    rec.joinRequestLinks.delete(userId);
    if (isIn(e.state.member(rec, userId))) throw E.userAlreadyParticipant();
    // Bot API: invite_link when the request came through a link; via_join_request when it did not.
    const l = link !== undefined ? rec.inviteLinks.get(link) : undefined;
    if (l) rec.linkJoins.set(l.invite_link, (rec.linkJoins.get(l.invite_link) ?? 0) + 1);
    admit(e, rec, user, e.botSender, l ? { invite_link: linkView(e, rec, l) } : { via_join_request: true });
    return true;
  },

  declineChatJoinRequest: (e, p) => {
    const rec = group(e, p);
    if (!e.botRight(rec, 'can_invite_users')) throw E.notEnoughRights('manage chat join requests');
    const userId = p.reqInt('user_id');
    userOf(e, userId);
    if (!rec.joinRequests.delete(userId)) throw E.hideRequesterMissing();
    rec.joinRequestLinks.delete(userId);
    return true;
  },

  exportChatInviteLink: (e, p): string => {
    const rec = group(e, p);
    if (!e.botRight(rec, 'can_invite_users')) throw E.notEnoughRights('manage chat invite link');
    // A new primary link replaces (revokes) the previous one.
    for (const l of rec.inviteLinks.values()) if (l.is_primary) l.is_revoked = true;
    const l = newLink(e, true);
    rec.inviteLinks.set(l.invite_link, l);
    return l.invite_link;
  },

  createChatInviteLink: (e, p): ChatInviteLink => {
    const rec = group(e, p);
    if (!e.botRight(rec, 'can_invite_users')) throw E.notEnoughRights('manage chat invite link');
    const l = newLink(e, false);
    applyLinkOptions(p, l);
    rec.inviteLinks.set(l.invite_link, l);
    return linkView(e, rec, l);
  },

  editChatInviteLink: (e, p): ChatInviteLink => {
    const rec = group(e, p);
    if (!e.botRight(rec, 'can_invite_users')) throw E.notEnoughRights('manage chat invite link');
    const l = inviteLink(e, rec, p);
    if (l.is_revoked) throw E.inviteRevoked();
    const draft = { ...l };
    applyLinkOptions(p, draft);
    Object.assign(l, draft);
    return linkView(e, rec, l);
  },

  revokeChatInviteLink: (e, p): ChatInviteLink => {
    const rec = group(e, p);
    if (!e.botRight(rec, 'can_invite_users')) throw E.notEnoughRights('manage chat invite link');
    const l = inviteLink(e, rec, p);
    const wasRevoked = l.is_revoked;
    l.is_revoked = true;
    if (l.is_primary && !wasRevoked) {
      // Bot API: revoking the primary link generates a new one.
      const next = newLink(e, true);
      rec.inviteLinks.set(next.invite_link, next);
    }
    return linkView(e, rec, l);
  },

  setChatMenuButton: (e, p) => {
    const chatId = p.int('chat_id');
    if (chatId !== undefined) {
      const rec = e.chat(chatId);
      if (rec.kind !== 'private') throw E.chatNotFound();
    }
    const button = p.json<MenuButton>('menu_button') ?? { type: 'default' };
    if (!button || typeof button !== 'object' || !['default', 'commands', 'web_app'].includes(button.type)) throw E.badObject('menu_button');
    e.state.menuButtons.set(chatId ?? 0, button);
    return true;
  },

  getChatMenuButton: (e, p) => {
    const chatId = p.int('chat_id');
    if (chatId !== undefined) e.chat(chatId);
    return e.state.menuButtons.get(chatId ?? 0) ?? e.state.menuButtons.get(0) ?? { type: 'commands' };
  },
};
