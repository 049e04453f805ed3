import { escapeHtml } from './escape-html';
import { highlightCode } from './highlight-code';

/**
 * A small Markdown renderer for model output: fenced code (highlighted), inline code,
 * headings, lists, quotes, rules, bold, italic and http(s) links. Safety first: every piece
 * of text is HTML-escaped before any markup is added, and the only attributes written are
 * a language class and an http(s) href, so model output can never inject markup.
 */
export function renderMarkdown(source: string): string {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const html: string[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    const fence = /^\s*(```|~~~)\s*([\w+-]*)/.exec(line);
    if (fence) {
      const end = findClosingFence(lines, index + 1, fence[1]!);
      html.push(codeBlock(lines.slice(index + 1, end).join('\n'), fence[2] ?? ''));
      index = end + 1;
    } else if (line.trim() === '') {
      index++;
    } else {
      const [block, next] = readBlock(lines, index);
      html.push(block);
      index = next;
    }
  }
  return html.join('');
}

function findClosingFence(lines: readonly string[], from: number, fence: string): number {
  for (let index = from; index < lines.length; index++) if (lines[index]!.trim().startsWith(fence)) return index;
  // An unclosed fence (still streaming) runs to the end.
  return lines.length;
}

function codeBlock(code: string, language: string): string {
  const label = language ? `<span class="code-language">${escapeHtml(language)}</span>` : '';
  return `<pre class="code">${label}<code class="language-${escapeHtml(language || 'text')}">${highlightCode(code, language)}</code></pre>`;
}

const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+/;

function readBlock(lines: readonly string[], start: number): [string, number] {
  const line = lines[start]!;
  const heading = /^(#{1,6})\s+(.*)$/.exec(line);
  if (heading) return [`<h${heading[1]!.length}>${renderInline(heading[2]!)}</h${heading[1]!.length}>`, start + 1];
  if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) return ['<hr>', start + 1];
  if (line.startsWith('>')) return readWhile(lines, start, (candidate) => candidate.startsWith('>'), (block) => `<blockquote>${renderMarkdown(block.map((item) => item.replace(/^>\s?/, '')).join('\n'))}</blockquote>`);
  if (LIST_ITEM.test(line)) {
    const ordered = /^\s*\d/.test(line);
    return readWhile(lines, start, (candidate) => LIST_ITEM.test(candidate) || /^\s{2,}\S/.test(candidate), (block) => list(block, ordered));
  }
  return readWhile(lines, start, (candidate) => candidate.trim() !== '' && !/^(#{1,6}\s|\s*```|\s*~~~|>)/.test(candidate) && !LIST_ITEM.test(candidate), (block) => `<p>${block.map(renderInline).join('<br>')}</p>`);
}

function readWhile(lines: readonly string[], start: number, keep: (line: string) => boolean, render: (block: string[]) => string): [string, number] {
  let end = start + 1;
  while (end < lines.length && keep(lines[end]!)) end++;
  return [render(lines.slice(start, end)), end];
}

function list(block: readonly string[], ordered: boolean): string {
  const items: string[] = [];
  for (const line of block) {
    if (LIST_ITEM.test(line)) items.push(line.replace(LIST_ITEM, ''));
    else items[items.length - 1] += ` ${line.trim()}`;
  }
  const tag = ordered ? 'ol' : 'ul';
  return `<${tag}>${items.map((item) => `<li>${renderInline(item)}</li>`).join('')}</${tag}>`;
}

/** Inline spans on escaped text: code first (its content stays literal), then links, bold, italic. */
export function renderInline(text: string): string {
  return text
    .split(/(`[^`]+`)/)
    .map((piece) => (piece.length > 2 && piece.startsWith('`') && piece.endsWith('`') ? `<code>${escapeHtml(piece.slice(1, -1))}</code>` : emphasis(escapeHtml(piece))))
    .join('');
}

function emphasis(escaped: string): string {
  return escaped
    .replace(/\[([^\]]+)\]\((https?:\/\/[^\s)"]+)\)/g, (_match, label: string, href: string) => `<a href="${href}" target="_blank" rel="noopener noreferrer">${label}</a>`)
    .replace(/\*\*([^*]+)\*\*|__([^_]+)__/g, (_match, a?: string, b?: string) => `<strong>${a ?? b}</strong>`)
    .replace(/(^|[^*\w])\*([^*\s][^*]*)\*|(^|\W)_([^_\s][^_]*)_(?=\W|$)/g, (_match, lead1?: string, a?: string, lead2?: string, b?: string) => `${lead1 ?? lead2 ?? ''}<em>${a ?? b}</em>`);
}
