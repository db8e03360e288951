import type { Api } from 'grammy';
import type { Update } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import type { TelegramEmulator } from './index.ts';
import { fails, useEmulator } from './testing.ts';

let emu: TelegramEmulator;
let api: Api;
useEmulator((e, a) => ((emu = e), (api = a)));

const HOUR = 3_600_000;
const now = (): number => Math.floor(emu.now() / 1000);

/** Fetches and confirms everything queued. */
async function drain(): Promise<Update[]> {
  const got = await api.getUpdates({ timeout: 0, allowed_updates: ['message', 'chat_member', 'chat_join_request', 'my_chat_member'] });
  if (got.length) await api.getUpdates({ offset: got.at(-1)!.update_id + 1, timeout: 0 });
  return got;
}

describe('joining through invite links', () => {
  it('a plain link lets the user in: chat_member with the link, and new_chat_members', async () => {
    const g = emu.createGroup({ title: 'Community', members: [] });
    const ann = emu.createUser({ first_name: 'Ann' });
    await drain();
    const link = await api.createChatInviteLink(g.id, { name: 'flyer' });
    const joined = emu.userJoinsByLink(ann.id, link.invite_link);
    expect(joined.status).toBe('joined');
    expect(joined.status === 'joined' && joined.message?.new_chat_members).toEqual([ann]);
    expect((await api.getChatMember(g.id, ann.id)).status).toBe('member');
    const [cm, msg] = await drain();
    expect(cm?.chat_member).toMatchObject({
      from: ann,
      old_chat_member: { status: 'left' },
      new_chat_member: { status: 'member', user: ann },
      invite_link: { invite_link: link.invite_link, name: 'flyer', creator: { id: emu.botUser.id }, is_primary: false, is_revoked: false },
    });
    expect(cm?.chat_member?.via_join_request).toBeUndefined();
    expect(msg?.message?.new_chat_members).toEqual([ann]);
    expect(() => emu.userJoinsByLink(ann.id, link.invite_link)).toThrow('USER_ALREADY_PARTICIPANT');
  });

  it('refuses unknown, revoked, expired and used-up links', async () => {
    const g = emu.createGroup({ title: 'Community', members: [] });
    const [a, b, c] = ['A', 'B', 'C'].map((n) => emu.createUser({ first_name: n }));
    expect(() => emu.userJoinsByLink(a!.id, 'https://t.me/+nothing')).toThrow('INVITE_HASH_INVALID');

    const revoked = await api.createChatInviteLink(g.id);
    await api.revokeChatInviteLink(g.id, revoked.invite_link);
    expect(() => emu.userJoinsByLink(a!.id, revoked.invite_link)).toThrow('Bad Request: INVITE_HASH_EXPIRED (the link was revoked)');

    const expiring = await api.createChatInviteLink(g.id, { expire_date: now() + 3600 });
    emu.advanceClock(HOUR + 1000);
    expect(() => emu.userJoinsByLink(a!.id, expiring.invite_link)).toThrow('INVITE_HASH_EXPIRED (the link has expired)');

    const once = await api.createChatInviteLink(g.id, { member_limit: 2 });
    emu.userJoinsByLink(a!.id, once.invite_link);
    emu.userJoinsByLink(b!.id, once.invite_link);
    expect(() => emu.userJoinsByLink(c!.id, once.invite_link)).toThrow(/INVITE_HASH_EXPIRED \(the link's member limit of 2 is reached\)/);
    // A user who leaves does not give the use back: the limit counts joins.
    emu.userLeaves(a!.id, g.id);
    expect(() => emu.userJoinsByLink(c!.id, once.invite_link)).toThrow('INVITE_HASH_EXPIRED');
  });

  it('a link that creates join requests: chat_join_request with the link, pending count, approval with the link', async () => {
    const g = emu.createGroup({ title: 'Community', members: [] });
    const [ann, bob] = ['Ann', 'Bob'].map((n) => emu.createUser({ first_name: n }));
    const link = await api.createChatInviteLink(g.id, { creates_join_request: true, name: 'vetted' });
    expect(link.pending_join_request_count).toBeUndefined();
    await drain();
    expect(emu.userJoinsByLink(ann!.id, link.invite_link)).toEqual({ status: 'requested' });
    expect(emu.userJoinsByLink(bob!.id, link.invite_link)).toEqual({ status: 'requested' });
    expect(() => emu.userJoinsByLink(ann!.id, link.invite_link)).toThrow('INVITE_REQUEST_SENT');
    expect((await api.getChatMember(g.id, ann!.id)).status).toBe('left');

    const requests = await drain();
    expect(requests.map((u) => u.chat_join_request?.from.first_name)).toEqual(['Ann', 'Bob']);
    const first = requests[0]!.chat_join_request!;
    expect(first.user_chat_id).toBe(ann!.id);
    expect(first.invite_link).toMatchObject({ invite_link: link.invite_link, creates_join_request: true, name: 'vetted', pending_join_request_count: 1 });
    expect(requests[1]!.chat_join_request!.invite_link?.pending_join_request_count).toBe(2);
    expect((await api.editChatInviteLink(g.id, link.invite_link, { name: 'vetted 2' })).pending_join_request_count).toBe(2);

    await api.approveChatJoinRequest(g.id, ann!.id);
    await api.declineChatJoinRequest(g.id, bob!.id);
    expect((await api.getChatMember(g.id, ann!.id)).status).toBe('member');
    expect((await api.getChatMember(g.id, bob!.id)).status).toBe('left');
    expect((await api.editChatInviteLink(g.id, link.invite_link, { name: 'vetted 3' })).pending_join_request_count).toBeUndefined();
    const [cm, service] = await drain();
    // Bot API: invite_link names the link the request came through; via_join_request is for requests without one.
    expect(cm?.chat_member).toMatchObject({ from: { id: emu.botUser.id }, new_chat_member: { status: 'member' }, invite_link: { invite_link: link.invite_link } });
    expect(cm?.chat_member?.via_join_request).toBeUndefined();
    expect(service?.message?.new_chat_members).toEqual([ann]);
  });

  it('a join request without a link ends in via_join_request', async () => {
    const g = emu.createGroup({ title: 'Community', members: [] });
    const ann = emu.createUser({ first_name: 'Ann' });
    emu.userRequestsToJoin(ann.id, g.id);
    expect(() => emu.userRequestsToJoin(ann.id, g.id)).toThrow('INVITE_REQUEST_SENT');
    const [req] = await drain();
    expect(req?.chat_join_request?.invite_link).toBeUndefined();
    await api.approveChatJoinRequest(g.id, ann.id);
    const [cm] = await drain();
    expect(cm?.chat_member?.via_join_request).toBe(true);
    expect(cm?.chat_member?.invite_link).toBeUndefined();
  });

  it('exportChatInviteLink makes a new primary link, which getChat shows; revoking it makes another', async () => {
    const g = emu.createGroup({ title: 'Community', members: [] });
    const first = await api.exportChatInviteLink(g.id);
    expect((await api.getChat(g.id)).invite_link).toBe(first);
    const second = await api.exportChatInviteLink(g.id);
    expect(second).not.toBe(first);
    expect(() => emu.userJoinsByLink(emu.createUser({ first_name: 'A' }).id, first)).toThrow('INVITE_HASH_EXPIRED');
    const revoked = await api.revokeChatInviteLink(g.id, second);
    expect([revoked.is_primary, revoked.is_revoked]).toEqual([true, true]);
    const third = (await api.getChat(g.id)).invite_link;
    expect(third).toBeDefined();
    expect(third).not.toBe(second);
  });

  it('a user leaves: chat_member member → left and left_chat_member', async () => {
    const ann = emu.createUser({ first_name: 'Ann' });
    const g = emu.createGroup({ title: 'Community', members: [ann.id] });
    await drain();
    const service = emu.userLeaves(ann.id, g.id);
    expect(service?.left_chat_member).toEqual(ann);
    const [cm, msg] = await drain();
    expect(cm?.chat_member).toMatchObject({ from: ann, old_chat_member: { status: 'member' }, new_chat_member: { status: 'left' } });
    expect(msg?.message?.left_chat_member).toEqual(ann);
    expect(() => emu.userLeaves(ann.id, g.id)).toThrow('USER_NOT_PARTICIPANT');
    expect(() => emu.userSends(ann.id, g.id, { text: 'hi' })).toThrow(/not a member/);
  });
});

describe('restrictions and bans', () => {
  it('a restricted member cannot send until until_date passes; then they are an ordinary member', async () => {
    const ann = emu.createUser({ first_name: 'Ann' });
    const g = emu.createGroup({ title: 'Community', members: [ann.id] });
    await api.restrictChatMember(g.id, ann.id, { can_send_messages: false }, { until_date: now() + 3600 });
    const m = await api.getChatMember(g.id, ann.id);
    expect(m.status === 'restricted' && [m.can_send_messages, m.can_send_photos, m.until_date]).toEqual([false, false, now() + 3600]);
    expect(() => emu.userSends(ann.id, g.id, { text: 'hi' })).toThrow('Bad Request: CHAT_SEND_PLAIN_FORBIDDEN (the user is restricted in the chat and may not send text messages)');
    expect(() => emu.userSends(ann.id, g.id, { photo: true })).toThrow('CHAT_SEND_PHOTOS_FORBIDDEN');
    emu.advanceClock(HOUR + 1000);
    expect(emu.userSends(ann.id, g.id, { text: 'back' }).text).toBe('back');
    expect((await api.getChatMember(g.id, ann.id)).status).toBe('member');
  });

  it('restricted forever: until_date 0, under 30 seconds or over 366 days from now', async () => {
    const users = [1, 2, 3].map((i) => emu.createUser({ first_name: `U${i}` }));
    const g = emu.createGroup({ title: 'Community', members: users.map((u) => u.id) });
    const untils = [0, now() + 10, now() + 367 * 86_400];
    for (const [i, u] of users.entries()) await api.restrictChatMember(g.id, u.id, { can_send_messages: false }, { until_date: untils[i] });
    emu.advanceClock(400 * 86_400_000);
    for (const u of users) {
      const m = await api.getChatMember(g.id, u.id);
      expect(m.status === 'restricted' && m.until_date).toBe(0);
      expect(() => emu.userSends(u.id, g.id, { text: 'x' })).toThrow('CHAT_SEND_PLAIN_FORBIDDEN');
    }
  });

  it('permissions as the Bot API reads them: omitted ones are false unless implied; granting all makes a member again', async () => {
    const ann = emu.createUser({ first_name: 'Ann' });
    const g = emu.createGroup({ title: 'Community', members: [ann.id] });
    await api.restrictChatMember(g.id, ann.id, { can_send_other_messages: true });
    const m = await api.getChatMember(g.id, ann.id);
    expect(m.status === 'restricted' && [m.can_send_messages, m.can_send_photos, m.can_send_polls, m.can_invite_users]).toEqual([true, true, false, false]);
    expect(emu.userSends(ann.id, g.id, { photo: true }).photo).toBeDefined();
    expect(() => emu.userSends(ann.id, g.id, { poll: true })).toThrow('CHAT_SEND_POLL_FORBIDDEN');
    await api.restrictChatMember(g.id, ann.id, { can_send_messages: true }, { use_independent_chat_permissions: true });
    expect(() => emu.userSends(ann.id, g.id, { photo: true })).toThrow('CHAT_SEND_PHOTOS_FORBIDDEN');
    const chat = await api.getChat(g.id);
    await api.restrictChatMember(g.id, ann.id, chat.permissions!);
    expect((await api.getChatMember(g.id, ann.id)).status).toBe('member');
  });

  it('a restricted member who leaves stays restricted when they come back', async () => {
    const ann = emu.createUser({ first_name: 'Ann' });
    const g = emu.createGroup({ title: 'Community', members: [ann.id] });
    await api.restrictChatMember(g.id, ann.id, { can_send_messages: false });
    emu.userLeaves(ann.id, g.id);
    const gone = await api.getChatMember(g.id, ann.id);
    expect(gone.status === 'restricted' && gone.is_member).toBe(false);
    emu.userJoins(ann.id, g.id);
    const back = await api.getChatMember(g.id, ann.id);
    expect(back.status === 'restricted' && back.is_member).toBe(true);
    expect(() => emu.userSends(ann.id, g.id, { text: 'x' })).toThrow('CHAT_SEND_PLAIN_FORBIDDEN');
  });

  it('a banned user can neither send, join, ask to join nor use a link until unbanned or the ban ends', async () => {
    const [ann, bob] = ['Ann', 'Bob'].map((n) => emu.createUser({ first_name: n }));
    const g = emu.createGroup({ title: 'Community', members: [ann!.id, bob!.id] });
    const link = await api.createChatInviteLink(g.id);
    const request = await api.createChatInviteLink(g.id, { creates_join_request: true });
    await api.banChatMember(g.id, ann!.id);
    await api.banChatMember(g.id, bob!.id, { until_date: now() + 2 * 86_400 });
    expect(await api.getChatMember(g.id, bob!.id)).toMatchObject({ status: 'kicked', until_date: now() + 2 * 86_400 });
    for (const u of [ann!, bob!]) {
      expect(() => emu.userSends(u.id, g.id, { text: 'x' })).toThrow('Bad Request: USER_BANNED_IN_CHANNEL');
      expect(() => emu.userJoins(u.id, g.id)).toThrow('USER_BANNED_IN_CHANNEL');
      expect(() => emu.userRequestsToJoin(u.id, g.id)).toThrow('USER_BANNED_IN_CHANNEL');
      expect(() => emu.userJoinsByLink(u.id, link.invite_link)).toThrow('USER_BANNED_IN_CHANNEL');
      expect(() => emu.userJoinsByLink(u.id, request.invite_link)).toThrow('USER_BANNED_IN_CHANNEL');
    }
    expect(() => emu.userSends(ann!.id, g.id, { text: 'x' })).toThrow('USER_BANNED_IN_CHANNEL (the user is banned from the chat forever)');
    emu.advanceClock(49 * HOUR);
    expect((await api.getChatMember(g.id, bob!.id)).status).toBe('left');
    expect(emu.userJoinsByLink(bob!.id, link.invite_link).status).toBe('joined');
    await api.unbanChatMember(g.id, ann!.id, { only_if_banned: true });
    expect(emu.userJoins(ann!.id, g.id)?.new_chat_members).toEqual([ann]);
  });

  it('banning drops a pending join request', async () => {
    const ann = emu.createUser({ first_name: 'Ann' });
    const g = emu.createGroup({ title: 'Community', members: [] });
    emu.userRequestsToJoin(ann.id, g.id);
    await api.banChatMember(g.id, ann.id);
    expect(await fails(api.approveChatJoinRequest(g.id, ann.id))).toBe('Bad Request: HIDE_REQUESTER_MISSING');
  });
});

describe('rights', () => {
  it('answers TDLib\'s errors when the bot lacks the right to moderate or manage links', async () => {
    const ann = emu.createUser({ first_name: 'Ann' });
    const g = emu.createGroup({ title: 'Weak', members: [ann.id], botRights: { can_restrict_members: false, can_invite_users: false } });
    expect(await fails(api.banChatMember(g.id, ann.id))).toBe('Bad Request: not enough rights to restrict/unrestrict chat member');
    expect(await fails(api.restrictChatMember(g.id, ann.id, { can_send_messages: false }))).toBe('Bad Request: not enough rights to restrict/unrestrict chat member');
    expect(await fails(api.createChatInviteLink(g.id))).toBe('Bad Request: not enough rights to manage chat invite link');
    expect(await fails(api.exportChatInviteLink(g.id))).toBe('Bad Request: not enough rights to manage chat invite link');
    emu.userRequestsToJoin(emu.createUser({ first_name: 'B' }).id, g.id);
    expect(await fails(api.approveChatJoinRequest(g.id, ann.id))).toBe('Bad Request: not enough rights to manage chat join requests');
    const ch = emu.createChannel({ title: 'Outreach', directMessages: true });
    emu.userWritesToChannel(ann.id, ch.id, { text: 'hi' });
    expect(await fails(api.banChatMember(emu.directMessagesChatOf(ch.id)!.id, ann.id))).toBe(
      "Bad Request: can't restrict members in the chat; users must be banned in the corresponding channel chat",
    );
  });
});

describe('moderating a supergroup: deleting members\' messages', () => {
  it('an admin bot with can_delete_messages deletes anyone\'s message; without it, or after 48 hours, it cannot', async () => {
    const ann = emu.createUser({ first_name: 'Ann' });
    const g = emu.createGroup({ title: 'Community', members: [ann.id] });
    const weak = emu.createGroup({ title: 'Weak', members: [ann.id], botRights: { can_delete_messages: false } });
    const spam = emu.userSends(ann.id, g.id, { text: 'spam' });
    const spam2 = emu.userSends(ann.id, g.id, { text: 'spam 2' });
    const elsewhere = emu.userSends(ann.id, weak.id, { text: 'spam' });
    const deleted: number[] = [];
    emu.on('delete', (d) => d.message_id !== undefined && deleted.push(d.message_id));
    expect(await api.deleteMessage(g.id, spam.message_id)).toBe(true);
    expect(emu.message(g.id, spam.message_id)).toBeUndefined();
    expect(await fails(api.deleteMessage(weak.id, elsewhere.message_id))).toBe("Bad Request: message can't be deleted");
    expect(await fails(api.deleteMessages(weak.id, [elsewhere.message_id]))).toBe("Bad Request: message can't be deleted");
    const old = emu.userSends(ann.id, g.id, { text: 'old' });
    emu.advanceClock(48 * HOUR);
    const fresh = emu.userSends(ann.id, g.id, { text: 'fresh' });
    expect(await fails(api.deleteMessages(g.id, [fresh.message_id, old.message_id]))).toBe("Bad Request: message can't be deleted");
    expect(await api.deleteMessages(g.id, [fresh.message_id])).toBe(true);
    expect(deleted).toEqual([spam.message_id, fresh.message_id]);
    expect(emu.message(g.id, spam2.message_id)).toBeDefined();
  });
});
