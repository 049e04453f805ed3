import { definePlugin } from '../../../kernel/plugin';
import { contributePooledProvider, type PooledProviderConfig } from '../shared/upstream-targets';
import { createKimiProvider } from './kimi-provider';

export const activate = definePlugin<PooledProviderConfig>((ctx) => {
  contributePooledProvider(ctx, 'kimi', (target) => createKimiProvider({ apiKey: target.apiKey, baseUrl: target.baseUrl, fetch: globalThis.fetch, logger: ctx.logger }));
});
