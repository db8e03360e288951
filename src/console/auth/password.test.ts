import { describe, expect, it } from 'vitest';
import { checkPassword, hashPassword, passwordProblemMessage, verifyNothing, verifyPassword } from './password.ts';

describe('passwords', () => {
  it('hashes with Argon2id and verifies', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse batterY')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
    expect(await verifyNothing('anything')).toBe(false);
  });

  it('asks for 12 characters and not the login', () => {
    expect(checkPassword('short', 'anna')).toEqual(['too-short']);
    expect(checkPassword('двенадцать!!', 'anna')).toEqual([]); // 12 letters in Cyrillic count as 12
    expect(checkPassword('Coordinator1', 'coordinator1')).toEqual(['same-as-login']);
    expect(checkPassword('x'.repeat(1025), 'anna')).toEqual(['too-long']);
    expect(checkPassword('a long enough passphrase', 'anna')).toEqual([]);
  });

  it('explains each problem in Russian and English', () => {
    expect(passwordProblemMessage('ru', 'too-short')).toBe('Пароль должен быть не короче 12 символов.');
    expect(passwordProblemMessage('en', 'too-short')).toBe('The password must be at least 12 characters long.');
    expect(passwordProblemMessage('en', 'same-as-login')).toBe('The password must not be the same as the login.');
    expect(passwordProblemMessage('ru', 'too-long')).toContain('не длиннее');
  });
});
