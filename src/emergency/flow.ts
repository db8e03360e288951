import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Locale } from '../config.ts';
import { cases, clients } from '../db/schema/index.ts';
import { openCaseFor, type Case } from '../cases/case-store.ts';
import { clientChatId, type Client } from '../cases/clients.ts';
import { inCaseTopic } from '../cases/topics.ts';
import { t } from '../i18n/index.ts';
import { formatDutyForStaff } from '../organisation/format.ts';
import type { BotDeps } from '../telegram/deps.ts';
import type { EmergencyAction } from './actions.ts';

export const JOB_SECOND_DOSE = 'overdose.second-dose';
export const JOB_ARRIVED_CHECK = 'overdose.arrived-check';

/**
 * The bookkeeping after the client already has the emergency reply: the case is marked, the staff
 * topic gets a pinned alert naming who is on duty or on call, and follow-ups are scheduled.
 */
export async function afterEmergencyReply(d: BotDeps, client: Client, action: EmergencyAction): Promise<void> {
  if (action.kind === 'start') {
    const { kase } = await openCaseFor(d, client.id);
    await raiseEmergency(d, client, kase);
    return;
  }
  if (action.kind === 'possible') {
    const { kase } = await openCaseFor(d, client.id);
    await inCaseTopic(d, kase, client.pseudonym, (threadId) =>
      d.api.sendMessage(d.staffChatId, t(d.staffLocale, 'staff-possible-emergency'), { message_thread_id: threadId }),
    );
    return;
  }
  if (action.kind === 'substance' && action.substance === 'opioids') {
    await d.scheduler.schedule(JOB_SECOND_DOSE, new Date(d.now().getTime() + d.settings.overdose.secondDoseReminderSeconds * 1000), { clientId: client.id });
  }
}

async function raiseEmergency(d: BotDeps, client: Client, kase: Case): Promise<void> {
  const [marked] = await d.db
    .update(cases)
    .set({ emergencyAt: sql`now()` })
    .where(and(eq(cases.id, kase.id), isNull(cases.emergencyAt)))
    .returning({ id: cases.id });
  if (!marked) return; // one alert per case
  const text = t(d.staffLocale, 'staff-emergency-alert', { case: kase.id, duty: formatDutyForStaff(d.settings, d.now(), d.staffLocale) });
  // The duty line is HTML (names escaped by the formatter).
  const alert = await inCaseTopic(d, kase, client.pseudonym, (threadId) => d.api.sendMessage(d.staffChatId, text, { message_thread_id: threadId, parse_mode: 'HTML' }));
  await d.api.pinChatMessage(d.staffChatId, alert.message_id).catch((err: unknown) => {
    d.log.warn({ event: 'emergency.pin_failed', case: kase.id, code: (err as { error_code?: number }).error_code }, 'could not pin the alert');
  });
  d.log.warn({ event: 'emergency.raised', case: kase.id }, 'possible overdose: staff alerted');
  await d.scheduler.schedule(JOB_ARRIVED_CHECK, new Date(d.now().getTime() + d.settings.overdose.helpArrivedCheckSeconds * 1000), { clientId: client.id });
}

/** Job handlers: the reminders go straight to the client, in their language. */
export function overdoseJobs(d: BotDeps) {
  const send = async (payload: Record<string, unknown>, message: (locale: Locale) => { text: string; keyboard: object }) => {
    const [client] = await d.db.select().from(clients).where(eq(clients.id, Number(payload.clientId)));
    if (!client) return;
    const { text, keyboard } = message(client.locale as Locale);
    await d.api.sendMessage(clientChatId(d, client), text, { parse_mode: 'HTML', reply_markup: keyboard as never });
  };
  return {
    [JOB_SECOND_DOSE]: (p: Record<string, unknown>) => send(p, (l) => d.emergency.secondDoseReminder(l)),
    [JOB_ARRIVED_CHECK]: (p: Record<string, unknown>) => send(p, (l) => d.emergency.arrivedCheck(l)),
  };
}
