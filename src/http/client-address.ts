import type { Context, MiddlewareHandler } from 'hono';
import { BlockList, isIP } from 'node:net';
import type { ProxyRange } from '../config.ts';

/**
 * What a request says about where it came from, believed only from the reverse proxies listed in
 * TRUSTED_PROXIES (src/config.ts). A request whose socket peer is not one of them keeps its own
 * address, plain HTTP unless the server itself spoke HTTPS, and its own Host: nobody can dodge the
 * sign-in throttle, or mark a cookie Secure, by sending X-Forwarded-* themselves. A loopback peer
 * is not special: a proxy on the same machine is listed as 127.0.0.1 (or ::1) like any other.
 */
export class TrustedProxies {
  static readonly none = new TrustedProxies([]);
  readonly #list = new BlockList();
  readonly size: number;

  constructor(ranges: readonly ProxyRange[]) {
    for (const r of ranges) this.#list.addSubnet(r.address, r.prefix, r.family === 4 ? 'ipv4' : 'ipv6');
    this.size = ranges.length;
  }

  /** Whether `address` (as the socket gives it, IPv4-mapped IPv6 included) is a listed proxy. */
  has(address: string | undefined): boolean {
    if (this.size === 0 || !address) return false;
    const a = normaliseAddress(address);
    const family = isIP(a);
    return family !== 0 && this.#list.check(a, family === 4 ? 'ipv4' : 'ipv6');
  }
}

/** One spelling per address: IPv4-mapped IPv6 (`::ffff:1.2.3.4`) as IPv4, IPv6 in lower case. */
export function normaliseAddress(address: string): string {
  const a = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  return mapped ? mapped[1]! : a;
}

/**
 * The client's address, for the sign-in throttle. From a trusted proxy, X-Forwarded-For is read
 * from its end: each proxy appends the address it saw, so the last entry is what the nearest proxy
 * saw; entries that are themselves trusted proxies (a chain) are passed over, and the first one that
 * is not is the client. What comes before it is whatever the client wrote, and is never read.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | undefined, trusted: TrustedProxies): string {
  let current = peer ? normaliseAddress(peer) : 'unknown';
  if (!forwardedFor || !trusted.has(current)) return current;
  const hops = forwardedFor.split(',').map((h) => h.trim());
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normaliseAddress(hops[i]!);
    if (isIP(hop) === 0) return current;
    current = hop;
    if (!trusted.has(hop)) return hop;
  }
  return current;
}

/**
 * HTTPS as the browser sees it: the request's own scheme, or `X-Forwarded-Proto: https` from a
 * trusted proxy (its last value: the one the nearest proxy set or appended).
 */
export function forwardedSecure(peer: string | undefined, forwardedProto: string | undefined, trusted: TrustedProxies): boolean {
  if (!forwardedProto || !trusted.has(peer)) return false;
  return forwardedProto.split(',').at(-1)!.trim().toLowerCase() === 'https';
}

/**
 * The host people use to reach the console, for links shown to be passed on (invitations): the
 * request's own, or X-Forwarded-Host from a trusted proxy (a proxy that rewrites Host would
 * otherwise make the link point at 127.0.0.1).
 */
export function publicHost(peer: string | undefined, host: string, forwardedHost: string | undefined, trusted: TrustedProxies): string {
  const forwarded = forwardedHost?.split(',')[0]?.trim();
  if (!forwarded || !trusted.has(peer) || !/^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:]+\](:\d{1,5})?$/i.test(forwarded)) return host;
  return forwarded;
}

const TRUSTED_KEY = 'trustedProxies';

/** Middleware: the proxies this app believes, for `requestAddress`, `isSecureRequest` and `requestHost`. */
export function trustProxies(trusted: TrustedProxies): MiddlewareHandler {
  return async (c, next) => {
    c.set(TRUSTED_KEY as never, trusted as never);
    await next();
  };
}

const trustedOf = (c: Context) => (c.get(TRUSTED_KEY as never) as TrustedProxies | undefined) ?? TrustedProxies.none;
const peerOf = (c: Context) => (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;

/** `clientAddress` of a request served by @hono/node-server (the socket is in `c.env.incoming`). */
export function requestAddress(c: Context): string {
  return clientAddress(peerOf(c), c.req.header('x-forwarded-for'), trustedOf(c));
}

/** Whether the browser reached us over HTTPS (session cookies are Secure then). */
export function isSecureRequest(c: Context): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return forwardedSecure(peerOf(c), c.req.header('x-forwarded-proto'), trustedOf(c));
}

export function requestHost(c: Context): string {
  return publicHost(peerOf(c), new URL(c.req.url).host, c.req.header('x-forwarded-host'), trustedOf(c));
}
