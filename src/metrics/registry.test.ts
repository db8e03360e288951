import { describe, expect, it } from 'vitest';
import { Registry } from './registry.ts';
import { parseExposition } from './testing.ts';

describe('metrics registry', () => {
  it('writes counters, gauges and histograms in the 0.0.4 text format', async () => {
    const r = new Registry();
    const c = r.counter('jobs_total', 'Jobs run.', { result: ['ok', 'failed'] });
    const g = r.gauge('queue_depth', 'Waiting jobs.');
    const h = r.histogram('reply_seconds', 'Reply time.', [0.1, 1], { who: ['client'] });
    c.inc({ result: 'ok' });
    c.inc({ result: 'ok' }, 2);
    c.inc({ result: 'failed' });
    g.set(undefined, 7);
    h.observe({ who: 'client' }, 0.05);
    h.observe({ who: 'client' }, 0.5);
    h.observe({ who: 'client' }, 3);

    const text = await r.expose();
    expect(text).toBe(
      [
        '# HELP jobs_total Jobs run.',
        '# TYPE jobs_total counter',
        'jobs_total{result="ok"} 3',
        'jobs_total{result="failed"} 1',
        '# HELP queue_depth Waiting jobs.',
        '# TYPE queue_depth gauge',
        'queue_depth 7',
        '# HELP reply_seconds Reply time.',
        '# TYPE reply_seconds histogram',
        'reply_seconds_bucket{who="client",le="0.1"} 1',
        'reply_seconds_bucket{who="client",le="1"} 2',
        'reply_seconds_bucket{who="client",le="+Inf"} 3',
        'reply_seconds_sum{who="client"} 3.55',
        'reply_seconds_count{who="client"} 3',
        '',
      ].join('\n'),
    );
    const parsed = parseExposition(text);
    expect(parsed.get('jobs_total')!.samples.map((s) => [s.labels.result, s.value])).toEqual([
      ['ok', 3],
      ['failed', 1],
    ]);
    expect(parsed.get('reply_seconds')!.type).toBe('histogram');
  });

  it('escapes backslashes, quotes and newlines so a parser reads back the same strings', async () => {
    const r = new Registry();
    const awkward = 'a\\b"c\nd';
    r.counter('odd_total', 'Help with a \\ backslash\nand a second line "quoted".', { v: [awkward] }).inc({ v: awkward });
    const text = await r.expose();
    expect(text).toContain('# HELP odd_total Help with a \\\\ backslash\\nand a second line "quoted".');
    expect(text).toContain('odd_total{v="a\\\\b\\"c\\nd"} 1');
    const f = parseExposition(text).get('odd_total')!;
    expect(f.help).toBe('Help with a \\ backslash\nand a second line "quoted".');
    expect(f.samples[0]!.labels.v).toBe(awkward);
  });

  it('refuses label values that were not declared, so no id or text can become a label', () => {
    const r = new Registry();
    const c = r.counter('sent_total', 'Sent.', { chat_kind: ['client', 'staff_group'] });
    const g = r.gauge('backlog', 'Backlog.', { group: /[1-9][0-9]?/ });
    expect(() => c.inc({ chat_kind: '-1001234567890' } as never)).toThrow(/does not allow/);
    expect(() => c.inc({} as never)).toThrow(/does not allow/);
    expect(() => c.inc({ chat_kind: 'client', extra: 'x' } as never)).toThrow(/takes labels chat_kind/);
    expect(() => g.set({ group: '1001234567890' }, 1)).toThrow(/does not allow/);
    g.set({ group: '12' }, 1);
  });

  it('refuses what Prometheus would refuse', () => {
    const r = new Registry();
    expect(() => r.counter('bad-name', 'x')).toThrow(/invalid metric name/);
    expect(() => r.counter('ok_total', 'x', { le: ['1'] })).toThrow(/invalid label name/);
    expect(() => r.histogram('h', 'x', [1, 1])).toThrow(/increasing/);
    r.counter('twice_total', 'x');
    expect(() => r.counter('twice_total', 'x')).toThrow(/twice/);
    expect(() => r.counter('down_total', 'x').inc(undefined, -1)).toThrow(/only go up/);
  });

  it('reads gauges from their collect callback at each scrape, and leaves out one that fails', async () => {
    const failures: string[] = [];
    const r = new Registry((metric) => failures.push(metric));
    let depth = 1;
    r.gauge('depth', 'Depth.', { kind: ['a', 'b'] }).collectWith(async () => [
      { labels: { kind: 'a' }, value: depth },
      { labels: { kind: 'b' }, value: 0 },
    ]);
    r.gauge('broken', 'Broken.').collectWith(() => {
      throw new Error('database away');
    });
    r.gauge('lying', 'Reports an undeclared value.', { kind: ['a'] }).collectWith(() => [{ labels: { kind: 'secret text' as 'a' }, value: 1 }]);

    expect(await r.expose()).toContain('depth{kind="a"} 1\n');
    depth = 5;
    const text = await r.expose();
    expect(text).toContain('depth{kind="a"} 5\n');
    expect(text).not.toContain('secret text');
    const parsed = parseExposition(text);
    expect(parsed.get('broken')!.samples).toEqual([]);
    expect(parsed.get('lying')!.samples).toEqual([]);
    expect(failures).toEqual(['broken', 'lying', 'broken', 'lying']);
  });

  it('writes special values the way the format spells them', async () => {
    const r = new Registry();
    const g = r.gauge('special', 'x', { v: ['inf', 'nan', 'neg'] });
    g.set({ v: 'inf' }, Infinity);
    g.set({ v: 'nan' }, NaN);
    g.set({ v: 'neg' }, -Infinity);
    const text = await r.expose();
    expect(text).toContain('special{v="inf"} +Inf\n');
    expect(text).toContain('special{v="nan"} NaN\n');
    expect(text).toContain('special{v="neg"} -Inf\n');
    expect(parseExposition(text).get('special')!.samples).toHaveLength(3);
  });
});

describe('the exposition parser used by these tests', () => {
  it.each([
    ['no newline at the end', '# TYPE a counter\na 1'],
    ['a sample before its TYPE', 'a 1\n'],
    ['a bad escape', '# TYPE a counter\na{x="\\t"} 1\n'],
    ['an unterminated value', '# TYPE a counter\na{x="1} 1\n'],
    ['a histogram without +Inf', '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n'],
    ['a falling histogram', '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n'],
    ['a series twice', '# TYPE a counter\na 1\na 2\n'],
  ])('refuses %s', (_, text) => {
    expect(() => parseExposition(text)).toThrow();
  });
});
