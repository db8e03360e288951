import type { Message } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { fileIdOf, geoOf, messageBody, messageKind } from './message-kind.ts';

const file = (id: string) => ({ file_id: id, file_unique_id: `u-${id}` });

describe('fileIdOf', () => {
  it("takes a photo's largest size, whatever the order Telegram lists them in", () => {
    const photo = [
      { ...file('small'), width: 90, height: 68, file_size: 1_000 },
      { ...file('large'), width: 1280, height: 960, file_size: 90_000 },
      { ...file('medium'), width: 800, height: 600, file_size: 40_000 },
    ];
    expect(fileIdOf({ photo })).toBe('large');
    expect(fileIdOf({ photo: [photo[0]!] })).toBe('small');
    expect(fileIdOf({ photo: [] })).toBeUndefined();
  });

  it('gives the file of each media kind the relay records', () => {
    const cases: Array<[Partial<Message>, string]> = [
      [{ voice: { ...file('v'), duration: 3 } }, 'v'],
      [{ audio: { ...file('a'), duration: 120 } }, 'a'],
      [{ video: { ...file('vid'), width: 640, height: 480, duration: 5 } }, 'vid'],
      [{ video_note: { ...file('vn'), length: 240, duration: 5 } }, 'vn'],
      [{ document: { ...file('doc'), file_name: 'leaflet.pdf' } }, 'doc'],
      [{ animation: { ...file('gif'), width: 1, height: 1, duration: 1 }, document: file('gif') }, 'gif'],
      [{ sticker: { ...file('st'), type: 'regular', width: 512, height: 512, is_animated: false, is_video: false } }, 'st'],
    ];
    for (const [m, id] of cases) expect(fileIdOf(m as Message), JSON.stringify(m)).toBe(id);
  });

  it('has no file for text, places and contacts', () => {
    for (const m of [{ text: 'hi' }, { location: { latitude: 59.9, longitude: 30.3 } }, { contact: { phone_number: '+7999', first_name: 'A' } }] as Partial<Message>[]) {
      expect(fileIdOf(m as Message)).toBeUndefined();
      expect(messageKind(m as Message)).not.toBe('photo');
    }
  });
});

describe('a shared location as stored text', () => {
  it('keeps the point (and a venue its name and address) so the console can map it', () => {
    expect(messageBody({ location: { latitude: 55.755826, longitude: 37.6173 } } as never)).toBe('geo:55.75583,37.61730');
    expect(messageBody({ venue: { location: { latitude: 59.9, longitude: 30.3 }, title: 'Аптека', address: 'Невский, 1' }, location: { latitude: 59.9, longitude: 30.3 } } as never)).toBe('geo:59.90000,30.30000\nАптека, Невский, 1');
    expect(messageBody({ text: 'hi' } as never)).toBe('hi');
  });

  it('reads the point back, and nothing from ordinary text', () => {
    expect(geoOf('geo:55.75583,37.61730')).toEqual({ latitude: 55.75583, longitude: 37.6173 });
    expect(geoOf('geo:59.9,30.3\nАптека, Невский, 1')).toEqual({ latitude: 59.9, longitude: 30.3, label: 'Аптека, Невский, 1' });
    expect(geoOf('geo:95,30')).toBeUndefined();
    expect(geoOf('I am at geo:55,37')).toBeUndefined();
    expect(geoOf(undefined)).toBeUndefined();
  });
});
