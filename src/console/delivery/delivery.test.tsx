import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { topicMessage } from '../../cases/deliveries.ts';
import { auditLog, outbox } from '../../db/schema/index.ts';
import { useCaseSystems } from '../cases/test-system.ts';

const system = useCaseSystems();

describe('console: delivery to Telegram', () => {
  it('shows an admin what was set aside, with its error and no text, and sends it again or gives it up', async () => {
    const s = await system();
    const { kase, topicId } = await s.newCase('Parked', 'привет');
    // Two notices Telegram refused (as if the topic had been closed by hand), set aside.
    for (const text of ['первое уведомление', 'второе уведомление']) await s.db.insert(outbox).values({ ...itemRow(s, kase, text), status: 'parked', attempts: 1, lastError: 'TelegramError 400 Bad Request: TOPIC_CLOSED' });
    const { browser: b } = await s.as('admin', 'admin');
    const page = await (await b.get('/console/delivery')).text();
    expect(page).toContain('TelegramError 400 Bad Request: TOPIC_CLOSED');
    expect(page).not.toContain('уведомление');
    expect(page).toContain(`/console/cases/${kase.id}`);

    const [first, second] = await s.db.select().from(outbox).where(eq(outbox.status, 'parked')).orderBy(outbox.id);
    const retried = await b.post(`/console/delivery/${first!.id}/retry`);
    expect(retried.status).toBe(303);
    expect(retried.headers.get('location')).toBe('/console/delivery?done=retry');
    // The worker was woken: it went out at once, into the case's topic.
    await s.bot.outbox.wake(`group:${s.staff.id}`);
    expect(s.botTo(s.staff.id, topicId).map((m) => m.text)).toContain('первое уведомление');
    expect((await b.post(`/console/delivery/${second!.id}/discard`)).headers.get('location')).toBe('/console/delivery?done=discard');
    expect((await s.db.select().from(outbox).where(eq(outbox.id, second!.id)))[0]).toMatchObject({ status: 'discarded', payloadSealed: null });
    // A second press on a form already acted on changes nothing.
    expect((await b.post(`/console/delivery/${second!.id}/discard`)).headers.get('location')).toBe('/console/delivery?done=gone');
    expect((await s.db.select().from(auditLog).where(eq(auditLog.action, 'delivery.retry'))).length).toBe(1);
    expect(await (await b.get('/console/delivery?done=discard')).text()).toContain('Ничего: всё, что было в очереди, отправлено.');

    // A worker cannot see it.
    const { browser: w } = await s.as('worker', 'worker');
    expect((await w.get('/console/delivery')).status).toBe(403);
  });
});

function itemRow(s: Awaited<ReturnType<typeof system>>, kase: { id: number; staffChatId: number | null }, text: string) {
  const item = topicMessage(s.bot, kase, { text });
  return { target: item.target, op: item.op, lane: item.lane, caseId: item.caseId, payloadSealed: s.bot.vault.sealJson('outbox.payload', item.payload) };
}
