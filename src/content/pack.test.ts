import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLOW_STEP_IDS, MAX_BODY_CHARS, NEED_CODES, OVERDOSE_FLOW_SLUG, PackError, flowSteps, parsePackFile, readPack } from './pack.ts';

const SLUGS = [
  'abscess-and-wounds', 'art-aids-centre', 'hiv-hcv-testing', 'hiv-hcv-transmission', 'home-detox-risks', 'naloxone',
  'overdose-flow', 'overdose-response', 'prep', 'sedatives-alcohol-mix', 'services', 'stimulant-overdose', 'vein-care',
];

const file = (over: Partial<Record<'id' | 'lang' | 'title' | 'needs' | 'keywords', string>> = {}, body = '<b>Hello</b>\nText with {org_name}.', extra = '') =>
  [
    '---',
    `id: ${over.id ?? 'demo'}`,
    `lang: ${over.lang ?? 'en'}`,
    `title: ${over.title ?? 'Demo'}`,
    `needs: ${over.needs ?? 'hr_services'}`,
    `keywords: ${over.keywords ?? 'demo, demos'}`,
    'sources: WHO. Something. 2024. https://www.who.int/x',
    extra,
    '---',
    body,
    '',
  ].join('\n'); // an empty `extra` is a blank front matter line, which is allowed: the body starts on line 10

function problemsOf(name: string, text: string): string[] {
  try {
    parsePackFile(name, text);
  } catch (err) {
    expect(err).toBeInstanceOf(PackError);
    return (err as PackError).problems.map((p) => `${p.line}: ${p.message}`);
  }
  return [];
}

