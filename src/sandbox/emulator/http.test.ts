import { describe, expect, it } from 'vitest';
import { TelegramEmulator } from './index.ts';

describe('Bot API HTTP surface', () => {
  const emu = new TelegramEmulator({ limits: false });
  const u = emu.createUser({ first_name: 'Ann' });
  emu.userSends(u.id, u.id, { text: 'hi' });
  const path = (m: string) => `/bot${emu.token}/${m}`;

  it('answers 401 for a wrong token, 404 for an unknown method and 400 for an unimplemented documented one', async () => {
    const r1 = await emu.app.request(`/bot123:nope/getMe`);
    expect([r1.status, await r1.json()]).toEqual([401, { ok: false, error_code: 401, description: 'Unauthorized' }]);
    const r2 = await emu.app.request(path('frobnicate'));
    expect([r2.status, await r2.json()]).toEqual([404, { ok: false, error_code: 404, description: 'Not Found' }]);
    const r3 = await emu.app.request(path('sendInvoice'), { method: 'POST' });
    expect(r3.status).toBe(400);
    expect(((await r3.json()) as { description: string }).description).toMatch(/^Bad Request: method is not supported by the sandbox emulator/);
  });

  it('accepts query strings, case-insensitive method names, urlencoded and multipart forms with JSON-serialised fields', async () => {
    const q = await emu.app.request(`${path('SENDMESSAGE')}?chat_id=${u.id}&text=from%20query`);
    expect(((await q.json()) as { result: { text: string } }).result.text).toBe('from query');
    const form = new URLSearchParams({ chat_id: String(u.id), text: '123', reply_markup: JSON.stringify({ inline_keyboard: [[{ text: 'a', callback_data: 'b' }]] }) });
    const f = await emu.app.request(path('sendMessage'), { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const fr = (await f.json()) as { result: { text: unknown; reply_markup: unknown } };
    expect(fr.result.text).toBe('123'); // stays a string: coerced by the reference's types
    expect(fr.result.reply_markup).toEqual({ inline_keyboard: [[{ text: 'a', callback_data: 'b' }]] });
    const mp = new FormData();
    mp.set('chat_id', String(u.id));
    mp.set('photo', new Blob([Buffer.from('jpeg bytes')], { type: 'image/jpeg' }), 'p.jpg');
    mp.set('caption', 'multi');
    const m = await emu.app.request(path('sendPhoto'), { method: 'POST', body: mp });
    const mr = (await m.json()) as { ok: boolean; result: { caption: string; photo: unknown[] } };
    expect([mr.ok, mr.result.caption, mr.result.photo.length > 1]).toEqual([true, 'multi', true]);
  });

  it('answers malformed bodies with a clear 400', async () => {
    const bad = await emu.app.request(path('sendMessage'), { method: 'POST', body: '{"chat_id":', headers: { 'content-type': 'application/json' } });
    const body = (await bad.json()) as { ok: boolean; error_code: number; description: string };
    expect([bad.status, body.ok, body.error_code]).toEqual([400, false, 400]);
    expect(body.description).toMatch(/^Bad Request: can't parse request body: invalid JSON/);
    const markup = await emu.app.request(path('sendMessage'), {
      method: 'POST',
      body: new URLSearchParams({ chat_id: String(u.id), text: 'x', reply_markup: '{oops' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(((await markup.json()) as { description: string }).description).toBe("Bad Request: can't parse reply keyboard markup JSON object");
    const missing = await emu.app.request(path('sendMessage'), { method: 'POST', body: JSON.stringify({ text: 'x' }), headers: { 'content-type': 'application/json' } });
    expect(((await missing.json()) as { description: string }).description).toBe('Bad Request: chat_id is empty');
    expect(emu.calls.at(-1)).toMatchObject({ method: 'sendMessage', ok: false, error_code: 400 });
  });

  it('can be mounted under a prefix by another Hono app', async () => {
    const { Hono } = await import('hono');
    const outer = new Hono();
    outer.route('/telegram', emu.app);
    const r = await outer.request(`/telegram/bot${emu.token}/getMe`);
    expect(((await r.json()) as { result: { username: string } }).result.username).toBe('netreach_bot');
  });
});
