import type { Api } from 'grammy';
import { describe, expect, it } from 'vitest';
import type { TelegramEmulator } from './index.ts';
import { fails, useEmulator } from './testing.ts';

let emu: TelegramEmulator;
let api: Api;
useEmulator((e, a) => ((emu = e), (api = a)));

const HOUR = 3_600_000;

describe('deleting messages: the 48-hour window', () => {
  it('in a private chat: for everyone up to 48 hours, then "message can\'t be deleted for everyone"', async () => {
    const u = emu.createUser({ first_name: 'Ann' });
    const theirs = emu.userSends(u.id, u.id, { text: 'hello' });
    const mine = await api.sendMessage(u.id, 'welcome');
    const other = await api.sendMessage(u.id, 'menu');
    emu.advanceClock(47 * HOUR);
    expect(await api.deleteMessage(u.id, other.message_id)).toBe(true);
    emu.advanceClock(HOUR + 1000);
    expect(await fails(api.deleteMessage(u.id, mine.message_id))).toBe("Bad Request: message can't be deleted for everyone");
    expect(await fails(api.deleteMessage(u.id, theirs.message_id))).toBe("Bad Request: message can't be deleted for everyone");
    expect(emu.message(u.id, mine.message_id)).toBeDefined();
    // A fresh one still goes.
    const fresh = await api.sendMessage(u.id, 'later');
    expect(await api.deleteMessage(u.id, fresh.message_id)).toBe(true);
  });

  it('in a supergroup: nothing 48 hours old, whatever the rights; younger: own messages, or anyone\'s with can_delete_messages', async () => {
    const w = emu.createUser({ first_name: 'Worker' });
    const staff = emu.createForumGroup({ title: 'Staff', members: [w.id] });
    const plain = emu.createGroup({ title: 'Community', members: [w.id], botIsAdmin: false });
    const topic = await api.createForumTopic(staff.id, 'Case 1');
    const own = await api.sendMessage(staff.id, 'alert', { message_thread_id: topic.message_thread_id });
    const theirs = emu.userSends(w.id, staff.id, { text: '/link ABC' }, { message_thread_id: topic.message_thread_id });
    const inPlain = emu.userSends(w.id, plain.id, { text: '/start' });
    const ownPlain = await api.sendMessage(plain.id, 'hello');

    expect(await fails(api.deleteMessage(plain.id, inPlain.message_id))).toBe("Bad Request: message can't be deleted");
    expect(await fails(api.deleteMessage(staff.id, topic.message_thread_id))).toBe("Bad Request: message can't be deleted");
    emu.advanceClock(48 * HOUR);
    expect(await fails(api.deleteMessage(staff.id, own.message_id))).toBe("Bad Request: message can't be deleted");
    expect(await fails(api.deleteMessage(staff.id, theirs.message_id))).toBe("Bad Request: message can't be deleted");
    expect(await fails(api.deleteMessage(plain.id, ownPlain.message_id))).toBe("Bad Request: message can't be deleted");

    const recent = emu.userSends(w.id, staff.id, { text: '/link DEF' }, { message_thread_id: topic.message_thread_id });
    expect(await api.deleteMessage(staff.id, recent.message_id)).toBe(true);
  });

  it('deleteMessages skips unknown ids but deletes all or nothing', async () => {
    const u = emu.createUser({ first_name: 'Ann' });
    emu.userSends(u.id, u.id, { text: 'hello' });
    const old = await api.sendMessage(u.id, 'old');
    emu.advanceClock(49 * HOUR);
    const a = await api.sendMessage(u.id, 'a');
    const b = await api.sendMessage(u.id, 'b');
    expect(await fails(api.deleteMessages(u.id, [a.message_id, old.message_id]))).toBe("Bad Request: message can't be deleted for everyone");
    expect(emu.message(u.id, a.message_id)).toBeDefined();
    expect(await api.deleteMessages(u.id, [a.message_id, 9999, b.message_id])).toBe(true);
    expect([emu.message(u.id, a.message_id), emu.message(u.id, b.message_id)]).toEqual([undefined, undefined]);
    expect(await api.deleteMessages(u.id, [9998, 9999])).toBe(true);
    expect(await fails(api.deleteMessage(u.id, 9999))).toBe('Bad Request: message to delete not found');
  });

  it('the clock moves only forward, and the control API can move it', async () => {
    expect(() => emu.advanceClock(-1)).toThrow(RangeError);
    const before = emu.now();
    const r = await emu.app.request('/control/clock', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance_seconds: 3600 }) });
    expect(r.status).toBe(200);
    expect(emu.now() - before).toBeGreaterThanOrEqual(3_600_000);
  });
});
