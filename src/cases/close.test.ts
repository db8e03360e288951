import { describe, expect, it } from 'vitest';
import { closeWithRecord } from './close.ts';
import { caseRow, clientTexts, eventsOf, useActionSystems } from './testing.ts';

const system = useActionSystems();
const DRAFT = { needs: ['hr_services'], services: ['information'], phoneCall: 'not_proposed', outcome: 'resolved' };

describe('closeWithRecord', () => {
  it('closes with the record once: the client gets the closing message and the rating request, the timeline keeps the record', async () => {
    const s = await system();
    const { user, kase } = await s.newCase('Client', 'где тест на ВИЧ');
    const result = await closeWithRecord(s.bot, s.inTelegram, { caseId: kase.id, draft: DRAFT, contactLine: 'Пишите сюда' });
    expect(result.ok).toBe(true);
    expect(await closeWithRecord(s.bot, s.inTelegram, { caseId: kase.id, draft: DRAFT, contactLine: '' })).toEqual({ ok: false, problem: 'closed' });
    expect(await caseRow(s, kase.id)).toMatchObject({ status: 'closed', outcome: 'resolved', needs: ['hr_services'], closedBy: s.vera.id });
    expect(clientTexts(s, user.id).filter((t) => t.includes('Пишите сюда'))).toHaveLength(1);
    expect(await eventsOf(s, kase.id, 'closed')).toMatchObject([{ actor: 'staff', data: { from: 'new', record: { needs: ['hr_services'], outcome: 'resolved', metOnline: false } } }]);
    expect((await eventsOf(s, kase.id, 'bot_message')).map((e) => e.data.flow)).toEqual(['closing', 'feedback_request']);
  });

  it('names what is missing and changes nothing', async () => {
    const s = await system();
    const { kase } = await s.newCase('Client', 'привет');
    expect(await closeWithRecord(s.bot, s.inTelegram, { caseId: kase.id, draft: { ...DRAFT, needs: [], outcome: null }, contactLine: '' })).toEqual({ ok: false, problem: 'missing', fields: ['record-needs', 'record-outcome'] });
    expect((await caseRow(s, kase.id)).status).toBe('new');
  });
});
