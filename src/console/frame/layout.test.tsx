import { describe, expect, it } from 'vitest';
import { Layout, page } from './layout.tsx';

describe('the page frame', () => {
  it('writes its style rules as they are (quotes and > intact), while the page text stays escaped', () => {
    const html = page(
      <Layout locale="ru" title={'<b>"x"</b>'} css={'.a > .b{content:"→"}'} flash={{ tone: 'error', text: '<script>' }}>
        <p>{'<i>'}</p>
      </Layout>,
    );
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    expect(style).toContain('"Segoe UI"');
    expect(style).toContain('.a > .b{content:"→"}');
    expect(style).not.toContain('&quot;');
    expect(html).toContain('&lt;i&gt;');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<b>"x"</b>');
  });
});
