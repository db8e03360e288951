import { describe, expect, it } from 'vitest';
import { caseEvents } from '../db/schema/index.ts';
import { recordBotMessage, recordEvent, timelineOf } from './timeline.ts';
import { useActionSystems } from './testing.ts';

const system = useActionSystems();

describe('the case timeline', () => {
  it('keeps events in the order they happened, texts sealed, codes in the clear', async () => {
    const s = await system();
    const { kase } = await s.newCase('Client', 'привет');
    const early = new Date(Date.now() - 60_000);
    await recordBotMessage(s.bot, kase.id, 'emergency', 'Звоните 103', { data: { step: 'first-reply' }, at: early });
    await recordEvent(s.bot, kase.id, { kind: 'client_tap', by: 'client', data: { button: 'od:s:opioids' }, text: 'Опиоиды' });
    const timeline = await timelineOf(s.bot, kase.id);
    expect(timeline.map((e) => [e.kind, e.actor])).toEqual([
      ['bot_message', 'bot'],
      ['client_message', 'client'],
      ['client_tap', 'client'],
    ]);
    expect(timeline[0]).toMatchObject({ text: 'Звоните 103', data: { flow: 'emergency', step: 'first-reply' } });
    const stored = JSON.stringify(await s.db.select().from(caseEvents));
    expect(stored).not.toContain('Звоните 103');
    expect(stored).not.toContain('Опиоиды');
    expect(stored).toContain('od:s:opioids');
  });
});
