import { describe, expect, it } from 'vitest';
import { referrals } from '../db/schema/index.ts';
import { directoryInForce, referExternally } from './external.ts';
import { clientTexts, eventsOf, useActionSystems } from './testing.ts';

const system = useActionSystems();
const DIRECTORY = [{ slug: 'aids-centre', kind: 'aids_centre' as const, name: { ru: 'СПИД-центр', en: 'AIDS centre' }, contacts: '+7 000' }];
const REVIEWER = { name: 'Anna Test', role: 'doctor' };

describe('referExternally', () => {
  it('sends a verified organisation once while its referral is pending, and records it', async () => {
    const s = await system({ settings: { externalOrganisations: DIRECTORY, contentReviewer: REVIEWER } });
    const { user, kase } = await s.newCase('Client', 'тест на ВИЧ');
    const [org] = await directoryInForce(s.bot);
    expect(await referExternally(s.bot, s.inTelegram, { caseId: kase.id, organisationId: org!.id })).toBe('ok');
    expect(await referExternally(s.bot, s.inTelegram, { caseId: kase.id, organisationId: org!.id })).toBe('already');
    expect(clientTexts(s, user.id).filter((t) => t.startsWith('СПИД-центр'))).toHaveLength(1);
    expect(await s.db.select().from(referrals)).toHaveLength(1);
    expect(await eventsOf(s, kase.id, 'external_referral')).toMatchObject([{ data: { organisation: 'aids-centre' } }]);
    expect(await eventsOf(s, kase.id, 'bot_message')).toMatchObject([{ data: { flow: 'organisation' } }]);
  });

  it('never sends details nobody verified', async () => {
    const s = await system({ settings: { externalOrganisations: DIRECTORY, contentReviewer: undefined } });
    const { kase } = await s.newCase('Client', 'тест');
    const [org] = await directoryInForce(s.bot);
    expect(await referExternally(s.bot, s.inTelegram, { caseId: kase.id, organisationId: org!.id })).toBe('unverified');
    expect(await referExternally(s.bot, s.inTelegram, { caseId: kase.id, organisationId: 999 })).toBe('organisation');
  });
});
