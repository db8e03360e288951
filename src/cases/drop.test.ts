import { describe, expect, it } from 'vitest';
import { dropWithReason } from './drop.ts';
import { caseRow, clientTexts, eventsOf, topicTexts, useActionSystems } from './testing.ts';

const system = useActionSystems();

describe('dropWithReason', () => {
  it('closes without a record for a reason: a code on the case, the words sealed, nothing to the client', async () => {
    const s = await system();
    const { user, kase, topicId } = await s.newCase('Client', 'купи рекламу');
    const before = clientTexts(s, user.id).length;
    expect(await dropWithReason(s.bot, s.inTelegram, { caseId: kase.id, reason: 'спам, реклама' })).toBe('ok');
    expect(await caseRow(s, kase.id)).toMatchObject({ status: 'closed', closeReason: 'spam' });
    expect(await eventsOf(s, kase.id, 'dropped')).toMatchObject([{ data: { reason: 'spam' } }]);
    expect(clientTexts(s, user.id)).toHaveLength(before);
    expect(topicTexts(s, topicId).at(-1)).toContain('спам, реклама');
    expect(await dropWithReason(s.bot, s.inTelegram, { caseId: kase.id, reason: 'ещё раз' })).toBe('closed');
  });

  it('needs a reason of a sensible length', async () => {
    const s = await system();
    const { kase } = await s.newCase('Client', 'привет');
    expect(await dropWithReason(s.bot, s.inTelegram, { caseId: kase.id, reason: ' ' })).toBe('empty');
    expect(await dropWithReason(s.bot, s.inTelegram, { caseId: kase.id, reason: 'x'.repeat(1001) })).toBe('too-long');
  });
});
