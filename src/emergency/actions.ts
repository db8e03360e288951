import type { Update } from 'grammy/types';
import type { EmergencyAnswer } from './answers.ts';
import { detectEmergency } from './detect.ts';

export const SUBSTANCES = ['opioids', 'stimulants', 'sedatives', 'mix', 'unknown'] as const;
export type Substance = (typeof SUBSTANCES)[number];

/** What the overdose flow must do for an update, decided without any I/O. */
export type EmergencyAction =
  /**
   * The full reply and the flow's questions. `repeat`: an emergency is already under way for this
   * person (see EmergencyMemory) and they described it again: the first reply again, no new questions.
   */
  | { kind: 'start'; trigger: 'text' | 'command' | 'menu'; signals: string[]; repeat?: boolean }
  /** Only the learned model saw an emergency: the client is asked, with the emergency number and one tap to the full steps. */
  | { kind: 'possible'; signals: string[] }
  | { kind: 'fine' }
  | { kind: 'substance'; substance: Substance }
  | { kind: 'breathing'; breathing: boolean }
  | { kind: 'arrived'; arrived: boolean }
  | { kind: 'law' }
  | { kind: 'doctor' }
  /** Free text that answers the flow while an emergency is under way ("она дышит", "скорая приехала"). */
  | { kind: 'answer'; answer: EmergencyAnswer };

/** Callback data of the flow's buttons (≤ 64 bytes, as Telegram requires). */
export const OD = {
  start: 'od:start',
  substance: (s: Substance) => `od:s:${s}`,
  breathing: (yes: boolean) => `od:b:${yes ? 'yes' : 'no'}`,
  arrived: (yes: boolean) => `od:a:${yes ? 'yes' : 'no'}`,
  law: 'od:law',
  doctor: 'od:doctor',
  fine: 'od:fine',
} as const;

export function parseCallback(data: string): EmergencyAction | undefined {
  if (data === OD.start || data === 'menu:overdose') return { kind: 'start', trigger: 'menu', signals: [] };
  if (data === OD.law) return { kind: 'law' };
  if (data === OD.doctor) return { kind: 'doctor' };
  if (data === OD.fine) return { kind: 'fine' };
  const [prefix, kind, value] = data.split(':');
  if (prefix !== 'od') return undefined;
  if (kind === 's' && (SUBSTANCES as readonly string[]).includes(value ?? '')) return { kind: 'substance', substance: value as Substance };
  if (kind === 'b' && (value === 'yes' || value === 'no')) return { kind: 'breathing', breathing: value === 'yes' };
  if (kind === 'a' && (value === 'yes' || value === 'no')) return { kind: 'arrived', arrived: value === 'yes' };
  return undefined;
}

/**
 * Whether an update from a client's private chat belongs to the overdose flow: the /overdose
 * command, the menu button, a flow button, or free text that describes an overdose now.
 */
export function emergencyActionOf(update: Update): EmergencyAction | undefined {
  const cq = update.callback_query;
  if (cq) return cq.message?.chat.type === 'private' && cq.data ? parseCallback(cq.data) : undefined;
  const m = update.message;
  if (!m || m.chat.type !== 'private' || m.from?.is_bot) return undefined;
  const text = m.text ?? m.caption;
  if (!text) return undefined;
  if (/^\/overdose(@\w+)?(\s|$)/i.test(text)) return { kind: 'start', trigger: 'command', signals: [] };
  if (text.startsWith('/')) return undefined;
  const found = detectEmergency(text);
  if (!found.emergency) return undefined;
  // The full reply only when the rules decided. The model is consulted only when they did not (no
  // sign, a sign below the threshold, or a sign a blocker explained away: past, hypothetical,
  // prevention question…), and it catches wordings the rules miss but also many near misses: its
  // decision — `model:<p>` among the signals — asks rather than alarms, and never upgrades a
  // blocked rule hit to the full reply (see README, Overdose detection).
  return byModelAlone(found) ? { kind: 'possible', signals: found.signals } : { kind: 'start', trigger: 'text', signals: found.signals };
}

const byModelAlone = (found: { signals: string[] }) => found.signals.some((s) => s.startsWith('model:'));

/**
 * Outside the private flow (the community chat, a message written to the channel), where there is
 * no "is someone in danger?" to ask: whether a text gets the first steps at once. Only when the
 * rules decided, as for the full reply in private.
 */
export function describesEmergency(text: string): boolean {
  if (text.startsWith('/')) return false;
  const found = detectEmergency(text);
  return found.emergency && !byModelAlone(found);
}
