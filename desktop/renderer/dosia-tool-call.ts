import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { MessageBlock } from '../bridge/bridge-contract';
import { controlStyles } from './shared-styles';

type ToolCallBlock = Extract<MessageBlock, { type: 'tool-call' }>;

export interface ToolDecisionDetail {
  readonly callId: string;
  readonly decision: 'allow' | 'deny';
  /** Allow this tool for the rest of the session. */
  readonly remember: boolean;
}

/** One tool call inline in a message: its arguments, its result, and Allow / Deny while it waits. */
@customElement('dosia-tool-call')
export class DosiaToolCall extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host { display: block; border: 1px solid var(--dosia-border); border-radius: var(--dosia-radius); padding: 8px 12px; margin: 8px 0; background: var(--dosia-surface); }
      pre { font-family: var(--dosia-mono); font-size: 12px; margin: 4px 0; white-space: pre-wrap; }
      .status { font-size: 12px; }
      .actions { display: flex; gap: 8px; margin-top: 6px; }
    `,
  ];

  @property({ attribute: false }) call!: ToolCallBlock;

  private decide(decision: 'allow' | 'deny', remember = false) {
    this.dispatchEvent(new CustomEvent<ToolDecisionDetail>('tool-decision', { detail: { callId: this.call.id, decision, remember }, bubbles: true, composed: true }));
  }

  override render() {
    const call = this.call;
    return html`
      <div><strong>${call.name}</strong> <span class="status muted">${call.status.replace('-', ' ')}</span></div>
      <pre aria-label="Arguments">${JSON.stringify(call.input, null, 2)}</pre>
      ${call.result === undefined ? nothing : html`<pre aria-label="Result" class=${call.isError ? 'error' : ''}>${call.result}</pre>`}
      ${call.status === 'awaiting-approval'
        ? html`<div class="actions" role="group" aria-label="Approve ${call.name}">
            <button class="primary" @click=${() => this.decide('allow')}>Allow once</button>
            <button @click=${() => this.decide('allow', true)}>Allow for this session</button>
            <button class="danger" @click=${() => this.decide('deny')}>Deny</button>
          </div>`
        : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dosia-tool-call': DosiaToolCall;
  }
}
