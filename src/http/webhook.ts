import type { Update } from 'grammy/types';
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { timingSafeEqual } from 'node:crypto';
import { MalformedUpdateError, type Inbox } from '../inbox/inbox.ts';
import { safeError, type Logger } from '../log.ts';

/**
 * Telegram posts each update here. The answer is 200 only once the update is stored, so a crash
 * makes Telegram deliver it again instead of losing it.
 */
export function mountWebhook(app: Hono, opts: { path: string; secretToken: string; inbox: Inbox; log: Logger; onArrival?: (u: Update) => void }): void {
  const expected = Buffer.from(opts.secretToken);
  app.post(
    opts.path,
    bodyLimit({ maxSize: 1024 * 1024, onError: (c) => c.json({ ok: false, error: 'update too large' }, 413) }),
    async (c) => {
      const given = Buffer.from(c.req.header('x-telegram-bot-api-secret-token') ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        opts.log.warn({ event: 'webhook.bad_secret' }, 'webhook call with a wrong secret token');
        return c.json({ ok: false, error: 'wrong secret token' }, 401);
      }
      let update: unknown;
      try {
        update = await c.req.json();
      } catch {
        opts.log.warn({ event: 'webhook.malformed_json' }, 'webhook body is not JSON');
        return c.json({ ok: false, error: 'body must be a JSON Telegram Update' }, 400);
      }
      // An overdose message is answered before the update is even stored.
      if (update && typeof update === 'object' && Number.isSafeInteger((update as Update).update_id)) opts.onArrival?.(update as Update);
      try {
        await opts.inbox.accept([update]);
      } catch (err) {
        if (err instanceof MalformedUpdateError) {
          opts.log.warn({ event: 'webhook.malformed_update' }, 'webhook body is not an update');
          return c.json({ ok: false, error: err.message }, 400);
        }
        opts.log.error({ event: 'webhook.store_failed', err: safeError(err) }, 'could not store update');
        return c.json({ ok: false, error: 'could not store the update; retry later' }, 500);
      }
      return c.json({ ok: true });
    },
  );
}
