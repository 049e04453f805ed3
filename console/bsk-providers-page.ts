import { html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ConsoleApi } from './console-api-client';
import { consoleStyles, formatCredits } from './console-styles';
import { DataTask } from './data-task';

interface ProvidersView {
  readonly providers: readonly { name: string; protocol: string | null; modalities: readonly string[]; enabled: boolean; health: UpstreamHealth | null }[];
  readonly models: readonly ModelView[];
}

interface ModelView {
  readonly id: string;
  readonly display_name: string;
  readonly modality: string;
  readonly context_window: number | null;
  readonly pricing: Prices;
  /** The first day the provider refuses the model, for one it has deprecated; retired models are not listed. */
  readonly retires_at: string | null;
  readonly replacement: string | null;
}

/** `retires 2026-11-30, use anthropic/claude-sonnet-4-6`: what an admin must move callers off, and to what. */
function describeRetirement(model: ModelView): string | null {
  if (!model.retires_at) return null;
  return `retires ${model.retires_at}${model.replacement ? `, use ${model.replacement}` : ''}`;
}

type Prices = Readonly<Record<string, number>> & {
  readonly longContext?: Readonly<Record<string, number>>;
  readonly perImageByQuality?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly perVideoSecondBySize?: Readonly<Record<string, number>>;
  readonly offPeak?: Readonly<Record<string, number>> & { readonly peak: PeakHours };
  readonly priceChanges?: readonly PriceChange[];
};

/** Token prices as the API sends them, among a pricing's other fields. */
interface TokenPrices {
  readonly [field: string]: unknown;
  readonly inputPerMTok?: number;
  readonly cachedInputPerMTok?: number;
  readonly cacheWritePerMTok?: number;
  readonly cacheWrite1hPerMTok?: number;
  readonly imageInputPerMTok?: number;
  readonly outputPerMTok?: number;
}

/** ModelPricing's PriceChange: the token prices from `from` (a UTC date) on. */
interface PriceChange extends TokenPrices {
  readonly from: string;
}

