import { definePlugin } from '../../../kernel/plugin';
import { contributePooledProvider, type PooledProviderConfig } from '../shared/upstream-targets';
import { createOpenAIMediaProviders } from './openai-media-providers';
import { createOpenAIProvider } from './openai-provider';

export const activate = definePlugin<PooledProviderConfig>((ctx) => {
  contributePooledProvider(ctx, 'openai', (target) => createOpenAIProvider({ apiKey: target.apiKey, baseUrl: target.baseUrl, fetch: globalThis.fetch, logger: ctx.logger }));
  const media = createOpenAIMediaProviders({ apiKey: ctx.config.apiKey, baseUrl: ctx.config.baseUrl, fetch: globalThis.fetch });
  ctx.contribute('embedding-provider', media.embeddings);
  ctx.contribute('image-provider', media.images);
  ctx.contribute('video-provider', media.videos);
});
