import { randomBytes } from 'node:crypto';
import type { ChatFullInfo, ChatInviteLink, ChatMember, ChatPermissions, MenuButton, Message, User } from 'grammy/types';
import type { Engine } from '../engine.ts';
import { E, badRequest } from '../errors.ts';
import type { Params } from '../params.ts';
import { DEFAULT_PERMISSIONS, adminRights, type ChatRecord, type MemberRecord } from '../state.ts';
import type { HandlerTable } from './types.ts';

const NO_GIFTS = { unlimited_gifts: false, limited_gifts: false, unique_gifts: false, premium_subscription: false, gifts_from_channels: false };

export function fullInfo(e: Engine, rec: ChatRecord): ChatFullInfo {
  const info: Record<string, unknown> = { ...rec.chat, accent_color_id: 0, max_reaction_count: 11, accepted_gift_types: NO_GIFTS };
  if (rec.kind !== 'private') {
    if (rec.description) info.description = rec.description;
    if (rec.kind === 'supergroup') info.permissions = { ...rec.permissions };
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

/** The ChatMember variant for a member record, with every field the variant requires. */
export function chatMember(e: Engine, rec: ChatRecord, m: MemberRecord, user: User): ChatMember {
  switch (m.status) {
    case 'creator':
      return { status: 'creator', user, is_anonymous: false };
    case 'administrator': {
      const r = { ...adminRights(), ...m.rights };
      if (rec.kind !== 'channel') {
        delete r.can_post_messages;
        delete r.can_edit_messages;
      }
      return { status: 'administrator', user, can_be_edited: false, ...r } as ChatMember;
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

/** Changes a member's status and queues chat_member (delivered only if allowed_updates asks for it). */
export function setMember(e: Engine, rec: ChatRecord, next: MemberRecord, by: User): void {
  const user = userOf(e, next.userId);
  const old = e.state.member(rec, next.userId);
  rec.members.set(next.userId, next);
  const chat_member = {
    chat: rec.chat,
    from: by,
    date: e.date(),
    old_chat_member: chatMember(e, rec, old, user),
    new_chat_member: chatMember(e, rec, next, user),
  };
  if (next.userId === e.botUser.id) e.queueUpdate({ my_chat_member: chat_member });
  else e.queueUpdate({ chat_member });
}

function targetMember(e: Engine, rec: ChatRecord, p: Params): MemberRecord {
  const userId = p.reqInt('user_id');
  userOf(e, userId);
  if (userId === e.botUser.id) throw E.cantRestrictSelf();
  const m = e.state.member(rec, userId);
  if (m.status === 'creator') throw E.cantRemoveOwner();
  if (m.status === 'administrator') throw E.userIsAdmin();
  return m;
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
    if (!e.botRight(rec, 'can_restrict_members')) throw E.notEnoughRights('restrict/ban chat members');
    const m = targetMember(e, rec, p);
    const until = p.int('until_date') ?? 0;
    if (p.bool('revoke_messages')) {
      for (const [id, msg] of rec.messages) if (msg.from?.id === m.userId) rec.messages.delete(id);
    }
    setMember(e, rec, { userId: m.userId, status: 'kicked', untilDate: until }, e.botSender);
    return true;
  },

  unbanChatMember: (e, p) => {
    const rec = group(e, p);
    if (!e.botRight(rec, 'can_restrict_members')) throw E.notEnoughRights('restrict/ban chat members');
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

  restrictChatMember: (e, p) => {
    const rec = group(e, p);
    if (rec.kind !== 'supergroup') throw badRequest('method is available only for supergroups');
    if (!e.botRight(rec, 'can_restrict_members')) throw E.notEnoughRights('restrict/ban chat members');
    const m = targetMember(e, rec, p);
    const perms = p.json<ChatPermissions>('permissions');
    if (!perms || typeof perms !== 'object') throw E.paramEmpty('permissions');
    p.bool('use_independent_chat_permissions');
    const merged = { ...rec.permissions, ...perms };
    const until = p.int('until_date') ?? 0;
    const allAllowed = PERMISSION_KEYS.every((k) => (merged as Record<string, boolean | undefined>)[k] !== false || (rec.permissions as Record<string, boolean | undefined>)[k] === false);
    if (allAllowed && isIn(m)) setMember(e, rec, { userId: m.userId, status: 'member' }, e.botSender);
    else setMember(e, rec, { userId: m.userId, status: 'restricted', permissions: merged, untilDate: until, isMember: isIn(m) }, e.botSender);
    return true;
  },

  approveChatJoinRequest: (e, p) => {
    const rec = group(e, p);
    if (!e.botRight(rec, 'can_invite_users')) throw E.notEnoughRights('invite users');
    const userId = p.reqInt('user_id');
    const user = userOf(e, userId);
    if (!rec.joinRequests.has(userId)) throw E.hideRequesterMissing();
    rec.joinRequests.delete(userId);
    if (isIn(e.state.member(rec, userId))) throw E.userAlreadyParticipant();
    setMember(e, rec, { userId, status: 'member' }, e.botSender);
    if (rec.kind === 'supergroup') {
      const m: Message = e.newMessage(rec, user);
      m.new_chat_members = [user];
      e.store(rec, m, e.botSees(rec, m));
    }
    return true;
  },

  declineChatJoinRequest: (e, p) => {
    const rec = group(e, p);
    if (!e.botRight(rec, 'can_invite_users')) throw E.notEnoughRights('invite users');
    const userId = p.reqInt('user_id');
    userOf(e, userId);
    if (!rec.joinRequests.delete(userId)) throw E.hideRequesterMissing();
    return true;
  },

  createChatInviteLink: (e, p): ChatInviteLink => {
    const rec = group(e, p);
    if (!e.botRight(rec, 'can_invite_users')) throw E.notEnoughRights('invite users');
    const l: ChatInviteLink = {
      invite_link: `https://t.me/+${randomBytes(12).toString('base64url')}`,
      creator: e.botSender,
      creates_join_request: false,
      is_primary: false,
      is_revoked: false,
    };
    applyLinkOptions(p, l);
    rec.inviteLinks.set(l.invite_link, l);
    return { ...l };
  },

  editChatInviteLink: (e, p): ChatInviteLink => {
    const rec = group(e, p);
    if (!e.botRight(rec, 'can_invite_users')) throw E.notEnoughRights('invite users');
    const l = inviteLink(e, rec, p);
    if (l.is_revoked) throw badRequest('INVITE_REVOKED_MISSING');
    const draft = { ...l };
    applyLinkOptions(p, draft);
    Object.assign(l, draft);
    return { ...l };
  },

  revokeChatInviteLink: (e, p): ChatInviteLink => {
    const rec = group(e, p);
    if (!e.botRight(rec, 'can_invite_users')) throw E.notEnoughRights('invite users');
    const l = inviteLink(e, rec, p);
    l.is_revoked = true;
    return { ...l };
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
