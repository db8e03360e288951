import type { Locale } from '../config.ts';
import { t } from '../i18n/index.ts';
import { addDays, isoWeekday, localDateOf, minutesOf, stopsOn, zonedDateTime, type StopVisit } from '../organisation/mobile-units.ts';
import type { Settings } from '../organisation/settings.ts';

/**
 * The posts the channel gets from the mobile units' schedule, as pure functions of the settings:
 * the week's stops (posted on the configured weekday and time) and a stop cancelled or moved on a
 * date. Each has a key (`week:<ISO week>`, `stop:<unit>:<stop>:<date>`) that makes it one post:
 * a changed change edits the post with its key instead of posting again.
 *
 * The bodies are Telegram HTML (only `<b>` and `<i>`), everything from the settings escaped.
 */

type Change = Settings['mobileUnits'][number]['changes'][number];

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Braces would read as placeholders when the post is rendered: an address never has one filled in. */
const plain = (s: string) => escapeHtml(s).replace(/[{}]/g, (b) => (b === '{' ? '(' : ')'));

/** How late after its time the week's post still goes out (a start after a long stop does not post an old week). */
export const WEEK_POST_GRACE_MS = 12 * 3600_000;

/** `2026-W48`: the ISO week (Monday to Sunday) a local date belongs to. */
export function isoWeekOf(localDate: string): string {
  const thursday = addDays(localDate, 4 - isoWeekday(localDate));
  const year = Number(thursday.slice(0, 4));
  const jan4 = `${year}-01-04`;
  const week1Monday = addDays(jan4, 1 - isoWeekday(jan4));
  const days = Math.round((Date.parse(`${thursday}T00:00:00Z`) - Date.parse(`${week1Monday}T00:00:00Z`)) / 86_400_000);
  return `${year}-W${String(Math.floor(days / 7) + 1).padStart(2, '0')}`;
}

export interface WeekSlot {
  key: string;
  /** The local date the post goes out on; the post covers it and the six days after. */
  date: string;
  at: Date;
}

/**
 * This week's slot for the schedule post if it is due at `now` (its time has come, within the
 * grace), else undefined; undefined too when the weekly post is off or there are no units.
 */
export function dueWeekSlot(settings: Settings, now: Date): WeekSlot | undefined {
  const w = settings.channel.weeklySchedule;
  if (!w.enabled || settings.mobileUnits.length === 0) return undefined;
  const today = localDateOf(settings, now);
  const date = addDays(today, w.weekday - isoWeekday(today));
  const at = zonedDateTime(settings, date, w.at);
  const late = now.getTime() - at.getTime();
  if (late < 0 || late > WEEK_POST_GRACE_MS) return undefined;
  return { key: `week:${isoWeekOf(date)}`, date, at };
}

const intlLocale = (locale: Locale) => (locale === 'en' ? 'en-GB' : 'ru');

function dayTitle(settings: Settings, date: string, locale: Locale): string {
  const s = new Intl.DateTimeFormat(intlLocale(locale), { timeZone: settings.timeZone, weekday: 'long', day: 'numeric', month: 'long' }).format(zonedDateTime(settings, date, '12:00'));
  return s.charAt(0).toLocaleUpperCase() + s.slice(1);
}

function visitLine(v: StopVisit, locale: Locale): string[] {
  const id = v.status === 'cancelled' ? 'schedule-visit-cancelled' : v.status === 'moved' ? 'schedule-visit-moved' : 'schedule-visit';
  const lines = [t(locale, id, { from: v.from, to: v.to, unit: plain(v.unitName[locale]), address: plain(v.address[locale]) })];
  if (v.note) lines.push(t(locale, 'schedule-visit-note', { note: plain(v.note[locale]) }));
  return lines;
}

/** The week's post: seven days from `fromDate`, each with its stops (changes applied) or "no visits". */
export function weekPostBody(settings: Settings, fromDate: string, locale: Locale): string {
  const blocks = Array.from({ length: 7 }, (_, i) => {
    const date = addDays(fromDate, i);
    const visits = stopsOn(settings, date);
    return [`<b>${plain(dayTitle(settings, date, locale))}</b>`, ...(visits.length === 0 ? [t(locale, 'schedule-no-visits')] : visits.flatMap((v) => visitLine(v, locale)))].join('\n');
  });
  return [t(locale, 'channel-week-title'), ...blocks, t(locale, 'channel-week-footer')].join('\n\n');
}

export interface StopChangePost {
  key: string;
  unitId: string;
  stopId: string;
  date: string;
  body: string;
}

/** The post for one change of a stop; undefined when its unit or stop is not in the settings. */
export function stopChangePost(settings: Settings, unitId: string, change: Change, locale: Locale): StopChangePost | undefined {
  const unit = settings.mobileUnits.find((u) => u.id === unitId);
  const stop = unit?.stops.find((s) => s.id === change.stopId);
  if (!unit || !stop) return undefined;
  const planned = stop.windows.filter((w) => w.weekday === isoWeekday(change.date)).sort((a, b) => minutesOf(a.from) - minutesOf(b.from));
  const usual = planned.map((w) => `${w.from}–${w.to}`).join(', ');
  const args = { unit: plain(unit.name[locale]), address: plain(stop.address[locale]), date: plain(dayTitle(settings, change.date, locale)), usual: usual || '—' };
  const lines: string[] = [];
  if (change.status === 'cancelled') {
    lines.push(t(locale, 'channel-stop-cancelled-title'), t(locale, 'channel-stop-cancelled', args));
  } else {
    const from = change.from ?? planned[0]?.from;
    const to = change.to ?? planned[0]?.to;
    lines.push(t(locale, 'channel-stop-moved-title'), t(locale, 'channel-stop-moved', args));
    lines.push(t(locale, 'channel-stop-moved-now', { address: change.address ? plain(change.address[locale]) : args.address, time: from && to ? `${from}–${to}` : args.usual }));
  }
  if (change.note) lines.push(`<i>${plain(change.note[locale])}</i>`);
  return { key: `stop:${unitId}:${change.stopId}:${change.date}`, unitId, stopId: change.stopId, date: change.date, body: lines.join('\n') };
}

/** Every change from `today` on that gets a post (none when stop-change posts are off). */
export function stopChangePosts(settings: Settings, today: string, locale: Locale): StopChangePost[] {
  if (!settings.channel.stopChanges) return [];
  return settings.mobileUnits.flatMap((u) => u.changes.filter((c) => c.date >= today).flatMap((c) => stopChangePost(settings, u.id, c, locale) ?? []));
}