/** ModelPricing's PeakHours, as the API sends it. */
interface PeakHours {
  readonly utcOffsetMinutes: number;
  readonly weekdays: readonly number[];
  readonly hours: readonly { from: number; until: number }[];
  readonly offPeakDates?: readonly string[];
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** `Mon–Fri 09:00–12:00, 14:00–18:00 UTC+8`: when the listed prices apply, on the upstream's clock. */
function describePeakHours(peak: PeakHours): string {
  const hour = (value: number) => `${String(value).padStart(2, '0')}:00`;
  const days = peak.weekdays.map((day) => WEEKDAYS[day]).join(', ');
  const offset = peak.utcOffsetMinutes / 60;
  const dates = peak.offPeakDates?.length ? ` (except ${peak.offPeakDates.length} listed holidays)` : '';
  return `${days} ${peak.hours.map((range) => `${hour(range.from)}–${hour(range.until)}`).join(', ')} UTC${offset < 0 ? '' : '+'}${offset}${dates}`;
}

/** A provider's `/health` entry (`upstreams`): each upstream key / base URL of it. */
interface UpstreamHealth {
  readonly members: readonly { label: string; state: string; requests: number; coolingUntil?: string; lastFailure?: { status: number; at: string } }[];
}

/** A provider's upstreams in one line each: state, traffic, the last failure that blamed the key. */
function describeHealth(health: UpstreamHealth | null): string[] {
  if (!health) return ['no data'];
  return health.members.map((member) => [
    `${member.label}: ${member.state}${member.coolingUntil ? ` until ${member.coolingUntil}` : ''}`,
    `${member.requests.toLocaleString('en-US')} requests`,
    ...(member.lastFailure ? [`last failure ${member.lastFailure.status} at ${member.lastFailure.at}`] : []),
  ].join(', '));
}

/** Token prices, in the order a bill lists them; cache prices only where they differ from input (the default). */
function describeTokenPrices(pricing: TokenPrices): string[] {
  const parts: string[] = [];
  const perMTok = (label: string, credits: number | undefined) => {
    if (credits !== undefined) parts.push(`${label} ${formatCredits(credits)}/MTok`);
  };
  perMTok('in', pricing.inputPerMTok);
  perMTok('cache read', pricing.cachedInputPerMTok);
  perMTok('cache write', pricing.cacheWritePerMTok);
  perMTok('1h cache write', pricing.cacheWrite1hPerMTok);
  perMTok('image in', pricing.imageInputPerMTok);
  perMTok('out', pricing.outputPerMTok);
  return parts;
}

/** The cheapest and dearest of a table of prices (by quality and size, or by size). */
function priceRange(prices: readonly number[], unit: string, by: string): string {
  const low = Math.min(...prices);
  const high = Math.max(...prices);
  return low === high ? `${formatCredits(low)}/${unit}` : `${formatCredits(low)} to ${formatCredits(high)}/${unit} by ${by}`;
}

/**
 * Every price the gateway bills a model by, so what the Console shows is what a request costs:
 * a price left out reads as free (a rerank model's per-search price, a cache write).
 */
function describePrices(pricing: Prices): string {
  const parts = describeTokenPrices(pricing);
  const long = pricing.longContext;
  if (long?.aboveInputTokens !== undefined) parts.push(`prompts over ${long.aboveInputTokens.toLocaleString('en-US')} tokens: ${describeTokenPrices(long).join(', ') || 'same prices'}`);
  // The listed prices are the peak ones: both rates are shown, or a client reads the dearer as the only price.
  const offPeak = pricing.offPeak;
  if (offPeak) parts.push(`peak ${describePeakHours(offPeak.peak)}; off-peak: ${describeTokenPrices(offPeak).join(', ') || 'same prices'}`);
  // A scheduled change is shown beside today's prices, so a client is not surprised by the bill on the day.
  for (const change of pricing.priceChanges ?? []) parts.push(`from ${change.from}: ${describeTokenPrices(change).join(', ') || 'same prices'}`);
  const byQuality = pricing.perImageByQuality;
  if (byQuality) parts.push(priceRange(Object.values(byQuality).flatMap((sizes) => Object.values(sizes)), 'image', 'quality and size'));
  else if (pricing.perImage !== undefined) parts.push(`${formatCredits(pricing.perImage)}/image`);
  const bySize = pricing.perVideoSecondBySize;
  if (bySize) parts.push(priceRange(Object.values(bySize), 'video second', 'size'));
  else if (pricing.perVideoSecond !== undefined) parts.push(`${formatCredits(pricing.perVideoSecond)}/video second`);
  if (pricing.perSearch !== undefined) parts.push(`${formatCredits(pricing.perSearch)}/search`);
  return parts.join(' · ') || '–';
}

/** Providers page (owners and admins): which upstreams are enabled, their health, and the catalog with prices. */
@customElement('bsk-providers-page')
export class BskProvidersPage extends LitElement {
  static override styles = consoleStyles;

  @property({ attribute: false }) api!: ConsoleApi;
  @property({ attribute: 'org-id' }) orgId = '';
  private readonly view = new DataTask(this, () => this.api.get<ProvidersView>(this.api.orgPath(this.orgId, 'providers')));

  override render() {
    return html`<h1>Providers</h1>${this.view.render({
      complete: (view) => html`<section><h2>Upstreams</h2><table>
          <thead><tr><th>Provider</th><th>Serves</th><th>Protocol</th><th>Enabled</th><th>Health</th></tr></thead>
          <tbody>${view.providers.map((provider) => html`<tr><td>${provider.name}</td><td>${provider.modalities.join(', ')}</td><td>${provider.protocol ?? '–'}</td><td>${provider.enabled ? 'yes' : 'no (no upstream key)'}</td><td>${describeHealth(provider.health).map((line) => html`<div>${line}</div>`)}</td></tr>`)}</tbody>
        </table></section>
        <section><h2>Model catalog</h2><table>
          <thead><tr><th>Model</th><th>Modality</th><th class="number">Context</th><th>Price</th></tr></thead>
          <tbody>${view.models.map((model) => html`<tr><td><code>${model.id}</code><br><span class="muted">${model.display_name}</span>${describeRetirement(model) ? html`<br><strong>${describeRetirement(model)}</strong>` : ''}</td><td>${model.modality}</td><td class="number">${model.context_window?.toLocaleString('en-US') ?? '–'}</td><td>${describePrices(model.pricing)}</td></tr>`)}</tbody>
        </table></section>`,
    })}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bsk-providers-page': BskProvidersPage;
  }
}
