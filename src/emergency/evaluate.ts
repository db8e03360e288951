/**
 * Measures overdose detection on labelled JSONL files, as the bot acts on them.
 *
 *   npx tsx src/emergency/evaluate.ts [file.jsonl ...]      (npm run eval:overdose)
 *
 * Without arguments: every `*.jsonl` in `src/emergency/labelled/`. Each message goes through
 * `emergencyActionOf` as a client's private message, so the figures are exactly what the bot does:
 * the full emergency reply (`start`), the question with the emergency number (`possible`), or
 * nothing. Prints, per file and overall:
 *   - recall (any response) on emergencies and false alarms (any response) on the others;
 *   - GRADED: emergencies → full reply / asked / nothing; others → full reply / asked;
 *   - the misclassified messages, then the speed.
 * Exit code 1 when a goal is missed (`GOALS`, `GRADED_GOALS`).
 *
 *   npx tsx src/emergency/evaluate.ts --translit [file.jsonl ...]
 *
 * Translit check: every message written in Cyrillic alone is transliterated mechanically in several
 * styles (`TRANSLIT_STYLES`: "zh/kh/ya", "x/j/ju", digits 4/6 for ч/ш, "w/i/ia", "-tsa") and graded
 * again; a style should keep the full reply wherever the Cyrillic gets it and add no false one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Update } from 'grammy/types';
import { emergencyActionOf } from './actions.ts';
import { detectEmergency } from './detect.ts';

export const GOALS = { minRecall: 0.98, maxFalseAlarmRate: 0.03 } as const;
/** Issue 9: ≥ 99 % of emergencies get a response, ≥ 95 % the full one; non-emergencies get the
 *  full reply ≤ 3 % of the time and the question ≤ 5 %. */
export const GRADED_GOALS = { minResponse: 0.99, minFull: 0.95, maxFullOnOthers: 0.03, maxAskedOnOthers: 0.05 } as const;

export interface LabelledMessage {
  text: string;
  lang: 'ru' | 'en';
  emergency: boolean;
  kind: string;
}

/** What the bot does with a message: the full reply, the question, or nothing. */
export type Grade = 'full' | 'asked' | 'none';

export interface Miss extends LabelledMessage { signals: string[]; grade: Grade }

