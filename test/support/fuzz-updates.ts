import { Bot } from 'grammy';

/**
 * Fuzzed Telegram updates, reproducible from a seed: sound messages from a set of chats mixed with
 * what a buggy proxy, a future Bot API or an attacker with the webhook secret could send — unknown
 * types, huge or malformed fields, missing chats, wrong types, deep nesting, Object's own keys as
 * types, repeated update ids. Each update is a plain JSON value, as `JSON.parse` would give it.
 */
export interface FuzzOptions {
  seed?: number;
  /** Private chats the sound messages come from (ids 1 … chats). */
  chats?: number;
  /** The first update_id; ids then rise, with a few repeated. */
  firstId?: number;
  /** Deepest reply chain; beyond about 5,000 levels JSON.stringify gives up, which the inbox must survive. */
  maxDepth?: number;
}

export type FuzzUpdate = Record<string, unknown>;

/** A small, fast, seeded generator (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WEIRD_KEYS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'update_id', '', 'message ', 'MESSAGE', 'mess\u0000age', 'сообщение', '💥', 'x'.repeat(300)];
const WEIRD_VALUES: unknown[] = [null, true, false, 0, -1, 1.5, 2 ** 64, -(2 ** 63), '', 'x', '0', [], {}, [[[]]], '\u0000', '\ud800', 'не дышит'];

export function* fuzzUpdates(count: number, opts: FuzzOptions = {}): Generator<FuzzUpdate> {
  const random = seeded(opts.seed ?? 1);
  const chats = opts.chats ?? 50;
  const maxDepth = opts.maxDepth ?? 3000;
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const chance = (p: number) => random() < p;
  let id = opts.firstId ?? 1;
  let messageId = 1;

  const chat = (c = 1 + int(chats)) => ({ id: c, type: 'private', first_name: `C${c}` });
  const user = (c: number) => ({ id: c, is_bot: false, first_name: `C${c}`, ...(chance(0.8) ? { language_code: pick(['ru', 'en', 'xx']) } : {}) });
  const text = () => {
    const n = chance(0.005) ? 20_000 + int(80_000) : int(300);
    return pick(['привет ', 'he is not breathing ', 'не дышит ', '/start ', '/close ', '/overdose', 'boom ', 'flaky ', '']) + 'ж'.repeat(n);
  };
  const message = (c = 1 + int(chats)): Record<string, unknown> => ({
    message_id: messageId++,
    date: 1_700_000_000 + int(1_000_000),
    chat: chat(c),
    from: user(c),
    text: text(),
    ...(chance(0.1) ? { entities: Array.from({ length: int(chance(0.1) ? 5000 : 5) }, () => ({ type: pick(['bold', 'url', 'bot_command', 'nonsense']), offset: int(1000) - 10, length: int(100) })) } : {}),
  });
  const mutate = (m: Record<string, unknown>): Record<string, unknown> => {
    const out = { ...m };
    switch (int(9)) {
      case 0:
        delete out.chat;
        break;
      case 1:
        out.chat = pick([String((m.chat as { id: number }).id), { id: String((m.chat as { id: number }).id), type: 'private' }, { type: 'private' }, null, []]);
        break;
      case 2:
        out.text = pick(WEIRD_VALUES);
        break;
      case 3:
        out.from = pick([null, [], 'user', { id: 'x' }, { id: (m.from as { id: number }).id }]);
        break;
      case 4:
        out.date = pick(['today', null, -1, 1e20]);
        break;
      case 5:
        out.message_id = pick([null, 'one', -5, 1.5]);
        break;
      case 6:
        out[pick(WEIRD_KEYS)] = pick(WEIRD_VALUES);
        break;
      case 7: {
        // Deep nesting, mostly shallow enough to store.
        let deep: Record<string, unknown> = { message_id: 1, date: 1, chat: out.chat };
        const depth = chance(0.05) ? maxDepth * 4 : chance(0.1) ? int(maxDepth) : int(30);
        for (let i = 0; i < depth; i++) deep = { message_id: i, date: 1, chat: out.chat, reply_to_message: deep };
        out.reply_to_message = deep;
        break;
      }
      default:
        out.photo = Array.from({ length: int(20) }, () => ({ file_id: 'f'.repeat(int(5000)), width: pick([1, 'wide', null]) }));
    }
    return out;
  };

  for (let n = 0; n < count; n++) {
    const roll = random();
    let u: FuzzUpdate;
    if (roll < 0.35) u = { update_id: id, message: message() };
    else if (roll < 0.55) u = { update_id: id, message: mutate(message()) };
    else if (roll < 0.62) u = { update_id: id, edited_message: chance(0.5) ? message() : mutate(message()) };
    else if (roll < 0.7) {
      const c = 1 + int(chats);
      u = {
        update_id: id,
        callback_query: {
          id: String(int(1e9)),
          from: chance(0.9) ? user(c) : pick(WEIRD_VALUES),
          ...(chance(0.8) ? { message: { message_id: int(messageId + 1), date: 1, chat: chat(c) } } : {}),
          data: chance(0.9) ? pick(['rec:1:save', 'od:substance:opioids', 'x'.repeat(64), '', 'claim:999999']) : pick(WEIRD_VALUES),
        },
      };
    } else if (roll < 0.75) u = { update_id: id, my_chat_member: { chat: chance(0.8) ? chat() : pick(WEIRD_VALUES), from: user(1), date: 1, new_chat_member: pick([{ status: 'kicked', user: user(1) }, null, 'left']) } };
    else if (roll < 0.85) u = { update_id: id, [pick(['business_message', 'poll', 'message_reaction', 'future_update_2031', ...WEIRD_KEYS])]: chance(0.5) ? message() : pick(WEIRD_VALUES) };
    else if (roll < 0.9) u = { update_id: id };
    else if (roll < 0.95) u = { update_id: id, message: pick(WEIRD_VALUES) };
    else u = { update_id: id, message: message(), edited_message: message(), [pick(WEIRD_KEYS)]: message() };
    yield u;
    // Now and then Telegram delivers an update again.
    id += chance(0.02) ? 0 : 1;
  }
}

/**
 * A grammY bot whose handlers read updates the way ours do (the chat, the sender, the text, a
 * button's data), trust what they read, and so throw on what is not what it claims to be; a
 * message starting "flaky" fails once as if the database had dropped the connection. `handled`
 * gets each message's update_id under its chat, in the order handled.
 */
