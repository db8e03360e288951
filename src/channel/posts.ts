import { and, asc, desc, eq, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import { GrammyError, InputFile, type Api } from 'grammy';
import type { Message } from 'grammy/types';
import type { Locale } from '../config.ts';
import { fillFromSettings, fillPlaceholders, telegramLength, TELEGRAM_MESSAGE_LIMIT } from '../content/articles.ts';
import { checkBody } from '../content/pack.ts';
import { normaliseNewlines, refusal, type FieldProblem } from '../content/revisions.ts';
import type { Db } from '../db/open.ts';
import { channelPostDeliveries, channelPosts } from '../db/schema/index.ts';
import { safeError, type Logger } from '../log.ts';
import { can } from '../console/policy.ts';
import type { Settings } from '../organisation/settings.ts';

/**
 * Posts to the channel: written in the console (the knowledge base's flavour of Telegram HTML,
 * with `{placeholders}` filled from the settings), optionally with a photo; kept as drafts,
 * scheduled, sent, edited and deleted. Every call to Telegram about a post is recorded in
 * `channel_post_deliveries` with its outcome.
 *
 * Sent once: a due post is claimed by one conditional UPDATE (`scheduled` → `sending`) before
 * it is sent, so however many instances tick, and across restarts, one of them sends it. A post
 * left `sending` by a process that died mid-call cannot be known to have gone out or not: after
 * `SENDING_LEASE_MS` it is marked failed with a note to check the channel, never re-sent blindly.
 */

export type ChannelPost = typeof channelPosts.$inferSelect;
export type ChannelDelivery = typeof channelPostDeliveries.$inferSelect;
export type PostStatus = 'draft' | 'scheduled' | 'sending' | 'sent' | 'failed' | 'deleted';

/** What the channel's actions need: a subset of the bot's deps (`BotDeps` fits). */
export interface ChannelDeps {
  db: Db;
  api: Api;
  log: Logger;
  /** Read at the moment of use: a save in the console replaces it. */
  readonly settings: Settings;
  now: () => Date;
  defaultLocale: Locale;
}

/** The channel the bot posts into, resolved at start (a @username becomes its numeric id). */
export interface ChannelTarget {
  chatId: number;
  title: string;
}

export interface Channel extends ChannelTarget {
  d: ChannelDeps;
}

/** Who acts on posts from the console: the account, its role (policy.ts) and its name (shown as the verifier). */
export interface ChannelActor {
  accountId: number;
  role: string;
  name: string;
}

/** Telegram's limit for a photo's caption. */
export const CAPTION_LIMIT = 1024;
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
export const PHOTO_TYPES = ['image/jpeg', 'image/png'] as const;
/** A `sending` post older than this lost its sender (a crash mid-call). */
export const SENDING_LEASE_MS = 10 * 60_000;
/** Network failures and 5xx are tried again this many times, a minute apart and more. */
const SEND_TRIES = 5;
/** The slug the knowledge base's body checks are run under (any ordinary article's). */
const CHECK_SLUG = 'channel-post';

export interface PostInput {
  body: string;
  locale: Locale;
  medical: boolean;
  /** A new photo (replacing any); `removePhoto` drops the one there is. */
  photo?: { base64: string; mime: string };
  removePhoto?: boolean;
}

export type Refused = 'not-allowed' | 'not-found' | 'wrong-status' | 'not-verified' | 'own-post' | 'medical-sent' | 'telegram';
export type Result<T = ChannelPost> = { ok: true; post: T } | { ok: false; problem: Refused; problems?: FieldProblem[]; error?: string };

// ---- Rendering -----------------------------------------------------------------------------

/** The Telegram HTML of a body, placeholders filled as the knowledge base fills them. */
export function renderPost(body: string, locale: Locale, settings: Settings): string {
  return fillPlaceholders(body, fillFromSettings(settings, locale));
}

/** What is wrong with a post as typed (the knowledge base's checks, then Telegram's length for a text or a caption). */
export function checkPost(input: Pick<PostInput, 'body' | 'locale'>, withPhoto: boolean, settings: Settings): { problems: FieldProblem[]; body: string } {
  const body = normaliseNewlines(input.body).replace(/\s+$/, '').replace(/^\s*\n/, '');
  const problems: FieldProblem[] = [];
  if (body.trim() === '') problems.push({ field: 'body', code: 'body-empty' });
  else problems.push(...checkBody(CHECK_SLUG, body).map((p) => ({ field: 'body' as const, code: `body-${p.code}`, args: { ...p.args, line: p.line } })));
  if (problems.length === 0) {
    const limit = withPhoto ? CAPTION_LIMIT : TELEGRAM_MESSAGE_LIMIT;
    const length = telegramLength(renderPost(body, input.locale, settings));
    if (length > limit) problems.push({ field: 'body', code: 'body-too-long', args: { length, max: limit, line: 1 } });
  }
  return { problems, body };
}

// ---- Reading ---------------------------------------------------------------------------------

export async function getPost(db: Db, id: number): Promise<ChannelPost | undefined> {
  const [row] = await db.select().from(channelPosts).where(eq(channelPosts.id, id));
  return row;
}

/** The newest posts first (scheduled ones by their time), deleted ones included. */
export async function listPosts(db: Db, limit = 200): Promise<ChannelPost[]> {
  return db
    .select()
    .from(channelPosts)
    .orderBy(desc(sql`coalesce(${channelPosts.sentAt}, ${channelPosts.scheduledAt}, ${channelPosts.createdAt})`), desc(channelPosts.id))
    .limit(limit);
}

export async function deliveriesOf(db: Db, postId: number): Promise<ChannelDelivery[]> {
  return db.select().from(channelPostDeliveries).where(eq(channelPostDeliveries.postId, postId)).orderBy(asc(channelPostDeliveries.at), asc(channelPostDeliveries.id));
}

async function record(db: Pick<Db, 'insert'>, postId: number, action: 'send' | 'edit' | 'delete', at: Date, error?: string): Promise<void> {
  await db.insert(channelPostDeliveries).values({ postId, action, outcome: error === undefined ? 'ok' : 'failed', error: error ?? null, at });
}

// ---- Console actions -----------------------------------------------------------------------------

const EDITABLE: readonly string[] = ['draft', 'scheduled', 'failed'];

/** A new draft. */
export async function createPost(d: ChannelDeps, actor: ChannelActor, input: PostInput): Promise<Result> {
  if (!can(actor.role, 'channel.post')) return { ok: false, problem: 'not-allowed' };
  const checked = checkPost(input, input.photo !== undefined, d.settings);
  if (checked.problems.length > 0) return { ok: false, problem: 'wrong-status', problems: checked.problems };
  const [post] = await d.db
    .insert(channelPosts)
    .values({ kind: 'manual', locale: input.locale, body: checked.body, medical: input.medical, photo: input.photo?.base64 ?? null, photoMime: input.photo?.mime ?? null, createdByAccount: actor.accountId, createdAt: d.now() })
    .returning();
  return { ok: true, post: post! };
}

/**
 * Changes a post. Before it is sent: anything (a changed text or medical mark needs verifying
 * again). Once sent: the text, edited in the channel (`editMessageText`, or the caption of a
 * photo); a medical post is not edited once out (it would go out unverified): delete it and post
 * a verified one.
 */
export async function updatePost(ch: Channel, actor: ChannelActor, id: number, input: PostInput): Promise<Result> {
  const { d } = ch;
  if (!can(actor.role, 'channel.post')) return { ok: false, problem: 'not-allowed' };
  const post = await getPost(d.db, id);
  if (!post) return { ok: false, problem: 'not-found' };
  if (post.status === 'sent') {
    if (post.medical || input.medical) return { ok: false, problem: 'medical-sent' };
    const checked = checkPost(input, post.photoFileId !== null || post.photo !== null, d.settings);
    if (checked.problems.length > 0) return { ok: false, problem: 'wrong-status', problems: checked.problems };
    if (checked.body === post.body && input.locale === post.locale) return { ok: true, post };
    return editSent(ch, post, checked.body, input.locale);
  }
  if (!EDITABLE.includes(post.status)) return { ok: false, problem: 'wrong-status' };
  const photo = input.photo ? { photo: input.photo.base64, photoMime: input.photo.mime, photoFileId: null } : input.removePhoto ? { photo: null, photoMime: null, photoFileId: null } : {};
  const withPhoto = input.photo !== undefined || (!input.removePhoto && (post.photo !== null || post.photoFileId !== null));
  const checked = checkPost(input, withPhoto, d.settings);
  if (checked.problems.length > 0) return { ok: false, problem: 'wrong-status', problems: checked.problems };
  const changed = checked.body !== post.body || input.medical !== post.medical || input.locale !== post.locale || input.photo !== undefined || input.removePhoto === true;
  const [row] = await d.db
    .update(channelPosts)
    .set({ body: checked.body, locale: input.locale, medical: input.medical, ...photo, ...(changed ? { verifiedBy: null, verifiedAt: null } : {}) })
    .where(and(eq(channelPosts.id, id), inArray(channelPosts.status, [...EDITABLE])))
    .returning();
  return row ? { ok: true, post: row } : { ok: false, problem: 'wrong-status' };
}

/**
 * A medical post verified, under the knowledge base's rule for medical content (a medical
 * specialist, never the post's author: `refusal(…, 'verify')` of content/revisions.ts).
 */
export async function verifyPost(d: ChannelDeps, actor: ChannelActor, id: number): Promise<Result> {
  const post = await getPost(d.db, id);
  if (!post) return { ok: false, problem: 'not-found' };
  if (!post.medical || !EDITABLE.includes(post.status)) return { ok: false, problem: 'wrong-status' };
  const why = refusal({ id: actor.accountId, role: actor.role }, { status: 'in_review', kind: 'medical', createdBy: post.createdByAccount }, 'verify');
  if (why) return { ok: false, problem: why === 'own-revision' ? 'own-post' : 'not-allowed' };
  const [row] = await d.db
    .update(channelPosts)
    .set({ verifiedBy: actor.name, verifiedAt: d.now() })
    .where(and(eq(channelPosts.id, id), eq(channelPosts.body, post.body), eq(channelPosts.medical, true), inArray(channelPosts.status, [...EDITABLE])))
    .returning();
  return row ? { ok: true, post: row } : { ok: false, problem: 'wrong-status' };
}

/** Schedules a post for `at` (a time gone by: at once, on the next tick). A medical post must be verified first. */
export async function schedulePost(d: ChannelDeps, actor: ChannelActor, id: number, at: Date): Promise<Result> {
  if (!can(actor.role, 'channel.post')) return { ok: false, problem: 'not-allowed' };
  const post = await getPost(d.db, id);
  if (!post) return { ok: false, problem: 'not-found' };
  if (!EDITABLE.includes(post.status)) return { ok: false, problem: 'wrong-status' };
  if (post.medical && !post.verifiedAt) return { ok: false, problem: 'not-verified' };
  const [row] = await d.db
    .update(channelPosts)
    .set({ status: 'scheduled', scheduledAt: at })
    .where(and(eq(channelPosts.id, id), inArray(channelPosts.status, [...EDITABLE])))
    .returning();
  return row ? { ok: true, post: row } : { ok: false, problem: 'wrong-status' };
}

/** A scheduled post back to a draft (it will not go out). */
export async function unschedulePost(d: ChannelDeps, actor: ChannelActor, id: number): Promise<Result> {
  if (!can(actor.role, 'channel.post')) return { ok: false, problem: 'not-allowed' };
  const [row] = await d.db.update(channelPosts).set({ status: 'draft' }).where(and(eq(channelPosts.id, id), eq(channelPosts.status, 'scheduled'))).returning();
  return row ? { ok: true, post: row } : { ok: false, problem: (await getPost(d.db, id)) ? 'wrong-status' : 'not-found' };
}

/** Sends a post now: scheduled for this moment and, when the channel runs in this process, sent before returning. */
export async function sendNow(ch: Channel, actor: ChannelActor, id: number): Promise<Result> {
  const scheduled = await schedulePost(ch.d, actor, id, ch.d.now());
  if (!scheduled.ok) return scheduled;
  await runDuePosts(ch);
  return { ok: true, post: (await getPost(ch.d.db, id))! };
}

/** Deletes a post: from the channel when it was sent (recorded), and from the list of posts to send. */
export async function deletePost(ch: Channel, actor: ChannelActor, id: number): Promise<Result> {
  const { d } = ch;
  if (!can(actor.role, 'channel.post')) return { ok: false, problem: 'not-allowed' };
  const post = await getPost(d.db, id);
  if (!post) return { ok: false, problem: 'not-found' };
  if (post.status === 'sent' && post.telegramMessageId !== null) {
    try {
      await d.api.deleteMessage(ch.chatId, post.telegramMessageId);
    } catch (err) {
      const error = describe(err);
      await record(d.db, post.id, 'delete', d.now(), error);
      d.log.warn({ event: 'channel.delete_failed', post: post.id, error }, 'could not delete a channel post');
      return { ok: false, problem: 'telegram', error };
    }
    await record(d.db, post.id, 'delete', d.now());
  } else if (!EDITABLE.includes(post.status)) return { ok: false, problem: 'wrong-status' };
  const [row] = await d.db
    .update(channelPosts)
    .set({ status: 'deleted', deletedAt: d.now() })
    .where(and(eq(channelPosts.id, id), inArray(channelPosts.status, post.status === 'sent' ? ['sent'] : [...EDITABLE])))
    .returning();
  return row ? { ok: true, post: row } : { ok: false, problem: 'wrong-status' };
}

// ---- Telegram -------------------------------------------------------------------------------------

export function describe(err: unknown): string {
  if (err instanceof GrammyError) return `${err.error_code}: ${err.description}`.slice(0, 500);
  return (safeError(err).description ?? (err instanceof Error ? err.message : String(err))).slice(0, 500);
}

/** A refusal Telegram will repeat (a 4xx other than 429), as opposed to the network or Telegram failing for now. */
const isRefusal = (err: unknown) => err instanceof GrammyError && err.error_code >= 400 && err.error_code < 500 && err.error_code !== 429;

/** Edits a sent post's text in the channel; the new text is kept only when Telegram took it (or had it already). */
async function editSent(ch: Channel, post: ChannelPost, body: string, locale: Locale): Promise<Result> {
  const { d } = ch;
  const html = renderPost(body, locale, d.settings);
  try {
    if (post.photoFileId !== null || post.photo !== null) await d.api.editMessageCaption(ch.chatId, post.telegramMessageId!, { caption: html, parse_mode: 'HTML' });
    else await d.api.editMessageText(ch.chatId, post.telegramMessageId!, html, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
  } catch (err) {
    if (!(err instanceof GrammyError && /message is not modified/.test(err.description))) {
      const error = describe(err);
      await record(d.db, post.id, 'edit', d.now(), error);
      d.log.warn({ event: 'channel.edit_failed', post: post.id, error }, 'could not edit a channel post');
      return { ok: false, problem: 'telegram', error };
    }
  }
  const at = d.now();
  await record(d.db, post.id, 'edit', at);
  const [row] = await d.db.update(channelPosts).set({ body, locale, editedAt: at }).where(eq(channelPosts.id, post.id)).returning();
  return { ok: true, post: row! };
}

/**
 * Claims the post that fell due first, if any: `scheduled` → `sending` in one statement, skipping
 * rows another instance holds, so it is this instance's alone. `sent_at` keeps the claim's time
 * until the send succeeds. A medical post not verified (its text changed after) is never claimed.
 */
export async function claimDuePost(db: Db, now: Date): Promise<ChannelPost | undefined> {
  const next = db
    .select({ id: channelPosts.id })
    .from(channelPosts)
    .where(and(eq(channelPosts.status, 'scheduled'), lte(channelPosts.scheduledAt, now), or(eq(channelPosts.medical, false), isNotNull(channelPosts.verifiedAt))))
    .orderBy(asc(channelPosts.scheduledAt), asc(channelPosts.id))
    .limit(1)
    .for('update', { skipLocked: true });
  const [post] = await db
    .update(channelPosts)
    .set({ status: 'sending', sentAt: now })
    .where(and(inArray(channelPosts.id, next), eq(channelPosts.status, 'scheduled')))
    .returning();
  return post;
}

/** Sends a claimed post and records the outcome: sent (with its message id), tried again later, or failed. */
export async function deliverPost(ch: Channel, post: ChannelPost): Promise<void> {
  const { d } = ch;
  const html = renderPost(post.body, post.locale as Locale, d.settings);
  let message: Message;
  try {
    if (post.photoFileId !== null || post.photo !== null) {
      const photo = post.photoFileId ?? new InputFile(Buffer.from(post.photo!, 'base64'), post.photoMime === 'image/png' ? 'photo.png' : 'photo.jpg');
      message = await d.api.sendPhoto(ch.chatId, photo, { caption: html, parse_mode: 'HTML' });
    } else {
      message = await d.api.sendMessage(ch.chatId, html, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } });
    }
  } catch (err) {
    const error = describe(err);
    const at = d.now();
    const tries = (await d.db.select({ n: sql<number>`count(*)::int` }).from(channelPostDeliveries).where(and(eq(channelPostDeliveries.postId, post.id), eq(channelPostDeliveries.action, 'send'))))[0]?.n ?? 0;
    const again = !isRefusal(err) && tries + 1 < SEND_TRIES;
    await d.db.transaction(async (tx) => {
      await record(tx, post.id, 'send', at, error);
      await tx
        .update(channelPosts)
        .set(again ? { status: 'scheduled', scheduledAt: new Date(at.getTime() + 60_000 * (tries + 1)), sentAt: null } : { status: 'failed', sentAt: null })
        .where(and(eq(channelPosts.id, post.id), eq(channelPosts.status, 'sending')));
    });
    d.log.warn({ event: 'channel.send_failed', post: post.id, error, again }, again ? 'a channel post could not be sent; trying again' : 'a channel post could not be sent');
    return;
  }
  const at = d.now();
  const fileId = message.photo?.at(-1)?.file_id;
  await d.db.transaction(async (tx) => {
    await record(tx, post.id, 'send', at);
    await tx
      .update(channelPosts)
      .set({ status: 'sent', sentAt: at, telegramMessageId: message.message_id, ...(fileId ? { photoFileId: fileId, photo: null } : {}) })
      .where(eq(channelPosts.id, post.id));
  });
  d.log.info({ event: 'channel.sent', post: post.id, kind: post.kind }, 'channel post sent');
}

