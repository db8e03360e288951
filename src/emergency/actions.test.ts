import type { Update } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { emergencyActionOf, OD, parseCallback, SUBSTANCES } from './actions.ts';

const msg = (text: string, type = 'private') =>
  ({ update_id: 1, message: { message_id: 1, date: 1, chat: { id: 5, type }, from: { id: 5, is_bot: false, first_name: 'a' }, text } }) as unknown as Update;
const button = (data: string) =>
  ({ update_id: 1, callback_query: { id: 'q', chat_instance: 'c', from: { id: 5, is_bot: false, first_name: 'a' }, data, message: { message_id: 1, date: 1, chat: { id: 5, type: 'private' } } } }) as unknown as Update;

describe('overdose flow actions', () => {
  it('starts on the command, the menu and free text describing an overdose', () => {
    expect(emergencyActionOf(msg('/overdose'))).toMatchObject({ kind: 'start', trigger: 'command' });
    expect(emergencyActionOf(button('menu:overdose'))).toMatchObject({ kind: 'start', trigger: 'menu' });
    expect(emergencyActionOf(msg('помогите он не дышит'))).toMatchObject({ kind: 'start', trigger: 'text' });
    expect(emergencyActionOf(msg('my friend is not breathing'))).toMatchObject({ kind: 'start', trigger: 'text' });
  });

  it('ignores other messages, other commands and group chats', () => {
    expect(emergencyActionOf(msg('где автобус сегодня'))).toBeUndefined();
    expect(emergencyActionOf(msg('/start'))).toBeUndefined();
    expect(emergencyActionOf(msg('он не дышит', 'supergroup'))).toBeUndefined();
  });

  it('round-trips every button', () => {
    for (const s of SUBSTANCES) expect(parseCallback(OD.substance(s))).toEqual({ kind: 'substance', substance: s });
    expect(parseCallback(OD.breathing(false))).toEqual({ kind: 'breathing', breathing: false });
    expect(parseCallback(OD.arrived(true))).toEqual({ kind: 'arrived', arrived: true });
    expect(parseCallback(OD.law)).toEqual({ kind: 'law' });
    expect(parseCallback('od:s:crack')).toBeUndefined();
    expect(parseCallback('kb:naloxone')).toBeUndefined();
  });
});
