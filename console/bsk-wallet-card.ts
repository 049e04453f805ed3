import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { consoleStyles, formatCredits } from './console-styles';
import type { WalletView } from './wallet-types';

/** The wallet at a glance: balance, what is reserved by requests in flight, spend against limits. */
@customElement('bsk-wallet-card')
export class BskWalletCard extends LitElement {
  static override styles = [consoleStyles, css`
    .figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 12px; }
    .figure { font-size: 13px; color: var(--muted); }
    .figure strong { display: block; font-size: 20px; color: #1b1f24; margin-top: 2px; }
  `];

  @property({ attribute: false }) wallet!: WalletView;

  override render() {
    const { wallet } = this;
    return html`<section aria-label="Wallet">
      ${wallet.low_balance ? html`<p class="notice" role="status">Low balance: below your alert threshold of ${formatCredits(wallet.low_balance_threshold)}.</p>` : ''}
      <div class="figures">
        <div class="figure">Balance<strong data-figure="balance">${formatCredits(wallet.balance)}</strong></div>
        <div class="figure">Reserved (in flight)<strong>${formatCredits(wallet.reserved)}</strong></div>
        <div class="figure">Spent today<strong>${formatCredits(wallet.spent.today)}</strong>limit ${formatCredits(wallet.limits.daily)}</div>
        <div class="figure">Spent this month<strong>${formatCredits(wallet.spent.month)}</strong>limit ${formatCredits(wallet.limits.monthly)}</div>
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bsk-wallet-card': BskWalletCard;
  }
}
