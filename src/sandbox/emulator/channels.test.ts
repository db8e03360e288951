import { InputFile, type Api } from 'grammy';
import type { Message } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import type { TelegramEmulator } from './index.ts';
import { CHANNEL_BOT } from './state.ts';
import { fails, useEmulator } from './testing.ts';

let emu: TelegramEmulator;
let api: Api;
useEmulator((e, a) => ((emu = e), (api = a)));

describe('channels: the bot posts as the channel', () => {
  it('sendMessage, sendPhoto and copyMessage post with chat = sender_chat = the channel and no from', async () => {
    const ann = emu.createUser({ first_name: 'Ann' });
    const src = emu.userSends(ann.id, ann.id, { photo: true, caption: 'flyer' });
    const ch = emu.createChannel({ title: 'News', username: 'news_ch' });
    const text = await api.sendMessage(ch.id, 'Opening hours changed');
    const photo = await api.sendPhoto(ch.id, new InputFile(Buffer.from('jpeg'), 'p.jpg'), { caption: 'Map' });
    const copy = await api.copyMessage('@news_ch', ann.id, src.message_id);
    for (const m of [text, photo, emu.message(ch.id, copy.message_id)!]) {
      expect(m.chat).toEqual(ch);
      expect(m.sender_chat).toEqual(ch);
      expect(m.from).toBeUndefined();
    }
    expect(emu.messages(ch.id).map((m) => m.text ?? m.caption)).toEqual(['Opening hours changed', 'Map', 'flyer']);
    // The bot gets no update for its own posts.
    expect((await api.getUpdates()).filter((u) => u.channel_post)).toEqual([]);
  });

  it('edits its posts (can_post_messages for its own, can_edit_messages for any) and deletes them', async () => {
    const ch = emu.createChannel({ title: 'News' });
    const post = await api.sendMessage(ch.id, 'v1');
    const pic = await api.sendPhoto(ch.id, new InputFile(Buffer.from('jpeg'), 'p.jpg'), { caption: 'c1' });
    const edited = (await api.editMessageText(ch.id, post.message_id, 'v2')) as Message;
    expect([edited.text, edited.sender_chat?.id, edited.edit_date !== undefined]).toEqual(['v2', ch.id, true]);
    const recaptioned = await api.editMessageCaption(ch.id, pic.message_id, { caption: 'c2' });
    expect(recaptioned !== true && recaptioned.caption).toBe('c2');
    expect(await api.deleteMessage(ch.id, post.message_id)).toBe(true);
    expect(emu.messages(ch.id).map((m) => m.message_id)).toEqual([pic.message_id]);
  });

  it('answers the real errors without the rights', async () => {
    const notIn = emu.createChannel({ title: 'Elsewhere', botIsAdmin: false });
    expect(await fails(api.sendMessage(notIn.id, 'x'))).toBe('Forbidden: bot is not a member of the channel chat');
    const noPost = emu.createChannel({ title: 'Read only', botRights: { can_post_messages: false, can_edit_messages: false, can_delete_messages: false } });
    expect(await fails(api.sendMessage(noPost.id, 'x'))).toBe('Bad Request: need administrator rights in the channel chat');
    expect(await fails(api.sendPhoto(noPost.id, new InputFile(Buffer.from('jpeg'), 'p.jpg')))).toBe('Bad Request: need administrator rights in the channel chat');

    // Posts the bot made before losing its rights: no longer editable nor deletable.
    const ch = emu.createChannel({ title: 'News', botRights: { can_edit_messages: false, can_delete_messages: false } });
    const post = await api.sendMessage(ch.id, 'v1');
    expect((await api.editMessageText(ch.id, post.message_id, 'v2')) !== true).toBe(true);
    expect(await api.deleteMessage(ch.id, (await api.sendMessage(ch.id, 'tmp')).message_id)).toBe(true);
    await api.getChatMember(ch.id, emu.botUser.id);
    const rec = emu.engine.state.chats.get(ch.id)!;
    const bot = rec.members.get(emu.botUser.id)!;
    bot.rights = { ...bot.rights!, can_post_messages: false };
    expect(await fails(api.editMessageText(ch.id, post.message_id, 'v3'))).toBe("Bad Request: message can't be edited");
    expect(await fails(api.deleteMessage(ch.id, post.message_id))).toBe("Bad Request: message can't be deleted");
    // With can_edit_messages, any post is editable; with can_delete_messages, deletable.
    bot.rights = { ...bot.rights, can_edit_messages: true, can_delete_messages: true };
    expect((await api.editMessageText(ch.id, post.message_id, 'v3')) !== true).toBe(true);
    expect(await api.deleteMessage(ch.id, post.message_id)).toBe(true);
  });

  it('getChatMember shows the bot\'s channel rights, with can_manage_direct_messages only in channels', async () => {
    const ch = emu.createChannel({ title: 'News', directMessages: true });
    const g = emu.createGroup({ title: 'G', members: [], botRights: { can_manage_direct_messages: true } });
    const inChannel = await api.getChatMember(ch.id, emu.botUser.id);
    expect(inChannel.status === 'administrator' && [inChannel.can_post_messages, inChannel.can_manage_direct_messages]).toEqual([true, true]);
    const inGroup = await api.getChatMember(g.id, emu.botUser.id);
    expect(inGroup.status === 'administrator' && inGroup.can_manage_direct_messages).toBeUndefined();
  });
});

