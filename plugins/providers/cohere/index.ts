import { definePlugin } from '../../../kernel/plugin';
import { createCohereProviders } from './cohere-providers';

export const activate = definePlugin<{ apiKey?: string; baseUrl?: string }>((ctx) => {
  const { embeddings, rerank } = createCohereProviders({ apiKey: ctx.config.apiKey, baseUrl: ctx.config.baseUrl, fetch: globalThis.fetch });
  ctx.contribute('embedding-provider', embeddings);
  ctx.contribute('rerank-provider', rerank);
});
