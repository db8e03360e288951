import { benchDetection } from './detection.ts';
import { benchEmergency } from './emergency.ts';
import { benchRelay } from './relay.ts';

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

const d = benchDetection({ rounds: 20_000 });
console.log('detection: overdose detection per private message (7 texts, up to 4,000 characters)');
console.log(`  baseline          ${d.baselineUs.toFixed(1)} µs: lower-case and split the same text`);
console.log(`  rules             ${d.rulesUs.toFixed(1)} µs → ${(d.rulesUs / d.baselineUs).toFixed(1)}× the baseline`);
console.log(`  model             ${d.modelUs.toFixed(1)} µs → ${(d.modelUs / d.baselineUs).toFixed(1)}× the baseline`);
console.log(`  both, as the bot  ${d.bothUs.toFixed(1)} µs → ${(d.bothUs / d.baselineUs).toFixed(1)}× the baseline; a 4,000-character text ${d.longestUs.toFixed(0)} µs`);
