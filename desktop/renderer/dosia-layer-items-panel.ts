import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { DosiaBridge, LayerEntry } from '../bridge/bridge-contract';
import { controlStyles } from './shared-styles';

const KINDS = {
  skills: { title: 'Skills', method: 'skills.list', empty: 'No skills installed in any layer yet (a skills/<name>/SKILL.md folder in a layer).' },
  mcp: { title: 'MCP tools', method: 'mcp.tools', empty: 'No MCP servers configured in any layer yet (an mcp/ entry in a layer).' },
} as const;

/** The Skills and MCP tools panels: what the layers hold, with the layer each comes from. */
@customElement('dosia-layer-items-panel')
export class DosiaLayerItemsPanel extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host { display: block; padding: 16px 24px; }
      table { border-collapse: collapse; width: 100%; }
      th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--dosia-border); }
    `,
  ];

  @property({ attribute: false }) bridge?: DosiaBridge;
  @property() kind: keyof typeof KINDS = 'skills';
  @state() private items: readonly LayerEntry[] | null = null;
  @state() private error = '';

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  override willUpdate(changed: Map<string, unknown>) {
    if (changed.has('kind') && changed.get('kind') !== undefined) void this.load();
  }

  private async load() {
    if (!this.bridge) return;
    try {
      this.items = await this.bridge.invoke(KINDS[this.kind].method, {});
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  override render() {
    const kind = KINDS[this.kind];
    return html`
      <h2>${kind.title}</h2>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.items === null
        ? html`<p class="muted">Loading…</p>`
        : this.items.length === 0
          ? html`<p class="muted">${kind.empty}</p>`
          : html`<table><thead><tr><th scope="col">Name</th><th scope="col">Layer</th><th scope="col">Shadows</th></tr></thead>
              <tbody>${this.items.map((item) => html`<tr><td>${item.name}</td><td>${item.layer}</td><td>${item.shadows.join(', ')}</td></tr>`)}</tbody></table>`}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dosia-layer-items-panel': DosiaLayerItemsPanel;
  }
}
