import { benchDetection } from './detection.ts';
import { benchEmergency } from './emergency.ts';
import { benchModeration } from './moderation.ts';
import { benchRelay } from './relay.ts';
import { benchStaffCeiling } from './staff-ceiling.ts';
import { benchThroughput } from './throughput.ts';
import { benchWebChat } from './web-chat.ts';

/**
 * Benchmarks print their figures and a ratio to a baseline measured in the same run, because
 * these machines are noisy: compare ratios across runs, not milliseconds.
 */
const r = await benchRelay({ clients: 40, messagesPerClient: 5 });
console.log(`relay: client message → copy in the staff topic (database: ${r.database})`);
console.log(`  baseline          ${r.baselineP50.toFixed(2)} ms p50: one bare Bot API round trip to the same emulator`);
console.log(`  one at a time     ${r.idleP50.toFixed(1)} ms p50, ${r.idleP95.toFixed(1)} ms p95 → ${r.idleRatio.toFixed(1)}× the baseline`);
console.log(`  burst             ${r.burstMessages} messages from 40 clients: ${r.burstThroughput.toFixed(0)} messages/s, ${r.burstP50.toFixed(0)} ms p50, ${r.burstP95.toFixed(0)} ms p95 (queueing included)`);

const e = await benchEmergency({ busyClients: 20, emergencies: 20 });
console.log(`emergency: first reply while 100 messages from 20 clients queue behind the staff group's 20/min limit`);
console.log(`  baseline          ${e.baselineP50.toFixed(2)} ms p50`);
console.log(`  first reply       ${e.p50.toFixed(1)} ms p50, ${e.max.toFixed(1)} ms max → ${e.ratio.toFixed(1)}× the baseline (${e.throttled} calls got 429 meanwhile)`);

const wc = await benchWebChat({ messages: 50, conversations: 20, each: 5 });
console.log(`web chat: a message posted from the page, answered with the whole page once the bot has handled it (database: ${wc.database})`);
console.log(`  baseline          ${wc.baselineP50.toFixed(2)} ms p50: the chat's start page from the same server`);
console.log(`  one at a time     ${wc.sendP50.toFixed(1)} ms p50, ${wc.sendP95.toFixed(1)} ms p95 → ${wc.sendRatio.toFixed(1)}× the baseline`);
console.log(`  overdose          ${wc.overdoseP50.toFixed(1)} ms p50 to the page with the steps → ${wc.overdoseRatio.toFixed(1)}× the baseline`);
console.log(`  burst             ${wc.burstMessages} messages from 20 pages at once: ${wc.burstPerSecond.toFixed(0)} messages/s, ${wc.burstP95.toFixed(0)} ms p95 (queueing included)`);

const tp = await benchThroughput({ clients: 50, each: 10 });
console.log(`throughput: full-path relay with Telegram's limits off, ${tp.messages} messages from 50 clients at once (database: ${tp.database})`);
console.log(`  baseline          ${tp.baselinePerSecond.toFixed(0)} messages/s: a bare grammY bot copying each message into a group`);
console.log(`  netreach          ${tp.perSecond.toFixed(1)} messages/s → ${tp.ratio.toFixed(3)} of the baseline (goal ≥ 0.25)`);

const sc = await benchStaffCeiling({ clients: Number(process.env.BENCH_CEILING_CLIENTS ?? 100), each: 2 });
console.log(`staff group ceiling: ${sc.expectedHeaders - 1} clients × 2 messages at once and one overdose, Telegram's limits on (20 a minute into the group), Telegram's time virtual`);
console.log(`  baseline          ${sc.unbundledIdealMinutes.toFixed(1)} min: the limit's ideal for one send per message and header; ${sc.idealMinutes.toFixed(1)} min for the ${sc.groupSends} sends made`);
console.log(`  netreach          ${sc.minutes.toFixed(2)} min to the last message → ${(sc.minutes / Math.max(sc.idealMinutes, 1e-9)).toFixed(2)}× the ideal for its sends (goal ≤ 1.1); ${sc.blocks} blocks of waiting texts`);
console.log(`  console           all ${sc.messages} messages stored (visible in the console) ${sc.storedMs.toFixed(0)} ms after the burst (goal < 1 s)`);
console.log(`  overdose alert    overtook ${sc.alertOvertook} queued items; ${sc.sendsBeforeAlert} send(s) went between its queueing and it (goal ≤ 1); ${sc.alertRealMs} ms of real time in the queue`);
console.log(`  losses            ${sc.headers}/${sc.expectedHeaders} headers, ${sc.lost} lost, ${sc.reordered} clients reordered, ${sc.parked} parked, ${sc.throttled} 429s met`);

const d = benchDetection({ rounds: 20_000 });
console.log('detection: overdose detection per private message (7 texts, up to 4,000 characters)');
console.log(`  baseline          ${d.baselineUs.toFixed(1)} µs: lower-case and split the same text`);
console.log(`  rules             ${d.rulesUs.toFixed(1)} µs → ${(d.rulesUs / d.baselineUs).toFixed(1)}× the baseline`);
console.log(`  model             ${d.modelUs.toFixed(1)} µs → ${(d.modelUs / d.baselineUs).toFixed(1)}× the baseline`);
console.log(`  both, as the bot  ${d.bothUs.toFixed(1)} µs → ${(d.bothUs / d.baselineUs).toFixed(1)}× the baseline; a 4,000-character text ${d.longestUs.toFixed(0)} µs`);
const mo = benchModeration({ rounds: 20_000 });
console.log('moderation: the community chat\'s rules per chat message (the labelled development messages)');
console.log(`  baseline          ${mo.baselineUs.toFixed(1)} µs: overdose detection of the same messages (every chat message has both)`);
console.log(`  rules             ${mo.moderationUs.toFixed(1)} µs → ${(mo.moderationUs / mo.baselineUs).toFixed(2)}× the baseline`);
console.log(`  adversarial       ${mo.adversarialUs.toFixed(0)} µs for a 4,000-character masked text → ${(mo.adversarialUs / mo.adversarialBaselineUs).toFixed(2)}× detection of it`);
await (await import('./scale/index.ts')).benchScale();
await (await import('./footprint.ts')).printFootprint();
