import { definePlugin } from '../../../kernel/plugin';
import { createOpenAIProvider } from './openai-provider';

export const activate = definePlugin<{ apiKey?: string; baseUrl?: string }>((ctx) => {
  ctx.contribute('chat-provider', createOpenAIProvider({ apiKey: ctx.config.apiKey, baseUrl: ctx.config.baseUrl, fetch: globalThis.fetch, logger: ctx.logger }));
});
