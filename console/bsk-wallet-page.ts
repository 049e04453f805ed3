import { html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ConsoleApi } from './console-api-client';
import { consoleStyles, parseWholeNumber } from './console-styles';
import { DataTask } from './data-task';
import type { WalletView } from './wallet-types';
import './bsk-wallet-card';

/** Wallet page: the card for everyone; top-up, limits and the low-balance alert for owners and admins. */
@customElement('bsk-wallet-page')
export class BskWalletPage extends LitElement {
  static override styles = consoleStyles;

  @property({ attribute: false }) api!: ConsoleApi;
  @property({ attribute: 'org-id' }) orgId = '';
  @property({ attribute: 'member-role' }) memberRole = 'member';
  @state() private message = '';
  @state() private error = '';
  private readonly wallet = new DataTask(this, () => this.api.get<WalletView>(this.api.orgPath(this.orgId, 'wallet')));

  override render() {
    return html`<h1>Wallet</h1>
      ${this.wallet.render({ complete: (wallet) => html`<bsk-wallet-card .wallet=${wallet}></bsk-wallet-card>${this.memberRole === 'member' ? '' : this.renderControls(wallet)}` })}
      ${this.message ? html`<p role="status">${this.message}</p>` : ''}
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}`;
  }

  private renderControls(wallet: WalletView) {
    return html`<section>
        <h2>Top up</h2>
        <form class="row" @submit=${this.redeem}>
          <label>Redemption code<input name="code" required autocomplete="off" size="50"></label>
          <button class="primary" type="submit">Redeem</button>
        </form>
        <p class="muted">Credits can also be granted by the gateway operator (<code>bytespike admin credits</code>); card payments will plug in here.</p>
      </section>
      <section>
        <h2>Spend limits</h2>
        <form class="row" @submit=${this.saveLimits}>
          <label>Daily limit (credits)<input name="daily" inputmode="numeric" .value=${String(wallet.limits.daily ?? '')} placeholder="none"></label>
          <label>Monthly limit (credits)<input name="monthly" inputmode="numeric" .value=${String(wallet.limits.monthly ?? '')} placeholder="none"></label>
          <button type="submit">Save limits</button>
        </form>
      </section>
      <section>
        <h2>Low-balance alert</h2>
        <form class="row" @submit=${this.saveAlert}>
          <label>Warn below (credits)<input name="threshold" inputmode="numeric" .value=${String(wallet.low_balance_threshold ?? '')} placeholder="no alert"></label>
          <button type="submit">Save alert</button>
        </form>
      </section>`;
  }

  /** Runs one change, shows its outcome, and reloads the wallet. */
  private async change(event: SubmitEvent, send: (fields: Record<string, string>) => Promise<unknown>, done: string): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const fields = Object.fromEntries([...new FormData(form).entries()].map(([name, value]) => [name, String(value)]));
    try {
      await send(fields);
      this.message = done;
      this.error = '';
      await this.wallet.run();
    } catch (error) {
      this.error = (error as Error).message;
      this.message = '';
    }
  }

  private readonly redeem = (event: SubmitEvent) =>
    this.change(event, (fields) => this.api.post(this.api.orgPath(this.orgId, 'wallet/redeem'), { code: fields.code }), 'Code redeemed: the credits are in your wallet.').then(() => (event.target as HTMLFormElement).reset());

  private readonly saveLimits = (event: SubmitEvent) =>
    this.change(event, (fields) => this.api.patch(this.api.orgPath(this.orgId, 'wallet/limits'), { daily: parseWholeNumber(fields.daily ?? ''), monthly: parseWholeNumber(fields.monthly ?? '') }), 'Limits saved.');

  private readonly saveAlert = (event: SubmitEvent) =>
    this.change(event, (fields) => this.api.patch(this.api.orgPath(this.orgId, 'wallet/alert'), { threshold: parseWholeNumber(fields.threshold ?? '') }), 'Alert saved.');
}

declare global {
  interface HTMLElementTagNameMap {
    'bsk-wallet-page': BskWalletPage;
  }
}
