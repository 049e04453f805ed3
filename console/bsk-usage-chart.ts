import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import { css, html, LitElement, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { consoleStyles } from './console-styles';

// Only what a bar chart needs, so the bundle carries no other chart types.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

/**
 * One usage chart: a title and labelled values, drawn by Chart.js. Every chart in the
 * Console goes through this element, so the charting library lives in this one file. The
 * same numbers sit in a visually hidden table for screen readers.
 */
@customElement('bsk-usage-chart')
export class BskUsageChart extends LitElement {
  static override styles = [consoleStyles, css`
    .plot { position: relative; height: 220px; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  `];

  @property() override title = '';
  @property({ attribute: false }) labels: readonly string[] = [];
  @property({ attribute: false }) values: readonly number[] = [];
  @property({ attribute: false }) format: (value: number) => string = String;
  @query('canvas') private canvas!: HTMLCanvasElement | null;
  private chart: Chart<'bar'> | undefined;

  override render() {
    const empty = this.labels.length === 0;
    return html`<figure style="margin:0">
      <figcaption><h2>${this.title}</h2></figcaption>
      ${empty ? html`<p class="muted">No requests in this period.</p>` : html`<div class="plot"><canvas role="img" aria-label=${this.title}></canvas></div>`}
      <table class="visually-hidden"><tbody>${this.labels.map((label, index) => html`<tr><td>${label}</td><td>${this.format(this.values[index] ?? 0)}</td></tr>`)}</tbody></table>
    </figure>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (!this.canvas) return this.destroyChart();
    if (this.chart?.canvas !== this.canvas) this.destroyChart();
    const data = { labels: [...this.labels], datasets: [{ label: this.title, data: [...this.values], backgroundColor: '#3451d1', maxBarThickness: 48 }] };
    if (this.chart) {
      this.chart.data = data;
      this.chart.update();
      return;
    }
    const format = (value: number) => this.format(value);
    this.chart = new Chart(this.canvas, {
      type: 'bar',
      data,
      options: {
        animation: false,
        maintainAspectRatio: false,
        // Axis ticks stay short (plain numbers); the tooltip gives the full formatted figure.
        scales: { y: { beginAtZero: true, ticks: { callback: (value) => Number(value).toLocaleString('en-US') } } },
        plugins: { tooltip: { callbacks: { label: (item) => format(Number(item.raw)) } } },
      },
    });
  }

  override disconnectedCallback(): void {
    this.destroyChart();
    super.disconnectedCallback();
  }

  private destroyChart(): void {
    this.chart?.destroy();
    this.chart = undefined;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bsk-usage-chart': BskUsageChart;
  }
}
