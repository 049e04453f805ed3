import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { renderMarkdown } from './render-markdown';

/** Model text as Markdown. `renderMarkdown` escapes all text first, so the HTML it returns is safe to insert. */
@customElement('dosia-markdown-view')
export class DosiaMarkdownView extends LitElement {
  static override styles = css`
    :host { display: block; overflow-wrap: anywhere; }
    p { margin: 0 0 0.6em; }
    p:last-child { margin-bottom: 0; }
    a { color: var(--dosia-accent); }
    code { font-family: var(--dosia-mono); font-size: 0.92em; background: var(--dosia-code-bg); padding: 1px 4px; border-radius: 4px; }
    pre.code { position: relative; background: var(--dosia-code-bg); border: 1px solid var(--dosia-border); border-radius: var(--dosia-radius); padding: 12px; overflow-x: auto; }
    pre.code code { background: none; padding: 0; }
    .code-language { position: absolute; top: 4px; right: 8px; font-size: 11px; color: var(--dosia-muted); }
    .tok-keyword { color: var(--dosia-tok-keyword); }
    .tok-string { color: var(--dosia-tok-string); }
    .tok-number { color: var(--dosia-tok-number); }
    .tok-comment { color: var(--dosia-tok-comment); font-style: italic; }
    blockquote { margin: 0 0 0.6em; padding-left: 12px; border-left: 3px solid var(--dosia-border); color: var(--dosia-muted); }
    h1, h2, h3, h4, h5, h6 { font-size: 1.05em; margin: 0.8em 0 0.4em; }
  `;

  @property() text = '';

  override render() {
    return html`${unsafeHTML(renderMarkdown(this.text))}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dosia-markdown-view': DosiaMarkdownView;
  }
}
