/**
 * The content pack on disk: one file per article and language (`<id>.<lang>.md`), a front matter
 * of `key: value` lines and a Telegram-HTML body (see `default-pack/README.md`). `readPack` parses
 * and validates every file and reports every problem at once, each with its file and line, so a
 * pack is fixed in one pass; nothing half-valid reaches the database.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locale } from '../config.ts';
import { KB_KINDS, type KbKind } from '../console/policy.ts';
import type { ArticleSource } from '../db/schema/articles.ts';

export const DEFAULT_PACK_DIR = join(dirname(fileURLToPath(import.meta.url)), 'default-pack');

/** The needs taxonomy (PRODUCT.md). */
export const NEED_CODES = [
  'minor_injection_complications',
  'hr_hiv_hcv_information',
  'home_detox_information',
  'pandemic_information',
  'psychological_support',
  'offline_services',
  'severe_injection_complications',
  'hr_services',
  'overdose',
] as const;
export type NeedCode = (typeof NEED_CODES)[number];

/** The slug of the overdose flow's entry; its body is `## <step-id>` sections. */
export const OVERDOSE_FLOW_SLUG = 'overdose-flow';
export const FLOW_STEP_IDS = [
  'first-reply',
  'substance-opioids',
  'substance-stimulants',
  'substance-sedatives',
  'substance-mix',
  'substance-unknown',
  'breathing-yes',
  'breathing-no',
  'second-dose-reminder',
  'help-arrived-check',
  'doctor-contact',
] as const;
export type FlowStepId = (typeof FLOW_STEP_IDS)[number];

/** Placeholders the bot knows how to fill (README "Placeholders"); any other is a typo. */
export const PLACEHOLDERS = ['emergency_numbers', 'doctor_contact', 'org_name', 'aids_centre_contact', 'mobile_units_schedule'] as const;

/** An article body leaves room for the title and the footer within Telegram's 4,096 characters (counted as Telegram counts: tags out, an entity one character). */
export const MAX_BODY_CHARS = 3500;
/** The tags the pack's files use. */
export const PACK_TAGS: readonly string[] = ['b', 'i', 'a'];
/** The tags the console's editor writes: Telegram's code and quote as well. */
export const EDITOR_TAGS: readonly string[] = ['b', 'i', 'a', 'code', 'blockquote'];
/** Each overdose-flow step is one short message. */
export const MAX_STEP_CHARS = 700;

export interface PackEntry {
  slug: string;
  locale: Locale;
  title: string;
  body: string;
  needs: string[];
  keywords: string[];
  sources: ArticleSource[];
  /** Which specialists verify it (`kind:` in the front matter; medical when absent). */
  kind: KbKind;
}

export interface PackProblem {
  file: string;
  line: number;
  message: string;
}

/** Every problem found in a pack (or one file), each as `file:line: message`. */
export class PackError extends Error {
  constructor(readonly problems: PackProblem[]) {
    super(problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n'));
    this.name = 'PackError';
  }
}

const FILE_NAME = /^([a-z0-9]+(?:-[a-z0-9]+)*)\.([a-z]{2})\.md$/;
const LOCALES: readonly Locale[] = ['ru', 'en'];
const KEYS = ['id', 'lang', 'title', 'needs', 'keywords', 'sources', 'kind'] as const;
const OPTIONAL_KEYS: readonly string[] = ['sources', 'kind'];
type Key = (typeof KEYS)[number];

/** Reads and validates every `<id>.<lang>.md` in `dir` (README.md and other files are ignored). */
export function readPack(dir: string = DEFAULT_PACK_DIR): PackEntry[] {
  const problems: PackProblem[] = [];
  const entries: PackEntry[] = [];
  const bySlug = new Map<string, Set<string>>();
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.md') || file === 'README.md') continue;
    const result = parseFile(file, readFileSync(join(dir, file), 'utf8'));
    problems.push(...result.problems);
    if (result.entry) entries.push(result.entry);
    const name = FILE_NAME.exec(file);
    if (name) bySlug.set(name[1]!, (bySlug.get(name[1]!) ?? new Set()).add(name[2]!));
  }
  // Every id in both languages: a client must not get a menu that differs by language.
  for (const [slug, locales] of bySlug) {
    for (const l of LOCALES) if (!locales.has(l) && [...locales].some((x) => (LOCALES as readonly string[]).includes(x))) problems.push({ file: `${slug}.${l}.md`, line: 0, message: `missing: "${slug}" exists in ${[...locales].join(', ')} but not in ${l}` });
  }
  if (problems.length > 0) throw new PackError(problems);
  return entries.sort((a, b) => (a.slug === b.slug ? a.locale.localeCompare(b.locale) : a.slug.localeCompare(b.slug)));
}

