#!/usr/bin/env node
// `npm audit --omit=dev` for CI. Fails (exit 1) on a high or critical advisory that
// audit-exceptions.json does not explain. When the advisory service cannot be reached, says so in one
// line and passes (exit 0), since an unreachable service is not a finding — unless AUDIT_REQUIRED=1.
// An audit that fails for our own reasons (no lockfile, a report it cannot read) always fails.
// Usage: node scripts/audit.mjs [--report saved-npm-audit.json]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const BLOCKING = ['high', 'critical'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * What npm printed: a report, an advisory service that did not answer, or an audit that is broken.
 * Shapes as npm 7–11 print them with --json: a report has `auditReportVersion: 2` and
 * `vulnerabilities`; an HTTP refusal carries `statusCode` and `uri`; a network failure only a
 * `message` ("request to … failed, reason: …"); npm's own errors `error.code` (ENOLOCK, ENOAUDIT…).
 */
export function classify(stdout, stderr = '') {
  let out;
  try {
    out = JSON.parse(stdout);
  } catch {
    const reason = networkReason(stderr);
    if (reason) return { kind: 'unreachable', why: reason };
    const first = stderr.split('\n').find((l) => /error/i.test(l)) ?? (stdout.trim() ? 'output that is not JSON' : 'no output');
    return { kind: 'broken', why: `npm audit printed ${first.trim()}` };
  }
  if (out && typeof out === 'object' && out.vulnerabilities && typeof out.vulnerabilities === 'object') return { kind: 'report', report: out };
  if (typeof out?.statusCode === 'number') {
    return { kind: 'unreachable', why: `the advisory service answered HTTP ${out.statusCode}${out.uri ? ` (${out.method ?? 'POST'} ${out.uri})` : ''}` };
  }
  const reason = networkReason(typeof out?.message === 'string' ? out.message : '') ?? networkReason(stderr);
  if (reason) return { kind: 'unreachable', why: reason };
  const code = out?.error?.code;
  if (code === 'ENOAUDIT' || (typeof code === 'string' && /^E[45]\d\d$/.test(code))) {
    return { kind: 'unreachable', why: `the registry has no audit service (${code}${out.error.summary ? `: ${out.error.summary}` : ''})` };
  }
  const what = [code, out?.error?.summary, out?.message].filter(Boolean).join(': ') || 'an answer that is not a report';
  return { kind: 'broken', why: `npm audit failed: ${what}` };
}

/** "request to URL failed, reason: getaddrinfo ENOTFOUND host" → the reason; undefined when it is not a network failure. */
function networkReason(text) {
  const m = /request to (\S+) failed, reason: ([^\n]+)/.exec(text);
  if (m) return `${m[2].trim()} (${m[1]})`;
  const code = /\b(ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH|ECONNABORTED|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED_CERT_IN_CHAIN|CERT_HAS_EXPIRED)\b/.exec(text);
  return code ? `network error ${code[1]}` : undefined;
}

/** Checks audit-exceptions.json: each entry names the advisory and the package, says why, and when it was reviewed. */
export function parseExceptions(json, today = new Date()) {
  const problems = [];
  const list = Array.isArray(json?.exceptions) ? json.exceptions : null;
  if (!list) return { exceptions: [], problems: ['audit-exceptions.json: "exceptions" must be a list'] };
  const exceptions = [];
  list.forEach((e, i) => {
    const at = `audit-exceptions.json exceptions[${i}]`;
    const bad = [];
    if (typeof e?.advisory !== 'string' || !e.advisory.trim()) bad.push('"advisory" (the advisory URL or its GHSA id)');
    if (typeof e?.package !== 'string' || !e.package.trim()) bad.push('"package"');
    if (typeof e?.reason !== 'string' || e.reason.trim().length < 10) bad.push('"reason" (why it does not affect Netreach, in a sentence)');
    if (typeof e?.reviewed !== 'string' || !DATE.test(e.reviewed) || Number.isNaN(Date.parse(e.reviewed)) || Date.parse(e.reviewed) > today.getTime()) {
      bad.push('"reviewed" (YYYY-MM-DD, not in the future)');
    }
    if (bad.length) problems.push(`${at}: needs ${bad.join(', ')}`);
    else exceptions.push({ advisory: e.advisory.trim(), package: e.package.trim(), reason: e.reason.trim(), reviewed: e.reviewed });
  });
  return { exceptions, problems };
}

/** Every advisory in a report, once: the objects in the entries' `via` (strings there point to another entry). */
export function advisoriesOf(report) {
  const seen = new Map();
  for (const entry of Object.values(report.vulnerabilities ?? {})) {
    for (const via of entry?.via ?? []) {
      if (!via || typeof via !== 'object') continue;
      const id = ghsa(via.url) ?? String(via.source);
      const key = `${id}|${via.name}`;
      if (!seen.has(key)) seen.set(key, { id, source: via.source, url: via.url ?? '', package: via.name ?? entry.name, title: via.title ?? '', severity: via.severity ?? entry.severity });
    }
  }
  return [...seen.values()];
}

