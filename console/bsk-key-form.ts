import { html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consoleStyles, parseWholeNumber } from './console-styles';

const SCOPES = ['chat', 'images', 'videos', 'embeddings', 'rerank', 'skills:publish', 'keys:derive'] as const;

/** The body of a new key, as `POST …/keys` and `…/keys/:id/derive` take it. */
export interface KeyRequest {
  readonly name: string;
  readonly scopes?: string[];
  readonly models?: string[];
  readonly credit_limit?: number;
  readonly rpm?: number;
  readonly tpm?: number;
  readonly expires_at?: string;
}

/** Name, scopes, model allowlist, credit cap, rate limits and expiry of a new or derived key. Fires `bsk-key-submit`. */
@customElement('bsk-key-form')
export class BskKeyForm extends LitElement {
  static override styles = consoleStyles;

  /** The scopes offered (a derived key can only narrow its parent's). */
  @property({ attribute: false }) scopes: readonly string[] = SCOPES;
  @property() submitLabel = 'Create key';
  @state() private error = '';

  override render() {
    return html`<form @submit=${this.submit}>
      <div class="row">
        <label>Name<input name="name" required maxlength="200"></label>
        <label>Models (space-separated, empty = all)<input name="models" placeholder="anthropic/* openai/gpt-5.4"></label>
        <label>Credit cap<input name="credit_limit" inputmode="numeric" placeholder="none"></label>
        <label>Requests / minute<input name="rpm" inputmode="numeric" placeholder="no limit"></label>
        <label>Tokens / minute<input name="tpm" inputmode="numeric" placeholder="no limit"></label>
        <label>Expires<input name="expires_at" type="date"></label>
      </div>
      <fieldset style="border:0;padding:0;margin:10px 0">
        <legend class="muted" style="font-size:13px">Scopes</legend>
        ${this.scopes.map((scope) => html`<label style="display:inline-block;margin-right:12px"><input type="checkbox" name="scope" value=${scope} checked> ${scope}</label>`)}
      </fieldset>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <button class="primary" type="submit">${this.submitLabel}</button>
    </form>`;
  }

  private readonly submit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    try {
      const models = String(form.get('models') ?? '').split(/[\s,]+/).filter(Boolean);
      const creditLimit = parseWholeNumber(String(form.get('credit_limit') ?? ''));
      const rpm = parseWholeNumber(String(form.get('rpm') ?? ''));
      const tpm = parseWholeNumber(String(form.get('tpm') ?? ''));
      const expires = String(form.get('expires_at') ?? '');
      const scopes = form.getAll('scope').map(String);
      const request: KeyRequest = {
        name: String(form.get('name')),
        ...(scopes.length === this.scopes.length ? {} : { scopes }),
        ...(models.length ? { models } : {}),
        ...(creditLimit === null ? {} : { credit_limit: creditLimit }),
        ...(rpm === null ? {} : { rpm }),
        ...(tpm === null ? {} : { tpm }),
        ...(expires ? { expires_at: new Date(`${expires}T23:59:59Z`).toISOString() } : {}),
      };
      this.error = '';
      this.dispatchEvent(new CustomEvent('bsk-key-submit', { detail: request, bubbles: true, composed: true }));
      (event.target as HTMLFormElement).reset();
    } catch (error) {
      this.error = (error as Error).message;
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'bsk-key-form': BskKeyForm;
  }
}