export interface Scores {
  count: number;
  emergencies: number;
  nonEmergencies: number;
  /** Share of emergencies that got any response (full or asked). */
  recall: number;
  /** Share of non-emergencies that got any response (full or asked). */
  falseAlarmRate: number;
  /** Emergencies: full reply / asked / nothing (counts). */
  emFull: number;
  emAsked: number;
  emNone: number;
  /** Non-emergencies: full reply / asked (counts). */
  otherFull: number;
  otherAsked: number;
  /** Emergencies that got nothing. */
  missed: Miss[];
  /** Emergencies that were only asked. */
  askedOnly: Miss[];
  /** Non-emergencies that got a response (full or asked). */
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

/** A client's private text message, as Telegram delivers it. */
export function privateMessage(text: string): Update {
  return {
    update_id: 1,
    message: { message_id: 1, date: 0, chat: { id: 1, type: 'private', first_name: 'c' }, from: { id: 1, is_bot: false, first_name: 'c' }, text },
  } as Update;
}

/** What the bot does with `text` sent in a private chat. */
export function gradeOf(text: string): { grade: Grade; signals: string[] } {
  const a = emergencyActionOf(privateMessage(text));
  if (a?.kind === 'start') return { grade: 'full', signals: a.signals };
  if (a?.kind === 'possible') return { grade: 'asked', signals: a.signals };
  return { grade: 'none', signals: detectEmergency(text).signals };
}

export function score(messages: LabelledMessage[]): Scores {
  const missed: Miss[] = [];
  const askedOnly: Miss[] = [];
  const falseAlarms: Miss[] = [];
  let emergencies = 0, emFull = 0, emAsked = 0, otherFull = 0, otherAsked = 0;
  for (const m of messages) {
    const { grade, signals } = gradeOf(m.text);
    if (m.emergency) {
      emergencies++;
      if (grade === 'full') emFull++;
      else if (grade === 'asked') { emAsked++; askedOnly.push({ ...m, signals, grade }); }
      else missed.push({ ...m, signals, grade });
    } else if (grade !== 'none') {
      if (grade === 'full') otherFull++; else otherAsked++;
      falseAlarms.push({ ...m, signals, grade });
    }
  }
  const nonEmergencies = messages.length - emergencies;
  return {
    count: messages.length,
    emergencies,
    nonEmergencies,
    recall: emergencies ? (emergencies - missed.length) / emergencies : 1,
    falseAlarmRate: nonEmergencies ? falseAlarms.length / nonEmergencies : 0,
    emFull, emAsked, emNone: missed.length, otherFull, otherAsked,
    missed,
    askedOnly,
    falseAlarms,
  };
}

export const meetsGoals = (s: Scores) => s.recall >= GOALS.minRecall && s.falseAlarmRate <= GOALS.maxFalseAlarmRate;

const share = (n: number, of: number) => (of ? n / of : 0);
export const meetsGradedGoals = (s: Scores) =>
  share(s.emFull + s.emAsked, s.emergencies) >= GRADED_GOALS.minResponse - 1e-9 &&
  (s.emergencies === 0 || share(s.emFull, s.emergencies) >= GRADED_GOALS.minFull - 1e-9) &&
  share(s.otherFull, s.nonEmergencies) <= GRADED_GOALS.maxFullOnOthers + 1e-9 &&
  share(s.otherAsked, s.nonEmergencies) <= GRADED_GOALS.maxAskedOnOthers + 1e-9;

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

// ---------------------------------------------------------------------------------------------
// Translit check
// ---------------------------------------------------------------------------------------------

const RU_LATIN: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o',
  п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'h', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'sch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};
/** Ways people write Russian in Latin letters, each applied to a whole message. */
export const TRANSLIT_STYLES: Record<string, { letters: Record<string, string>; before?: (s: string) => string }> = {
  standard: { letters: RU_LATIN },
  'x-j-ju': { letters: { ...RU_LATIN, х: 'x', й: 'j', ю: 'ju', я: 'ja', ь: "'", щ: 'shch' } },
  digits: { letters: { ...RU_LATIN, ч: '4', ш: '6', щ: '6', х: 'x', ы: 'i' } },
  'w-i-ia': { letters: { ...RU_LATIN, ш: 'w', щ: 'w', ы: 'i', я: 'ia', ю: 'iu', й: 'i', ж: 'j', х: 'kh' } },
  tsa: { letters: { ...RU_LATIN, ц: 'c', ы: 'i', й: 'i' }, before: (s) => s.replace(/ться|тся/g, 'tsa') },
};
export function toTranslit(text: string, style: keyof typeof TRANSLIT_STYLES): string {
  const { letters, before } = TRANSLIT_STYLES[style]!;
  let out = '';
  for (const ch of before ? before(text) : text) {
    const low = ch.toLowerCase();
    const to = letters[low];
    out += to === undefined ? ch : ch === low ? to : to.toUpperCase();
  }
  return out;
}
export interface TranslitCheck { style: string; emergencies: number; fullKept: number; fullInCyrillic: number; others: number; falseFullAdded: number; lost: string[]; added: string[] }
/** Grades the Cyrillic-only messages and their transliterations in each style. */
export function translitCheck(messages: LabelledMessage[]): TranslitCheck[] {
  const cyrillic = messages.filter((m) => /[а-яё]/i.test(m.text) && !/[a-z]/i.test(m.text));
  const original = cyrillic.map((m) => gradeOf(m.text).grade);
  return Object.keys(TRANSLIT_STYLES).map((style) => {
    const r: TranslitCheck = { style, emergencies: 0, fullKept: 0, fullInCyrillic: 0, others: 0, falseFullAdded: 0, lost: [], added: [] };
    cyrillic.forEach((m, i) => {
      const t = toTranslit(m.text, style);
      const g = gradeOf(t).grade;
      if (m.emergency) {
        r.emergencies++;
        if (original[i] === 'full') { r.fullInCyrillic++; if (g === 'full') r.fullKept++; else r.lost.push(t); }
      } else {
        r.others++;
        if (g === 'full' && original[i] !== 'full') { r.falseFullAdded++; r.added.push(t); }
      }
    });
    return r;
  });
}

/** One line of graded figures: emergencies full / asked / nothing; others full / asked. */
export function formatGraded(s: Scores): string {
  const e = s.emergencies, o = s.nonEmergencies;
  return `graded: emergencies full ${pct(share(s.emFull, e))} / asked ${pct(share(s.emAsked, e))} / nothing ${pct(share(s.emNone, e))} ` +
    `(${s.emFull}/${s.emAsked}/${s.emNone}); others full ${pct(share(s.otherFull, o))} / asked ${pct(share(s.otherAsked, o))} ` +
    `(${s.otherFull}/${s.otherAsked} of ${o})${meetsGradedGoals(s) ? '' : '  ← GOAL MISSED'}`;
}

export function formatScores(name: string, s: Scores): string {
  const lines = [
    `${name}: ${s.count} messages, ${s.emergencies} emergencies — recall ${pct(s.recall)} ` +
      `(${s.emergencies - s.missed.length}/${s.emergencies}), false alarms ${pct(s.falseAlarmRate)} ` +
      `(${s.falseAlarms.length}/${s.nonEmergencies})${meetsGoals(s) ? '' : '  ← GOAL MISSED'}`,
    `  ${formatGraded(s)}`,
  ];
  for (const m of s.missed) lines.push(`  MISSED       [${m.lang} ${m.kind}] ${JSON.stringify(m.text)}  {${m.signals.join(', ')}}`);
  for (const m of s.askedOnly) lines.push(`  ASKED ONLY   [${m.lang} ${m.kind}] ${JSON.stringify(m.text)}  {${m.signals.join(', ')}}`);
  for (const m of s.falseAlarms) lines.push(`  ${m.grade === 'full' ? 'FALSE ALARM ' : 'ASKED      '}  [${m.lang} ${m.kind}] ${JSON.stringify(m.text)}  {${m.signals.join(', ')}}`);
  return lines.join('\n');
}

function main(argv: string[]): number {
  const here = dirname(fileURLToPath(import.meta.url));
  const labelled = join(here, 'labelled');
  const quiet = argv.includes('--summary');
  const translit = argv.includes('--translit');
  const args = argv.filter((a) => a !== '--summary' && a !== '--translit');
  const files = args.length
    ? args.map((f) => resolve(f))
    : readdirSync(labelled).filter((f) => f.endsWith('.jsonl')).sort().map((f) => join(labelled, f));
  if (files.length === 0) {
    console.error('no labelled files');
    return 1;
  }
  if (translit) {
    const messages = files.flatMap((file) => parseJsonl(readFileSync(file, 'utf8'), file));
    for (const r of translitCheck(messages)) {
      console.log(`${r.style.padEnd(9)} emergencies: full kept ${pct(share(r.fullKept, r.fullInCyrillic))} (${r.fullKept}/${r.fullInCyrillic} the Cyrillic gets); ` +
        `others: false full added ${pct(share(r.falseFullAdded, r.others))} (${r.falseFullAdded}/${r.others})`);
      if (!quiet) for (const t of r.lost) console.log(`  LOST   ${JSON.stringify(t)}`);
      if (!quiet) for (const t of r.added) console.log(`  ADDED  ${JSON.stringify(t)}`);
    }
    return 0;
  }
  const all: LabelledMessage[] = [];
  let ok = true;
  for (const file of files) {
    const messages = parseJsonl(readFileSync(file, 'utf8'), file);
    all.push(...messages);
    const s = score(messages);
    ok &&= meetsGoals(s) && meetsGradedGoals(s);
    console.log(quiet ? formatScores(file, s).split('\n').slice(0, 2).join('\n') : formatScores(file, s));
  }
  if (files.length > 1) {
    const s = score(all);
    ok &&= meetsGoals(s) && meetsGradedGoals(s);
    console.log(formatScores('overall', s).split('\n').slice(0, 2).join('\n'));
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
  console.log(
    `goals: recall ≥ ${GOALS.minRecall}, false alarms ≤ ${GOALS.maxFalseAlarmRate}; graded: response ≥ ${GRADED_GOALS.minResponse}, ` +
      `full ≥ ${GRADED_GOALS.minFull}, full on others ≤ ${GRADED_GOALS.maxFullOnOthers}, asked on others ≤ ${GRADED_GOALS.maxAskedOnOthers} → ${ok ? 'met' : 'MISSED'}`,
  );
  return ok ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
