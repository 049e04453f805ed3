import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ConsoleApi } from './console-api-client';
import { consoleStyles, formatDate, parseWholeNumber } from './console-styles';
import { DataTask } from './data-task';

interface MemberView {
  readonly id: string;
  readonly email: string;
  readonly role: 'owner' | 'admin' | 'member';
  readonly quota: { readonly daily: number | null; readonly monthly: number | null; readonly rpm: number | null };
  readonly suspended_at: string | null;
}

interface MembersView {
  readonly data: readonly MemberView[];
  readonly invites: readonly { id: string; email: string; role: string; expires_at: string }[];
}

/** Members page (owners and admins): invite by link, roles, per-member quotas, suspension. */
@customElement('bsk-members-page')
export class BskMembersPage extends LitElement {
  static override styles = [consoleStyles, css`td input { width: 9em; } .suspended { color: var(--danger); }`];

  @property({ attribute: false }) api!: ConsoleApi;
  @property({ attribute: 'org-id' }) orgId = '';
  /** The signed-in member, who cannot change their own role or suspend themselves. */
  @property({ attribute: 'member-id' }) memberId = '';
  @state() private inviteUrl = '';
  @state() private error = '';
  private readonly members = new DataTask(this, () => this.api.get<MembersView>(this.api.orgPath(this.orgId, 'members')));

  override render() {
    return html`<h1>Members</h1>
      <section>
        <h2>Invite someone</h2>
        <form class="row" @submit=${this.invite}>
          <label>Email<input name="email" type="email" required></label>
          <label>Role<select name="role"><option value="member">member</option><option value="admin">admin</option><option value="owner">owner</option></select></label>
          <button class="primary" type="submit">Create invite link</button>
        </form>
        ${this.inviteUrl ? html`<p class="secret">Send this link to them (it works once, for 7 days): <code data-invite-url>${this.inviteUrl}</code></p>` : ''}
      </section>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      ${this.members.render({ complete: (view) => this.renderMembers(view) })}`;
  }

  private renderMembers(view: MembersView) {
    return html`<section>
      <h2>Members</h2>
      <table>
        <thead><tr><th>Email</th><th>Role</th><th>Credits / day</th><th>Credits / month</th><th>Requests / minute</th><th></th><th>Access</th></tr></thead>
        <tbody>${view.data.map((member) => this.renderMember(member))}</tbody>
      </table>
      ${view.invites.length ? html`<h2 style="margin-top:16px">Open invites</h2><ul>${view.invites.map((invite) => html`<li>${invite.email} (${invite.role}), until ${formatDate(invite.expires_at)}</li>`)}</ul>` : ''}
    </section>`;
  }

  private renderMember(member: MemberView) {
    const self = member.id === this.memberId;
    const formId = `quota-${member.id}`;
    return html`<tr data-member=${member.email}>
      <td>${member.email}${self ? html` <span class="muted">(you)</span>` : ''}</td>
      <td>${self ? member.role : html`<select aria-label="Role of ${member.email}" @change=${(event: Event) => this.changeMember(member, { role: (event.target as HTMLSelectElement).value })}>
        ${(['member', 'admin', 'owner'] as const).map((role) => html`<option value=${role} ?selected=${role === member.role}>${role}</option>`)}</select>`}</td>
      <td><input form=${formId} name="daily" aria-label="Daily credits of ${member.email}" .value=${String(member.quota.daily ?? '')} placeholder="no quota"></td>
      <td><input form=${formId} name="monthly" aria-label="Monthly credits of ${member.email}" .value=${String(member.quota.monthly ?? '')} placeholder="no quota"></td>
      <td><input form=${formId} name="rpm" aria-label="Requests per minute of ${member.email}" .value=${String(member.quota.rpm ?? '')} placeholder="no limit"></td>
      <td><form id=${formId} @submit=${(event: SubmitEvent) => this.saveQuota(event, member)}><button type="submit">Save quota</button></form></td>
      <td>${member.suspended_at ? html`<span class="suspended">suspended</span> ` : ''}${self ? '' : html`<button class=${member.suspended_at ? '' : 'danger'} @click=${() => this.changeMember(member, { suspended: !member.suspended_at })}>${member.suspended_at ? 'Reinstate' : 'Suspend'}</button>`}</td>
    </tr>`;
  }

  private async changeMember(member: MemberView, change: Record<string, unknown>): Promise<void> {
    try {
      await this.api.patch(this.api.orgPath(this.orgId, `members/${member.id}`), change);
      this.error = '';
    } catch (error) {
      this.error = (error as Error).message;
    }
    await this.members.run();
  }

  private saveQuota(event: SubmitEvent, member: MemberView): Promise<void> {
    event.preventDefault();
    const inputs = [...this.renderRoot.querySelectorAll<HTMLInputElement>(`input[form="quota-${member.id}"]`)];
    const value = (name: string) => inputs.find((input) => input.name === name)?.value ?? '';
    try {
      return this.changeMember(member, { quota: { daily: parseWholeNumber(value('daily')), monthly: parseWholeNumber(value('monthly')), rpm: parseWholeNumber(value('rpm')) } });
    } catch (error) {
      this.error = (error as Error).message;
      return Promise.resolve();
    }
  }

  private readonly invite = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    try {
      const created = await this.api.post<{ invite_url: string }>(this.api.orgPath(this.orgId, 'invites'), { email: String(form.get('email')), role: String(form.get('role')) });
      this.inviteUrl = created.invite_url;
      this.error = '';
      (event.target as HTMLFormElement).reset();
      await this.members.run();
    } catch (error) {
      this.error = (error as Error).message;
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'bsk-members-page': BskMembersPage;
  }
}
