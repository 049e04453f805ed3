import type { ModelInfo } from '../../../kernel/canonical/model';
import { definePlugin } from '../../../kernel/plugin';
import { contributeProvider, type TimedProviderConfig } from '../shared/provider-options';
import { createAnthropicProvider } from './anthropic-provider';
import catalog from './models.json';

export const activate = definePlugin<TimedProviderConfig & { readonly autoPromptCache?: boolean }>((ctx) => {
  contributeProvider(ctx, 'anthropic', catalog as readonly ModelInfo[], (options) => createAnthropicProvider({ ...options, autoPromptCache: ctx.config.autoPromptCache ?? false }));
});