describe("a channel's direct messages chat", () => {
  it('users write in their own topics; the bot gets them and answers as the channel with direct_messages_topic_id', async () => {
    const ann = emu.createUser({ first_name: 'Ann' });
    const bob = emu.createUser({ first_name: 'Bob' });
    const ch = emu.createChannel({ title: 'Outreach', directMessages: true });
    const dm = emu.directMessagesChatOf(ch.id)!;
    expect(dm).toEqual({ id: dm.id, type: 'supergroup', title: 'Outreach', is_direct_messages: true });
    expect(emu.directMessagesChatOf(emu.createChannel({ title: 'Plain' }).id)).toBeUndefined();
    const info = await api.getChat(dm.id);
    expect([info.is_direct_messages, info.parent_chat]).toEqual([true, ch]);

    const a1 = emu.userWritesToChannel(ann.id, ch.id, { text: 'hello, can I get test strips?' });
    emu.userWritesToChannel(bob.id, ch.id, { photo: true, caption: 'is this safe?' });
    const a2 = emu.userWritesToChannel(ann.id, ch.id, { text: 'anyone?' });
    expect(a1.chat).toEqual(dm);
    expect(a1.from).toEqual(ann);
    expect(a1.direct_messages_topic).toEqual({ topic_id: ann.id, user: ann });
    expect(a2.direct_messages_topic?.topic_id).toBe(a1.direct_messages_topic?.topic_id);

    const updates = await api.getUpdates();
    expect(updates.map((u) => [u.message?.from?.first_name, u.message?.direct_messages_topic?.topic_id])).toEqual([
      ['Ann', ann.id],
      ['Bob', bob.id],
      ['Ann', ann.id],
    ]);

    const answer = await api.sendMessage(dm.id, 'Yes: come by on Tuesday', { direct_messages_topic_id: ann.id, reply_parameters: { message_id: a2.message_id } });
    expect(answer.chat).toEqual(dm);
    expect(answer.sender_chat).toEqual(ch);
    expect(answer.from).toEqual(CHANNEL_BOT);
    expect(answer.direct_messages_topic).toEqual({ topic_id: ann.id, user: ann });
    expect(answer.reply_to_message?.message_id).toBe(a2.message_id);
    const photo = await api.sendPhoto(dm.id, new InputFile(Buffer.from('jpeg'), 'p.jpg'), { direct_messages_topic_id: bob.id });
    const copied = await api.copyMessage(dm.id, dm.id, a1.message_id, { direct_messages_topic_id: bob.id });
    expect(emu.messages(dm.id, { topicId: bob.id }).map((m) => m.message_id)).toEqual([2, photo.message_id, copied.message_id]);
    expect(emu.messages(dm.id, { topicId: ann.id }).map((m) => m.text)).toEqual(['hello, can I get test strips?', 'anyone?', 'Yes: come by on Tuesday']);

    // The bot edits and deletes its answers, and deletes users' messages (can_manage_direct_messages).
    const edited = (await api.editMessageText(dm.id, answer.message_id, 'Yes: come by on Wednesday')) as Message;
    expect(edited.text).toBe('Yes: come by on Wednesday');
    expect(await api.deleteMessage(dm.id, a2.message_id)).toBe(true);
    expect(await api.deleteMessage(dm.id, answer.message_id)).toBe(true);
  });

  it('refuses a send without a topic, to a topic nobody opened, and without can_manage_direct_messages', async () => {
    const ann = emu.createUser({ first_name: 'Ann' });
    const ch = emu.createChannel({ title: 'Outreach', directMessages: true });
    const dm = emu.directMessagesChatOf(ch.id)!;
    emu.userWritesToChannel(ann.id, ch.id, { text: 'hi' });
    expect(await fails(api.sendMessage(dm.id, 'x'))).toBe('Bad Request: channel direct messages topic must be specified');
    expect(await fails(api.copyMessage(dm.id, dm.id, 1))).toBe('Bad Request: channel direct messages topic must be specified');
    expect(await fails(api.sendMessage(dm.id, 'x', { direct_messages_topic_id: 424242 }))).toBe('Bad Request: wrong direct messages topic identifier specified');
    expect(() => emu.userSends(ann.id, dm.id, { text: 'x' })).toThrow(/userWritesToChannel/);

    // Elsewhere the parameter is ignored, as by the Bot API server.
    const g = emu.createGroup({ title: 'G', members: [] });
    expect((await api.sendMessage(g.id, 'x', { direct_messages_topic_id: ann.id })).direct_messages_topic).toBeUndefined();

    const quiet = emu.createChannel({ title: 'Quiet', directMessages: true, botRights: { can_manage_direct_messages: false } });
    const quietDm = emu.directMessagesChatOf(quiet.id)!;
    await api.getUpdates({ offset: -1 });
    const m = emu.userWritesToChannel(ann.id, quiet.id, { text: 'hi' });
    expect(emu.messages(quietDm.id)).toEqual([m]);
    expect((await api.getUpdates({ offset: -1 })).some((u) => u.message?.chat.id === quietDm.id)).toBe(false);
    expect(await fails(api.sendMessage(quietDm.id, 'x', { direct_messages_topic_id: ann.id }))).toBe(
      'Bad Request: chat is not an administered channel direct messages chat',
    );
    expect(await fails(api.deleteMessage(quietDm.id, m.message_id))).toBe("Bad Request: message can't be deleted");

    const gone = emu.createChannel({ title: 'Gone', directMessages: true, botIsAdmin: false });
    const goneDm = emu.directMessagesChatOf(gone.id)!;
    expect(await fails(api.getChat(goneDm.id))).toBe('Forbidden: bot is not a member of the supergroup chat');
    expect(() => emu.userWritesToChannel(ann.id, emu.createChannel({ title: 'No DMs' }).id, { text: 'x' })).toThrow(/no direct messages chat/);
  });

  it('a user banned from the channel cannot write to its direct messages', async () => {
    const ann = emu.createUser({ first_name: 'Ann' });
    const ch = emu.createChannel({ title: 'Outreach', directMessages: true });
    await api.banChatMember(ch.id, ann.id);
    expect(() => emu.userWritesToChannel(ann.id, ch.id, { text: 'x' })).toThrow('USER_BANNED_IN_CHANNEL');
  });
});
