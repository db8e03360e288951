/**
 * A small metrics registry written out in Prometheus' text exposition format 0.0.4. Every label
 * declares the values it may take (a list, or a pattern for numbered things), so no label can ever
 * carry a Telegram id, a name or a piece of text, and no series can multiply without bound.
 */

/** The values a label may take: a fixed list, or a pattern every value must match whole. */
export type LabelValues = readonly string[] | RegExp;
export type LabelSpec = Readonly<Record<string, LabelValues>>;
export type LabelsOf<S extends LabelSpec> = { [K in keyof S]: S[K] extends readonly (infer V)[] ? V : string };

/** One sample a collect callback reports for a gauge. */
export interface Sample<S extends LabelSpec> {
  labels: LabelsOf<S>;
  value: number;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

interface Family {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  lines(): Promise<string[]>;
}

export class Registry {
  readonly #families = new Map<string, Family>();
  #scrapes = 0;

  /** @param onCollectError told when a gauge's collect callback fails; the scrape goes on without its samples. */
  constructor(private readonly onCollectError: (metric: string, err: unknown) => void = () => {}) {}

  counter<S extends LabelSpec = {}>(name: string, help: string, labels: S = {} as S): Counter<S> {
    const c = new Counter(name, labels);
    this.#add({ name, help, type: 'counter', lines: async () => c.lines() });
    return c;
  }

