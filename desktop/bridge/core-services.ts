import type { Agent } from '../core/agent/agent';
import type { ToolRegistry } from '../core/agent/tool-source';
import type { Comparer } from '../core/compare/compare';
import type { ConversationStore } from '../core/conversations/conversation-store';
import type { Layers } from '../core/layers/layers';
import type { McpHost } from '../core/mcp/mcp-host';
import type { ProviderSlot } from '../core/providers/dosia-provider';
import type { SecretStore } from '../core/secrets/secret-store';
import type { SkillsService } from '../core/skills/skills-service';
import { bridgeErrors } from './bridge-errors';

/** The DOSIA core capabilities the bridge maps onto; all but `layers` may be missing from a trimmed profile. */
export interface CoreServices {
  readonly layers: Layers;
  readonly providers?: ProviderSlot;
  readonly agent?: Agent;
  readonly conversations?: ConversationStore;
  readonly compare?: Comparer;
  readonly skills?: SkillsService;
  readonly tools?: ToolRegistry;
  readonly mcp?: McpHost;
  /** Where provider keys are saved (settings.json then only refers to them). */
  readonly secrets?: SecretStore;
}

type OptionalService = Exclude<keyof CoreServices, 'layers'>;

/** The capability names behind each service, for `ctx.tryUse` / `kernel.use`. */
export const CORE_CAPABILITIES = { providers: 'providers', agent: 'agent', conversations: 'conversations', compare: 'compare', skills: 'skills', tools: 'agent-tools', mcp: 'mcp', secrets: 'secrets' } as const satisfies Record<OptionalService, string>;

/** Reads every service through one lookup (a plugin's `tryUse`, or the booted kernel's registry). */
export function collectCoreServices(layers: Layers, lookup: <K extends (typeof CORE_CAPABILITIES)[OptionalService]>(capability: K) => unknown): CoreServices {
  const services: Record<string, unknown> = { layers };
  for (const [service, capability] of Object.entries(CORE_CAPABILITIES)) {
    const value = lookup(capability);
    if (value !== undefined) services[service] = value;
  }
  return services as unknown as CoreServices;
}

/** A getter that throws BSK_BRIDGE_UNAVAILABLE, naming the method, when the service is not loaded. */
export function requireService<K extends OptionalService>(services: CoreServices, service: K): (method: string) => NonNullable<CoreServices[K]> {
  return (method) => {
    const value = services[service];
    if (value === undefined) throw bridgeErrors.create('BSK_BRIDGE_UNAVAILABLE', { service: `the \`${CORE_CAPABILITIES[service]}\` capability`, method });
    return value as NonNullable<CoreServices[K]>;
  };
}
