import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { LayerName, MessageBlock } from '../bridge/bridge-contract';
import { controlStyles } from './shared-styles';

type ToolCallBlock = Extract<MessageBlock, { type: 'tool-call' }>;

/** Where "always" may save a rule: every writable layer, narrowest first (Enterprise is the organisation's). */
const ALWAYS_LAYERS: readonly { readonly layer: LayerName; readonly label: string }[] = [
  { layer: 'session', label: 'this session (Session layer)' },
  { layer: 'personal', label: 'everywhere for me (Personal)' },
  { layer: 'project', label: 'this project (Project)' },
  { layer: 'role', label: 'my role (Role)' },
];

export type ToolDecision = { readonly decision: 'allow'; readonly remember: boolean } | { readonly decision: 'always'; readonly layer: LayerName } | { readonly decision: 'deny' };

export type ToolDecisionDetail = ToolDecision & {
  readonly callId: string;
  /** Called with why the decision could not be applied (a locked key, say), or null once it was: the buttons stay until then. */
  readonly reply: (refusal: string | null) => void;
};

/** One tool call inline in a message: its arguments, its result, and the approval choices while it waits. */
@customElement('dosia-tool-call')
export class DosiaToolCall extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host { display: block; border: 1px solid var(--dosia-border); border-radius: var(--dosia-radius); padding: 8px 12px; margin: 8px 0; background: var(--dosia-surface); }
      pre { font-family: var(--dosia-mono); font-size: 12px; margin: 4px 0; white-space: pre-wrap; }
      .status { font-size: 12px; }
      .actions { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin-top: 6px; }
      .always { display: inline-flex; gap: 4px; align-items: center; }
    `,
  ];

  @property({ attribute: false }) call!: ToolCallBlock;
  @state() private alwaysLayer: LayerName = 'project';
  @state() private refusal: string | null = null;
  @state() private pending = false;

  private decide(decision: ToolDecision) {
    this.pending = true;
    this.refusal = null;
    const reply = (refusal: string | null) => {
      this.pending = false;
      this.refusal = refusal;
    };
    this.dispatchEvent(new CustomEvent<ToolDecisionDetail>('tool-decision', { detail: { ...decision, callId: this.call.id, reply }, bubbles: true, composed: true }));
  }

  private renderApproval(call: ToolCallBlock) {
    return html`<div class="actions" role="group" aria-label="Approve ${call.name}">
        <button class="primary" ?disabled=${this.pending} @click=${() => this.decide({ decision: 'allow', remember: false })}>Allow once</button>
        <button ?disabled=${this.pending} @click=${() => this.decide({ decision: 'allow', remember: true })}>Allow for this session</button>
        <span class="always">
          <button ?disabled=${this.pending} @click=${() => this.decide({ decision: 'always', layer: this.alwaysLayer })}>Always allow in</button>
          <label class="visually-hidden" for="always-layer">Layer to save the rule in</label>
          <select id="always-layer" .value=${this.alwaysLayer} @change=${(event: Event) => (this.alwaysLayer = (event.target as HTMLSelectElement).value as LayerName)}>
            ${ALWAYS_LAYERS.map(({ layer, label }) => html`<option value=${layer} ?selected=${layer === this.alwaysLayer}>${label}</option>`)}
          </select>
        </span>
        <button class="danger" ?disabled=${this.pending} @click=${() => this.decide({ decision: 'deny' })}>Deny</button>
      </div>
      <p class="muted status">"Always" saves <code>${call.name}(*)</code> to <code>permissions.allow</code> of that layer; a deny rule in any layer still wins.</p>
      ${this.refusal ? html`<p class="error" role="alert">${this.refusal}</p>` : nothing}`;
  }

  override render() {
    const call = this.call;
    return html`
      <div><strong>${call.name}</strong> <span class="status muted">${call.status.replace('-', ' ')}</span></div>
      <pre aria-label="Arguments">${JSON.stringify(call.input, null, 2)}</pre>
      ${call.result === undefined ? nothing : html`<pre aria-label="Result" class=${call.isError ? 'error' : ''}>${call.result}</pre>`}
      ${call.status === 'awaiting-approval' ? this.renderApproval(call) : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dosia-tool-call': DosiaToolCall;
  }
}