/** Parses one file's text; throws a `PackError` listing every problem. */
export function parsePackFile(file: string, text: string): PackEntry {
  const { entry, problems } = parseFile(file, text);
  if (problems.length > 0 || !entry) throw new PackError(problems);
  return entry;
}

/** The overdose flow's sections: step id → its text (trimmed), in file order. */
export function flowSteps(body: string): Map<string, string> {
  const steps = new Map<string, string>();
  for (const s of sections(body)) steps.set(s.id, s.text);
  return steps;
}

interface Section {
  id: string;
  /** 0-based line of the `## ` heading within the body. */
  headingLine: number;
  /** 0-based line where the text starts. */
  textLine: number;
  text: string;
}

function sections(body: string): Section[] {
  const lines = body.split('\n');
  const out: Section[] = [];
  let current: { id: string; headingLine: number; lines: string[] } | undefined;
  const flush = () => {
    if (!current) return;
    const raw = current.lines.join('\n');
    const leading = raw.length - raw.trimStart().length;
    const textLine = current.headingLine + 1 + (raw.slice(0, leading).match(/\n/g)?.length ?? 0);
    out.push({ id: current.id, headingLine: current.headingLine, textLine, text: raw.trim() });
  };
  lines.forEach((line, i) => {
    const heading = /^## (.*)$/.exec(line);
    if (heading) {
      flush();
      current = { id: heading[1]!.trim(), headingLine: i, lines: [] };
    } else current?.lines.push(line);
  });
  flush();
  return out;
}

