import { describe, expect, it } from 'vitest';
import { ApiError } from './errors.ts';
import { detectEntities, formatText, parseHtml, parseMarkdown, parseMarkdownV2 } from './format.ts';

const fails = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e.description;
    throw e;
  }
  throw new Error('did not fail');
};

describe('parse_mode HTML', () => {
  it('produces entities with UTF-16 offsets and decodes HTML entities', () => {
    expect(parseHtml('Привет, <b>мир</b> &amp; <a href="https://x.org">link</a> <pre><code class="language-ts">x</code></pre>')).toEqual({
      text: 'Привет, мир & link x',
      entities: [
        { type: 'bold', offset: 8, length: 3 },
        { type: 'text_link', offset: 14, length: 4, url: 'https://x.org' },
        { type: 'pre', offset: 19, length: 1, language: 'ts' },
      ],
    });
    expect(parseHtml('😀<i>a</i>').entities).toEqual([{ type: 'italic', offset: 2, length: 1 }]);
    expect(parseHtml('<tg-spoiler>s</tg-spoiler><blockquote expandable>q</blockquote>').entities.map((e) => e.type)).toEqual(['spoiler', 'expandable_blockquote']);
  });

  it('rejects broken markup with Telegram wording', () => {
    expect(fails(() => parseHtml('<b>open'))).toBe(`Bad Request: can't parse entities: Can't find end tag corresponding to start tag "b"`);
    expect(fails(() => parseHtml('<b>x</i>'))).toBe(`Bad Request: can't parse entities: Unmatched end tag at byte offset 4, expected "</b>", found "</i>"`);
    expect(fails(() => parseHtml('a <br> b'))).toBe(`Bad Request: can't parse entities: Unsupported start tag "br" at byte offset 2`);
    expect(fails(() => parseHtml('x</b>'))).toMatch(/Unexpected end tag at byte offset 1/);
  });
});

describe('parse_mode MarkdownV2', () => {
  it('produces nested entities, links and escapes', () => {
    expect(parseMarkdownV2('*bold _italic_* \\. [site](https://x.org) `code` ||sp||')).toEqual({
      text: 'bold italic . site code sp',
      entities: [
        { type: 'bold', offset: 0, length: 11 },
        { type: 'italic', offset: 5, length: 6 },
        { type: 'text_link', offset: 14, length: 4, url: 'https://x.org' },
        { type: 'code', offset: 19, length: 4 },
        { type: 'spoiler', offset: 24, length: 2 },
      ],
    });
    expect(parseMarkdownV2('__u__ ~s~').entities.map((e) => e.type)).toEqual(['underline', 'strikethrough']);
    expect(parseMarkdownV2('```js\nlet a;\n```').entities).toEqual([{ type: 'pre', offset: 0, length: 7, language: 'js' }]);
  });

  it('rejects reserved characters and unclosed entities', () => {
    expect(fails(() => parseMarkdownV2('Hello.'))).toBe(`Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'`);
    expect(fails(() => parseMarkdownV2('*bold'))).toBe(`Bad Request: can't parse entities: Can't find end of Bold entity at byte offset 0`);
  });
});

describe('legacy Markdown and plain text', () => {
  it('parses Markdown and reports unclosed entities', () => {
    expect(parseMarkdown('*b* _i_ [l](https://x.org)').entities.map((e) => e.type)).toEqual(['bold', 'italic', 'text_link']);
    expect(fails(() => parseMarkdown('a *b'))).toBe(`Bad Request: can't parse entities: Can't find end of the entity starting at byte offset 2`);
  });

  it('detects commands, mentions, hashtags, urls and e-mails as Telegram does', () => {
    expect(detectEntities('/start@netreach_bot hi @someone #help https://x.org/a, a@b.org')).toEqual([
      { type: 'bot_command', offset: 0, length: 19 },
      { type: 'mention', offset: 23, length: 8 },
      { type: 'hashtag', offset: 32, length: 5 },
      { type: 'url', offset: 38, length: 15 },
      { type: 'email', offset: 55, length: 7 },
    ]);
  });

  it('trims surrounding whitespace and keeps explicit entities', () => {
    expect(formatText('  <b>x</b>  ', 'HTML', undefined)).toEqual({ text: 'x', entities: [{ type: 'bold', offset: 0, length: 1 }] });
    expect(formatText('abc', undefined, [{ type: 'italic', offset: 1, length: 1 }]).entities).toEqual([{ type: 'italic', offset: 1, length: 1 }]);
    expect(fails(() => formatText('x', 'BBCode', undefined))).toMatch(/unsupported parse_mode/);
  });
});
