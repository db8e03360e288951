import type { Draft } from '../../cases/closing-record.ts';
import { REFERRAL_OUTCOMES, ROLES as REFERRAL_ROLES, type Role } from '../../cases/referral.ts';
import { OUTCOMES, PHONE_CALL, type Taxonomy } from '../../domain/taxonomy.ts';

/**
 * The case page's action forms as data: what a posted form says, read without trusting it. Pure;
 * the checks that need the database (does the staff member exist, is the case open) are the
 * actions' own.
 */

/** A form body as `parseBody({ all: true })` gives it: a repeated field is an array. */
export type FormBody = Record<string, string | File | (string | File)[]>;

// The limits are the actions' own; the forms say them to the browser too.
import { REASON_MAX_LENGTH } from '../../cases/referral.ts';
import { CONTACT_MAX_LENGTH } from '../../cases/closing-record.ts';
export { CONTACT_MAX_LENGTH, REASON_MAX_LENGTH };

const strings = (v: FormBody[string] | undefined): string[] => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string'));
const one = (v: FormBody[string] | undefined, max = 200): string => (strings(v)[0] ?? '').slice(0, max);
const positiveId = (v: string): number | undefined => (/^\d{1,9}$/.test(v) && Number(v) > 0 ? Number(v) : undefined);

/**
 * The closing record as ticked: codes the taxonomy does not know are dropped, as are a phone answer
 * or an outcome that is not one of the choices (an outcome left unchosen is what `missingFields` reports).
 */
export function parseCloseForm(body: FormBody, taxonomy: Taxonomy): { draft: Draft; contact: string } {
  const needs = new Set(taxonomy.needs.map((n) => n.code));
  const services = new Set(taxonomy.services.map((s) => s.code));
  const phone = one(body.phoneCall);
  const outcome = one(body.outcome);
  return {
    draft: {
      needs: [...new Set(strings(body.need))].filter((c) => needs.has(c)),
      services: [...new Set(strings(body.service))].filter((c) => services.has(c)),
      phoneCall: (PHONE_CALL as readonly string[]).includes(phone) ? phone : 'not_proposed',
      outcome: (OUTCOMES as readonly string[]).includes(outcome) ? outcome : null,
    },
    contact: one(body.contact, CONTACT_MAX_LENGTH).trim(),
  };
}

export interface ReferInput {
  role: Role;
  staffMemberId?: number;
  reason: string;
}

export type ReferProblem = 'role' | 'reason' | 'reason-too-long';

/** An internal referral: a role of the organisation, optionally a person, and the reason (required). */
export function parseReferForm(body: FormBody): { input: ReferInput; problems: ReferProblem[] } {
  const role = one(body.role, 40);
  const reason = strings(body.reason)[0]?.replace(/\r\n?/g, '\n').trim() ?? '';
  const input = { role: role as Role, staffMemberId: positiveId(one(body.person, 12)), reason: reason.slice(0, REASON_MAX_LENGTH + 100) };
  const problems: ReferProblem[] = [];
  if (!(REFERRAL_ROLES as readonly string[]).includes(role)) problems.push('role');
  if (reason === '') problems.push('reason');
  else if (reason.length > REASON_MAX_LENGTH) problems.push('reason-too-long');
  return { input, problems };
}

/** A referral's outcome: one of the buttons Telegram offers. */
export function parseOutcome(body: FormBody): (typeof REFERRAL_OUTCOMES)[number] | undefined {
  const outcome = one(body.outcome, 40);
  return (REFERRAL_OUTCOMES as readonly string[]).includes(outcome) ? (outcome as (typeof REFERRAL_OUTCOMES)[number]) : undefined;
}

/** A number posted by a select (a staff member, an organisation, a referral); undefined when absent or not one. */
export function parseId(body: FormBody, field: string): number | undefined {
  return positiveId(one(body[field], 12));
}

/** Where a quick reply goes in the reply box without scripts: after what was typed, on its own line. */
export function withQuickReply(typed: string, quick: string): string {
  const before = typed.replace(/\s+$/, '');
  return before === '' ? quick : `${before}\n${quick}`;
}
