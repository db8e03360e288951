/**
 * A strict reader of the text exposition format 0.0.4, for tests: it throws on anything a
 * Prometheus server would refuse (or silently misread), so a test that parses a scrape proves it.
 */
export interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface ParsedFamily {
  help: string;
  type: string;
  samples: ParsedSample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const HELP = new RegExp(`^# HELP (${NAME}) (.*)$`);
const TYPE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const SAMPLE = new RegExp(`^(${NAME})(\\{.*\\})? (\\S+)( -?\\d+)?$`);

export function parseExposition(text: string): Map<string, ParsedFamily> {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const families = new Map<string, ParsedFamily>();
  const helps = new Map<string, string>();
  const seen = new Set<string>();
  for (const [i, line] of text.slice(0, -1).split('\n').entries()) {
    const fail = (why: string) => new Error(`line ${i + 1}: ${why}: ${line}`);
    let m: RegExpExecArray | null;
    if ((m = HELP.exec(line))) {
      if (helps.has(m[1]!)) throw fail('second HELP');
      helps.set(m[1]!, unescape(m[2]!, false, fail));
    } else if ((m = TYPE.exec(line))) {
      if (families.has(m[1]!)) throw fail('second TYPE');
      families.set(m[1]!, { help: helps.get(m[1]!) ?? '', type: m[2]!, samples: [] });
    } else if (line.startsWith('#')) {
      continue;
    } else if ((m = SAMPLE.exec(line))) {
      const name = m[1]!;
      const base = [...families.keys()].find((f) => name === f || (families.get(f)!.type === 'histogram' && ['_bucket', '_sum', '_count'].some((s) => name === f + s)));
      if (!base) throw fail('sample before its TYPE');
      const labels = parseLabels(m[2] ?? '', fail);
      const value = parseValue(m[3]!, fail);
      const key = name + JSON.stringify(Object.entries(labels).sort());
      if (seen.has(key)) throw fail('same series twice');
      seen.add(key);
      families.get(base)!.samples.push({ name, labels, value });
    } else if (line !== '') {
      throw fail('not a HELP, TYPE or sample line');
    }
  }
  for (const [name, f] of families) if (f.type === 'histogram') checkHistogram(name, f);
  return families;
}

function parseLabels(text: string, fail: (why: string) => Error): Record<string, string> {
  const labels: Record<string, string> = {};
  if (text === '') return labels;
  let rest = text.slice(1, -1);
  while (rest.length > 0) {
    const m = /^([a-zA-Z_][a-zA-Z0-9_]*)="/.exec(rest);
    if (!m) throw fail('bad label name');
    let i = m[0].length;
    let raw = '';
    for (; i < rest.length && rest[i] !== '"'; i++) {
      if (rest[i] === '\\') raw += rest[i++]!;
      raw += rest[i] ?? '';
    }
    if (i >= rest.length) throw fail('unterminated label value');
    if (m[1]! in labels) throw fail('label twice');
    labels[m[1]!] = unescape(raw, true, fail);
    rest = rest.slice(i + 1);
    if (rest.startsWith(',')) rest = rest.slice(1);
    else if (rest !== '') throw fail('labels not separated by commas');
  }
  return labels;
}

function unescape(raw: string, quotes: boolean, fail: (why: string) => Error): string {
  return raw.replace(/\\(.?)/g, (_, c: string) => {
    if (c === '\\') return '\\';
    if (c === 'n') return '\n';
    if (c === '"' && quotes) return '"';
    throw fail(`bad escape \\${c}`);
  });
}

function parseValue(v: string, fail: (why: string) => Error): number {
  if (v === '+Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  if (v === 'NaN') return NaN;
  if (!/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v)) throw fail('bad value');
  return Number(v);
}

function checkHistogram(name: string, f: ParsedFamily): void {
  const groups = new Map<string, { buckets: [number, number][]; count?: number; sum?: number }>();
  for (const s of f.samples) {
    const { le, ...rest } = s.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const g = groups.get(key) ?? { buckets: [] };
    groups.set(key, g);
    if (s.name === `${name}_bucket`) {
      if (le === undefined) throw new Error(`${name}: a bucket without le`);
      g.buckets.push([parseValue(le, (why) => new Error(`${name}: le ${why}`)), s.value]);
    } else if (s.name === `${name}_count`) g.count = s.value;
    else if (s.name === `${name}_sum`) g.sum = s.value;
    else throw new Error(`${name}: stray sample ${s.name}`);
  }
  for (const g of groups.values()) {
    const last = g.buckets.at(-1);
    if (!last || last[0] !== Infinity) throw new Error(`${name}: the last bucket must be le="+Inf"`);
    if (g.count === undefined || g.sum === undefined) throw new Error(`${name}: _count and _sum are required`);
    if (last[1] !== g.count) throw new Error(`${name}: +Inf bucket differs from _count`);
    for (let i = 1; i < g.buckets.length; i++) {
      if (g.buckets[i]![0] <= g.buckets[i - 1]![0] || g.buckets[i]![1] < g.buckets[i - 1]![1]) throw new Error(`${name}: buckets must rise`);
    }
  }
}
