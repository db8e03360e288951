import type { Context, MiddlewareHandler } from 'hono';
import type { Db } from '../db/open.ts';
import { writeAudit } from './audit/write.ts';

/**
 * Who may do what in the console: the one place authorisation is decided. The table is data, an
 * action absent from a role's list is denied, and an unknown role or action is denied.
 */

export const ROLES = [
  'admin',
  'coordinator',
  'worker',
  'specialist_medical',
  'specialist_legal',
  'specialist_psychological',
  'specialist_social',
  'researcher',
] as const;
export type Role = (typeof ROLES)[number];

/** Kinds of knowledge-base content, each verified by the specialists of that kind only. */
export const KB_KINDS = ['medical', 'legal', 'psychological', 'social'] as const;
export type KbKind = (typeof KB_KINDS)[number];

export const ACTIONS = [
  'inbox.view',
  'case.view',
  'transcript.view',
  'case.reply',
  'case.note',
  'case.assign',
  'case.close',
  'clients.view',
  'kb.edit',
  ...KB_KINDS.map((k) => `kb.verify:${k}` as const),
  'kb.publish',
  'settings.edit',
  'staff.manage',
  'reports.view',
  'research.export',
  'audit.view',
  'channel.view',
  'channel.post',
  'community.manage',
] as const;
export type Action = (typeof ACTIONS)[number];

/** Case work shared by everyone who answers clients. Every transcript view is audited (`audit`). */
const CASE_WORK = ['inbox.view', 'case.view', 'transcript.view', 'case.reply', 'case.note', 'case.assign', 'case.close', 'clients.view'] as const;
const specialist = (kind: KbKind) => [...CASE_WORK, 'kb.edit', `kb.verify:${kind}`] as const;

export const POLICY: Record<Role, readonly Action[]> = {
  // Runs the organisation; verifies no content (only a specialist of the matching kind does).
  admin: [...CASE_WORK, 'kb.edit', 'kb.publish', 'settings.edit', 'staff.manage', 'reports.view', 'research.export', 'audit.view', 'channel.view', 'channel.post', 'community.manage'],
  // Runs the work: content, settings, reports; accounts and the audit log stay with admins.
  coordinator: [...CASE_WORK, 'kb.edit', 'kb.publish', 'settings.edit', 'reports.view', 'research.export', 'channel.view', 'channel.post', 'community.manage'],
  worker: [...CASE_WORK],
  // Opens the channel's posts to verify the medical ones.
  specialist_medical: [...specialist('medical'), 'channel.view'],
  specialist_legal: specialist('legal'),
  specialist_psychological: specialist('psychological'),
  specialist_social: specialist('social'),
  // Anonymous structured data only: never a case, a transcript or a client list.
  researcher: ['reports.view', 'research.export'],
};

const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);

/** Deny by default: true only when the role is known and its list names the action. */
export function can(role: string, action: string): boolean {
  return isRole(role) && (POLICY[role] as readonly string[]).includes(action);
}

/** Whether the role works on the knowledge base at all: writes articles or verifies some kind of them. */
export function canUseKb(role: string): boolean {
  return can(role, 'kb.edit') || KB_KINDS.some((k) => can(role, `kb.verify:${k}`));
}

/** Roles that must have a second factor before they can use anything (others may add one). */
export function totpRequired(role: string): boolean {
  return role === 'admin' || role === 'coordinator';
}

export function isKnownRole(role: string): role is Role {
  return isRole(role);
}

/** What `requires` needs to know about the request: the signed-in account's role, if any. */
export interface PolicySubject {
  role: string;
}

/**
 * Hono middleware: lets the request through only when the signed-in account (`c.get('account')`,
 * set by the console's session middleware after the second factor) may do `action`. Without an
 * account the request is handed to `onAnonymous` (the console redirects to the login page);
 * otherwise a refusal is a 403 rendered by `onForbidden`.
 */
export function requires(
  action: Action,
  opts: { onForbidden?: (c: Context) => Response | Promise<Response>; onAnonymous?: (c: Context) => Response | Promise<Response> } = {},
): MiddlewareHandler {
  return async (c, next) => {
    const account = c.get('account' as never) as PolicySubject | undefined;
    if (!account) return opts.onAnonymous ? opts.onAnonymous(c) : c.text('Unauthorized', 401);
    if (!can(account.role, action)) return opts.onForbidden ? opts.onForbidden(c) : c.text('Forbidden', 403);
    await next();
  };
}

export interface PolicyCell {
  role: Role;
  action: Action;
  allowed: boolean;
}

/** Every role × every action with the table's answer: the policy as a whole, for tests and docs. */
export function policyMatrix(): PolicyCell[] {
  return ROLES.flatMap((role) => ACTIONS.map((action) => ({ role, action, allowed: can(role, action) })));
}

/**
 * The authorisation walk: asks `probe` whether `role` actually gets to do `action` (e.g. by
 * requesting a route as a signed-in account of that role and looking at the status) for every
 * pair, and returns the pairs where the answer differs from the table. An empty list means the
 * routes enforce exactly the policy. `actions` limits the walk to those the routes cover.
 */
export async function walkPolicy(
  probe: (role: Role, action: Action) => boolean | Promise<boolean>,
  actions: readonly Action[] = ACTIONS,
): Promise<Array<PolicyCell & { observed: boolean }>> {
  const mismatches: Array<PolicyCell & { observed: boolean }> = [];
  for (const role of ROLES) {
    for (const action of actions) {
      const allowed = can(role, action);
      const observed = await probe(role, action);
      if (observed !== allowed) mismatches.push({ role, action, allowed, observed });
    }
  }
  return mismatches;
}

/**
 * Writes an audit entry: every view of a transcript, and the account changes an admin should trace.
 * A view of a case (the page, its live refresh, a file of it) is written once per account, case and
 * 10 minutes (audit/write.ts). `at` is the caller's clock; the database's when absent.
 */
export async function audit(db: Db, accountId: number | null, action: string, caseId?: number, detail?: string, at?: Date): Promise<void> {
  await writeAudit(db, { accountId, action, caseId, detail, at });
}
