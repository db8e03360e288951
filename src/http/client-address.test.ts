import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { parseProxyList } from '../config.ts';
import { clientAddress, forwardedSecure, isSecureRequest, normaliseAddress, publicHost, requestAddress, requestHost, TrustedProxies, trustProxies } from './client-address.ts';

const proxies = (list: string) => new TrustedProxies(parseProxyList(list).ranges);
const local = proxies('127.0.0.1, ::1');
const none = TrustedProxies.none;

describe('trusted proxies', () => {
  it('matches addresses and CIDR ranges, IPv4-mapped IPv6 too', () => {
    const t = proxies('10.0.0.0/8, 172.28.0.10, 2001:db8::/32');
    expect(t.has('10.200.3.4')).toBe(true);
    expect(t.has('::ffff:10.1.1.1')).toBe(true);
    expect(t.has('172.28.0.10')).toBe(true);
    expect(t.has('172.28.0.11')).toBe(false);
    expect(t.has('2001:DB8::7')).toBe(true);
    expect(t.has('127.0.0.1')).toBe(false); // loopback is not special
    expect(t.has(undefined)).toBe(false);
    expect(t.has('junk')).toBe(false);
    expect(none.has('127.0.0.1')).toBe(false);
  });

  it('spells an address one way', () => {
    expect(normaliseAddress('::FFFF:192.0.2.1')).toBe('192.0.2.1');
    expect(normaliseAddress('2001:DB8::1')).toBe('2001:db8::1');
  });
});

describe('the client address for the sign-in throttle', () => {
  it('is the socket peer when nothing is forwarded', () => {
    expect(clientAddress('203.0.113.9', undefined, local)).toBe('203.0.113.9');
    expect(clientAddress(undefined, undefined, local)).toBe('unknown');
    expect(clientAddress('::ffff:203.0.113.9', undefined, none)).toBe('203.0.113.9');
  });

  it('believes X-Forwarded-For only from a listed proxy, read from its end', () => {
    expect(clientAddress('127.0.0.1', '198.51.100.7', local)).toBe('198.51.100.7');
    expect(clientAddress('::1', '2001:db8::5', local)).toBe('2001:db8::5');
    expect(clientAddress('::ffff:127.0.0.1', '198.51.100.7', local)).toBe('198.51.100.7');
    // The client wrote the first entry itself; the proxy appended the real one.
    expect(clientAddress('127.0.0.1', '10.9.9.9, 198.51.100.7', local)).toBe('198.51.100.7');
    // A chain of listed proxies is passed over.
    const chain = proxies('127.0.0.1, 10.0.0.0/8');
    expect(clientAddress('127.0.0.1', '6.6.6.6, 198.51.100.7, 10.0.0.2', chain)).toBe('198.51.100.7');
    // Every hop a proxy: the farthest one is what is known.
    expect(clientAddress('127.0.0.1', '10.0.0.3, 10.0.0.2', chain)).toBe('10.0.0.3');
  });

  it('ignores the header from anyone not listed (loopback included, by default), and junk in it', () => {
    expect(clientAddress('203.0.113.9', '198.51.100.7', local)).toBe('203.0.113.9');
    expect(clientAddress('127.0.0.1', '198.51.100.7', none)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', 'not-an-address', local)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', '', local)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', '198.51.100.7, junk', local)).toBe('127.0.0.1');
  });
});

describe('HTTPS behind a proxy', () => {
  it('believes X-Forwarded-Proto from a listed proxy only, its last value', () => {
    expect(forwardedSecure('127.0.0.1', 'https', local)).toBe(true);
    expect(forwardedSecure('127.0.0.1', 'http, https', local)).toBe(true);
    expect(forwardedSecure('127.0.0.1', 'https, http', local)).toBe(false);
    expect(forwardedSecure('127.0.0.1', 'https', none)).toBe(false);
    expect(forwardedSecure('203.0.113.9', 'https', local)).toBe(false);
    expect(forwardedSecure('127.0.0.1', undefined, local)).toBe(false);
  });
});

describe('the host links are made with', () => {
  it('is the request host, or what a listed proxy forwarded', () => {
    expect(publicHost('203.0.113.9', 'console.example.org', undefined, local)).toBe('console.example.org');
    expect(publicHost('127.0.0.1', '127.0.0.1:3000', 'help.example.org', local)).toBe('help.example.org');
    expect(publicHost('127.0.0.1', '127.0.0.1:3000', 'help.example.org:8443, other', local)).toBe('help.example.org:8443');
  });

  it('ignores the header from elsewhere, and anything that is not a host', () => {
    expect(publicHost('203.0.113.9', 'console.example.org', 'evil.example', local)).toBe('console.example.org');
    expect(publicHost('127.0.0.1', '127.0.0.1:3000', 'help.example.org', none)).toBe('127.0.0.1:3000');
    expect(publicHost('127.0.0.1', '127.0.0.1:3000', 'evil.example/path?x', local)).toBe('127.0.0.1:3000');
  });
});

describe('in a request', () => {
  it('reads the proxies the app was given', async () => {
    const routes = new Hono().get('/', (c) => c.json({ address: requestAddress(c), secure: isSecureRequest(c), host: requestHost(c) }));
    const trusting = new Hono().use('*', trustProxies(local)).route('/', routes);
    const headers = { 'x-forwarded-for': '198.51.100.7', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'help.example.org' };
    const env = { incoming: { socket: { remoteAddress: '127.0.0.1' } } };
    expect(await (await trusting.request('http://127.0.0.1:3000/', { headers }, env)).json()).toEqual({ address: '198.51.100.7', secure: true, host: 'help.example.org' });
    expect(await (await routes.request('http://127.0.0.1:3000/', { headers }, env)).json()).toEqual({ address: '127.0.0.1', secure: false, host: '127.0.0.1:3000' });
  });
});
