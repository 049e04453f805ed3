import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ChatMessage, CompareColumn, DosiaBridge, ModelGroup, SessionTranscript } from '../bridge/bridge-contract';
import './dosia-composer';
import type { ComposeDetail } from './dosia-composer';
import './dosia-message-item';
import { modelKey } from './dosia-model-picker';
import './dosia-usage-strip';
import { controlStyles } from './shared-styles';
import { TurnStreamController } from './turn-stream-controller';

/** N models on one prompt, side by side, each column streaming with its own usage strip; pick a winner to continue. */
@customElement('dosia-compare-view')
export class DosiaCompareView extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host { display: flex; flex-direction: column; height: 100%; min-height: 0; }
      fieldset { border: 0; padding: 12px 16px; margin: 0; display: flex; flex-wrap: wrap; gap: 6px 16px; max-height: 140px; overflow: auto; border-bottom: 1px solid var(--dosia-border); }
      legend { font-weight: 600; padding: 0; margin-bottom: 6px; }
      .columns { flex: 1; display: grid; grid-auto-flow: column; grid-auto-columns: minmax(280px, 1fr); overflow: auto; min-height: 0; }
      .column { display: flex; flex-direction: column; border-right: 1px solid var(--dosia-border); min-height: 0; }
      .column header { display: flex; align-items: center; gap: 8px; padding: 8px 16px; border-bottom: 1px solid var(--dosia-border); font-weight: 600; }
      .column header button { margin-left: auto; }
      .answer { flex: 1; overflow: auto; }
      .error { padding: 8px 16px; }
    `,
  ];

  @property({ attribute: false }) bridge?: DosiaBridge;
  @property({ attribute: false }) groups: readonly ModelGroup[] = [];
  @state() private selected: readonly string[] = [];
  @state() private compareId = '';
  @state() private columns: readonly CompareColumn[] = [];
  @state() private error = '';
  private readonly turns = new TurnStreamController(this, () => this.bridge);

  private toggle(model: string, on: boolean) {
    this.selected = on ? [...this.selected, model] : this.selected.filter((candidate) => candidate !== model);
  }

  private async run(event: CustomEvent<ComposeDetail>) {
    if (!this.bridge || this.selected.length < 2) {
      this.error = 'Choose at least two models to compare.';
      return;
    }
    this.error = '';
    try {
      const startedAt = performance.now();
      const { compareId, columns } = await this.bridge.invoke('compare.run', { text: event.detail.text, models: this.selected });
      for (const column of columns) this.turns.track(column.turnId, startedAt);
      this.compareId = compareId;
      this.columns = columns;
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  private async pick(column: CompareColumn) {
    if (!this.bridge) return;
    const transcript: SessionTranscript = await this.bridge.invoke('compare.pick', { compareId: this.compareId, turnId: column.turnId });
    this.dispatchEvent(new CustomEvent('session-opened', { detail: { transcript }, bubbles: true, composed: true }));
  }

  private renderColumn(column: CompareColumn) {
    const live = this.turns.get(column.turnId);
    const error = live?.end?.error ?? live?.assembly.error;
    const message: ChatMessage = { id: `live-${column.turnId}`, role: 'assistant', blocks: live?.assembly.blocks ?? [], model: column.model, ...(error ? { error } : {}) };
    const streaming = !live?.end;
    return html`<section class="column" aria-label=${column.model} data-turn=${column.turnId}>
      <header>${column.model}<button ?disabled=${streaming} @click=${() => void this.pick(column)}>Pick winner</button></header>
      <div class="answer"><dosia-message-item .message=${message} ?streaming=${streaming}></dosia-message-item></div>
      <dosia-usage-strip .model=${column.model} .metrics=${live?.metrics ?? null} ?streaming=${streaming} .liveFirstTokenMs=${live?.firstPartAt ? live.firstPartAt - live.startedAt : null}></dosia-usage-strip>
    </section>`;
  }

  override render() {
    const running = this.columns.some((column) => !this.turns.get(column.turnId)?.end);
    return html`
      <fieldset>
        <legend>Models to compare (${this.selected.length} chosen)</legend>
        ${this.groups.flatMap((group) => group.models).map((model) => html`<label><input type="checkbox" data-model=${modelKey(model)} .checked=${this.selected.includes(modelKey(model))} @change=${(event: Event) => this.toggle(modelKey(model), (event.target as HTMLInputElement).checked)}> ${model.displayName} <span class="muted">(${model.provider})</span></label>`)}
      </fieldset>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <div class="columns">${this.columns.map((column) => this.renderColumn(column))}</div>
      <dosia-composer ?busy=${running} placeholder="One prompt for every chosen model…" @compose-send=${this.run} @compose-stop=${() => this.columns.forEach((column) => void this.bridge?.invoke('chat.cancel', { turnId: column.turnId }))}></dosia-composer>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dosia-compare-view': DosiaCompareView;
  }
}
