import type { ModelInfo } from '../../../kernel/canonical/model';
import { definePlugin } from '../../../kernel/plugin';
import { createAnthropicProvider } from './anthropic-provider';
import catalog from './models.json';

interface AnthropicConfig {
  readonly apiKey?: string;
  readonly baseUrl?: string;
  readonly timeoutMs?: number;
}

export const activate = definePlugin<AnthropicConfig>((ctx) => {
  ctx.contribute('chat-provider', createAnthropicProvider({
    name: 'anthropic',
    apiKey: ctx.config.apiKey,
    baseUrl: ctx.config.baseUrl,
    timeoutMs: ctx.config.timeoutMs,
    models: catalog as readonly ModelInfo[],
    fetch: globalThis.fetch,
    logger: ctx.logger,
  }));
});