const ghsa = (url) => (typeof url === 'string' ? /GHSA(-[23456789cfghjmpqrvwx]{4}){3}/i.exec(url)?.[0] : undefined);

/** Whether an exception explains an advisory: the same package, and its URL, GHSA id or npm's numeric id. */
export function explains(exception, advisory) {
  if (exception.package !== advisory.package) return false;
  const a = exception.advisory;
  return a === advisory.url || a === String(advisory.source) || (ghsa(a) !== undefined && ghsa(a)?.toLowerCase() === advisory.id.toLowerCase());
}

/**
 * The verdict on a report: exit 1 when a high or critical advisory is not explained, or a high or
 * critical entry leads to no advisory at all (a report we cannot read is not a pass).
 */
export function decide(report, exceptions) {
  const lines = [];
  let fail = false;
  const advisories = advisoriesOf(report);
  const blocking = advisories.filter((a) => BLOCKING.includes(a.severity));
  const used = new Set();
  let excepted = 0;
  for (const a of blocking) {
    const e = exceptions.find((x) => explains(x, a));
    if (e) {
      used.add(e);
      excepted += 1;
      lines.push(`audit: ${a.severity} ${a.id} in ${a.package} (${a.title}): excepted, reviewed ${e.reviewed}: ${e.reason}`);
    } else {
      fail = true;
      lines.push(`audit: ${a.severity} ${a.id} in ${a.package} (${a.title}) ${a.url} — not explained in audit-exceptions.json`);
    }
  }
  // An entry marked high or critical must trace back, through `via` names, to such an advisory.
  const entries = report.vulnerabilities ?? {};
  for (const [name, entry] of Object.entries(entries)) {
    if (!BLOCKING.includes(entry?.severity)) continue;
    if (!reachesBlocking(entries, name, new Set())) {
      fail = true;
      lines.push(`audit: ${entry.severity} entry ${name} names no advisory this script can read — check \`npm audit --omit=dev\` by hand`);
    }
  }
  for (const e of exceptions) if (!used.has(e)) lines.push(`audit: note: the exception for ${e.advisory} in ${e.package} matches nothing now; remove it`);
  const lower = advisories.length - blocking.length;
  const prod = report.metadata?.dependencies?.prod;
  lines.push(
    `audit: ${blocking.length} high or critical advisor${blocking.length === 1 ? 'y' : 'ies'} (${excepted} excepted), ${lower} lower` +
      (typeof prod === 'number' ? `, in ${prod} production packages` : '') +
      (fail ? ': FAILED' : ': ok'),
  );
  return { exit: fail ? 1 : 0, lines };
}

function reachesBlocking(entries, name, seen) {
  if (seen.has(name)) return false;
  seen.add(name);
  for (const via of entries[name]?.via ?? []) {
    if (via && typeof via === 'object' && BLOCKING.includes(via.severity)) return true;
    if (typeof via === 'string' && reachesBlocking(entries, via, seen)) return true;
  }
  return false;
}

/** The whole run from npm's output and the exceptions file; `required` makes an unreachable service a failure. */
export function run({ stdout, stderr, exceptionsJson, required, today }) {
  const { exceptions, problems } = parseExceptions(exceptionsJson, today);
  if (problems.length) return { exit: 1, lines: problems };
  const got = classify(stdout, stderr);
  if (got.kind === 'unreachable') {
    return { exit: required ? 1 : 0, lines: [`audit: could not run: ${got.why}${required ? ' (AUDIT_REQUIRED=1: failing)' : ' (not a failure; AUDIT_REQUIRED=1 makes it one)'}`] };
  }
  if (got.kind === 'broken') return { exit: 1, lines: [`audit: ${got.why}`] };
  return decide(got.report, exceptions);
}

function main() {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const i = process.argv.indexOf('--report');
  let stdout = '';
  let stderr = '';
  if (i > 0 && process.argv[i + 1]) {
    stdout = readFileSync(process.argv[i + 1], 'utf8');
  } else {
    const r = spawnSync('npm', ['audit', '--omit=dev', '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
    if (r.error?.code === 'ETIMEDOUT') stderr = 'network error ETIMEDOUT (npm audit did not finish in 120 s)';
    else if (r.error) stderr = `npm error ${r.error.message}`;
    else ({ stdout, stderr } = r);
  }
  let exceptionsJson;
  try {
    exceptionsJson = JSON.parse(readFileSync(join(root, 'audit-exceptions.json'), 'utf8'));
  } catch (err) {
    console.log(`audit: audit-exceptions.json cannot be read: ${err.message}`);
    process.exit(1);
  }
  const result = run({ stdout, stderr, exceptionsJson, required: process.env.AUDIT_REQUIRED === '1', today: new Date() });
  for (const line of result.lines) console.log(line);
  process.exit(result.exit);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
