/**
 * Measures the needs the closing form suggests, on the labelled cases of `LABELS.md`.
 *
 *   npx tsx src/cases/needs/evaluate.ts [--split dev|holdout] [--legacy] [--errors]      (npm run eval:needs)
 *
 * For each split (both unless `--split`), prints per need and overall (micro) the precision and
 * recall of the pre-ticked suggestions, and the recall when the hints (shown unticked) are counted
 * too. `--legacy` measures the suggestions as they were before issue 12 (the emergency flag, every
 * need of every article sent, and every need of the articles the client's words match);
 * `--errors` lists each case's wrong and missed pre-ticks.
 *
 *   npx tsx src/cases/needs/evaluate.ts --calibrate
 *
 * On `dev.jsonl` only: for each need, the precision of its suggestions from each score up, and the
 * lowest score (not below `MIN_PRETICK`) whose precision reaches `PRECISION_BAR`: what `PRETICK_AT`
 * in `rules.ts` should say.
 *
 * The suggestions are computed the way `suggestDraft` computes them, over the default content
 * pack (as if every article in it were verified).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locale } from '../../config.ts';
import { DEFAULT_TAXONOMY } from '../../domain/taxonomy.ts';
import { OVERDOSE_FLOW_SLUG, readPack } from '../../content/pack.ts';
import { matchArticles, type ArticleCandidate } from '../../content/search.ts';
import { MIN_PRETICK, PRECISION_BAR, PRETICK_AT, scoreNeeds, suggestNeeds } from './rules.ts';

export interface LabelledCase {
  id: string;
  lang: 'ru' | 'en';
  messages: string[];
  articles: string[];
  emergency: boolean;
  needs: string[];
  note?: string;
}

/** What a suggester proposes for one case: pre-ticked needs, and hints shown unticked. */
export interface Proposal {
  confident: string[];
  hints: string[];
}

export type Suggester = (c: LabelledCase) => Proposal;

export interface Figures {
  /** Cases with the need in their gold labels. */
  gold: number;
  tp: number;
  fp: number;
  fn: number;
  /** TP / (TP + FP); 1 when nothing was suggested. */
  precision: number;
  /** TP / (TP + FN); 1 when there was nothing to find. */
  recall: number;
  /** Recall when hints count as found too. */
  recallWithHints: number;
}

export interface CaseError {
  id: string;
  wrong: string[];
  missed: string[];
  hinted: string[];
}

export interface Report {
  cases: number;
  perNeed: Map<string, Figures>;
  micro: Figures;
  errors: CaseError[];
}

const LOCALE_OF = (v: unknown): 'ru' | 'en' => (v === 'en' ? 'en' : 'ru');

export function parseCases(content: string, source = 'input'): LabelledCase[] {
  const out: LabelledCase[] = [];
  content.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const row = JSON.parse(line) as Partial<LabelledCase>;
    const where = `${source}:${i + 1}`;
    if (typeof row.id !== 'string') throw new Error(`${where}: needs "id"`);
    if (!Array.isArray(row.messages) || row.messages.length === 0 || !row.messages.every((m) => typeof m === 'string')) throw new Error(`${where}: needs "messages" (1 or more strings)`);
    if (!Array.isArray(row.needs)) throw new Error(`${where}: needs "needs" (an array of codes)`);
    out.push({ id: row.id, lang: LOCALE_OF(row.lang), messages: row.messages, articles: row.articles ?? [], emergency: row.emergency === true, needs: row.needs, ...(row.note ? { note: row.note } : {}) });
  });
  return out;
}

function figures(tp: number, fp: number, fn: number, hinted: number): Figures {
  return {
    gold: tp + fn,
    tp,
    fp,
    fn,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    recallWithHints: tp + fn === 0 ? 1 : (tp + hinted) / (tp + fn),
  };
}

/**
 * Scores a suggester on labelled cases: each case's pre-ticked needs against its gold set. A
 * need both pre-ticked and hinted counts as pre-ticked. `needs` lists the codes reported (every
 * code met otherwise, in the order met).
 */
