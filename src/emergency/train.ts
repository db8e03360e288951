/**
 * Trains the learned overdose-emergency model and writes `model-weights.ts`.
 *
 *   npx tsx src/emergency/train.ts            rebuild model-weights.ts (deterministic)
 *   npx tsx src/emergency/train.ts --cv [--old-rules old/src/emergency/detect.ts] [--fresh a.jsonl,b.jsonl]
 *                                             leave-one-file-out cross-validation report, graded
 *
 * Model: logistic regression on hashed features (`features.ts`), trained with Adagrad, L2
 * regularisation and a seeded shuffle, so the same files always give the same weights. Training
 * data: every `labelled/*.jsonl` except `holdout*.jsonl` sets not yet measured (`MEASURED_HOLDOUTS`
 * joined development after their one measurement; a new holdout is an independent measurement and
 * must never be read here).
 *
 * Cross-validation is grouped by FILE: each file is held out in turn, the model is trained on the
 * others and scored on it, so a file's own phrasing never leaks into its estimate. The report is
 * graded as the bot acts (`decide`: full reply when the rules fire, the question when the model
 * reaches its threshold, given evidence and no veto). Beware that the RULES were tuned on every
 * file, so the full-reply figures are optimistic unless `--old-rules` scores the files written
 * after an older version of the rules with that version; the model's figures are honest.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectByRules, MODEL_MIN_WORDS, modelEvidence, modelVetoed, modelWords, type EmergencyResult } from './detect.ts';
import { featurize, type FeatureConfig, type SparseVector } from './features.ts';
import { mulberry32 } from '../domain/seeded-random.ts';

export interface TrainConfig {
  features: FeatureConfig;
  epochs: number;
  /** L2 penalty per update on the touched weights. */
  l2: number;
  learningRate: number;
  seed: number;
}

export const DEFAULT_CONFIG: TrainConfig = {
  features: { dim: 1 << 17, charMin: 2, charMax: 5, words: true, bigrams: true, translit: true, rules: false },
  epochs: 15,
  l2: 1e-3,
  learningRate: 0.3,
  seed: 20240611,
};

export interface Example { text: string; emergency: boolean; file: string; kind: string }

export interface TrainedModel { config: TrainConfig; weights: Float64Array; bias: number }


export const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export function ruleSignalsFor(r: EmergencyResult): string[] {
  return [...r.signals, r.emergency ? '=emergency' : '=quiet'];
}

export function vectorize(examples: Example[], cfg: FeatureConfig, rules: (text: string) => EmergencyResult = detectByRules): SparseVector[] {
  return examples.map((e) => featurize(e.text, cfg, cfg.rules ? ruleSignalsFor(rules(e.text)) : []));
}

export function train(xs: SparseVector[], ys: boolean[], config: TrainConfig): TrainedModel {
  const { dim } = config.features;
  const w = new Float64Array(dim);
  const g2 = new Float64Array(dim);
  let bias = 0;
  let biasG2 = 0;
  const rand = mulberry32(config.seed);
  const order = xs.map((_, i) => i);
  // Classes are weighted to balance (the sets are roughly balanced anyway).
  const pos = ys.filter(Boolean).length;
  const wPos = xs.length / (2 * Math.max(1, pos));
  const wNeg = xs.length / (2 * Math.max(1, xs.length - pos));
  const eps = 1e-8;
  for (let epoch = 0; epoch < config.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const k of order) {
      const x = xs[k]!;
      let z = bias;
      for (let t = 0; t < x.idx.length; t++) z += w[x.idx[t]!]! * x.val[t]!;
      const y = ys[k] ? 1 : 0;
      const g = (sigmoid(z) - y) * (y ? wPos : wNeg);
      for (let t = 0; t < x.idx.length; t++) {
        const i = x.idx[t]!;
        const grad = g * x.val[t]! + config.l2 * w[i]!;
        g2[i] = g2[i]! + grad * grad;
        w[i] = w[i]! - (config.learningRate * grad) / (Math.sqrt(g2[i]!) + eps);
      }
      biasG2 += g * g;
      bias -= (config.learningRate * g) / (Math.sqrt(biasG2) + eps);
    }
  }
  return { config, weights: w, bias };
}

export function predict(model: { weights: ArrayLike<number>; bias: number }, x: SparseVector): number {
  let z = model.bias;
  for (let t = 0; t < x.idx.length; t++) z += model.weights[x.idx[t]!]! * x.val[t]!;
  return sigmoid(z);
}

// ---------------------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------------------

const HERE = dirname(fileURLToPath(import.meta.url));
export const LABELLED_DIR = join(HERE, 'labelled');

