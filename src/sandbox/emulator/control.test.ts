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
