import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { cases } from './cases.ts';
import { staffMembers } from './staff.ts';

/** Organisations clients can be referred to: AIDS centre, clinics, detox and rehab, PrEP sites. */
export const externalOrganisations = pgTable('external_organisations', {
  id: serial('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  kind: text('kind').notNull(), // aids_centre | clinic | detox | rehab | prep | legal | social | other
  name: jsonb('name').$type<{ ru: string; en: string }>().notNull(),
  address: jsonb('address').$type<{ ru: string; en: string }>(),
  contacts: text('contacts'),
  hours: jsonb('hours').$type<{ ru: string; en: string }>(),
  verifiedByName: text('verified_by_name'),
  verifiedAt: timestamp('verified_at', { withTimezone: true }),
});

/** A referral inside the organisation (to a role or a person) or to an external organisation, and how it ended. */
export const referrals = pgTable(
  'referrals',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    kind: text('kind').notNull(), // internal | external
    toRole: text('to_role'), // doctor | psychologist | lawyer | social_worker | …
    toStaffId: integer('to_staff_id').references(() => staffMembers.id),
    toOrganisationId: integer('to_organisation_id').references(() => externalOrganisations.id),
    reasonSealed: text('reason_sealed'),
    createdBy: integer('created_by').references(() => staffMembers.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    takenAt: timestamp('taken_at', { withTimezone: true }),
    outcome: text('outcome').notNull().default('pending'), // pending | done | did_not_come | declined
    outcomeAt: timestamp('outcome_at', { withTimezone: true }),
  },
  (t) => [index('referrals_case').on(t.caseId)],
);
