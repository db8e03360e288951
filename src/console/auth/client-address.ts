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

const peerOf = (c: Context) => (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;

/** `clientAddress` of a request served by @hono/node-server (the socket is in `c.env.incoming`). */
export function requestAddress(c: Context): string {
  return clientAddress(peerOf(c), c.req.header('x-forwarded-for'));
}

/**
 * The host people use to reach the console, for links shown to be passed on (invitations): the
 * request's own, or X-Forwarded-Host when a proxy on this machine sent it (a proxy that rewrites
 * Host would otherwise make the link point at 127.0.0.1).
 */
export function publicHost(peer: string | undefined, host: string, forwardedHost: string | undefined): string {
  const forwarded = forwardedHost?.split(',')[0]?.trim();
  if (!forwarded || !isLoopback(peer ?? '') || !/^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:]+\](:\d{1,5})?$/i.test(forwarded)) return host;
  return forwarded;
}

export function requestHost(c: Context): string {
  return publicHost(peerOf(c), new URL(c.req.url).host, c.req.header('x-forwarded-host'));
}
