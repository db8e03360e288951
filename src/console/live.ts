import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Db } from '../db/open.ts';
import { activitySince, latestActivity } from './case-data.ts';

export interface LiveOptions {
  /** How often the database is asked for new activity (2 s). */
  pollMs?: number;
  /** A stream ends after this long; the browser reconnects (and the session is checked again). */
  maxMs?: number;
  /** A comment line this often keeps proxies from closing a quiet stream. */
  heartbeatMs?: number;
}

/**
 * Changes are read back this far behind the last one seen: a transaction that started earlier
 * (its `now()` is older) may commit after a later one, and must not be missed.
 */
const LOOK_BACK_MICROS = 5_000_000n;

/**
 * Server-sent events for the console: `case` events with `{ id, at }` whenever a case's activity
 * changes. Polling `cases.last_activity_at` works across processes (webhook workers, the CLI) and
 * needs nothing but the database. Payloads carry case numbers and times only, never text.
 */
export function liveEvents(c: Context, db: Db, opts: LiveOptions = {}): Response {
  const pollMs = opts.pollMs ?? 2_000;
  const maxMs = opts.maxMs ?? 5 * 60_000;
  const heartbeatMs = opts.heartbeatMs ?? 20_000;
  return streamSSE(c, async (stream) => {
    let open = true;
    stream.onAbort(() => {
      open = false;
    });
    const sent = new Map<number, bigint>();
    let since = await latestActivity(db);
    const started = Date.now();
    let quietSince = Date.now();
    await stream.writeSSE({ event: 'ready', data: '{}', retry: 3000 });
    while (open && !stream.closed && Date.now() - started < maxMs) {
      await stream.sleep(pollMs);
      if (!open) break;
      const from = since === null ? null : since - LOOK_BACK_MICROS;
      const changes = await activitySince(db, from);
      for (const ch of changes) {
        if (sent.get(ch.id) === ch.mark) continue;
        // Marks seen at connection time are not news; everything after is.
        if (since !== null && ch.mark <= since && !sent.has(ch.id)) {
          sent.set(ch.id, ch.mark);
          continue;
        }
        sent.set(ch.id, ch.mark);
        await stream.writeSSE({ event: 'case', data: JSON.stringify({ id: ch.id, at: ch.at.toISOString() }) });
        quietSince = Date.now();
      }
      const last = changes.at(-1);
      if (last && (since === null || last.mark > since)) since = last.mark;
      if (sent.size > 1000) sent.clear();
      if (Date.now() - quietSince >= heartbeatMs) {
        await stream.write(': keep-alive\n\n');
        quietSince = Date.now();
      }
    }
  });
}
