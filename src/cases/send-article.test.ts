import { describe, expect, it } from 'vitest';
import { sendArticle } from './send-article.ts';
import { clientTexts, eventsOf, useActionSystems } from './testing.ts';

const system = useActionSystems();
const contentReviewer = { name: 'Anna Test', role: 'doctor' };

describe('sendArticle', () => {
  it('sends the verified text in the client\'s language and records which version went out', async () => {
    const s = await system({ content: {}, settings: { contentReviewer } });
    const { user, kase } = await s.newCase('Client', 'абсцесс');
    const content = s.bot.content!;
    expect(await sendArticle({ ...s.bot, content }, s.inTelegram, { caseId: kase.id, slug: 'abscess-and-wounds' })).toBe('ok');
    expect(clientTexts(s, user.id).at(-1)).toContain('Абсцессы и раны');
    const [event] = await eventsOf(s, kase.id, 'staff_message');
    expect(event!.data).toMatchObject({ kind: 'article', slug: 'abscess-and-wounds', version: 1, locale: 'ru' });
  });

  it('has nothing to send for an article nobody verified', async () => {
    const s = await system({ content: { unverified: ['abscess-and-wounds'] }, settings: { contentReviewer } });
    const { kase } = await s.newCase('Client', 'абсцесс');
    const content = s.bot.content!;
    expect(await sendArticle({ ...s.bot, content }, s.inTelegram, { caseId: kase.id, slug: 'abscess-and-wounds' })).toBe('unverified');
  });
});
