import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { jsx } from 'hono/jsx';

/**
 * CSRF protection for the console's forms. Each form carries a token that is an HMAC of a secret
 * the attacker's page cannot read: the session's `csrfSecret` once signed in, or the pre-session
 * cookie's value on the login and setup pages. SameSite=Strict cookies are the first line; this is
 * the second, for browsers and proxies that get SameSite wrong.
 */

export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function csrfToken(secret: string): string {
  return createHmac('sha256', secret).update('netreach/console/csrf/v1').digest('base64url');
}

export function verifyCsrf(secret: string | undefined, token: string | undefined): boolean {
  if (!secret || !token) return false;
  const expected = Buffer.from(csrfToken(secret));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The hidden field every console form includes. */
export function CsrfField(props: { token: string }) {
  return jsx('input', { type: 'hidden', name: CSRF_FIELD, value: props.token });
}

/**
 * Rejects POST, PUT, PATCH and DELETE without a valid token (form field `_csrf` or header
 * `X-CSRF-Token`) for the request's secret, answering 403 with `onReject`'s page.
 */
export function csrfProtection(opts: {
  secret: (c: Context) => string | undefined;
  onReject: (c: Context) => Response | Promise<Response>;
}): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    let token = c.req.header(CSRF_HEADER);
    if (!token) {
      const type = c.req.header('content-type') ?? '';
      if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
        try {
          const body = await c.req.parseBody();
          const field = body[CSRF_FIELD];
          token = typeof field === 'string' ? field : undefined;
        } catch {
          token = undefined;
        }
      }
    }
    if (!verifyCsrf(opts.secret(c), token)) return opts.onReject(c);
    return next();
  };
}
