import type { ModelInfo } from '../../../kernel/canonical/model';
import { definePlugin } from '../../../kernel/plugin';
import { createGeminiProvider } from './gemini-provider';
import catalog from './models.json';

interface GeminiConfig {
  readonly apiKey?: string;
  readonly baseUrl?: string;
  readonly timeoutMs?: number;
}

export const activate = definePlugin<GeminiConfig>((ctx) => {
  ctx.contribute('chat-provider', createGeminiProvider({
    name: 'gemini',
    apiKey: ctx.config.apiKey,
    baseUrl: ctx.config.baseUrl,
    timeoutMs: ctx.config.timeoutMs,
    models: catalog as readonly ModelInfo[],
    fetch: globalThis.fetch,
    logger: ctx.logger,
  }));
});
