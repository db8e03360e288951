/**
 * Measures `detectEmergency` on labelled JSONL files.
 *
 *   npx tsx src/emergency/evaluate.ts [file.jsonl ...]
 *
 * Without arguments: every `*.jsonl` in `src/emergency/labelled/`. Prints, per file and overall,
 * the count, emergencies, recall on emergencies, false-alarm rate on non-emergencies, and the
 * misclassified messages. Exit code 1 when a goal is missed (recall < 0.98 or false alarms > 3 %).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectEmergency } from './detect.ts';

export const GOALS = { minRecall: 0.98, maxFalseAlarmRate: 0.03 } as const;

export interface LabelledMessage {
  text: string;
  lang: 'ru' | 'en';
  emergency: boolean;
  kind: string;
}

export interface Miss extends LabelledMessage { signals: string[] }

export interface Scores {
  count: number;
  emergencies: number;
  nonEmergencies: number;
  recall: number;
  falseAlarmRate: number;
  missed: Miss[];
  falseAlarms: Miss[];
}

export function parseJsonl(content: string, source = 'input'): LabelledMessage[] {
  const out: LabelledMessage[] = [];
  content.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const row = JSON.parse(line) as Partial<LabelledMessage>;
    if (typeof row.text !== 'string' || typeof row.emergency !== 'boolean') {
      throw new Error(`${source}:${i + 1}: needs "text" (string) and "emergency" (boolean)`);
    }
    out.push({ text: row.text, lang: row.lang === 'en' ? 'en' : 'ru', emergency: row.emergency, kind: row.kind ?? '' });
  });
  return out;
}

export function score(messages: LabelledMessage[]): Scores {
  const missed: Miss[] = [];
  const falseAlarms: Miss[] = [];
  let emergencies = 0;
  for (const m of messages) {
    const r = detectEmergency(m.text);
    if (m.emergency) {
      emergencies++;
      if (!r.emergency) missed.push({ ...m, signals: r.signals });
    } else if (r.emergency) {
      falseAlarms.push({ ...m, signals: r.signals });
    }
  }
  const nonEmergencies = messages.length - emergencies;
  return {
    count: messages.length,
    emergencies,
    nonEmergencies,
    recall: emergencies ? (emergencies - missed.length) / emergencies : 1,
    falseAlarmRate: nonEmergencies ? falseAlarms.length / nonEmergencies : 0,
    missed,
    falseAlarms,
  };
}

export const meetsGoals = (s: Scores) => s.recall >= GOALS.minRecall && s.falseAlarmRate <= GOALS.maxFalseAlarmRate;

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

export function formatScores(name: string, s: Scores): string {
  const lines = [
    `${name}: ${s.count} messages, ${s.emergencies} emergencies — recall ${pct(s.recall)} ` +
      `(${s.emergencies - s.missed.length}/${s.emergencies}), false alarms ${pct(s.falseAlarmRate)} ` +
      `(${s.falseAlarms.length}/${s.nonEmergencies})${meetsGoals(s) ? '' : '  ← GOAL MISSED'}`,
  ];
  for (const m of s.missed) lines.push(`  MISSED       [${m.lang} ${m.kind}] ${JSON.stringify(m.text)}  {${m.signals.join(', ')}}`);
  for (const m of s.falseAlarms) lines.push(`  FALSE ALARM  [${m.lang} ${m.kind}] ${JSON.stringify(m.text)}  {${m.signals.join(', ')}}`);
  return lines.join('\n');
}

function main(argv: string[]): number {
  const here = dirname(fileURLToPath(import.meta.url));
  const labelled = join(here, 'labelled');
  const files = argv.length
    ? argv.map((f) => resolve(f))
    : readdirSync(labelled).filter((f) => f.endsWith('.jsonl')).sort().map((f) => join(labelled, f));
  if (files.length === 0) {
    console.error('no labelled files');
    return 1;
  }
  const all: LabelledMessage[] = [];
  let ok = true;
  for (const file of files) {
    const messages = parseJsonl(readFileSync(file, 'utf8'), file);
    all.push(...messages);
    const s = score(messages);
    ok &&= meetsGoals(s);
    console.log(formatScores(file, s));
  }
  if (files.length > 1) {
    const s = score(all);
    ok &&= meetsGoals(s);
    console.log(formatScores('overall', s).split('\n')[0]);
  }
  // Speed check: the detector must stay far below a millisecond per message.
  const t0 = performance.now();
  for (const m of all) detectEmergency(m.text);
  const perMessage = (performance.now() - t0) / Math.max(1, all.length);
  // Share of the emergency decisions that the learned model made (the rules did not fire).
  const decided = all.map((m) => detectEmergency(m.text)).filter((r) => r.emergency);
  const byModel = decided.filter((r) => r.signals.some((x) => x.startsWith('model:'))).length;
  console.log(`model: ${byModel}/${decided.length} emergency decisions (${((100 * byModel) / Math.max(1, decided.length)).toFixed(1)} %) made by the learned model`);
  console.log(`speed: ${(perMessage * 1000).toFixed(0)} µs per message`);
  console.log(`goals: recall ≥ ${GOALS.minRecall}, false alarms ≤ ${GOALS.maxFalseAlarmRate} → ${ok ? 'met' : 'MISSED'}`);
  return ok ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
