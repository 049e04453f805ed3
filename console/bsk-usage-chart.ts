import { html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { consoleStyles } from './console-styles';

/**
 * One usage chart: a title and labelled values. Every chart in the Console goes through
 * this element, so the charting library lives in this one file. Until that library is
 * installed (chart.js is requested), the series renders as a table of the same data.
 */
@customElement('bsk-usage-chart')
export class BskUsageChart extends LitElement {
  static override styles = consoleStyles;

  @property() override title = '';
  @property({ attribute: false }) labels: readonly string[] = [];
  @property({ attribute: false }) values: readonly number[] = [];
  @property({ attribute: false }) format: (value: number) => string = String;

  override render() {
    return html`<figure style="margin:0">
      <figcaption><h2>${this.title}</h2></figcaption>
      ${this.labels.length
        ? html`<table><tbody>${this.labels.map((label, index) => html`<tr><td>${label}</td><td class="number">${this.format(this.values[index] ?? 0)}</td></tr>`)}</tbody></table>`
        : html`<p class="muted">No requests in this period.</p>`}
    </figure>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bsk-usage-chart': BskUsageChart;
  }
}
