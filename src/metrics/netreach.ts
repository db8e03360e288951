import { Registry } from './registry.ts';

/**
 * Netreach's metrics, defined once, and the small functions the inbox, the emergency responder and
 * the outbox call to record them. Labels take only the values listed here: a kind of chat, a
 * result, a kind of error, a staff group's number in the configuration — never an id or a text.
 */

/** Who a Bot API call goes to, as the outbox's targets tell: a client's private chat or a group. */
export const CHAT_KINDS = ['client', 'staff_group', 'community', 'channel'] as const;
export type ChatKind = (typeof CHAT_KINDS)[number];

/** How the inbox finished an update (the statuses of its table). */
export const UPDATE_RESULTS = ['done', 'skipped', 'failed'] as const;
export type UpdateResult = (typeof UPDATE_RESULTS)[number];

/** A failed Bot API call, by what it calls for: wait and retry (network, server), or not (the rest). 429s are counted apart. */
export const DELIVERY_ERROR_KINDS = ['network', 'server', 'bad_request', 'forbidden', 'not_found', 'other'] as const;
export type DeliveryErrorKind = (typeof DELIVERY_ERROR_KINDS)[number];

/** Which emergency message the latency is of: the client's first reply, or the alert in the staff group. */
export const EMERGENCY_REPLIES = ['client', 'staff_alert'] as const;
export type EmergencyReply = (typeof EMERGENCY_REPLIES)[number];

/** A staff group is named by its position (1, 2, …) in STAFF_CHAT_ID, never by its chat id. */
const GROUP_NUMBER = /[1-9][0-9]?/;

// The goal is p99 under 100 ms for the client's reply and 3 s for the staff alert: bounds on both sides of each.
const EMERGENCY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

// A collector that fails (the database away) leaves its gauges out of that scrape; this counts it.
export const registry = new Registry(() => collectErrors.inc());
const collectErrors = registry.counter('netreach_metrics_collect_errors_total', 'Scrapes in which a gauge could not be read (its samples were left out).');

const updatesReceived = registry.counter('netreach_updates_received_total', 'Telegram updates stored by the inbox (duplicates not counted).');
const updatesHandled = registry.counter('netreach_updates_handled_total', 'Updates the inbox finished, by result.', { result: UPDATE_RESULTS });
const outboxDepth = registry.gauge('netreach_outbox_depth', 'Outbox items waiting to be delivered (pending or attempted), by kind of chat.', { chat_kind: CHAT_KINDS });
const outboxOldest = registry.gauge('netreach_outbox_oldest_seconds', 'Age of the oldest waiting outbox item, by kind of chat (0 when none waits).', { chat_kind: CHAT_KINDS });
const telegram429 = registry.counter('netreach_telegram_429_total', 'Bot API calls Telegram refused with 429 Too Many Requests, by kind of chat.', { chat_kind: CHAT_KINDS });
const deliveryErrors = registry.counter('netreach_delivery_errors_total', 'Failed Bot API calls other than 429, by kind of error.', { kind: DELIVERY_ERROR_KINDS });
const emergencyReply = registry.histogram(
  'netreach_emergency_reply_seconds',
  'Seconds from an emergency update\'s arrival to its first message reaching Telegram: the client\'s reply, or the staff alert.',
  EMERGENCY_BUCKETS,
  { reply: EMERGENCY_REPLIES },
);
const staffGroupBacklog = registry.gauge('netreach_staff_group_backlog', 'Outbox items waiting for each staff group (its number in STAFF_CHAT_ID).', { group: GROUP_NUMBER });

/** Counts updates the inbox stored for the first time. */
export function recordUpdatesReceived(count = 1): void {
  updatesReceived.inc(undefined, count);
}

export function recordUpdateHandled(result: UpdateResult): void {
  updatesHandled.inc({ result });
}

export function recordTelegram429(chatKind: ChatKind): void {
  telegram429.inc({ chat_kind: chatKind });
}

export function recordDeliveryError(kind: DeliveryErrorKind): void {
  deliveryErrors.inc({ kind });
}

/**
 * The kind of a failed Bot API call, read from grammY's errors without importing them: a
 * `GrammyError` carries Telegram's `error_code`; an `HttpError` (no answer) has none.
 */
export function deliveryErrorKind(err: unknown): DeliveryErrorKind {
  const code = (err as { error_code?: unknown } | undefined)?.error_code;
  if (typeof code !== 'number') return (err as { name?: unknown } | undefined)?.name === 'HttpError' ? 'network' : 'other';
  if (code >= 500) return 'server';
  if (code === 400) return 'bad_request';
  if (code === 403) return 'forbidden';
  if (code === 404) return 'not_found';
  return 'other';
}

/** `arrivedAt` and `sentAt` as from `performance.now()` or `Date.now()`, in milliseconds. */
export function observeEmergencyReply(reply: EmergencyReply, arrivedAtMs: number, sentAtMs: number): void {
  emergencyReply.observe({ reply }, Math.max(0, sentAtMs - arrivedAtMs) / 1000);
}

/** What the outbox reports at each scrape: one entry per kind of chat and per staff group with items waiting. */
export interface OutboxSnapshot {
  byChatKind: { chatKind: ChatKind; depth: number; oldestSeconds: number }[];
  /** `group` is the staff group's position in STAFF_CHAT_ID, from 1. */
  staffGroups: { group: number; backlog: number }[];
}

/**
 * The outbox registers how to count its waiting rows; each scrape calls it once (a failing call
 * leaves these gauges out of that scrape). Kinds of chat it does not report are written as 0.
 */
export function registerOutboxCollector(fn: (() => Promise<OutboxSnapshot>) | undefined): void {
  // A scrape reads the three gauges one after another: they share one call of `fn`.
  let last: { scrape: number; snapshot: Promise<OutboxSnapshot> } | undefined;
  const snapshot = () => {
    if (last?.scrape !== registry.scrapes) last = { scrape: registry.scrapes, snapshot: fn!() };
    return last.snapshot;
  };
  const perKind = (pick: (e: OutboxSnapshot['byChatKind'][number]) => number) => async () => {
    const s = await snapshot();
    return CHAT_KINDS.map((chatKind) => {
      const e = s.byChatKind.find((x) => x.chatKind === chatKind);
      return { labels: { chat_kind: chatKind }, value: e ? pick(e) : 0 };
    });
  };
  outboxDepth.collectWith(fn && perKind((e) => e.depth));
  outboxOldest.collectWith(fn && perKind((e) => e.oldestSeconds));
  staffGroupBacklog.collectWith(fn && (async () => (await snapshot()).staffGroups.map((g) => ({ labels: { group: String(g.group) }, value: g.backlog }))));
}