describe('the default pack', () => {
  const entries = readPack();

  it('has every article in both languages', () => {
    expect([...new Set(entries.map((e) => e.slug))].sort()).toEqual(SLUGS);
    for (const slug of SLUGS) expect(entries.filter((e) => e.slug === slug).map((e) => e.locale).sort()).toEqual(['en', 'ru']);
  });

  it('parses titles, needs, keywords and sources', () => {
    for (const e of entries) {
      expect(e.title.length).toBeGreaterThan(3);
      expect(e.needs.length).toBeGreaterThan(0);
      for (const n of e.needs) expect(NEED_CODES).toContain(n);
      expect(e.keywords.length).toBeGreaterThan(3);
      expect(e.sources.length).toBeGreaterThan(0);
      for (const s of e.sources) {
        expect(s.url).toMatch(/^https:\/\/\S+$/);
        expect(s.title).not.toMatch(/https?:|\.$/);
      }
      if (e.slug !== OVERDOSE_FLOW_SLUG) expect(e.body.length).toBeLessThanOrEqual(MAX_BODY_CHARS);
    }
    const naloxone = entries.find((e) => e.slug === 'naloxone' && e.locale === 'ru')!;
    expect(naloxone.title).toBe('Налоксон: что это и как применять');
    expect(naloxone.needs).toEqual(['overdose']);
    expect(naloxone.keywords).toContain('наркан');
    expect(naloxone.sources[0]).toEqual({ title: 'WHO. Community management of opioid overdose. 2014', url: 'https://www.who.int/publications/i/item/9789241548816' });
    expect(entries.find((e) => e.slug === 'vein-care' && e.locale === 'en')!.needs).toEqual(['minor_injection_complications', 'severe_injection_complications', 'hr_services']);
  });

  it('has every step of the overdose flow in both languages', () => {
    for (const locale of ['ru', 'en']) {
      const flow = entries.find((e) => e.slug === OVERDOSE_FLOW_SLUG && e.locale === locale)!;
      const steps = flowSteps(flow.body);
      expect([...steps.keys()]).toEqual([...FLOW_STEP_IDS]);
      for (const [, text] of steps) {
        expect(text.length).toBeGreaterThan(10);
        expect(text.length).toBeLessThanOrEqual(700);
        expect(text).not.toMatch(/^## /m);
      }
      expect(steps.get('first-reply')).toContain('{emergency_numbers}');
      expect(steps.get('doctor-contact')).toContain('{doctor_contact}');
    }
  });
});

describe('malformed packs', () => {
  it('accepts a well-formed file', () => {
    const e = parsePackFile('demo.en.md', file());
    expect(e).toMatchObject({ slug: 'demo', locale: 'en', title: 'Demo', needs: ['hr_services'], keywords: ['demo', 'demos'], body: '<b>Hello</b>\nText with {org_name}.' });
  });

  it('names the file and line of a malformed front matter line', () => {
    const text = file({}, undefined, 'this line has no colon');
    expect(() => parsePackFile('demo.en.md', text)).toThrow(/^demo\.en\.md:8: malformed front matter line/);
  });

  it('rejects a missing front matter, an unclosed one, unknown and repeated keys, missing keys', () => {
    expect(problemsOf('demo.en.md', 'no front matter')).toEqual(['1: front matter must start with a line "---"']);
    expect(problemsOf('demo.en.md', '---\nid: demo\n')).toEqual(['1: front matter is not closed by a line "---"']);
    expect(problemsOf('demo.en.md', file({}, undefined, 'author: me'))).toEqual([expect.stringMatching(/^8: unknown front matter key "author"/)]);
    expect(problemsOf('demo.en.md', file({}, undefined, 'title: Again'))).toEqual(['8: "title" is given twice (first on line 4)']);
    expect(problemsOf('demo.en.md', '---\nid: demo\nlang: en\n---\nBody')).toEqual([
      '4: front matter lacks "title"',
      '4: front matter lacks "needs"',
      '4: front matter lacks "keywords"',
      expect.stringMatching(/^4: front matter lacks "sources"/),
    ]);
  });

  it('checks the id and language against the file name', () => {
    expect(problemsOf('other.en.md', file())).toEqual(['2: id "demo" differs from the file name\'s "other"']);
    expect(problemsOf('demo.en.md', file({ lang: 'ru' }))).toEqual(['3: lang "ru" differs from the file name\'s "en"']);
    expect(problemsOf('demo.de.md', file({ lang: 'de' }))).toEqual(['0: unsupported language "de" (ru or en)']);
    expect(problemsOf('Demo File.md', file())).toEqual([expect.stringMatching(/^0: file name must be/)]);
  });

  it('rejects an unknown need code', () => {
    expect(problemsOf('demo.en.md', file({ needs: 'hr_services, overdoze' }))).toEqual([expect.stringMatching(/^5: unknown need code "overdoze"/)]);
  });

  it('rejects a source without a URL', () => {
    const text = file().replace('https://www.who.int/x', '');
    expect(problemsOf('demo.en.md', text)).toEqual([expect.stringMatching(/^7: source without a URL/)]);
    expect(problemsOf('demo.en.md', file().replace('https://www.who.int/x', 'www.who.int/x'))).toEqual([expect.stringMatching(/^7: source without a URL/)]);
  });

  it('rejects unbalanced and forbidden tags, raw < > &, unknown placeholders, naming the body line', () => {
    // The body starts on line 10.
    const body = (b: string) => problemsOf('demo.en.md', file({}, b));
    expect(body('<b>never closed')).toEqual(['10: <b> is never closed']);
    expect(body('fine\n<b>bold <i>both</b></i>')).toEqual(['11: </b> closes <i> opened on line 11', '11: </i> closes <b> opened on line 11']);
    expect(body('x\n\n</i>')).toEqual(['12: </i> closes nothing']);
    expect(body('<u>underlined</u>')).toEqual(['10: forbidden tag <u> (only <b>, <i> and <a href="…">)', '10: forbidden tag </u> (only <b>, <i> and <a href="…">)']);
    expect(body('<script>x</script>')[0]).toMatch(/^10: forbidden tag <script>/);
    expect(body('<a href="javascript:alert(1)">x</a>')).toEqual([expect.stringMatching(/^10: <a href> must be an http\(s\), tg or mailto link/)]);
    expect(body('<a href="https://x.org">ok</a> and <b class="x">no</b>')).toEqual(['10: <b> takes no attributes']);
    expect(body('a < b')).toEqual(['10: raw "<" (write &lt;)']);
    expect(body('a > b')).toEqual(['10: raw ">" (write &gt;)']);
    expect(body('Tom & Jerry')).toEqual(['10: raw "&" (write &amp;)']);
    expect(body('Tom &amp; Jerry &lt;3 &#8212;')).toEqual([]);
    expect(body('Call {emergency_number}')).toEqual([expect.stringMatching(/^10: unknown placeholder \{emergency_number\}/)]);
  });

  it('rejects a body over the limit', () => {
    expect(problemsOf('demo.en.md', file({}, 'x'.repeat(MAX_BODY_CHARS + 1)))).toEqual([`10: the body is ${MAX_BODY_CHARS + 1} characters, over the limit of ${MAX_BODY_CHARS}`]);
    expect(problemsOf('demo.en.md', file({}, 'x'.repeat(MAX_BODY_CHARS)))).toEqual([]);
    expect(problemsOf('demo.en.md', file({}, ''))).toEqual(['9: the body is empty']);
  });

  it('checks the overdose flow step by step', () => {
    const flow = (body: string) => problemsOf('overdose-flow.en.md', file({ id: 'overdose-flow', needs: 'overdose' }, body));
    const all = FLOW_STEP_IDS.map((id) => `## ${id}\nDo this.`).join('\n\n');
    expect(flow(all)).toEqual([]);
    expect(flow(all.replace('## breathing-no\nDo this.\n\n', ''))).toEqual(['10: step "breathing-no" is missing']);
    expect(flow(all + '\n\n## breathing-maybe\nHm.')).toEqual([expect.stringMatching(/^43: unknown step "breathing-maybe"/)]);
    expect(flow(all.replace('## first-reply\nDo this.', `## first-reply\n${'x'.repeat(701)}`))).toEqual(['10: step "first-reply" is 701 characters, over the limit of 700']);
    // A tag opened in one step and closed in the next is unbalanced: each step is sent alone.
    expect(flow(all.replace('## first-reply\nDo this.', '## first-reply\n<b>Do this.').replace('## substance-opioids\nDo this.', '## substance-opioids\nDo this.</b>'))).toEqual([
      '11: <b> is never closed',
      '14: </b> closes nothing',
    ]);
    expect(flow('Preamble\n' + all)).toEqual(['10: the overdose flow must start with a "## <step-id>" line']);
  });

  it('reports every problem of a pack directory at once, and a language missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netreach-pack-'));
    writeFileSync(join(dir, 'demo.en.md'), file());
    writeFileSync(join(dir, 'demo.ru.md'), file({ lang: 'ru', needs: 'nonsense' }));
    writeFileSync(join(dir, 'solo.en.md'), file({ id: 'solo' }));
    writeFileSync(join(dir, 'README.md'), '# not an article');
    expect(() => readPack(dir)).toThrow(PackError);
    try {
      readPack(dir);
    } catch (err) {
      expect((err as PackError).message.split('\n')).toEqual([
        expect.stringMatching(/^demo\.ru\.md:5: unknown need code "nonsense"/),
        'solo.ru.md:0: missing: "solo" exists in en but not in ru',
      ]);
    }
    writeFileSync(join(dir, 'demo.ru.md'), file({ lang: 'ru' }));
    writeFileSync(join(dir, 'solo.ru.md'), file({ id: 'solo', lang: 'ru' }));
    expect(readPack(dir).map((e) => `${e.slug}.${e.locale}`)).toEqual(['demo.en', 'demo.ru', 'solo.en', 'solo.ru']);
  });

  it('splits flow sections', () => {
    const steps = flowSteps('## a\nOne\nline two\n\n## b\n\nTwo\n');
    expect([...steps]).toEqual([['a', 'One\nline two'], ['b', 'Two']]);
  });
});
