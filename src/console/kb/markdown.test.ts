import { describe, expect, it } from 'vitest';
import { telegramLength } from '../../content/articles.ts';
import { checkBody, EDITOR_TAGS, MAX_BODY_CHARS, readPack } from '../../content/pack.ts';
import { markdownToTelegram, telegramToMarkdown } from './markdown.ts';

const html = (md: string) => markdownToTelegram(md).html;

describe('Markdown → Telegram HTML', () => {
  it('escapes &, < and > so that they just work, and leaves placeholders alone', () => {
    expect(html('Tom & Jerry <3 a > b')).toBe('Tom &amp; Jerry &lt;3 a &gt; b');
    expect(html('&amp; stays what was typed')).toBe('&amp;amp; stays what was typed');
    expect(html('<b>not a tag</b> <script>alert(1)</script>')).toBe('&lt;b&gt;not a tag&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html('Звоните {emergency_numbers}')).toBe('Звоните {emergency_numbers}');
  });

  it('converts bold, italic, code, links, list lines, quotes; keeps line breaks and blank-line paragraphs', () => {
    expect(html('**Что это**\nАнтидот.\n\nВторой абзац.')).toBe('<b>Что это</b>\nАнтидот.\n\nВторой абзац.');
    expect(html('_осторожно_ и `code & <x>`')).toBe('<i>осторожно</i> и <code>code &amp; &lt;x&gt;</code>');
    expect(html('[ВОЗ](https://who.int/a?b=1&c="2") [t](tg://resolve?domain=x) [h](http://x.org)')).toBe(
      '<a href="https://who.int/a?b=1&amp;c=&quot;2&quot;">ВОЗ</a> <a href="tg://resolve?domain=x">t</a> <a href="http://x.org">h</a>',
    );
    expect(html('- один\n* два\n  - вложенный\n1. номер')).toBe('• один\n• два\n  • вложенный\n1. номер');
    expect(html('> первая\n> **вторая**\n>\n> - пункт\nпосле')).toBe('<blockquote>первая\n<b>вторая</b>\n\n• пункт</blockquote>\nпосле');
    expect(html('> одна\n\n> другая')).toBe('<blockquote>одна</blockquote>\n\n<blockquote>другая</blockquote>');
  });

  it('nests as Telegram allows: bold and italic in each other and in links; nothing in code; no link in a link', () => {
    expect(html('**жирный _и курсив_ [ссылка](https://x.org)**')).toBe('<b>жирный <i>и курсив</i> <a href="https://x.org">ссылка</a></b>');
    expect(html('[**жирная** ссылка](https://x.org)')).toBe('<a href="https://x.org"><b>жирная</b> ссылка</a>');
    expect(html('`**не жирный**`')).toBe('<code>**не жирный**</code>');
    expect(html('**в жирном `не код`**')).toBe('<b>в жирном `не код`</b>');
    expect(html('[a [b](https://y.org)](https://x.org)')).toBe('<a href="https://x.org">a [b](https://y.org)</a>');
    expect(html('**a **b** c**')).toBe('<b>a **b</b> c**');
  });

  it('leaves lone markers, words with underscores, bare addresses and escaped characters as text', () => {
    expect(html('2 * 3 ** 4, snake_case_name, _ alone, ** no')).toBe('2 * 3 ** 4, snake_case_name, _ alone, ** no');
    expect(html('https://example.org/_a_/b**c** and www')).toBe('https://example.org/_a_/b**c** and www');
    expect(html('\\*\\*not bold\\*\\* \\_x\\_ \\` \\[a](https://x.org) \\\\ \\q')).toBe('**not bold** _x_ ` [a](https://x.org) \\ \\q');
    expect(html('\\- not a list\n\\> not a quote')).toBe('- not a list\n&gt; not a quote');
    expect(html('**\n** ')).toBe('**\n** ');
  });

  it('makes links only of http, https and tg addresses, and says which are not', () => {
    const r = markdownToTelegram('ok [a](https://x.org)\n[b](javascript:alert(1)) [c](mailto:x@y.org) [d](example.org) [e](HTTPS://X.org)');
    expect(r.html).toBe('ok <a href="https://x.org">a</a>\n[b](javascript:alert(1)) [c](mailto:x@y.org) [d](example.org) <a href="https://X.org">e</a>');
    expect(r.problems).toEqual([
      { line: 2, code: 'link-scheme', args: { href: 'javascript:alert(1)' } },
      { line: 2, code: 'link-scheme', args: { href: 'mailto:x@y.org' } },
      { line: 2, code: 'link-scheme', args: { href: 'example.org' } },
    ]);
    expect(html('[a](https://x.org/wiki/A_(b)) [](https://x.org) [c]( https://x.org)')).toBe('<a href="https://x.org/wiki/A_(b)">a</a> [](https://x.org) [c]( https://x.org)');
  });

  it('counts length as Telegram does (an escaped & is one character) and says when a text is too long', () => {
    const amps = '&'.repeat(MAX_BODY_CHARS);
    expect(telegramLength(html(amps))).toBe(MAX_BODY_CHARS);
    expect(markdownToTelegram(amps, { maxLength: MAX_BODY_CHARS }).problems).toEqual([]);
    expect(checkBody('x', html(amps), 1, EDITOR_TAGS)).toEqual([]);
    expect(markdownToTelegram(`**${amps}**`, { maxLength: MAX_BODY_CHARS }).problems).toEqual([]);
    expect(markdownToTelegram(`${amps}&`, { maxLength: MAX_BODY_CHARS }).problems).toEqual([{ line: 1, code: 'too-long', args: { length: MAX_BODY_CHARS + 1, max: MAX_BODY_CHARS } }]);
    expect(checkBody('x', html(`${amps}&`), 1, EDITOR_TAGS).map((p) => p.code)).toEqual(['too-long']);
  });
});

describe('the round trip', () => {
  it('writes every text of the content pack as Markdown that converts back to the same message', () => {
    const pack = readPack();
    for (const e of pack) {
      const md = telegramToMarkdown(e.body);
      expect(md, `${e.slug}.${e.locale}`).toBeDefined();
      expect(html(md!), `${e.slug}.${e.locale}`).toBe(e.body);
      expect(md).not.toMatch(/<b>|&amp;|&lt;/);
    }
    expect(telegramToMarkdown(pack.find((e) => e.slug === 'naloxone' && e.locale === 'ru')!.body)).toMatch(/^\*\*Что это\*\*\n[\s\S]*\n- Налоксон безопасен/);
  });

  it('writes formatting back as it was typed, escaping only what would otherwise be read as formatting', () => {
    const cases: Array<[string, string]> = [
      ['<b>Bold</b> &amp; <i>it</i>, <code>a&lt;b</code>, <a href="https://x.org/?a=1&amp;b=2">l</a>', '**Bold** & _it_, `a<b`, [l](https://x.org/?a=1&b=2)'],
      ['• one\n• two\n1. three', '- one\n- two\n1. three'],
      ['<blockquote>q1\n<b>q2</b></blockquote>\nafter', '> q1\n> **q2**\nafter'],
      ['- literal dash\n&gt; literal quote', '\\- literal dash\n\\> literal quote'],
      ['**not bold** and a_b', '\\*\\*not bold\\*\\* and a\\_b'],
      ['<strong>s</strong> <em>e</em> &quot;q&quot; &#8212;', '**s** _e_ "q" —'],
    ];
    for (const [stored, md] of cases) {
      expect(telegramToMarkdown(stored), stored).toBe(md);
    }
  });

  it('keeps as Telegram HTML what the syntax cannot write', () => {
    for (const stored of [
      '<b>across\nlines</b>',
      'in<i>side</i>word',
      '<a href="mailto:x@y.org">mail</a>',
      '<b><b>twice</b></b>',
      '<u>underline</u>',
      '<blockquote>a</blockquote>\n<blockquote>b</blockquote>',
      'text <blockquote>mid-line</blockquote>',
      '<code>a`b</code>',
      '<b></b>',
    ]) {
      expect(telegramToMarkdown(stored), stored).toBeUndefined();
    }
  });

  it('converts whatever the editor wrote back to the same Markdown meaning, and always writes valid Telegram HTML (2,000 random texts)', () => {
    const pieces = ['a', 'b', 'я', ' ', ' ', '*', '**', '_', '`', '[', ']', '(', ')', '\\', '\n', '\n', '> ', '- ', '& ', '<', '>', 'https://x.org/a_b', '](https://y.org)', 'tg://z', '{org_name}', '•', '\n\n'];
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let n = 0; n < 2000; n++) {
      const md = Array.from({ length: 1 + Math.floor(random() * 24) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      const first = html(md);
      expect(checkBody('x', first, 1, EDITOR_TAGS).filter((p) => p.code !== 'unknown-placeholder'), JSON.stringify(md)).toEqual([]);
      const back = telegramToMarkdown(first);
      expect(back, JSON.stringify(md)).toBeDefined();
      expect(html(back!), JSON.stringify(md)).toBe(first);
    }
  });
});
