import type { ModelInfo } from '../../../kernel/canonical/model';
import { definePlugin } from '../../../kernel/plugin';
import { contributePooledProvider, type PooledProviderConfig } from '../shared/upstream-targets';
import { createGeminiMediaProviders } from './gemini-media-providers';
import { createGeminiProvider } from './gemini-provider';
import catalog from './models.json';

interface GeminiConfig extends PooledProviderConfig {
  readonly apiKey?: string;
  readonly baseUrl?: string;
  readonly timeoutMs?: number;
}

export const activate = definePlugin<GeminiConfig>((ctx) => {
  contributePooledProvider(ctx, 'gemini', (target) => createGeminiProvider({
    name: 'gemini',
    apiKey: target.apiKey,
    baseUrl: target.baseUrl,
    timeoutMs: ctx.config.timeoutMs,
    models: catalog as readonly ModelInfo[],
    fetch: globalThis.fetch,
    logger: ctx.logger,
  }));
  const media = createGeminiMediaProviders({ apiKey: ctx.config.apiKey, baseUrl: ctx.config.baseUrl, fetch: globalThis.fetch });
  ctx.contribute('embedding-provider', media.embeddings);
  ctx.contribute('image-provider', media.images);
  ctx.contribute('video-provider', media.videos);
});
