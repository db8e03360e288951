import { detectByRules, detectEmergency } from '../src/emergency/detect.ts';
import { emergencyProbability } from '../src/emergency/model.ts';

/**
 * What overdose detection costs per message, on the arrival path of every private message:
 * the rules, the learned model, and both together as the bot runs them, against a baseline of
 * lower-casing and splitting the same text (the least any reading of a message does).
 */
export function benchDetection(opts: { rounds: number }): { baselineUs: number; rulesUs: number; modelUs: number; bothUs: number; longestUs: number } {
  const long = 'мне очень плохо сердце колотится после мефа кажется передоз '.repeat(20);
  const samples = ['мой друг не дышит', 'how to avoid an overdose', long, 'где взять налоксон', 'he wont wake up', 'what is serotonin syndrome', 'x'.repeat(4000)];
  const perMessage = (fn: (s: string) => unknown) => {
    for (const s of samples) fn(s); // warm up
    const t0 = performance.now();
    for (let i = 0; i < opts.rounds; i++) fn(samples[i % samples.length]!);
    return ((performance.now() - t0) / opts.rounds) * 1000;
  };
  const longest = () => {
    const t0 = performance.now();
    for (let i = 0; i < 50; i++) detectEmergency('x'.repeat(4000));
    return ((performance.now() - t0) / 50) * 1000;
  };
  return {
    baselineUs: perMessage((s) => s.toLowerCase().split(/\s+/)),
    rulesUs: perMessage((s) => detectByRules(s)),
    modelUs: perMessage((s) => emergencyProbability(s)),
    bothUs: perMessage((s) => detectEmergency(s)),
    longestUs: longest(),
  };
}
