import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { DosiaBridge, ProviderSummary } from '../bridge/bridge-contract';
import './dosia-provider-form';
import { controlStyles, panelStyles } from './shared-styles';
import { THEME_CHOICES, type ThemeChoice } from './theme-controller';


/** Appearance, default model and providers; everything is saved in the Personal layer. */
@customElement('dosia-settings-view')
export class DosiaSettingsView extends LitElement {
  static override styles = [
    controlStyles,
    panelStyles,
    css`
      section { margin-bottom: 28px; }
      label { display: inline-flex; gap: 8px; align-items: center; }
      table { border-collapse: collapse; }
      th, td { text-align: left; padding: 4px 12px 4px 0; border-bottom: 1px solid var(--dosia-border); }
    `,
  ];

  @property({ attribute: false }) bridge?: DosiaBridge;
  @property() theme: ThemeChoice = 'system';
  @property() model = '';
  @state() private providers: readonly ProviderSummary[] = [];
  @state() private denied: readonly { name: string; reason: string }[] = [];
  @state() private unusable: readonly { name: string; reason: string }[] = [];
  @state() private error = '';

  override connectedCallback() {
    super.connectedCallback();
    void this.loadProviders();
  }

  private async loadProviders() {
    if (!this.bridge) return;
    const list = await this.bridge.invoke('providers.list', {});
    this.providers = list.providers;
    this.denied = list.denied;
    this.unusable = list.unusable;
  }

  private async save(key: string, value: unknown) {
    if (!this.bridge) return;
    this.error = '';
    try {
      await this.bridge.invoke('settings.set', { key, value, layer: 'personal' });
      this.dispatchEvent(new CustomEvent('settings-changed', { detail: { key, value }, bubbles: true, composed: true }));
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  override render() {
    return html`
      <h2>Settings</h2>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <section aria-labelledby="appearance"><h3 id="appearance">Appearance</h3>
        <label>Theme <select @change=${(event: Event) => void this.save('appearance.theme', (event.target as HTMLSelectElement).value)}>
          ${THEME_CHOICES.map((theme) => html`<option value=${theme} ?selected=${theme === this.theme}>${theme}</option>`)}
        </select></label>
      </section>
      <section aria-labelledby="default-model"><h3 id="default-model">Default model</h3>
        <p>${this.model || 'the first chat model of the first provider'}</p>
        <button @click=${() => void this.save('model', this.model)} ?disabled=${!this.model}>Make the current model the default</button>
      </section>
      <section aria-labelledby="providers"><h3 id="providers">Providers</h3>
        <table><thead><tr><th scope="col">Name</th><th scope="col">Protocol</th><th scope="col">URL</th><th scope="col">Key</th><th scope="col">Layer</th></tr></thead>
          <tbody>${this.providers.map((provider) => html`<tr><td>${provider.name}</td><td>${provider.type}</td><td>${provider.url}</td><td>${provider.hasKey ? 'set' : '—'}</td><td>${provider.layer ?? ''}</td></tr>`)}</tbody></table>
        ${this.denied.map((denied) => html`<p class="muted">${denied.name}: ${denied.reason}</p>`)}
        ${this.unusable.map((unusable) => html`<p class="error">${unusable.name} is not used: ${unusable.reason}</p>`)}
        <h3>Add a provider</h3>
        <dosia-provider-form .bridge=${this.bridge} @provider-added=${() => void this.loadProviders()}></dosia-provider-form>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dosia-settings-view': DosiaSettingsView;
  }
}
