import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TAXONOMY } from '../../domain/taxonomy.ts';
import { calibrate, parseCases, score, type LabelledCase, type Suggester } from './evaluate.ts';

const here = dirname(fileURLToPath(import.meta.url));

const tiny: LabelledCase[] = [
  { id: 'a', lang: 'ru', messages: ['x'], articles: [], emergency: false, needs: ['overdose'] },
  { id: 'b', lang: 'ru', messages: ['x'], articles: [], emergency: false, needs: ['overdose', 'hr_services'] },
  { id: 'c', lang: 'ru', messages: ['x'], articles: [], emergency: false, needs: [] },
  { id: 'd', lang: 'ru', messages: ['x'], articles: [], emergency: false, needs: ['hr_services'] },
];
const proposals: Record<string, { confident: string[]; hints: string[] }> = {
  a: { confident: ['overdose'], hints: [] }, // TP overdose
  b: { confident: ['overdose', 'psychological_support'], hints: ['hr_services'] }, // TP overdose, FP psych, FN hr (hinted)
  c: { confident: ['overdose'], hints: ['hr_services'] }, // FP overdose; a wrong hint costs nothing
  d: { confident: [], hints: [] }, // FN hr
};
const fixed: Suggester = (c) => proposals[c.id]!;

describe('the needs evaluation scorer', () => {
  it('counts pre-ticks against the gold sets, per need and overall', () => {
    const r = score(tiny, fixed);
    expect(r.cases).toBe(4);
    expect(r.perNeed.get('overdose')).toMatchObject({ gold: 2, tp: 2, fp: 1, fn: 0, recall: 1, recallWithHints: 1 });
    expect(r.perNeed.get('overdose')!.precision).toBeCloseTo(2 / 3);
    expect(r.perNeed.get('hr_services')).toMatchObject({ gold: 2, tp: 0, fp: 0, fn: 2, precision: 1, recall: 0, recallWithHints: 0.5 });
    expect(r.perNeed.get('psychological_support')).toMatchObject({ gold: 0, tp: 0, fp: 1, fn: 0, precision: 0, recall: 1 });
    // micro: TP 2, FP 2, FN 2 (one of them hinted)
    expect(r.micro).toMatchObject({ gold: 4, tp: 2, fp: 2, fn: 2, precision: 0.5, recall: 0.5, recallWithHints: 0.75 });
    expect(r.errors).toEqual([
      { id: 'b', wrong: ['psychological_support'], missed: ['hr_services'], hinted: ['hr_services'] },
      { id: 'c', wrong: ['overdose'], missed: [], hinted: [] },
      { id: 'd', wrong: [], missed: ['hr_services'], hinted: [] },
    ]);
  });

  it('reports the needs asked for, in their order, even those never met', () => {
    const r = score(tiny, fixed, ['hr_services', 'pandemic_information', 'overdose']);
    expect([...r.perNeed.keys()]).toEqual(['hr_services', 'pandemic_information', 'overdose']);
    expect(r.perNeed.get('pandemic_information')).toMatchObject({ gold: 0, tp: 0, fp: 0, precision: 1, recall: 1 });
    // psychological_support is left out of the table and of the micro figures.
    expect(r.micro).toMatchObject({ tp: 2, fp: 1, fn: 2 });
  });

  it('a perfect suggester scores 1 everywhere', () => {
    const r = score(tiny, (c) => ({ confident: c.needs, hints: [] }));
    expect(r.micro).toMatchObject({ precision: 1, recall: 1 });
    expect(r.errors).toEqual([]);
  });

  it('reads the labelled files, and refuses a malformed row', () => {
    const dev = parseCases(readFileSync(join(here, 'dev.jsonl'), 'utf8'));
    const holdout = parseCases(readFileSync(join(here, 'holdout.jsonl'), 'utf8'));
    expect(dev.length + holdout.length).toBeGreaterThanOrEqual(150);
    const codes = new Set(DEFAULT_TAXONOMY.needs.map((n) => n.code));
    const slugs = new Set(['abscess-and-wounds', 'art-aids-centre', 'hiv-hcv-testing', 'hiv-hcv-transmission', 'home-detox-risks', 'naloxone', 'overdose-response', 'prep', 'sedatives-alcohol-mix', 'services', 'stimulant-overdose', 'vein-care']);
    const ids = new Set<string>();
    for (const c of [...dev, ...holdout]) {
      expect(ids.has(c.id), c.id).toBe(false);
      ids.add(c.id);
      expect(c.messages.length, c.id).toBeLessThanOrEqual(6);
      for (const n of c.needs) expect(codes.has(n), `${c.id}: ${n}`).toBe(true);
      for (const a of c.articles) expect(slugs.has(a), `${c.id}: ${a}`).toBe(true);
      if (c.emergency) expect(c.needs, c.id).toContain('overdose');
    }
    expect(() => parseCases('{"id":"x","messages":[],"needs":[]}')).toThrow(/messages/);
    expect(() => parseCases('{"id":"x","messages":["a"]}')).toThrow(/needs/);
  });

  it('calibrates: the lowest score, not below the floor, from which suggestions are precise enough', () => {
    const cases: LabelledCase[] = [
      { id: '1', lang: 'ru', messages: ['где взять налоксон?'], articles: [], emergency: false, needs: ['hr_services'] },
      { id: '2', lang: 'ru', messages: ['он не дышит'], articles: [], emergency: true, needs: ['overdose'] },
      { id: '3', lang: 'ru', messages: ['спасибо'], articles: ['naloxone'], emergency: false, needs: [] },
    ];
    const [overdose] = calibrate(cases, { needsOf: (slug) => (slug === 'naloxone' ? ['overdose'] : []) }, ['overdose'], 0.9, 2);
    // The article alone scores 1 (wrong), the emergency well above 2 (right).
    expect(overdose!.steps[0]).toMatchObject({ from: 1, suggested: 2, precision: 0.5 });
    expect(overdose!.pretickAt).toBe(2);
  });
});
