import { sql } from 'drizzle-orm';
import { bigserial, index, integer, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
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
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
});

/**
 * One-time recovery codes for when the phone with the authenticator is not at hand: ten issued
 * when the second factor is set up, shown once, stored only as keyed hashes; each works once.
 */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: serial('id').primaryKey(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    codeHash: text('code_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('recovery_codes_code').on(t.accountId, t.codeHash)],
);

/**
 * Failed sign-ins, counted per scope (a login from one address, an address, a login from anywhere,
 * an account's second factor) under a keyed hash of what is counted: neither a login nor an address
 * is stored in clear. `loginKey` (a keyed hash of the login) lets an admin clear an account's rows.
 */
export const loginThrottle = pgTable(
  'login_throttle',
  {
    key: text('key').primaryKey(),
    scope: text('scope').notNull(), // pair | address | login | code
    loginKey: text('login_key'),
    failures: integer('failures').notNull(),
    lastFailureAt: timestamp('last_failure_at', { withTimezone: true }).notNull(),
    /** Attempts in this scope are refused until then (never a whole login: see auth/login-limit.ts). */
    blockedUntil: timestamp('blocked_until', { withTimezone: true }),
    /** The block whose first refusal is already in the audit log. */
    notedUntil: timestamp('noted_until', { withTimezone: true }),
  },
  (t) => [index('login_throttle_login').on(t.loginKey), index('login_throttle_last').on(t.lastFailureAt)],
);

/** Addresses an account has signed in from (a keyed hash of account and address): they pass a login's throttle. */
export const knownAddresses = pgTable(
  'known_addresses',
  {
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    addressHash: text('address_hash').notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.addressHash] })],
);

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
