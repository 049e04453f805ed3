import { describe, expect, it } from 'vitest';
import { highlightCode } from './highlight-code';
import { renderMarkdown } from './render-markdown';

describe('renderMarkdown', () => {
  it('escapes every tag and attribute the model writes, in text, code, links and headings', () => {
    const html = renderMarkdown('<img src=x onerror=alert(1)> **<b>bold</b>**\n\n# <script>x</script>\n\n```html\n<script>alert(1)</script>\n```\n\n`<i>`');
    expect(html).not.toMatch(/<(img|b|script|i)[\s>]/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('<strong>&lt;b&gt;bold&lt;/b&gt;</strong>');
    expect(html).toContain('<code>&lt;i&gt;</code>');
  });

  it('links only http(s) URLs, opened outside the app', () => {
    expect(renderMarkdown('[docs](https://example.com/a?b=1&c=2)')).toBe('<p><a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">docs</a></p>');
    expect(renderMarkdown('[x](javascript:alert(1))')).toBe('<p>[x](javascript:alert(1))</p>');
    expect(renderMarkdown('[x](https://e.com/"onmouseover="alert(1))')).not.toContain('onmouseover="');
  });

  it('renders headings, lists, quotes, rules, emphasis and paragraphs with line breaks', () => {
    expect(renderMarkdown('## Plan\n\n- one\n- *two*\n\n1. first\n2. second\n\n> quoted\n\n---\n\nline one\nline two')).toBe(
      '<h2>Plan</h2><ul><li>one</li><li><em>two</em></li></ul><ol><li>first</li><li>second</li></ol><blockquote><p>quoted</p></blockquote><hr><p>line one<br>line two</p>',
    );
  });

  it('renders a fenced block with its language, and an unclosed fence (still streaming) to the end', () => {
    expect(renderMarkdown('```ts\nconst a = 1;\n```')).toBe('<pre class="code"><span class="code-language">ts</span><code class="language-ts"><span class="tok-keyword">const</span> a = <span class="tok-number">1</span>;</code></pre>');
    expect(renderMarkdown('```py\nprint("hi")')).toContain('<span class="tok-string">&quot;hi&quot;</span>');
  });
});

describe('highlightCode', () => {
  it('marks comments, strings, numbers and keywords, escaping each token', () => {
    expect(highlightCode('// a <b>\nreturn "x<y" + 42', 'js')).toBe('<span class="tok-comment">// a &lt;b&gt;</span>\n<span class="tok-keyword">return</span> <span class="tok-string">&quot;x&lt;y&quot;</span> + <span class="tok-number">42</span>');
  });

  it('treats # as a comment only where the language says so', () => {
    expect(highlightCode('# note', 'python')).toBe('<span class="tok-comment"># note</span>');
    expect(highlightCode('#fff', 'css')).toBe('#fff');
  });
});
