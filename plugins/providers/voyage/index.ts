import { definePlugin } from '../../../kernel/plugin';
import { httpFetch } from '../shared/http-fetch';
import { createVoyageProviders } from './voyage-providers';

export const activate = definePlugin<{ apiKey?: string; baseUrl?: string }>((ctx) => {
  const { embeddings, rerank } = createVoyageProviders({ apiKey: ctx.config.apiKey, baseUrl: ctx.config.baseUrl, fetch: httpFetch });
  ctx.contribute('embedding-provider', embeddings);
  ctx.contribute('rerank-provider', rerank);
});
