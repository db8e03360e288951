import { and, eq, gt, inArray, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import type { Message, Update } from 'grammy/types';
import type { Locale } from '../config.ts';
import { currentCase, openCaseFor, type Case } from '../cases/case-store.ts';
import { readableAddress, findOrCreateClient, type Client } from '../cases/clients.ts';
import { HASH } from '../cases/deps.ts';
import { relayFromClient } from '../cases/relay-from-client.ts';
import { clientMessageOf } from '../domain/message-kind.ts';
import { recordBotMessage, recordEvent } from '../cases/timeline.ts';
import { queueInTopic } from '../cases/deliveries.ts';
import { alertItem } from './alert-delivery.ts';
import { caseEvents, cases, clients } from '../db/schema/index.ts';
import { t } from '../i18n/index.ts';
import type { JobHandler } from '../jobs/scheduler.ts';
import { safeError } from '../log.ts';
import type { BotDeps } from '../telegram/deps.ts';
import { OD, type EmergencyAction } from './actions.ts';
import { renderAlert } from './alert.ts';
import { cancelFollowUps, refreshAlert } from './follow-ups.ts';
import type { EmergencyEpisode } from './memory.ts';
import type { Answered, SentStep } from './responder.ts';
import { emergencyStateOf, episodeForMemory, followUpsMoot, JOB_ARRIVED_CHECK, JOB_SECOND_DOSE, type EmergencyState } from './state.ts';

export { JOB_ARRIVED_CHECK, JOB_SECOND_DOSE } from './state.ts';
export { cancelFollowUps } from './follow-ups.ts';

/** A database handle or a transaction of one. */
type Tx = Parameters<Parameters<BotDeps['db']['transaction']>[0]>[0];

/** Flow actions that say the person is in an emergency now: they mark the case if nothing else did. */
const inEmergency = (a: EmergencyAction) => a.kind === 'start' || a.kind === 'substance' || a.kind === 'breathing' || a.kind === 'arrived' || a.kind === 'answer';

/**
 * The inbox side of an update of the overdose flow, after the client already has its reply (see
 * responder.ts): a described emergency or a written answer goes to the workers like any message;
 * the case is marked and the staff topic gets the pinned alert; everything the bot sent and the
 * client tapped or answered goes into the case's timeline; answers change the follow-ups; the
 * alert is edited to show it. A retried update (same update_id) records nothing twice.
 *
 * Timeline records of the flow: `bot_message` (flow 'emergency', data.step, the text as sent, at
 * the time Telegram took it; 'followup' for the scheduled ones), `client_tap` (data.button = the
 * callback code, text = the label the client saw), `emergency` with data.level 'full' (the case
 * marked: data.trigger; data.again on a later emergency in the same case) or 'possible' (the
 * client was asked), and — for free text read as an answer — `emergency` with data.answer (the
 * message itself is the relay's `client_message`), then `followups_stopped` with data.reason.
 * Each carries data.update, the update it came from.
 */
export async function afterEmergencyReply(d: BotDeps, update: Update, answered: Answered): Promise<void> {
  const { action } = answered;
  const from = update.callback_query?.from ?? update.message!.from!;
  const client = await findOrCreateClient(d, from);
  d.locales.set(from.id, client.locale as Locale);
  // A described emergency, or words answering one, are messages for the workers too.
  const message = update.message;
  const described = (action.kind === 'start' && action.trigger === 'text') || action.kind === 'possible' || action.kind === 'answer';
  if (described && message) await relayFromClient(d, { ...clientMessageOf(message as Message & { from: { id: number } }), arrivedAt: answered.arrivedAt });

  const opens = inEmergency(action) || action.kind === 'possible';
  const kase = opens ? (await openCaseFor(d, client.id)).kase : await currentCase(d, client.id);
  if (!kase) return;
  const chatId = update.callback_query?.message?.chat.id ?? message!.chat.id;

  if (inEmergency(action)) await markEmergency(d, kase, answered.tap?.button === OD.start ? 'confirmed' : triggerOf(action));
  const before = await emergencyStateOf(d, kase.id);
  const fresh = await d.db.transaction(async (tx) => {
    // A retried or redelivered update: its records are there already.
    const [seen] = await tx
      .select({ id: caseEvents.id })
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, kase.id), sql`${caseEvents.data} ->> 'update' = ${String(update.update_id)}`))
      .limit(1);
    if (seen) return false;
    await record(d, tx, kase, update, answered, before!);
    return true;
  });
  if (fresh && action.kind === 'possible') {
    await queueInTopic(d, kase, { text: t(d.staffLocale, 'staff-possible-emergency') });
  }
  // Help is there, or the person woke up: what was still to come no longer makes sense (once per emergency).
  const settles = action.kind === 'answer' ? action.answer : action.kind === 'arrived' && action.arrived ? 'help_arrived' : undefined;
  if (settles === 'help_arrived' || settles === 'recovered') await cancelFollowUps(d, kase.id, settles);

  const state = await emergencyStateOf(d, kase.id);
  if (state?.markedAt) {
    if (state.alertMsgId === null) await postAlert(d, kase);
    else await refreshAlert(d, kase.id, state);
  }
  // After a restart the responder's memory is empty: what the database knows fills it (never over what it has).
  const episode = state ? episodeForMemory(state) : undefined;
  if (state?.status === 'closed') d.emergency.memory.forget(chatId);
  else if (episode && !d.emergency.memory.get(chatId)) d.emergency.memory.restore(chatId, episode);
}

