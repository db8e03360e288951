import type { Api } from 'grammy';
import { describe, expect, it } from 'vitest';
import type { TelegramEmulator } from './index.ts';
import { fails, useEmulator } from './testing.ts';

let emu: TelegramEmulator;
let api: Api;
useEmulator((e, a) => ((emu = e), (api = a)));

const NONE = {
  can_manage_chat: false,
  can_delete_messages: false,
  can_manage_video_chats: false,
  can_restrict_members: false,
  can_promote_members: false,
  can_change_info: false,
  can_invite_users: false,
  can_pin_messages: false,
  can_manage_topics: false,
};

describe('promoting and demoting members (promoteChatMember)', () => {
  it('a bot with can_promote_members promotes a member and demotes only the administrators it promoted', async () => {
    const [owner, ann, bob, eve] = ['Owner', 'Ann', 'Bob', 'Eve'].map((n) => emu.createUser({ first_name: n }));
    const g = emu.createGroup({ title: 'Community', ownerId: owner!.id, members: [ann!.id, bob!.id], admins: [eve!.id], botIsAdmin: true, botRights: { can_promote_members: true } });
    expect(await api.promoteChatMember(g.id, ann!.id, { can_delete_messages: true, can_restrict_members: true })).toBe(true);
    expect(await api.getChatMember(g.id, ann!.id)).toMatchObject({ status: 'administrator', can_be_edited: true, can_delete_messages: true, can_restrict_members: true, can_manage_chat: true, can_promote_members: false });
    // Demoted by every right false: a member again.
    expect(await api.promoteChatMember(g.id, ann!.id, NONE)).toBe(true);
    expect((await api.getChatMember(g.id, ann!.id)).status).toBe('member');
    // Demoting someone who is no administrator changes nothing.
    expect(await api.promoteChatMember(g.id, bob!.id, NONE)).toBe(true);
    expect((await api.getChatMember(g.id, bob!.id)).status).toBe('member');
    // An administrator someone else made is out of the bot's reach; the owner always is.
    expect(await api.getChatMember(g.id, eve!.id)).toMatchObject({ status: 'administrator', can_be_edited: false });
    expect(await fails(api.promoteChatMember(g.id, eve!.id, NONE))).toBe('Bad Request: CHAT_ADMIN_REQUIRED');
    expect(await fails(api.promoteChatMember(g.id, owner!.id, NONE))).toBe("Bad Request: can't remove chat owner");
    // Rights the bot does not hold cannot be given.
    expect(await fails(api.promoteChatMember(g.id, bob!.id, { can_post_stories: true }))).toBe('Bad Request: RIGHT_FORBIDDEN');
  });

  it('without can_promote_members the bot can neither promote nor demote', async () => {
    const [ann, eve] = ['Ann', 'Eve'].map((n) => emu.createUser({ first_name: n }));
    const g = emu.createGroup({ title: 'Community', members: [ann!.id], admins: [eve!.id], botIsAdmin: true });
    expect(await fails(api.promoteChatMember(g.id, ann!.id, { can_delete_messages: true }))).toBe('Bad Request: CHAT_ADMIN_REQUIRED');
    expect(await fails(api.promoteChatMember(g.id, eve!.id, NONE))).toBe('Bad Request: CHAT_ADMIN_REQUIRED');
  });
});

describe('removing a member so they can be invited again (banChatMember, then unbanChatMember)', () => {
  it('the ban removes them, the unban lifts it without bringing them back; owners and others’ administrators stay', async () => {
    const [owner, ann, eve, carl] = ['Owner', 'Ann', 'Eve', 'Carl'].map((n) => emu.createUser({ first_name: n }));
    const g = emu.createGroup({ title: 'Staff', ownerId: owner!.id, members: [ann!.id, carl!.id], admins: [eve!.id], botIsAdmin: true, botRights: { can_promote_members: true } });
    await api.banChatMember(g.id, ann!.id);
    expect((await api.getChatMember(g.id, ann!.id)).status).toBe('kicked');
    await api.unbanChatMember(g.id, ann!.id, { only_if_banned: true });
    expect((await api.getChatMember(g.id, ann!.id)).status).toBe('left');
    expect(() => emu.userSends(ann!.id, g.id, { text: 'still here?' })).toThrow();
    // Invited again, they can join.
    expect(emu.userJoinsByLink(ann!.id, (await api.createChatInviteLink(g.id)).invite_link).status).toBe('joined');
    expect(await fails(api.banChatMember(g.id, owner!.id))).toBe("Bad Request: can't remove chat owner");
    expect(await fails(api.banChatMember(g.id, eve!.id))).toBe('Bad Request: user is an administrator of the chat');
    // An administrator the bot promoted itself can be banned (TDLib demotes first).
    await api.promoteChatMember(g.id, carl!.id, { can_pin_messages: true });
    await api.banChatMember(g.id, carl!.id);
    expect((await api.getChatMember(g.id, carl!.id)).status).toBe('kicked');
  });

  it('without can_restrict_members: "not enough rights"', async () => {
    const ann = emu.createUser({ first_name: 'Ann' });
    const g = emu.createGroup({ title: 'Weak', members: [ann.id], botIsAdmin: true, botRights: { can_restrict_members: false } });
    expect(await fails(api.banChatMember(g.id, ann.id))).toBe('Bad Request: not enough rights to restrict/unrestrict chat member');
    expect(await fails(api.unbanChatMember(g.id, ann.id, { only_if_banned: true }))).toBe('Bad Request: not enough rights to restrict/unrestrict chat member');
  });
});
