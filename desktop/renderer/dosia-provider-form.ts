import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { DosiaBridge, ProviderType } from '../bridge/bridge-contract';
import { controlStyles } from './shared-styles';

/** Add any compatible provider by URL and key; it is written to the Personal layer. */
@customElement('dosia-provider-form')
export class DosiaProviderForm extends LitElement {
  static override styles = [
    controlStyles,
    css`
      form { display: grid; gap: 10px; max-width: 480px; }
      label { display: grid; gap: 2px; font-size: 13px; }
    `,
  ];

  @property({ attribute: false }) bridge?: DosiaBridge;
  @state() private error = '';
  @state() private busy = false;

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    if (!this.bridge) return;
    const data = new FormData(event.target as HTMLFormElement);
    const key = String(data.get('key') ?? '');
    this.busy = true;
    this.error = '';
    try {
      const name = String(data.get('name'));
      await this.bridge.invoke('providers.add', { name, type: String(data.get('type')) as ProviderType, url: String(data.get('url')), ...(key ? { key } : {}) });
      this.dispatchEvent(new CustomEvent('provider-added', { detail: { name }, bubbles: true, composed: true }));
    } catch (error) {
      this.error = (error as Error).message;
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`<form @submit=${this.submit}>
      <label>Name<input name="name" required pattern="[a-z0-9][a-z0-9\\-]*" placeholder="my-provider" autocomplete="off"></label>
      <label>Protocol<select name="type"><option value="openai">OpenAI-compatible (Chat Completions)</option><option value="anthropic">Anthropic Messages</option><option value="bytespike">ByteSpike gateway</option></select></label>
      <label>Base URL<input name="url" type="url" required placeholder="http://127.0.0.1:11434/v1"></label>
      <label>API key (optional for local servers)<input name="key" type="password" autocomplete="off"></label>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <button class="primary" type="submit" ?disabled=${this.busy}>Add provider</button>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dosia-provider-form': DosiaProviderForm;
  }
}
