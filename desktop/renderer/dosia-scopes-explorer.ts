import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { DosiaBridge, LayerName, ScopesReport, SettingValue } from '../bridge/bridge-contract';
import { controlStyles, panelStyles } from './shared-styles';

type LayerReport = ScopesReport['layers'][number];

const STATUS_TEXT = { effective: 'effective', shadowed: 'shadowed', merged: 'merged', locked: 'locked by policy' } as const;

/** The five layers: what each holds, what shadows what, what Enterprise locks; edit a setting in a chosen layer. */
@customElement('dosia-scopes-explorer')
export class DosiaScopesExplorer extends LitElement {
  static override styles = [
    controlStyles,
    panelStyles,
    css`
      .layers { display: grid; gap: 12px; }
      section { border: 1px solid var(--dosia-border); border-radius: var(--dosia-radius); padding: 12px 16px; }
      section.absent { opacity: 0.7; }
      .path { font-family: var(--dosia-mono); font-size: 12px; word-break: break-all; }
      ul { margin: 4px 0; padding-left: 18px; }
      .status { font-size: 12px; border-radius: 999px; padding: 0 8px; border: 1px solid var(--dosia-border); }
      .status-shadowed { color: var(--dosia-warn); }
      .status-locked { color: var(--dosia-danger); }
      .status-effective { color: var(--dosia-ok); }
      form { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; margin: 12px 0 20px; }
      form label { display: flex; flex-direction: column; font-size: 12px; gap: 2px; }
      .lookup { font-size: 13px; margin-bottom: 16px; }
    `,
  ];

  @property({ attribute: false }) bridge?: DosiaBridge;
  @state() private report: ScopesReport | null = null;
  @state() private lookup: SettingValue | null = null;
  @state() private message = '';
  @state() private error = '';
  private stopWatching?: () => void;

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
    this.stopWatching = this.bridge?.on('scopes.changed', () => void this.load());
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.stopWatching?.();
  }

  private async load() {
    if (!this.bridge) return;
    try {
      this.report = await this.bridge.invoke('scopes.list', {});
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  private async save(event: SubmitEvent) {
    event.preventDefault();
    if (!this.bridge) return;
    const data = new FormData(event.target as HTMLFormElement);
    const key = String(data.get('key'));
    const raw = String(data.get('value'));
    const layer = String(data.get('layer')) as LayerName;
    this.error = '';
    try {
      const written = await this.bridge.invoke('settings.set', { key, value: parseValue(raw), layer });
      this.message = `Saved ${key} in ${written.layer} (${written.path}).`;
      this.lookup = await this.bridge.invoke('settings.get', { key });
      await this.load();
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  private async inspect(key: string) {
    if (this.bridge) this.lookup = await this.bridge.invoke('settings.get', { key });
  }

  private renderLayer(layer: LayerReport) {
    return html`<section class=${layer.path ? '' : 'absent'} aria-label="${layer.layer} layer" data-layer=${layer.layer}>
      <h3>${layer.layer[0]!.toUpperCase() + layer.layer.slice(1)} ${layer.readOnly ? html`<span class="status">read-only</span>` : nothing}</h3>
      <div class="path">${layer.path ?? 'no root here'}</div>
      ${layer.note ? html`<div class="muted">${layer.note}</div>` : nothing}
      ${layer.settings.length
        ? html`<h4>Settings</h4><ul>${layer.settings.map((setting) => html`<li data-key=${setting.key} data-status=${setting.status}>
            <button class="linklike" @click=${() => void this.inspect(setting.key)}>${setting.key}</button>
            <span class="status status-${setting.status}">${STATUS_TEXT[setting.status]}${setting.shadowedBy ? ` by ${setting.shadowedBy}` : ''}${setting.shadows.length ? ` · shadows ${setting.shadows.join(', ')}` : ''}</span>
          </li>`)}</ul>`
        : nothing}
      ${layer.instructions ? html`<div>Instructions: <span class="path">${layer.instructions}</span></div>` : nothing}
      ${(['skills', 'mcp'] as const).map((folder) => (layer.folders[folder].length ? html`<h4>${folder === 'mcp' ? 'MCP servers' : 'Skills'}</h4><ul>${layer.folders[folder].map((item) => html`<li>${item.name}${item.shadowedBy ? html` <span class="status status-shadowed">shadowed by ${item.shadowedBy}</span>` : nothing}</li>`)}</ul>` : nothing))}
    </section>`;
  }

  override render() {
    const report = this.report;
    const locked = Object.keys(report?.policy.locked ?? {});
    return html`
      <h2>Scopes</h2>
      <p class="muted">Reads resolve narrowest first: Session › Personal › Project › Role › Enterprise.${report?.role.name ? ` Active role: ${report.role.name}.` : ''}${locked.length ? ` Locked by Enterprise: ${locked.join(', ')}.` : ''}</p>
      <form @submit=${this.save} aria-label="Edit a setting">
        <label>Key<input name="key" required placeholder="model" .value=${this.lookup?.key ?? ''}></label>
        <label>Value (JSON or text)<input name="value" required></label>
        <label>Layer<select name="layer">${(report?.layers ?? []).filter((layer) => !layer.readOnly && layer.path).map((layer) => html`<option value=${layer.layer} ?selected=${layer.layer === 'personal'}>${layer.layer}</option>`)}</select></label>
        <button class="primary" type="submit">Save</button>
      </form>
      ${this.message ? html`<p role="status">${this.message}</p>` : nothing}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.lookup
        ? html`<div class="lookup" data-lookup=${this.lookup.key}><strong>${this.lookup.key}</strong> = <code>${JSON.stringify(this.lookup.value)}</code> from <strong>${this.lookup.layer ?? 'no layer'}</strong>${this.lookup.shadows.length ? html`, shadowing <strong>${this.lookup.shadows.join(', ')}</strong>` : nothing}${this.lookup.locked ? ' (locked)' : ''}; set in: ${this.lookup.sources.join(', ') || 'none'}</div>`
        : nothing}
      ${report ? html`<div class="layers">${report.layers.map((layer) => this.renderLayer(layer))}</div>` : html`<p class="muted">Loading…</p>`}
      ${report?.problems.length ? html`<h3>Problems</h3><ul>${report.problems.map((problem) => html`<li class="error">${problem.layer}: ${problem.path}: ${problem.reason}</li>`)}</ul>` : nothing}
    `;
  }
}

/** Values are JSON when they parse (`true`, `3`, `{"a":1}`), plain text otherwise, like `dosia settings set`. */
function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dosia-scopes-explorer': DosiaScopesExplorer;
  }
}
