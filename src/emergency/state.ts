import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { accounts, caseEvents, cases, staffMembers } from '../db/schema/index.ts';
import { SEAL } from '../cases/deps.ts';
import type { Vault } from '../privacy/vault.ts';
import { jobsOf, type JobRow } from '../jobs/scheduler.ts';
import { parseCallback, type Substance } from './actions.ts';
import type { EmergencyAnswer } from './answers.ts';
import { EPISODE_ACTIVE_MS, type EmergencyEpisode } from './memory.ts';
import { openOrMark } from '../privacy/unreadable.ts';

export const JOB_SECOND_DOSE = 'overdose.second-dose';
export const JOB_ARRIVED_CHECK = 'overdose.arrived-check';
export const FOLLOW_UP_JOBS = [JOB_SECOND_DOSE, JOB_ARRIVED_CHECK] as const;

/** Why a case's follow-ups stopped (the `followups_stopped` event's `data.reason`). */
export type StopReason = 'help_arrived' | 'recovered' | 'case_closed' | 'staff';

/** One thing in the emergency's course, as the pinned alert lists it. */
export interface CourseEntry {
  at: Date;
  /** 'tap': a button the client pressed (code: its callback data); 'answer': words read as an answer (code: the answer); 'bot': a message the bot sent (code: the step). */
  kind: 'tap' | 'answer' | 'bot';
  code: string;
  followUp?: boolean;
}

/** The latest emergency of a case (a case can have another after help arrived): what the client answered. */
export interface Episode {
  at: Date;
  trigger: string;
  /** 1 for the case's first emergency, 2 for the next… */
  count: number;
  substance?: { code: Substance; at: Date };
  breathing?: { yes: boolean; at: Date };
  helpArrived?: Date;
  recovered?: Date;
  stopped?: { reason: StopReason; at: Date; by?: string };
  lastSeen: Date;
}

export interface EmergencyState {
  caseId: number;
  status: string;
  clientId: number;
  markedAt: Date | null;
  alertMsgId: number | null;
  topicId: number | null;
  staffChatId: number | null;
  episode?: Episode;
  course: CourseEntry[];
  followUps: JobRow[];
}

/** Whether the follow-ups of the latest emergency no longer make sense: help is there, the person woke up, or they were stopped. */
export function followUpsMoot(episode: Episode | undefined): boolean {
  return !episode || episode.stopped !== undefined || episode.helpArrived !== undefined || episode.recovered !== undefined;
}

/**
 * A case's emergency as its timeline records it: the `emergency` events (data.level 'full' marks
 * an emergency, 'possible' a question asked; data.answer is free text read as an answer), the
 * client's taps on the flow's buttons, the bot's messages of the flow and its follow-ups, and
 * `followups_stopped`. Undefined when the case does not exist.
 */
export async function emergencyStateOf(d: { db: Db; vault: Vault }, caseId: number): Promise<EmergencyState | undefined> {
  const [kase] = await d.db.select().from(cases).where(eq(cases.id, caseId));
  if (!kase) return undefined;
  const events = await d.db
    .select()
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, caseId), inArray(caseEvents.kind, ['emergency', 'client_tap', 'bot_message', 'followups_stopped'])))
    .orderBy(asc(caseEvents.at), asc(caseEvents.id));
  const course: CourseEntry[] = [];
  let episode: Episode | undefined;
  // Answers given before the first emergency event (the reply goes out, and taps arrive, before the case is marked) belong to it.
  const early: Partial<Episode> = {};
  let count = 0;
  const apply = (change: Partial<Episode>, at: Date) => {
    if (episode) Object.assign(episode, change, { lastSeen: at });
    else Object.assign(early, change);
  };
  const answer = (a: EmergencyAnswer, at: Date) => {
    if (a === 'breathing' || a === 'not_breathing') apply({ breathing: { yes: a === 'breathing', at } }, at);
    else if (a === 'help_arrived') apply({ helpArrived: at }, at);
    else apply({ recovered: at }, at);
  };
  for (const e of events) {
    const data = e.data as Record<string, unknown>;
    if (e.kind === 'emergency') {
      if (data.level === 'full') {
        count++;
        episode = { at: e.at, trigger: String(data.trigger ?? 'text'), count, lastSeen: e.at, ...(count === 1 ? early : {}) };
      } else if (typeof data.answer === 'string') {
        course.push({ at: e.at, kind: 'answer', code: data.answer });
        answer(data.answer as EmergencyAnswer, e.at);
      }
    } else if (e.kind === 'client_tap' && typeof data.button === 'string') {
      course.push({ at: e.at, kind: 'tap', code: data.button });
      const action = parseCallback(data.button);
      if (action?.kind === 'substance') apply({ substance: { code: action.substance, at: e.at } }, e.at);
      else if (action?.kind === 'breathing') answer(action.breathing ? 'breathing' : 'not_breathing', e.at);
      else if (action?.kind === 'arrived' && action.arrived) answer('help_arrived', e.at);
    } else if (e.kind === 'bot_message' && (data.flow === 'emergency' || data.flow === 'followup')) {
      course.push({ at: e.at, kind: 'bot', code: String(data.step ?? ''), followUp: data.flow === 'followup' });
      if (episode) episode.lastSeen = e.at;
    } else if (e.kind === 'followups_stopped') {
      apply({ stopped: { reason: data.reason as StopReason, at: e.at, by: await actorName(d, e) } }, e.at);
    }
  }
  return {
    caseId: kase.id,
    status: kase.status,
    clientId: kase.clientId,
    markedAt: kase.emergencyAt,
    alertMsgId: kase.emergencyAlertMsgId,
    topicId: kase.topicId,
    staffChatId: kase.staffChatId,
    episode,
    course,
    followUps: await jobsOf(d.db, caseId, FOLLOW_UP_JOBS),
  };
}

async function actorName(d: { db: Db; vault: Vault }, e: typeof caseEvents.$inferSelect): Promise<string | undefined> {
  if (e.staffMemberId !== null) {
    const [m] = await d.db.select({ nameSealed: staffMembers.nameSealed }).from(staffMembers).where(eq(staffMembers.id, e.staffMemberId));
    if (m?.nameSealed) return openOrMark(d.vault, SEAL.staffName, m.nameSealed);
  }
  if (e.accountId !== null) {
    const [a] = await d.db.select({ name: accounts.displayName }).from(accounts).where(eq(accounts.id, e.accountId));
    if (a) return a.name;
  }
  return undefined;
}

/** The episode as the responder's memory holds it, when the emergency is still under way. */
export function episodeForMemory(state: EmergencyState, now = Date.now()): EmergencyEpisode | undefined {
  const e = state.episode;
  if (!e || state.status === 'closed' || now - e.lastSeen.getTime() > EPISODE_ACTIVE_MS) return undefined;
  return {
    since: e.at.getTime(),
    lastSeen: e.lastSeen.getTime(),
    substance: e.substance?.code,
    breathing: e.breathing?.yes,
    settled: e.helpArrived ? 'help_arrived' : e.recovered ? 'recovered' : undefined,
  };
}
