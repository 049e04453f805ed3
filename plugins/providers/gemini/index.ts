import type { ModelInfo } from '../../../kernel/canonical/model';
import { definePlugin } from '../../../kernel/plugin';
import { nodeHttpFetch } from '../shared/node-http-fetch';
import { contributeProvider, type TimedProviderConfig } from '../shared/provider-options';
import { createGeminiMediaProviders } from './gemini-media-providers';
import { createGeminiProvider } from './gemini-provider';
import catalog from './models.json';

export const activate = definePlugin<TimedProviderConfig>((ctx) => {
  contributeProvider(ctx, 'gemini', catalog as readonly ModelInfo[], createGeminiProvider);
  const media = createGeminiMediaProviders({ apiKey: ctx.config.apiKey, baseUrl: ctx.config.baseUrl, fetch: nodeHttpFetch });
  ctx.contribute('embedding-provider', media.embeddings);
  ctx.contribute('image-provider', media.images);
  ctx.contribute('video-provider', media.videos);
});