export function fuzzBot(handled: Map<number, number[]>): Bot {
  const bot = new Bot('1:fuzz', {
    botInfo: {
      id: 1,
      is_bot: true,
      first_name: 'Fuzz',
      username: 'fuzz_bot',
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
    },
  });
  const flaked = new Set<number>();
  bot.use(async (ctx, next) => {
    const text = ctx.msg?.text;
    if (typeof text === 'string' && text.startsWith('flaky') && !flaked.has(ctx.update.update_id)) {
      flaked.add(ctx.update.update_id);
      throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    }
    await next();
  });
  bot.on('message', (ctx) => {
    if (ctx.msg.text!.startsWith('boom')) throw new Error('a bug');
    const seen = handled.get(ctx.chat.id) ?? [];
    seen.push(ctx.update.update_id);
    handled.set(ctx.chat.id, seen);
    void ctx.from!.first_name.length;
    void ctx.msg.text!.toLowerCase();
  });
  bot.on('callback_query:data', (ctx) => void ctx.callbackQuery.data.split(':').map(Number));
  bot.on('edited_message', (ctx) => void ctx.editedMessage.text!.trim());
  bot.on('my_chat_member', (ctx) => void ctx.myChatMember.new_chat_member.status.toUpperCase());
  return bot;
}

/** A sound text message from `chat`: the one each chat sends after a fuzz, to show it is not stalled. */
export function soundMessage(updateId: number, chat: number, text = 'still here'): FuzzUpdate {
  return { update_id: updateId, message: { message_id: updateId, date: 1, chat: { id: chat, type: 'private' }, from: { id: chat, is_bot: false, first_name: 'S' }, text } };
}
