import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ConsoleApi, SessionInfo } from './console-api-client';
import { consoleStyles } from './console-styles';

/** Sign in, or sign up (which creates an organisation with you as its owner). Fires `bsk-signed-in`. */
@customElement('bsk-auth-page')
export class BskAuthPage extends LitElement {
  static override styles = [consoleStyles, css`:host { max-width: 420px; margin: 48px auto; } button.primary { margin-top: 6px; }`];

  @property({ attribute: false }) api!: ConsoleApi;
  @property() mode: 'sign-in' | 'sign-up' = 'sign-in';
  /** Route to open once signed in (an OAuth consent, say). */
  @property({ attribute: 'return-to' }) returnTo = '';
  @state() private error = '';
  @state() private busy = false;

  override render() {
    const signUp = this.mode === 'sign-up';
    return html`<section>
      <h1>${signUp ? 'Create your ByteSpike account' : 'Sign in to ByteSpike'}</h1>
      <form @submit=${this.submit}>
        ${signUp ? html`<label>Organisation name<input name="org_name" required maxlength="200" autocomplete="organization"></label>` : ''}
        <label>Email<input name="email" type="email" required autocomplete="email"></label>
        <label>Password<input name="password" type="password" required minlength=${signUp ? 10 : 1} autocomplete=${signUp ? 'new-password' : 'current-password'}></label>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
        <button class="primary" type="submit" ?disabled=${this.busy}>${signUp ? 'Sign up' : 'Sign in'}</button>
      </form>
      <p class="muted">${signUp
        ? html`Already have an account? <a href="#/sign-in" @click=${() => (this.mode = 'sign-in')}>Sign in</a>`
        : html`New here? <a href="#/sign-up" @click=${() => (this.mode = 'sign-up')}>Create an account</a>`}</p>
    </section>`;
  }

  private readonly submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const fields = Object.fromEntries([...form.entries()].map(([name, value]) => [name, String(value)]));
    this.busy = true;
    try {
      const session = await this.api.post<SessionInfo>(`/console/api/${this.mode}`, fields);
      this.dispatchEvent(new CustomEvent('bsk-signed-in', { detail: { session, returnTo: this.returnTo }, bubbles: true, composed: true }));
    } catch (error) {
      this.error = (error as Error).message;
    } finally {
      this.busy = false;
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'bsk-auth-page': BskAuthPage;
  }
}
