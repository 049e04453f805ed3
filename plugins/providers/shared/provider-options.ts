import type { ModelInfo } from '../../../kernel/canonical/model';
import type { CallContext, ChatProvider } from '../../../kernel/canonical/provider';
import type { Logger } from '../../../kernel/logger';
import type { PluginContext } from '../../../kernel/plugin';
import { applyingConfiguredModels, type ConfiguredModels, withConfiguredModels } from './configured-models';
import { nodeHttpFetch } from './node-http-fetch';
import { withDeadline } from '../../../kernel/with-deadline';
import type { FetchFunction } from './upstream-fetch';
import { contributePooledProvider, type PooledProviderConfig } from './upstream-targets';

/** What a provider with its own wire protocol (Anthropic, Gemini) is built from: one upstream key and base URL. */
export interface ProviderOptions {
  /** Instance name: the `provider` part of model ids. */
  readonly name: string;
  readonly apiKey?: string | undefined;
  readonly baseUrl?: string | undefined;
  /** Deadline for a whole upstream call, streams included. */
  readonly timeoutMs?: number | undefined;
  readonly models: readonly ModelInfo[];
  readonly fetch: FetchFunction;
  readonly logger: Logger;
}

/** The config of such a provider's plugin. */
export interface TimedProviderConfig extends PooledProviderConfig, ConfiguredModels {
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 600_000;

/** The call's signal, also aborting when the whole call outlives `timeoutMs`. */
export function callDeadline(call: CallContext, timeoutMs: number = DEFAULT_TIMEOUT_MS): AbortSignal {
  return withDeadline(call.signal, timeoutMs);
}

/** Contributes the plugin's provider (its shipped catalog with the config's `models` applied) as a pool over its configured upstreams, each member built by `create`. */
export function contributeProvider(ctx: PluginContext<TimedProviderConfig>, name: string, shipped: readonly ModelInfo[], create: (options: ProviderOptions) => ChatProvider): void {
  const models = applyingConfiguredModels(ctx, () => withConfiguredModels(name, shipped, ctx.config.models));
  contributePooledProvider(ctx, name, (target) => create({
    name,
    apiKey: target.apiKey,
    baseUrl: target.baseUrl,
    timeoutMs: ctx.config.timeoutMs,
    models,
    fetch: nodeHttpFetch,
    logger: ctx.logger,
  }));
}