function triggerOf(action: EmergencyAction): string {
  if (action.kind === 'start') return action.trigger;
  return action.kind === 'answer' ? 'answer' : 'button';
}

/** Marks the case as an emergency once, with its `emergency` event and the "has help arrived?" check. */
async function markEmergency(d: BotDeps, kase: Case, trigger: string): Promise<void> {
  await d.db.transaction(async (tx) => {
    const [marked] = await tx
      .update(cases)
      .set({ emergencyAt: sql`now()` })
      .where(and(eq(cases.id, kase.id), isNull(cases.emergencyAt)))
      .returning({ id: cases.id });
    if (!marked) return; // one alert per case
    await recordEvent({ db: tx, vault: d.vault }, kase.id, { kind: 'emergency', by: 'client', data: { trigger, level: 'full' } });
    await scheduleFollowUp(d, tx, kase.id, JOB_ARRIVED_CHECK, d.settings.overdose.helpArrivedCheckSeconds);
  });
}

/** The update's records, in the transaction that checked it is new; and what they set going. */
async function record(d: BotDeps, tx: Tx, kase: Case, update: Update, answered: Answered, before: EmergencyState): Promise<void> {
  const { action, tap, arrivedAt } = answered;
  const w = { db: tx, vault: d.vault };
  const ref = { update: update.update_id };
  // Described again after help came (or after the follow-ups were stopped): a new emergency in the same case.
  if (action.kind === 'start' && !action.repeat && before.markedAt && before.episode && followUpsMoot(before.episode)) {
    await recordEvent(w, kase.id, { kind: 'emergency', by: 'client', data: { trigger: action.trigger, level: 'full', again: true, ...ref } });
    await scheduleFollowUp(d, tx, kase.id, JOB_ARRIVED_CHECK, d.settings.overdose.helpArrivedCheckSeconds);
  }
  if (action.kind === 'possible') await recordEvent(w, kase.id, { kind: 'emergency', by: 'client', at: arrivedAt, data: { trigger: 'text', level: 'possible', ...ref } });
  if (tap) await recordEvent(w, kase.id, { kind: 'client_tap', by: 'client', at: arrivedAt, text: tap.label, data: { button: tap.button, ...ref } });
  if (action.kind === 'answer') await recordEvent(w, kase.id, { kind: 'emergency', by: 'client', at: arrivedAt, data: { answer: action.answer, ...ref } });
  await recordSent(w, kase.id, 'emergency', answered.sent, ref);
  // After opioids, the second-dose reminder — once per emergency, and not when help is already there.
  const episode = before.episode;
  if (action.kind === 'substance' && action.substance === 'opioids' && !followUpsMoot(episode)) {
    const already = before.followUps.some((j) => j.kind === JOB_SECOND_DOSE && (!episode || j.dueAt >= episode.at));
    if (!already) await scheduleFollowUp(d, tx, kase.id, JOB_SECOND_DOSE, d.settings.overdose.secondDoseReminderSeconds);
  }
  // "Breathing" does not end the follow-ups, even after opioids: breathing is not being awake, and
  // the verified second-dose reminder speaks to both ("still not awake or breathing badly — a
  // second dose"; "breathing again — on their side"), while the "has help arrived?" check is about
  // the overdose coming back as naloxone wears off, which matters most once they breathe. Only
  // waking up, help arriving, a worker or the close stop them.
}

async function recordSent(w: { db: Pick<Tx, 'insert'>; vault: BotDeps['vault'] }, caseId: number, flow: 'emergency' | 'followup', sent: SentStep[], ref: Record<string, unknown>): Promise<void> {
  for (const s of sent) await recordBotMessage(w, caseId, flow, s.text, { at: s.at, data: { step: s.step, ...(s.plain ? { plain: true } : {}), ...ref } });
}

