import { html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ConsoleApi, SessionInfo } from './console-api-client';
import { consoleStyles } from './console-styles';
import { DataTask } from './data-task';

interface InviteInfo {
  readonly org_name: string;
  readonly email: string;
  readonly role: string;
  readonly account_exists: boolean;
}

/** Where an invite link lands: join the org with a new password, or your existing one. */
@customElement('bsk-invite-page')
export class BskInvitePage extends LitElement {
  static override styles = consoleStyles;

  @property({ attribute: false }) api!: ConsoleApi;
  @property() token = '';
  @state() private error = '';
  private readonly invite = new DataTask(this, () => this.api.get<InviteInfo>(`/console/api/invites/${encodeURIComponent(this.token)}`));

  override render() {
    return html`<section style="max-width:460px;margin:48px auto">
      ${this.invite.render({
        complete: (invite) => html`<h1>Join ${invite.org_name}</h1>
          <p>You were invited as <strong>${invite.role}</strong> with <strong>${invite.email}</strong>.</p>
          <form @submit=${this.accept}>
            <label>${invite.account_exists ? 'Your ByteSpike password' : 'Choose a password (10 characters or more)'}
              <input name="password" type="password" required minlength=${invite.account_exists ? 1 : 10} autocomplete=${invite.account_exists ? 'current-password' : 'new-password'}></label>
            ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
            <button class="primary" type="submit">Join ${invite.org_name}</button>
          </form>`,
      })}
    </section>`;
  }

  private readonly accept = async (event: SubmitEvent) => {
    event.preventDefault();
    const password = String(new FormData(event.target as HTMLFormElement).get('password') ?? '');
    try {
      const session = await this.api.post<SessionInfo>(`/console/api/invites/${encodeURIComponent(this.token)}/accept`, { password });
      this.dispatchEvent(new CustomEvent('bsk-signed-in', { detail: { session, returnTo: 'wallet' }, bubbles: true, composed: true }));
    } catch (error) {
      this.error = (error as Error).message;
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'bsk-invite-page': BskInvitePage;
  }
}
