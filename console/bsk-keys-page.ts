import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ConsoleApi } from './console-api-client';
import { consoleStyles, formatCredits, formatDate } from './console-styles';
import { DataTask } from './data-task';
import type { KeyRequest } from './bsk-key-form';
import './bsk-key-form';

interface KeyView {
  readonly id: string;
  readonly parent_id: string | null;
  readonly name: string;
  readonly prefix: string;
  readonly scopes: readonly string[];
  readonly models: readonly string[] | null;
  readonly credit_limit: number | null;
  readonly rpm: number | null;
  readonly tpm: number | null;
  readonly expires_at: string | null;
  readonly created_at: string;
  readonly revoked_at: string | null;
  readonly last_used_at: string | null;
  readonly key?: string;
}

/** A key's own rate limits (its member's quota applies as well, on the Members page). */
function describeRateLimits(key: KeyView): string {
  const limits = [key.rpm === null ? '' : `${key.rpm.toLocaleString('en-US')} requests/min`, key.tpm === null ? '' : `${key.tpm.toLocaleString('en-US')} tokens/min`].filter(Boolean);
  return limits.join(', ') || 'none';
}

/** Keys in parent-then-children order, each with its depth in the tree. */
function asTree(keys: readonly KeyView[]): { key: KeyView; depth: number }[] {
  const ids = new Set(keys.map((key) => key.id));
  const children = (parentId: string | null) => keys.filter((key) => (parentId === null ? key.parent_id === null || !ids.has(key.parent_id) : key.parent_id === parentId));
  const walk = (key: KeyView, depth: number): { key: KeyView; depth: number }[] => [{ key, depth }, ...children(key.id).flatMap((child) => walk(child, depth + 1))];
  return children(null).flatMap((root) => walk(root, 0));
}

/** Keys page: create, derive sub-keys, revoke (with descendants); a key's value is shown once. */
@customElement('bsk-keys-page')
export class BskKeysPage extends LitElement {
  static override styles = [consoleStyles, css`.revoked td { color: var(--muted); text-decoration: line-through; } .actions { white-space: nowrap; }`];

  @property({ attribute: false }) api!: ConsoleApi;
  @property({ attribute: 'org-id' }) orgId = '';
  @state() private created: KeyView | null = null;
  @state() private derivingFrom: KeyView | null = null;
  @state() private error = '';
  private readonly keys = new DataTask(this, async () => (await this.api.get<{ data: KeyView[] }>(this.api.orgPath(this.orgId, 'keys'))).data);

  override render() {
    return html`<h1>API keys</h1>
      ${this.created ? html`<div class="secret" role="status">New key <strong>${this.created.name}</strong>, shown this once: copy it now.<br><code data-new-key>${this.created.key}</code></div>` : ''}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <section><h2>Create a key</h2><bsk-key-form @bsk-key-submit=${this.create}></bsk-key-form></section>
      ${this.derivingFrom ? html`<section><h2>Derive a sub-key of ${this.derivingFrom.name}</h2>
        <p class="muted">A sub-key can only narrow its parent: fewer scopes and models, a lower cap and rate limits, an earlier expiry.</p>
        <bsk-key-form submitLabel="Derive sub-key" .scopes=${this.derivingFrom.scopes} @bsk-key-submit=${this.derive}></bsk-key-form></section>` : ''}
      ${this.keys.render({ complete: (keys) => this.renderTable(keys) })}`;
  }

  private renderTable(keys: readonly KeyView[]) {
    if (!keys.length) return html`<p class="muted">No keys yet.</p>`;
    return html`<section><table>
      <thead><tr><th>Name</th><th>Key</th><th>Scopes</th><th>Models</th><th class="number">Credit cap</th><th>Rate limits</th><th>Expires</th><th>Last used</th><th></th></tr></thead>
      <tbody>${asTree(keys).map(({ key, depth }) => html`<tr class=${key.revoked_at ? 'revoked' : ''} data-key=${key.name}>
        <td style="padding-left:${8 + depth * 20}px">${depth ? '↳ ' : ''}${key.name}</td>
        <td><code>${key.prefix}…</code></td>
        <td>${key.scopes.join(' ')}</td>
        <td>${key.models?.join(' ') ?? 'all'}</td>
        <td class="number">${formatCredits(key.credit_limit)}</td>
        <td>${describeRateLimits(key)}</td>
        <td>${formatDate(key.expires_at)}</td>
        <td>${key.revoked_at ? `revoked ${formatDate(key.revoked_at)}` : formatDate(key.last_used_at)}</td>
        <td class="actions">${key.revoked_at ? '' : html`
          ${key.scopes.includes('keys:derive') ? html`<button @click=${() => (this.derivingFrom = key)}>Derive</button>` : ''}
          <button class="danger" @click=${() => this.revoke(key)}>Revoke</button>`}</td>
      </tr>`)}</tbody>
    </table></section>`;
  }

  private async send(path: string, body: KeyRequest): Promise<void> {
    try {
      this.created = await this.api.post<KeyView>(path, body);
      this.error = '';
      this.derivingFrom = null;
      await this.keys.run();
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  private readonly create = (event: CustomEvent<KeyRequest>) => this.send(this.api.orgPath(this.orgId, 'keys'), event.detail);
  private readonly derive = (event: CustomEvent<KeyRequest>) => this.send(this.api.orgPath(this.orgId, `keys/${this.derivingFrom!.id}/derive`), event.detail);

  private async revoke(key: KeyView): Promise<void> {
    if (!confirm(`Revoke ${key.name} and every key derived from it?`)) return;
    try {
      await this.api.delete(this.api.orgPath(this.orgId, `keys/${key.id}`));
      this.created = null;
      await this.keys.run();
    } catch (error) {
      this.error = (error as Error).message;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bsk-keys-page': BskKeysPage;
  }
}
