import { html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ConsoleApi } from './console-api-client';
import { consoleStyles } from './console-styles';
import { DataTask } from './data-task';

interface ConsentDetails {
  readonly client: { readonly id: string; readonly name: string };
  readonly org: { readonly id: string; readonly name: string };
  readonly member: { readonly email: string; readonly role: string };
  readonly scopes: readonly string[];
  readonly models: readonly string[];
  readonly device_name: string;
  readonly redirect_uri: string;
}

/**
 * "Sign in with ByteSpike": what the app asks for (org, scopes, models, device) and the
 * choice. Approving mints a single-use code the browser carries back to the app's loopback listener.
 */
@customElement('bsk-consent-page')
export class BskConsentPage extends LitElement {
  static override styles = consoleStyles;

  @property({ attribute: false }) api!: ConsoleApi;
  /** The authorize request's query string, as `/oauth/authorize` forwarded it. */
  @property() query = '';
  @state() private error = '';
  private readonly details = new DataTask(this, () => this.api.get<ConsentDetails>(`/oauth/authorize/details?${this.query}`));

  override render() {
    return html`<section style="max-width:560px;margin:40px auto">
      ${this.details.render({
        complete: (details) => html`<h1>${details.client.name} wants a ByteSpike key</h1>
          <p>Signed in as <strong>${details.member.email}</strong>. A new key will be derived from yours, named <strong>DOSIA on ${details.device_name}</strong>; you can revoke it on the Keys page at any time.</p>
          <table><tbody>
            <tr><th>Organisation</th><td data-consent-org>${details.org.name}</td></tr>
            <tr><th>Scopes</th><td>${details.scopes.join(', ')}</td></tr>
            <tr><th>Models</th><td>${details.models.length} models: ${details.models.join(', ')}</td></tr>
            <tr><th>Returns to</th><td><code>${details.redirect_uri}</code></td></tr>
          </tbody></table>
          ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
          <p class="row"><button class="primary" @click=${() => this.decide(true)}>Allow</button><button @click=${() => this.decide(false)}>Deny</button></p>`,
      })}
    </section>`;
  }

  private async decide(approve: boolean): Promise<void> {
    try {
      const fields = Object.fromEntries(new URLSearchParams(this.query));
      const { redirect_to: redirectTo } = await this.api.post<{ redirect_to: string }>('/oauth/authorize/decision', { ...fields, approve });
      location.assign(redirectTo);
    } catch (error) {
      this.error = (error as Error).message;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bsk-consent-page': BskConsentPage;
  }
}