function parseFile(file: string, text: string): { entry?: PackEntry; problems: PackProblem[] } {
  const problems: PackProblem[] = [];
  const problem = (line: number, message: string) => problems.push({ file, line, message });
  const name = FILE_NAME.exec(file);
  if (!name) {
    problem(0, 'file name must be <id>.<lang>.md (lower-case id of letters, digits and dashes)');
    return { problems };
  }
  const [, fileId, fileLang] = name as unknown as [string, string, string];
  if (!(LOCALES as readonly string[]).includes(fileLang)) problem(0, `unsupported language "${fileLang}" (ru or en)`);

  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  if (lines[0]?.trim() !== '---') {
    problem(1, 'front matter must start with a line "---"');
    return { problems };
  }
  const close = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  if (close < 0) {
    problem(1, 'front matter is not closed by a line "---"');
    return { problems };
  }

  const single = new Map<Key, { value: string; line: number }>();
  const sources: ArticleSource[] = [];
  let sourceLines = 0;
  for (let i = 1; i < close; i++) {
    const lineNo = i + 1;
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const sep = line.indexOf(': ');
    if (sep <= 0) {
      problem(lineNo, `malformed front matter line (expected "key: value"): ${JSON.stringify(line.slice(0, 80))}`);
      continue;
    }
    const key = line.slice(0, sep).trim();
    const value = line.slice(sep + 2).trim();
    if (!(KEYS as readonly string[]).includes(key)) {
      problem(lineNo, `unknown front matter key "${key}" (expected ${KEYS.join(', ')})`);
      continue;
    }
    if (value === '') {
      problem(lineNo, `"${key}" is empty`);
      continue;
    }
    if (key === 'sources') {
      sourceLines++;
      const source = parseSource(value);
      if (typeof source === 'string') problem(lineNo, source);
      else sources.push(source);
      continue;
    }
    if (single.has(key as Key)) {
      problem(lineNo, `"${key}" is given twice (first on line ${single.get(key as Key)!.line})`);
      continue;
    }
    single.set(key as Key, { value, line: lineNo });
  }
  const closeLineNo = close + 1;
  for (const key of KEYS) if (!OPTIONAL_KEYS.includes(key) && !single.has(key)) problem(closeLineNo, `front matter lacks "${key}"`);
  if (sourceLines === 0) problem(closeLineNo, 'front matter lacks "sources" (at least one "sources: Author. Title. Year. URL")');

  const id = single.get('id');
  if (id && id.value !== fileId) problem(id.line, `id "${id.value}" differs from the file name's "${fileId}"`);
  const lang = single.get('lang');
  if (lang && lang.value !== fileLang) problem(lang.line, `lang "${lang.value}" differs from the file name's "${fileLang}"`);

  const needsField = single.get('needs');
  const needs = needsField ? splitList(needsField.value) : [];
  for (const need of needs) {
    if (!(NEED_CODES as readonly string[]).includes(need)) problem(needsField!.line, `unknown need code "${need}" (expected one of ${NEED_CODES.join(', ')})`);
  }
  const kindField = single.get('kind');
  const kind = (kindField?.value ?? 'medical') as KbKind;
  if (kindField && !(KB_KINDS as readonly string[]).includes(kind)) problem(kindField.line, `unknown kind "${kind}" (expected one of ${KB_KINDS.join(', ')})`);
  const keywordsField = single.get('keywords');
  const keywords = keywordsField ? splitList(keywordsField.value) : [];

  // The body: everything after the closing line, without the blank lines around it.
  let bodyStart = close + 1;
  while (bodyStart < lines.length && lines[bodyStart]!.trim() === '') bodyStart++;
  const body = lines.slice(bodyStart).join('\n').trimEnd();
  const bodyLine0 = bodyStart + 1; // 1-based file line of the body's first line
  if (body === '') problem(closeLineNo, 'the body is empty');

  for (const p of checkBody(fileId, body, bodyLine0)) problem(p.line, bodyProblemText(p));

  if (problems.length > 0) return { problems };
  return {
    entry: { slug: fileId, locale: fileLang as Locale, title: single.get('title')!.value, body, needs, keywords, sources, kind },
    problems,
  };
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** "Author. Title. Year. URL" → the citation (without the final dot) and the URL; otherwise what is wrong, in English. */
export function parseSource(value: string): ArticleSource | string {
  const m = /^(.*\S)\s+(https?:\/\/\S+)$/.exec(value);
  if (!m) return `source without a URL at the end (expected "Author. Title. Year. https://…"): ${JSON.stringify(value.slice(0, 80))}`;
  const title = m[1]!.replace(/\.$/, '').trim();
  const url = m[2]!;
  try {
    new URL(url);
  } catch {
    return `source URL is not a valid URL: ${url}`;
  }
  if (/["<>]/.test(url)) return `source URL contains a character that cannot go into a link: ${url}`;
  return { title, url };
}

/**
 * What can be wrong with an article body (both the pack and the console's editor check it): a
 * code and its arguments, so each reader gets it in their words. `line` counts from `line0`, the
 * line the body starts on.
 */
export type BodyProblemCode =
  | 'too-long'
  | 'raw-lt'
  | 'raw-gt'
  | 'raw-amp'
  | 'forbidden-tag'
  | 'closing-attributes'
  | 'closes-nothing'
  | 'closes-other'
  | 'a-href'
  | 'a-scheme'
  | 'tag-attributes'
  | 'nested'
  | 'unclosed'
  | 'unknown-placeholder'
  | 'flow-start'
  | 'unknown-step'
  | 'step-twice'
  | 'step-empty'
  | 'step-too-long'
  | 'step-missing';

export interface BodyProblem {
  line: number;
  code: BodyProblemCode;
  args: Record<string, string | number>;
}

/**
 * The body of article `slug` checked as Telegram will take it (the overdose flow step by step),
 * with `tags` allowed; empty when fine. Lengths are what Telegram counts.
 */
export function checkBody(slug: string, body: string, line0 = 1, tags: readonly string[] = PACK_TAGS): BodyProblem[] {
  const problems: BodyProblem[] = [];
  const problem = (line: number, code: BodyProblemCode, args: Record<string, string | number> = {}) => problems.push({ line, code, args });
  if (slug === OVERDOSE_FLOW_SLUG) checkFlow(body, line0, problem, tags);
  else {
    const length = visibleLength(body);
    if (length > MAX_BODY_CHARS) problem(line0, 'too-long', { length, max: MAX_BODY_CHARS });
    checkHtml(body, line0, problem, tags);
  }
  return problems;
}

/** The characters Telegram counts in HTML: tags out, an entity one character. */
function visibleLength(html: string): number {
  return html.replace(/<[^<>]*>/g, '').replace(/&(?:amp|lt|gt|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});/g, '&').length;
}

/** A body problem as the pack reports it (English, for whoever edits the files). */
export function bodyProblemText(p: BodyProblem): string {
  const a = p.args;
  switch (p.code) {
    case 'too-long':
      return `the body is ${a.length} characters, over the limit of ${a.max}`;
    case 'raw-lt':
      return 'raw "<" (write &lt;)';
    case 'raw-gt':
      return 'raw ">" (write &gt;)';
    case 'raw-amp':
      return 'raw "&" (write &amp;)';
    case 'forbidden-tag':
      return `forbidden tag <${a.tag}> (only <b>, <i> and <a href="…">)`;
    case 'closing-attributes':
      return `closing tag </${a.name}> with attributes`;
    case 'closes-nothing':
      return `</${a.name}> closes nothing`;
    case 'closes-other':
      return `</${a.name}> closes <${a.other}> opened on line ${a.openedLine}`;
    case 'a-href':
      return '<a> needs exactly one attribute: href="…"';
    case 'a-scheme':
      return `<a href> must be an http(s), tg or mailto link: ${a.href}`;
    case 'tag-attributes':
      return `<${a.name}> takes no attributes`;
    case 'nested':
      return `<${a.name}> nested in another <${a.name}>`;
    case 'unclosed':
      return `<${a.name}> is never closed`;
    case 'unknown-placeholder':
      return `unknown placeholder {${a.name}} (known: ${a.known})`;
    case 'flow-start':
      return 'the overdose flow must start with a "## <step-id>" line';
    case 'unknown-step':
      return `unknown step "${a.step}" (expected ${a.expected})`;
    case 'step-twice':
      return `step "${a.step}" appears twice`;
    case 'step-empty':
      return `step "${a.step}" is empty`;
    case 'step-too-long':
      return `step "${a.step}" is ${a.length} characters, over the limit of ${a.max}`;
    case 'step-missing':
      return `step "${a.step}" is missing`;
  }
}

type ReportBody = (line: number, code: BodyProblemCode, args?: Record<string, string | number>) => void;

function checkFlow(body: string, bodyLine0: number, problem: ReportBody, tags: readonly string[]): void {
  const secs = sections(body);
  const firstLine = body.split('\n')[0] ?? '';
  if (!firstLine.startsWith('## ')) problem(bodyLine0, 'flow-start');
  const seen = new Set<string>();
  for (const s of secs) {
    const line = bodyLine0 + s.headingLine;
    if (!(FLOW_STEP_IDS as readonly string[]).includes(s.id)) problem(line, 'unknown-step', { step: s.id, expected: FLOW_STEP_IDS.join(', ') });
    if (seen.has(s.id)) problem(line, 'step-twice', { step: s.id });
    seen.add(s.id);
    if (s.text === '') problem(line, 'step-empty', { step: s.id });
    const length = visibleLength(s.text);
    if (length > MAX_STEP_CHARS) problem(line, 'step-too-long', { step: s.id, length, max: MAX_STEP_CHARS });
    checkHtml(s.text, bodyLine0 + s.textLine, problem, tags); // each step is sent alone: its tags balance alone
  }
  for (const id of FLOW_STEP_IDS) if (!seen.has(id)) problem(bodyLine0, 'step-missing', { step: id });
}

const ENTITY = /^&(?:amp|lt|gt|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});/;
const TAG = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)([^<>]*)>/;

