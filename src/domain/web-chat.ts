import { createHash, randomBytes } from 'node:crypto';

/**
 * The anonymous web chat speaks to the bot as a Telegram private chat would, with a chat id of its
 * own: a number from 2⁵² up, above every id Telegram gives a user (at most 52 significant bits),
 * so a web conversation and a Telegram chat can never be taken for each other.
 */
export const WEB_CHAT_BASE = 2 ** 52;

export function isWebChat(chatId: unknown): chatId is number {
  return typeof chatId === 'number' && Number.isSafeInteger(chatId) && chatId >= WEB_CHAT_BASE;
}

/** A conversation's secret: 24 random bytes (192 bits), URL-safe, 32 characters. It lives only in the person's link. */
export function newSecret(): string {
  return randomBytes(24).toString('base64url');
}

export function isSecretShape(s: string): boolean {
  return /^[A-Za-z0-9_-]{32}$/.test(s);
}

/**
 * The chat id a secret stands for. Unkeyed on purpose: a key rotation re-hashes clients from the
 * sealed chat id, and the link must still open the conversation afterwards; the id reveals nothing
 * of the 192-bit secret, and it is stored only hashed and sealed, as a Telegram id is.
 */
export function webChatId(secret: string): number {
  const digest = createHash('sha256').update(`netreach-web-chat:${secret}`).digest();
  // 52 bits of the digest above the base: still a safe integer.
  const low = Number(digest.readBigUInt64BE(0) & ((1n << 52n) - 1n));
  return WEB_CHAT_BASE + low;
}

/** A web client's first contact, as reports count it (a Telegram deep link cannot claim it). */
export const WEB_FIRST_CONTACT = 'webchat';

/**
 * A send to a web conversation may say it carries a worker's words (the page labels them as a
 * person's, not the bot's); the field exists only in calls to web chat ids, which never reach Telegram.
 */
export const WEB_FROM_STAFF = 'netreach_from_staff';

export function fromStaffTo(chatId: number): Record<string, true> {
  return isWebChat(chatId) ? { [WEB_FROM_STAFF]: true } : {};
}

/** Callback query ids of presses on a web page, told apart from Telegram's (which are digits). */
export const WEB_CALLBACK_PREFIX = 'web-';

/**
 * The update id of something a web conversation sent: negative, so it never meets Telegram's
 * (positive, increasing), and derived from what was submitted (the form's one-time token with what
 * it carried), so a form sent twice (a reload after a send) is one update, stored once. The token
 * is random and never stored, so the id tells nothing of what was sent.
 */
export function webUpdateId(chatId: number, submission: string): number {
  const digest = createHash('sha256').update(`${chatId}:${submission}`).digest();
  return -(1 + Number(digest.readBigUInt64BE(0) & ((1n << 52n) - 1n)));
}
