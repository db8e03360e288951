import type { Context } from 'hono';
import { isIP } from 'node:net';

/**
 * The address a request came from, for the login limiter. The console listens on 127.0.0.1 by
 * default, so in production a reverse proxy on the same machine (nginx, Caddy) sits in front of
 * it and every request's socket peer is the proxy. Only then is X-Forwarded-For believed, and only
 * its last entry: the one the proxy itself appended. Earlier entries are whatever the client sent.
 * A request straight from another machine keeps its own address, so nobody can dodge the limiter
 * by sending the header themselves.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | undefined): string {
  const own = peer ?? 'unknown';
  if (!forwardedFor || !isLoopback(own)) return own;
  const last = forwardedFor.split(',').at(-1)!.trim();
  return isIP(last) ? last : own;
}

function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/** `clientAddress` of a request served by @hono/node-server (the socket is in `c.env.incoming`). */
export function requestAddress(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return clientAddress(incoming?.socket?.remoteAddress, c.req.header('x-forwarded-for'));
}