async function scheduleFollowUp(d: BotDeps, tx: Tx, caseId: number, kind: string, seconds: number): Promise<void> {
  await d.scheduler.schedule(kind, new Date(d.now().getTime() + seconds * 1000), { caseId }, { caseId, tx });
}

/** Queues the pinned alert ahead of everything waiting for the group (once per case: later changes edit it). */
async function postAlert(d: BotDeps, kase: Case): Promise<void> {
  await d.outbox.send([alertItem(d, kase)]);
}

/**
 * The emergency under way in a client's private chat, as the database knows it (for the
 * responder after a restart): the open case's latest emergency, if it is recent.
 */
export async function episodeInDb(d: BotDeps, chatId: number): Promise<EmergencyEpisode | undefined> {
  const [client] = await d.db.select({ id: clients.id }).from(clients).where(inArray(clients.tgHash, d.vault.hashes(HASH.telegramUser, chatId)));
  if (!client) return undefined;
  const kase = await currentCase(d, client.id);
  if (!kase?.emergencyAt) return undefined;
  const state = await emergencyStateOf(d, kase.id);
  return state ? episodeForMemory(state) : undefined;
}

/** At start: the emergencies under way (open cases marked in the last hours) back into the responder's memory. */
export async function restoreEpisodes(d: BotDeps): Promise<number> {
  const rows = await d.db
    .select({ id: cases.id, clientId: cases.clientId })
    .from(cases)
    .where(and(ne(cases.status, 'closed'), isNotNull(cases.emergencyAt), gt(cases.lastActivityAt, sql`now() - interval '1 day'`)));
  let restored = 0;
  for (const row of rows) {
    const state = await emergencyStateOf(d, row.id);
    const episode = state ? episodeForMemory(state) : undefined;
    if (!episode) continue;
    const [client] = await d.db.select().from(clients).where(eq(clients.id, row.clientId));
    // Sealed under a destroyed key: the client cannot be reached; nothing to restore.
    const to = client ? readableAddress(d, client) : null;
    if (!to) continue;
    d.emergency.memory.restore(to.chatId, episode);
    restored++;
  }
  return restored;
}

/**
 * Job handlers: the follow-ups go straight to the client, in their language — unless, when they
 * fall due, the case is closed, its emergency is over (help arrived, the person woke up, a worker
 * stopped them) or it is no longer an emergency at all: a cancel that was missed cannot let one
 * out late.
 */
export function overdoseJobs(d: BotDeps): Record<string, JobHandler> {
  const run = (kind: string, message: (locale: Locale) => ReturnType<BotDeps['emergency']['arrivedCheck']>): JobHandler => async (payload, job) => {
    const caseId = Number(payload.caseId) || (await caseOfOldJob(d, payload));
    const state = caseId ? await emergencyStateOf(d, caseId) : undefined;
    if (!state || state.status === 'closed' || !state.markedAt || followUpsMoot(state.episode)) {
      d.log.info({ event: 'emergency.followup_moot', case: caseId || undefined, kind }, 'follow-up not sent: the emergency is over');
      return 'cancelled';
    }
    const [client] = await d.db.select().from(clients).where(eq(clients.id, state.clientId));
    const to = client ? readableAddress(d, client) : null;
    if (!to) {
      if (client) d.log.warn({ event: 'emergency.followup_unreachable', case: caseId, kind }, 'follow-up not sent: the key was destroyed');
      return 'cancelled';
    }
    const locale = client!.locale as Locale;
    const sent = await d.emergency.send(to.chatId, locale, [message(locale)], kind);
    if (sent.length === 0) throw new Error('follow-up not delivered');
    await recordSent(d, caseId, 'followup', sent, {});
    // The alert shows this one as sent (the scheduler marks it done once this returns).
    const after = await emergencyStateOf(d, caseId);
    if (after) {
      after.followUps = after.followUps.map((j) => (j.id === job?.id ? { ...j, status: 'done', doneAt: sent[0]!.at } : j));
      await refreshAlert(d, caseId, after);
    }
  };
  return {
    [JOB_SECOND_DOSE]: run(JOB_SECOND_DOSE, (l) => d.emergency.secondDoseReminder(l)),
    [JOB_ARRIVED_CHECK]: run(JOB_ARRIVED_CHECK, (l) => d.emergency.arrivedCheck(l)),
  };
}

/** A job stored before follow-ups carried their case: the client's open case. */
async function caseOfOldJob(d: BotDeps, payload: Record<string, unknown>): Promise<number> {
  const clientId = Number(payload.clientId);
  if (!clientId) return 0;
  try {
    return (await currentCase(d, clientId))?.id ?? 0;
  } catch (err) {
    d.log.warn({ event: 'emergency.followup_case_unknown', err: safeError(err) }, 'follow-up without a case');
    return 0;
  }
}
