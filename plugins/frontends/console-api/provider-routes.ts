import type { FastifyInstance } from 'fastify';
import type { ConsoleServices } from './console-services';
import { adminSessionForOrg } from './org-access';

type HealthReport = Record<string, unknown>;

/**
 * A provider's entry in `GET /health`, wherever the upstream-health check files it
 * (`upstreams` or `providers`, keyed by provider name or a list of `{ name }`).
 */
function healthOf(report: HealthReport, provider: string): unknown {
  for (const section of [report.upstreams, report.providers]) {
    if (Array.isArray(section)) {
      const found = section.find((entry: unknown) => (entry as { name?: unknown } | null)?.name === provider);
      if (found) return found;
    } else if (section && typeof section === 'object' && provider in section) return (section as Record<string, unknown>)[provider];
  }
  return null;
}

/** Providers page (owners and admins): enabled upstreams, their health, the catalog with prices. No upstream key ever leaves the gateway. */
export function registerProviderRoutes(scope: FastifyInstance, services: ConsoleServices): void {
  const { gateway, providers, http } = services;
  scope.get('/orgs/:orgId/providers', async (request) => {
    adminSessionForOrg(request);
    const health = (await http.app.inject({ method: 'GET', url: '/health' })).json<HealthReport>();
    return {
      providers: providers().map((provider) => ({ name: provider.name, protocol: provider.protocol, enabled: provider.enabled, health: healthOf(health, provider.name) })),
      models: gateway.catalog.list().map((model) => ({
        id: model.id, provider: model.provider, display_name: model.displayName, modality: model.modality, context_window: model.contextWindow ?? null, pricing: model.pricing,
      })),
    };
  });
}
