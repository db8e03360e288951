import { readFileSync } from 'node:fs';
import { moderate } from '../src/community/moderation/rules.ts';
import { detectEmergency } from '../src/emergency/detect.ts';

/**
 * What the community chat's moderation costs per message, beside the overdose detection every
 * chat message also goes through (the baseline): the labelled chat messages of the development
 * sets as they come, and adversarial 4,000-character texts (masks, look-alikes, digits).
 */
export function benchModeration(opts: { rounds: number }): { baselineUs: number; moderationUs: number; adversarialUs: number; adversarialBaselineUs: number } {
  const set = (name: string) =>
    readFileSync(new URL(`../src/community/moderation/labelled/${name}`, import.meta.url), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { text: string }).text);
  const texts = [...set('dev.jsonl'), ...set('eval.jsonl')];
  const adversarial = ['с*ка т.у.п.о.й 8 9l2 000 ', 'пр0д@м м е ф @shop_000 ', 'ты д е б и л 🤡 +7 (912) 000-11-22 ', 'а'.repeat(40) + ' '].map((p) => p.repeat(Math.ceil(4000 / p.length)).slice(0, 4000));
  const perMessage = (samples: string[], rounds: number, fn: (s: string) => unknown) => {
    for (const s of samples) fn(s); // warm up
    const t0 = performance.now();
    for (let i = 0; i < rounds; i++) fn(samples[i % samples.length]!);
    return ((performance.now() - t0) / rounds) * 1000;
  };
  return {
    baselineUs: perMessage(texts, opts.rounds, (s) => detectEmergency(s)),
    moderationUs: perMessage(texts, opts.rounds, (s) => moderate({ text: s })),
    adversarialBaselineUs: perMessage(adversarial, 200, (s) => detectEmergency(s)),
    adversarialUs: perMessage(adversarial, 200, (s) => moderate({ text: s })),
  };
}
