import { InputFile, type Api } from 'grammy';
import { describe, expect, it } from 'vitest';
import type { TelegramEmulator } from './index.ts';
import { fails, useEmulator } from './testing.ts';

let emu: TelegramEmulator;
let api: Api;
useEmulator((e, a) => ((emu = e), (api = a)));

describe('a person shares a live location', () => {
  it('sends it with live_period, then each move is an edited_message of the same message, until stopped', async () => {
    const u = emu.createUser({ first_name: 'Ann' });
    const m = emu.userSends(u.id, u.id, { location: { latitude: 59.93, longitude: 30.33, live_period: 900 } });
    expect(m.location).toEqual({ latitude: 59.93, longitude: 30.33, live_period: 900 });
    emu.advanceClock(60_000);
    const moved = emu.userMovesLiveLocation(u.id, u.id, m.message_id, { latitude: 59.94, longitude: 30.34, heading: 90, horizontal_accuracy: 12 });
    expect(moved.location).toEqual({ latitude: 59.94, longitude: 30.34, live_period: 900, heading: 90, horizontal_accuracy: 12 });
    expect(moved.edit_date).toBe(m.date + 60);
    const stopped = emu.userStopsLiveLocation(u.id, u.id, m.message_id);
    expect(stopped.location).toEqual({ latitude: 59.94, longitude: 30.34, horizontal_accuracy: 12 });

    const updates = await api.getUpdates();
    expect(updates.map((x) => (x.message ? 'message' : x.edited_message ? 'edited_message' : '?'))).toEqual(['message', 'edited_message', 'edited_message']);
    expect(new Set(updates.map((x) => (x.message ?? x.edited_message)?.message_id))).toEqual(new Set([m.message_id]));
    expect(updates[1]?.edited_message?.location?.latitude).toBe(59.94);
    expect(emu.message(u.id, m.message_id)?.location?.live_period).toBeUndefined();

    expect(() => emu.userMovesLiveLocation(u.id, u.id, m.message_id, { latitude: 1, longitude: 1 })).toThrow(/not a live location/);
  });

  it('ends when its period is over; a static location cannot be moved', async () => {
    const u = emu.createUser({ first_name: 'Ann' });
    const live = emu.userSends(u.id, u.id, { location: { latitude: 1, longitude: 2, live_period: 60 } });
    const still = emu.userSends(u.id, u.id, { location: { latitude: 1, longitude: 2 } });
    expect(() => emu.userMovesLiveLocation(u.id, u.id, still.message_id, { latitude: 1, longitude: 1 })).toThrow(/not a live location/);
    emu.advanceClock(61_000);
    expect(() => emu.userMovesLiveLocation(u.id, u.id, live.message_id, { latitude: 1, longitude: 1 })).toThrow(/has ended/);
    expect(() => emu.userSends(u.id, u.id, { location: { latitude: 1, longitude: 2, live_period: 30 } })).toThrow(/live_period/);
  });

  it('can be played through the control API', async () => {
    const u = emu.createUser({ first_name: 'Ann' });
    const post = async (path: string, body: unknown) =>
      (await (await emu.app.request(`/control${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as {
        ok: boolean;
        result: { message_id: number; location: { latitude: number; live_period?: number } };
      };
    const sent = await post('/messages', { from: u.id, chat_id: u.id, location: { latitude: 10, longitude: 20, live_period: 3600 } });
    expect(sent.result.location.live_period).toBe(3600);
    const moved = await post('/live-locations/move', { from: u.id, chat_id: u.id, message_id: sent.result.message_id, latitude: 10.5, longitude: 20 });
    expect([moved.ok, moved.result.location.latitude]).toEqual([true, 10.5]);
    const stopped = await post('/live-locations/stop', { from: u.id, chat_id: u.id, message_id: sent.result.message_id });
    expect(stopped.result.location.live_period).toBeUndefined();
  });
});

describe("the bot's locations and captions", () => {
  it('editMessageCaption: a static location "can\'t be edited"; a live one, or a text, has "no caption"; media without one is "not modified"', async () => {
    const u = emu.createUser({ first_name: 'Ann' });
    emu.userSends(u.id, u.id, { text: '/start' });
    const still = await api.sendLocation(u.id, 59.9, 30.3);
    const live = await api.sendLocation(u.id, 59.9, 30.3, { live_period: 900 });
    expect(live.location).toEqual({ latitude: 59.9, longitude: 30.3, live_period: 900 });
    const text = await api.sendMessage(u.id, 'hello');
    const photo = await api.sendPhoto(u.id, new InputFile(Buffer.from('jpeg'), 'p.jpg'));

    expect(await fails(api.editMessageCaption(u.id, still.message_id, { caption: 'x' }))).toBe("Bad Request: message can't be edited");
    expect(await fails(api.editMessageText(u.id, still.message_id, 'x'))).toBe("Bad Request: message can't be edited");
    expect(await fails(api.editMessageCaption(u.id, live.message_id, { caption: 'x' }))).toBe('Bad Request: there is no caption in the message to edit');
    expect(await fails(api.editMessageCaption(u.id, text.message_id, { caption: 'x' }))).toBe('Bad Request: there is no caption in the message to edit');
    const notModified =
      'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';
    expect(await fails(api.editMessageCaption(u.id, photo.message_id, { caption: '' }))).toBe(notModified);
    expect(await fails(api.editMessageCaption(u.id, photo.message_id))).toBe(notModified);
    await api.editMessageCaption(u.id, photo.message_id, { caption: 'now one' });
    // Only the keyboard: any message but a service one.
    await api.editMessageReplyMarkup(u.id, still.message_id, { reply_markup: { inline_keyboard: [[{ text: 'Route', url: 'https://example.org' }]] } });
    // A user's location is theirs to edit, not the bot's.
    const theirs = emu.userSends(u.id, u.id, { location: { latitude: 1, longitude: 2, live_period: 900 } });
    expect(await fails(api.editMessageCaption(u.id, theirs.message_id, { caption: 'x' }))).toBe("Bad Request: message can't be edited");
  });

  it('editMessageLiveLocation and stopMessageLiveLocation work while the location is live', async () => {
    const u = emu.createUser({ first_name: 'Ann' });
    emu.userSends(u.id, u.id, { text: '/start' });
    const live = await api.sendLocation(u.id, 59.9, 30.3, { live_period: 120 });
    const edited = await api.editMessageLiveLocation(u.id, live.message_id, 59.95, 30.35, { heading: 45 });
    expect(edited !== true && edited.location).toEqual({ latitude: 59.95, longitude: 30.35, live_period: 120, heading: 45 });
    expect(edited !== true && edited.edit_date).toBeTypeOf('number');
    const text = await api.sendMessage(u.id, 'hello');
    expect(await fails(api.editMessageLiveLocation(u.id, text.message_id, 1, 2))).toBe('Bad Request: there is no live location in the message to edit');
    const still = await api.sendLocation(u.id, 1, 2);
    expect(await fails(api.editMessageLiveLocation(u.id, still.message_id, 1, 2))).toBe("Bad Request: message can't be edited");
    const stopped = await api.stopMessageLiveLocation(u.id, live.message_id);
    expect(stopped !== true && stopped.location).toEqual({ latitude: 59.95, longitude: 30.35 });
    expect(await fails(api.stopMessageLiveLocation(u.id, live.message_id))).toBe("Bad Request: message can't be edited");

    const short = await api.sendLocation(u.id, 1, 2, { live_period: 60 });
    emu.advanceClock(61_000);
    expect(await fails(api.editMessageLiveLocation(u.id, short.message_id, 1, 3))).toBe("Bad Request: message can't be edited");
    expect(await fails(api.sendLocation(u.id, 1, 2, { live_period: 30 }))).toBe('Bad Request: wrong live location period specified');
    expect(await fails(api.sendLocation(u.id, 1, 2, { live_period: 600, heading: 400 }))).toBe('Bad Request: wrong live location heading specified');
    await api.sendLocation(u.id, 1, 2, { live_period: 0x7fffffff });
  });
});