/**
 * Checks a body against Telegram's HTML parse mode: only `tags` (the pack uses `<b>`, `<i>` and
 * `<a href="…">`), balanced and properly nested; no raw `<`, `>` or `&`; only known placeholders.
 */
function checkHtml(text: string, line0: number, problem: ReportBody, tags: readonly string[]): void {
  const lineAt = (offset: number) => line0 + (text.slice(0, offset).match(/\n/g)?.length ?? 0);
  const open: { name: string; offset: number }[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '<') {
      const m = TAG.exec(text.slice(i));
      if (!m) {
        problem(lineAt(i), 'raw-lt');
        continue;
      }
      const [whole, slash, rawName, attrs] = m as unknown as [string, string, string, string];
      const name = rawName.toLowerCase();
      if (!tags.includes(name)) {
        problem(lineAt(i), 'forbidden-tag', { tag: `${slash}${rawName}`, allowed: tags.map((t) => (t === 'a' ? '<a href="…">' : `<${t}>`)).join(', ') });
      } else if (slash) {
        if (attrs.trim() !== '') problem(lineAt(i), 'closing-attributes', { name });
        const top = open.pop();
        if (!top) problem(lineAt(i), 'closes-nothing', { name });
        else if (top.name !== name) problem(lineAt(i), 'closes-other', { name, other: top.name, openedLine: lineAt(top.offset) });
      } else {
        if (name === 'a') {
          const href = /^\s+href="([^"]+)"\s*$/.exec(attrs);
          if (!href) problem(lineAt(i), 'a-href');
          else if (!/^(https?:\/\/|tg:\/\/|mailto:)\S+$/.test(href[1]!)) problem(lineAt(i), 'a-scheme', { href: href[1]! });
        } else if (attrs.trim() !== '') problem(lineAt(i), 'tag-attributes', { name });
        if (open.some((o) => o.name === name)) problem(lineAt(i), 'nested', { name });
        open.push({ name, offset: i });
      }
      i += whole.length - 1;
    } else if (ch === '>') {
      problem(lineAt(i), 'raw-gt');
    } else if (ch === '&') {
      if (!ENTITY.test(text.slice(i))) problem(lineAt(i), 'raw-amp');
    }
  }
  for (const o of open) problem(lineAt(o.offset), 'unclosed', { name: o.name });
  for (const m of text.matchAll(/\{([^{}\s]*)\}/g)) {
    if (!(PLACEHOLDERS as readonly string[]).includes(m[1]!)) problem(lineAt(m.index), 'unknown-placeholder', { name: m[1]!, known: PLACEHOLDERS.map((p) => `{${p}}`).join(', ') });
  }
}
