import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases } from '../src/db/schema/index.ts';
import { startTestSystem, type TestSystem } from './support/system.ts';
import { searchEverything } from './support/privacy-search.ts';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem({ channel: true });
});
afterAll(() => sys?.stop());

describe("the channel's direct messages", () => {
  it('make a case like a private message, answered in the person\'s topic there, with nothing of them stored in clear', async () => {
    const dm = sys.emu.directMessagesChatOf(sys.channelId!)!;
    const person = sys.emu.createUser({ id: 7_123_456_001, first_name: 'Канальный', language_code: 'ru' });
    sys.emu.userWritesToChannel(person.id, sys.channelId!, { text: 'Здравствуйте, где найти вашу машину в субботу?' });
    await sys.settle();
    const [kase] = await sys.app.database.db.select().from(cases);
    expect(kase).toBeDefined();
    const copy = sys.topicMessages(kase!.topicId!).find((m) => m.text === 'Здравствуйте, где найти вашу машину в субботу?');
    expect(copy).toBeDefined();

    // A worker answers in the topic; the person reads it in their topic of the channel's messages.
    sys.emu.userSends(sys.workers[0]!.id, sys.staffChatId, { text: 'В субботу у м. Ладожская с 12 до 15.' }, { message_thread_id: kase!.topicId!, reply_to_message_id: copy!.message_id });
    await sys.settle();
    const theirs = sys.emu.messages(dm.id, { topicId: person.id }).map((m) => m.text);
    expect(theirs).toContain('В субботу у м. Ладожская с 12 до 15.');

    expect(await searchEverything(sys, [String(person.id), 'Канальный'])).toEqual([]);
  });

  it('answers an overdose written to the channel at once and alerts the case topic', async () => {
    const dm = sys.emu.directMessagesChatOf(sys.channelId!)!;
    const person = sys.emu.createUser({ first_name: 'Срочно', language_code: 'ru' });
    sys.emu.userWritesToChannel(person.id, sys.channelId!, { text: 'друг не дышит и посинел после героина, что делать' });
    await sys.settle();
    const theirs = sys.emu.messages(dm.id, { topicId: person.id }).filter((m) => m.from?.id !== person.id).map((m) => m.text ?? '');
    expect(theirs.some((t) => /103|112/.test(t))).toBe(true);
    const all = await sys.app.database.db.select().from(cases);
    const topic = sys.topicMessages(all.at(-1)!.topicId!).map((m) => m.text ?? '');
    expect(topic.some((t) => /написал в канал о возможной передозировке/.test(t))).toBe(true);
  });
});
