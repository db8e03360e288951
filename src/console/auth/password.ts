import { hash, verify, type Algorithm } from '@node-rs/argon2';
import type { Locale } from '../../config.ts';
import { t } from '../../i18n/index.ts';

/**
 * Argon2id with OWASP's minimum (19 MiB, 2 passes, 1 lane). `Algorithm` is an ambient const enum
 * that the native module does not export at run time, so its value (2 = Argon2id) is written here.
 */
const ARGON2ID = 2 as Algorithm;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const PASSWORD_MIN_LENGTH = 12;
/** Long enough for any passphrase, short enough that nobody makes the server hash a megabyte. */
export const PASSWORD_MAX_LENGTH = 1024;

export type PasswordProblem = 'too-short' | 'too-long' | 'same-as-login';

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** True when `password` matches `passwordHash`; a malformed stored hash is a mismatch, not a crash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  if (password.length > PASSWORD_MAX_LENGTH) return false;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/**
 * Spends the time a real check would when the login does not exist, so the answer's timing does
 * not tell whether it does.
 */
export async function verifyNothing(password: string): Promise<false> {
  dummy ??= hashPassword('netreach-no-such-account-placeholder');
  await verifyPassword(await dummy, password);
  return false;
}

/** The minimum policy: at least 12 characters (code points), at most 1024, and not the login itself. */
export function checkPassword(password: string, login: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push('too-short');
  if (length > PASSWORD_MAX_LENGTH) problems.push('too-long');
  const norm = (s: string) => s.normalize('NFKC').trim().toLowerCase();
  if (login.trim() !== '' && norm(password) === norm(login)) problems.push('same-as-login');
  return problems;
}

export function passwordProblemMessage(locale: Locale, problem: PasswordProblem): string {
  switch (problem) {
    case 'too-short':
      return t(locale, 'console-password-too-short', { min: PASSWORD_MIN_LENGTH });
    case 'too-long':
      return t(locale, 'console-password-too-long', { max: PASSWORD_MAX_LENGTH });
    case 'same-as-login':
      return t(locale, 'console-password-same-as-login');
  }
}
