import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { cases } from '../db/schema/index.ts';
import { closeWithRecord } from './close.ts';
import { openCaseFor } from './case-store.ts';
import { reopenCase } from './reopen.ts';
import { caseRow, eventsOf, kindsOf, topicTexts, useActionSystems } from './testing.ts';

const system = useActionSystems();
const DRAFT = { needs: ['hr_services'], services: [], phoneCall: 'not_proposed', outcome: 'resolved' };

describe('reopenCase', () => {
  it('opens a closed case again, keeping its earlier record in the timeline, and tells the topic', async () => {
    const s = await system();
    const { kase, topicId } = await s.newCase('Client', 'привет');
    await closeWithRecord(s.bot, s.inTelegram, { caseId: kase.id, draft: DRAFT, contactLine: '' });
    expect(await reopenCase(s.bot, s.fromConsole(), { caseId: kase.id })).toMatchObject({ ok: true });
    expect(await caseRow(s, kase.id)).toMatchObject({ status: 'open', reopenCount: 1, outcome: 'resolved' });
    expect(await eventsOf(s, kase.id, 'reopened')).toMatchObject([{ actor: 'staff', via: 'console', data: { count: 1 } }]);
    const kinds = await kindsOf(s, kase.id);
    expect(kinds.indexOf('closed')).toBeLessThan(kinds.indexOf('reopened'));
    expect(topicTexts(s, topicId).at(-1)).toContain('(из консоли, Anna Console)');
    expect(await reopenCase(s.bot, s.fromConsole(), { caseId: kase.id })).toEqual({ ok: false, problem: 'open' });
  });

  it('a client writing within the window reopens the case as the client', async () => {
    const s = await system();
    const { client, kase } = await s.newCase('Client', 'привет');
    await closeWithRecord(s.bot, s.inTelegram, { caseId: kase.id, draft: DRAFT, contactLine: '' });
    const again = await openCaseFor(s.bot, client.id);
    expect(again).toMatchObject({ created: false, reopened: true, kase: { id: kase.id, status: 'open' } });
    expect(await eventsOf(s, kase.id, 'reopened')).toMatchObject([{ actor: 'client' }]);
    expect(await eventsOf(s, kase.id, 'closed')).toHaveLength(1);
  });

  it('will not open a case while the client has another open one', async () => {
    const s = await system();
    const { client, kase } = await s.newCase('Client', 'привет');
    await closeWithRecord(s.bot, s.inTelegram, { caseId: kase.id, draft: DRAFT, contactLine: '' });
    await s.db.execute(`update cases set closed_at = now() - interval '30 days' where id = ${kase.id}`);
    const { kase: second } = await openCaseFor(s.bot, client.id);
    expect(second.id).not.toBe(kase.id);
    expect(await reopenCase(s.bot, s.fromConsole(), { caseId: kase.id })).toEqual({ ok: false, problem: 'other-open' });
  });

  it('will not open a case whose text was erased, nor let the client reopen it by writing', async () => {
    const s = await system();
    const { client, kase } = await s.newCase('Client', 'привет');
    await closeWithRecord(s.bot, s.inTelegram, { caseId: kase.id, draft: DRAFT, contactLine: '' });
    await s.db.update(cases).set({ textErasedAt: new Date(), textErasedBy: 'retention' }).where(eq(cases.id, kase.id));
    expect(await reopenCase(s.bot, s.fromConsole(), { caseId: kase.id })).toEqual({ ok: false, problem: 'erased' });
    const again = await openCaseFor(s.bot, client.id);
    expect(again.kase.id).not.toBe(kase.id);
    expect(await caseRow(s, kase.id)).toMatchObject({ status: 'closed' });
  });
});
