import { safeError } from '../log.ts';
import { localDateOf } from '../organisation/mobile-units.ts';
import { failStalePosts, runDuePosts, upsertGeneratedPost, type Channel, type ChannelDeps } from './posts.ts';
import { dueWeekSlot, stopChangePosts, weekPostBody } from './schedule-posts.ts';
import { channelPosts } from '../db/schema/index.ts';
import { and, eq, gte } from 'drizzle-orm';

export * from './posts.ts';
export * from './schedule-posts.ts';

/** How often an instance looks for due posts and schedule changes. */
export const CHANNEL_TICK_MS = 2000;

const running = new WeakMap<object, RunningChannel>();

export interface RunningChannel extends Channel {
  /** One pass: generated posts brought up to date, stale sends failed, due posts sent. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/** The channel started for these deps (the console's `bot()` deps), if one was. */
export function channelOf(deps: object | undefined): RunningChannel | undefined {
  return deps ? running.get(deps) : undefined;
}

/**
 * Brings the schedule's posts up to date at `now`: this week's post once its time has come, a
 * post for each stop cancelled or moved from today on, and the texts of those already made
 * (a change changed again edits its post; the week's post follows the changes too).
 */
export async function syncSchedulePosts(ch: Channel): Promise<void> {
  const { d } = ch;
  const settings = d.settings;
  const now = d.now();
  const locale = d.defaultLocale;
  const slot = dueWeekSlot(settings, now);
  if (slot) await upsertGeneratedPost(ch, { key: slot.key, kind: 'schedule_week', body: weekPostBody(settings, slot.date, locale), locale, at: slot.at });
  // Week posts of the last seven days follow changes made since.
  const recent = await d.db
    .select({ key: channelPosts.key, scheduledAt: channelPosts.scheduledAt, locale: channelPosts.locale })
    .from(channelPosts)
    .where(and(eq(channelPosts.kind, 'schedule_week'), gte(channelPosts.scheduledAt, new Date(now.getTime() - 7 * 86_400_000))));
  for (const w of recent) {
    if (!w.key || !w.scheduledAt || w.key === slot?.key) continue;
    const wl = w.locale === 'en' ? 'en' : 'ru';
    await upsertGeneratedPost(ch, { key: w.key, kind: 'schedule_week', body: weekPostBody(settings, localDateOf(settings, w.scheduledAt), wl), locale: wl, at: w.scheduledAt });
  }
  for (const p of stopChangePosts(settings, localDateOf(settings, now), locale)) {
    await upsertGeneratedPost(ch, { key: p.key, kind: 'stop_change', body: p.body, locale, at: now });
  }
}

/**
 * Starts the channel (CHANNEL_ID): resolves it (a @username to its id) and checks the bot may
 * post there, then every `tickMs` brings the schedule's posts up to date and sends what is due.
 * Every instance may run it: each post is claimed once in the database. Returns undefined (and
 * logs why) when the channel cannot be used; nothing channel-related runs then.
 */
export async function startChannel(d: ChannelDeps, opts: { channelId: number | string; tickMs?: number }): Promise<RunningChannel | undefined> {
  let chatId: number;
  let title: string;
  try {
    const chat = await d.api.getChat(opts.channelId);
    if (chat.type !== 'channel') throw new Error(`CHANNEL_ID is a ${chat.type}, not a channel`);
    const me = await d.api.getChatMember(chat.id, (await d.api.getMe()).id);
    if (me.status !== 'administrator' || !me.can_post_messages) throw new Error('the bot is not an administrator allowed to post in the channel');
    chatId = chat.id;
    title = chat.title;
  } catch (err) {
    d.log.error({ event: 'channel.unusable', err: safeError(err) }, `CHANNEL_ID: the channel cannot be used (${err instanceof Error ? err.message : 'no answer'}); add the bot as an administrator who may post, edit and delete messages`);
    return undefined;
  }
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let current: Promise<void> = Promise.resolve();
  const ch: RunningChannel = {
    d,
    chatId,
    title,
    tick: () =>
      (current = current.then(async () => {
        try {
          await syncSchedulePosts(ch);
          await failStalePosts(d, d.now());
          await runDuePosts(ch);
        } catch (err) {
          d.log.error({ event: 'channel.tick_failed', err: safeError(err) }, 'channel: could not bring posts up to date');
        }
      })),
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      running.delete(d);
      await current;
    },
  };
  const loop = () => {
    if (stopped) return;
    void ch.tick().finally(() => {
      if (!stopped) timer = setTimeout(loop, opts.tickMs ?? CHANNEL_TICK_MS);
    });
  };
  running.set(d, ch);
  loop();
  d.log.info({ event: 'channel.ready' }, 'channel: posting into the configured channel');
  return ch;
}
