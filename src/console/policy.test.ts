import { useFreshDatabases } from '../../test/support/database.ts';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../db/schema/index.ts';
import { ACTIONS, audit, can, KB_KINDS, POLICY, policyMatrix, requires, ROLES, walkPolicy, type Action, type Role } from './policy.ts';

const testDatabase = useFreshDatabases();

describe('policy', () => {
  it('is total: every role has an entry naming only known actions, once each', () => {
    expect(Object.keys(POLICY).sort()).toEqual([...ROLES].sort());
    for (const role of ROLES) {
      const list = POLICY[role];
      expect(list.every((a) => (ACTIONS as readonly string[]).includes(a))).toBe(true);
      expect(new Set(list).size).toBe(list.length);
    }
    const matrix = policyMatrix();
    expect(matrix).toHaveLength(ROLES.length * ACTIONS.length);
    for (const cell of matrix) expect(cell.allowed).toBe((POLICY[cell.role] as readonly string[]).includes(cell.action));
  });

  it('denies by default: unknown roles and actions, and anything not listed', () => {
    expect(can('root', 'inbox.view')).toBe(false);
    expect(can('admin', 'everything')).toBe(false);
    expect(can('', '')).toBe(false);
    expect(can('__proto__', 'toString')).toBe(false);
    expect(can('worker', 'settings.edit')).toBe(false);
  });

  it('keeps researchers to reports and research export: never a transcript', () => {
    expect(ACTIONS.filter((a) => can('researcher', a))).toEqual(['reports.view', 'research.export']);
    expect(can('researcher', 'transcript.view')).toBe(false);
    expect(can('researcher', 'case.view')).toBe(false);
  });

  it('lets each specialist verify content of their own kind only; nobody else verifies', () => {
    for (const role of ROLES) {
      for (const kind of KB_KINDS) expect(can(role, `kb.verify:${kind}`)).toBe(role === `specialist_${kind}`);
    }
  });

  it('keeps accounts and the audit log with admins', () => {
    expect(ROLES.filter((r) => can(r, 'staff.manage'))).toEqual(['admin']);
    expect(ROLES.filter((r) => can(r, 'audit.view'))).toEqual(['admin']);
  });

  it('walks routes guarded by requires() and finds them enforcing the table', async () => {
    const app = new Hono<{ Variables: { account: { role: string } } }>();
    app.use('*', async (c, next) => {
      const role = c.req.header('x-role');
      if (role) c.set('account', { role });
      await next();
    });
    for (const action of ACTIONS) app.get(`/a/${action}`, requires(action), (c) => c.text('ok'));
    const probe = async (role: Role, action: Action) => (await app.request(`/a/${action}`, { headers: { 'x-role': role } })).status === 200;
    expect(await walkPolicy(probe)).toEqual([]);
    expect((await app.request('/a/inbox.view')).status).toBe(401);

    // A route that forgets its guard is caught.
    const leaky = await walkPolicy(async (role, action) => action === 'transcript.view' || can(role, action));
    expect(leaky).toEqual([{ role: 'researcher', action: 'transcript.view', allowed: false, observed: true }]);
  });

  it('writes transcript views to the audit log', async () => {
    const d = await testDatabase();
    await audit(d.db, null, 'transcript.view', undefined, 'test');
    const rows = await d.db.select().from(auditLog);
    expect(rows).toMatchObject([{ accountId: null, action: 'transcript.view', caseId: null, detail: 'test' }]);
  });
});
