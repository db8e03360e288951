import type { Message } from 'grammy/types';
import type { Engine } from './engine.ts';

/** live_period meaning "until stopped" (Bot API: 0x7FFFFFFF). */
export const LIVE_FOREVER = 0x7fffffff;
/** Telegram's bounds for a live location's period, in seconds (TDLib: server-side limits). */
export const MIN_LIVE_PERIOD = 60;
export const MAX_LIVE_PERIOD = 86_400;

export type Location = NonNullable<Message['location']>;

/**
 * Whether a message is a live location still being shared. The Bot API writes live_period
 * only while it is (td's expires_in > 0); a stopped one is stored without it here.
 */
export function isLiveLocation(e: Engine, m: Message): boolean {
  const p = m.location?.live_period;
  return p !== undefined && (p === LIVE_FOREVER || e.date() < m.date + p);
}

export function validLivePeriod(p: number): boolean {
  return p === LIVE_FOREVER || (Number.isInteger(p) && p >= MIN_LIVE_PERIOD && p <= MAX_LIVE_PERIOD);
}

/** A Location in the Bot API's field order (tdlib/telegram-bot-api JsonLocation). */
export function locationValue(
  latitude: number,
  longitude: number,
  live?: { live_period: number; heading?: number; proximity_alert_radius?: number },
  horizontalAccuracy?: number,
): Location {
  const l: Location = { latitude, longitude };
  if (live) {
    l.live_period = live.live_period;
    if (live.heading) l.heading = live.heading;
    if (live.proximity_alert_radius) l.proximity_alert_radius = live.proximity_alert_radius;
  }
  if (horizontalAccuracy) l.horizontal_accuracy = horizontalAccuracy;
  return l;
}
