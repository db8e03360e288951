import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { csrfProtection, CsrfField, csrfToken, verifyCsrf } from './csrf.ts';

const SECRET = 'session-secret';
const app = new Hono();
app.use('*', csrfProtection({ secret: () => SECRET, onReject: (c) => c.html('<h1>expired form</h1>', 403) }));
app.get('/', (c) => c.text('ok'));
app.post('/', (c) => c.text('done'));
app.post('/read', async (c) => c.text(String((await c.req.parseBody()).name)));

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  body: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

describe('csrf', () => {
  it('derives a stable token per secret and checks it', () => {
    expect(csrfToken(SECRET)).toBe(csrfToken(SECRET));
    expect(csrfToken(SECRET)).not.toBe(csrfToken('other'));
    expect(verifyCsrf(SECRET, csrfToken(SECRET))).toBe(true);
    expect(verifyCsrf(SECRET, csrfToken('other'))).toBe(false);
    expect(verifyCsrf(undefined, csrfToken(SECRET))).toBe(false);
    expect(verifyCsrf(SECRET, undefined)).toBe(false);
    expect(verifyCsrf(SECRET, 'short')).toBe(false);
  });

  it('renders a hidden field', () => {
    expect(String(CsrfField({ token: 'a"b' }))).toBe('<input type="hidden" name="_csrf" value="a&quot;b"/>');
  });

  it('lets safe methods through and rejects unsafe ones without a valid token', async () => {
    expect((await app.request('/')).status).toBe(200);
    const missing = await app.request('/', form({}));
    expect(missing.status).toBe(403);
    expect(await missing.text()).toContain('expired form');
    expect((await app.request('/', form({ _csrf: csrfToken('attacker') }))).status).toBe(403);
    expect((await app.request('/', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status).toBe(403);
    expect((await app.request('/', { method: 'DELETE' })).status).toBe(403);
    expect((await app.request('/', form({ _csrf: csrfToken(SECRET) }))).status).toBe(200);
    expect((await app.request('/', { method: 'POST', headers: { 'x-csrf-token': csrfToken(SECRET) } })).status).toBe(200);
  });

  it('leaves the parsed form readable by the handler', async () => {
    const res = await app.request('/read', form({ _csrf: csrfToken(SECRET), name: 'Анна' }));
    expect(await res.text()).toBe('Анна');
  });
});
