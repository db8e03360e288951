import { and, eq, gt, lte, ne, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/open.ts';
import { accounts, sessions } from '../../db/schema/index.ts';
import type { Vault } from '../../privacy/vault.ts';
import { isSecureRequest } from '../../http/client-address.ts';

/** Whether the request came over HTTPS: in http/client-address.ts, with the other forwarded headers. */
export { isSecureRequest };

/**
 * Console sessions. The cookie holds a random 32-byte token; the database holds only its keyed
 * hash, so a copy of the database opens no session. A session lasts 12 hours after the last
 * request (sliding) and never more than 7 days after it began.
 */

export const SESSION_COOKIE = 'netreach_session';
export const SLIDING_MS = 12 * 3600_000;
export const ABSOLUTE_MS = 7 * 24 * 3600_000;
/** Requests closer together than this do not rewrite the expiry (one write a minute at most). */
const TOUCH_MS = 60_000;

export interface SessionDeps {
  db: Db;
  vault: Vault;
  now: () => Date;
}

export type Account = typeof accounts.$inferSelect;

export interface LoadedSession {
  tokenHash: string;
  csrfSecret: string;
  verifiedAt: Date | null;
  createdAt: Date;
  expiresAt: Date;
  account: Account;
}

export const hashToken = (vault: Vault, token: string) => vault.hash('console-session', token);

export async function createSession(d: SessionDeps, accountId: number, opts: { verified: boolean }): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const now = d.now();
  const expiresAt = new Date(now.getTime() + SLIDING_MS);
  await d.db.insert(sessions).values({
    tokenHash: hashToken(d.vault, token),
    accountId,
    csrfSecret: randomBytes(32).toString('base64url'),
    verifiedAt: opts.verified ? now : null,
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
  });
  return { token, expiresAt };
}

/**
 * The live session of `token` with its account, sliding its expiry; null when the token is
 * unknown, expired, past its absolute limit, or its account is disabled.
 */
export async function loadSession(d: SessionDeps, token: string | undefined): Promise<LoadedSession | null> {
  if (!token || token.length > 200) return null;
  const now = d.now();
  const tokenHash = hashToken(d.vault, token);
  const [row] = await d.db
    .select({ session: sessions, account: accounts })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now)));
  if (!row) return null;
  const { session, account } = row;
  const absoluteEnd = session.createdAt.getTime() + ABSOLUTE_MS;
  if (absoluteEnd <= now.getTime() || account.disabledAt !== null) {
    await d.db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
    return null;
  }
  let expiresAt = session.expiresAt;
  if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_MS) {
    expiresAt = new Date(Math.min(now.getTime() + SLIDING_MS, absoluteEnd));
    await d.db.update(sessions).set({ lastSeenAt: now, expiresAt }).where(eq(sessions.tokenHash, tokenHash));
  }
  return { tokenHash, csrfSecret: session.csrfSecret, verifiedAt: session.verifiedAt, createdAt: session.createdAt, expiresAt, account };
}

export async function revokeSession(d: SessionDeps, token: string): Promise<void> {
  await d.db.delete(sessions).where(eq(sessions.tokenHash, hashToken(d.vault, token)));
}

export async function revokeSessionByHash(db: Db, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

/** Ends every session of an account (password change, role change, disabling, "sign out everywhere"). */
export async function revokeAllSessions(db: Db, accountId: number): Promise<void> {
  await db.delete(sessions).where(eq(sessions.accountId, accountId));
}

/** Ends an account's sessions but the one in use (a password changed by its owner). */
export async function revokeOtherSessions(db: Db, accountId: number, keepTokenHash: string): Promise<void> {
  await db.delete(sessions).where(and(eq(sessions.accountId, accountId), ne(sessions.tokenHash, keepTokenHash)));
}

/** How many sessions of an account are live, and its latest request in any of them (nothing about where from). */
export async function liveSessions(db: Db, accountId: number, now: Date): Promise<{ count: number; lastSeenAt: Date | null }> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int`, lastSeenAt: sql<string | Date | null>`max(${sessions.lastSeenAt})` })
    .from(sessions)
    .where(and(eq(sessions.accountId, accountId), gt(sessions.expiresAt, now), gt(sessions.createdAt, new Date(now.getTime() - ABSOLUTE_MS))));
  return { count: Number(row?.count ?? 0), lastSeenAt: row?.lastSeenAt ? new Date(row.lastSeenAt) : null };
}

/** Removes sessions past their expiry (for a periodic job; expired sessions are refused anyway). */
export async function purgeExpiredSessions(d: SessionDeps): Promise<void> {
  await d.db.delete(sessions).where(lte(sessions.expiresAt, d.now()));
}

/** The session cookie: HttpOnly, SameSite=Strict, Path=/, Secure behind HTTPS; kept at most the absolute lifetime. */
export function setSessionCookie(c: Context, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure: isSecureRequest(c),
    maxAge: ABSOLUTE_MS / 1000,
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Strict', secure: isSecureRequest(c) });
}

export function sessionToken(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}
