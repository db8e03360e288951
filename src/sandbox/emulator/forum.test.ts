import type { Api } from 'grammy';
import { describe, expect, it } from 'vitest';
import type { TelegramEmulator } from './index.ts';
import { fails, useEmulator } from './testing.ts';

let emu: TelegramEmulator;
let api: Api;
useEmulator((e, a) => ((emu = e), (api = a)));

describe('forum topics', () => {
  it('creates topics whose messages carry the thread, is_topic_message and the created service message as reply', async () => {
    const w = emu.createUser({ first_name: 'Worker' });
    const staff = emu.createForumGroup({ title: 'Staff', members: [w.id] });
    const topic = await api.createForumTopic(staff.id, 'Case 1', { icon_color: 0xffd67e });
    expect(topic).toEqual({ message_thread_id: topic.message_thread_id, name: 'Case 1', icon_color: 0xffd67e });
    const created = emu.messages(staff.id).at(-1)!;
    expect(created.message_id).toBe(topic.message_thread_id);
    expect(created.forum_topic_created).toEqual({ name: 'Case 1', icon_color: 0xffd67e });

    const sent = await api.sendMessage(staff.id, 'copied client text', { message_thread_id: topic.message_thread_id });
    expect(sent.message_thread_id).toBe(topic.message_thread_id);
    expect(sent.is_topic_message).toBe(true);
    expect(sent.reply_to_message?.message_id).toBe(topic.message_thread_id);
    expect(sent.reply_to_message?.forum_topic_created).toBeDefined();

    const plain = emu.userSends(w.id, staff.id, { text: 'answer' }, { message_thread_id: topic.message_thread_id });
    const reply = emu.userSends(w.id, staff.id, { text: 'real reply' }, { message_thread_id: topic.message_thread_id, reply_to_message_id: sent.message_id });
    const updates = await api.getUpdates();
    expect(updates.map((u) => u.message?.reply_to_message?.message_id)).toEqual([topic.message_thread_id, sent.message_id]);
    expect(plain.reply_to_message?.forum_topic_created).toBeDefined();
    expect(reply.reply_to_message?.text).toBe('copied client text');

    // a reply into the topic without message_thread_id lands in the topic
    const inferred = await api.sendMessage(staff.id, 'x', { reply_parameters: { message_id: plain.message_id } });
    expect(inferred.message_thread_id).toBe(topic.message_thread_id);
    expect(emu.messages(staff.id, { threadId: topic.message_thread_id }).map((m) => m.message_id)).toContain(inferred.message_id);
    expect(emu.topics(staff.id)).toEqual([{ ...topic, closed: false }]);
  });

  it('closes, edits and reopens with service messages; closed topics refuse non-admins', async () => {
    const w = emu.createUser({ first_name: 'Worker' });
    const staff = emu.createForumGroup({ title: 'Staff', members: [w.id] });
    const { message_thread_id: t } = await api.createForumTopic(staff.id, 'Case');
    await api.editForumTopic(staff.id, t, { name: 'Case (urgent)' });
    await api.closeForumTopic(staff.id, t);
    expect(emu.topics(staff.id)[0]).toMatchObject({ name: 'Case (urgent)', closed: true });
    expect(() => emu.userSends(w.id, staff.id, { text: 'late' }, { message_thread_id: t })).toThrow('TOPIC_CLOSED');
    const post = await api.sendMessage(staff.id, 'the bot as admin still posts', { message_thread_id: t });
    expect(await fails(api.closeForumTopic(staff.id, t))).toBe('Bad Request: TOPIC_NOT_MODIFIED');
    await api.reopenForumTopic(staff.id, t);
    const service = emu.messages(staff.id, { threadId: t }).map((m) => Object.keys(m).find((k) => k.startsWith('forum_topic_')));
    expect(service.filter(Boolean)).toEqual(['forum_topic_created', 'forum_topic_edited', 'forum_topic_closed', 'forum_topic_reopened']);
    await api.pinChatMessage(staff.id, post.message_id);
    expect(emu.pinned(staff.id, t)?.text).toBe('the bot as admin still posts');
    await api.deleteForumTopic(staff.id, t);
    expect(emu.topics(staff.id)).toEqual([]);
  });

  it('answers Telegram errors for bad topics, names, chats and rights', async () => {
    const staff = emu.createForumGroup({ title: 'Staff', members: [] });
    const plain = emu.createGroup({ title: 'Plain', members: [] });
    const weak = emu.createForumGroup({ title: 'Weak', members: [], botIsAdmin: false });
    expect(await fails(api.sendMessage(staff.id, 'x', { message_thread_id: 999 }))).toBe('Bad Request: message thread not found');
    expect(await fails(api.createForumTopic(staff.id, ''))).toBe('Bad Request: TOPIC_NAME_INVALID');
    expect(await fails(api.createForumTopic(staff.id, 'x'.repeat(129)))).toBe('Bad Request: TOPIC_NAME_INVALID');
    expect(await fails(api.createForumTopic(plain.id, 'x'))).toBe('Bad Request: the chat is not a forum');
    expect(await fails(api.createForumTopic(weak.id, 'x'))).toBe('Bad Request: not enough rights to create a topic');
    expect(await fails(api.createForumTopic(staff.id, 'x', { icon_color: 123 as 7322096 }))).toMatch(/icon_color/);
    expect((await api.getForumTopicIconStickers()).length).toBeGreaterThan(0);
  });
});

