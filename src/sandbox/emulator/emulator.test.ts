import { Api, Bot, GrammyError, InputFile } from 'grammy';
import type { Update } from 'grammy/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TelegramEmulator } from './index.ts';

let emu: TelegramEmulator;
let api: Api;
let url: string;

beforeEach(async () => {
  emu = new TelegramEmulator({ limits: false });
  url = (await emu.listen(0)).url;
  api = new Api(emu.token, { apiRoot: url });
});
afterEach(async () => {
  await emu.close();
});

async function apiError(p: Promise<unknown>): Promise<GrammyError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof GrammyError) return e;
    throw e;
  }
  throw new Error('the call succeeded');
}

describe('long polling', () => {
  it('returns queued updates, confirms them by offset and holds a poll until an update arrives', async () => {
    const u = emu.createUser({ first_name: 'Ann' });
    emu.userSends(u.id, u.id, { text: 'one' });
    emu.userSends(u.id, u.id, { text: 'two' });
    const first = await api.getUpdates({ timeout: 0 });
    expect(first.map((x) => x.message?.text)).toEqual(['one', 'two']);
    expect((first[1] as Update).update_id).toBe((first[0] as Update).update_id + 1);
    expect(await api.getUpdates({ offset: (first[1] as Update).update_id + 1, timeout: 0 })).toEqual([]);
    expect(emu.pendingUpdateCount).toBe(0);

    const started = Date.now();
    const held = api.getUpdates({ timeout: 5 });
    setTimeout(() => emu.userSends(u.id, u.id, { text: 'later' }), 150);
    const got = await held;
    expect(got.map((x) => x.message?.text)).toEqual(['later']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);

    const t0 = Date.now();
    expect(await api.getUpdates({ offset: (got[0] as Update).update_id + 1, timeout: 1 })).toEqual([]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
  });

  it('supports limit, negative offsets and remembers allowed_updates', async () => {
    const u = emu.createUser({ first_name: 'Ann' });
    for (const t of ['a', 'b', 'c']) emu.userSends(u.id, u.id, { text: t });
    expect((await api.getUpdates({ limit: 2 })).map((x) => x.message?.text)).toEqual(['a', 'b']);
    expect((await api.getUpdates({ offset: -1 })).map((x) => x.message?.text)).toEqual(['c']);
    expect(emu.pendingUpdateCount).toBe(1);
    await api.getUpdates({ offset: -1, allowed_updates: ['callback_query'] });
    emu.userSends(u.id, u.id, { text: 'filtered out' });
    expect(emu.pendingUpdateCount).toBe(1);
  });

  it('a newer getUpdates terminates a pending one with 409', async () => {
    const pending = apiError(api.getUpdates({ timeout: 5 }));
    await new Promise((r) => setTimeout(r, 50));
    await api.getUpdates({ timeout: 0 });
    const err = await pending;
    expect(err.error_code).toBe(409);
    expect(err.description).toBe('Conflict: terminated by other getUpdates request; make sure that only one bot instance is running');
  });

  it('drives a grammY bot end to end (commands, replies, buttons, stop)', async () => {
    const bot = new Bot(emu.token, { client: { apiRoot: url } });
    bot.command('start', (ctx) => ctx.reply('<b>Hello</b>', { parse_mode: 'HTML', reply_markup: { inline_keyboard: [[{ text: 'Help', callback_data: 'help' }]] } }));
    bot.callbackQuery('help', (ctx) => ctx.answerCallbackQuery({ text: 'On its way' }));
    void bot.start({ drop_pending_updates: false });
    const u = emu.createUser({ first_name: 'Ann' });
    emu.userSends(u.id, u.id, { text: '/start' });
    const reply = await emu.waitFor(() => emu.messages(u.id).find((m) => m.from?.is_bot));
    expect(reply.text).toBe('Hello');
    expect(reply.entities).toEqual([{ type: 'bold', offset: 0, length: 5 }]);
    const q = emu.userPressesButton(u.id, u.id, reply.message_id, 'help');
    await emu.waitFor(() => emu.callbackAnswer(q.id));
    expect(emu.callbackAnswer(q.id)?.text).toBe('On its way');
    await bot.stop();
    // the poll grammY abandoned on stop is ended by its final getUpdates with 409, as on Telegram
    expect(emu.calls.filter((c) => !c.ok && c.error_code !== 409)).toEqual([]);
  });

  it('delivers a raw update of an unknown type as-is', async () => {
    emu.queueRawUpdate({ update_id: 5, some_future_update: { x: 1 } });
    const [u] = (await api.getUpdates()) as unknown as Array<Record<string, unknown>>;
    expect(u?.some_future_update).toEqual({ x: 1 });
    expect(u?.update_id).not.toBe(5);
  });
});

describe('private chats', () => {
  it('the bot may not write first, and a block gives 403 until unblocked', async () => {
    const u = emu.createUser({ first_name: 'Ann' });
    expect((await apiError(api.sendMessage(u.id, 'hi'))).description).toBe("Forbidden: bot can't initiate conversation with a user");
    emu.userSends(u.id, u.id, { text: 'hello' });
    await api.sendMessage(u.id, 'hi');
    emu.userBlocksBot(u.id);
    const err = await apiError(api.sendMessage(u.id, 'hi again'));
    expect([err.error_code, err.description]).toEqual([403, 'Forbidden: bot was blocked by the user']);
    expect((await apiError(api.copyMessage(u.id, u.id, 1))).error_code).toBe(403);
    const updates = await api.getUpdates();
    expect(updates.at(-1)?.my_chat_member?.new_chat_member.status).toBe('kicked');
    emu.userUnblocksBot(u.id);
    await api.sendMessage(u.id, 'back');
    expect((await apiError(api.sendMessage(424242, 'x'))).description).toBe('Bad Request: chat not found');
  });

  it('lets the bot write to someone with a pending join request', async () => {
    const u = emu.createUser({ first_name: 'Joiner' });
    const g = emu.createGroup({ title: 'Community', members: [] });
    emu.userRequestsToJoin(u.id, g.id);
    const [upd] = await api.getUpdates();
    expect(upd?.chat_join_request?.user_chat_id).toBe(u.id);
    await api.sendMessage(u.id, 'Please accept the rules');
    await api.approveChatJoinRequest(g.id, u.id);
    expect((await api.getChatMember(g.id, u.id)).status).toBe('member');
    expect((await apiError(api.sendMessage(u.id, 'again'))).error_code).toBe(403);
  });
});

describe('messages', () => {
  it('validates text, replies, entities and edits with Telegram errors', async () => {
    const u = emu.createUser({ first_name: 'Ann' });
    emu.userSends(u.id, u.id, { text: 'hello' });
    expect((await apiError(api.sendMessage(u.id, ''))).description).toBe('Bad Request: message text is empty');
    expect((await apiError(api.sendMessage(u.id, 'x'.repeat(4097)))).description).toBe('Bad Request: message is too long');
    expect((await apiError(api.sendMessage(u.id, '<b>x', { parse_mode: 'HTML' }))).description).toMatch(/^Bad Request: can't parse entities: /);
    expect((await apiError(api.sendMessage(u.id, 'x', { reply_parameters: { message_id: 999 } }))).description).toBe('Bad Request: message to be replied not found');
    const loose = await api.sendMessage(u.id, 'x', { reply_parameters: { message_id: 999, allow_sending_without_reply: true } });
    expect(loose.reply_to_message).toBeUndefined();
    const m = await api.sendMessage(u.id, 'answer', { reply_parameters: { message_id: 1 } });
    expect(m.reply_to_message?.text).toBe('hello');

    const edited = await api.editMessageText(u.id, m.message_id, 'answer 2');
    expect(edited !== true && edited.edit_date).toBeTruthy();
    expect((await apiError(api.editMessageText(u.id, m.message_id, 'answer 2'))).description).toBe(
      'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
    );
    expect((await apiError(api.editMessageText(u.id, 999, 'x'))).description).toBe('Bad Request: message to edit not found');
    expect((await apiError(api.editMessageText(u.id, 1, 'x'))).description).toBe("Bad Request: message can't be edited");
    await api.deleteMessage(u.id, m.message_id);
    expect(emu.messages(u.id).some((x) => x.message_id === m.message_id)).toBe(false);
    expect((await apiError(api.deleteMessage(u.id, m.message_id))).description).toBe('Bad Request: message to delete not found');
    await api.setMessageReaction(u.id, 1, [{ type: 'emoji', emoji: '👍' }]);
    expect(emu.reactions(u.id, 1)).toEqual([{ type: 'emoji', emoji: '👍' }]);
  });

  it('queues edited_message when a user edits', async () => {
    const u = emu.createUser({ first_name: 'Ann' });
    const m = emu.userSends(u.id, u.id, { text: 'helo' });
    emu.userEdits(u.id, u.id, m.message_id, { text: 'hello' });
    const updates = await api.getUpdates();
    expect(updates[1]?.edited_message?.text).toBe('hello');
    expect(updates[1]?.edited_message?.edit_date).toBeTypeOf('number');
  });

  it('copies every media kind, preserving content and dropping the forward header', async () => {
    const u = emu.createUser({ first_name: 'Ann', is_premium: true });
    const staff = emu.createForumGroup({ title: 'Staff', members: [] });
    const kinds = [
      { text: 'plain', entities: [{ type: 'bold' as const, offset: 0, length: 5 }] },
      { photo: true as const, caption: 'p' },
      { voice: true as const, duration: 3 },
      { video: true as const, caption: 'v' },
      { video_note: true as const },
      { document: true as const, file_name: 'a.pdf', caption: 'd' },
      { audio: true as const },
      { animation: true as const },
      { sticker: true as const },
      { location: { latitude: 59.9, longitude: 30.3 } },
      { contact: { phone_number: '+7000', first_name: 'X' } },
    ];
    for (const k of kinds) {
      const src = emu.userSends(u.id, u.id, k, { forward_from_user_id: u.id });
      const { message_id } = await api.copyMessage(staff.id, u.id, src.message_id);
      const copy = emu.messages(staff.id).find((x) => x.message_id === message_id);
      expect(copy?.forward_origin).toBeUndefined();
      expect(copy?.from?.id).toBe(emu.botUser.id);
      for (const key of ['text', 'entities', 'photo', 'voice', 'video', 'video_note', 'document', 'audio', 'animation', 'sticker', 'location', 'contact', 'caption'] as const) {
        expect(copy?.[key], key).toEqual(src[key]);
      }
    }
    const photo = emu.messages(u.id).find((x) => x.photo);
    const { message_id } = await api.copyMessage(staff.id, u.id, photo!.message_id, { caption: '<i>new</i>', parse_mode: 'HTML' });
    const copied = emu.messages(staff.id).find((x) => x.message_id === message_id);
    expect([copied?.caption, copied?.caption_entities]).toEqual(['new', [{ type: 'italic', offset: 0, length: 3 }]]);
    expect((await apiError(api.copyMessage(staff.id, u.id, photo!.message_id, { caption: 'c'.repeat(1025) }))).description).toBe(
      'Bad Request: message caption is too long',
    );
    const long = emu.userSends(u.id, u.id, { photo: true, caption: 'c'.repeat(2000) });
    expect((await apiError(api.copyMessage(staff.id, u.id, long.message_id))).description).toBe('Bad Request: message caption is too long');
    const bare = await api.copyMessage(staff.id, u.id, long.message_id, { caption: '' });
    expect(emu.message(staff.id, bare.message_id)?.caption).toBeUndefined();
    expect((await apiError(api.copyMessage(staff.id, u.id, 9999))).description).toBe('Bad Request: message to copy not found');
    const ids = await api.copyMessages(staff.id, u.id, [1, 2]);
    expect(ids).toHaveLength(2);
  });

  it('forwardMessage adds forward_origin naming the sender', async () => {
    const u = emu.createUser({ first_name: 'Ann', username: 'ann_x' });
    const g = emu.createGroup({ title: 'G', members: [] });
    const src = emu.userSends(u.id, u.id, { text: 'secret' });
    const fwd = await api.forwardMessage(g.id, u.id, src.message_id);
    expect(fwd.forward_origin).toEqual({ type: 'user', date: src.date, sender_user: u });
  });

  it('refuses to copy a service message', async () => {
    const staff = emu.createForumGroup({ title: 'Staff', members: [] });
    const topic = await api.createForumTopic(staff.id, 'Case');
    expect((await apiError(api.copyMessage(staff.id, staff.id, topic.message_thread_id))).description).toBe("Bad Request: message can't be copied");
  });

  it('uploads files by multipart, re-sends them by file_id and serves them via getFile', async () => {
    const u = emu.createUser({ first_name: 'Ann' });
    emu.userSends(u.id, u.id, { text: 'hi' });
    const bytes = Buffer.from('%PDF-1.4 sandbox');
    const sent = await api.sendDocument(u.id, new InputFile(bytes, 'leaflet.pdf'), { caption: 'Leaflet' });
    expect(sent.document?.file_name).toBe('leaflet.pdf');
    const again = await api.sendDocument(u.id, sent.document!.file_id);
    expect(again.document?.file_unique_id).toBe(sent.document?.file_unique_id);
    const photo = await api.sendPhoto(u.id, new InputFile(Buffer.from('jpeg'), 'p.jpg'));
    expect(photo.photo!.length).toBeGreaterThan(1);
    const file = await api.getFile(sent.document!.file_id);
    const res = await fetch(`${url}/file/bot${emu.token}/${file.file_path}`);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
    expect((await apiError(api.sendPhoto(u.id, 'nonsense'))).description).toBe('Bad Request: wrong file identifier/HTTP URL specified');
    expect((await apiError(api.getFile('nonsense'))).description).toBe('Bad Request: invalid file_id');
    const album = await api.sendMediaGroup(u.id, [
      { type: 'photo', media: new InputFile(Buffer.from('a'), 'a.jpg'), caption: 'one' },
      { type: 'photo', media: photo.photo!.at(-1)!.file_id },
    ]);
    expect(album).toHaveLength(2);
    const groups = album.map((m) => (m as { media_group_id?: string }).media_group_id);
    expect(groups[0]).toBeTruthy();
    expect(groups[0]).toBe(groups[1]);
  });
});

describe('groups and membership', () => {
  it('requires membership and reports the right ChatMember variants', async () => {
    const a = emu.createUser({ first_name: 'A' });
    const b = emu.createUser({ first_name: 'B' });
    const g = emu.createGroup({ title: 'G', members: [a.id], ownerId: b.id });
    expect(() => emu.userSends(emu.createUser({ first_name: 'C' }).id, g.id, { text: 'x' })).toThrow(/not a member/);
    expect((await api.getChatMember(g.id, a.id)).status).toBe('member');
    expect((await api.getChatMember(g.id, b.id)).status).toBe('creator');
    const me = await api.getChatMember(g.id, emu.botUser.id);
    expect(me.status === 'administrator' && me.can_manage_topics).toBe(true);
    expect((await api.getChatAdministrators(g.id)).map((m) => m.status).sort()).toEqual(['administrator', 'creator']);
    await api.restrictChatMember(g.id, a.id, { can_send_messages: false });
    expect((await api.getChatMember(g.id, a.id)).status).toBe('restricted');
    await api.banChatMember(g.id, a.id);
    expect((await api.getChatMember(g.id, a.id)).status).toBe('kicked');
    const out = emu.createGroup({ title: 'Not mine', members: [a.id], botIsAdmin: false });
    const ch = emu.createChannel({ title: 'News', botIsAdmin: false });
    expect((await apiError(api.sendMessage(ch.id, 'x'))).description).toBe('Forbidden: bot is not a member of the channel chat');
    await api.sendMessage(out.id, 'as a plain member');
    expect((await apiError(api.pinChatMessage(out.id, 1))).description).toMatch(/^Bad Request: not enough rights/);
  });

  it('privacy mode: a non-admin bot sees only commands, mentions and replies to it', async () => {
    const a = emu.createUser({ first_name: 'A' });
    const g = emu.createGroup({ title: 'G', members: [a.id], botIsAdmin: false });
    emu.userSends(a.id, g.id, { text: 'chatter' });
    emu.userSends(a.id, g.id, { text: '/help' });
    emu.userSends(a.id, g.id, { text: 'hey @netreach_bot' });
    expect((await api.getUpdates()).map((u) => u.message?.text)).toEqual(['/help', 'hey @netreach_bot']);
  });
});

describe('rate limits', () => {
  it('answers 429 with retry_after when limits are on', async () => {
    emu.setLimits({ groupPerMinute: 2 });
    const g = emu.createGroup({ title: 'G', members: [] });
    await api.sendMessage(g.id, '1');
    await api.sendMessage(g.id, '2');
    const err = await apiError(api.sendMessage(g.id, '3'));
    expect(err.error_code).toBe(429);
    expect(err.description).toMatch(/^Too Many Requests: retry after \d+$/);
    expect(err.parameters.retry_after).toBeGreaterThan(50);
    expect(await api.getChat(g.id)).toBeTruthy(); // only sending methods count
    emu.setLimits(false);
    await api.sendMessage(g.id, '3');
  });
});
