import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { closeWithRecord } from '../../cases/close.ts';
import { openCaseFor } from '../../cases/case-store.ts';
import { recordBotMessage, recordEvent } from '../../cases/timeline.ts';
import { upsertStaffMember } from '../../cases/staff-members.ts';
import { auditLog, cases, scheduledJobs } from '../../db/schema/index.ts';
import { useCaseSystems } from './test-system.ts';

const system = useCaseSystems();
const DRAFT = { needs: ['overdose'], services: ['overdose_guidance'], phoneCall: 'not_proposed', outcome: 'resolved' };

describe('console: the case as one timeline', () => {
  it('shows the bot\'s steps (folded), the client\'s taps, actions and every closing record, in order', async () => {
    const s = await system();
    const { client, kase } = await s.newCase('Client', 'он не дышит');
    await recordBotMessage(s.bot, kase.id, 'emergency', '🚨 <b>Звоните 103</b> прямо сейчас.\nПоложите на бок.', { data: { step: 'first-reply' } });
    await recordEvent(s.bot, kase.id, { kind: 'client_tap', by: 'client', data: { button: 'od:s:opioids' }, text: 'Опиоиды' });
    const vera = await upsertStaffMember(s.bot, { id: s.worker.id, first_name: 'Vera' });
    await closeWithRecord(s.bot, { staffMemberId: vera.id, name: 'Vera', fromConsole: false }, { caseId: kase.id, draft: DRAFT, contactLine: '' });
    await openCaseFor(s.bot, client.id); // the client writes again: the case opens again

    const { browser: b } = await s.as('anna', 'worker');
    expect((await b.get(`/console/cases/${kase.id}`)).status).toBe(200);
    const html = b.html;
    // The bot's emergency step: its words, without Telegram's markup, folded under its first line.
    expect(html).toMatch(/<li class="msg bot emergency"[\s\S]*<details class="fold"><summary>🚨 Звоните 103 прямо сейчас\.<\/summary>/);
    expect(html).not.toContain('&lt;b&gt;');
    expect(html).toContain('👆 Клиент нажал: «Опиоиды»');
    expect(html).toContain('✅ Vera закрыл(а) обращение с карточкой. Потребности: Передозировка');
    expect(html).toContain('↩️ Клиент написал снова — обращение открыто');
    const order = ['он не дышит', 'Звоните 103', 'Клиент нажал', 'закрыл(а) обращение', 'Клиент написал снова'].map((x) => html.indexOf(x));
    expect(order.every((i, n) => i > 0 && (n === 0 || i > order[n - 1]!))).toBe(true);
  });

  it('a console account is named in the timeline even when not linked to the staff group', async () => {
    const s = await system();
    const { kase } = await s.newCase('Client', 'привет');
    const { browser: b } = await s.as('anna', 'admin');
    await b.get(`/console/cases/${kase.id}`);
    expect((await b.post(`/console/cases/${kase.id}/reply`, { text: 'Здравствуйте' })).status).toBe(303);
    await b.get(`/console/cases/${kase.id}`);
    expect(b.html).toMatch(/class="msg staff"[\s\S]*Name anna[\s\S]*Здравствуйте/);
  });

  it('reopens a closed case from the console, and stops its pending follow-ups', async () => {
    const s = await system();
    const { kase } = await s.newCase('Client', 'привет');
    const vera = await upsertStaffMember(s.bot, { id: s.worker.id, first_name: 'Vera' });
    await closeWithRecord(s.bot, { staffMemberId: vera.id, name: 'Vera', fromConsole: false }, { caseId: kase.id, draft: DRAFT, contactLine: '' });
    const { browser: b, account } = await s.as('anna', 'coordinator', { staffMemberId: vera.id });
    await b.get(`/console/cases/${kase.id}`);
    expect(b.html).toContain('Открыть обращение снова');
    const res = await b.post(`/console/cases/${kase.id}/reopen`);
    expect(res.headers.get('location')).toBe(`/console/cases/${kase.id}?done=reopen#now`);
    expect((await s.db.select().from(cases).where(eq(cases.id, kase.id)))[0]!.status).toBe('open');
    expect((await s.db.select().from(auditLog).where(eq(auditLog.action, 'case.reopen'))).map((r) => r.accountId)).toEqual([account.id]);
    expect((await b.post(`/console/cases/${kase.id}/reopen`)).status).toBe(409);

    await s.db.insert(scheduledJobs).values({ kind: 'overdose.arrived-check', caseId: kase.id, dueAt: new Date(Date.now() + 60_000), payloadSealed: 'v1.x' });
    await b.get(`/console/cases/${kase.id}`);
    expect(b.html).toContain('Остановить напоминания');
    expect((await b.post(`/console/cases/${kase.id}/follow-ups/stop`)).status).toBe(303);
    expect((await s.db.select().from(scheduledJobs)).map((j) => j.status)).toEqual(['cancelled']);
    await b.get(`/console/cases/${kase.id}`);
    expect(b.html).not.toContain('Остановить напоминания');
  });
});
