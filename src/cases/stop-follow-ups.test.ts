import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cases } from '../db/schema/index.ts';
import { renderAlert } from '../emergency/alert.ts';
import { emergencyStateOf, JOB_ARRIVED_CHECK, JOB_SECOND_DOSE } from '../emergency/state.ts';
import { jobsOf, Scheduler } from '../jobs/scheduler.ts';
import { stopFollowUps } from './stop-follow-ups.ts';
import { eventsOf, topicTexts, useActionSystems, type ActionSystem } from './testing.ts';
import { recordEvent } from './timeline.ts';

const system = useActionSystems();

/** A case in an emergency as the flow leaves it: marked, its pinned alert posted, both follow-ups pending. */
async function emergencyCase(s: ActionSystem, name: string) {
  const { user, kase, topicId } = await s.newCase(name, 'он не дышит');
  await s.db.update(cases).set({ emergencyAt: sql`now()` }).where(eq(cases.id, kase.id));
  await recordEvent(s.bot, kase.id, { kind: 'emergency', by: 'client', data: { trigger: 'text', level: 'full' } });
  const scheduler = new Scheduler(s.bot, { [JOB_SECOND_DOSE]: async () => {}, [JOB_ARRIVED_CHECK]: async () => {} });
  const at = (seconds: number) => new Date(s.clock.now().getTime() + seconds * 1000);
  await scheduler.schedule(JOB_SECOND_DOSE, at(150), { caseId: kase.id }, { caseId: kase.id });
  await scheduler.schedule(JOB_ARRIVED_CHECK, at(300), { caseId: kase.id }, { caseId: kase.id });
  const alert = renderAlert(s.bot.settings, 'ru', (await emergencyStateOf(s.bot, kase.id))!, s.clock.now(), s.bot.buttons);
  const posted = await s.api.sendMessage(s.staff.id, alert.text, { message_thread_id: topicId, parse_mode: 'HTML', reply_markup: alert.keyboard });
  await s.db.update(cases).set({ emergencyAlertMsgId: posted.message_id }).where(eq(cases.id, kase.id));
  return { user, kase, topicId, alertId: posted.message_id };
}

describe('stopFollowUps', () => {
  it('cancels the pending follow-ups, records who stopped them, and says so on the pinned alert only', async () => {
    const s = await system();
    const { kase, topicId, alertId } = await emergencyCase(s, 'Client');
    const alertBefore = s.emu.message(s.staff.id, alertId)!;
    expect(alertBefore.reply_markup?.inline_keyboard.flat().map((b) => b.text)).toEqual(['⏹ Остановить напоминания']);
    const topicBefore = topicTexts(s, topicId).length;

    expect(await stopFollowUps(s.bot, s.inTelegram, { caseId: kase.id })).toBe('ok');
    expect((await jobsOf(s.db, kase.id)).map((j) => j.status)).toEqual(['cancelled', 'cancelled']);
    const [stopped] = await eventsOf(s, kase.id, 'followups_stopped');
    expect(stopped).toMatchObject({ actor: 'staff', via: 'telegram', staffMemberId: s.vera.id, data: { reason: 'staff', cancelled: [JOB_SECOND_DOSE, JOB_ARRIVED_CHECK] } });
    const alert = s.emu.message(s.staff.id, alertId)!;
    expect(alert.text).toMatch(/⏹ Напоминания остановлены: Vera/);
    expect(alert.text).toMatch(/вторая доза отменено; «помощь приехала\?» отменено/);
    expect(alert.reply_markup?.inline_keyboard.flat() ?? []).toEqual([]);
    // Nothing else in the topic: the alert changed in place.
    expect(topicTexts(s, topicId)).toHaveLength(topicBefore);

    // A replayed press, or the console after the topic: nothing more to do, nothing recorded twice.
    expect(await stopFollowUps(s.bot, s.fromConsole(), { caseId: kase.id })).toBe('none');
    expect(await eventsOf(s, kase.id, 'followups_stopped')).toHaveLength(1);
  });

  it('from the console, names the console account; a case with no emergency or none at all has nothing to stop', async () => {
    const s = await system();
    const { kase, alertId } = await emergencyCase(s, 'Client');
    const { account } = await s.as('anna', 'coordinator');
    expect(await stopFollowUps(s.bot, { ...s.fromConsole(account.id), staffMemberId: null }, { caseId: kase.id })).toBe('ok');
    const [stopped] = await eventsOf(s, kase.id, 'followups_stopped');
    expect(stopped).toMatchObject({ actor: 'staff', via: 'console', accountId: account.id, staffMemberId: null });
    expect(s.emu.message(s.staff.id, alertId)!.text).toMatch(/остановлены: Name anna/);

    const plain = await s.newCase('Other', 'привет');
    expect(await stopFollowUps(s.bot, s.inTelegram, { caseId: plain.kase.id })).toBe('none');
    expect(await stopFollowUps(s.bot, s.inTelegram, { caseId: 999 })).toBe('not-found');
  });
});