/** A post left `sending` past the lease: its sender died mid-call; marked failed, never sent twice. */
export async function failStalePosts(d: ChannelDeps, now: Date): Promise<number> {
  const stale = await d.db
    .update(channelPosts)
    .set({ status: 'failed', sentAt: null })
    .where(and(eq(channelPosts.status, 'sending'), or(isNull(channelPosts.sentAt), lte(channelPosts.sentAt, new Date(now.getTime() - SENDING_LEASE_MS)))))
    .returning({ id: channelPosts.id });
  for (const p of stale) await record(d.db, p.id, 'send', now, 'interrupted: the sender stopped during the call; check the channel before sending again');
  return stale.length;
}

/** Sends every post due now, each claimed once; returns how many this call sent or tried. */
export async function runDuePosts(ch: Channel, max = 20): Promise<number> {
  let n = 0;
  for (; n < max; n++) {
    const post = await claimDuePost(ch.d.db, ch.d.now());
    if (!post) break;
    await deliverPost(ch, post);
  }
  return n;
}

/**
 * A generated post (by key) made or brought up to date: created scheduled for `at` when new;
 * when its text changed, the new text stored and, once sent, the post edited in the channel (one
 * instance does it: the UPDATE is conditional on the old text).
 */
export async function upsertGeneratedPost(ch: Channel, p: { key: string; kind: 'schedule_week' | 'stop_change'; body: string; locale: Locale; at: Date }): Promise<'created' | 'edited' | 'same'> {
  const { d } = ch;
  const created = await d.db
    .insert(channelPosts)
    .values({ kind: p.kind, key: p.key, locale: p.locale, body: p.body, status: 'scheduled', scheduledAt: p.at, createdAt: d.now() })
    .onConflictDoNothing()
    .returning({ id: channelPosts.id });
  if (created.length > 0) return 'created';
  const [post] = await d.db.select().from(channelPosts).where(eq(channelPosts.key, p.key));
  if (!post || post.body === p.body || post.status === 'deleted') return 'same';
  if (post.status === 'sent') {
    const [mine] = await d.db.update(channelPosts).set({ body: p.body }).where(and(eq(channelPosts.id, post.id), eq(channelPosts.body, post.body))).returning();
    if (!mine) return 'same';
    // Stored first so no other instance edits too; put back if Telegram would not take it.
    const edited = await editSent(ch, post, p.body, p.locale);
    if (!edited.ok) await d.db.update(channelPosts).set({ body: post.body }).where(and(eq(channelPosts.id, post.id), eq(channelPosts.body, p.body)));
    return 'edited';
  }
  await d.db.update(channelPosts).set({ body: p.body }).where(and(eq(channelPosts.id, post.id), eq(channelPosts.body, post.body), inArray(channelPosts.status, ['draft', 'scheduled', 'failed'])));
  return 'edited';
}
