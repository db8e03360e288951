import type { MessageEntity } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { parseHtml } from '../bot-api/format.ts';
import { entityTree, Formatted, safeUrl, type RenderOptions } from './telegram-text.tsx';

const html = (text: string, entities?: MessageEntity[], opts?: RenderOptions) => String(<Formatted text={text} entities={entities} opts={opts} />);
/** What the bot's parse_mode HTML becomes once stored by the emulator and drawn by the simulator. */
const fromBot = (markup: string, opts?: RenderOptions) => {
  const f = parseHtml(markup);
  return html(f.text, f.entities, opts);
};

describe('the simulator draws a message as Telegram does', () => {
  it('draws each kind of formatting from the stored entities', () => {
    expect(fromBot('<b>Срочно</b>: звоните 103')).toBe('<b>Срочно</b>: звоните 103');
    expect(fromBot('<i>a</i> <u>b</u> <s>c</s> <code>d</code>')).toBe('<i>a</i> <u>b</u> <s>c</s> <code>d</code>');
    expect(fromBot('<tg-spoiler>тайна</tg-spoiler>')).toBe('<span class="spoiler" tabindex="0">тайна</span>');
    expect(fromBot('<pre><code class="language-python">x = 1</code></pre>')).toBe('<pre><span class="lang">python</span><code>x = 1</code></pre>');
    expect(fromBot('<blockquote>цитата</blockquote>')).toBe('<blockquote>цитата</blockquote>');
    expect(fromBot('<blockquote expandable>длинная</blockquote>')).toBe('<blockquote class="expandable">длинная</blockquote>');
  });

  it('nests formatting as it was sent', () => {
    expect(fromBot('<b>жирный <i>и курсив</i></b> конец')).toBe('<b>жирный <i>и курсив</i></b> конец');
    expect(fromBot('<b><u>оба</u></b>')).toBe('<b><u>оба</u></b>');
  });

  it('cuts an entity that crosses another one in two, so the HTML stays well-formed', () => {
    const entities: MessageEntity[] = [
      { type: 'bold', offset: 0, length: 4 },
      { type: 'italic', offset: 2, length: 4 },
    ];
    expect(html('abcdef', entities)).toBe('<b>ab<i>cd</i></b><i>ef</i>');
    const tree = entityTree('abcdef', entities);
    expect(tree.children.map((n) => [n.entity!.type, n.start, n.end])).toEqual([
      ['bold', 0, 4],
      ['italic', 4, 6],
    ]);
  });

  it('counts offsets in UTF-16 code units, as the Bot API does', () => {
    // 🚨 is two code units: the bold part starts after it.
    expect(html('🚨 Стоп', [{ type: 'bold', offset: 3, length: 4 }])).toBe('🚨 <b>Стоп</b>');
  });

  it('escapes everything the bot wrote: its text never becomes markup', () => {
    expect(fromBot('&lt;script&gt;alert(1)&lt;/script&gt; <b>&lt;img src=x onerror=alert(1)&gt;</b>')).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt; <b>&lt;img src=x onerror=alert(1)&gt;</b>',
    );
    expect(html('"quoted" & more')).toBe('&quot;quoted&quot; &amp; more');
  });

  it('links only http(s) and e-mail addresses; other schemes stay text', () => {
    expect(fromBot('<a href="https://example.org/a?b=1&amp;c=2">сайт</a>')).toBe(
      '<a href="https://example.org/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer nofollow">сайт</a>',
    );
    expect(fromBot('<a href="javascript:alert(1)">нажми</a>')).toBe('нажми');
    expect(html('see example.org', [{ type: 'url', offset: 4, length: 11 }])).toBe(
      'see <a href="http://example.org/" target="_blank" rel="noopener noreferrer nofollow">example.org</a>',
    );
    expect(html('a@b.org', [{ type: 'email', offset: 0, length: 7 }])).toContain('href="mailto:a@b.org"');
    expect(safeUrl('data:text/html,<b>')).toBeUndefined();
    expect(safeUrl('tg://resolve?domain=x')).toBe('tg://resolve?domain=x');
  });

  it('sends a link where the page says (a deep link to the bot opens the bot in the simulator)', () => {
    const opts: RenderOptions = { href: (url) => (url.startsWith('https://t.me/netreach_bot') ? '/sandbox/clients/1/open?start=unit' : url) };
    expect(fromBot('<a href="https://t.me/netreach_bot?start=unit">бот</a>', opts)).toBe('<a href="/sandbox/clients/1/open?start=unit">бот</a>');
  });

  it('leaves out the newline beside a block, which already breaks the line', () => {
    expect(fromBot('до\n<blockquote>цитата</blockquote>\nпосле')).toBe('до<blockquote>цитата</blockquote>после');
  });

  it('ignores entities outside the text and kinds it does not draw', () => {
    expect(html('abc', [{ type: 'bold', offset: 5, length: 2 }])).toBe('abc');
    expect(html('abc', [{ type: 'bold', offset: 1, length: 10 }])).toBe('a<b>bc</b>');
    expect(html('🙂', [{ type: 'custom_emoji', offset: 0, length: 2, custom_emoji_id: '1' }])).toBe('🙂');
    expect(html('/start', [{ type: 'bot_command', offset: 0, length: 6 }])).toBe('<span class="ent">/start</span>');
  });
});
