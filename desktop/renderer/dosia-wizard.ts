import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { DosiaBridge } from '../bridge/bridge-contract';
import './dosia-provider-form';
import { controlStyles } from './shared-styles';

/**
 * First run: "Sign in with ByteSpike" (the gateway's consent page opens in the browser,
 * core catches the loopback redirect and stores the key — nothing to copy) or any other
 * provider by URL and key.
 */
@customElement('dosia-wizard')
export class DosiaWizard extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host { display: grid; place-items: center; min-height: 100%; padding: 32px; }
      .card { max-width: 560px; width: 100%; border: 1px solid var(--dosia-border); border-radius: 12px; padding: 28px; background: var(--dosia-surface); }
      h1 { font-size: 22px; margin: 0 0 4px; }
      .signin { display: grid; gap: 10px; margin: 20px 0; }
      .signin label { display: grid; gap: 2px; font-size: 13px; }
      details { margin-top: 16px; }
      summary { cursor: pointer; }
    `,
  ];

  @property({ attribute: false }) bridge?: DosiaBridge;
  @property() gatewayUrl = 'https://api.bytespike.dev';
  @state() private waiting = false;
  @state() private error = '';
  private stopListening?: () => void;

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.stopListening?.();
  }

  private complete() {
    this.dispatchEvent(new CustomEvent('wizard-complete', { bubbles: true, composed: true }));
  }

  private async signIn(event: SubmitEvent) {
    event.preventDefault();
    if (!this.bridge) return;
    const gatewayUrl = String(new FormData(event.target as HTMLFormElement).get('gateway'));
    this.error = '';
    this.waiting = true;
    this.stopListening?.();
    this.stopListening = this.bridge.on('auth.result', (result) => {
      this.waiting = false;
      if (result.ok) this.complete();
      else this.error = result.error;
    });
    try {
      const { authorizeUrl, openedByCore } = await this.bridge.invoke('auth.signInWithByteSpike', { gatewayUrl });
      if (!openedByCore) window.open(authorizeUrl, '_blank', 'noopener');
    } catch (error) {
      this.waiting = false;
      this.error = (error as Error).message;
    }
  }

  override render() {
    return html`<div class="card" role="region" aria-labelledby="welcome">
      <h1 id="welcome">Welcome to DOSIA</h1>
      <p class="muted">Connect a model provider to start. You can add more later in Settings.</p>
      <form class="signin" @submit=${this.signIn}>
        <label>ByteSpike gateway<input name="gateway" type="url" required .value=${this.gatewayUrl}></label>
        <button class="primary" type="submit" ?disabled=${this.waiting}>${this.waiting ? 'Waiting for the browser…' : 'Sign in with ByteSpike'}</button>
        ${this.waiting ? html`<p class="muted" role="status">Approve DOSIA on the page that opened; this window continues by itself.</p>` : nothing}
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      </form>
      <details>
        <summary>Use another provider</summary>
        <dosia-provider-form .bridge=${this.bridge} @provider-added=${() => this.complete()}></dosia-provider-form>
      </details>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dosia-wizard': DosiaWizard;
  }
}
