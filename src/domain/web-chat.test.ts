import { describe, expect, it } from 'vitest';
import { isSecretShape, isWebChat, newSecret, WEB_CHAT_BASE, webChatId, webUpdateId } from './web-chat.ts';

describe('web chat ids', () => {
  it('a secret is 192 random bits in 32 URL-safe characters', () => {
    const a = newSecret();
    expect(isSecretShape(a)).toBe(true);
    expect(Buffer.from(a, 'base64url')).toHaveLength(24);
    expect(newSecret()).not.toBe(a);
    expect(isSecretShape(`${a}x`)).toBe(false);
    expect(isSecretShape('a'.repeat(31) + '/')).toBe(false);
  });

  it('maps a secret to one chat id above every Telegram user id, a safe integer', () => {
    const s = newSecret();
    expect(webChatId(s)).toBe(webChatId(s));
    expect(webChatId(s)).not.toBe(webChatId(newSecret()));
    for (let i = 0; i < 200; i++) {
      const id = webChatId(newSecret());
      expect(isWebChat(id)).toBe(true);
      expect(Number.isSafeInteger(id)).toBe(true);
    }
    expect(isWebChat(WEB_CHAT_BASE - 1)).toBe(false);
    expect(isWebChat(7_000_000_000)).toBe(false);
    expect(isWebChat(-1001234567890)).toBe(false);
    expect(isWebChat('4503599627370496')).toBe(false);
  });

  it('gives a form sent twice one negative update id', () => {
    const chat = webChatId(newSecret());
    expect(webUpdateId(chat, 'token-1')).toBe(webUpdateId(chat, 'token-1'));
    expect(webUpdateId(chat, 'token-1')).not.toBe(webUpdateId(chat, 'token-2'));
    expect(webUpdateId(chat, 'token-1')).toBeLessThan(0);
    expect(Number.isSafeInteger(webUpdateId(chat, 'x'))).toBe(true);
  });
});
