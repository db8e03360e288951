import type { Context } from 'hono';
import type { Locale } from '../../config.ts';
import { needsTotpEnrolment } from './accounts.ts';
import type { Account, LoadedSession } from './sessions.ts';

/**
 * Where a session stands: fully signed in, waiting for the code from the app, or (admin and
 * coordinator without a second factor yet) sent to enrol one.
 */
export type SessionState = 'anonymous' | 'needs-totp' | 'needs-enrolment' | 'ok';

export function sessionState(s: LoadedSession | null): SessionState {
  if (!s) return 'anonymous';
  if (s.account.totpEnabledAt && !s.verifiedAt) return 'needs-totp';
  if (needsTotpEnrolment(s.account)) return 'needs-enrolment';
  // Unverified without a factor to check (its role changed since): the session leads nowhere.
  return s.verifiedAt ? 'ok' : 'anonymous';
}

/** The sign-in pages' addresses, for the app's `signedIn` guard and the sign-in routes. */
export function signInPaths(base: string, defaultLocale: Locale) {
  /** The signed-in page: `/console` (a mounted app's `/` has no trailing slash). */
  const home = base || '/';
  return {
    home,
    /** Before sign-in the language lives in the address, so forms and links carry it. */
    withLang: (c: Context, path: string) => (c.get('session' as never) || c.get('locale' as never) === defaultLocale ? path : `${path}?lang=${c.get('locale' as never)}`),
    /** Where an account goes after its password (or its code): the code, enrolment, or the console. */
    nextStep: (account: Account, verified: boolean) =>
      account.totpEnabledAt && !verified ? `${base}/login/totp` : needsTotpEnrolment(account) ? `${base}/totp/enrol` : home,
  };
}
