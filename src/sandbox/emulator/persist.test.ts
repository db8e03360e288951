import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api, GrammyError } from 'grammy';
import type { Update } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import { TelegramEmulator } from './index.ts';
import { SAVE_DELAY_MS, UNCLEAN_SKIP_UPDATES, type Snapshot } from './persist.ts';

const dirs: string[] = [];
const open: TelegramEmulator[] = [];
afterEach(async () => {
  for (const e of open.splice(0)) await e.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-state-'));
  dirs.push(dir);
  return join(dir, 'telegram.json');
}

async function started(persistPath?: string): Promise<{ emu: TelegramEmulator; api: Api }> {
  const emu = new TelegramEmulator({ limits: false, ...(persistPath ? { persistPath } : {}) });
  open.push(emu);
  return { emu, api: new Api(emu.token, { apiRoot: (await emu.listen(0)).url }) };
}

async function stop(emu: TelegramEmulator): Promise<void> {
  open.splice(open.indexOf(emu), 1);
  await emu.close();
}

/** Fetches and confirms everything queued, as the bot's poller does. */
async function drain(api: Api): Promise<Update[]> {
  const got = await api.getUpdates({ timeout: 0 });
  if (got.length) await api.getUpdates({ offset: got.at(-1)!.update_id + 1, timeout: 0 });
  return got;
}

describe('persistence across restarts', () => {
  it('keeps update ids going up, people, chats, topics, messages, files and the token; forgets callback queries', async () => {
    const path = tempFile();
    const first = await started(path);
    const ann = first.emu.createUser({ first_name: 'Ann', username: 'ann_p' });
    const worker = first.emu.createUser({ first_name: 'Worker' });
    const staff = first.emu.createForumGroup({ title: 'Staff', members: [worker.id] });
    first.emu.userSends(ann.id, ann.id, { text: 'hello' });
    const photo = first.emu.userSends(ann.id, ann.id, { photo: Buffer.from('a small picture') });
    const topic = await first.api.createForumTopic(staff.id, 'Case 1', { icon_custom_emoji_id: '5312241539987020022' });
    const copy = await first.api.copyMessage(staff.id, ann.id, photo.message_id, { message_thread_id: topic.message_thread_id });
    await first.api.pinChatMessage(staff.id, copy.message_id);
    const menu = await first.api.sendMessage(ann.id, 'Menu', { reply_markup: { inline_keyboard: [[{ text: 'OK', callback_data: 'ok' }]] } });
    const query = first.emu.userPressesButton(ann.id, ann.id, menu.message_id, 'ok');
    await first.api.setMyCommands([{ command: 'start', description: 'Start' }]);
    const before = await drain(first.api);
    first.emu.userSends(ann.id, ann.id, { text: 'not fetched before the restart' });
    const lastId = before.at(-1)!.update_id;
    const token = first.emu.token;
    await stop(first.emu);

    const second = await started(path);
    expect(second.emu.token).toBe(token);
    expect(second.emu.users().map((u) => u.first_name)).toEqual(['Ann', 'Worker']);
    expect(second.emu.topics(staff.id)).toEqual([{ ...topic, closed: false }]);
    expect(second.emu.pinned(staff.id, topic.message_thread_id)?.message_id).toBe(copy.message_id);
    expect(second.emu.messages(ann.id).map((m) => m.text ?? (m.photo ? 'photo' : '?'))).toEqual(['hello', 'photo', 'Menu', 'not fetched before the restart']);
    expect(second.emu.message(ann.id, 1)?.chat).toBe(second.emu.chats().find((c) => c.id === ann.id));
    const fileId = photo.photo!.at(-1)!.file_id;
    expect(second.emu.fileContent(fileId)).toEqual(Buffer.from('a small picture'));
    expect(await second.api.getMyCommands()).toEqual([{ command: 'start', description: 'Start' }]);

    // The unconfirmed update is still there, with its id; new ones continue above it.
    const pending = await second.api.getUpdates({ timeout: 0 });
    expect(pending.map((u) => [u.update_id, u.message?.text])).toEqual([[lastId + 1, 'not fetched before the restart']]);
    second.emu.userSends(ann.id, ann.id, { text: 'after the restart' });
    const next = await drain(second.api);
    expect(next.at(-1)!.update_id).toBe(lastId + 2);
    const sent = await second.api.sendMessage(ann.id, 'still here');
    expect(sent.message_id).toBeGreaterThan(menu.message_id);
    const inTopic = await second.api.sendMessage(staff.id, 'reply', { message_thread_id: topic.message_thread_id });
    expect(inTopic.message_id).toBeGreaterThan(copy.message_id);

    const err = await second.api.answerCallbackQuery(query.id).catch((e: unknown) => e);
    expect(err instanceof GrammyError && err.description).toBe('Bad Request: query is too old and response timeout expired or query ID is invalid');
  });

  it('keeps invite links with their joins and join requests, bans and restrictions, channel posts and direct messages', async () => {
    const path = tempFile();
    const first = await started(path);
    const [ann, bob, cat, dan] = ['Ann', 'Bob', 'Cat', 'Dan'].map((n) => first.emu.createUser({ first_name: n }));
    const g = first.emu.createGroup({ title: 'Community', members: [] });
    const limited = await first.api.createChatInviteLink(g.id, { member_limit: 1 });
    const vetted = await first.api.createChatInviteLink(g.id, { creates_join_request: true });
    first.emu.userJoinsByLink(ann!.id, limited.invite_link);
    first.emu.userJoinsByLink(bob!.id, vetted.invite_link);
    first.emu.userJoins(cat!.id, g.id);
    await first.api.restrictChatMember(g.id, cat!.id, { can_send_messages: false }, { until_date: Math.floor(first.emu.now() / 1000) + 3600 });
    await first.api.banChatMember(g.id, dan!.id);
    // A post the bot may edit only as its own (no can_edit_messages).
    const ch = first.emu.createChannel({ title: 'Outreach', directMessages: true, botRights: { can_edit_messages: false } });
    const post = await first.api.sendMessage(ch.id, 'v1');
    const dm = first.emu.directMessagesChatOf(ch.id)!;
    first.emu.userWritesToChannel(ann!.id, ch.id, { text: 'hello' });
    await drain(first.api);
    await stop(first.emu);

    const second = await started(path);
    expect(() => second.emu.userJoinsByLink(dan!.id, limited.invite_link)).toThrow('INVITE_HASH_EXPIRED');
    expect((await second.api.editChatInviteLink(g.id, vetted.invite_link, { name: 'v' })).pending_join_request_count).toBe(1);
    await second.api.getUpdates({ offset: -1, allowed_updates: ['chat_member'] });
    await second.api.approveChatJoinRequest(g.id, bob!.id);
    const [approved] = await second.api.getUpdates({ offset: -1 });
    expect(approved?.chat_member?.invite_link?.invite_link).toBe(vetted.invite_link);
    expect(() => second.emu.userSends(cat!.id, g.id, { text: 'x' })).toThrow('CHAT_SEND_PLAIN_FORBIDDEN');
    expect(() => second.emu.userJoins(dan!.id, g.id)).toThrow('USER_BANNED_IN_CHANNEL');
    second.emu.advanceClock(3_700_000);
    expect(second.emu.userSends(cat!.id, g.id, { text: 'free again' }).text).toBe('free again');

    expect((await second.api.editMessageText(ch.id, post.message_id, 'v2')) !== true).toBe(true);
    expect(second.emu.directMessagesChatOf(ch.id)).toEqual(dm);
    expect((await second.api.getChat(dm.id)).parent_chat?.id).toBe(ch.id);
    const answer = await second.api.sendMessage(dm.id, 'hi Ann', { direct_messages_topic_id: ann!.id });
    expect(answer.direct_messages_topic?.topic_id).toBe(ann!.id);
    expect(second.emu.messages(dm.id, { topicId: ann!.id }).map((m) => m.text)).toEqual(['hello', 'hi Ann']);
  });

  it('writes the file a moment after a change, atomically, and after an unclean stop skips ahead', async () => {
    const path = tempFile();
    const { emu, api } = await started(path);
    const u = emu.createUser({ first_name: 'Ann' });
    emu.userSends(u.id, u.id, { text: 'one' });
    const [one] = await drain(api);
    await new Promise((r) => setTimeout(r, SAVE_DELAY_MS + 150));
    const saved = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
    expect(saved.clean).toBe(false);
    expect(saved.updates.nextId).toBe(one!.update_id + 1);
    expect(readdirSync(join(path, '..')).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    // Another process reads the file while this one still runs: as after a crash.
    const revived = new TelegramEmulator({ limits: false, persistPath: tempCopy(path) });
    open.push(revived);
    revived.userSends(u.id, u.id, { text: 'two' });
    const [two] = revived.engine.updates.pending();
    expect(two!.update_id).toBe(one!.update_id + 1 + UNCLEAN_SKIP_UPDATES);
    expect(emu.persistPath).toBe(path);
  });

  it('is off unless asked for: an emulator made by a test keeps nothing', async () => {
    const { emu } = await started();
    expect(emu.persistPath).toBeUndefined();
  });

  it('keeps only the latest Bot API calls in memory', async () => {
    const emu = new TelegramEmulator({ limits: false, callsLimit: 10 });
    open.push(emu);
    for (let i = 0; i < 40; i++) await emu.app.request(`/bot${emu.token}/getMe`);
    await emu.app.request(`/bot${emu.token}/getWebhookInfo`);
    expect(emu.calls.length).toBeLessThanOrEqual(11);
    expect(emu.calls.at(-1)?.method).toBe('getWebhookInfo');
  });
});

function tempCopy(path: string): string {
  const copy = tempFile();
  writeFileSync(copy, readFileSync(path, 'utf8'));
  return copy;
}
