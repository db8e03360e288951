import { randomBytes } from 'node:crypto';
import { WebChatGuard } from '../src/web-chat/abuse.ts';
import { percentile, startBenchSystem } from './system.ts';

/**
 * The web chat's own path: a message posted from the page is kept, handed to the bot as an update
 * through the inbox, handled (relay, offers, the overdose reply) and answered with the whole page.
 * The baseline is the start page, served by the same server without touching the bot.
 */
export async function benchWebChat(opts: { messages: number; conversations: number; each: number }) {
  if (opts.each > 8) throw new Error('at most 8 messages per conversation: more are slowed on purpose');
  const sys = await startBenchSystem();
  // The guard's limits are for people; here they would only measure the refusals.
  sys.app.webChat.guard = new WebChatGuard(randomBytes(32), { perConversation: { messages: 1e9, windowMs: 60_000 }, globalPerSecond: 1e9, newConversationsPer10Min: 1e9 });
  const base = sys.app.url;
  const timed = async (fn: () => Promise<Response>) => {
    const t = performance.now();
    const res = await fn();
    const body = await res.text();
    if (!res.ok) throw new Error(`web chat answered ${res.status}`);
    return { ms: performance.now() - t, body };
  };
  const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

  const baseline: number[] = [];
  for (let i = 0; i < 100; i++) baseline.push((await timed(() => fetch(`${base}/chat`))).ms);

  /** A new conversation: its link, from the start page's offer. */
  const start = async (text: string) => {
    const landing = await (await fetch(`${base}/chat`)).text();
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(landing)![1]!;
    const link = /action="(\/chat\/c\/[A-Za-z0-9_-]{32})#new"/.exec(landing)![1]!;
    const res = await timed(() => fetch(`${base}${link}`, form({ sig: field('sig'), t: randomBytes(8).toString('hex'), lang: 'ru', text })));
    return { link: /\/chat\/c\/[A-Za-z0-9_-]{32}/.exec(res.body)![0], ms: res.ms };
  };
  const send = (link: string, text: string) => timed(() => fetch(`${base}${link}`, form({ t: randomBytes(8).toString('hex'), text })));

  // One message at a time, each from its own conversation: the bot slows a single client past 8
  // messages in 5 s (telegram/client/flood-gate.ts), which would be measured instead.
  const sequential: number[] = [];
  for (let i = 0; i < opts.messages; i++) {
    const { link } = await start('первое сообщение');
    sequential.push((await send(link, `вопрос ${i} про тесты на ВИЧ`)).ms);
  }

  const overdose: number[] = [];
  for (let i = 0; i < 10; i++) {
    const { body, ms } = await send((await start('здравствуйте')).link, 'друг не дышит посинел помогите');
    if (!body.includes('103')) throw new Error('no emergency steps in the response');
    overdose.push(ms);
  }

  const links = await Promise.all(Array.from({ length: opts.conversations }, (_, i) => start(`разговор ${i}`).then((c) => c.link)));
  const burst: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    links.map(async (link) => {
      for (let i = 0; i < opts.each; i++) burst.push((await send(link, `сообщение ${i}`)).ms);
    }),
  );
  const burstSeconds = (performance.now() - t0) / 1000;
  await sys.stop();
  const b = percentile(baseline, 50);
  return {
    database: sys.app.database.kind,
    baselineP50: b,
    sendP50: percentile(sequential, 50),
    sendP95: percentile(sequential, 95),
    sendRatio: percentile(sequential, 50) / b,
    overdoseP50: percentile(overdose, 50),
    overdoseRatio: percentile(overdose, 50) / b,
    burstMessages: burst.length,
    burstPerSecond: burst.length / burstSeconds,
    burstP95: percentile(burst, 95),
  };
}
