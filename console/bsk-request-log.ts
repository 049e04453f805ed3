import { html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ConsoleApi } from './console-api-client';
import { consoleStyles, formatDate } from './console-styles';
import { DataTask } from './data-task';
import type { RequestView } from './usage-types';

/** The request log: status, model, latency, tokens, credits and cache/fallback flags; filterable, exportable to CSV. */
@customElement('bsk-request-log')
export class BskRequestLog extends LitElement {
  static override styles = consoleStyles;

  @property({ attribute: false }) api!: ConsoleApi;
  @property({ attribute: 'org-id' }) orgId = '';
  /** Key id -> display name. */
  @property({ attribute: false }) keyNames: ReadonlyMap<string, string> = new Map();
  @state() private filters = { model: '', outcome: '', key_id: '' };
  private readonly log = new DataTask(this, async () => (await this.api.get<{ data: RequestView[] }>(this.path('json'))).data);

  private path(format: 'json' | 'csv'): string {
    const query = new URLSearchParams(Object.entries(this.filters).filter(([, value]) => value));
    query.set('format', format);
    return `${this.api.orgPath(this.orgId, 'requests')}?${query.toString()}`;
  }

  override render() {
    return html`<section>
      <h2>Request log</h2>
      <form class="row" @change=${this.filter} @submit=${(event: Event) => event.preventDefault()}>
        <label>Model<input name="model" placeholder="any" .value=${this.filters.model}></label>
        <label>Outcome<select name="outcome"><option value="">any</option><option value="ok">succeeded</option><option value="error">failed</option></select></label>
        <label>Key<select name="key_id"><option value="">any</option>${[...this.keyNames].map(([id, name]) => html`<option value=${id}>${name}</option>`)}</select></label>
        <a href=${this.path('csv')} download>Export CSV</a>
      </form>
      ${this.log.render({ complete: (rows) => (rows.length ? this.renderRows(rows) : html`<p class="muted">No requests match.</p>`) })}
    </section>`;
  }

  private renderRows(rows: readonly RequestView[]) {
    return html`<table>
      <thead><tr><th>Time</th><th>Status</th><th>Model</th><th>Key</th><th class="number">Latency</th><th class="number">Tokens in / out</th><th class="number">Credits</th><th>Cache</th><th>Fallback</th></tr></thead>
      <tbody>${rows.map((row) => html`<tr>
        <td>${formatDate(row.created_at)}</td><td>${row.status || 'released'}</td><td>${row.model}</td><td>${this.keyNames.get(row.key_id) ?? row.key_id}</td>
        <td class="number">${row.latency_ms} ms</td><td class="number">${row.usage.input_tokens} / ${row.usage.output_tokens}</td><td class="number">${row.total_credits}</td>
        <td>${typeof row.flags.cache === 'string' ? row.flags.cache : ''}</td><td>${Array.isArray(row.flags.fallback_from) ? `after ${row.flags.fallback_from.join(', ')}` : ''}</td>
      </tr>`)}</tbody>
    </table>`;
  }

  private readonly filter = (event: Event) => {
    const field = event.target as HTMLInputElement | HTMLSelectElement;
    this.filters = { ...this.filters, [field.name]: field.value.trim() };
    void this.log.run();
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'bsk-request-log': BskRequestLog;
  }
}