  /**
   * A gauge set by hand, or (with `collect`) read at each scrape from whoever knows the value,
   * e.g. the outbox counting its waiting rows.
   */
  gauge<S extends LabelSpec = {}>(name: string, help: string, labels: S = {} as S): Gauge<S> {
    const g = new Gauge(name, labels);
    this.#add({
      name,
      help,
      type: 'gauge',
      lines: async () => {
        try {
          return await g.lines();
        } catch (err) {
          this.onCollectError(name, err);
          return [];
        }
      },
    });
    return g;
  }

  /** A histogram with fixed upper bounds (seconds, for durations); `+Inf` is added. */
  histogram<S extends LabelSpec = {}>(name: string, help: string, buckets: readonly number[], labels: S = {} as S): Histogram<S> {
    const h = new Histogram(name, buckets, labels);
    this.#add({ name, help, type: 'histogram', lines: async () => h.lines() });
    return h;
  }

  /** The text a scrape receives (`Content-Type: text/plain; version=0.0.4`). */
  async expose(): Promise<string> {
    this.#scrapes++;
    const out: string[] = [];
    for (const f of this.#families.values()) {
      out.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`, ...(await f.lines()));
    }
    return out.join('\n') + '\n';
  }

  /** Counts scrapes begun, so collect callbacks of several gauges can share one reading per scrape. */
  get scrapes(): number {
    return this.#scrapes;
  }

  #add(f: Family): void {
    if (!METRIC_NAME.test(f.name)) throw new Error(`invalid metric name ${f.name}`);
    if (this.#families.has(f.name)) throw new Error(`metric ${f.name} registered twice`);
    this.#families.set(f.name, f);
  }
}

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Series keyed by their label values in declared order; the key is also the rendered `{…}`. */
abstract class Metric<S extends LabelSpec> {
  readonly #names: string[];

  constructor(
    readonly name: string,
    private readonly spec: S,
  ) {
    this.#names = Object.keys(spec);
    for (const l of this.#names) {
      if (!LABEL_NAME.test(l) || l.startsWith('__') || l === 'le') throw new Error(`invalid label name ${l} on ${name}`);
    }
  }

  /** The rendered label set, after checking every value against its declaration. */
  protected key(labels: LabelsOf<S> | undefined, extra = ''): string {
    const parts: string[] = [];
    for (const l of this.#names) {
      const v = (labels as Record<string, unknown> | undefined)?.[l];
      if (typeof v !== 'string' || !allowed(this.spec[l]!, v)) throw new Error(`label ${l} of ${this.name} does not allow this value`);
      parts.push(`${l}="${escapeLabel(v)}"`);
    }
    if (labels && Object.keys(labels).length !== this.#names.length) throw new Error(`${this.name} takes labels ${this.#names.join(', ') || 'none'}`);
    if (extra) parts.push(extra);
    return parts.length ? `{${parts.join(',')}}` : '';
  }
}

export class Counter<S extends LabelSpec> extends Metric<S> {
  readonly #values = new Map<string, number>();

  inc(...[labels, by = 1]: keyof S extends never ? [labels?: LabelsOf<S>, by?: number] : [labels: LabelsOf<S>, by?: number]): void {
    if (!(by >= 0)) throw new Error(`${this.name} can only go up`);
    const k = this.key(labels);
    this.#values.set(k, (this.#values.get(k) ?? 0) + by);
  }

  lines(): string[] {
    return [...this.#values].map(([k, v]) => `${this.name}${k} ${formatValue(v)}`);
  }
}

export class Gauge<S extends LabelSpec> extends Metric<S> {
  readonly #values = new Map<string, number>();
  #collect: (() => Promise<Sample<S>[]> | Sample<S>[]) | undefined;

  set(...[labels, value]: keyof S extends never ? [labels: LabelsOf<S> | undefined, value: number] : [labels: LabelsOf<S>, value: number]): void {
    this.#values.set(this.key(labels), value);
  }

  /** Replaces the set values: each scrape asks `fn`. A later call replaces an earlier one. */
  collectWith(fn: (() => Promise<Sample<S>[]> | Sample<S>[]) | undefined): void {
    this.#collect = fn;
  }

  async lines(): Promise<string[]> {
    if (!this.#collect) return [...this.#values].map(([k, v]) => `${this.name}${k} ${formatValue(v)}`);
    const samples = await this.#collect();
    // Checked in full before anything is written, so a bad sample drops the family, not half of it.
    return samples.map((s) => `${this.name}${this.key(s.labels)} ${formatValue(s.value)}`);
  }
}

export class Histogram<S extends LabelSpec> extends Metric<S> {
  readonly #bounds: number[];
  readonly #series = new Map<string, { labels: LabelsOf<S> | undefined; counts: number[]; sum: number; count: number }>();

  constructor(name: string, buckets: readonly number[], spec: S) {
    super(name, spec);
    this.#bounds = [...buckets];
    if (this.#bounds.length === 0 || this.#bounds.some((b, i) => !Number.isFinite(b) || (i > 0 && b <= this.#bounds[i - 1]!))) {
      throw new Error(`${name}: buckets must be finite and increasing`);
    }
  }

  observe(...[labels, value]: keyof S extends never ? [labels: LabelsOf<S> | undefined, value: number] : [labels: LabelsOf<S>, value: number]): void {
    if (Number.isNaN(value)) return;
    const k = this.key(labels);
    let s = this.#series.get(k);
    if (!s) this.#series.set(k, (s = { labels, counts: this.#bounds.map(() => 0), sum: 0, count: 0 }));
    const i = this.#bounds.findIndex((b) => value <= b);
    if (i >= 0) s.counts[i]!++;
    s.sum += value;
    s.count++;
  }

  lines(): string[] {
    const out: string[] = [];
    for (const [k, s] of this.#series) {
      let cumulative = 0;
      this.#bounds.forEach((b, i) => {
        cumulative += s.counts[i]!;
        out.push(`${this.name}_bucket${this.key(s.labels, `le="${formatValue(b)}"`)} ${cumulative}`);
      });
      out.push(`${this.name}_bucket${this.key(s.labels, 'le="+Inf"')} ${s.count}`, `${this.name}_sum${k} ${formatValue(s.sum)}`, `${this.name}_count${k} ${s.count}`);
    }
    return out;
  }
}

function allowed(values: LabelValues, v: string): boolean {
  if (values instanceof RegExp) {
    const m = values.exec(v);
    return m !== null && m.index === 0 && m[0].length === v.length;
  }
  return values.includes(v);
}

/** Label values escape backslash, double quote and newline (format 0.0.4). */
export function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text escapes backslash and newline only. */
export function escapeHelp(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}
