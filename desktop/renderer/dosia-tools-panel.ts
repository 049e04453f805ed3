import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { DosiaBridge, ToolSummary } from '../bridge/bridge-contract';
import { ListTaskController } from './list-task-controller';
import { controlStyles } from './shared-styles';

/** The tools the agent can call, by source: built-in file tools, MCP servers (`mcp:<name>`), skills. */
@customElement('dosia-tools-panel')
export class DosiaToolsPanel extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host { display: block; padding: 16px 24px; overflow: auto; height: 100%; }
      table { border-collapse: collapse; width: 100%; }
      th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--dosia-border); vertical-align: top; }
    `,
  ];

  @property({ attribute: false }) bridge?: DosiaBridge;
  private readonly tools = new ListTaskController<ToolSummary>(this, () => this.bridge?.invoke('mcp.tools', {}));

  override render() {
    const { items, error } = this.tools;
    return html`
      <h2>MCP tools</h2>
      ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
      ${items === null && !error ? html`<p class="muted" role="status">Loading…</p>` : nothing}
      ${items?.length === 0 ? html`<p class="muted">No tools yet: MCP servers configured in a layer appear here.</p>` : nothing}
      ${items?.length
        ? html`<table><thead><tr><th scope="col">Tool</th><th scope="col">Source</th><th scope="col">Description</th></tr></thead><tbody>
            ${items.map((tool) => html`<tr><td><code>${tool.name}</code></td><td>${tool.source}</td><td>${tool.description ?? ''}</td></tr>`)}
          </tbody></table>`
        : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dosia-tools-panel': DosiaToolsPanel;
  }
}
