import { sql } from 'drizzle-orm';
import { bigserial, index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { cases } from './cases.ts';
import { staffMembers } from './staff.ts';

/** Web console accounts. Passwords are Argon2id hashes; TOTP secrets are sealed. */
export const accounts = pgTable('accounts', {
  id: serial('id').primaryKey(),
  login: text('login').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role').notNull(), // admin | coordinator | worker | specialist_medical | specialist_legal | specialist_psychological | specialist_social | researcher
  passwordHash: text('password_hash').notNull(),
  totpSecretSealed: text('totp_secret_sealed'),
  totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
  /** The member of the staff group this account belongs to, linked by a one-time code sent to the bot. */
  staffMemberId: integer('staff_member_id').references(() => staffMembers.id),
  locale: text('locale').notNull().default('ru'),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
});

/** Console sessions: only a hash of the cookie's token is stored. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    csrfSecret: text('csrf_secret').notNull(),
    /** Set once the second factor is checked (or when the account has none and needs none). */
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().default(sql`now()`),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_account').on(t.accountId)],
);

/** One-time links: the first admin's setup link, and codes linking an account to a staff-group member. */
export const oneTimeTokens = pgTable('one_time_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  purpose: text('purpose').notNull(), // setup | link_staff
  accountId: integer('account_id').references(() => accounts.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
});

/** Who looked at what: every view of a transcript, and every change an admin should be able to trace. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    accountId: integer('account_id').references(() => accounts.id),
    action: text('action').notNull(),
    caseId: integer('case_id').references(() => cases.id),
    detail: text('detail'),
    at: timestamp('at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    index('audit_log_at').on(t.at),
    // The audit page's filters, newest first; the action index also lists the actions there are.
    index('audit_log_action').on(t.action, t.at),
    index('audit_log_case').on(t.caseId, t.at),
    index('audit_log_account').on(t.accountId, t.at),
  ],
);
