import { definePlugin } from '../../../kernel/plugin';
import { createKimiProvider } from './kimi-provider';

export const activate = definePlugin<{ apiKey?: string; baseUrl?: string }>((ctx) => {
  ctx.contribute('chat-provider', createKimiProvider({ apiKey: ctx.config.apiKey, baseUrl: ctx.config.baseUrl, fetch: globalThis.fetch, logger: ctx.logger }));
});
