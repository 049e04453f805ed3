import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { SessionTotals, TurnMetrics } from '../bridge/bridge-contract';
import { formatCredits, formatMs, formatTokens } from './shared-styles';

/**
 * The status row of a request: model, first-token and total latency, tokens in/out, and
 * the credits ByteSpike settled, as they land; then the session's running total.
 */
@customElement('dosia-usage-strip')
export class DosiaUsageStrip extends LitElement {
  static override styles = css`
    :host { display: flex; flex-wrap: wrap; gap: 4px 16px; align-items: center; font-size: 12px; color: var(--dosia-muted); padding: 6px 16px; border-top: 1px solid var(--dosia-border); background: var(--dosia-surface); font-variant-numeric: tabular-nums; }
    strong { color: var(--dosia-text); font-weight: 600; }
    .total { margin-left: auto; }
  `;

  @property() model = '';
  @property({ attribute: false }) metrics: TurnMetrics | null = null;
  @property({ attribute: false }) totals: SessionTotals | null = null;
  @property({ type: Boolean }) streaming = false;
  /** Measured in the page while the stream runs, until core's metrics arrive. */
  @property({ type: Number }) liveFirstTokenMs: number | null = null;

  override render() {
    const metrics = this.metrics;
    const firstToken = metrics ? metrics.latency.firstTokenMs : this.liveFirstTokenMs;
    return html`
      <span role="status" aria-live="polite" aria-label="Request usage">
        ${this.model ? html`<span data-field="model"><strong>${metrics?.model ?? this.model}</strong></span>` : nothing}
        ${this.streaming ? html` · <span>streaming…</span>` : nothing}
        ${firstToken !== null ? html` · <span data-field="first-token">first token <strong>${formatMs(firstToken)}</strong></span>` : nothing}
        ${metrics
          ? html` · <span data-field="total-latency">total <strong>${formatMs(metrics.latency.totalMs)}</strong></span>
              · <span data-field="tokens"><strong>${formatTokens(metrics.usage.inputTokens)}</strong> in / <strong>${formatTokens(metrics.usage.outputTokens)}</strong> out</span>
              · <span data-field="credits" data-credits=${metrics.credits ?? ''}>${metrics.credits === null ? 'no credits reported' : html`<strong>${formatCredits(metrics.credits)}</strong>${metrics.creditsSource === 'estimated' ? ' (estimated)' : ''}`}</span>`
          : nothing}
      </span>
      ${this.totals
        ? html`<span class="total" data-field="session-total" data-credits=${this.totals.credits}>session: ${this.totals.calls} ${this.totals.calls === 1 ? 'model call' : 'model calls'} · ${formatTokens(this.totals.inputTokens + this.totals.outputTokens)} tokens · <strong>${formatCredits(this.totals.credits)}</strong></span>`
        : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dosia-usage-strip': DosiaUsageStrip;
  }
}
