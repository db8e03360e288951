import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, formatSecret, generateTotpSecret, hotp, otpauthUri, totp, UsedCodes, verifyTotp } from './totp.ts';

// RFC 6238 appendix B: seeds are the ASCII strings below, 8 digits, 30-second steps.
const seeds = {
  sha1: Buffer.from('12345678901234567890'),
  sha256: Buffer.from('12345678901234567890123456789012'),
  sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
};
const vectors: Array<[number, string, string, string]> = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('totp', () => {
  it.each(vectors)('matches the RFC 6238 vectors at T=%d', (time, sha1, sha256, sha512) => {
    for (const [alg, seed, expected] of [
      ['sha1', seeds.sha1, sha1],
      ['sha256', seeds.sha256, sha256],
      ['sha512', seeds.sha512, sha512],
    ] as const) {
      expect(totp(base32Encode(seed), time * 1000, { digits: 8, algorithm: alg })).toBe(expected);
    }
  });

  it('matches the RFC 4226 HOTP vectors', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expected.forEach((code, counter) => expect(hotp(seeds.sha1, counter)).toBe(code));
  });

  it('round-trips base32 (RFC 4648 vectors)', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Encode(Buffer.from('f'))).toBe('MY');
    expect(base32Decode('mzxw 6ytb oi======').toString()).toBe('foobar');
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Encode(base32Decode(secret))).toBe(secret);
    expect(() => base32Decode('abc1')).toThrow();
  });

  it('accepts one step either side and nothing further, with spaces allowed', () => {
    const secret = base32Encode(seeds.sha1);
    const now = 1_700_000_000_000;
    const step = Math.floor(now / 30_000);
    const at = (s: number) => s * 30_000;
    expect(verifyTotp(secret, totp(secret, now), now)).toBe(step);
    expect(verifyTotp(secret, totp(secret, at(step - 1)), now)).toBe(step - 1);
    expect(verifyTotp(secret, totp(secret, at(step + 1)), now)).toBe(step + 1);
    expect(verifyTotp(secret, totp(secret, at(step - 2)), now)).toBeNull();
    expect(verifyTotp(secret, totp(secret, at(step + 2)), now)).toBeNull();
    const code = totp(secret, now);
    expect(verifyTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, now)).toBe(step);
    expect(verifyTotp(secret, '12345', now)).toBeNull();
    expect(verifyTotp(secret, 'abcdef', now)).toBeNull();
  });

  it('refuses a code that was already used', () => {
    const used = new UsedCodes();
    expect(used.accept(1, 100)).toBe(true);
    expect(used.accept(1, 100)).toBe(false);
    expect(used.accept(1, 99)).toBe(false);
    expect(used.accept(2, 100)).toBe(true);
    expect(used.accept(1, 101)).toBe(true);
  });

  it('builds an otpauth URI and a readable secret', () => {
    const uri = otpauthUri({ issuer: 'Netreach', account: 'anna k', secret: 'JBSWY3DPEHPK3PXP' });
    expect(uri).toBe('otpauth://totp/Netreach:anna%20k?secret=JBSWY3DPEHPK3PXP&issuer=Netreach&algorithm=SHA1&digits=6&period=30');
    expect(formatSecret('JBSWY3DPEHPK3PXP')).toBe('JBSW Y3DP EHPK 3PXP');
  });
});
