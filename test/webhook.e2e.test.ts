import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Vault } from '../src/privacy/vault.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

let sys: TestSystem;
let hook: string;
let secret: string;
beforeAll(async () => {
  const port = await freePort();
  hook = `http://127.0.0.1:${port}/telegram/webhook`;
  sys = await startTestSystem({ env: { WEBHOOK_URL: hook, PORT: String(port) } });
  const key = Buffer.from(readFileSync(join(sys.dataDir, 'secret.key'), 'utf8').trim(), 'base64');
  secret = new Vault(key).derive('telegram-webhook-secret').toString('base64url');
});
afterAll(async () => {
  await sys?.stop();
});

const post = (body: string, token = secret) =>
  fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': token }, body });

describe('webhook mode', () => {
  it('registers the webhook with a secret token and relays through it', async () => {
    const info = await sys.app.deps.api.getWebhookInfo();
    expect(info.url).toBe(hook);
    const c = sys.emu.createUser({ first_name: 'Hooked' });
    const long = 'д'.repeat(4000);
    sys.emu.userSends(c.id, c.id, { text: long });
    const thread = await sys.emu.waitFor(() => sys.emu.topics(sys.staffChatId)[0]?.message_thread_id);
    await sys.emu.waitFor(() => sys.topicMessages(thread).some((m) => m.text === long));
    expect(sys.emu.calls.some((x) => x.method.toLowerCase() === 'getupdates')).toBe(false);
  });

  it('refuses a wrong secret token and malformed JSON, losing nothing', async () => {
    const wrong = await post(JSON.stringify({ update_id: 1, message: {} }), 'not-the-secret');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ ok: false, error: 'wrong secret token' });

    const malformed = await post('{"update_id": 5, "message": {');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ ok: false, error: expect.stringMatching(/JSON Telegram Update/) });

    const notUpdate = await post(JSON.stringify({ hello: 'world' }));
    expect(notUpdate.status).toBe(400);

    // The system still works afterwards.
    const c = sys.emu.createUser({ first_name: 'After' });
    sys.emu.userSends(c.id, c.id, { text: 'still here' });
    await sys.emu.waitFor(() => sys.emu.messages(sys.staffChatId).some((m) => m.text === 'still here'));
  });

  it('stores and skips updates of unknown types or shapes with a log line', async () => {
    const unknown = await post(JSON.stringify({ update_id: 900001, some_future_update: { x: 1 } }));
    expect(unknown.status).toBe(200);
    const broken = await post(JSON.stringify({ update_id: 900002, message: { text: 'no chat here' } }));
    expect(broken.status).toBe(200);
    await sys.app.inbox.idle();
    await sys.app.outbox.idle();
    expect(sys.logs.join('')).toMatch(/"event":"update.skipped","update_id":900001,"kind":"some_future_update","reason":"unknown_type"/);
    expect(sys.logs.join('')).toMatch(/"event":"update.skipped","update_id":900002,"kind":"message","reason":"malformed"/);
    expect(sys.logs.join('')).not.toContain('no chat here');
  });

  it('handles a redelivered update once', async () => {
    const c = sys.emu.createUser({ first_name: 'Twice' });
    const update = {
      update_id: 900100,
      message: { message_id: 77, date: Math.floor(Date.now() / 1000), chat: { id: c.id, type: 'private', first_name: 'Twice' }, from: c, text: 'once only' },
    };
    // The emulator must know the message for copyMessage to find it, so let it exist there first.
    const real = sys.emu.userSends(c.id, c.id, { text: 'once only' });
    await sys.emu.waitFor(() => sys.emu.messages(sys.staffChatId).filter((m) => m.text === 'once only').length === 1);
    update.message.message_id = real.message_id;
    for (let i = 0; i < 3; i++) expect((await post(JSON.stringify({ ...update, update_id: 900100 }))).status).toBe(200);
    await sys.app.inbox.idle();
    await sys.app.outbox.idle();
    // The emulator's own delivery had a different update_id; ours three times the same one: one more copy at most.
    expect(sys.emu.messages(sys.staffChatId).filter((m) => m.text === 'once only').length).toBe(1);
  });

  it('answers an empty message without relaying it', async () => {
    const c = sys.emu.createUser({ first_name: 'Empty' });
    sys.emu.userSends(c.id, c.id, { text: 'hello' });
    await sys.emu.waitFor(() => sys.emu.messages(sys.staffChatId).some((m) => m.text === 'hello'));
    const res = await post(
      JSON.stringify({ update_id: 900200, message: { message_id: 999999, date: 1, chat: { id: c.id, type: 'private', first_name: 'Empty' }, from: c, text: '' } }),
    );
    expect(res.status).toBe(200);
    await sys.app.inbox.idle();
    await sys.app.outbox.idle();
    expect(sys.logs.join("")).toMatch(/"event":"relay.client_ignored"/);
    expect(sys.logs.join("")).toMatch(/"event":"update.done","update_id":900200/);
  });
});
