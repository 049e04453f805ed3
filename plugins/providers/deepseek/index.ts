import { definePlugin } from '../../../kernel/plugin';
import { contributePooledProvider, type PooledProviderConfig } from '../shared/upstream-targets';
import { createDeepSeekProvider } from './deepseek-provider';

export const activate = definePlugin<PooledProviderConfig>((ctx) => {
  contributePooledProvider(ctx, 'deepseek', (target) => createDeepSeekProvider({ apiKey: target.apiKey, baseUrl: target.baseUrl, fetch: globalThis.fetch, logger: ctx.logger }));
});
