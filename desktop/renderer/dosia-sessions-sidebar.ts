import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { DosiaBridge, SessionSummary } from '../bridge/bridge-contract';
import { controlStyles, formatCredits, formatTokens } from './shared-styles';

/** "1.2k tokens · 420 cr ($0.0004)": what the session used, tokens in and out together. */
function usageLine(session: SessionSummary): string {
  const tokens = `${formatTokens(session.inputTokens + session.outputTokens)} tokens`;
  return session.credits === null ? tokens : `${tokens} · ${formatCredits(session.credits)}`;
}

/** Sessions, newest first, each with its tokens and credits; full-text search over every message, tool output and file name (core searches). */
@customElement('dosia-sessions-sidebar')
export class DosiaSessionsSidebar extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host { display: flex; flex-direction: column; gap: 8px; padding: 12px; min-height: 0; }
      input { width: 100%; }
      ul { list-style: none; margin: 0; padding: 0; overflow: auto; flex: 1; }
      li button { width: 100%; text-align: left; border: 0; background: none; padding: 6px 8px; border-radius: 6px; display: block; }
      li button[aria-current='true'] { background: var(--dosia-surface-2); font-weight: 600; }
      .kind { font-size: 12px; color: var(--dosia-muted); }
      .usage { display: block; font-size: 12px; color: var(--dosia-muted); font-variant-numeric: tabular-nums; }
      .snippet { display: block; font-size: 12px; color: var(--dosia-muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    `,
  ];

  @property({ attribute: false }) bridge?: DosiaBridge;
  @property({ attribute: false }) sessions: readonly SessionSummary[] = [];
  @property() activeId = '';
  @state() private results: readonly SessionSummary[] | null = null;
  @query('input') private searchInput?: HTMLInputElement;

  focusSearch() {
    this.searchInput?.focus();
  }

  private async search(query: string) {
    this.results = query.trim() && this.bridge ? await this.bridge.invoke('sessions.search', { query: query.trim() }) : null;
  }

  private select(sessionId: string) {
    this.dispatchEvent(new CustomEvent('session-select', { detail: { sessionId }, bubbles: true, composed: true }));
  }

  override render() {
    const list = this.results ?? this.sessions;
    return html`
      <button class="primary" @click=${() => this.dispatchEvent(new CustomEvent('new-chat', { bubbles: true, composed: true }))}>New chat</button>
      <label class="visually-hidden" for="session-search">Search sessions</label>
      <input id="session-search" type="search" placeholder="Search messages…" @input=${(event: Event) => void this.search((event.target as HTMLInputElement).value)}>
      <nav aria-label="Sessions"><ul>
        ${list.map((session) => html`<li><button aria-current=${session.id === this.activeId} @click=${() => this.select(session.id)}>${session.kind === 'compare' ? html`<span class="kind">compare · </span>` : nothing}${session.title}${session.snippet ? html`<span class="snippet">${session.snippet}</span>` : nothing}<span class="usage" title="${session.inputTokens} input + ${session.outputTokens} output tokens">${usageLine(session)}</span></button></li>`)}
        ${list.length === 0 ? html`<li class="muted">${this.results ? 'No match.' : 'No sessions yet.'}</li>` : nothing}
      </ul></nav>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dosia-sessions-sidebar': DosiaSessionsSidebar;
  }
}
