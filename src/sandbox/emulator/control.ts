import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { ApiError } from '../../bot-api/errors.ts';
import { CHANNEL_ONLY_RIGHTS, PROMOTE_RIGHTS } from './methods/chats.ts';
import type { TelegramEmulator } from './index.ts';
import type { UserContent } from './people.ts';

/**
 * JSON mirror of the emulator's "playing people" and "looking" API, for other processes
 * and the sandbox simulator pages. Every body is validated; bad input gets 400 with the
 * zod issues spelled out.
 */

const id = z.number().int();
const media = z.union([z.literal(true), z.string().min(1).describe('base64 file content')]);
const entity = z.object({ type: z.string(), offset: z.number().int().min(0), length: z.number().int().min(1) }).loose();

const content = z
  .object({
    text: z.string().optional(),
    entities: z.array(entity).optional(),
    photo: media.optional(),
    voice: media.optional(),
    video: media.optional(),
    video_note: media.optional(),
    document: media.optional(),
    audio: media.optional(),
    animation: media.optional(),
    sticker: media.optional(),
    caption: z.string().optional(),
    caption_entities: z.array(entity).optional(),
    duration: z.number().int().min(0).optional(),
    file_name: z.string().min(1).max(255).optional(),
    mime_type: z.string().min(1).optional(),
    location: z
      .object({
        latitude: z.number().min(-90).max(90),
        longitude: z.number().min(-180).max(180),
        live_period: z.number().int().optional().describe('seconds, 60-86400, or 2147483647: a live location'),
        heading: z.number().int().min(1).max(360).optional(),
        horizontal_accuracy: z.number().min(0).max(1500).optional(),
      })
      .strict()
      .optional(),
    contact: z.object({ phone_number: z.string().min(1), first_name: z.string().min(1), last_name: z.string().optional() }).optional(),
    poll: z.union([z.literal(true), z.object({ question: z.string().min(1).max(300), options: z.array(z.string().min(1).max(100)).min(2).max(12) })]).optional(),
  })
  .strict();

/** Administrator rights the bot is given in a group or channel the control API creates. */
const botRights = z
  .object(
    Object.fromEntries(
      [...PROMOTE_RIGHTS, ...CHANNEL_ONLY_RIGHTS].map((k) => [k, z.boolean().optional()]),
    ),
  )
  .strict();

const schemas = {
  user: z.object({
    id: z.number().int().positive().max(2 ** 52).optional(),
    first_name: z.string().min(1).max(64),
    last_name: z.string().max(64).optional(),
    username: z.string().optional(),
    language_code: z.string().min(2).max(35).optional(),
    is_premium: z.boolean().optional(),
  }).strict(),
  group: z.object({
    title: z.string().min(1).max(128),
    members: z.array(id),
    botIsAdmin: z.boolean().optional(),
    ownerId: id.optional(),
    admins: z.array(id).optional(),
    username: z.string().optional(),
    botRights: botRights.optional(),
  }).strict(),
  channel: z
    .object({
      title: z.string().min(1).max(128),
      botIsAdmin: z.boolean().optional(),
      username: z.string().optional(),
      botRights: botRights.optional(),
      directMessages: z.boolean().optional(),
    })
    .strict(),
  linkJoin: z.object({ user_id: id, invite_link: z.string().min(1) }).strict(),
  channelMessage: content.extend({ from: id, reply_to_message_id: id.optional() }),
  message: content.extend({
    from: id,
    chat_id: id,
    message_thread_id: id.optional(),
    reply_to_message_id: id.optional(),
    forward_from_user_id: id.optional(),
  }),
  edit: z.object({ from: id, chat_id: id, message_id: id, text: z.string().optional(), caption: z.string().optional(), entities: z.array(entity).optional() })
    .strict()
    .refine((v) => (v.text === undefined) !== (v.caption === undefined), { message: 'give exactly one of text or caption' }),
  button: z.object({ from: id, chat_id: id, message_id: id, data: z.string().min(1).max(64) }).strict(),
  move: z
    .object({
      from: id,
      chat_id: id,
      message_id: id,
      latitude: z.number().min(-90).max(90),
      longitude: z.number().min(-180).max(180),
      heading: z.number().int().min(1).max(360).optional(),
      horizontal_accuracy: z.number().min(0).max(1500).optional(),
    })
    .strict(),
  stop: z.object({ from: id, chat_id: id, message_id: id }).strict(),
  clock: z.object({ advance_seconds: z.number().min(0) }).strict(),
  userOnly: z.object({ user_id: id }).strict(),
  userChat: z.object({ user_id: id, chat_id: id }).strict(),
  topic: z.object({ user_id: id, name: z.string().min(1).max(128) }).strict(),
  raw: z.object({ update: z.record(z.string(), z.unknown()) }).strict(),
  limits: z.union([
    z.literal(false),
    z.object({
      globalPerSecond: z.number().positive().optional(),
      privatePerSecond: z.number().positive().optional(),
      privateBurst: z.number().int().positive().optional(),
      groupPerMinute: z.number().positive().optional(),
    }).strict(),
  ]),
};

