import type { ChatProvider } from '../../../kernel/canonical/provider';
import type { PluginContext } from '../../../kernel/plugin';
import { createUpstreamPool, type UpstreamPool } from './upstream-pool';

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
export function describeTarget(index: number, baseUrl: string | undefined): string {
  let host = 'default';
  try {
    if (baseUrl) host = new URL(baseUrl).host;
  } catch {
    host = 'invalid url';
  }
  return `#${index + 1} ${host}`;
}

/**
 * The main key / base URL first, then `upstreams`, each filled from the main settings. A
 * keyless main is left out when `upstreams` bring the keys, unless `keyless` says the
 * upstream serves without one (a local server), so the main base URL is a target itself.
 */
export function upstreamTargets(config: PooledProviderConfig, options: { keyless?: boolean } = {}): UpstreamTarget[] {
  const extra = config.upstreams ?? [];
  const main: UpstreamTargetConfig[] = config.apiKey || options.keyless || !extra.length ? [{ apiKey: config.apiKey, baseUrl: config.baseUrl, weight: config.weight }] : [];
  const targets = [...main, ...extra.map((target) => ({ ...target, apiKey: target.apiKey ?? config.apiKey, baseUrl: target.baseUrl ?? config.baseUrl }))];
  return targets.map((target, index) => ({ apiKey: target.apiKey, baseUrl: target.baseUrl, weight: target.weight ?? 1, label: target.label ?? describeTarget(index, target.baseUrl) }));
}

/** A provider as a pool over the upstreams of `config` (one member without `upstreams`); `create` builds one member. */
export function poolUpstreams(config: PooledProviderConfig, name: string, create: (target: UpstreamTarget) => ChatProvider, options: { keyless?: boolean } = {}): UpstreamPool {
  const members = upstreamTargets(config, options).map((target) => ({ label: target.label, weight: target.weight, provider: create(target) }));
  return createUpstreamPool({ name, members, cooldownMs: config.cooldownMs ?? DEFAULT_COOLDOWN_MS });
}

/** Contributes the pool's provider, and the pool itself for /health. */
export function contributePool<Config>(ctx: PluginContext<Config>, pool: UpstreamPool): void {
  ctx.contribute('chat-provider', pool.provider);
  ctx.contribute('upstream-pool', pool);
}

/** Contributes a plugin's provider pooled over the upstreams of its config. */
export function contributePooledProvider<Config extends PooledProviderConfig>(ctx: PluginContext<Config>, name: string, create: (target: UpstreamTarget) => ChatProvider): void {
  contributePool(ctx, poolUpstreams(ctx.config, name, create));
}
