import { definePlugin } from '../../../kernel/plugin';
import { contributePresetProvider, type PresetPluginConfig } from '../openai-chat/preset-provider';
import { nodeHttpFetch } from '../shared/node-http-fetch';
import { createOpenAIMediaProviders } from './openai-media-providers';
import { createOpenAIProvider } from './openai-provider';

export const activate = definePlugin<PresetPluginConfig>((ctx) => {
  contributePresetProvider(ctx, 'openai', createOpenAIProvider);
  const media = createOpenAIMediaProviders({ apiKey: ctx.config.apiKey, baseUrl: ctx.config.baseUrl, fetch: nodeHttpFetch });
  ctx.contribute('embedding-provider', media.embeddings);
  ctx.contribute('image-provider', media.images);
});
