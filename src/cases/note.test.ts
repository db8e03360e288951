import { describe, expect, it } from 'vitest';
import { addNote } from './note.ts';
import { clientTexts, eventsOf, useActionSystems } from './testing.ts';

const system = useActionSystems();

describe('addNote', () => {
  it('keeps a note in the timeline, sealed, never sent to the client', async () => {
    const s = await system();
    const { user, kase } = await s.newCase('Client', 'привет');
    const before = clientTexts(s, user.id).length;
    expect(await addNote(s.bot, s.inTelegram, { caseId: kase.id, text: ' позвонить утром ' })).toBe('ok');
    const [note] = await eventsOf(s, kase.id, 'note');
    expect(note).toMatchObject({ actor: 'staff', via: 'telegram', staffMemberId: s.vera.id });
    expect(clientTexts(s, user.id)).toHaveLength(before);
    expect(JSON.stringify(await s.db.execute('select * from messages'))).not.toContain('позвонить утром');
  });

  it('refuses an empty or too long note, and a case that does not exist', async () => {
    const s = await system();
    const { kase } = await s.newCase('Client', 'привет');
    expect(await addNote(s.bot, s.inTelegram, { caseId: kase.id, text: '  ' })).toBe('empty');
    expect(await addNote(s.bot, s.inTelegram, { caseId: kase.id, text: 'x'.repeat(3801) })).toBe('too-long');
    expect(await addNote(s.bot, s.inTelegram, { caseId: 999, text: 'x' })).toBe('not-found');
  });
});
