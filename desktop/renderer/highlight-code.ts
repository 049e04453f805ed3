import { escapeHtml } from './escape-html';

/**
 * A small, language-agnostic highlighter: comments, strings, numbers and the keywords of the
 * languages models write most (JS/TS, Python, Go, Rust, shell, SQL). It works on raw code and
 * escapes every token itself, so its output is safe HTML.
 */
const KEYWORDS = new Set(
  ('as async await break case catch class const continue def default del do elif else enum export extends false fn for from func function go if impl import in interface let loop match mut new nil none not null of or and package pass pub raise return select self static struct super switch this throw true try type typeof use var void where while with yield ' +
    'SELECT FROM WHERE INSERT INTO UPDATE DELETE JOIN ON GROUP BY ORDER LIMIT CREATE TABLE AND OR NOT NULL echo fi then done esac').split(' '),
);

const TOKEN = /(\/\/[^\n]*|#[^\n]*|\/\*[\s\S]*?\*\/|--[^\n]*)|("(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`)|(\b\d+(?:\.\d+)?\b)|([A-Za-z_][\w]*)/g;

/** Languages where `#` starts a comment (elsewhere it is a CSS colour, a C directive, a Rust attribute). */
const HASH_COMMENTS = new Set(['python', 'py', 'sh', 'bash', 'shell', 'zsh', 'yaml', 'yml', 'toml', 'ruby', 'rb', '']);

export function highlightCode(code: string, language: string): string {
  let html = '';
  let last = 0;
  const hashComments = HASH_COMMENTS.has(language.toLowerCase());
  for (const match of code.matchAll(TOKEN)) {
    const [token, comment, string, number, word] = match;
    const start = match.index;
    html += escapeHtml(code.slice(last, start));
    last = start + token.length;
    if (comment !== undefined && (hashComments || !comment.startsWith('#')) && (language === 'sql' || !comment.startsWith('--'))) html += `<span class="tok-comment">${escapeHtml(comment)}</span>`;
    else if (string !== undefined) html += `<span class="tok-string">${escapeHtml(string)}</span>`;
    else if (number !== undefined) html += `<span class="tok-number">${number}</span>`;
    else if (word !== undefined && KEYWORDS.has(word)) html += `<span class="tok-keyword">${word}</span>`;
    else html += escapeHtml(token);
  }
  return html + escapeHtml(code.slice(last));
}
