import { describe, expect, it } from 'vitest';
import { orderingKey, triage, updateKind } from './update-shape.ts';

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
  });

  it('orders by private chat, and by topic in forum groups', () => {
    expect(orderingKey({ update_id: 1, message })).toBe('chat:5');
    expect(orderingKey({ update_id: 1, message: { ...message, chat: { id: -100, type: 'supergroup' }, is_topic_message: true, message_thread_id: 9 } })).toBe('chat:-100:9');
    expect(orderingKey({ update_id: 1, callback_query: { id: 'q', from: { id: 7 }, message: { message_id: 1, chat: { id: 7 } } } })).toBe('chat:7');
    expect(orderingKey({ update_id: 1, weird: 1 })).toBe('misc');
    expect(updateKind({ update_id: 3, poll: {} })).toBe('poll');
  });
});
