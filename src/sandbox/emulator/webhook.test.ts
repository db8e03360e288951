import { createServer, type IncomingMessage, type Server } from 'node:http';
import { Api, GrammyError } from 'grammy';
import type { Update } from 'grammy/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TelegramEmulator } from './index.ts';

let emu: TelegramEmulator;
let api: Api;
let server: Server;
let hookUrl: string;
let received: Array<{ update: Update; secret: string | undefined }>;
let answer: (n: number) => number;

beforeEach(async () => {
  emu = new TelegramEmulator({ limits: false, webhookRetry: { baseMs: 30, maxMs: 100 } });
  api = new Api(emu.token, { apiRoot: (await emu.listen(0)).url });
  received = [];
  answer = () => 200;
  server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const secret = req.headers['x-telegram-bot-api-secret-token'];
      received.push({ update: JSON.parse(Buffer.concat(chunks).toString()) as Update, secret: typeof secret === 'string' ? secret : undefined });
      res.statusCode = answer(received.length);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
});
afterEach(async () => {
  await emu.close();
  await new Promise((r) => server.close(r));
});

describe('webhooks', () => {
  it('delivers updates in order with the secret header', async () => {
    const u = emu.createUser({ first_name: 'Ann' });
    await api.setWebhook(hookUrl, { secret_token: 'S3cret_-token' });
    for (const t of ['1', '2', '3']) emu.userSends(u.id, u.id, { text: t });
    await emu.waitFor(() => received.length === 3);
    expect(received.map((r) => r.update.message?.text)).toEqual(['1', '2', '3']);
    expect(received.every((r) => r.secret === 'S3cret_-token')).toBe(true);
    await emu.waitFor(() => emu.pendingUpdateCount === 0);
    const info = await api.getWebhookInfo();
    expect(info).toMatchObject({ url: hookUrl, has_custom_certificate: false, pending_update_count: 0, max_connections: 40 });
  });

  it('redelivers after a 500 and records the error as Telegram words it', async () => {
    answer = (n) => (n === 1 ? 500 : 200);
    const u = emu.createUser({ first_name: 'Ann' });
    await api.setWebhook(hookUrl);
    emu.userSends(u.id, u.id, { text: 'again' });
    await emu.waitFor(() => received.length === 2);
    expect(received[0]?.update.update_id).toBe(received[1]?.update.update_id);
    const info = await api.getWebhookInfo();
    expect(info.last_error_message).toBe('Wrong response from the webhook: 500 Internal Server Error');
    expect(info.last_error_date).toBeTypeOf('number');
  });

  it('refuses getUpdates while a webhook is set, and validates the secret', async () => {
    await api.setWebhook(hookUrl);
    const err = await api.getUpdates().catch((e: unknown) => e);
    expect(err instanceof GrammyError && [err.error_code, err.description]).toEqual([
      409,
      "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    ]);
    const bad = await api.setWebhook(hookUrl, { secret_token: 'has space' }).catch((e: unknown) => e);
    expect(bad instanceof GrammyError && bad.error_code).toBe(400);
    await api.deleteWebhook({ drop_pending_updates: true });
    expect(await api.getUpdates()).toEqual([]);
    expect((await api.getWebhookInfo()).url).toBe('');
  });

  it('records connection failures and keeps the update queued', async () => {
    const u = emu.createUser({ first_name: 'Ann' });
    await new Promise((r) => server.close(r));
    await api.setWebhook(hookUrl);
    emu.userSends(u.id, u.id, { text: 'nobody home' });
    await emu.waitFor(() => emu.engine.webhook.lastErrorMessage);
    expect((await api.getWebhookInfo()).last_error_message).toBe('Connection refused');
    expect(emu.pendingUpdateCount).toBe(1);
    server = createServer();
    server.listen(0);
  });
});
