import { definePlugin } from '../../../kernel/plugin';
import { createDeepSeekProvider } from './deepseek-provider';

export const activate = definePlugin<{ apiKey?: string; baseUrl?: string }>((ctx) => {
  ctx.contribute('chat-provider', createDeepSeekProvider({ apiKey: ctx.config.apiKey, baseUrl: ctx.config.baseUrl, fetch: globalThis.fetch, logger: ctx.logger }));
});
