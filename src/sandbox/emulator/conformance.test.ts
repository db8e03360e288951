import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkResult, checkType, requiredParams, undocumentedParams } from './conformance.ts';
import { TelegramEmulator } from './index.ts';
import { METHODS } from './methods/index.ts';
import { PARAM_TABLE } from './param-table.ts';
import { PARAMS_READ } from './params.ts';
import { deriveParamTable, type ApiReference } from './reference.ts';

const ref = JSON.parse(readFileSync(new URL('../../../test/fixtures/telegram-bot-api.json', import.meta.url), 'utf8')) as ApiReference;

async function call(emu: TelegramEmulator, method: string, params: Record<string, unknown>): Promise<{ ok: boolean; result?: unknown; description?: string }> {
  const res = await emu.app.request(`/bot${emu.token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return (await res.json()) as { ok: boolean; result?: unknown; description?: string };
}

/**
 * For every implemented method: the minimal valid parameters (the required ones, plus
 * the chat_id/message_id pair for edits, which the reference marks optional because of
 * inline messages), given the state built before it in this list.
 */
function scenario(emu: TelegramEmulator) {
  const user = emu.createUser({ first_name: 'Ann', username: 'ann_c' });
  const other = emu.createUser({ first_name: 'Bob' });
  const forum = emu.createForumGroup({ title: 'Staff', members: [user.id, other.id], ownerId: user.id });
  const group = emu.createGroup({ title: 'Community', members: [user.id, other.id] });
  const promoting = emu.createGroup({ title: 'Promoting', members: [other.id], botIsAdmin: true, botRights: { can_promote_members: true } });
  const text = emu.userSends(user.id, user.id, { text: 'hello' });
  const photo = emu.userSends(user.id, user.id, { photo: true, caption: 'pic' });
  const inGroup = emu.userSends(other.id, group.id, { text: 'group text' });
  const fileId = photo.photo?.at(-1)?.file_id as string;
  const ids: Record<string, number> = {};
  let thread = 0;
  let inviteLink = '';
  const steps: Array<[string, () => Record<string, unknown>, ((result: unknown) => void)?]> = [
    ['getMe', () => ({})],
    ['logOut', () => ({})],
    ['close', () => ({})],
    ['getWebhookInfo', () => ({})],
    ['setWebhook', () => ({ url: '' })],
    ['deleteWebhook', () => ({})],
    ['getUpdates', () => ({})],
    ['sendMessage', () => ({ chat_id: user.id, text: 'hi' }), (r) => (ids.text = (r as { message_id: number }).message_id)],
    ['sendPhoto', () => ({ chat_id: user.id, photo: fileId }), (r) => (ids.photo = (r as { message_id: number }).message_id)],
    ['sendDocument', () => ({ chat_id: user.id, document: 'https://example.org/a.pdf' })],
    ['sendVoice', () => ({ chat_id: user.id, voice: 'https://example.org/a.ogg' })],
    ['sendAudio', () => ({ chat_id: user.id, audio: 'https://example.org/a.mp3' })],
    ['sendVideo', () => ({ chat_id: user.id, video: 'https://example.org/a.mp4' })],
    ['sendAnimation', () => ({ chat_id: user.id, animation: 'https://example.org/a.gif' })],
    ['sendVideoNote', () => ({ chat_id: user.id, video_note: 'https://example.org/n.mp4' })],
    ['sendSticker', () => ({ chat_id: user.id, sticker: 'https://example.org/s.webp' })],
    ['sendLocation', () => ({ chat_id: user.id, latitude: 59.9, longitude: 30.3, live_period: 900 }), (r) => (ids.live = (r as { message_id: number }).message_id)],
    ['editMessageLiveLocation', () => ({ chat_id: user.id, message_id: ids.live, latitude: 59.91, longitude: 30.31, heading: 90 })],
    ['stopMessageLiveLocation', () => ({ chat_id: user.id, message_id: ids.live })],
    ['sendContact', () => ({ chat_id: user.id, phone_number: '+70000000000', first_name: 'Help line' })],
    ['sendChatAction', () => ({ chat_id: user.id, action: 'typing' })],
    ['sendMediaGroup', () => ({ chat_id: user.id, media: [{ type: 'photo', media: fileId }, { type: 'photo', media: fileId }] })],
    ['copyMessage', () => ({ chat_id: forum.id, from_chat_id: user.id, message_id: photo.message_id })],
    ['copyMessages', () => ({ chat_id: forum.id, from_chat_id: user.id, message_ids: [text.message_id, photo.message_id] })],
    ['forwardMessage', () => ({ chat_id: forum.id, from_chat_id: user.id, message_id: text.message_id })],
    ['editMessageText', () => ({ chat_id: user.id, message_id: ids.text, text: 'edited' })],
    ['editMessageCaption', () => ({ chat_id: user.id, message_id: ids.photo, caption: 'new caption' })],
    ['editMessageReplyMarkup', () => ({ chat_id: user.id, message_id: ids.photo, reply_markup: { inline_keyboard: [[{ text: 'ok', callback_data: 'ok' }]] } })],
    ['setMessageReaction', () => ({ chat_id: user.id, message_id: text.message_id })],
    ['pinChatMessage', () => ({ chat_id: user.id, message_id: ids.text })],
    ['unpinChatMessage', () => ({ chat_id: user.id })],
    ['unpinAllChatMessages', () => ({ chat_id: user.id })],
    ['getFile', () => ({ file_id: fileId })],
    ['getChat', () => ({ chat_id: forum.id })],
    ['getChatMember', () => ({ chat_id: forum.id, user_id: user.id })],
    ['getChatAdministrators', () => ({ chat_id: forum.id })],
    ['getChatMemberCount', () => ({ chat_id: forum.id })],
    ['createForumTopic', () => ({ chat_id: forum.id, name: 'Case' }), (r) => (thread = (r as { message_thread_id: number }).message_thread_id)],
    ['editForumTopic', () => ({ chat_id: forum.id, message_thread_id: thread, name: 'Case renamed' })],
    ['closeForumTopic', () => ({ chat_id: forum.id, message_thread_id: thread })],
    ['reopenForumTopic', () => ({ chat_id: forum.id, message_thread_id: thread })],
    ['unpinAllForumTopicMessages', () => ({ chat_id: forum.id, message_thread_id: thread })],
    ['getForumTopicIconStickers', () => ({})],
    ['deleteForumTopic', () => ({ chat_id: forum.id, message_thread_id: thread })],
    [
      'answerCallbackQuery',
      () => ({ callback_query_id: emu.userPressesButton(user.id, user.id, ids.photo as number, 'ok').id }),
    ],
    ['setMyCommands', () => ({ commands: [{ command: 'start', description: 'Start' }] })],
    ['getMyCommands', () => ({})],
    ['deleteMyCommands', () => ({})],
    ['setMyName', () => ({})],
    ['getMyName', () => ({})],
    ['setMyDescription', () => ({})],
    ['getMyDescription', () => ({})],
    ['setMyShortDescription', () => ({})],
    ['getMyShortDescription', () => ({})],
    ['setChatMenuButton', () => ({})],
    ['getChatMenuButton', () => ({})],
    ['exportChatInviteLink', () => ({ chat_id: group.id })],
    ['createChatInviteLink', () => ({ chat_id: group.id }), (r) => (inviteLink = (r as { invite_link: string }).invite_link)],
    ['editChatInviteLink', () => ({ chat_id: group.id, invite_link: inviteLink })],
    ['revokeChatInviteLink', () => ({ chat_id: group.id, invite_link: inviteLink })],
    [
      'approveChatJoinRequest',
      () => {
        const u = emu.createUser({ first_name: 'Joiner' });
        emu.userRequestsToJoin(u.id, group.id);
        return { chat_id: group.id, user_id: u.id };
      },
    ],
    [
      'declineChatJoinRequest',
      () => {
        const u = emu.createUser({ first_name: 'Declined' });
        emu.userRequestsToJoin(u.id, group.id);
        return { chat_id: group.id, user_id: u.id };
      },
    ],
    ['restrictChatMember', () => ({ chat_id: group.id, user_id: other.id, permissions: { can_send_messages: false } })],
    ['promoteChatMember', () => ({ chat_id: promoting.id, user_id: other.id })],
    ['banChatMember', () => ({ chat_id: group.id, user_id: other.id })],
    ['unbanChatMember', () => ({ chat_id: group.id, user_id: other.id })],
    ['deleteMessage', () => ({ chat_id: group.id, message_id: inGroup.message_id })],
    ['deleteMessages', () => ({ chat_id: user.id, message_ids: [ids.text, ids.photo] })],
  ];
  return steps;
}

describe('conformance with the Bot API reference', () => {
  it('the generated parameter table matches the reference', () => {
    expect(PARAM_TABLE).toEqual(deriveParamTable(ref));
  });

  it('every implemented method is documented', () => {
    for (const m of Object.keys(METHODS)) expect(ref.methods[m], m).toBeDefined();
  });

  it('each method succeeds with its required parameters and returns the documented shape; only documented parameters are read', async () => {
    const emu = new TelegramEmulator({ limits: false });
    const steps = scenario(emu);
    expect(new Set(steps.map(([m]) => m))).toEqual(new Set(Object.keys(METHODS)));
    const failures: string[] = [];
    for (const [method, params, after] of steps) {
      const p = params();
      for (const name of requiredParams(ref, method)) if (!(name in p)) failures.push(`${method}: scenario lacks required ${name}`);
      const res = await call(emu, method, p);
      if (!res.ok) {
        failures.push(`${method}: failed with ${res.description}`);
        continue;
      }
      failures.push(...checkResult(ref, method, res.result));
      after?.(res.result);
    }
    expect(failures).toEqual([]);
    expect(undocumentedParams(ref, PARAMS_READ)).toEqual([]);
    await emu.close();
  });

  it('stored messages and queued updates conform too', async () => {
    const emu = new TelegramEmulator({ limits: false });
    const user = emu.createUser({ first_name: 'Ann', is_premium: true });
    const forum = emu.createForumGroup({ title: 'Staff', members: [user.id] });
    for (const content of [
      { text: '/start hello @someone #tag https://example.org' },
      { photo: true as const, caption: 'c' },
      { voice: true as const, duration: 3 },
      { video: true as const },
      { video_note: true as const },
      { document: true as const, file_name: 'a.pdf' },
      { audio: true as const },
      { animation: true as const },
      { sticker: true as const },
      { location: { latitude: 1, longitude: 2 } },
      { location: { latitude: 1, longitude: 2, live_period: 3600, heading: 10, horizontal_accuracy: 5 } },
      { contact: { phone_number: '+1', first_name: 'X' } },
      { poll: true as const },
    ]) {
      emu.userSends(user.id, user.id, content);
    }
    const topic = await call(emu, 'createForumTopic', { chat_id: forum.id, name: 'T' });
    const thread = (topic.result as { message_thread_id: number }).message_thread_id;
    emu.userSends(user.id, forum.id, { text: 'in topic' }, { message_thread_id: thread });
    const live = emu.messages(user.id).find((m) => m.location?.live_period)!;
    emu.userMovesLiveLocation(user.id, user.id, live.message_id, { latitude: 1.5, longitude: 2.5 });
    emu.userStopsLiveLocation(user.id, user.id, live.message_id);
    emu.userBlocksBot(user.id);
    emu.userUnblocksBot(user.id);
    const other = emu.createUser({ first_name: 'J' });
    emu.userRequestsToJoin(other.id, forum.id);
    const errors = [
      ...emu.messages(user.id).flatMap((m, i) => checkType(ref, 'Message', m, `private[${i}]`)),
      ...emu.messages(forum.id).flatMap((m, i) => checkType(ref, 'Message', m, `forum[${i}]`)),
    ];
    const updates = (await call(emu, 'getUpdates', {})).result as unknown[];
    expect(updates.length).toBeGreaterThan(12);
    errors.push(...checkType(ref, 'Array of Update', updates, 'updates'));
    expect(errors).toEqual([]);
    await emu.close();
  });

  it('community, channel and direct messages updates and messages conform too', async () => {
    const emu = new TelegramEmulator({ limits: false });
    await call(emu, 'getUpdates', { allowed_updates: ['message', 'channel_post', 'chat_member', 'chat_join_request', 'my_chat_member'] });
    const [ann, bob, cat] = ['Ann', 'Bob', 'Cat'].map((n) => emu.createUser({ first_name: n }));
    const group = emu.createGroup({ title: 'Community', members: [] });
    const plain = (await call(emu, 'createChatInviteLink', { chat_id: group.id, name: 'flyer', expire_date: Math.floor(emu.now() / 1000) + 3600, member_limit: 5 })).result as { invite_link: string };
    const vetted = (await call(emu, 'createChatInviteLink', { chat_id: group.id, creates_join_request: true })).result as { invite_link: string };
    emu.userJoinsByLink(ann!.id, plain.invite_link);
    emu.userJoinsByLink(bob!.id, vetted.invite_link);
    emu.userRequestsToJoin(cat!.id, group.id);
    const edited = await call(emu, 'editChatInviteLink', { chat_id: group.id, invite_link: vetted.invite_link, name: 'vetted' });
    const errors = checkResult(ref, 'editChatInviteLink', edited.result);
    await call(emu, 'approveChatJoinRequest', { chat_id: group.id, user_id: bob!.id });
    await call(emu, 'approveChatJoinRequest', { chat_id: group.id, user_id: cat!.id });
    await call(emu, 'restrictChatMember', { chat_id: group.id, user_id: cat!.id, permissions: { can_send_messages: false }, until_date: Math.floor(emu.now() / 1000) + 3600 });
    emu.userLeaves(ann!.id, group.id);

    const channel = emu.createChannel({ title: 'Outreach', directMessages: true });
    const dm = emu.directMessagesChatOf(channel.id)!;
    await call(emu, 'sendMessage', { chat_id: channel.id, text: 'post' });
    const photo = emu.userSends(ann!.id, ann!.id, { photo: true, caption: 'p' });
    await call(emu, 'copyMessage', { chat_id: channel.id, from_chat_id: ann!.id, message_id: photo.message_id });
    emu.userWritesToChannel(bob!.id, channel.id, { text: 'hello' });
    const answer = await call(emu, 'sendMessage', { chat_id: dm.id, direct_messages_topic_id: bob!.id, text: 'hi' });
    errors.push(...checkResult(ref, 'sendMessage', answer.result));
    errors.push(...checkResult(ref, 'getChat', (await call(emu, 'getChat', { chat_id: dm.id })).result));
    errors.push(...checkResult(ref, 'getChatMember', (await call(emu, 'getChatMember', { chat_id: channel.id, user_id: emu.botUser.id })).result));
    errors.push(...checkResult(ref, 'getChatMember', (await call(emu, 'getChatMember', { chat_id: group.id, user_id: cat!.id })).result));
    for (const chat of [group, channel, dm]) errors.push(...emu.messages(chat.id).flatMap((m, i) => checkType(ref, 'Message', m, `${chat.title}[${i}]`)));

    const updates = (await call(emu, 'getUpdates', {})).result as Array<Record<string, { invite_link?: unknown; via_join_request?: boolean; direct_messages_topic?: unknown }>>;
    errors.push(...checkType(ref, 'Array of Update', updates, 'updates'));
    // Each new shape is there to be checked.
    expect(updates.some((u) => u.chat_join_request?.invite_link)).toBe(true);
    expect(updates.some((u) => u.chat_member?.invite_link)).toBe(true);
    expect(updates.some((u) => u.chat_member?.via_join_request)).toBe(true);
    expect(updates.some((u) => u.message?.direct_messages_topic)).toBe(true);
    expect(emu.messages(channel.id)).toHaveLength(2);
    expect(errors).toEqual([]);
    await emu.close();
  });

  it('the checker itself catches missing, mistyped and undocumented fields', () => {
    expect(checkType(ref, 'User', { id: 1, is_bot: false, first_name: 'A' })).toEqual([]);
    expect(checkType(ref, 'User', { id: 1, is_bot: false })).toEqual(['$.first_name: required field of User is missing']);
    expect(checkType(ref, 'User', { id: '1', is_bot: false, first_name: 'A' })[0]).toMatch(/expected Integer/);
    expect(checkType(ref, 'User', { id: 1, is_bot: false, first_name: 'A', nick: 'x' })).toEqual(['$.nick: field is not documented for User']);
    expect(checkType(ref, 'ChatMember', { status: 'creator', user: { id: 1, is_bot: false, first_name: 'A' }, is_anonymous: false })).toEqual([]);
    expect(checkType(ref, 'ChatMember', { status: 'nobody', user: { id: 1, is_bot: false, first_name: 'A' } })).toHaveLength(1);
  });
});
