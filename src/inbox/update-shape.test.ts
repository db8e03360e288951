import { describe, expect, it } from 'vitest';
import { isUpdate, orderingKey, triage, updateKind } from './update-shape.ts';

const message = { message_id: 1, date: 1, chat: { id: 5, type: 'private' }, from: { id: 5, is_bot: false, first_name: 'A' }, text: 'x' };

describe('update triage', () => {
  it('handles the known types with a sound shape', () => {
    expect(triage({ update_id: 1, message })).toEqual({ verdict: 'handle', kind: 'message' });
    expect(triage({ update_id: 1, edited_message: message })).toEqual({ verdict: 'handle', kind: 'edited_message' });
  });

  it('skips unknown types and malformed payloads', () => {
    expect(triage({ update_id: 1, business_connection: {} })).toMatchObject({ verdict: 'skip', reason: 'unknown_type' });
    expect(triage({ update_id: 1 })).toMatchObject({ verdict: 'skip', kind: 'empty' });
    expect(triage({ update_id: 1, message: { text: 'no chat' } })).toMatchObject({ verdict: 'skip', reason: 'malformed' });
    expect(triage({ update_id: 1, message: 'string' })).toMatchObject({ verdict: 'skip', reason: 'malformed' });
    // What handlers read as strings must be strings.
    expect(triage({ update_id: 1, message: { ...message, text: 42 } })).toMatchObject({ verdict: 'skip', reason: 'malformed' });
    expect(triage({ update_id: 1, callback_query: { id: 'q', from: message.from, data: ['x'] } })).toMatchObject({ verdict: 'skip', reason: 'malformed' });
    const member = { status: 'member', user: message.from };
    expect(triage({ update_id: 1, my_chat_member: { chat: message.chat, from: message.from, date: 1, old_chat_member: member, new_chat_member: member } })).toMatchObject({ verdict: 'handle' });
    expect(triage({ update_id: 1, my_chat_member: { chat: message.chat, from: message.from, date: 1, old_chat_member: member, new_chat_member: null } })).toMatchObject({ verdict: 'skip', reason: 'malformed' });
  });

  it('orders by private chat, and by topic in forum groups', () => {
    expect(orderingKey({ update_id: 1, message })).toBe('chat:5');
    expect(orderingKey({ update_id: 1, message: { ...message, chat: { id: -100, type: 'supergroup' }, is_topic_message: true, message_thread_id: 9 } })).toBe('chat:-100:9');
    expect(orderingKey({ update_id: 1, callback_query: { id: 'q', from: { id: 7 }, message: { message_id: 1, chat: { id: 7 } } } })).toBe('chat:7');
    expect(orderingKey({ update_id: 1, weird: 1 })).toBe('misc');
    expect(updateKind({ update_id: 3, poll: {} })).toBe('poll');
  });

  it('names a type with letters, digits and _ only, and never finds Object’s keys among the handled types', () => {
    expect(updateKind({ update_id: 1, 'evil\u0000"kind with spaces': {} })).toBe('evil__kind_with_spaces');
    expect(updateKind({ update_id: 1, ['x'.repeat(500)]: {} })).toHaveLength(64);
    for (const kind of ['constructor', 'toString', 'hasOwnProperty']) expect(triage({ update_id: 1, [kind]: message })).toMatchObject({ verdict: 'skip', reason: 'unknown_type' });
    expect(triage(JSON.parse('{"update_id": 1, "__proto__": {}}'))).toMatchObject({ verdict: 'skip', reason: 'unknown_type' });
  });

  it('tells an update from anything else', () => {
    expect(isUpdate({ update_id: 5 })).toBe(true);
    for (const not of [null, 'x', 5, [], { update_id: '5' }, { update_id: 1.5 }, { update_id: 2 ** 60 }, {}]) expect(isUpdate(not)).toBe(false);
  });
});