class BadInput extends Error {}

async function body<T>(c: Context, schema: z.ZodType<T>): Promise<T> {
  let json: unknown;
  try {
    json = await c.req.json();
  } catch {
    throw new BadInput('the body must be JSON');
  }
  const r = schema.safeParse(json);
  if (!r.success) {
    throw new BadInput(r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`).join('; '));
  }
  return r.data;
}

function chatIdParam(c: Context): number {
  const v = c.req.param('id') ?? '';
  if (!/^-?\d+$/.test(v)) throw new BadInput('chat id must be an integer');
  return Number(v);
}

function threadQuery(c: Context): number | undefined {
  const t = c.req.query('thread');
  if (t === undefined || t === '') return undefined;
  if (!/^\d+$/.test(t)) throw new BadInput('thread must be a positive integer');
  return Number(t);
}

function toContent(v: z.infer<typeof content>): UserContent {
  const out: UserContent = {};
  for (const [k, val] of Object.entries(v)) {
    if (val === undefined) continue;
    const isMedia = ['photo', 'voice', 'video', 'video_note', 'document', 'audio', 'animation', 'sticker'].includes(k);
    (out as Record<string, unknown>)[k] = isMedia && typeof val === 'string' ? Buffer.from(val, 'base64') : val;
  }
  return out;
}

export function controlApi(emu: TelegramEmulator): Hono {
  const app = new Hono();

  app.onError((err, c) => {
    if (err instanceof BadInput) return c.json({ ok: false, error_code: 400, description: `Bad Request: ${err.message}` }, 400);
    if (err instanceof ApiError) return c.json(err.toJSON(), err.code as 400);
    return c.json({ ok: false, error_code: 500, description: `sandbox emulator failed: ${err.message}` }, 500);
  });

  const ok = (c: Context, result: unknown) => c.json({ ok: true, result });

  app.get('/bot', (c) => ok(c, { ...emu.botUser, token: emu.token }));
  app.get('/users', (c) => ok(c, emu.users()));
  app.post('/users', async (c) => ok(c, emu.createUser(await body(c, schemas.user))));
  app.post('/forum-groups', async (c) => ok(c, emu.createForumGroup(await body(c, schemas.group))));
  app.post('/groups', async (c) => ok(c, emu.createGroup(await body(c, schemas.group))));
  app.post('/channels', async (c) => ok(c, emu.createChannel(await body(c, schemas.channel))));
  app.post('/messages', async (c) => {
    const { from, chat_id, message_thread_id, reply_to_message_id, forward_from_user_id, ...rest } = await body(c, schemas.message);
    const opts = {
      ...(message_thread_id !== undefined ? { message_thread_id } : {}),
      ...(reply_to_message_id !== undefined ? { reply_to_message_id } : {}),
      ...(forward_from_user_id !== undefined ? { forward_from_user_id } : {}),
    };
    return ok(c, emu.userSends(from, chat_id, toContent(rest), opts));
  });
  app.post('/edits', async (c) => {
    const { from, chat_id, message_id, ...change } = await body(c, schemas.edit);
    return ok(c, emu.userEdits(from, chat_id, message_id, change));
  });
  app.post('/buttons', async (c) => {
    const b = await body(c, schemas.button);
    return ok(c, emu.userPressesButton(b.from, b.chat_id, b.message_id, b.data));
  });
  app.post('/live-locations/move', async (c) => {
    const { from, chat_id, message_id, ...to } = await body(c, schemas.move);
    return ok(c, emu.userMovesLiveLocation(from, chat_id, message_id, to));
  });
  app.post('/live-locations/stop', async (c) => {
    const b = await body(c, schemas.stop);
    return ok(c, emu.userStopsLiveLocation(b.from, b.chat_id, b.message_id));
  });
  app.post('/clock', async (c) => {
    emu.advanceClock((await body(c, schemas.clock)).advance_seconds * 1000);
    return ok(c, { now: Math.floor(emu.now() / 1000) });
  });
  app.post('/block', async (c) => {
    emu.userBlocksBot((await body(c, schemas.userOnly)).user_id);
    return ok(c, true);
  });
  app.post('/unblock', async (c) => {
    emu.userUnblocksBot((await body(c, schemas.userOnly)).user_id);
    return ok(c, true);
  });
  app.post('/join-requests', async (c) => {
    const b = await body(c, schemas.userChat);
    emu.userRequestsToJoin(b.user_id, b.chat_id);
    return ok(c, true);
  });
  app.post('/joins', async (c) => {
    const b = await body(c, schemas.userChat);
    return ok(c, emu.userJoins(b.user_id, b.chat_id) ?? true);
  });
  app.post('/link-joins', async (c) => {
    const b = await body(c, schemas.linkJoin);
    return ok(c, emu.userJoinsByLink(b.user_id, b.invite_link));
  });
  app.post('/leaves', async (c) => {
    const b = await body(c, schemas.userChat);
    return ok(c, emu.userLeaves(b.user_id, b.chat_id) ?? true);
  });
  app.post('/channels/:id/direct-messages', async (c) => {
    const { from, reply_to_message_id, ...rest } = await body(c, schemas.channelMessage);
    return ok(c, emu.userWritesToChannel(from, chatIdParam(c), toContent(rest), reply_to_message_id !== undefined ? { reply_to_message_id } : {}));
  });
  app.get('/channels/:id/direct-messages-chat', (c) => ok(c, emu.directMessagesChatOf(chatIdParam(c)) ?? null));
  app.post('/chats/:id/topics', async (c) => {
    const b = await body(c, schemas.topic);
    return ok(c, { message_thread_id: emu.userCreatesTopic(b.user_id, chatIdParam(c), b.name) });
  });
  app.post('/raw-updates', async (c) => ok(c, emu.queueRawUpdate((await body(c, schemas.raw)).update)));
  app.put('/limits', async (c) => {
    emu.setLimits(await body(c, schemas.limits));
    return ok(c, true);
  });

  app.get('/chats', (c) => ok(c, emu.chats()));
  app.get('/chats/:id/messages', (c) => {
    const threadId = threadQuery(c);
    return ok(c, emu.messages(chatIdParam(c), threadId !== undefined ? { threadId } : {}));
  });
  app.get('/chats/:id/topics', (c) => ok(c, emu.topics(chatIdParam(c))));
  app.get('/chats/:id/pinned', (c) => ok(c, emu.pinned(chatIdParam(c), threadQuery(c)) ?? null));
  app.get('/calls', (c) => {
    const method = c.req.query('method');
    return ok(c, method ? emu.calls.filter((x) => x.method.toLowerCase() === method.toLowerCase()) : emu.calls);
  });
  app.get('/updates/pending', (c) => ok(c, { count: emu.pendingUpdateCount }));
  app.all('*', (c) => c.json({ ok: false, error_code: 404, description: 'Not Found: no such control route' }, 404));
  return app;
}
