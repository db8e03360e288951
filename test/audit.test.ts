import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { advisoriesOf, classify, parseExceptions, run } from '../scripts/audit.mjs';

/**
 * scripts/audit.mjs decides from npm's --json output alone, so it is tested on output recorded from
 * npm 11: the reports against a stub advisory service answering for packages of our own tree
 * (the advisories are samples), the failures from the real registry (405), a stub answering 503, a
 * closed port, a name that does not resolve, and a folder without a lockfile. No network here.
 */
const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', 'npm-audit', name), 'utf8');
const today = new Date('2026-12-08T12:00:00Z');
const none = { exceptions: [] };
const audit = (stdout: string, exceptionsJson: unknown = none, required = false, stderr = '') => run({ stdout, stderr, exceptionsJson, required, today });

describe('scripts/audit.mjs', () => {
  it('passes a clean report and says how many production packages it covered', () => {
    const r = audit(fixture('report-clean.json'));
    expect(r.exit).toBe(0);
    expect(r.lines.at(-1)).toBe('audit: 0 high or critical advisories (0 excepted), 0 lower, in 273 production packages: ok');
  });

  it('fails on a high and a critical advisory nobody explained, naming each; a moderate one alone does not fail', () => {
    const r = audit(fixture('report-high-critical.json'));
    expect(r.exit).toBe(1);
    expect(r.lines.filter((l) => l.includes('not explained'))).toHaveLength(2);
    expect(r.lines.join('\n')).toMatch(/high GHSA-xxxx-xxxx-xxx2 in hono/);
    expect(r.lines.join('\n')).toMatch(/critical GHSA-xxxx-xxxx-xxx3 in sonic-boom/);
    expect(r.lines.join('\n')).not.toMatch(/GHSA-xxxx-xxxx-xxx4.*not explained/);
    // pino is critical only through sonic-boom: one advisory, counted once.
    expect(advisoriesOf(JSON.parse(fixture('report-high-critical.json')))).toHaveLength(3);
  });

  it('passes once each is explained (by URL, by GHSA id) with a reason and a review date, and prints them', () => {
    const exceptionsJson = {
      exceptions: [
        { advisory: 'https://github.com/advisories/GHSA-xxxx-xxxx-xxx2', package: 'hono', reason: 'Only the serveStatic path is affected; Netreach serves no files with it.', reviewed: '2026-12-08' },
        { advisory: 'ghsa-xxxx-xxxx-xxx3', package: 'sonic-boom', reason: 'Needs a file destination; pino writes to stdout here.', reviewed: '2026-12-01' },
      ],
    };
    const r = audit(fixture('report-high-critical.json'), exceptionsJson);
    expect(r.exit).toBe(0);
    expect(r.lines.filter((l) => l.includes('excepted, reviewed'))).toHaveLength(2);
    expect(r.lines.at(-1)).toMatch(/2 high or critical advisories \(2 excepted\), 1 lower.*: ok$/);
  });

  it('does not let an exception for one package explain the same advisory id in another, and notes stale exceptions', () => {
    const exceptionsJson = {
      exceptions: [{ advisory: 'GHSA-xxxx-xxxx-xxx2', package: 'hono-other', reason: 'A look-alike entry for another package.', reviewed: '2026-12-08' }],
    };
    const r = audit(fixture('report-high-critical.json'), exceptionsJson);
    expect(r.exit).toBe(1);
    expect(r.lines.join('\n')).toMatch(/the exception for GHSA-xxxx-xxxx-xxx2 in hono-other matches nothing now/);
  });

  it('refuses an exceptions file without a reason, a package or a valid past review date', () => {
    const { problems } = parseExceptions(
      {
        exceptions: [
          { advisory: 'GHSA-xxxx-xxxx-xxx2', package: 'hono', reviewed: '2026-12-08' },
          { advisory: 'GHSA-xxxx-xxxx-xxx3', reason: 'Not reachable from our code at all.', reviewed: '2026-12-08' },
          { advisory: 'GHSA-xxxx-xxxx-xxx3', package: 'sonic-boom', reason: 'Not reachable from our code at all.', reviewed: '2027-01-01' },
          { advisory: 'GHSA-xxxx-xxxx-xxx3', package: 'sonic-boom', reason: 'Not reachable from our code at all.', reviewed: 'last week' },
        ],
      },
      today,
    );
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/"reason"/);
    expect(problems[1]).toMatch(/"package"/);
    expect(problems[2]).toMatch(/"reviewed"/);
    expect(audit(fixture('report-clean.json'), { exceptions: [{ advisory: 'x' }] }).exit).toBe(1);
    expect(audit(fixture('report-clean.json'), {}).exit).toBe(1);
  });

  it('says in one line that it could not run when the advisory service cannot be reached, and passes unless AUDIT_REQUIRED', () => {
    for (const [file, why] of [
      ['http-405.json', /could not run: the advisory service answered HTTP 405 \(POST https:\/\/registry\.npmjs\.org\/-\/npm\/v1\/security\/advisories\/bulk\)/],
      ['http-503.json', /could not run: the advisory service answered HTTP 503/],
      ['econnrefused.json', /could not run: connect ECONNREFUSED 127\.0\.0\.1:9/],
      ['enotfound.json', /could not run: getaddrinfo ENOTFOUND no-such-host\.invalid/],
    ] as const) {
      const r = audit(fixture(file));
      expect(r.exit, file).toBe(0);
      expect(r.lines, file).toHaveLength(1);
      expect(r.lines[0], file).toMatch(why);
      expect(audit(fixture(file), none, true).exit, file).toBe(1);
    }
    // npm killed by the time limit, or an older npm's ENOAUDIT.
    expect(audit('', none, false, 'network error ETIMEDOUT (npm audit did not finish in 120 s)').exit).toBe(0);
    expect(classify(JSON.stringify({ error: { code: 'ENOAUDIT', summary: 'Your configured registry does not support audit requests.' } })).kind).toBe('unreachable');
  });

  it('fails, whatever AUDIT_REQUIRED says, when the audit breaks for our own reasons', () => {
    const r = audit(fixture('enolock.json'));
    expect(r.exit).toBe(1);
    expect(r.lines[0]).toMatch(/ENOLOCK: This command requires an existing lockfile/);
    expect(audit('').exit).toBe(1);
    expect(audit('{"error":{"summary":"loading from incorrect packument","detail":""}}').exit).toBe(1);
  });

  it('fails on a high entry that leads to no advisory it can read, rather than passing it', () => {
    const report = {
      auditReportVersion: 2,
      vulnerabilities: { a: { name: 'a', severity: 'high', via: ['b'] }, b: { name: 'b', severity: 'high', via: ['a'] } },
      metadata: { dependencies: { prod: 2 } },
    };
    const r = audit(JSON.stringify(report));
    expect(r.exit).toBe(1);
    expect(r.lines.join('\n')).toMatch(/high entry a names no advisory/);
  });
});
