import { definePlugin } from '../../../kernel/plugin';
import { nodeHttpFetch } from '../shared/node-http-fetch';
import { createVoyageProviders } from './voyage-providers';

export const activate = definePlugin<{ apiKey?: string; baseUrl?: string }>((ctx) => {
  const { embeddings, rerank, health } = createVoyageProviders({ apiKey: ctx.config.apiKey, baseUrl: ctx.config.baseUrl, fetch: nodeHttpFetch });
  ctx.contribute('embedding-provider', embeddings);
  ctx.contribute('rerank-provider', rerank);
  ctx.contribute('upstream-pool', health);
});