export function score(cases: LabelledCase[], suggest: Suggester, needs?: readonly string[]): Report {
  const counts = new Map<string, { tp: number; fp: number; fn: number; hinted: number }>();
  const count = (n: string) => {
    let c = counts.get(n);
    if (!c) counts.set(n, (c = { tp: 0, fp: 0, fn: 0, hinted: 0 }));
    return c;
  };
  for (const n of needs ?? []) count(n);
  const errors: CaseError[] = [];
  for (const c of cases) {
    const p = suggest(c);
    const ticked = new Set(p.confident);
    const hints = new Set(p.hints.filter((h) => !ticked.has(h)));
    const gold = new Set(c.needs);
    const wrong: string[] = [];
    const missed: string[] = [];
    const hinted: string[] = [];
    for (const n of ticked) {
      if (gold.has(n)) count(n).tp++;
      else (count(n).fp++, wrong.push(n));
    }
    for (const n of gold) {
      if (ticked.has(n)) continue;
      count(n).fn++;
      missed.push(n);
      if (hints.has(n)) (count(n).hinted++, hinted.push(n));
    }
    if (wrong.length > 0 || missed.length > 0) errors.push({ id: c.id, wrong, missed, hinted });
  }
  const perNeed = new Map<string, Figures>();
  let tp = 0, fp = 0, fn = 0, hinted = 0;
  for (const [n, c] of counts) {
    if (needs && !needs.includes(n)) continue;
    perNeed.set(n, figures(c.tp, c.fp, c.fn, c.hinted));
    tp += c.tp;
    fp += c.fp;
    fn += c.fn;
    hinted += c.hinted;
  }
  return { cases: cases.length, perNeed, micro: figures(tp, fp, fn, hinted), errors };
}

// ---------------------------------------------------------------------------------------------
// The suggesters
// ---------------------------------------------------------------------------------------------

interface Pack {
  candidates: Map<Locale, ArticleCandidate[]>;
  needsOf(slug: string): string[];
}

/** The default pack as the content library holds it (the overdose flow is not an article). */
export function loadPack(): Pack {
  const entries = readPack().filter((e) => e.slug !== OVERDOSE_FLOW_SLUG);
  const candidates = new Map<Locale, ArticleCandidate[]>();
  for (const e of entries) {
    const list = candidates.get(e.locale) ?? [];
    list.push({ slug: e.slug, locale: e.locale, title: e.title, keywords: e.keywords, needs: e.needs });
    candidates.set(e.locale, list);
  }
  return {
    candidates,
    needsOf: (slug) => entries.filter((e) => e.slug === slug).flatMap((e) => e.needs),
  };
}

const LOCALES: Locale[] = ['ru', 'en'];

/** `ContentLibrary.needsOfText` over the pack: the needs of the articles the text matches, in both languages. */
export function packNeedsOfText(pack: Pack, text: string): string[] {
  return LOCALES.flatMap((l) => matchArticles(text, pack.candidates.get(l) ?? [], l).flatMap((m) => pack.needsOf(m.slug)));
}

const KNOWN = new Set(DEFAULT_TAXONOMY.needs.map((n) => n.code));

/** The suggestions before issue 12: everything pre-ticked, nothing a hint. */
export function legacySuggester(pack: Pack): Suggester {
  return (c) => {
    const needs = new Set<string>();
    if (c.emergency) needs.add('overdose');
    for (const slug of c.articles) for (const n of pack.needsOf(slug)) needs.add(n);
    for (const m of c.messages) for (const n of packNeedsOfText(pack, m)) needs.add(n);
    return { confident: [...needs].filter((n) => KNOWN.has(n)), hints: [] };
  };
}

/** The suggestions of `rules.ts`, as `suggestDraft` makes them. */
export function rulesSuggester(pack: Pick<Pack, 'needsOf'>, pretickAt: Readonly<Record<string, number>> = PRETICK_AT): Suggester {
  return (c) => {
    const s = suggestNeeds({ messages: c.messages, articleNeeds: c.articles.map((slug) => pack.needsOf(slug)), emergency: c.emergency }, KNOWN, pretickAt);
    return { confident: s.confident, hints: s.hints };
  };
}

export interface Calibration {
  need: string;
  /** Precision and count of the suggestions whose score is at least `from`, for each score met. */
  steps: { from: number; suggested: number; precision: number; recall: number }[];
  /** The lowest score, not below the floor, whose suggestions from there up are at least `bar` precise; Infinity when none. */
  pretickAt: number;
}

