import { describe, expect, it } from 'vitest';
import { clientAddress, publicHost } from './client-address.ts';

describe('the client address for the login limiter', () => {
  it('is the socket peer when nothing is forwarded', () => {
    expect(clientAddress('203.0.113.9', undefined)).toBe('203.0.113.9');
    expect(clientAddress(undefined, undefined)).toBe('unknown');
  });

  it('believes X-Forwarded-For only from a proxy on this machine, and only its last entry', () => {
    expect(clientAddress('127.0.0.1', '198.51.100.7')).toBe('198.51.100.7');
    expect(clientAddress('::1', '2001:db8::5')).toBe('2001:db8::5');
    expect(clientAddress('::ffff:127.0.0.1', '198.51.100.7')).toBe('198.51.100.7');
    // The client wrote the first entry itself; the proxy appended the real one.
    expect(clientAddress('127.0.0.1', '10.9.9.9, 198.51.100.7')).toBe('198.51.100.7');
  });

  it('ignores the header from anywhere else, and junk in it', () => {
    expect(clientAddress('203.0.113.9', '198.51.100.7')).toBe('203.0.113.9');
    expect(clientAddress('127.0.0.1', 'not-an-address')).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', '')).toBe('127.0.0.1');
  });
});

describe('the host links are made with', () => {
  it('is the request host, or what a proxy on this machine forwarded', () => {
    expect(publicHost('203.0.113.9', 'console.example.org', undefined)).toBe('console.example.org');
    expect(publicHost('127.0.0.1', '127.0.0.1:3000', 'help.example.org')).toBe('help.example.org');
    expect(publicHost('127.0.0.1', '127.0.0.1:3000', 'help.example.org:8443, other')).toBe('help.example.org:8443');
  });

  it('ignores the header from elsewhere, and anything that is not a host', () => {
    expect(publicHost('203.0.113.9', 'console.example.org', 'evil.example')).toBe('console.example.org');
    expect(publicHost('127.0.0.1', '127.0.0.1:3000', 'evil.example/path?x')).toBe('127.0.0.1:3000');
  });
});
