import type { ModelInfo } from '../../../kernel/canonical/model';
import { definePlugin } from '../../../kernel/plugin';
import { contributePooledProvider, type PooledProviderConfig } from '../shared/upstream-targets';
import { createAnthropicProvider } from './anthropic-provider';
import catalog from './models.json';

interface AnthropicConfig extends PooledProviderConfig {
  readonly apiKey?: string;
  readonly baseUrl?: string;
  readonly timeoutMs?: number;
}

export const activate = definePlugin<AnthropicConfig>((ctx) => {
  contributePooledProvider(ctx, 'anthropic', (target) => createAnthropicProvider({
    name: 'anthropic',
    apiKey: target.apiKey,
    baseUrl: target.baseUrl,
    timeoutMs: ctx.config.timeoutMs,
    models: catalog as readonly ModelInfo[],
    fetch: globalThis.fetch,
    logger: ctx.logger,
  }));
});
