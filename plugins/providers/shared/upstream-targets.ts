import type { ChatProvider } from '../../../kernel/canonical/provider';
import type { PluginContext } from '../../../kernel/plugin';
import { createUpstreamPool } from './upstream-pool';

/** One extra upstream of a provider (config `upstreams[]`); what it leaves out comes from the provider's own settings. */
export interface UpstreamTargetConfig {
  readonly apiKey?: string;
  readonly baseUrl?: string;
  readonly weight?: number;
  readonly label?: string;
}

/** The load-balancing part of every provider plugin's config. */
export interface PooledProviderConfig {
  readonly apiKey?: string;
  readonly baseUrl?: string;
  /** Weight of the main apiKey/baseUrl among `upstreams`. */
  readonly weight?: number;
  readonly upstreams?: readonly UpstreamTargetConfig[];
  readonly cooldownMs?: number;
}

export interface UpstreamTarget {
  readonly apiKey: string | undefined;
  readonly baseUrl: string | undefined;
  readonly weight: number;
  readonly label: string;
}

const DEFAULT_COOLDOWN_MS = 60_000;

/** A label safe to show: the host of the base URL (never the key, never a path that may hold one). */
function describeTarget(index: number, baseUrl: string | undefined): string {
  let host = 'default';
  try {
    if (baseUrl) host = new URL(baseUrl).host;
  } catch {
    host = 'invalid url';
  }
  return `#${index + 1} ${host}`;
}

/** The main key / base URL first (when it has a key or is alone), then `upstreams`, each filled from the main settings. */
export function upstreamTargets(config: PooledProviderConfig): UpstreamTarget[] {
  const extra = config.upstreams ?? [];
  const main: UpstreamTargetConfig[] = config.apiKey || !extra.length ? [{ apiKey: config.apiKey, baseUrl: config.baseUrl, weight: config.weight }] : [];
  const targets = [...main, ...extra.map((target) => ({ ...target, apiKey: target.apiKey ?? config.apiKey, baseUrl: target.baseUrl ?? config.baseUrl }))];
  return targets.map((target, index) => ({ apiKey: target.apiKey, baseUrl: target.baseUrl, weight: target.weight ?? 1, label: target.label ?? describeTarget(index, target.baseUrl) }));
}

/**
 * Contributes a provider as a pool over its configured upstreams (one member without
 * `upstreams`), and the pool itself for /health. `create` builds one member.
 */
export function contributePooledProvider<Config extends PooledProviderConfig>(ctx: PluginContext<Config>, name: string, create: (target: UpstreamTarget) => ChatProvider): void {
  const members = upstreamTargets(ctx.config).map((target) => ({ label: target.label, weight: target.weight, provider: create(target) }));
  const pool = createUpstreamPool({ name, members, cooldownMs: ctx.config.cooldownMs ?? DEFAULT_COOLDOWN_MS });
  ctx.contribute('chat-provider', pool.provider);
  ctx.contribute('upstream-pool', pool);
}