/** Holdouts that were measured once and then joined development. */
export const MEASURED_HOLDOUTS = ['holdout3.jsonl', 'holdout4.jsonl'];

/** Training files: all labelled sets except independent holdouts not yet measured. */
export function trainingFiles(dir = LABELLED_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl') && (!f.startsWith('holdout') || MEASURED_HOLDOUTS.includes(f)))
    .sort();
}

export function loadExamples(files: string[], dir = LABELLED_DIR): Example[] {
  const out: Example[] = [];
  for (const file of files) {
    readFileSync(join(dir, file), 'utf8').split('\n').forEach((line) => {
      if (!line.trim()) return;
      const row = JSON.parse(line) as { text: string; emergency: boolean; kind?: string };
      out.push({ text: row.text, emergency: row.emergency, file, kind: row.kind ?? '' });
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------

/** Weights are shipped as int16 (scale = max |w| / 32767), base64-encoded, in a TypeScript module:
 *  no file I/O at run time, and a quantisation error far below anything that moves a decision. */
export function exportWeights(model: TrainedModel, threshold: number, meta: Record<string, unknown>): string {
  let max = 0;
  for (const v of model.weights) max = Math.max(max, Math.abs(v));
  const scale = max / 32767 || 1;
  const q = new Int16Array(model.weights.length);
  for (let i = 0; i < q.length; i++) q[i] = Math.round(model.weights[i]! / scale);
  const b64 = Buffer.from(q.buffer, q.byteOffset, q.byteLength).toString('base64');
  const header = {
    features: model.config.features,
    bias: model.bias,
    scale,
    threshold,
    ...meta,
  };
  return [
    '// GENERATED by `npx tsx src/emergency/train.ts` — do not edit by hand.',
    '// Logistic-regression weights for model.ts: int16 × scale, little-endian, base64.',
    `export const MODEL_META = ${JSON.stringify(header, null, 2)} as const;`,
    `export const MODEL_WEIGHTS_B64 =\n  '${b64}';`,
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Cross-validation
// ---------------------------------------------------------------------------------------------

/** Leave-one-file-out: out-of-fold probability for every example. */
export function crossValidate(examples: Example[], config: TrainConfig, xs?: SparseVector[]): number[] {
  const vectors = xs ?? vectorize(examples, config.features);
  const files = [...new Set(examples.map((e) => e.file))];
  const p = new Array<number>(examples.length).fill(0);
  for (const held of files) {
    const tr = examples.map((e, i) => i).filter((i) => examples[i]!.file !== held);
    const model = train(tr.map((i) => vectors[i]!), tr.map((i) => examples[i]!.emergency), config);
    examples.forEach((e, i) => { if (e.file === held) p[i] = predict(model, vectors[i]!); });
  }
  return p;
}

export interface Rates { recall: number; fa: number; tp: number; pos: number; fp: number; neg: number }
export function rates(ys: boolean[], decisions: boolean[]): Rates {
  let tp = 0, pos = 0, fp = 0, neg = 0;
  ys.forEach((y, i) => {
    if (y) { pos++; if (decisions[i]) tp++; } else { neg++; if (decisions[i]) fp++; }
  });
  return { recall: pos ? tp / pos : 1, fa: neg ? fp / neg : 0, tp, pos, fp, neg };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}`;

/** What the rules say about a message, and whether the model may decide on it (`detectEmergency`). */
export interface RuleView { rules: EmergencyResult; mayAsk: boolean; blocked: boolean }
export function ruleView(text: string, rules: EmergencyResult = detectByRules(text)): RuleView {
  const current = detectByRules(text);
  return {
    rules,
    // the veto and the evidence are the CURRENT rules' (they are part of the decision, not of the rules' recall)
    mayAsk: !rules.emergency && modelWords(text) >= MODEL_MIN_WORDS && !modelVetoed(text, current) && modelEvidence(text, current),
    blocked: rules.signals.some((x) => x.startsWith('blocked:')),
  };
}

/** The bot's decision: 'full' when the rules fire, 'asked' when the model reaches its threshold (a
 *  higher one when a blocker explained the rules' sign away), otherwise 'none'. */
export function decide(v: RuleView, p: number, t: number, tBlocked: number): 'full' | 'asked' | 'none' {
  if (v.rules.emergency) return 'full';
  return v.mayAsk && p >= (v.blocked ? Math.max(t, tBlocked) : t) ? 'asked' : 'none';
}

interface Graded { emFull: number; emAsked: number; em: number; otherFull: number; otherAsked: number; other: number }
function graded(ix: number[], ys: boolean[], views: RuleView[], p: number[], t: number, tb: number): Graded {
  const g: Graded = { emFull: 0, emAsked: 0, em: 0, otherFull: 0, otherAsked: 0, other: 0 };
  for (const i of ix) {
    const d = decide(views[i]!, p[i]!, t, tb);
    if (ys[i]) { g.em++; if (d === 'full') g.emFull++; else if (d === 'asked') g.emAsked++; } else { g.other++; if (d === 'full') g.otherFull++; else if (d === 'asked') g.otherAsked++; }
  }
  return g;
}
const fmtGraded = (g: Graded) =>
  `response ${pct((g.emFull + g.emAsked) / Math.max(1, g.em)).padStart(5)}  full ${pct(g.emFull / Math.max(1, g.em)).padStart(5)}  |  others full ${pct(g.otherFull / Math.max(1, g.other)).padStart(4)}  asked ${pct(g.otherAsked / Math.max(1, g.other)).padStart(4)}`;

/**
 * Leave-one-file-out report, graded as the bot acts (full reply / question / nothing). The model's
 * figures are honest (each file's probabilities come from a model that never saw it), the rules'
 * are optimistic on every file they were tuned on. `--old-rules <detect.ts>` (e.g. `git show
 * 622bfed:src/emergency/detect.ts` into a copy of the tree) scores the files written after those
 * rules (`--fresh a.jsonl,b.jsonl`) with them: the honest simulation of "a new set arrives".
 */
async function cvReport(examples: Example[], config: TrainConfig, oldRulesPath?: string, freshList?: string): Promise<void> {
  const ys = examples.map((e) => e.emergency);
  const freshFiles = new Set((freshList ?? MEASURED_HOLDOUTS.join(',')).split(','));
  const old = oldRulesPath ? ((await import(resolve(oldRulesPath))) as { detectByRules: (t: string) => EmergencyResult }) : undefined;
  const current = examples.map((e) => ruleView(e.text));
  const fresh = examples.map((e, i) => (old && freshFiles.has(e.file) ? ruleView(e.text, old.detectByRules(e.text)) : current[i]!));
  const p = crossValidate(examples, config);
  const all = examples.map((_, i) => i);
  const freshIx = all.filter((i) => freshFiles.has(examples[i]!.file));
  const files = [...new Set(examples.map((e) => e.file))];
  for (const [t, tb] of [[THRESHOLD, BLOCKED_THRESHOLD], [0.3, 0.8], [0.4, 0.8], [0.5, 0.8], [0.6, 0.8], [0.4, 0.4], [0.5, 0.9]] as const) {
    console.log(`\nthreshold ${t}, after a blocker ${Math.max(t, tb)}${t === THRESHOLD && tb === BLOCKED_THRESHOLD ? ' (shipped)' : ''}`);
    for (const f of files) console.log(`  ${f.padEnd(28)} ${fmtGraded(graded(all.filter((i) => examples[i]!.file === f), ys, current, p, t, tb))}`);
    console.log(`  ${'all'.padEnd(28)} ${fmtGraded(graded(all, ys, current, p, t, tb))}`);
    if (old) console.log(`  ${`fresh, old rules`.padEnd(28)} ${fmtGraded(graded(freshIx, ys, fresh, p, t, tb))}   (${[...freshFiles].join(', ')})`);
  }
}

async function main(argv: string[]): Promise<void> {
  const files = trainingFiles();
  const examples = loadExamples(files);
  if (argv.includes('--cv')) {
    const k = argv.indexOf('--old-rules');
    const f = argv.indexOf('--fresh');
    await cvReport(examples, DEFAULT_CONFIG, k >= 0 ? argv[k + 1] : undefined, f >= 0 ? argv[f + 1] : undefined);
    return;
  }
  const xs = vectorize(examples, DEFAULT_CONFIG.features);
  const model = train(xs, examples.map((e) => e.emergency), DEFAULT_CONFIG);
  const out = join(HERE, 'model-weights.ts');
  writeFileSync(out, exportWeights(model, THRESHOLD, { blockedThreshold: BLOCKED_THRESHOLD, trainedOn: files, examples: examples.length, train: { epochs: DEFAULT_CONFIG.epochs, l2: DEFAULT_CONFIG.l2, learningRate: DEFAULT_CONFIG.learningRate, seed: DEFAULT_CONFIG.seed } }));
  console.log(`wrote ${out} (${examples.length} examples from ${files.join(', ')})`);
}

/** The model asks when p ≥ THRESHOLD, or p ≥ BLOCKED_THRESHOLD when a blocker explained the rules'
 *  sign away (a near miss by construction), given evidence and no veto (`decide`). Chosen with
 *  `--cv --old-rules`: see README, Overdose detection. */
export const THRESHOLD = 0.35;
export const BLOCKED_THRESHOLD = 0.8;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
