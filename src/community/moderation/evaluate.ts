/**
 * Measures the moderation rules on a labelled JSONL file.
 *
 *   npx tsx src/community/moderation/evaluate.ts [file.jsonl]      (npm run eval:moderation)
 *
 * Default file: `labelled/eval.jsonl` (the held-out set, written by someone else; tune only on
 * `labelled/dev.jsonl`). One row per line:
 *   {"id":"dev-ru-001","lang":"ru"|"en","text":"…","label":"ok"|"insult"|…,"note":"…"}
 * Prints, per rule, TP/FP/FN with precision and recall; overall removal precision and recall (any
 * rule vs ok); and every error (id, expected, got, why). Goal: precision ≥ 0.97 and recall ≥ 0.9
 * per rule (`GOALS`); exit code 1 when a rule with examples misses it.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { moderate, RULES, type ModerationRule } from './rules.ts';

export const GOALS = { minPrecision: 0.97, minRecall: 0.9 } as const;

export type Label = ModerationRule | 'ok';

export interface LabelledRow {
  id: string;
  lang: 'ru' | 'en';
  text: string;
  label: Label;
  note?: string;
  /** Optional inputs of `moderate`. */
  hasLink?: boolean;
  forwardedFromChat?: boolean;
  allowedNumbers?: string[];
}

export interface RuleFigures {
  tp: number;
  fp: number;
  fn: number;
  /** TP / (TP + FP); 1 when the rule removed nothing. */
  precision: number;
  /** TP / (TP + FN); 1 when there was nothing to remove. */
  recall: number;
}

export interface ModerationError {
  id: string;
  expected: Label;
  got: Label;
  why?: string;
  text: string;
}

export interface ModerationFigures {
  count: number;
  perRule: Record<ModerationRule, RuleFigures>;
  /** Any removal vs ok, whatever the rule. */
  removal: RuleFigures;
  /** Share of rows whose label was matched exactly. */
  accuracy: number;
  errors: ModerationError[];
}

const LABELS: readonly Label[] = ['ok', ...RULES];

export function parseJsonl(content: string, source = 'input'): LabelledRow[] {
  const rows: LabelledRow[] = [];
  content.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const row = JSON.parse(line) as Partial<LabelledRow>;
    if (typeof row.text !== 'string' || !LABELS.includes(row.label as Label)) {
      throw new Error(`${source}:${i + 1}: needs "text" (string) and "label" (one of ${LABELS.join(', ')})`);
    }
    rows.push({ ...row, id: row.id ?? `${source}:${i + 1}`, lang: row.lang === 'en' ? 'en' : 'ru', text: row.text, label: row.label as Label });
  });
  return rows;
}

function figures(tp: number, fp: number, fn: number): RuleFigures {
  return { tp, fp, fn, precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn) };
}

export function evaluateModeration(rows: readonly LabelledRow[]): ModerationFigures {
  const counts = Object.fromEntries(RULES.map((r) => [r, { tp: 0, fp: 0, fn: 0 }])) as Record<ModerationRule, { tp: number; fp: number; fn: number }>;
  const removal = { tp: 0, fp: 0, fn: 0 };
  const errors: ModerationError[] = [];
  let correct = 0;
  for (const row of rows) {
    const verdict = moderate({ text: row.text, hasLink: row.hasLink, forwardedFromChat: row.forwardedFromChat, allowedNumbers: row.allowedNumbers });
    const got: Label = verdict?.rule ?? 'ok';
    if (got === row.label) correct++;
    else errors.push({ id: row.id, expected: row.label, got, why: verdict?.why, text: row.text });
    if (got !== 'ok' && got === row.label) counts[got].tp++;
    if (got !== 'ok' && got !== row.label) counts[got].fp++;
    if (row.label !== 'ok' && got !== row.label) counts[row.label].fn++;
    if (got !== 'ok' && row.label !== 'ok') removal.tp++;
    if (got !== 'ok' && row.label === 'ok') removal.fp++;
    if (got === 'ok' && row.label !== 'ok') removal.fn++;
  }
  const perRule = Object.fromEntries(RULES.map((r) => [r, figures(counts[r].tp, counts[r].fp, counts[r].fn)])) as Record<ModerationRule, RuleFigures>;
  return { count: rows.length, perRule, removal: figures(removal.tp, removal.fp, removal.fn), accuracy: rows.length ? correct / rows.length : 1, errors };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function formatFigures(f: ModerationFigures): string {
  const lines: string[] = [];
  lines.push(`${f.count} messages, ${pct(f.accuracy)} labelled exactly`);
  lines.push('rule            TP   FP   FN   precision  recall');
  for (const r of RULES) {
    const x = f.perRule[r];
    lines.push(`${r.padEnd(14)} ${String(x.tp).padStart(4)} ${String(x.fp).padStart(4)} ${String(x.fn).padStart(4)}   ${pct(x.precision).padStart(8)}  ${pct(x.recall).padStart(6)}`);
  }
  const x = f.removal;
  lines.push(`${'any removal'.padEnd(14)} ${String(x.tp).padStart(4)} ${String(x.fp).padStart(4)} ${String(x.fn).padStart(4)}   ${pct(x.precision).padStart(8)}  ${pct(x.recall).padStart(6)}`);
  if (f.errors.length) {
    lines.push('', `errors (${f.errors.length}):`);
    for (const e of f.errors) lines.push(`  ${e.id}  expected ${e.expected}, got ${e.got}${e.why ? ` (${e.why})` : ''}: ${e.text}`);
  }
  return lines.join('\n');
}

function main(): void {
  const here = dirname(fileURLToPath(import.meta.url));
  const file = resolve(process.argv[2] ?? join(here, 'labelled', 'eval.jsonl'));
  const rows = parseJsonl(readFileSync(file, 'utf8'), file);
  const f = evaluateModeration(rows);
  console.log(formatFigures(f));
  const missed = RULES.filter((r) => {
    const x = f.perRule[r];
    return x.tp + x.fn + x.fp > 0 && (x.precision < GOALS.minPrecision || x.recall < GOALS.minRecall);
  });
  if (missed.length) {
    console.log(`\ngoals (precision ≥ ${GOALS.minPrecision}, recall ≥ ${GOALS.minRecall}) missed by: ${missed.join(', ')}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
