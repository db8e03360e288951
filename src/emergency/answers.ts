import { normalizeForMatching, transliterate } from './normalize.ts';

/**
 * What a client's free text says in answer to the overdose flow's questions, while an emergency
 * is under way: the person is breathing, is not breathing, has woken up, or help has arrived.
 * Pure and synchronous: the responder decides on it the moment a message arrives.
 */
export const EMERGENCY_ANSWERS = ['breathing', 'not_breathing', 'recovered', 'help_arrived'] as const;
export type EmergencyAnswer = (typeof EMERGENCY_ANSWERS)[number];

/** JavaScript's \\b knows only ASCII letters: a word boundary for any script. */
const B = String.raw`(?:(?<=[\p{L}\p{N}])(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])(?=[\p{L}\p{N}]))`;
const w = (re: RegExp | string): RegExp => new RegExp((typeof re === 'string' ? re : re.source).replaceAll(String.raw`\b`, B), 'u');

// Russian, on normalised text (lower case, ё → е, punctuation gone) with Latin-only words
// transliterated ("skoraya priehala" → "скорая приехала").
const RU = {
  notBreathing: [/\bне (?:за)?дыш\p{L}*/u, /\bперестал[аи]? дышать\b/u, /\bбез дыхания\b/u, /\bдыхани[ея] (?:нет|пропало|остановилось)\b/u, /\bнет дыхания\b/u],
  // "Breathing, but badly" is not an all-clear: no answer, the detector and the workers read it.
  poorly: /\b(?:еле|плохо|слабо|тяжело|редко|едва|с трудом|хрип\p{L}*|булька\p{L}*|сип\p{L}*)\b/u,
  breathing: [/\bзадыш(?:ал|ала|али|ит|ат)\b/u, /\bдыш(?:ит|ат|ет)\b/u, /\bдыхание (?:есть|появилось|вернулось|восстановилось)\b/u, /\bесть дыхание\b/u],
  recovered: [
    /\bочнул(?:ся|ась|ись|ся уже)\b/u,
    /\bприш(?:ел|ла|ли) (?:в|v) себя\b/u,
    /\bпроснул(?:ся|ась|ись)\b/u,
    /\bв сознании\b/u,
    /\bоткрыл[аи]? глаза\b/u,
    /\bоклемал(?:ся|ась|ись)\b/u,
    /\bочухал(?:ся|ась|ись)\b/u,
    /\bзаговорил[аи]?\b/u,
  ],
  helpers: String.raw`(?:скор\p{L}*|врач\p{L}*|медик\p{L}*|фельдшер\p{L}*|бригад\p{L}*|помощь|реанимаци\p{L}*|неотложк\p{L}*|мчс)`,
  arrived: String.raw`(?:приехал\p{L}*|прибыл\p{L}*|пришл\p{L}*|подъехал\p{L}*|на месте|тут|здесь|зашл\p{L}*|забрал\p{L}*|увезл\p{L}*|откачивают|откачали|работают)`,
  takenAway: /\b(?:забрали|увезли) (?:в больниц\p{L}*|в реанимаци\p{L}*|на скорой)\b/u,
  negation: /(?:^|\s)(?:не|нет|ни|ещ[её] не|пока не|когда|ждем|ждём|едет|едут|нуж\p{L}*|вызыва\p{L}*|вызвать|вызовите)(?:\s|$)/u,
};

