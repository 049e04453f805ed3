import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { DosiaModel, ModelGroup } from '../bridge/bridge-contract';
import { controlStyles, formatTokens } from './shared-styles';

/** `provider:model`, the id the bridge takes. */
export const modelKey = (model: DosiaModel) => `${model.provider}:${model.id}`;

function price(model: DosiaModel): string {
  const pricing = model.pricing;
  if (pricing?.inputPerMTok === undefined || pricing.outputPerMTok === undefined) return '';
  const dollars = (credits: number) => `$${(credits / 1_000_000).toFixed(2)}`;
  return `${dollars(pricing.inputPerMTok)} / ${dollars(pricing.outputPerMTok)} per M tokens`;
}

/** The model picker: grouped by provider, searchable, with context window and price; refreshable. */
@customElement('dosia-model-picker')
export class DosiaModelPicker extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host { position: relative; display: inline-block; }
      .panel { position: absolute; z-index: 20; top: calc(100% + 4px); left: 0; width: min(460px, 90vw); max-height: 60vh; overflow: auto; background: var(--dosia-bg); border: 1px solid var(--dosia-border); border-radius: var(--dosia-radius); box-shadow: 0 8px 24px rgb(0 0 0 / 0.2); padding: 8px; }
      .search { display: flex; gap: 6px; position: sticky; top: 0; background: var(--dosia-bg); padding-bottom: 6px; }
      .search input { flex: 1; }
      [role='group'] > h3 { font-size: 12px; text-transform: uppercase; color: var(--dosia-muted); margin: 8px 4px 4px; }
      [role='option'] { padding: 6px 8px; border-radius: 6px; cursor: pointer; display: grid; grid-template-columns: 1fr auto; gap: 2px 12px; }
      [role='option'][aria-selected='true'], [role='option']:hover, [role='option']:focus-visible { background: var(--dosia-surface-2); }
      .meta { font-size: 12px; color: var(--dosia-muted); }
    `,
  ];

  @property({ attribute: false }) groups: readonly ModelGroup[] = [];
  @property() value = '';
  @state() private open = false;
  @state() private search = '';
  @query('input[type=search]') private searchInput?: HTMLInputElement;

  show() {
    this.open = true;
    void this.updateComplete.then(() => this.searchInput?.focus());
  }

  private choose(model: DosiaModel) {
    this.open = false;
    this.dispatchEvent(new CustomEvent('model-change', { detail: { model: modelKey(model) }, bubbles: true, composed: true }));
  }

  private matchesSearch(model: DosiaModel): boolean {
    const needle = this.search.trim().toLowerCase();
    return !needle || `${model.provider} ${model.id} ${model.displayName} ${model.vendor ?? ''}`.toLowerCase().includes(needle);
  }

  private onOptionKey(event: KeyboardEvent, model: DosiaModel) {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.choose(model);
    }
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const options = [...this.renderRoot.querySelectorAll<HTMLElement>('[role=option]')];
      options[options.indexOf(event.currentTarget as HTMLElement) + (event.key === 'ArrowDown' ? 1 : -1)]?.focus();
    }
  }

  private renderGroup(group: ModelGroup) {
    const models = group.models.filter((model) => this.matchesSearch(model));
    if (!models.length && !group.error) return nothing;
    return html`<div role="group" aria-label=${group.provider}>
      <h3>${group.provider}</h3>
      ${group.error ? html`<p class="error">${group.error}</p>` : nothing}
      ${models.map((model) => html`<div role="option" tabindex="0" aria-selected=${modelKey(model) === this.value} data-model=${modelKey(model)} @click=${() => this.choose(model)} @keydown=${(event: KeyboardEvent) => this.onOptionKey(event, model)}>
        <span>${model.displayName}</span><span class="meta">${model.contextWindow ? `${formatTokens(model.contextWindow)} ctx` : ''}</span>
        <span class="meta">${model.id}</span><span class="meta">${price(model)}</span>
      </div>`)}
    </div>`;
  }

  override render() {
    const current = this.groups.flatMap((group) => group.models).find((model) => modelKey(model) === this.value);
    return html`
      <button aria-haspopup="listbox" aria-expanded=${this.open} aria-label="Model: ${current?.displayName ?? 'default'}" @click=${() => (this.open ? (this.open = false) : this.show())}>${current?.displayName ?? (this.value || 'Choose a model')} ▾</button>
      ${this.open
        ? html`<div class="panel" @keydown=${(event: KeyboardEvent) => event.key === 'Escape' && (this.open = false)}>
            <div class="search">
              <label class="visually-hidden" for="model-search">Search models</label>
              <input id="model-search" type="search" placeholder="Search models…" .value=${this.search} @input=${(event: Event) => (this.search = (event.target as HTMLInputElement).value)}>
              <button aria-label="Refresh the model list" @click=${() => this.dispatchEvent(new CustomEvent('models-refresh', { bubbles: true, composed: true }))}>↻</button>
            </div>
            <div role="listbox" aria-label="Models">${this.groups.map((group) => this.renderGroup(group))}</div>
          </div>`
        : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dosia-model-picker': DosiaModelPicker;
  }
}
