import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { DosiaBridge, McpServerStatus, ToolSummary } from '../bridge/bridge-contract';
import { ListTaskController } from './list-task-controller';
import { controlStyles, panelStyles } from './shared-styles';

/** Every source a source name stands for in the tools table; others (`skill:review`) read as they are. */
function describeSource(source: string): string {
  if (source === 'builtin') return 'built-in (file tools)';
  if (source === 'mcp') return 'MCP server';
  return source;
}

/** MCP servers (state, transport, errors, restart) and every tool the agent offers: built-in file tools, MCP servers', skills'. */
@customElement('dosia-tools-panel')
export class DosiaToolsPanel extends LitElement {
  static override styles = [
    controlStyles,
    panelStyles,
  ];

  @property({ attribute: false }) bridge?: DosiaBridge;
  private readonly tools = new ListTaskController<ToolSummary>(this, () => this.bridge?.invoke('mcp.tools', {}));
  private readonly servers = new ListTaskController<McpServerStatus>(this, () => this.bridge?.invoke('mcp.servers', {}));

  private async restart(name: string) {
    await this.bridge?.invoke('mcp.restart', { name });
    await Promise.all([this.servers.reload(), this.tools.reload()]);
  }

  private renderServers() {
    const { items, error } = this.servers;
    if (error) return html`<p class="error" role="alert">${error}</p>`;
    if (!items?.length) return html`<p class="muted">No MCP servers configured: add one under <code>mcpServers</code> in a layer's settings.</p>`;
    return html`<table class="listing" aria-label="MCP servers"><thead><tr><th scope="col">Server</th><th scope="col">State</th><th scope="col">Transport</th><th scope="col">From</th><th scope="col">Tools</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead><tbody>
      ${items.map((server) => html`<tr data-server=${server.name}><td><strong>${server.name}</strong>${server.lastError ? html`<br><span class="error">${server.lastError}</span>` : nothing}</td><td>${server.state}${server.restarts ? ` (${server.restarts} restarts)` : ''}</td><td>${server.transport ?? server.kind}</td><td>${server.origin.source}${server.origin.layer ? ` (${server.origin.layer})` : ''}</td><td>${server.tools.length}</td>
        <td>${server.state === 'denied' || server.state === 'invalid' ? nothing : html`<button @click=${() => void this.restart(server.name)}>Restart</button>`}</td></tr>`)}
    </tbody></table>`;
  }

  override render() {
    const { items, error } = this.tools;
    return html`
      <h2>Tools and MCP servers</h2>
      <h3>Servers</h3>
      ${this.renderServers()}
      <h3>Tools the model can call</h3>
      ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
      ${items === null && !error ? html`<p class="muted" role="status">Loading…</p>` : nothing}
      ${items?.length === 0 ? html`<p class="muted">No tools: the built-in file tools, running MCP servers' tools and skills' tools appear here.</p>` : nothing}
      ${items?.length
        ? html`<table class="listing" aria-label="Tools"><thead><tr><th scope="col">Tool</th><th scope="col">Source</th><th scope="col">Description</th></tr></thead><tbody>
            ${items.map((tool) => html`<tr data-source=${tool.source}><td><code>${tool.name}</code></td><td>${describeSource(tool.source)}</td><td>${tool.description ?? ''}</td></tr>`)}
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