describe('topic icons', () => {
  it("getForumTopicIconStickers lists Telegram's default topic icons, the same ones every time", async () => {
    const icons = await api.getForumTopicIconStickers();
    expect(icons.length).toBeGreaterThan(100);
    expect(icons.every((s) => s.type === 'custom_emoji' && /^\d{19}$/.test(s.custom_emoji_id ?? ''))).toBe(true);
    expect(icons.find((s) => s.emoji === '🔥')?.custom_emoji_id).toBe('5312241539987020022');
    expect(icons.find((s) => s.emoji === '✅')?.custom_emoji_id).toBe('5237699328843200968');
    expect(new Set(icons.map((s) => s.custom_emoji_id)).size).toBe(icons.length);
    expect((await api.getForumTopicIconStickers()).map((s) => s.file_id)).toEqual(icons.map((s) => s.file_id));
    const file = await api.getFile(icons[0]!.file_id);
    expect(file.file_path).toMatch(/^stickers\//);
  });

  it('takes only those as icons: any other custom emoji needs Premium, which a bot has not', async () => {
    const staff = emu.createForumGroup({ title: 'Staff', members: [] });
    const fire = '5312241539987020022';
    const done = '5237699328843200968';
    const topic = await api.createForumTopic(staff.id, 'Case', { icon_custom_emoji_id: fire });
    expect(topic.icon_custom_emoji_id).toBe(fire);
    expect(await fails(api.createForumTopic(staff.id, 'Case 2', { icon_custom_emoji_id: '5000000000000000001' }))).toBe('Bad Request: PREMIUM_ACCOUNT_REQUIRED');
    const t = topic.message_thread_id;
    expect(await fails(api.editForumTopic(staff.id, t, { icon_custom_emoji_id: '123' }))).toBe('Bad Request: PREMIUM_ACCOUNT_REQUIRED');
    await api.editForumTopic(staff.id, t, { icon_custom_emoji_id: done });
    expect(emu.topics(staff.id)[0]?.icon_custom_emoji_id).toBe(done);
    expect(await fails(api.editForumTopic(staff.id, t, { icon_custom_emoji_id: done }))).toBe('Bad Request: TOPIC_NOT_MODIFIED');
    // An empty id removes the icon; no name and no icon changes nothing and succeeds.
    await api.editForumTopic(staff.id, t, { icon_custom_emoji_id: '' });
    expect(emu.topics(staff.id)[0]?.icon_custom_emoji_id).toBeUndefined();
    expect(await api.editForumTopic(staff.id, t)).toBe(true);
    const edits = emu.messages(staff.id, { threadId: t }).flatMap((m) => (m.forum_topic_edited ? [m.forum_topic_edited] : []));
    expect(edits).toEqual([{ icon_custom_emoji_id: done }, { icon_custom_emoji_id: '' }]);
  });
});
