/**
 * Feature extraction for the learned overdose-emergency model (`model.ts`, trained by `train.ts`).
 *
 * Hashed sparse features of `modelText(text)` — `normalizeForMatching`, without soft signs (translit
 * has none) and without digits (a number alone is no evidence: "room 12 floor 3", «приду в 15:30»):
 *   - character n-grams (lengths `charMin`…`charMax`) of the text padded with a space at each end,
 *     so word starts and ends are visible ("не дышит" → " н", " не", "не ", …);
 *   - word unigrams and bigrams;
 *   - optionally the same n-grams of the Russian reading of Latin words ("ne dyshit" → "не дышит"),
 *     when they are not English (`russianReading`: "my son" is not «май сон»);
 *   - optionally the ids of the rule signals that fired (`ruleSignals`), as separate features.
 * Each group is L2-normalised on its own so that long messages do not get larger scores, and
 * every index is a 32-bit FNV-1a hash of the feature (with a namespace per group) modulo `dim`.
 * Pure, synchronous, no I/O, deterministic.
 */
import { dropSoftSigns, normalizeForMatching, russianReading } from './normalize.ts';

export interface FeatureConfig {
  /** Number of hash buckets (a power of two). */
  dim: number;
  charMin: number;
  charMax: number;
  words: boolean;
  bigrams: boolean;
  translit: boolean;
  rules: boolean;
}

/** Analysis is capped like the rules' (`MAX_CHARS` in detect.ts): an emergency is told first. */
const MAX_CHARS = 1200;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function hashString(seed: number, s: string, from = 0, to = s.length): number {
  let h = seed;
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}
const NS_CHAR = hashString(FNV_OFFSET, 'c:');
const NS_WORD = hashString(FNV_OFFSET, 'w:');
const NS_BIGRAM = hashString(FNV_OFFSET, 'b:');
const NS_TCHAR = hashString(FNV_OFFSET, 'tc:');
const NS_TWORD = hashString(FNV_OFFSET, 'tw:');
const NS_RULE = hashString(FNV_OFFSET, 'r:');

export interface SparseVector {
  idx: Int32Array;
  val: Float32Array;
}

/** Adds one group of hashes (already reduced modulo dim) to `acc`, L2-normalised, times `scale`. */
function addGroup(acc: Map<number, number>, hashes: number[], scale: number): void {
  if (hashes.length === 0) return;
  const counts = new Map<number, number>();
  for (const h of hashes) counts.set(h, (counts.get(h) ?? 0) + 1);
  let norm = 0;
  for (const c of counts.values()) norm += c * c;
  const k = scale / Math.sqrt(norm);
  for (const [h, c] of counts) acc.set(h, (acc.get(h) ?? 0) + c * k);
}

function textHashes(norm: string, cfg: FeatureConfig, nsChar: number, nsWord: number, out: number[]): void {
  const mask = cfg.dim - 1;
  const padded = ` ${norm} `;
  for (let i = 0; i < padded.length; i++) {
    let h = nsChar;
    for (let j = i; j < padded.length && j - i < cfg.charMax; j++) {
      h ^= padded.charCodeAt(j);
      h = Math.imul(h, FNV_PRIME);
      if (j - i + 1 >= cfg.charMin) out.push((h >>> 0) & mask);
    }
  }
  if (!cfg.words) return;
  const words = norm.split(' ');
  for (let i = 0; i < words.length; i++) {
    out.push(hashString(nsWord, words[i]!) & mask);
    if (cfg.bigrams && i + 1 < words.length) out.push(hashString(NS_BIGRAM, `${words[i]} ${words[i + 1]}`) & mask);
  }
}

/** The text the model reads: normalised, soft signs dropped, digits dropped. */
export function modelText(text: string): string {
  return dropSoftSigns(normalizeForMatching(text.slice(0, MAX_CHARS))).replace(/\p{N}+/gu, ' ').replace(/\s+/g, ' ').trim();
}

export function featurize(text: string, cfg: FeatureConfig, ruleSignals: readonly string[] = []): SparseVector {
  const norm = modelText(text);
  const acc = new Map<number, number>();
  const hashes: number[] = [];
  if (norm) textHashes(norm, cfg, NS_CHAR, NS_WORD, hashes);
  addGroup(acc, hashes, 1);
  if (cfg.translit && /[a-z]{2}/.test(norm)) {
    const t = russianReading(norm);
    if (t !== norm) {
      const th: number[] = [];
      textHashes(t, cfg, NS_TCHAR, NS_TWORD, th);
      addGroup(acc, th, 0.5);
    }
  }
  if (cfg.rules) {
    const mask = cfg.dim - 1;
    // Rule ids, boosters and blockers; "any rule fired" and "nothing fired" as their own features.
    const rh = ruleSignals.map((s) => hashString(NS_RULE, s) & mask);
    rh.push(hashString(NS_RULE, ruleSignals.length ? '#fired' : '#none') & mask);
    for (const h of rh) acc.set(h, (acc.get(h) ?? 0) + 1 / Math.sqrt(rh.length));
  }
  const idx = new Int32Array(acc.size);
  const val = new Float32Array(acc.size);
  let k = 0;
  for (const [h, v] of acc) { idx[k] = h; val[k] = v; k++; }
  return { idx, val };
}
