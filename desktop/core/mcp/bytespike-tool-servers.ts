import type { ProviderConfig } from '../providers/dosia-provider';
import type { McpServerConfig } from './mcp-server-config';

/** The tool servers every ByteSpike gateway serves at `/mcp/<name>`. */
export const BYTESPIKE_TOOL_SERVERS = ['image-tools', 'video-tools', 'text-writing-tools'] as const;

/**
 * ByteSpike's tool servers, wired from the first ByteSpike provider that has a key (the one
 * named `bytespike` when there is one): same URL, same key, so the tools the model sees are
 * exactly what that key may use, and every call is billed to it.
 */
export function byteSpikeToolServers(providers: readonly ProviderConfig[]): McpServerConfig[] {
  const signedIn = providers.filter((provider) => provider.type === 'bytespike' && provider.key);
  const provider = signedIn.find((candidate) => candidate.name === 'bytespike') ?? signedIn[0];
  if (!provider) return [];
  return BYTESPIKE_TOOL_SERVERS.map((name) => ({
    name,
    kind: 'http',
    url: `${provider.url}/mcp/${name}`,
    headers: { authorization: `Bearer ${provider.key}` },
    transport: 'streamable-http',
    origin: { source: 'bytespike', layer: provider.layer, detail: provider.name },
  }));
}
