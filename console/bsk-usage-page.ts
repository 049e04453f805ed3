import { html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ConsoleApi } from './console-api-client';
import { consoleStyles, formatCredits } from './console-styles';
import { DataTask } from './data-task';
import { totalsBy, type UsageView } from './usage-types';
import './bsk-request-log';
import './bsk-usage-chart';

interface UsagePageData {
  readonly usage: UsageView;
  readonly keyNames: Map<string, string>;
  readonly memberEmails: Map<string, string>;
}

/** Usage this month by day, model, member and key, and the request log under it. */
@customElement('bsk-usage-page')
export class BskUsagePage extends LitElement {
  static override styles = consoleStyles;

  @property({ attribute: false }) api!: ConsoleApi;
  @property({ attribute: 'org-id' }) orgId = '';
  private readonly data = new DataTask(this, async (): Promise<UsagePageData> => {
    const [usage, keys, members] = await Promise.all([
      this.api.get<UsageView>(this.api.orgPath(this.orgId, 'usage')),
      this.api.get<{ data: { id: string; name: string; prefix: string }[] }>(this.api.orgPath(this.orgId, 'keys')),
      // Only owners and admins may list members; a member's chart shows ids (all their own).
      this.api.get<{ data: { id: string; email: string }[] }>(this.api.orgPath(this.orgId, 'members')).catch(() => ({ data: [] })),
    ]);
    return {
      usage,
      keyNames: new Map(keys.data.map((key) => [key.id, `${key.name} (${key.prefix}…)`])),
      memberEmails: new Map(members.data.map((member) => [member.id, member.email])),
    };
  });

  override render() {
    return html`<h1>Usage</h1>${this.data.render({ complete: (data) => this.renderUsage(data) })}`;
  }

  private renderUsage({ usage, keyNames, memberEmails }: UsagePageData) {
    const chart = (title: string, dimension: 'day' | 'model' | 'member_id' | 'key_id', name: (id: string) => string = (id) => id) => {
      const totals = totalsBy(usage.data, dimension);
      return html`<section><bsk-usage-chart title=${title} .labels=${totals.labels.map(name)} .values=${totals.values} .format=${formatCredits}></bsk-usage-chart></section>`;
    };
    return html`<p>${usage.requests} requests, ${formatCredits(usage.total_credits)} from ${usage.from.slice(0, 10)} to ${usage.to.slice(0, 10)}.</p>
      ${chart('Credits per day', 'day')}
      ${chart('Credits per model', 'model')}
      ${chart('Credits per member', 'member_id', (id) => memberEmails.get(id) ?? id)}
      ${chart('Credits per key', 'key_id', (id) => keyNames.get(id) ?? id)}
      <bsk-request-log .api=${this.api} org-id=${this.orgId} .keyNames=${keyNames}></bsk-request-log>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bsk-usage-page': BskUsagePage;
  }
}
