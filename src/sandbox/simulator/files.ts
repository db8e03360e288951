import type { Context, Hono } from 'hono';
import type { Message } from 'grammy/types';
import type { TelegramEmulator } from '../emulator/index.ts';
import type { UserContent } from '../emulator/index.ts';

/** The largest file a person may send from the simulator (Telegram's bots download up to 20 MB). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** The image type of a file's bytes, when they are an image a browser shows (never SVG: it could carry script). */
export function imageType(data: Buffer | undefined): string | undefined {
  if (!data || data.length < 12) return undefined;
  if (data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  if (data.subarray(0, 4).toString('latin1') === 'GIF8') return 'image/gif';
  return undefined;
}

/** The file a message carries (a photo's largest size), with the name it goes by. */
export function fileOf(m: Message): { fileId: string; name?: string; photo: boolean } | undefined {
  if (m.photo?.length) return { fileId: m.photo.at(-1)!.file_id, photo: true };
  const f = m.document ?? m.sticker ?? m.voice ?? m.video ?? m.video_note ?? m.audio ?? m.animation;
  if (!f) return undefined;
  const name = 'file_name' in f && typeof f.file_name === 'string' ? f.file_name : undefined;
  return { fileId: f.file_id, photo: false, ...(name ? { name } : {}) };
}

/** A file's name as it may be offered for download: no path, no control characters. */
export function safeFileName(name: string | undefined, fallback = 'file'): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(0, 120);
  return clean || fallback;
}

/**
 * What a person's chosen file becomes in Telegram: a photo when it is a picture (as the app sends a
 * picture), otherwise a document with its name; the text goes with it as the caption.
 */
export function uploadContent(data: Buffer, name: string, type: string, caption: string | undefined): UserContent {
  const withCaption = caption?.trim() ? { caption: caption.trim() } : {};
  if (imageType(data)) return { photo: data, ...withCaption };
  return { document: data, file_name: safeFileName(name, 'document'), mime_type: /^[\w.+-]+\/[\w.+-]+$/.test(type) ? type : 'application/octet-stream', ...withCaption };
}

/**
 * Serves the files of messages from the simulator's own origin: `/file/<chat>/<message>`. A picture
 * is shown as one; anything else is a download (never run or shown by the browser as a page).
 */
export function mountFiles(app: Hono, emu: TelegramEmulator, notFound: (c: Context) => Response): { fileSrc: (m: Message) => string | undefined } {
  const lookup = (chat: number, message: number) => (emu.chats().some((x) => x.id === chat) ? emu.message(chat, message) : undefined);
  const serve = (c: Context) => {
    const m = lookup(Number(c.req.param('chat')), Number(c.req.param('message')));
    const f = m ? fileOf(m) : undefined;
    const data = f ? emu.fileContent(f.fileId) : undefined;
    if (!f || !data) return notFound(c);
    const image = imageType(data);
    const headers: Record<string, string> = {
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, max-age=3600',
    };
    if (image) return c.body(new Uint8Array(data), 200, { ...headers, 'content-type': image });
    if (f.photo) return notFound(c);
    const name = safeFileName(f.name ?? m?.document?.file_name);
    return c.body(new Uint8Array(data), 200, {
      ...headers,
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    });
  };
  app.get('/file/:chat/:message', serve);
  // The address photos had before every file was served.
  app.get('/photo/:chat/:message', serve);
  return {
    fileSrc: (m) => {
      const f = fileOf(m);
      const data = f ? emu.fileContent(f.fileId) : undefined;
      if (!f || !data || (f.photo && !imageType(data))) return undefined;
      return `/sandbox/file/${m.chat.id}/${m.message_id}`;
    },
  };
}
