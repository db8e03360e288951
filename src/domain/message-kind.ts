import type { Message } from 'grammy/types';

/** What the relay does with each kind of message. */
export const RELAYED_KINDS = [
  'text',
  'photo',
  'voice',
  'video',
  'video_note',
  'document',
  'sticker',
  'location',
  'venue',
  'audio',
  'animation',
] as const;
export type RelayedKind = (typeof RELAYED_KINDS)[number];
/** `article`: a verified knowledge-base article the bot sent on a worker's /kb. */
export type MessageKind = RelayedKind | 'contact' | 'article' | 'other';

/** Telegram's caption limit for copies; longer captions (premium users) are sent as a separate message. */
export const CAPTION_LIMIT = 1024;

export function messageKind(m: Message): MessageKind {
  // Order matters: a venue also carries a location, an animation also carries a document.
  if (m.text !== undefined) return m.text === '' ? 'other' : 'text';
  if (m.animation) return 'animation';
  if (m.photo) return 'photo';
  if (m.voice) return 'voice';
  if (m.video_note) return 'video_note';
  if (m.video) return 'video';
  if (m.audio) return 'audio';
  if (m.document) return 'document';
  if (m.sticker) return 'sticker';
  if (m.venue) return 'venue';
  if (m.location) return 'location';
  if (m.contact) return 'contact';
  return 'other';
}

export function isRelayed(kind: MessageKind): kind is RelayedKind {
  return (RELAYED_KINDS as readonly string[]).includes(kind);
}

/**
 * The text a message carries (its text or caption), which is what gets stored, encrypted. A shared
 * location or venue carries its point as `geo:<lat>,<lon>` (a venue's name and address on the next
 * line), so the console can show it on a map and measure it against the mobile units' stops; it is
 * sealed and erased with the text.
 */
export function messageBody(m: Pick<Message, 'text' | 'caption'> & Partial<Pick<Message, 'location' | 'venue'>>): string | undefined {
  const point = m.venue?.location ?? m.location;
  if (point && m.text === undefined && m.caption === undefined) {
    const geo = `geo:${point.latitude.toFixed(5)},${point.longitude.toFixed(5)}`;
    return m.venue ? `${geo}\n${[m.venue.title, m.venue.address].filter(Boolean).join(', ')}` : geo;
  }
  return m.text ?? m.caption;
}

/** The point a location's stored body holds (see `messageBody`), or undefined for any other text. */
export function geoOf(body: string | undefined): { latitude: number; longitude: number; label?: string } | undefined {
  const m = /^geo:(-?\d{1,2}(?:\.\d+)?),(-?\d{1,3}(?:\.\d+)?)(?:\n([\s\S]*))?$/.exec(body ?? '');
  if (!m) return undefined;
  const latitude = Number(m[1]);
  const longitude = Number(m[2]);
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return undefined;
  return { latitude, longitude, ...(m[3] ? { label: m[3] } : {}) };
}

/**
 * The Telegram file_id of the message's media (a photo's largest size, a voice message, audio,
 * video, video message, document, animation or sticker), kept sealed so the console can fetch the
 * file from Telegram later. An identifier of the file alone: never log it.
 */
export function fileIdOf(m: Pick<Message, 'photo' | 'voice' | 'audio' | 'video' | 'video_note' | 'document' | 'animation' | 'sticker'>): string | undefined {
  if (m.photo && m.photo.length > 0) {
    const area = (s: (typeof m.photo)[number]) => s.width * s.height;
    const largest = m.photo.reduce((best, s) => (area(s) > area(best) || (area(s) === area(best) && (s.file_size ?? 0) > (best.file_size ?? 0)) ? s : best));
    return largest.file_id;
  }
  // An animation also carries a document (the same file): either gives it.
  return (m.animation ?? m.voice ?? m.video_note ?? m.video ?? m.audio ?? m.document ?? m.sticker)?.file_id;
}

/** Whether the message is a service message (topic created, member joined, …) rather than content. */
export function isServiceMessage(m: Message): boolean {
  return messageKind(m) === 'other' && !m.poll && !m.dice && !m.game && !m.story && !m.invoice;
}

/** The parts of a Telegram message a copy or an edit needs, as plain data for the case actions. */
export function contentOf(m: Pick<Message, 'message_id' | 'text' | 'entities' | 'caption' | 'caption_entities' | 'location'>) {
  return { messageId: m.message_id, text: m.text, entities: m.entities, caption: m.caption, captionEntities: m.caption_entities, location: m.location !== undefined };
}

/** A client's message as the case actions take it: plain data, read from Telegram's message once, at the adapter. */
export interface ClientMessage {
  from: { id: number; language_code?: string };
  chatId: number;
  content: ReturnType<typeof contentOf>;
  kind: MessageKind;
  body?: string;
  fileId?: string;
  /** The message it replies to in the client's chat. */
  replyTo?: number;
  /** Written to the channel: the client's topic in its direct messages chat. */
  directTopicId?: number;
  service: boolean;
  /**
   * When it reached us, if it was answered before it was stored (the emergency reply goes out on
   * arrival): its place in the timeline is then before that reply. Otherwise it is recorded as it
   * is handled, which is before anything the bot answers it with.
   */
  arrivedAt?: Date;
}

export function clientMessageOf(m: Message & { from: { id: number; language_code?: string } }): ClientMessage {
  return {
    from: { id: m.from.id, language_code: m.from.language_code },
    chatId: m.chat.id,
    content: contentOf(m),
    kind: messageKind(m),
    body: messageBody(m),
    fileId: fileIdOf(m),
    replyTo: m.reply_to_message?.message_id,
    ...(m.direct_messages_topic ? { directTopicId: m.direct_messages_topic.topic_id } : {}),
    service: isServiceMessage(m),
  };
}
