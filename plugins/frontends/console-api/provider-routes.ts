import type { FastifyInstance } from 'fastify';
import type { Modality } from '../../../kernel/canonical/model';
import type { ConsoleServices, ModalityProviderEntry } from './console-services';
import { adminSessionForOrg } from './org-access';

/** What the Providers page shows of one provider instance, whatever modalities it serves. */
interface ProviderView {
  readonly name: string;
  /** The wire protocol of its chat models; null for a provider without chat. */
  protocol: string | null;
  readonly modalities: Modality[];
  enabled: boolean;
}

/** One view per provider name: a provider contributed for several modalities (OpenAI: chat, embeddings, images, videos) is one row. */
function describeProviders(entries: readonly ModalityProviderEntry[]): ProviderView[] {
  const views = new Map<string, ProviderView>();
  for (const { modality, provider } of entries) {
    const view = views.get(provider.name) ?? { name: provider.name, protocol: null, modalities: [], enabled: false };
    views.set(provider.name, view);
    if ('protocol' in provider) view.protocol = provider.protocol;
    view.modalities.push(modality);
    view.enabled ||= provider.enabled;
  }
  return [...views.values()];
}

/** A provider's entry in `GET /health` → `upstreams` (the upstream-health feature: `{ provider, members }` each), or null without one. */
function healthOf(report: { upstreams?: unknown }, provider: string): unknown {
  if (!Array.isArray(report.upstreams)) return null;
  return report.upstreams.find((entry: unknown) => (entry as { provider?: unknown } | null)?.provider === provider) ?? null;
}

/** Providers page (owners and admins): enabled upstreams, their health, the catalog with prices. No upstream key ever leaves the gateway. */
export function registerProviderRoutes(scope: FastifyInstance, services: ConsoleServices): void {
  const { gateway, providers, http } = services;
  scope.get('/orgs/:orgId/providers', async (request) => {
    adminSessionForOrg(request);
    const health = (await http.app.inject({ method: 'GET', url: '/health' })).json<{ upstreams?: unknown }>();
    return {
      providers: describeProviders(providers()).map((provider) => ({ ...provider, health: healthOf(health, provider.name) })),
      models: gateway.catalog.list().map((model) => ({
        id: model.id, provider: model.provider, display_name: model.displayName, modality: model.modality, context_window: model.contextWindow ?? null, pricing: model.pricing,
        retires_at: model.retiresAt ?? null, replacement: model.replacement ?? null,
      })),
    };
  });
}
