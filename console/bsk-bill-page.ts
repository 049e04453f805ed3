import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ConsoleApi } from './console-api-client';
import { consoleStyles, formatCredits } from './console-styles';
import { DataTask } from './data-task';

interface InvoiceView {
  readonly month: string;
  readonly org_id: string;
  readonly org_name: string;
  readonly total_credits: number;
  readonly by_model: Readonly<Record<string, number>>;
  readonly by_member: Readonly<Record<string, number>>;
  readonly by_key: Readonly<Record<string, number>>;
  readonly member_emails: Readonly<Record<string, string>>;
  readonly key_names: Readonly<Record<string, string>>;
}

/** The month's single bill, broken down by model, member and key; a CSV download and a printable page. */
@customElement('bsk-bill-page')
export class BskBillPage extends LitElement {
  static override styles = [consoleStyles, css`@media print { .controls { display: none; } section { border: 0; padding: 0; } }`];

  @property({ attribute: false }) api!: ConsoleApi;
  @property({ attribute: 'org-id' }) orgId = '';
  @state() private month = new Date().toISOString().slice(0, 7);
  private readonly invoice = new DataTask(this, () => this.api.get<InvoiceView>(`${this.api.orgPath(this.orgId, 'invoice')}?month=${this.month}`));

  override render() {
    return html`<h1>Bill</h1>
      <div class="row controls" style="margin-bottom:12px">
        <label>Month<input type="month" .value=${this.month} @change=${this.pickMonth}></label>
        <a href="${this.api.orgPath(this.orgId, 'invoice')}?month=${this.month}&format=csv" download>Download CSV</a>
        <button @click=${() => print()}>Print</button>
      </div>
      ${this.invoice.render({ complete: (invoice) => this.renderInvoice(invoice) })}`;
  }

  private renderInvoice(invoice: InvoiceView) {
    const table = (title: string, totals: Readonly<Record<string, number>>, name: (id: string) => string) => html`<h2>${title}</h2>
      <table><tbody>${Object.entries(totals).map(([id, credits]) => html`<tr><td>${name(id)}</td><td class="number">${formatCredits(credits)}</td></tr>`)}</tbody></table>`;
    return html`<section>
      <p>Invoice for <strong>${invoice.org_name}</strong>, ${invoice.month}</p>
      <p style="font-size:20px">Total: <strong data-invoice-total>${formatCredits(invoice.total_credits)}</strong></p>
      ${table('By model', invoice.by_model, (id) => id)}
      ${table('By member', invoice.by_member, (id) => invoice.member_emails[id] ?? id)}
      ${table('By key', invoice.by_key, (id) => invoice.key_names[id] ?? id)}
    </section>`;
  }

  private readonly pickMonth = (event: Event) => {
    this.month = (event.target as HTMLInputElement).value;
    void this.invoice.run();
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'bsk-bill-page': BskBillPage;
  }
}
