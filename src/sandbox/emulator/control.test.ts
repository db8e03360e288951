import { describe, expect, it } from 'vitest';
import { TelegramEmulator } from './index.ts';

const emu = new TelegramEmulator({ limits: false });
const post = async (path: string, body: unknown) => {
  const r = await emu.app.request(`/control${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  return { status: r.status, body: (await r.json()) as { ok: boolean; result: never; description?: string } };
};
const get = async (path: string) => (await (await emu.app.request(`/control${path}`)).json()) as { ok: boolean; result: never };

describe('control API', () => {
  it('plays people and shows what happened', async () => {
    const user = (await post('/users', { first_name: 'Ann', language_code: 'ru' })).body.result as { id: number };
    const worker = (await post('/users', { first_name: 'W' })).body.result as { id: number };
    const staff = (await post('/forum-groups', { title: 'Staff', members: [worker.id] })).body.result as { id: number; is_forum: boolean };
    expect(staff.is_forum).toBe(true);
    const sent = await post('/messages', { from: user.id, chat_id: user.id, text: 'hello' });
    expect(sent.status).toBe(200);
    await post('/messages', { from: user.id, chat_id: user.id, photo: Buffer.from('img').toString('base64'), caption: 'c' });
    const msgs = (await get(`/chats/${user.id}/messages`)).result as Array<{ text?: string; photo?: unknown }>;
    expect(msgs.map((m) => m.text ?? (m.photo ? 'photo' : ''))).toEqual(['hello', 'photo']);
    expect((await post('/edits', { from: user.id, chat_id: user.id, message_id: 1, text: 'hello!' })).status).toBe(200);
    expect((await post('/block', { user_id: user.id })).body.ok).toBe(true);
    expect((await post('/unblock', { user_id: user.id })).body.ok).toBe(true);
    expect(((await get('/bot')).result as { username: string }).username).toBe('netreach_bot');
    expect((await get(`/chats/${staff.id}/topics`)).result).toEqual([]);
    expect((await get('/calls')).result).toEqual([]);
  });

  it('joins by link, leaves, and writes to a channel\'s direct messages', async () => {
    const user = (await post('/users', { first_name: 'Ann' })).body.result as { id: number };
    const group = (await post('/groups', { title: 'Community', members: [], botRights: { can_delete_messages: false } })).body.result as { id: number };
    const res = await emu.app.request(`/bot${emu.token}/createChatInviteLink`, { method: 'POST', body: JSON.stringify({ chat_id: group.id }), headers: { 'content-type': 'application/json' } });
    const link = (await res.json()) as { result: { invite_link: string } };
    const joined = await post('/link-joins', { user_id: user.id, invite_link: link.result.invite_link });
    expect(joined.body.result).toMatchObject({ status: 'joined', message: { new_chat_members: [{ id: user.id }] } });
    expect((await post('/leaves', { user_id: user.id, chat_id: group.id })).body.result).toMatchObject({ left_chat_member: { id: user.id } });
    const again = await post('/link-joins', { user_id: user.id, invite_link: 'https://t.me/+nope' });
    expect([again.status, again.body.description]).toEqual([400, 'Bad Request: INVITE_HASH_INVALID (no chat has this invite link)']);

    const channel = (await post('/channels', { title: 'Outreach', directMessages: true })).body.result as { id: number };
    const dm = (await get(`/channels/${channel.id}/direct-messages-chat`)).result as { id: number; is_direct_messages: boolean };
    expect(dm.is_direct_messages).toBe(true);
    const sent = await post(`/channels/${channel.id}/direct-messages`, { from: user.id, text: 'hello' });
    expect(sent.body.result).toMatchObject({ chat: { id: dm.id }, direct_messages_topic: { topic_id: user.id } });
    expect(((await get(`/chats/${dm.id}/messages`)).result as unknown[]).length).toBe(1);
  });

  it('rejects bad input with 400 and a clear message', async () => {
    const r = await post('/users', { last_name: 'x' });
    expect(r.status).toBe(400);
    expect(r.body.description).toMatch(/first_name/);
    const m = await post('/messages', { from: 1, chat_id: 1 });
    expect(m.status).toBe(400);
    const unknown = await post('/messages', { from: 42, chat_id: 42, text: 'x' });
    expect([unknown.status, unknown.body.description]).toEqual([400, 'Bad Request: user 42 does not exist in the sandbox']);
    const notJson = await emu.app.request('/control/users', { method: 'POST', body: 'nope' });
    expect(notJson.status).toBe(400);
  });
});