/** For each need: how precise its suggestions are from each score up, and where to pre-tick. */
export function calibrate(cases: LabelledCase[], pack: Pick<Pack, 'needsOf'>, needs: readonly string[], bar = PRECISION_BAR, floor = MIN_PRETICK): Calibration[] {
  const scored = cases.map((c) => ({ gold: new Set(c.needs), scores: scoreNeeds({ messages: c.messages, articleNeeds: c.articles.map((slug) => pack.needsOf(slug)), emergency: c.emergency }) }));
  return needs.map((need) => {
    const points = scored.flatMap((c) => c.scores.filter((s) => s.need === need).map((s) => ({ score: s.score, right: c.gold.has(need) })));
    const gold = scored.filter((c) => c.gold.has(need)).length;
    const levels = [...new Set([floor, ...points.map((p) => p.score)])].sort((a, b) => a - b);
    const steps = levels.map((from) => {
      const above = points.filter((p) => p.score >= from);
      const right = above.filter((p) => p.right).length;
      return { from, suggested: above.length, precision: above.length === 0 ? 0 : right / above.length, recall: gold === 0 ? 1 : right / gold };
    });
    // Pre-ticking from a level pre-ticks every suggestion at or above it: the lowest level (not below the floor) whose suggestions from there up are precise enough.
    const first = steps.find((s) => s.from >= floor && s.precision >= bar);
    return { need, steps, pretickAt: first ? Math.max(first.from, floor) : Infinity };
  });
}

// ---------------------------------------------------------------------------------------------
// Printing
// ---------------------------------------------------------------------------------------------

const f2 = (x: number) => x.toFixed(2);

export function formatReport(title: string, r: Report): string {
  const rows = [...r.perNeed].map(([n, f]) => `  ${n.padEnd(31)} ${String(f.gold).padStart(4)} ${String(f.tp).padStart(4)} ${String(f.fp).padStart(4)} ${String(f.fn).padStart(4)}   ${f2(f.precision)}  ${f2(f.recall)}   ${f2(f.recallWithHints)}`);
  const m = r.micro;
  return [
    `${title} — ${r.cases} cases`,
    `  ${'need'.padEnd(31)} gold   TP   FP   FN   prec  recall  recall+hints`,
    ...rows,
    `  ${'overall (micro)'.padEnd(31)} ${String(m.gold).padStart(4)} ${String(m.tp).padStart(4)} ${String(m.fp).padStart(4)} ${String(m.fn).padStart(4)}   ${f2(m.precision)}  ${f2(m.recall)}   ${f2(m.recallWithHints)}`,
  ].join('\n');
}

function main(argv: string[]): number {
  const here = dirname(fileURLToPath(import.meta.url));
  const splitAt = argv.indexOf('--split');
  const only = splitAt >= 0 ? argv[splitAt + 1] : undefined;
  const splits = (only ? [only] : ['dev', 'holdout']).map((s) => ({ name: s, cases: parseCases(readFileSync(join(here, `${s}.jsonl`), 'utf8'), `${s}.jsonl`) }));
  const pack = loadPack();
  const legacy = argv.includes('--legacy');
  const suggest = legacy ? legacySuggester(pack) : rulesSuggester(pack);
  const codes = DEFAULT_TAXONOMY.needs.map((n) => n.code);
  if (argv.includes('--calibrate')) {
    const dev = parseCases(readFileSync(join(here, 'dev.jsonl'), 'utf8'), 'dev.jsonl');
    console.log(`calibration on dev (${dev.length} cases), bar ${PRECISION_BAR}: precision (suggested) from each score up`);
    for (const c of calibrate(dev, pack, codes)) {
      const steps = c.steps.map((s) => `≥${s.from}: ${f2(s.precision)} (${s.suggested})`).join('  ');
      console.log(`  ${c.need.padEnd(31)} pre-tick at ${String(c.pretickAt).padEnd(8)} in force ${String(PRETICK_AT[c.need] ?? Infinity).padEnd(8)} ${steps}`);
    }
    return 0;
  }
  for (const s of splits) {
    const r = score(s.cases, suggest, codes);
    console.log(formatReport(`${legacy ? 'before issue 12' : 'suggestions'}, ${s.name}`, r));
    if (argv.includes('--errors')) {
      const byId = new Map(s.cases.map((c) => [c.id, c]));
      for (const e of r.errors) {
        const c = byId.get(e.id)!;
        console.log(`  ${e.id}${e.wrong.length ? `  wrong: ${e.wrong.join(', ')}` : ''}${e.missed.length ? `  missed: ${e.missed.join(', ')}` : ''}${e.hinted.length ? ` (hinted: ${e.hinted.join(', ')})` : ''}\n      ${c.messages.join(' / ').slice(0, 200)}`);
      }
    }
    console.log('');
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