// English, on normalised text (apostrophes dropped: "she's" → "shes").
const EN = {
  notBreathing: [/\b(?:not|isnt|aint|stopped|stops|no longer|no) breath(?:ing|in)\b/, /\bcant breathe\b/, /\bnot breathing\b/],
  poorly: /\b(?:barely|hardly|weakly|slowly|struggling|gasping|gurgl\w*|snor\w*|shallow|badly)\b/,
  breathing: [
    /\b(?:is|s|are|re|hes|shes|theyre|started|starting|began|now|again) breath(?:ing|in)\b/,
    /\bbreathing (?:again|now|on (?:his|her|their) own|normally|fine|ok|okay)\b/,
    /\b(?:he|she|they) (?:breathes|breathe)\b/,
  ],
  recovered: [
    /\b(?:woke|woken|waking) up\b/,
    /\b(?:is|s|hes|shes|theyre|are|re) (?:awake|conscious|responsive|talking)\b/,
    /\bawake now\b/,
    /\b(?:came|come|coming) (?:to|round|around)\b/,
    /\bregained consciousness\b/,
    /\bopened (?:his|her|their) eyes\b/,
  ],
  helpers: String.raw`(?:ambulance|ambulances|paramedics?|medics?|ems|emts?|doctors?|help|the ambos?|firefighters?)`,
  arrived: String.raw`(?:here|arrived|came|got here|showed up|on scene|took (?:him|her|them))`,
  takenAway: /\b(?:took|taken) (?:him|her|them) to (?:the )?hospital\b/,
  negation: /\b(?:not|no|never|isnt|hasnt|havent|didnt|wont|cant|arent|still|waiting|when|yet|need|call|calling)\b/,
};

function within(re: RegExp, text: string, negation: RegExp, lookBehind = 14): boolean {
  const g = new RegExp(w(re).source, 'gu');
  for (const m of text.matchAll(g)) {
    const before = text.slice(Math.max(0, m.index - lookBehind), m.index);
    if (!negation.test(` ${before} `) && !negation.test(` ${m[0]} `)) return true;
  }
  return false;
}

/** "скорая приехала", "приехали врачи", "врачи уже тут" — either order, a few words apart, not negated. */
function helpArrived(text: string, lang: typeof RU | typeof EN): boolean {
  const gap = String.raw`(?:\s+\S+){0,3}?\s+`;
  const pairs = [w(String.raw`\b${lang.helpers}${gap}${lang.arrived}\b`), w(String.raw`\b${lang.arrived}${gap}${lang.helpers}\b`)];
  return pairs.some((re) => within(re, text, lang.negation)) || within(lang.takenAway, text, lang.negation);
}

function readAs(text: string, lang: typeof RU | typeof EN, negation: RegExp): EmergencyAnswer | undefined {
  if (helpArrived(text, lang)) return 'help_arrived';
  if (lang.notBreathing.some((re) => w(re).test(text))) return 'not_breathing';
  const aboutBreathing = lang === RU ? /дыш|дыхани/u : /breath/;
  if (aboutBreathing.test(text) && w(lang.poorly).test(text)) return undefined;
  if (lang.recovered.some((re) => within(re, text, negation, 8))) return 'recovered';
  if (lang.breathing.some((re) => within(re, text, negation, 8))) return 'breathing';
  return undefined;
}

const PRIORITY: readonly EmergencyAnswer[] = ['help_arrived', 'not_breathing', 'recovered', 'breathing'];

// Before a verb, only a plain negation counts ("не очнулся", "didn't wake up"), not "когда" or "need".
const RU_NOT = /(?:^|\s)(?:не|ни|нет)(?:\s|$)/u;
const EN_NOT = /\b(?:not|never|didnt|isnt|hasnt|wont|cant|arent|wasnt|no)\b/;

/**
 * The answer a message gives, or undefined when it gives none (or is a question, or says the
 * person breathes badly). The order settles mixed messages: help arriving ends the follow-ups
 * whatever else is said; "not breathing" outranks "woke up"; "woke up" outranks "breathing".
 */
export function classifyAnswer(text: string): EmergencyAnswer | undefined {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > 300) return undefined;
  // "Is he breathing?" asks, it does not answer.
  if (/\?\s*$/.test(trimmed)) return undefined;
  const normalized = normalizeForMatching(trimmed);
  const en = readAs(normalized, EN, EN_NOT);
  const ru = readAs(transliterate(normalized), RU, RU_NOT);
  return PRIORITY.find((a) => a === en || a === ru);
}
